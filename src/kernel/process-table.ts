// The kernel's process table: every external command and every builtin run as a
// pipeline stage has an entry here, from spawn until it is reaped and forgotten.
//
// Ended entries are history, and history is finite (limits.ts): the table remembers the
// last `count` ended entries, none older than `seconds`, plus every entry still pinned —
// a job's members stay while the job table holds the job (retain/release), so `jobs`,
// `kill %N` and `ps -a` agree. Without this every finished stage stayed for ever (6,004
// rows after 3,000 pipelines, issue 12).
import type { NetReport } from './net/world-net.js';
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
  /** --allow-net=HOST,…: its world's proxy counters (shared by the stages of one world). */
  net?: () => NetReport;
  /** An agent (started by spawn or SPAWN): it gets agents/<name>/ in the files view. */
  agent?: boolean;
  /** What the stage may do (the session's set intersected with its own grants). */
  permissions?: PermissionSet;
}

export interface ProcUsage {
  cpuSeconds: number | null;
  userSeconds?: number | null;
  systemSeconds?: number | null;
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
  /** Processes of a world with --allow-net=HOST,… (counters of the whole world). */
  net?: Pick<NetReport, 'world' | 'proxy' | 'allow' | 'connections' | 'active' | 'bytes_in' | 'bytes_out' | 'denied'>;
}

export function isLive(e: ProcEntry): boolean {
  return e.state === 'running' || e.state === 'stopped' || e.state === 'restarting';
}

export interface ProcHistory {
  /** Ended entries remembered. */
  count: number;
  /** Seconds an ended entry is remembered at most. */
  seconds: number;
}

export class ProcessTable {
  private readonly entries = new Map<number, ProcEntry>();
  private nextId = 1;
  /** Ids of ended entries, oldest end first (entries that came back to life are skipped). */
  private ended: number[] = [];
  /** Pins per id (a job holding its members). */
  private readonly pins = new Map<number, number>();
  /** Told when an entry is forgotten (the kernel drops what it kept for it). */
  onForget: ((id: number) => void) | null = null;

  constructor(
    private readonly history: ProcHistory = { count: 1000, seconds: 3600 },
    private readonly now: () => number = Date.now,
  ) {}

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
    if (all) this.trim();
    const out = [...this.entries.values()].filter((e) => !e.hidden);
    return all ? out : out.filter(isLive);
  }

  /**
   * Finds entries by a user-facing reference: a kernel id ("3"), a pid ("pid:1234" or a
   * bare number that matches no id), or a name. Live entries win over ended ones.
   */
  find(ref: string): ProcEntry[] {
    this.trim();
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
    entry.endedAt = this.now();
    entry.status = code !== null ? code : 128 + (signal ?? 0);
    this.ended.push(entry.id);
    this.trim();
  }

  /** Keeps an entry (ended or not) until release(): a job holds its members this way. */
  retain(id: number): void {
    this.pins.set(id, (this.pins.get(id) ?? 0) + 1);
  }

  release(id: number): void {
    const n = (this.pins.get(id) ?? 0) - 1;
    if (n > 0) this.pins.set(id, n);
    else {
      this.pins.delete(id);
      this.trim();
    }
  }

  /** Forgets an entry now (a restarted incarnation folded into its supervised entry). */
  remove(id: number): void {
    if (this.entries.delete(id)) this.onForget?.(id);
  }

  prune(keep: (e: ProcEntry) => boolean = isLive): void {
    for (const [id, e] of this.entries) if (!keep(e) && !this.pins.has(id)) this.remove(id);
  }

  /** How many entries are held, live and ended (for leak tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  /** Forgets ended entries beyond the history's count or age; pinned ones stay. */
  private trim(): void {
    const { count, seconds } = this.history;
    const cutoff = this.now() - seconds * 1000;
    const first = this.ended.length ? this.entries.get(this.ended[0]!) : undefined;
    // The common case: within the count, and the oldest is still history and young enough.
    if (this.ended.length <= count && (this.ended.length === 0 || (first && !isLive(first) && first.endedAt !== null && first.endedAt >= cutoff))) return;
    // Entries gone already or alive again (a supervised agent restarting) are not history;
    // an id that ended twice (restarted, ended again) counts once, at its last end.
    const seen = new Set<number>();
    const history: ProcEntry[] = [];
    for (let i = this.ended.length - 1; i >= 0; i--) {
      const id = this.ended[i]!;
      if (seen.has(id)) continue;
      seen.add(id);
      const e = this.entries.get(id);
      if (e && !isLive(e) && e.endedAt !== null) history.push(e);
    }
    history.reverse();
    let unpinned = history.filter((e) => !this.pins.has(e.id)).length;
    const keep: number[] = [];
    for (const e of history) {
      if (!this.pins.has(e.id) && (unpinned > count || e.endedAt! < cutoff)) {
        unpinned--;
        this.remove(e.id);
      } else {
        keep.push(e.id);
      }
    }
    this.ended = keep;
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
    ...(e.net ? { net: netJson(e.net()) } : {}),
  };
}

/** ps --json `net`: the counters, without the lists `net ls --json` has. */
function netJson(r: NetReport): ProcJson['net'] {
  return { world: r.world, proxy: r.proxy, allow: r.allow, connections: r.connections, active: r.active, bytes_in: r.bytes_in, bytes_out: r.bytes_out, denied: r.denied };
}
