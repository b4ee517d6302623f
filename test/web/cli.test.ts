// The ways in: `aosh --web`, `aosh dashboard` (serves until interrupted), and bad input to the
// dashboard builtin (one line, documented status).
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseEnv, removeDir, runAosh, startAosh, tempDir } from '../helpers/run-aosh.js';
import { poll } from './helpers.js';

let work = '';
let home = '';
beforeEach(() => {
  work = tempDir('aosh-web-cli-');
  home = tempDir('aosh-web-cli-home-');
});
afterEach(() => {
  removeDir(work);
  removeDir(home);
});
const env = (): Record<string, string> => baseEnv(work, { AOSH_HOME: home });

describe('aosh --web and aosh dashboard', () => {
  it('--web serves the session while it runs and says where on stderr', async () => {
    const r = await runAosh(['--web', '-c', 'echo hi; dashboard url'], { cwd: work, env: env() });
    expect(r.status, r.stderr).toBe(0);
    const m = /^aosh: dashboard at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)\n$/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    expect(r.stdout).toBe(`hi\n${m![1]}\n`);
  });

  it('aosh dashboard serves until interrupted, then exits', async () => {
    const child = startAosh(['dashboard', '--port', '0'], { cwd: work, env: env() });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    const url = await poll(() => /^(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)\n/.exec(out)?.[1], 'the URL', 20_000);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>aosh dashboard</title>');
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('refuses bad arguments and a busy port with one line', async () => {
    const bad = await runAosh(['-c', 'dashboard --port nope'], { cwd: work, env: env() });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('dashboard: --port: not a port number: nope\n');
    const extra = await runAosh(['-c', 'dashboard sideways'], { cwd: work, env: env() });
    expect(extra.status).toBe(2);
    expect(extra.stderr).toBe('dashboard: unexpected argument: sideways (usage: dashboard [--port N] [--foreground] | dashboard url | dashboard stop)\n');
    const none = await runAosh(['-c', 'dashboard url'], { cwd: work, env: env() });
    expect(none.status).toBe(1);
    expect(none.stderr).toBe('dashboard: no dashboard is running in this session\n');
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = await runAosh(['-c', `dashboard --port ${port}`], { cwd: work, env: env() });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`dashboard: port ${port} is in use\n`);
    } finally {
      busy.close();
    }
    const m = await runAosh(['-c', 'metrics --url http://example.com/'], { cwd: work, env: env() });
    expect(m.status).toBe(2);
    expect(m.stderr).toBe('metrics: --url: expected a dashboard URL on http://127.0.0.1, got http://example.com/\n');
  });
});
