// The agent loop end to end: the real binary (bin/aosh agent ...) against local servers
// speaking the OpenAI and Gemini APIs that return scripted tool calls.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scripted as geminiScript, startFakeGemini } from '../fixtures/fake-gemini-server.js';
import { scripted, startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { runAosh } from '../helpers/run-aosh.js';
import { agent, call, geminiEnv, journal, meta, openaiEnv, runIds, sandbox, steps, type Sandbox } from './helpers.js';

const sha = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

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

describe('agent against an OpenAI-compatible server', () => {
  it('writes a file, runs a command as a kernel process, calls done, and records the evidence', async () => {
    server.respond(
      scripted([
        call('write_file', { path: 'hello.txt', content: 'hello agent\n' }),
        call('exec', { command: 'cat hello.txt; echo oops >&2; echo ran >> counter.txt' }),
        call('done', { answer: 'wrote hello.txt and ran it' }),
      ]),
    );
    const env = openaiEnv(sb, server.url);
    const r = await agent(sb, env, ['--mode', 'auto', 'write hello.txt and show it']);
    expect(r.stderr).toContain('exec: cat hello.txt');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('wrote hello.txt and ran it\n');
    expect(readFileSync(join(sb.work, 'hello.txt'), 'utf8')).toBe('hello agent\n');
    expect(readFileSync(join(sb.work, 'counter.txt'), 'utf8')).toBe('ran\n');

    // Native tool calling: the tools and the results went over the wire in OpenAI's shape.
    const first = server.requests[0]!.body;
    expect(first.tools.map((t: any) => t.function.name)).toEqual(['exec', 'read_file', 'write_file', 'list_dir', 'think', 'done']);
    expect(first.tools.find((t: any) => t.function.name === 'write_file').function.parameters.required).toEqual(['path', 'content']);
    const third = server.requests[2]!.body;
    const toolMsgs = third.messages.filter((m: any) => m.role === 'tool');
    expect(toolMsgs).toHaveLength(2);
    expect(toolMsgs[1].content).toContain('exit code 0');
    expect(toolMsgs[1].content).toContain('hello agent');
    expect(toolMsgs[1].content).toContain('oops');

    // Checkpoints with evidence.
    const [id] = runIds(sb.home);
    expect(id).toBeDefined();
    const s = steps(sb.home, id!);
    expect(s.map((x) => x.kind)).toEqual(['start', 'model', 'call', 'result', 'model', 'call', 'result', 'model', 'call', 'result', 'end']);
    const w = s.find((x) => x.kind === 'result' && x.name === 'write_file');
    expect(w.write.sha256).toBe(sha('hello agent\n'));
    const e = s.find((x) => x.kind === 'result' && x.name === 'exec');
    expect(e.exec.exitCode).toBe(0);
    expect(e.exec.stdoutSha256).toBe(sha('hello agent\n'));
    expect(e.exec.stderrSha256).toBe(sha('oops\n'));
    expect(e.exec.stdoutBytes).toBe(12);
    expect(e.exec.stderrBytes).toBe(5);
    expect(typeof e.exec.durationMs).toBe('number');
    const m = meta(sb.home, id!);
    expect(m).toMatchObject({ status: 'done', exitCode: 0, turns: 3, mode: 'auto' });
    expect(m.usage.input).toBeGreaterThan(0);

    // The audit journal has the same evidence, hash-chained.
    const j = journal(sb.home);
    const je = j.find((x) => x.type === 'agent.exec');
    expect(je).toMatchObject({ run: id, exit_code: 0, stdout_sha256: sha('hello agent\n'), stderr_bytes: 5 });
    expect(j.find((x) => x.type === 'agent.write')).toMatchObject({ run: id, sha256: sha('hello agent\n'), created: true });
    expect(j.map((x) => x.type)).toEqual(expect.arrayContaining(['agent.start', 'agent.turn', 'agent.end']));
    const verify = await runAosh(['audit', 'verify'], { cwd: sb.work, env });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);

    // runs and trace read it back.
    const runs = await runAosh(['agent', 'runs', '--json'], { cwd: sb.work, env });
    expect(runs.status).toBe(0);
    const listed = runs.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id, task: 'write hello.txt and show it', status: 'done', turns: 3 });
    expect(listed[0].tokens).toBeGreaterThan(0);
    const table = await runAosh(['agent', 'runs'], { cwd: sb.work, env });
    expect(table.stdout).toMatch(/^ID\s+STATUS\s+TURNS\s+TOKENS\s+COST\s+TASK/);
    expect(table.stdout).toContain(id);
    const trace = await runAosh(['agent', 'trace', id!.slice(-4)], { cwd: sb.work, env });
    expect(trace.status, trace.stderr).toBe(0);
    expect(trace.stdout).toContain('command: cat hello.txt; echo oops >&2; echo ran >> counter.txt');
    expect(trace.stdout).toContain(`stdout 12 B sha256 ${sha('hello agent\n')}`);
    expect(trace.stdout).toContain(`sha256 ${sha('hello agent\n')} (new file)`);
  });

  it('streams events with --json', async () => {
    server.respond(scripted([call('list_dir', { path: '.' }), { text: 'nothing here' }]));
    const r = await agent(sb, openaiEnv(sb, server.url), ['--json', 'look around']);
    expect(r.status, r.stderr).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => e.type)).toEqual(['run.started', 'turn.started', 'tool.called', 'tool.result', 'turn.completed', 'turn.started', 'turn.completed', 'run.completed']);
    expect(events[4].usage).toEqual({ input: 10, output: 1 });
    expect(events[2]).toMatchObject({ name: 'list_dir', arguments: { path: '.' }, decision: 'allowed' });
    expect(events.at(-1)).toMatchObject({ status: 'done', exitCode: 0, answer: 'nothing here', turns: 2 });
  });

  it('returns tool errors to the model instead of failing', async () => {
    server.respond(
      scripted([
        call('read_file', { path: 'missing.txt' }),
        call('write_file', { path: '../outside.txt', content: 'x' }),
        call('exec', {}),
        call('done', { answer: 'ok' }),
      ]),
    );
    const r = await agent(sb, openaiEnv(sb, server.url), ['--mode', 'auto', 'try things']);
    expect(r.status, r.stderr).toBe(0);
    const last = server.requests[3]!.body.messages.filter((m: any) => m.role === 'tool').map((m: any) => m.content);
    expect(last[0]).toMatch(/^error: read_file missing.txt: No such file or directory/);
    expect(last[1]).toMatch(/^denied: permission denied \(--allow-write=/);
    expect(last[2]).toMatch(/^error: exec: argument "command" must be a string/);
    expect(existsSync(join(sb.work, '..', 'outside.txt'))).toBe(false);
  });

  it('adds piped standard input to the task context in a pipeline', async () => {
    server.respond(scripted([{ text: 'LGTM: one line changed' }]));
    const env = openaiEnv(sb, server.url);
    const r = await runAosh(['-c', 'printf "diff --git a/x b/x\\n+new line\\n" | agent -q "review this" > review.md'], { cwd: sb.work, env, timeoutMs: 20_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(sb.work, 'review.md'), 'utf8')).toBe('LGTM: one line changed\n');
    const user = server.requests[0]!.body.messages.find((m: any) => m.role === 'user').content;
    expect(user).toContain('+new line');
    expect(user).toContain('Task: review this');
    // and from bash: aosh agent reads its own stdin the same way
    server.respond(scripted([{ text: 'seen' }]));
    const r2 = await agent(sb, env, ['-q', 'what is this'], { stdin: 'some context\n' });
    expect(r2.stdout).toBe('seen\n');
    expect(server.requests.at(-1)!.body.messages.find((m: any) => m.role === 'user').content).toContain('some context');
  });

  it('ask mode without a terminal denies and says so; the model\'s answer stands (exit 0, the denial noted)', async () => {
    server.respond(scripted([call('exec', { command: 'echo ran >> counter.txt' }), call('done', { answer: 'could not run it' })]));
    const r = await agent(sb, openaiEnv(sb, server.url), ['--mode', 'ask', 'count']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('no terminal to ask: denied');
    expect(r.stderr).toContain('note: 1 action was denied during this run');
    expect(r.stdout).toBe('could not run it\n');
    expect(existsSync(join(sb.work, 'counter.txt'))).toBe(false);
    const tool = server.requests[1]!.body.messages.find((m: any) => m.role === 'tool');
    expect(tool.content).toMatch(/^denied: exec needs approval in --mode ask/);
    const [id] = runIds(sb.home);
    expect(steps(sb.home, id!).find((s) => s.kind === 'call').decision).toBe('denied');
    expect(journal(sb.home).find((x) => x.type === 'agent.denied')).toMatchObject({ run: id, tool: 'exec' });
  });

  it('auto-edit writes inside the working directory but asks for exec; config rules allow and deny', async () => {
    writeFileSync(join(sb.home, 'config.json'), JSON.stringify({ agent: { allow: { commands: ['echo allowed*'] }, deny: { paths: ['secret/**'] } } }));
    server.respond(
      scripted([
        call('write_file', { path: 'a.txt', content: 'A' }),
        call('exec', { command: 'echo allowed >> log.txt' }),
        call('write_file', { path: 'secret/k.txt', content: 'K' }),
        call('exec', { command: 'echo other >> log.txt' }),
        call('done', { answer: 'finished' }),
      ]),
    );
    const r = await agent(sb, openaiEnv(sb, server.url), ['edit']);
    expect(readFileSync(join(sb.work, 'a.txt'), 'utf8')).toBe('A');
    expect(readFileSync(join(sb.work, 'log.txt'), 'utf8')).toBe('allowed\n');
    expect(existsSync(join(sb.work, 'secret', 'k.txt'))).toBe(false);
    const tools = server.requests[4]!.body.messages.filter((m: any) => m.role === 'tool').map((m: any) => m.content);
    expect(tools[2]).toContain('denied by the rule "secret/**"');
    expect(tools[3]).toContain('exec needs approval in --mode auto-edit');
    // The model finished after two denials: its answer is the result.
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('finished\n');
    const [id] = runIds(sb.home);
    expect(meta(sb.home, id!)).toMatchObject({ status: 'done', exitCode: 0, denials: 2 });
  });

  it('the denial guard: 3 denied calls in a row end the run with exit 7', async () => {
    server.respond(scripted((turn) => call('exec', { command: `echo ${turn} >> counter.txt` })));
    const r = await agent(sb, openaiEnv(sb, server.url), ['--mode', 'ask', '--json', 'count']);
    expect(r.status, r.stderr).toBe(7);
    expect(server.requests).toHaveLength(3);
    expect(r.stderr).toContain('3 actions in a row were denied');
    const done = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(done).toMatchObject({ type: 'run.completed', status: 'denied', exitCode: 7, denials: 3 });
    expect(existsSync(join(sb.work, 'counter.txt'))).toBe(false);
  });
});

