// Watching an agent from bash: exec output as it runs, diffs of writes, head and tail in the
// trace, AGENTS.md in the instructions, --resume raising the cap. The real binary against a
// local server speaking the OpenAI API.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gate } from '../fixtures/fake-llm-common.js';
import { scripted, startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { pollUntil, runAosh, startAosh } from '../helpers/run-aosh.js';
import { agent, call, openaiEnv, runIds, sandbox, steps, type Sandbox } from './helpers.js';

let server: FakeServer;
let sb: Sandbox;

beforeEach(async () => {
  server = await startFakeOpenAI();
  sb = sandbox();
});
afterEach(async () => {
  await server.close();
  sb.cleanup();
});

describe('exec output', () => {
  it('streams to stderr while the command runs', async () => {
    // The command waits for a file the test creates only after it saw the first line on stderr.
    server.respond(scripted([call('exec', { command: 'echo started; while [ ! -e go ]; do sleep 0.05; done; echo finished' }), call('done', { answer: 'ok' })]));
    const child = startAosh(['agent', '--yolo', 'wait for go'], { cwd: sb.work, env: openaiEnv(sb, server.url) });
    child.stdin!.end();
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    await pollUntil(() => stderr.includes('  │ started\n'), 'the first line of the running exec', 15_000);
    expect(stderr).not.toContain('│ finished');
    writeFileSync(join(sb.work, 'go'), '');
    expect(await closed).toBe(0);
    expect(stderr).toContain('  │ finished\n');
    // The command is said before its output, its status after.
    const at = (t: string): number => stderr.indexOf(t);
    expect(at('[turn 1] exec: echo started;')).toBeGreaterThanOrEqual(0);
    expect(at('[turn 1] exec: echo started;')).toBeLessThan(at('  │ started'));
    expect(at('  │ finished')).toBeLessThan(at('[turn 1] exec -> exit 0'));
  });

  it('output that ends without a newline is ended before the next line, and stays in order', async () => {
    server.respond(scripted([call('exec', { command: 'for i in $(seq 1 200); do echo "n$i"; done; printf partial' }), call('done', { answer: 'ok' })]));
    const r = await agent(sb, openaiEnv(sb, server.url), ['--yolo', 'print']);
    expect(r.status, r.stderr).toBe(0);
    const shown = r.stderr.split('\n').filter((l) => l.startsWith('  │ '));
    expect(shown).toEqual([...Array.from({ length: 200 }, (_, i) => `  │ n${i + 1}`), '  │ partial']);
    expect(r.stderr).toContain('  │ partial\nagent: [turn 1] exec -> exit 0');
  });

  it('a character cut between two chunks of output is shown whole', async () => {
    // 3-byte characters written in blocks of 4 KiB or so: chunk boundaries fall inside characters.
    server.respond(scripted([call('exec', { command: "awk 'BEGIN { for (i = 0; i < 40000; i++) printf \"€\" }'" }), call('done', { answer: 'ok' })]));
    const r = await agent(sb, openaiEnv(sb, server.url), ['--yolo', 'euros']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('\uFFFD');
    const shown = r.stderr.split('\n').filter((l) => l.startsWith('  │ ')).join('');
    expect(shown.match(/€/g)).toHaveLength(40000);
  });

  it('-q hides it; agent trace keeps its head and tail, --json streams it as tool.output', async () => {
    const cmd = 'for i in $(seq 1 60); do echo "line $i"; done; echo oops >&2';
    server.respond(scripted([call('exec', { command: cmd }), call('done', { answer: 'counted' })]));
    const env = openaiEnv(sb, server.url);
    const r = await agent(sb, env, ['--yolo', '-q', 'count']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('│');
    const trace = await runAosh(['agent', 'trace', 'last'], { cwd: sb.work, env });
    expect(trace.status, trace.stderr).toBe(0);
    const t = trace.stdout;
    expect(t).toContain('          │ line 1\n');
    expect(t).toContain('          │ line 20\n');
    expect(t).not.toContain('│ line 21\n');
    expect(t).not.toContain('│ line 40\n');
    expect(t).toContain('          [...]\n');
    expect(t).toContain('          │ line 41\n');
    expect(t).toContain('          │ line 60\n');
    expect(t).toMatch(/stderr 5 B sha256 [0-9a-f]{64}\n {10}│ oops\n/);
    const [id] = runIds(sb.home);
    const res = steps(sb.home, id!).find((s) => s.kind === 'result' && s.name === 'exec');
    expect(res.exec.stdoutHead.split('\n')).toHaveLength(20);
    expect(res.exec.stdoutTail.split('\n')).toHaveLength(20);

    server.respond(scripted([call('exec', { command: 'echo hi; echo there >&2' }), call('done', { answer: 'x' })]));
    const j = await agent(sb, env, ['--yolo', '--json', 'say hi']);
    const outputs = j.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.type === 'tool.output');
    expect(outputs.filter((e) => e.stream === 'stdout').map((e) => e.text).join('')).toBe('hi\n');
    expect(outputs.filter((e) => e.stream === 'stderr').map((e) => e.text).join('')).toBe('there\n');
  });
});

describe('writes', () => {
  it('a write made without asking shows its diff under the progress line, and agent trace shows it', async () => {
    writeFileSync(join(sb.work, 'a.txt'), 'one\ntwo\nthree\n');
    server.respond(scripted([call('write_file', { path: 'a.txt', content: 'one\nTWO\nthree\n' }), call('write_file', { path: 'new.txt', content: 'fresh\n' }), call('done', { answer: 'edited' })]));
    const env = openaiEnv(sb, server.url);
    const r = await agent(sb, env, ['edit']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('[turn 1] write_file: a.txt (+1 -1, 14 bytes)\n    --- a/a.txt\n    +++ b/a.txt\n    @@ -1,3 +1,3 @@\n     one\n    -two\n    +TWO\n     three\n');
    expect(r.stderr).toContain('[turn 2] write_file: new.txt (new file, +1 -0, 6 bytes)\n    --- /dev/null\n    +++ b/new.txt\n    @@ -0,0 +1 @@\n    +fresh\n');
    // Not a terminal: no colour.
    expect(r.stderr).not.toContain('\x1b[');
    const trace = await runAosh(['agent', 'trace', 'last'], { cwd: sb.work, env });
    expect(trace.stdout).toContain('        -two\n        +TWO\n');
  });
});

describe('AGENTS.md', () => {
  it('is added to the instructions the model gets, and trace says which file', async () => {
    const rules = '# Rules\nAlways run `make check` before done.\n';
    writeFileSync(join(sb.work, 'AGENTS.md'), rules);
    server.respond(scripted([{ text: 'noted' }]));
    const env = openaiEnv(sb, server.url);
    const r = await agent(sb, env, ['hello']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`instructions from ${join(sb.work, 'AGENTS.md')} (${rules.length} bytes)`);
    const system = server.requests[0]!.body.messages[0];
    expect(system.role).toBe('system');
    expect(system.content).toContain('Project instructions from AGENTS.md');
    expect(system.content).toContain('Always run `make check` before done.');
    const trace = await runAosh(['agent', 'trace', 'last'], { cwd: sb.work, env });
    expect(trace.stdout).toMatch(new RegExp(`instructions: ${join(sb.work, 'AGENTS.md').replace(/[.]/g, '\\.')} ${rules.length} B sha256 [0-9a-f]{64}`));
  });

  it('without one, the instructions are the plain ones', async () => {
    server.respond(scripted([{ text: 'noted' }]));
    const r = await agent(sb, openaiEnv(sb, server.url), ['hello']);
    expect(r.status).toBe(0);
    expect(server.requests[0]!.body.messages[0].content).not.toContain('AGENTS.md');
    expect(existsSync(join(sb.work, 'AGENTS.md'))).toBe(false);
  });
});

describe('--max-turns and --resume', () => {
  it('a resumed run gets the cap again, or the new --max-turns N more', async () => {
    // Five turns of reading before the model is done.
    server.respond(scripted((turn) => (turn < 5 ? call('read_file', { path: `f${turn}.txt` }) : call('done', { answer: 'finally' }))));
    const env = openaiEnv(sb, server.url);
    const first = await agent(sb, env, ['--max-turns', '2', 'walk']);
    expect(first.status).toBe(5);
    expect(first.stderr).toContain('agent --resume');
    // Plain --resume: two more turns (the run's own cap), not none.
    const again = await agent(sb, env, ['--resume', 'last']);
    expect(again.status, again.stderr).toBe(5);
    expect(again.stderr).toContain('reached --max-turns 2 (4 turns in all)');
    expect(server.requests).toHaveLength(4);
    // --max-turns 1 would not reach turn 6: it is one more turn, not a total of 1.
    const more = await agent(sb, env, ['--resume', 'last', '--max-turns', '3']);
    expect(more.status, more.stderr).toBe(0);
    expect(more.stdout).toBe('finally\n');
    expect(server.requests).toHaveLength(6);
  });
});

describe('a model call that is retried', () => {
  it('says so on stderr, even with -q, and --json has it as model.retry', async () => {
    server.queue({ status: 503, errorMessage: 'overloaded' });
    server.respond(scripted([{ text: 'made it' }]));
    const env = openaiEnv(sb, server.url);
    const r = await agent(sb, env, ['-q', 'hello']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('made it\n');
    expect(r.stderr).toBe(`agent: ${server.url}/v1 answered 503; retrying (2/5)…\n`);
    server.queue({ status: 429, errorMessage: 'slow down', headers: { 'retry-after-ms': '10' } });
    const j = await agent(sb, env, ['--json', 'hello']);
    const retry = j.stdout.trim().split('\n').map((l) => JSON.parse(l)).find((e) => e.type === 'model.retry');
    expect(retry).toMatchObject({ turn: 1, attempt: 1, attempts: 5, delayMs: 10, reason: `${server.url}/v1 is rate limiting (429)` });
  });
});

describe('--yolo', () => {
  it('contradicting --mode is a usage error', async () => {
    const env = openaiEnv(sb, server.url);
    const r = await agent(sb, env, ['--yolo', '--mode', 'ask', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('agent: --yolo is --mode auto; it contradicts --mode ask\n');
    expect((await agent(sb, env, ['--mode', 'auto', '--yolo', '-q', 'x'], { stdin: '' })).status).not.toBe(2);
  });
});

describe('the spinner', () => {
  it('never draws off a terminal', async () => {
    const hold = gate();
    server.respond(scripted([{ text: 'late answer', until: hold.promise }]));
    const child = startAosh(['agent', 'slow'], { cwd: sb.work, env: openaiEnv(sb, server.url) });
    child.stdin!.end();
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const closed = new Promise<void>((r) => child.on('close', () => r()));
    await pollUntil(() => server.requests.length === 1, 'the model call', 15_000);
    hold.open();
    await closed;
    expect(stderr).not.toMatch(/[\r⠋⠙⠹⠸]/);
    expect(stderr).not.toContain('thinking');
  });
});
