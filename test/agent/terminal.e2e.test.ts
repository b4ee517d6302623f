// What a person sees when running think and agent from bash in a real terminal (tmux, own
// server socket): the spinner while the model thinks, retry notices, a write approval as a
// coloured diff answered with a reason, a key typed without echo. The model is the local
// fake OpenAI-compatible server; a held reply keeps the spinner up until the test saw it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gate } from '../fixtures/fake-llm-common.js';
import { scripted, startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { pollUntil } from '../helpers/run-aosh.js';
import { call, sandbox, type Sandbox } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const built = existsSync(join(ROOT, 'dist/cli.js'));
const inCi = process.env.CI === 'true' || process.env.CI === '1';
if (!hasTmux || !built) {
  const why = !hasTmux ? 'tmux not found' : 'dist/ not built (npm run build:ts)';
  if (inCi) throw new Error(`agent terminal e2e: ${why}, and CI must not skip`);
  console.log(`skipping agent terminal e2e tests: ${why}`);
}

const SOCKET = `aosh-agent-e2e-${process.pid}`;
let session = '';
let n = 0;
let server: FakeServer;
let sb: Sandbox;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}
/** The screen as text; with colour, the escape sequences too. */
const screen = (color = false): string => tmux('capture-pane', '-p', ...(color ? ['-e'] : []), '-t', session);
const type = (text: string): void => void tmux('send-keys', '-t', session, '-l', text);
const enter = (): void => void tmux('send-keys', '-t', session, 'Enter');

async function waitFor(pred: (s: string) => boolean, what: string, color = false): Promise<string> {
  let s = '';
  try {
    return await pollUntil(() => {
      s = screen(color);
      return pred(s) ? s : '';
    }, what, 20_000, 50);
  } catch {
    throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
  }
}
const waitText = (text: string): Promise<string> => waitFor((s) => s.includes(text), JSON.stringify(text));

/** Runs a command line in a fresh terminal (100x30) in the work dir, against the fake server. */
function start(command: string, url = server.url): void {
  session = `t${n++}`;
  const env = `env -u CI AOSH_HOME=${sb.home} HOME=${sb.work} TERM=xterm-256color OPENAI_API_KEY=sk-test OPENAI_BASE_URL=${url}/v1 AOSH_LLM_RETRY_BASE_MS=300 AOSH_LLM_RETRY_MAX_MS=300 PATH=${process.env.PATH}`;
  tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', `cd ${sb.work} && ${env} ${command}; echo "[exit $?]"; sleep 60`);
}

