// Small helpers of Kernel.spawn and Kernel.signal: limits, errors, /proc lookups.
import { readFileSync } from 'node:fs';
import { AoshError, EXIT } from './errors.js';
import type { Limits } from './process-table.js';

/**
 * A stage's limits: what it asks (spawn --mem, SPAWN's limits), never above the session's
 * (aosh --mem/--cpu/--pids, and the default pids ceiling): capabilities intersect down.
 */
export function capLimits(session: Limits, asked: Limits): Limits {
  const out: Limits = { ...session };
  for (const k of ['memoryBytes', 'cpu', 'pids'] as const) {
    const v = asked[k];
    if (!v) continue;
    const cap = session[k];
    out[k] = cap ? Math.min(cap, v) : v;
  }
  return out;
}

/** Pids in a stage's cgroup (for STOP/CONT), empty when there is none. */
export function cgroupMembers(dir: string | undefined): number[] {
  if (!dir) return [];
  try {
    return readFileSync(`${dir}/cgroup.procs`, 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The parent of a process from /proc/PID/stat (the field after the parenthesised name), or null. */
export function parentPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const m = /\) \S+ (\d+)/.exec(stat.slice(stat.lastIndexOf(')')));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export function pathDirsOf(env: Record<string, string>): string[] {
  return (env.PATH ?? process.env.PATH ?? '/usr/bin:/bin').split(':').filter((d) => d.startsWith('/'));
}

export function envList(env: Record<string, string>): string[] {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

export function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

export function spawnError(name: string, err: unknown): AoshError {
  const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
  switch (code) {
    case 'ENOENT':
      return new AoshError(code, `${name}: No such file or directory`, EXIT.NOT_FOUND);
    case 'EACCES':
    case 'EPERM':
      return new AoshError(code, `${name}: Permission denied`, EXIT.CANNOT_EXECUTE);
    case 'ENOEXEC':
      return new AoshError(code, `${name}: cannot execute binary file: Exec format error`, EXIT.CANNOT_EXECUTE);
    case 'ENOTDIR':
    case 'EISDIR':
      return new AoshError(code, `${name}: Is a directory`, EXIT.CANNOT_EXECUTE);
    default:
      return new AoshError(code, `${name}: ${(err as Error).message}`, EXIT.CANNOT_EXECUTE);
  }
}

/** Whether /proc shows the process stopped (T, t), ended (Z, X) or gone. */
function stoppedOrGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state === 'T' || state === 't' || state === 'Z' || state === 'X';
  } catch {
    return true;
  }
}

/**
 * Resolves once every process of these stages is really stopped (or gone), at most `ms`
 * later. Why: SIGSTOP takes effect when the process next runs, and a terminal read it
 * sleeps in checks O_NONBLOCK before pending signals; if the prompt made the terminal
 * non-blocking first, the read failed with EAGAIN and `fg` resumed a `cat` that failed.
 */
export async function stoppedSettled(entries: ReadonlyArray<{ pid: number | null; cgroup?: string }>, ms = 500): Promise<void> {
  const pids = [...new Set(entries.flatMap((e) => (e.pid === null ? [] : [e.pid, ...cgroupMembers(e.cgroup)])))];
  const deadline = Date.now() + ms;
  while (pids.some((p) => !stoppedOrGone(p)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}
