// Runs the real aosh binary (bin/aosh) as a child process, for end-to-end tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const aoshBin = path.join(root, 'bin', 'aosh');
export const childScript = path.join(root, 'test', 'fixtures', 'child.mjs');

export interface RunOptions {
  stdin?: string | Buffer;
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number | null;
  signal: NodeJS.Signals | null;
}

/** A minimal environment: PATH and HOME (plus whatever `extra` adds). */
export function baseEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: home, ...extra };
}

export function tempDir(prefix = 'aosh-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Starts aosh; the caller owns the child (see runAosh for the common case). */
export function startAosh(args: string[], opts: RunOptions = {}): ChildProcess {
  const cwd = opts.cwd ?? root;
  // bin/aosh itself, as a user runs it (its sh line first; see the file).
  return spawn(aoshBin, args, {
    cwd,
    env: opts.env ?? baseEnv(cwd),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export const addonFile = path.join(root, 'native', 'build', 'Release', 'aosh_native.node');

/**
 * Runs aosh to completion, collecting stdout/stderr. Kills it (SIGKILL) after timeoutMs.
 * If the native addon is missing at that moment (a concurrent `npm run build:native` in the
 * same checkout deletes and rebuilds it), waits for the rebuild and runs again.
 */
export async function runAosh(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  for (let attempt = 0; ; attempt++) {
    const r = await runAoshOnce(args, opts);
    if (attempt >= 3 || !r.stderr.includes('native addon not loaded')) return r;
    await pollUntil(() => existsSync(addonFile) && !existsSync(path.join(root, 'native', '.build-lock')), 'the native addon rebuild', 90_000, 200);
  }
}

/** Waits until the native addon exists (see runAosh). */
export function addonReady(): Promise<boolean> {
  return pollUntil(() => existsSync(addonFile) && !existsSync(path.join(root, 'native', '.build-lock')), 'the native addon', 90_000, 200);
}

function runAoshOnce(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = startAosh(args, opts);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => out.push(c));
    child.stderr!.on('data', (c: Buffer) => err.push(c));
    child.stdin!.on('error', () => {});
    if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
    else child.stdin!.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 15_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), status, signal });
    });
  });
}

/** Polls `check` until it returns a truthy value or the deadline passes (then throws). */
export async function pollUntil<T>(check: () => T | Promise<T>, what: string, timeoutMs = 5_000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** True while a process with this pid exists and is not a zombie. */
export function pidAlive(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  try {
    const s = readFileSync(stat, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Pids of the live (non-zombie) processes whose parent is `ppid`, from /proc. */
/** Every live descendant of `pid` (a sandboxed stage's command runs under the stage's PID 1). */
export function descendantsOf(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const kids = childrenOf(queue.shift()!);
    out.push(...kids);
    queue.push(...kids);
  }
  return out;
}

export function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  return out.concat(entries.filter((e) => /^\d+$/.test(e)).map(Number).filter((pid) => {
    try {
      const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      return Number(f[1]) === ppid && f[0] !== 'Z';
    } catch {
      return false;
    }
  }));
}
