// An outer container for sandbox tests, so that a broken sandbox cannot harm the machine:
// aosh runs inside `unshare --pid --fork --mount-proc` (a `kill -9 -1` that escaped the
// stage would only reach the container) and inside outer pids + memory cgroups created
// here, below the test process's own cgroups, and removed afterwards (a fork bomb that
// escaped the stage's limit still hits the outer one).
//
// The container's PID 1 is a shell that runs aosh as its child, so aosh is an ordinary
// process there (a test can kill -9 it and look at what is left).
import { spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { detectCgroups } from '../../src/kernel/cgroups.js';
import { aoshBin } from '../helpers/run-aosh.js';

export const isRoot = process.getuid?.() === 0;
export const NOBODY = 65534;

export interface ContainerResult {
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Why the container cannot be built here (or '' when it can). */
export function containerSkipReason(): string {
  if (!isRoot) return 'the outer test container needs root (it creates cgroups and namespaces)';
  if (!existsSync('/usr/bin/unshare')) return 'unshare(1) missing';
  const info = detectCgroups();
  if (!info.controllers.pids || !info.controllers.memory) return `pids/memory cgroups unavailable: ${info.problems.join('; ')}`;
  return '';
}

export class Container {
  readonly cgroups: string[] = [];
  private readonly name = `aosh-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  /** Outer limits: generous for the tests, small enough to stop a runaway. */
  constructor(opts: { pids?: number; memoryBytes?: number; delegateTo?: number } = {}) {
    const info = detectCgroups();
    const pidsDir = path.join(info.controllers.pids!, this.name);
    const memDir = path.join(info.controllers.memory!, this.name);
    mkdirSync(pidsDir);
    this.cgroups.push(pidsDir);
    writeFileSync(path.join(pidsDir, 'pids.max'), String(opts.pids ?? 512));
    mkdirSync(memDir);
    this.cgroups.push(memDir);
    writeFileSync(path.join(memDir, 'memory.limit_in_bytes'), String(opts.memoryBytes ?? 2 * 2 ** 30));
    for (const extra of ['cpu', 'cpuacct'] as const) {
      const own = info.controllers[extra];
      if (!own || this.cgroups.some((d) => d.startsWith(own + '/'))) continue;
      const dir = path.join(own, this.name);
      mkdirSync(dir);
      this.cgroups.push(dir);
    }
    if (opts.delegateTo !== undefined) {
      // Delegation as systemd does it: the directory and its procs file belong to the user.
      for (const d of this.cgroups) {
        chownSync(d, opts.delegateTo, opts.delegateTo);
        for (const f of ['cgroup.procs', 'tasks']) chownSync(path.join(d, f), opts.delegateTo, opts.delegateTo);
      }
    }
  }

  /** Pids of every process still in the outer cgroup. */
  pids(): number[] {
    const out = new Set<number>();
    const walk = (dir: string): void => {
      for (const p of (readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').match(/\d+/g) ?? []).map(Number)) out.add(p);
      for (const d of readdirSync(dir, { withFileTypes: true })) if (d.isDirectory()) walk(path.join(dir, d.name));
    };
    try {
      walk(this.cgroups[0]!);
    } catch {
      // gone
    }
    return [...out];
  }

  /** Sub-cgroups left below the outer one (aosh's session and stage directories). */
  leftovers(): string[] {
    const out: string[] = [];
    const walk = (dir: string): void => {
      for (const d of readdirSync(dir, { withFileTypes: true })) {
        if (!d.isDirectory()) continue;
        out.push(path.join(dir, d.name));
        walk(path.join(dir, d.name));
      }
    };
    for (const c of this.cgroups) if (existsSync(c)) walk(c);
    return out;
  }

  /**
   * Runs aosh ARGS in the container, as `user` (uid) when given. `onStart` gets the pid of
   * the container's init (outside view) as soon as it runs.
   */
  run(args: string[], opts: { cwd: string; env: Record<string, string>; user?: number; timeoutMs?: number; stdin?: string; lingerSeconds?: number; onStart?: (pid: number) => void }): Promise<ContainerResult> {
    const join = this.cgroups.map((d) => `echo $$ > ${path.join(d, 'cgroup.procs')}`).join(' && ');
    const drop = opts.user !== undefined ? ['setpriv', `--reuid=${opts.user}`, `--regid=${opts.user}`, '--clear-groups'] : [];
    const inner = [...drop, process.execPath, aoshBin, ...args];
    // sh joins the outer cgroups, then becomes the container's PID 1 (a shell that waits for aosh).
    const linger = opts.lingerSeconds ? `sleep ${opts.lingerSeconds}; ` : '';
    const script = `${join} && exec unshare --pid --fork --mount-proc -- /bin/sh -c '"$@"; s=$?; ${linger}exit $s' sh "$@"`;
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', script, 'sh', ...inner], { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => err.push(c));
      child.stdin.on('error', () => {});
      child.stdin.end(opts.stdin ?? '');
      if (child.pid) opts.onStart?.(child.pid);
      const timer = setTimeout(() => this.killAll(), opts.timeoutMs ?? 20_000);
      child.on('error', reject);
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), status });
      });
    });
  }

  killAll(): void {
    for (let round = 0; round < 5; round++) {
      const pids = this.pids();
      if (pids.length === 0) return;
      for (const p of pids) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // gone
        }
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }

  /** Kills whatever is left and removes the outer cgroups (deepest first). */
  destroy(): void {
    this.killAll();
    const dirs = [...this.leftovers(), ...this.cgroups].sort((a, b) => b.length - a.length);
    for (const d of dirs) {
      for (let i = 0; i < 50; i++) {
        try {
          rmdirSync(d);
          break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') break;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        }
      }
    }
  }
}