describe('caps end the run with their own exit codes, trace kept', () => {
  it('--max-turns: exit 5', async () => {
    server.respond(scripted((turn) => call('read_file', { path: `f${turn}.txt` })));
    const r = await agent(sb, openaiEnv(sb, server.url), ['--max-turns', '2', 'loop forever']);
    expect(r.status).toBe(5);
    expect(server.requests).toHaveLength(2);
    expect(r.stderr).toContain('--max-turns 2');
    const [id] = runIds(sb.home);
    expect(meta(sb.home, id!)).toMatchObject({ status: 'max-turns', exitCode: 5, turns: 2 });
    expect(steps(sb.home, id!).at(-1)).toMatchObject({ kind: 'end', status: 'max-turns', exitCode: 5 });
  });

  it('--budget-tokens: exit 3, refused before sending', async () => {
    server.respond(scripted((turn) => ({ ...call('list_dir', { path: turn % 2 ? '.' : './' }), usage: { input: 11000, output: 50 } })));
    const r = await agent(sb, openaiEnv(sb, server.url), ['--budget-tokens', '12000', 'spend']);
    expect(r.status, r.stderr).toBe(3);
    expect(server.requests).toHaveLength(1);
    expect(r.stderr).toMatch(/budget exhausted/);
    const [id] = runIds(sb.home);
    expect(meta(sb.home, id!)).toMatchObject({ status: 'budget', exitCode: 3, turns: 1 });
  });

  it('--budget-usd: exit 3', async () => {
    writeFileSync(join(sb.home, 'config.json'), JSON.stringify({ llm: { prices: { 'fake-priced': { input: 100, output: 100 } } } }));
    server.respond(scripted((turn) => ({ ...call('list_dir', { path: turn % 2 ? '.' : './' }), usage: { input: 3000, output: 10 } })));
    const r = await agent(sb, openaiEnv(sb, server.url), ['-m', 'fake-priced', '--budget-usd', '0.8', 'spend']);
    expect(r.status, r.stderr).toBe(3);
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
    const [id] = runIds(sb.home);
    const m = meta(sb.home, id!);
    expect(m.status).toBe('budget');
    expect(m.costUsd).toBeLessThanOrEqual(0.8);
  });

  it('the stall guard stops repeated identical calls: exit 6', async () => {
    server.respond(scripted(() => call('exec', { command: 'echo x >> counter.txt' })));
    const r = await agent(sb, openaiEnv(sb, server.url), ['--mode', 'auto', 'repeat']);
    expect(r.status).toBe(6);
    expect(r.stderr).toContain('stall guard');
    expect(readFileSync(join(sb.work, 'counter.txt'), 'utf8')).toBe('x\nx\n');
    const second = server.requests[2]!.body.messages.filter((m: any) => m.role === 'tool')[1].content;
    expect(second).toContain('identical to the previous one');
  });

  it('no provider: exit 4, no run created', async () => {
    const env = openaiEnv(sb, server.url);
    delete env.OPENAI_API_KEY;
    delete env.OPENAI_BASE_URL;
    const r = await agent(sb, env, ['anything']);
    expect(r.status).toBe(4);
    expect(runIds(sb.home)).toEqual([]);
  });

  it('usage errors: exit 2', async () => {
    const env = openaiEnv(sb, server.url);
    expect((await agent(sb, env, ['--mode', 'yolo', 'x'])).status).toBe(2);
    expect((await agent(sb, env, ['--max-turns', '0', 'x'])).status).toBe(2);
    expect((await agent(sb, env, [])).status).toBe(2);
  });
});

describe('agent with Gemini', () => {
  it('writes, runs and finishes through function calls', async () => {
    const g = await startFakeGemini();
    try {
      g.respond(
        geminiScript([
          call('write_file', { path: 'g.txt', content: 'from gemini' }),
          call('exec', { command: 'wc -c < g.txt > size.txt' }),
          call('done', { answer: 'gemini done' }),
        ]),
      );
      const r = await agent(sb, geminiEnv(sb, g.url), ['--mode', 'auto', 'do it']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe('gemini done\n');
      expect(readFileSync(join(sb.work, 'size.txt'), 'utf8').trim()).toBe('11');
      const body = g.requests[2]!.body;
      expect(body.tools[0].functionDeclarations.map((f: any) => f.name)).toContain('write_file');
      const responses = body.contents.flatMap((c: any) => c.parts).filter((p: any) => p.functionResponse);
      expect(responses.map((p: any) => p.functionResponse.name)).toEqual(['write_file', 'exec']);
    } finally {
      await g.close();
    }
  });
});
