// Crash safety: a run killed with SIGKILL resumes from its last completed step without
// re-running completed tool calls; rewind restores the files a run wrote.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scripted, startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { pollUntil, runAosh, startAosh } from '../helpers/run-aosh.js';
import { agent, call, meta, openaiEnv, runIds, sandbox, steps, type Sandbox } from './helpers.js';

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

function killed(child: ReturnType<typeof startAosh>): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.on('close', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('agent --resume after kill -9', () => {
  it('continues without repeating a completed exec', async () => {
    let hang = true;
    server.respond(
      scripted((turn) => {
        if (turn === 0) return call('exec', { command: 'echo ran >> counter.txt' });
        // The second model call hangs during the first process, so it is killed mid-run.
        if (turn === 1) return hang ? { ...call('write_file', { path: 'after.txt', content: 'resumed' }), delayMs: 60_000 } : call('write_file', { path: 'after.txt', content: 'resumed' });
        return call('done', { answer: 'all done' });
      }),
    );
    const env = openaiEnv(sb, server.url);
    const child = startAosh(['agent', '--mode', 'auto', 'count once'], { cwd: sb.work, env });
    child.stdin!.end();
    // The exec completed and its result is on disk before the next model call is sent.
    await pollUntil(() => server.requests.length >= 2, 'the second model call', 15_000);
    const [id] = runIds(sb.home);
    expect(steps(sb.home, id!).map((s) => s.kind)).toEqual(['start', 'model', 'call', 'result']);
    await killed(child);
    expect(readFileSync(join(sb.work, 'counter.txt'), 'utf8')).toBe('ran\n');

    // A crashed run shows as interrupted.
    const runs = await runAosh(['agent', 'runs', '--json'], { cwd: sb.work, env });
    expect(JSON.parse(runs.stdout.trim())).toMatchObject({ id, status: 'interrupted', turns: 1 });

    hang = false;
    const r = await agent(sb, env, ['--resume', id!]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('all done\n');
    expect(readFileSync(join(sb.work, 'counter.txt'), 'utf8')).toBe('ran\n'); // not run again
    expect(readFileSync(join(sb.work, 'after.txt'), 'utf8')).toBe('resumed');
    // The resumed conversation carried the completed exec's result.
    const body = server.requests.at(-2)!.body;
    expect(body.messages.filter((m: any) => m.role === 'tool')[0].content).toContain('exit code 0');
    const kinds = steps(sb.home, id!).map((s) => s.kind);
    expect(kinds).toEqual(['start', 'model', 'call', 'result', 'resume', 'model', 'call', 'result', 'model', 'call', 'result', 'end']);
    expect(meta(sb.home, id!)).toMatchObject({ status: 'done', exitCode: 0, turns: 3 });
    // Resuming a finished run just gives its answer.
    const again = await agent(sb, env, ['--resume', id!]);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe('all done\n');
  });

  it('runs again a tool call that was running when the crash came', async () => {
    server.respond(scripted([call('exec', { command: 'echo start >> counter.txt; sleep 30' }), call('done', { answer: 'ok' })]));
    const env = openaiEnv(sb, server.url);
    const child = startAosh(['agent', '--mode', 'auto', '--exec-timeout', '2', 'slow'], { cwd: sb.work, env });
    child.stdin!.end();
    await pollUntil(() => existsSync(join(sb.work, 'counter.txt')), 'the exec to start', 15_000);
    await killed(child);
    const [id] = runIds(sb.home);
    expect(steps(sb.home, id!).map((s) => s.kind)).toEqual(['start', 'model', 'call']);
    const r = await agent(sb, env, ['--resume', id!]);
    expect(r.status, r.stderr).toBe(0);
    // Started twice: once before the crash, once on resume (killed by --exec-timeout).
    expect(readFileSync(join(sb.work, 'counter.txt'), 'utf8')).toBe('start\nstart\n');
    const s = steps(sb.home, id!);
    expect(s.find((x) => x.kind === 'resume')).toMatchObject({ rerun: 1 });
    expect(s.find((x) => x.kind === 'result').exec.timedOut).toBe(true);
  });

  it('a capped run continues with a larger cap', async () => {
    server.respond(scripted((turn) => (turn < 2 ? call('list_dir', { path: turn ? '.' : './' }) : call('done', { answer: 'finally' }))));
    const env = openaiEnv(sb, server.url);
    const first = await agent(sb, env, ['--max-turns', '1', 'walk']);
    expect(first.status).toBe(5);
    const r = await agent(sb, env, ['--resume', 'last', '--max-turns', '5']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('finally\n');
    expect(server.requests).toHaveLength(3);
  });
});

describe('agent rewind', () => {
  it('restores the files a run changed', async () => {
    writeFileSync(join(sb.work, 'keep.txt'), 'original\n');
    server.respond(
      scripted([
        call('write_file', { path: 'keep.txt', content: 'changed once\n' }),
        call('write_file', { path: 'new/created.txt', content: 'new file\n' }),
        call('write_file', { path: 'keep.txt', content: 'changed twice\n' }),
        call('done', { answer: 'edited' }),
      ]),
    );
    const env = openaiEnv(sb, server.url);
    const r = await agent(sb, env, ['edit things']);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(sb.work, 'keep.txt'), 'utf8')).toBe('changed twice\n');
    const [id] = runIds(sb.home);

    // --to STEP undoes only the writes from that step on.
    const third = steps(sb.home, id!).filter((s) => s.kind === 'call' && s.name === 'write_file')[2];
    const partial = await runAosh(['agent', 'rewind', id!, '--to', String(third.step)], { cwd: sb.work, env });
    expect(partial.status, partial.stderr).toBe(0);
    expect(readFileSync(join(sb.work, 'keep.txt'), 'utf8')).toBe('changed once\n');
    expect(existsSync(join(sb.work, 'new', 'created.txt'))).toBe(true);

    const all = await runAosh(['agent', 'rewind', id!], { cwd: sb.work, env });
    expect(all.status, all.stderr).toBe(0);
    expect(readFileSync(join(sb.work, 'keep.txt'), 'utf8')).toBe('original\n');
    expect(existsSync(join(sb.work, 'new', 'created.txt'))).toBe(false);
    expect(all.stdout).toContain(`restored ${join(sb.work, 'keep.txt')}`);
    expect(all.stdout).toContain(`removed ${join(sb.work, 'new', 'created.txt')}`);
    expect(steps(sb.home, id!).at(-1)).toMatchObject({ kind: 'rewind', toStep: 1 });
  });

  it('refuses to rewind or resume a run whose steps were changed outside aosh', async () => {
    const victim = join(sb.home, 'victim.txt');
    writeFileSync(victim, 'must survive\n');
    server.respond(scripted([call('write_file', { path: 'made.txt', content: 'x\n' }), call('done', { answer: 'ok' })]));
    const env = openaiEnv(sb, server.url);
    expect((await agent(sb, env, ['make a file'])).status).toBe(0);
    const [id] = runIds(sb.home);
    // A forged snapshot: "this run created victim.txt", so a rewind would delete it.
    const file = join(sb.home, 'runs', id!, 'steps.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace(JSON.stringify(join(sb.work, 'made.txt')), JSON.stringify(victim)));
    const r = await runAosh(['agent', 'rewind', id!], { cwd: sb.work, env });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/does not verify at step \d+ \(changed outside aosh\): refusing to rewind/);
    expect(readFileSync(victim, 'utf8')).toBe('must survive\n');
    const res = await agent(sb, env, ['--resume', id!]);
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/refusing to resume/);
  });
});
