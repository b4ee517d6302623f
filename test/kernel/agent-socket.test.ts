// Stages reach their kernel over AOSH_SOCKET (the AGNT protocol): the syscall server starts
// on the first connection, and THINK from a stage goes through the session's LLM service,
// so provider keys never have to enter the stage.
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';

const root = resolve(__dirname, '../..');
const aosh = join(root, 'bin/aosh');
const sdk = join(root, 'src/sdk/python');

function run(args: string[], env: Record<string, string>, cwd: string): Promise<{ stdout: string; stderr: string; status: number | null }> {
  return new Promise((res) => {
    const p = spawn(aosh, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => res({ stdout, stderr, status }));
  });
}

describe('AOSH_SOCKET', () => {
  let dir: string;
  let env: Record<string, string>;
  let fake: FakeServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aosh-sock-'));
    fake = await startFakeOpenAI();
    env = {
      PATH: process.env.PATH!,
      HOME: dir,
      AOSH_HOME: join(dir, '.aosh'),
      LANG: 'C.UTF-8',
      OPENAI_API_KEY: 'sk-fake-key-for-tests',
      OPENAI_BASE_URL: `${fake.url}/v1`,
      AOSH_PROVIDER: 'openai',
      PYTHONPATH: sdk,
    };
    writeFileSync(
      join(dir, 'agent.py'),
      [
        'import os, aosh',
        'c = aosh.connect()',
        'print("socket", "set" if os.environ.get("AOSH_SOCKET") else "missing")',
        'print("echo", c.echo("ping"))',
        'print("key", os.environ.get("OPENAI_API_KEY", "absent"))',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await fake.close();
  });

  it('is exported to every stage and answers the AGNT protocol', async () => {
    const r = await run(['-c', 'python3 agent.py'], env, dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('socket set');
    expect(r.stdout).toContain('echo ping');
  });

  it('keeps provider keys out of a sandboxed stage, which still thinks through the kernel', async () => {
    const before = fake.requests.length;
    const script = `python3 agent.py | grep '^key'; echo 'why is the sky blue' | ${JSON.stringify(process.execPath)} ${JSON.stringify(aosh)} think --no-log`;
    const r = await run(['-c', script], env, dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('key absent');
    expect(r.stdout).toContain('echo: why is the sky blue');
    expect(fake.requests.length).toBe(before + 1);
  });

  it('spawn --budget-tokens caps an agent: a THINK it cannot pay for is refused before sending', async () => {
    writeFileSync(join(dir, 'thinker.py'), 'import aosh\nr = aosh.connect().think("hello there")\nprint("ok" if r.get("success") else "refused: " + str(r.get("error")))\n');
    const before = fake.requests.length;
    // spawn's own "[ID] NAME pid=" line and the agent's output share the redirect: keep the agent's.
    const r = await run(['-c', 'spawn --name small --budget-tokens 1 python3 thinker.py > s.out; wait small; spawn --name big python3 thinker.py > b.out; wait big; grep -hv "^\\[" s.out b.out'], env, dir);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^refused: .*budget/i);
    expect(lines[1]).toBe('ok');
    expect(fake.requests.length).toBe(before + 1); // only the unbudgeted agent reached the provider
  });

  it('is given to external stages only, not set in the shell itself', () => {
    const r = spawnSync(aosh, ['-c', 'echo "shell:[$AOSH_SOCKET]"; sh -c \'echo "stage:[$AOSH_SOCKET]"\''], { cwd: dir, env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('shell:[]');
    expect(r.stdout).toMatch(/stage:\[\/.+\.sock\]/);
  });
});
