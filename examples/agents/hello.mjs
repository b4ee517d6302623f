#!/usr/bin/env node
// Hello agent in JavaScript, using the aosh SDK (`aosh/sdk`). Socket: argv[2] (SPAWN passes
// it), else $AOSH_SOCKET, else /tmp/agentos.sock.
import { connect } from 'aosh/sdk';

const k = await connect(process.argv[2]);
const echoed = (await k.echo('hello')).toString();
console.log(`${echoed === 'hello' ? 'PASS' : 'FAIL'} echo`);
const name = process.env.AGENT_NAME || `hello-js-${process.pid}`;
const reg = await k.register(name);
console.log(`${reg.success ? 'PASS' : 'FAIL'} register ${name} as conn ${k.agentId}`);
// Calls may be pipelined: the kernel answers in order.
const [stored, fetched] = await Promise.all([k.store('hello:js', { from: name }), k.fetch('hello:js')]);
console.log(`${stored.success && fetched.value?.from === name ? 'PASS' : 'FAIL'} store/fetch`);
const t = await k.think('Say hello in five words.');
console.log(`think: ${t.success ? t.content : t.error}`);
console.log(`${(await k.exit()) === 'goodbye' ? 'PASS' : 'FAIL'} exit`);
k.close();
