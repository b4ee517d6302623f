// The kernel's process table: every external command and every builtin run as a
// pipeline stage has an entry here, from spawn until it is reaped and pruned.
import { signalName } from './signals.js';
import type { PermissionSet } from './permissions.js';

export type ProcState = 'running' | 'stopped' | 'restarting' | 'exited' | 'killed' | 'oom-killed' | 'failed';
export type ProcKind = 'process' | 'task';
export type Isolation = 'full' | 'userns' | 'none';

export interface Limits {
  memoryBytes?: number;
  cpu?: number;
  pids?: number;
}

export interface ProcEntry {
  id: number;
  name: string;
  kind: ProcKind;
  pid: number | null;
  pgid: number | null;
  state: ProcState;
  exitCode: number | null;
  signal: string | null;
  command: string;
  startedAt: number;
  endedAt: number | null;
  job: number | null;
  parent: number | null;
  isolation: Isolation;
  limits: Limits;
  restarts: number;
  /** Shell status of the entry once ended: code, or 128+signal. */
  status: number | null;
  /** The stage's cgroup (first hierarchy's directory), when it has one. */
  cgroup?: string;
  /** Resource usage: sampled live from the cgroup (see refreshUsage), final once ended. */
  usage?: ProcUsage;
  /** Reads the live usage (set by the kernel while the stage runs). */
  usageSource?: () => ProcUsage;
  /** Supervised agents: the restart mode, and whether a kill asked it to stay down. */
  restartPolicy?: string;
  stopRequested?: boolean;
  /** A restarted incarnation folded into its supervised entry: not listed by ps. */
  hidden?: boolean;
  /** An agent (started by spawn or SPAWN): it gets agents/<name>/ in the files view. */
  agent?: boolean;
  /** What the stage may do (the session's set intersected with its own grants). */
  permissions?: PermissionSet;
}

export interface ProcUsage {
  cpuSeconds: number | null;
  memoryBytes: number | null;
  memoryPeakBytes: number | null;
  pids: number | null;
}

/** Updates entry.usage from the live cgroup (no-op for tasks and ended entries). */
export function refreshUsage(e: ProcEntry): ProcUsage | undefined {
  if (e.usageSource && isLive(e)) {
    try {
      e.usage = e.usageSource();
    } catch {
      // the cgroup went away between exit and reap
    }
  }
  return e.usage;
}

export interface ProcJson {
  id: number;
  name: string;
  kind: ProcKind;
  pid: number | null;
  pgid: number | null;
  state: ProcState;
  exit_code: number | null;
  signal: string | null;
  command: string;
  started_at: string;
  ended_at: string | null;
  job: number | null;
  parent: number | null;
  isolation: Isolation;
  limits: Limits;
  restarts: number;
  uptime_seconds: number;
  cgroup: string | null;
  cpu_seconds: number | null;
  memory_bytes: number | null;
  memory_peak_bytes: number | null;
  pids: number | null;
}

export function isLive(e: ProcEntry): boolean {
  return e.state === 'running' || e.state === 'stopped' || e.state === 'restarting';
}

export class ProcessTable {
  private readonly entries = new Map<number, ProcEntry>();
  private nextId = 1;

  add(init: Omit<ProcEntry, 'id' | 'state' | 'exitCode' | 'signal' | 'endedAt' | 'restarts' | 'status' | 'startedAt'>): ProcEntry {
    const entry: ProcEntry = {
      ...init,
      id: this.nextId++,
      state: 'running',
      exitCode: null,
      signal: null,
      startedAt: Date.now(),
      endedAt: null,
      restarts: 0,
      status: null,
    };
    this.entries.set(entry.id, entry);
    return entry;
  }

  get(id: number): ProcEntry | undefined {
    return this.entries.get(id);
  }

  /** All entries, oldest first; ended ones only when `all`. */
  list(all = false): ProcEntry[] {
    const out = [...this.entries.values()].filter((e) => !e.hidden);
    return all ? out : out.filter(isLive);
  }

  /**
   * Finds entries by a user-facing reference: a kernel id ("3"), a pid ("pid:1234" or a
   * bare number that matches no id), or a name. Live entries win over ended ones.
   */
  find(ref: string): ProcEntry[] {
    const byRecent = [...this.entries.values()].sort((a, b) => Number(isLive(b)) - Number(isLive(a)) || b.id - a.id);
    if (/^pid:\d+$/.test(ref)) return byRecent.filter((e) => e.pid === Number(ref.slice(4)));
    if (/^\d+$/.test(ref)) {
      const n = Number(ref);
      const byId = this.entries.get(n);
      if (byId) return [byId];
      return byRecent.filter((e) => e.pid === n);
    }
    return byRecent.filter((e) => e.name === ref);
  }

  markExited(entry: ProcEntry, code: number | null, signal: number | null, state?: ProcState): void {
    entry.exitCode = code;
    entry.signal = signal === null ? null : signalName(signal);
    entry.state = state ?? (signal !== null ? 'killed' : 'exited');
    entry.endedAt = Date.now();
    entry.status = code !== null ? code : 128 + (signal ?? 0);
  }

  /** Forgets ended entries (kept until then so `ps -a` and `wait` can see them). */
  remove(id: number): void {
    this.entries.delete(id);
  }

  prune(keep: (e: ProcEntry) => boolean = isLive): void {
    for (const [id, e] of this.entries) if (!keep(e)) this.entries.delete(id);
  }
}

export function procToJson(e: ProcEntry, now = Date.now()): ProcJson {
  return {
    id: e.id,
    name: e.name,
    kind: e.kind,
    pid: e.pid,
    pgid: e.pgid,
    state: e.state,
    exit_code: e.exitCode,
    signal: e.signal,
    command: e.command,
    started_at: new Date(e.startedAt).toISOString(),
    ended_at: e.endedAt === null ? null : new Date(e.endedAt).toISOString(),
    job: e.job,
    parent: e.parent,
    isolation: e.isolation,
    limits: e.limits,
    restarts: e.restarts,
    uptime_seconds: ((e.endedAt ?? now) - e.startedAt) / 1000,
    cgroup: e.cgroup ?? null,
    cpu_seconds: e.usage?.cpuSeconds ?? null,
    memory_bytes: e.usage?.memoryBytes ?? null,
    memory_peak_bytes: e.usage?.memoryPeakBytes ?? null,
    pids: e.usage?.pids ?? null,
  };
}