describe.skipIf(!hasTmux || !built)('think and agent in a terminal (tmux)', () => {
  beforeAll(() => void tmux('new-session', '-d', '-s', 'keep', 'sleep 600'));
  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // gone
    }
  });
  beforeEach(async () => {
    server = await startFakeOpenAI();
    sb = sandbox();
  });
  afterEach(async () => {
    try {
      tmux('kill-session', '-t', session);
    } catch {
      // already gone
    }
    await server.close();
    sb.cleanup();
  });

  it('aosh think: a spinner while the model has not answered, gone when the answer comes; none into a file', async () => {
    const hold = gate();
    server.respond(() => ({ text: 'forty-two', until: hold.promise }));
    start(`${ROOT}/bin/aosh think "the answer?"`);
    await waitFor((s) => /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] thinking…/.test(s), 'the spinner');
    hold.open();
    const s = await waitText('[exit 0]');
    expect(s).toContain('forty-two');
    expect(s).not.toContain('thinking');

    // stderr into a file: no spinner there.
    const hold2 = gate();
    server.respond(() => ({ text: 'again', until: hold2.promise }));
    tmux('kill-session', '-t', session);
    start(`${ROOT}/bin/aosh think "x" 2>err.txt`);
    await pollUntil(() => server.requests.length === 2, 'the second call', 15_000);
    hold2.open();
    await waitText('[exit 0]');
    expect(readFileSync(join(sb.work, 'err.txt'), 'utf8')).toBe('');
  });

  it('in the REPL: think shows its spinner until the answer, and the prompt comes back', async () => {
    const hold = gate();
    server.respond(() => ({ text: 'from the repl', until: hold.promise }));
    start(`${ROOT}/bin/aosh`);
    await waitFor((x) => /\$\s*$/m.test(x), 'the prompt');
    type('think hello');
    enter();
    const s = await waitFor((x) => /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] thinking…/.test(x), 'the spinner');
    expect(s).not.toContain('from the repl');
    hold.open();
    await waitText('from the repl');
    type('echo after');
    enter();
    const end = await waitText('after\n');
    expect(end).not.toContain('thinking…');
  });

  it('aosh think with the server down says it retries, instead of sitting silent', async () => {
    const url = server.url;
    await server.close();
    start(`${ROOT}/bin/aosh think hi`, url);
    const s = await waitText('[exit 1]');
    expect(s).toContain(`think: connection refused by ${url}/v1; retrying (2/3)…`);
    expect(s).toContain(`think: connection refused by ${url}/v1; retrying (3/3)…`);
    expect(s).toContain('cannot connect (ECONNREFUSED)');
    expect(s).not.toContain('thinking…');
    server = await startFakeOpenAI(); // for afterEach
  });

  it('aosh agent: a write approval shows the diff in colour; "no, and say why" sends the reason to the model', async () => {
    writeFileSync(join(sb.work, 'c.txt'), 'keep\nold line\n');
    server.respond(scripted([call('write_file', { path: 'c.txt', content: 'keep\nnew line\n' }), call('done', { answer: 'left it alone' })]));
    start(`${ROOT}/bin/aosh agent --mode ask "edit c.txt"`);
    const s = await waitText('say why:');
    expect(s).toContain('write_file: c.txt (+1 -1)');
    expect(s).toContain('-old line');
    expect(s).toContain('+new line');
    // Colour on a terminal: the added line is green, the removed one red.
    const colored = screen(true);
    expect(colored).toMatch(/\x1b\[32m\+new line/);
    expect(colored).toMatch(/\x1b\[31m-old line/);
    console.log('APPROVAL SCREEN\n' + s);
    type('r');
    enter();
    await waitText('reason (goes to the agent):');
    type('the old line is right');
    enter();
    const end = await waitText('[exit 0]');
    expect(end).toContain('left it alone');
    expect(readFileSync(join(sb.work, 'c.txt'), 'utf8')).toBe('keep\nold line\n');
    const tool = server.requests[1]!.body.messages.find((m: any) => m.role === 'tool');
    expect(tool.content).toBe('denied: the user denied it: the old line is right');
  });

  it('aosh agent: a spinner while the model thinks, exec output under its command, the spinner gone at the end', async () => {
    const hold = gate();
    server.respond(scripted((turn) => (turn === 0 ? call('exec', { command: 'echo from-the-command' }) : { ...call('done', { answer: 'all good' }), until: hold.promise })));
    start(`${ROOT}/bin/aosh agent --yolo "run it"`);
    const s = await waitFor((x) => /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] \S+ is thinking \(turn 2\)…/.test(x), 'the spinner of turn 2');
    expect(s).toContain('  │ from-the-command');
    hold.open();
    const end = await waitText('[exit 0]');
    console.log('AGENT SCREEN\n' + s + '\nEND\n' + end);
    expect(end).toContain('all good');
    expect(end).not.toContain('is thinking');
  });

  it('in the REPL: the approval dialog shows the diff; r and a reason deny with it; "always" covers the pattern', async () => {
    writeFileSync(join(sb.work, 'c.txt'), 'keep\nold line\n');
    server.respond(
      scripted([
        call('write_file', { path: 'c.txt', content: 'keep\nnew line\n' }),
        call('exec', { command: 'echo one' }),
        call('exec', { command: 'echo two' }),
        call('done', { answer: 'done here' }),
      ]),
    );
    start(`${ROOT}/bin/aosh`);
    await waitFor((x) => /\$\s*$/m.test(x), 'the prompt');
    type('agent --mode ask "edit c.txt"');
    enter();
    const dialog = await waitText('asks to write:');
    expect(dialog).toContain('write_file: c.txt (+1 -1)');
    expect(dialog).toContain('-old line');
    expect(dialog).toContain('+new line');
    expect(dialog).toContain('Deny, and tell the agent why (r)');
    type('r');
    await waitText('Reason for the agent:');
    type('keep the old line');
    enter();
    // The exec that follows: allow for the session; the next echo is not asked.
    const run = await waitText('asks to run:');
    expect(run).toContain('Allow for this session: echo * (a)');
    type('a');
    const end = await waitText('done here');
    expect(end).not.toMatch(/asks to run:[\s\S]*asks to run:/);
    expect(readFileSync(join(sb.work, 'c.txt'), 'utf8')).toBe('keep\nold line\n');
    const tools = server.requests.at(-1)!.body.messages.filter((m: any) => m.role === 'tool').map((m: any) => m.content);
    expect(tools[0]).toBe('denied: the user denied it: keep the old line');
    expect(tools[1]).toContain('one');
    expect(tools[2]).toContain('two');
  });

  it('think keys set reads the key without echoing it', async () => {
    start(`${ROOT}/bin/aosh think keys set openai`);
    await waitText('Enter OPENAI_API_KEY (not shown):');
    type('sk-typed-secret-987');
    enter();
    const s = await waitText('[exit 0]');
    expect(s).not.toContain('sk-typed-secret-987');
    expect(s).toContain(`OPENAI_API_KEY saved in ${join(sb.home, '.env')}`);
    expect(readFileSync(join(sb.home, '.env'), 'utf8')).toBe('OPENAI_API_KEY=sk-typed-secret-987\n');
  });
});
