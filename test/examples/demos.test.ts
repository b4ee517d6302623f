// The seed demos (examples/*.aosh): each runs through ./bin/aosh on a fresh HOME and must exit 0
// and print the lines that show the kernel did its job.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const aosh = join(root, 'bin/aosh');

function env(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, AOSH_HOME: join(home, '.aosh'), LANG: 'C.UTF-8' };
}

function run(script: string, setup?: (home: string) => void, flags: string[] = []) {
  const home = mkdtempSync(join(tmpdir(), 'aosh-demo-'));
  setup?.(home);
  const r = spawnSync(aosh, [...flags, join(root, 'examples', script)], { cwd: root, env: env(home), encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('examples: seed demos', () => {
  it('fault-isolation.aosh: cpu hog throttled, memory hog OOM-killed, healthy agent answers', () => {
    const r = run('fault-isolation.aosh');
    expect(r.out, r.err).toContain('fault isolation: demo passed');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/cpu hog throttled: 0\.\d+ of a core \(limit 0\.25\)/);
    expect(r.out).toContain('memhog ended with status 137');
    expect(r.out).toMatch(/memhog: state=oom-killed/);
    expect(r.out).toContain('ps -a shows memhog oom-killed');
    expect(r.out.match(/healthy answered: pong/g)?.length).toBe(3);
    expect(r.out).toContain('healthy is still running');
    expect(r.out).not.toContain('FAIL');
  }, 60_000);

  it('untrusted-agent.aosh: no network, no ~/.ssh, fork bomb contained', () => {
    // a decoy key in the (temporary) HOME: the agent must not see it
    const r = run('untrusted-agent.aosh', (home) => {
      mkdirSync(join(home, '.ssh'), { mode: 0o700 });
      writeFileSync(join(home, '.ssh', 'id_rsa'), 'DECOY PRIVATE KEY\n', { mode: 0o600 });
    }, ['--allow-net']);
    expect(r.out, r.err).toContain('untrusted agent: demo passed');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^net: blocked: 127\.0\.0\.1:\d+/m);
    expect(r.out).toMatch(/with --allow-net the same probe says: reached the host service/);
    expect(r.out).toContain('(the host has a ~/.ssh directory)');
    expect(r.out).toMatch(/^secrets: blocked: list ~\/\.ssh/m);
    expect(r.out).toMatch(/^secrets: blocked: read ~\/\.ssh\/id_rsa/m);
    expect(r.out).not.toContain('DECOY');
    expect(r.out).toMatch(/forkbomb: fork refused after \d+ children \(EAGAIN\)/);
    expect(r.out).toMatch(/forkbomb: blocked: \d+ children forked/);
    const forked = Number(/(\d+) children forked/.exec(r.out)?.[1]);
    expect(forked).toBeLessThan(32);
    expect(r.out).toContain('no leftover processes');
    expect(r.out).toContain('service ended: killed');
    expect(r.out).not.toContain('FAIL');
  }, 60_000);

  it('supervisor.aosh: restarts with backoff, then escalates to failed', (ctx) => {
    const home = mkdtempSync(join(tmpdir(), 'aosh-demo-'));
    const help = spawnSync(aosh, ['-c', 'help spawn'], { cwd: root, env: env(home), encoding: 'utf8' });
    if (!help.stdout.includes('--restart')) {
      console.log('supervisor not available yet: spawn has no --restart');
      ctx.skip();
    }
    const r = run('supervisor.aosh');
    expect(r.out, r.err).toContain('supervisor: demo passed');
    expect(r.status).toBe(0);
    expect(r.out.match(/^worker: start #\S+ at \+[\d.]+s, crashing/gm)?.length).toBe(4);
    expect(r.out).toContain('worker: start #4');
    // backoff: 200 + 400 + 800 ms at least between the first and the fourth start
    const times = [...r.out.matchAll(/^worker: start #\S+ at \+([\d.]+)s/gm)].map((m) => Number(m[1]));
    expect(times[3] - times[0]).toBeGreaterThanOrEqual(1.2);
    expect(r.out).toContain('worker finally ended with status 1');
    expect(r.out).toContain('restart count: 3');
    expect(r.out).toContain('state: failed');
    expect(r.out).toContain('ps -a shows worker failed');
    expect(r.out).toContain('steady ended with status 0 after 0 restarts');
    expect(r.out).not.toContain('FAIL');
  }, 60_000);

  it('pipeline-agents.aosh: parser -> reasoner -> verifier over kernel IPC, offline', () => {
    const r = run('pipeline-agents.aosh');
    expect(r.out, r.err).toContain('pipeline: demo passed');
    expect(r.status).toBe(0);
    expect(r.out).toContain("parser:   #2 'multiply 6 by 7' -> 6 * 7");
    expect(r.out).toContain("parser:   skip 'dance 1 and 2' (not understood)");
    expect(r.out).toMatch(/reasoner: no LLM provider .*: using the deterministic rule/);
    expect(r.out).toContain('reasoner: #3 50 - 8 = 42 (by rule)');
    expect(r.out).toContain("verifier: #4 'add -4 and 10' = 6 VERIFIED");
    expect(r.out).toContain('verifier: 4 verified, 0 wrong');
  }, 60_000);
});
