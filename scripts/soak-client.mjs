#!/usr/bin/env node
// The agent side of scripts/bench-soak.mjs: runs as a stage inside the aosh session under
// test and sends COUNT requests over $AOSH_SOCKET — a mix of NOOP, REGISTER, SEND/RECV,
// STORE/FETCH/DELETE, EMIT/POLL_EVENTS and LIST, pipelined WINDOW at a time, on a fresh
// connection every RECONNECT requests (so per-connection state is made and forgotten all
// the time), from WORKERS connections at once (STOREs wait for the journal's fdatasync, which
// batches across connections). Writes its progress (requests done) to PROGRESS_FILE every STEP requests and
// prints one JSON line at the end: {requests, errors, ms}.
//   node soak-client.mjs COUNT PROGRESS_FILE [STEP]
import { connect } from 'node:net';
import { renameSync, writeFileSync } from 'node:fs';

const COUNT = Number(process.argv[2] ?? 1_000_000);
const progressFile = process.argv[3];
const STEP = Number(process.argv[4] ?? 10_000);
const WINDOW = 64;
const WORKERS = 8;
const RECONNECT = 5_000;
const MAGIC = 0x41474e54;

function frame(op, payload) {
  const body = Buffer.from(payload);
  const h = Buffer.alloc(17);
  h.writeUInt32LE(MAGIC, 0);
  h.writeUInt8(op, 8);
  h.writeUInt32LE(body.length, 9);
  return Buffer.concat([h, body]);
}

function open(path) {
  return new Promise((resolve, reject) => {
    const s = connect(path);
    s.once('error', reject);
    s.once('connect', () => resolve(s));
  });
}

/** Sends frames and resolves with that many answers' payloads. */
function exchange(sock, frames) {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const out = [];
    const onData = (c) => {
      buf = buf.length ? Buffer.concat([buf, c]) : c;
      while (buf.length >= 17) {
        const n = buf.readUInt32LE(9);
        if (buf.length < 17 + n) break;
        out.push(buf.subarray(17, 17 + n));
        buf = buf.subarray(17 + n);
      }
      if (out.length === frames.length) {
        sock.off('data', onData);
        sock.off('close', onClose);
        resolve(out);
      }
    };
    const onClose = () => reject(new Error(`connection closed after ${out.length}/${frames.length} answers`));
    sock.on('data', onData);
    sock.once('close', onClose);
    sock.write(Buffer.concat(frames));
  });
}

function requestsFor(i, name) {
  switch (i % 10) {
    case 0:
      return [0x23, JSON.stringify({ name })];
    case 1:
      return [0x20, JSON.stringify({ to_name: name, message: { i, text: 'hello'.repeat(i % 7) } })];
    case 2:
      return [0x21, '{"max":10}'];
    case 3:
      return [0x30, JSON.stringify({ key: `k${i % 100}`, value: { i }, scope: i % 3 === 0 ? 'agent' : 'session' })];
    case 4:
      return [0x31, JSON.stringify({ key: `k${(i - 1) % 100}` })];
    case 5:
      return [0x63, JSON.stringify({ event: 'CUSTOM', data: { i } })];
    case 6:
      return [0x62, '{"max":100}'];
    case 7:
      return [0x12, ''];
    case 8:
      return [0x32, JSON.stringify({ key: `k${(i + 50) % 100}` })];
    default:
      return [0x00, 'x'.repeat(i % 64)];
  }
}

const path = process.env.AOSH_SOCKET;
const t0 = Date.now();
let issued = 0;
let done = 0;
let errors = 0;
let conn = 0;

async function worker() {
  while (issued < COUNT) {
    const sock = await open(path);
    const name = `soak-${conn++}`;
    // Subscribing makes this connection an event queue holder too.
    await exchange(sock, [frame(0x60, '{"events":["CUSTOM"]}')]);
    for (let k = 0; k < RECONNECT && issued < COUNT; ) {
      const frames = [];
      for (let j = 0; j < WINDOW && k < RECONNECT && issued < COUNT; j++, k++) {
        const [op, p] = requestsFor(issued++, name);
        frames.push(frame(op, p));
      }
      const answers = await exchange(sock, frames);
      for (const a of answers) if (a.length > 1 && a[0] === 0x7b && a.includes('"success":false')) errors++;
      const before = done;
      done += frames.length;
      if (progressFile && (Math.floor(done / STEP) > Math.floor(before / STEP) || done === COUNT)) {
        writeFileSync(`${progressFile}.tmp`, String(done));
        renameSync(`${progressFile}.tmp`, progressFile);
      }
    }
    sock.destroy();
  }
}

await Promise.all(Array.from({ length: WORKERS }, worker));
console.log(JSON.stringify({ requests: done, errors, ms: Date.now() - t0 }));
