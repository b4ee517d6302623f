// Agents as files, from the host side: the tree a real session keeps under its runtime
// directory (kernel.aosfs.dir, bound read-only at /aos in every world) follows the kernel.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { poll, startSession, type Session } from './helpers.js';

let s: Session;
let fake: FakeServer;
let dir = '';

const read = (rel: string): string => {
  try {
    return readFileSync(join(dir, rel), 'utf8');
  } catch {
    return '';
  }
};
const until = (rel: string, pred: (text: string) => boolean, what = rel): Promise<string> => poll(() => (pred(read(rel)) ? read(rel) : null), `${what} (now ${JSON.stringify(read(rel))})`, 10_000);

beforeAll(async () => {
  fake = await startFakeOpenAI();
  s = await startSession({ env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${fake.url}/v1`, AOSH_PROVIDER: 'openai', AOSH_BUDGET_TOKENS: '50000' } });
  const state = (await (await fetch(`${s.base}/api/state?token=${s.token}`)).json()) as { session: { aosfs: string } };
  dir = state.session.aosfs;
});
afterAll(async () => {
  await s?.close();
  await fake?.close();
});

describe('the agents-as-files tree', () => {
  it('lives in the session runtime directory, laid out as seed 003 says', () => {
    expect(dir).toMatch(/\/aosh(-\d+)?\/ns\d+\/\d+\.\d+$/);
    expect(statSync(dir).mode & 0o077).toBe(0);
    for (const d of ['agents', 'procs', 'channels', 'system', 'conversations']) expect(statSync(join(dir, d)).isDirectory(), d).toBe(true);
    expect(read('README')).toContain('agents/<name>/status');
    expect(read('system/isolation')).toMatch(/^sandbox: (on|off|unavailable).*\nisolation: (full|userns|none)\ncgroups: /);
    expect(read('system/session')).toContain(`pid: ${s.child.pid}\n`);
    expect(read('system/budget')).toContain('session budget: tokens 0/50000 used');
  });

  it('shows an agent running, then exited, with its process, limits, permissions and log', async () => {
    await s.run('spawn --name quick --mem 64M --pids 32 sh -c "sleep 0.5; exit 0" >/dev/null');
    expect(await until('agents/quick/status', (t) => t === 'running\n')).toBe('running\n');
    const ids = readdirSync(join(dir, 'procs'));
    const id = ids.find((i) => read(`procs/${i}/cmdline`) === 'sh -c sleep 0.5; exit 0\n');
    expect(id, `procs: ${ids.join(' ')}`).toBeDefined();
    expect(read(`procs/${id}/status`)).toMatch(/^Name:\tquick\nId:\t\d+\nPid:\t\d+\nState:\trunning\n/);
    expect(read(`procs/${id}/status`)).toContain('Agent:\tyes\n');
    if (read('system/isolation').includes('isolation: full')) expect(read(`procs/${id}/cgroup`)).toMatch(/^\/sys\/fs\/cgroup\/.+\n$/);
    expect(read('agents/quick/limits')).toMatch(/^memory: 67108864\ncpu: (unlimited|[\d.]+)\npids: 32\n/);
    expect(read('agents/quick/permissions')).toBe('net: no\nread: yes\nwrite: yes\nrun: yes\nenv: yes\nthink: yes\nspawn: yes\n');
    expect(await until('agents/quick/status', (t) => t === 'exited\n')).toBe('exited\n');
    expect(read(`procs/${id}/status`)).toContain('State:\texited\n');
    expect(read(`procs/${id}/status`)).toContain('ExitCode:\t0\n');
    const log = await until('agents/quick/log', (t) => t.includes('exited'));
    expect(log).toMatch(/^\S+Z spawned id=\d+ pid=\d+ command="sh -c sleep 0.5; exit 0"\n\S+Z exited state=exited status=0\n$/);
    // Only the tree's own names: temporary files never show up beside them.
    expect(readdirSync(join(dir, 'agents', 'quick')).sort()).toEqual(['cost', 'limits', 'log', 'output', 'permissions', 'status', 'tokens']);
  });

  it('shows a killed agent as killed', async () => {
    await s.run('spawn --name victim sleep 60 >/dev/null');
    await until('agents/victim/status', (t) => t === 'running\n');
    await s.run('kill victim; wait victim');
    expect(await until('agents/victim/status', (t) => t === 'killed\n')).toBe('killed\n');
    expect(await until('agents/victim/log', (t) => t.includes('exited state=killed signal=SIGTERM'))).toContain('SIGTERM');
  });

  it("keeps an LLM caller's cost, tokens and last answer, the budget, and its conversations", async () => {
    const out = await s.run('AOSH_AGENT=researcher think "what about ignition physics"');
    expect(out).toBe('echo: what about ignition physics\n');
    // status is the tree's last write for an agent: once it is there, so is the rest.
    expect(await until('agents/researcher/status', (t) => t === 'idle\n')).toBe('idle\n');
    expect(read('agents/researcher/output')).toBe('echo: what about ignition physics\n');
    const tokens = Number(read('agents/researcher/tokens'));
    expect(tokens).toBeGreaterThan(10);
    expect(read('agents/researcher/cost')).toMatch(/^\d+\.\d{6}\n$/);
    expect(await until('agents/researcher/log', (t) => t.includes('think openai/'))).toMatch(/think openai\/\S+ tokens=10\+\d+ usd=/);
    expect(await until('system/budget', (t) => !t.includes('tokens 0/50000'))).toContain(`session budget: tokens ${tokens}/50000 used`);
    // conversations/ mirrors $AOSH_HOME/conversations: grep -r finds what was said.
    const hits = await poll(() => {
      try {
        return execFileSync('grep', ['-rl', 'ignition physics', join(dir, 'conversations')], { encoding: 'utf8' });
      } catch {
        return '';
      }
    }, 'the conversation in the tree');
    const files = hits.trim().split('\n').map((f) => f.slice(join(dir, 'conversations').length + 1)).sort();
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect(f).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\d{8}-\d{6}-[0-9a-f]{4}\/(meta\.json|transcript\.jsonl|transcript\.md)$/);
    for (const f of files) expect(read(`conversations/${f}`)).toBe(readFileSync(join(s.home, 'conversations', f), 'utf8'));
  });

  it('mirrors conversations that existed before the session', async () => {
    // A second session on the same $AOSH_HOME: its tree starts with the first one's conversations.
    const t = await startSession({ home: s.home, env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${fake.url}/v1`, AOSH_PROVIDER: 'openai' } });
    try {
      const state = (await (await fetch(`${t.base}/api/state?token=${t.token}`)).json()) as { session: { aosfs: string } };
      const other = state.session.aosfs;
      expect(other).not.toBe(dir);
      await poll(() => {
        try {
          return execFileSync('grep', ['-rl', 'ignition physics', join(other, 'conversations')], { encoding: 'utf8' });
        } catch {
          return '';
        }
      }, "the first session's conversation in the second session's tree");
    } finally {
      await t.close();
    }
  });

  it('counts channel bytes', async () => {
    await s.run('pipe mk jobs; echo hello | pipe write jobs');
    expect(await until('channels/jobs/bytes', (t) => t === '6\n')).toBe('6\n');
    expect(read('channels/jobs/info')).toContain('kind:\tnamed\n');
    await s.run('pipe rm jobs');
    await poll(() => !existsSync(join(dir, 'channels', 'jobs')), 'channels/jobs to go with the channel');
  });

  it('is removed when the session ends', async () => {
    await s.close();
    expect(existsSync(dir)).toBe(false);
  });
});
