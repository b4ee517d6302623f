// The stage sandbox seen from the host side (issue 3). Every case runs aosh inside the
// outer container of container.ts (pid namespace + outer pids/memory cgroups), as root
// and as `nobody`, and checks the effect: namespaces, filesystem view, network, env,
// privileges, cgroup limits, OOM, fork bomb, kill -9 -1, kill -9 of aosh.
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { childScript, pidAlive, pollUntil } from '../helpers/run-aosh.js';
import { Container, containerSkipReason, isRoot, NOBODY } from './container.js';

const skip = containerSkipReason();

for (const who of ['root', 'nobody'] as const) {
  describe.skipIf(skip !== '')(`sandbox as ${who} ${skip}`, () => {
    const uid = who === 'nobody' ? NOBODY : undefined;
    const expected = who === 'root' ? 'full' : 'userns';
    let base: string;
    let cwd: string;
    let home: string;
    let container: Container;
    let server: Server;
    let port = 0;

    beforeAll(async () => {
      base = mkdtempSync(path.join(tmpdir(), 'aosh-sandbox-'));
      chmodSync(base, 0o755);
      cwd = path.join(base, 'work');
      home = path.join(base, 'home');
      mkdirSync(cwd);
      mkdirSync(path.join(home, '.ssh'), { recursive: true });
      writeFileSync(path.join(home, '.ssh', 'id_rsa'), 'SECRET KEY\n');
      if (uid !== undefined) for (const p of [cwd, home, path.join(home, '.ssh'), path.join(home, '.ssh', 'id_rsa')]) chownSync(p, uid, uid);
      // nobody gets a delegated cgroup, as systemd's Delegate=yes would give it.
      container = new Container({ delegateTo: uid });
      server = createServer((s) => s.end('hello\n'));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as { port: number }).port;
    });

    afterAll(() => {
      container?.destroy();
      server?.close();
      rmSync(base, { recursive: true, force: true });
    });

    const aosh = (args: string[], env: Record<string, string> = {}, timeoutMs?: number) =>
      container.run(args, { cwd, user: uid, timeoutMs, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...env } });

    it(`reports isolation ${expected}`, async () => {
      const r = await aosh(['-c', 'spawn --name s sleep 5 >/dev/null; ps --json; kill s']);
      const ps = JSON.parse(r.stdout || '[]') as Array<{ isolation: string; limits: Record<string, number> }>;
      expect(ps.length, r.stderr).toBe(1);
      expect(ps[0]!.isolation).toBe(expected);
      expect(ps[0]!.limits.pids).toBeGreaterThan(0); // the delegated cgroup applied the default
    });

    it('a session started in /tmp itself: stages run, /tmp is the host\'s, secrets stay hidden', async () => {
      // The start directory is then the host's /tmp (writable by default), so the world's /tmp
      // cannot be a private one: it used to refuse every stage (no mount point for the socket).
      const name = `aosh-in-tmp-${process.pid}-${who}`;
      const r = await container.run(['-c', `echo hi | cat; touch ${name}; cat ${home}/.ssh/id_rsa 2>/dev/null || echo hidden`], {
        cwd: '/tmp',
        user: uid,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
      });
      try {
        expect(r.stderr).not.toMatch(/sandbox:/);
        expect(r.stdout).toBe('hi\nhidden\n');
        expect(existsSync(path.join('/tmp', name))).toBe(true);
      } finally {
        rmSync(path.join('/tmp', name), { force: true });
      }
    });

    it('pid namespace: only the stage in /proc; hostname aosh', async () => {
      const r = await aosh(['-c', 'ls /proc | grep -cE "^[0-9]+$"; hostname; cat /proc/1/cmdline | tr "\\0" " "']);
      const [count, host] = r.stdout.split('\n');
      expect(Number(count)).toBeLessThanOrEqual(4); // PID 1, sh, ls/grep
      expect(host).toBe('aosh');
    });

    it('aosh in an aosh stage: its own sandbox fails in one line; with --no-sandbox the outer one still holds it', async () => {
      const inner = `"$BASH" -c 'echo x > f' 2>&1; echo "st $?"; "$BASH" --no-sandbox -c 'echo y > g; cat g; touch /usr/aosh-nested 2>/dev/null || echo usr-ro' 2>/dev/null`;
      const r = await aosh(['-c', inner]);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toMatch(/^aosh: line 1: sandbox: cannot create the sandbox's namespaces \(unshare.*: EPERM\): this aosh runs in an aosh stage, whose sandbox holds it already; run it with --no-sandbox$/);
      expect(lines.slice(1)).toEqual(['st 126', 'y', 'usr-ro', '']);
    });

    it("the shell's HOSTNAME and prompt \\h are the name its stages see", async () => {
      const r = await aosh(['-c', 'p=\'\\h \\H\'; echo "$HOSTNAME ${p@P}"; hostname']);
      expect(r.stdout).toBe('aosh aosh aosh\naosh\n');
      const plain = await aosh(['--no-sandbox', '-c', 'echo "$HOSTNAME"']);
      expect(plain.stdout).toBe(`${hostname()}\n`);
    });

    it('filesystem: /usr read-only, working dir writable, /tmp private, ~/.ssh hidden', async () => {
      const marker = path.join(tmpdir(), `aosh-host-marker-${process.pid}`);
      writeFileSync(marker, 'x');
      rmSync('/tmp/from-stage', { force: true });
      try {
        // One external stage (sh), so that nothing runs as an aosh builtin: builtins and
        // the shell's own redirections run in aosh itself, outside any sandbox.
        const script = [
          'touch /usr/aosh-nope 2>/dev/null && echo usr-writable || echo usr-ro',
          'echo data > ./written && echo cwd-ok',
          `test -e ${marker} && echo host-tmp-visible || echo tmp-private`,
          'echo t > /tmp/from-stage',
          'cat ~/.ssh/id_rsa 2>/dev/null || echo ssh-hidden',
        ].join('; ');
        const r = await aosh(['-c', `sh -c '${script}'`]);
        expect(r.stdout, r.stderr).toBe('usr-ro\ncwd-ok\ntmp-private\nssh-hidden\n');
        expect(existsSync(path.join(cwd, 'written'))).toBe(true);
        expect(existsSync('/tmp/from-stage')).toBe(false);
      } finally {
        rmSync(marker, { force: true });
      }
    });

    it('privileges: NoNewPrivs 1, CapEff 0, mount and new user namespaces denied', async () => {
      const r = await aosh(['-c', [
        'grep -E "^(NoNewPrivs|CapEff):" /proc/self/status',
        'mount -t tmpfs x /mnt 2>/dev/null && echo mounted || echo mount-denied',
        'unshare -U true 2>/dev/null && echo userns || echo unshare-denied',
      ].join('; ')]);
      expect(r.stdout, r.stderr).toBe('CapEff:\t0000000000000000\nNoNewPrivs:\t1\nmount-denied\nunshare-denied\n');
    });

    it('network: host loopback unreachable without --allow-net, reachable with it', async () => {
      const probe = `read line < /dev/tcp/127.0.0.1/${port} && echo "$line"`;
      const stage = `bash -c '${probe}' 2>/dev/null || echo unreachable`;
      const denied = await aosh(['--allow-read', '--allow-write', '-c', stage]);
      expect(denied.stdout, denied.stderr).toBe('unreachable\n');
      const allowed = await aosh(['--allow-read', '--allow-write', '--allow-net', '-c', stage]);
      expect(allowed.stdout, allowed.stderr).toBe('hello\n');
      // spawn --allow-read: exactly that grant, so no network even in a session that has it.
      const spawned = await aosh(['--allow-read', '--allow-write', '--allow-net', '-c', `spawn --name p --allow-read -- bash -c '${probe}' >/dev/null 2>&1; wait p; echo "status $?"`]);
      expect(spawned.stdout, spawned.stderr).toBe('status 1\n');
    });

    it('environment: secret-looking variables removed unless --allow-env names them', async () => {
      const env = { SERVICE_TOKEN: 't', DB_PASSWORD: 'p', AWS_SECRET: 's', PLAIN: 'ok' };
      const r = await aosh(['-c', 'env | grep -E "^(SERVICE_TOKEN|DB_PASSWORD|AWS_SECRET|PLAIN)=" | sort'], env);
      expect(r.stdout, r.stderr).toBe('PLAIN=ok\n');
      const named = await aosh(['--allow-env=SERVICE_TOKEN', '--allow-read', '--allow-write', '-c', 'env | grep -E "^(SERVICE_TOKEN|DB_PASSWORD)=" | sort'], env);
      expect(named.stdout).toBe('SERVICE_TOKEN=t\n');
    });

    it('a 400 MB allocation under --mem 64M is oom-killed (137) while a sibling keeps running', async () => {
      const r = await aosh(['-c', [
        'spawn --name sib sleep 30 >/dev/null',
        `spawn --name big --mem 64M node ${childScript} alloc 400 >/dev/null`,
        'wait big; echo "status $?"',
        'ps -a --json',
        'kill sib',
      ].join('; ')], {}, 30_000);
      const [status, json] = r.stdout.split('\n');
      expect(status).toBe('status 137');
      const ps = JSON.parse(json!) as Array<{ name: string; state: string; memory_peak_bytes: number | null }>;
      expect(ps.find((p) => p.name === 'big')!.state).toBe('oom-killed');
      expect(ps.find((p) => p.name === 'sib')!.state).toBe('running');
    });

    it('a fork bomb under --pids 32 is contained and fully cleaned up', async () => {
      const r = await aosh(['-c', [
        `spawn --name bomb --pids 32 bash -c ':(){ :|:& };:; sleep 100' >/dev/null 2>&1`,
        'sleep 1.5',
        'ps --json',
        'kill -9 bomb; wait bomb; echo "status $?"',
        'echo alive',
      ].join('; ')], {}, 30_000);
      const [json, status, alive] = r.stdout.split('\n');
      const bomb = (JSON.parse(json!) as Array<{ name: string; pids: number | null }>).find((p) => p.name === 'bomb')!;
      expect(bomb.pids).toBeLessThanOrEqual(32);
      expect(status).toBe('status 137');
      expect(alive).toBe('alive');
      expect(container.pids()).toEqual([]);
      expect(container.leftovers()).toEqual([]);
    });

    it('a busy loop under --cpu 0.25 gets 0.1-0.4 cpu-seconds per second', async () => {
      const r = await aosh(['-c', [
        `spawn --name hog --cpu 0.25 sh -c 'while :; do :; done' >/dev/null`,
        'sleep 2',
        'ps --json',
        'kill -9 hog',
      ].join('; ')]);
      const hog = (JSON.parse(r.stdout) as Array<{ name: string; cpu_seconds: number; uptime_seconds: number }>).find((p) => p.name === 'hog')!;
      const rate = hog.cpu_seconds / hog.uptime_seconds;
      expect(rate).toBeGreaterThanOrEqual(0.1);
      expect(rate).toBeLessThanOrEqual(0.4);
    });

    it('kill -9 -1 inside a stage leaves everything outside it alive', async () => {
      const r = await aosh(['-c', 'spawn --name canary sleep 30 >/dev/null; bash -c "kill -9 -1"; echo "after $?"; ps --json; kill canary']);
      const [after, json] = r.stdout.split('\n');
      expect(after).toMatch(/^after /);
      expect((JSON.parse(json!) as Array<{ name: string; state: string }>).find((p) => p.name === 'canary')!.state).toBe('running');
    });

    it('kill -9 of aosh leaves no stage process behind', async () => {
      let stagePids: number[] = [];
      const run = container.run(['-c', 'spawn sleep 60 >/dev/null; spawn bash -c "sleep 60 & sleep 60" >/dev/null; ps --json; sleep 60'], {
        cwd,
        user: uid,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
        timeoutMs: 30_000,
        // The container's init stays up after aosh dies: only PR_SET_PDEATHSIG + the pid
        // namespace of each stage may kill the stages, not the end of the container.
        lingerSeconds: 5,
      });
      // aosh is the only node process in the container; find it and its stages by cgroup.
      await pollUntil(() => container.pids().filter((p) => /^sleep/.test(cmdline(p))).length >= 3, 'the stages', 10_000);
      // Each stage's PID 1 is a fork of aosh (same cmdline): aosh is the oldest, the lowest pid.
      const aoshPid = Math.min(...container.pids().filter((p) => /^\S*node \S*bin\/aosh/.test(cmdline(p))));
      stagePids = container.pids().filter((p) => p !== aoshPid && !/^\/bin\/sh/.test(cmdline(p)) && !/unshare/.test(cmdline(p)));
      expect(stagePids.length).toBeGreaterThanOrEqual(3);
      process.kill(aoshPid, 'SIGKILL');
      await pollUntil(() => stagePids.every((p) => !pidAlive(p)), 'every stage process to die', 4_000).catch((e: Error) => {
        const info = (p: number) => { try { return readFileSync(`/proc/${p}/status`, 'utf8').split('\n').filter((l) => /^(State|PPid|NSpid|SigBlk|SigPnd|ShdPnd):/.test(l)).join(',') + ' stack=' + readFileSync(`/proc/${p}/stack`, 'utf8').split('\n').slice(0, 4).join('|'); } catch { return ''; } };
        throw new Error(`${e.message}: ${stagePids.filter(pidAlive).map((p) => `${p} ${cmdline(p)} ${info(p)}`).join('; ')} (aosh ${aoshPid})`);
      });
      await run;
    });
  });
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

// As root (CI) the outer container exists, so the check of its refusal without root is skipped, and says so.
if (isRoot) console.log('sandbox.test: skipping "needs root for the outer container": running as root, the outer container is available');
describe.skipIf(isRoot)(`sandbox (not root)${isRoot ? ': skipped, running as root (the outer container is available)' : ''}`, () => {
  it('needs root for the outer container', () => {
    expect(containerSkipReason()).not.toBe('');
  });
});
