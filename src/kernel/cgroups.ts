// Per-stage cgroups: layout detection (v2, v1, hybrid), one session directory below
// aosh's OWN cgroup in each hierarchy (never elsewhere), one directory per stage below
// that, limits, usage for `ps`, OOM detection, cleanup.
//
//   <own cgroup>/aosh-<random>/s<N>     in every hierarchy that holds a controller we use
//
// The child joins its directories itself, before it runs anything (native/namespaces.cc:
// it writes "0" into cgroup.procs fds opened here), so nothing escapes between fork and
// attach. Controllers are looked up per name: in a hybrid layout (cgroup2 mounted but
// with the controllers bound to v1 hierarchies) the v1 hierarchy wins, since that is
// where the limits act. Everything is plain file I/O, done synchronously in the parent:
// a few mkdir/write calls per stage, cheaper than a round trip to the child.
//
// Dead sessions (aosh killed with -9 cannot clean up) are swept when the next session
// creates its own directory. A pid would not identify a session (aosh in another pid
// namespace sees other numbers, and two sessions in two namespaces can have the same
// pid), so session directories have random names, and a sweep removes those that hold no
// process and have not changed for a minute; a live session whose idle directory was
// swept makes it again on its next stage.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync, accessSync, constants } from 'node:fs';
import path from 'node:path';

import type { Limits } from './process-table.js';

export type CgroupLayout = 'v2' | 'v1' | 'hybrid' | 'none';
export type Controller = 'memory' | 'cpu' | 'cpuacct' | 'pids';
const CONTROLLERS: readonly Controller[] = ['memory', 'cpu', 'cpuacct', 'pids'];

/** Where one controller lives for this process. */
interface Placement {
  version: 1 | 2;
  /** aosh's own cgroup directory in that hierarchy. */
  own: string;
}

export interface CgroupUsage {
  cpuSeconds: number | null;
  /** The user and system parts of cpuSeconds, where the controller tells (`times`). */
  userSeconds?: number | null;
  systemSeconds?: number | null;
  memoryBytes: number | null;
  memoryPeakBytes: number | null;
  pids: number | null;
}

export interface StageCgroup {
  /** One directory per hierarchy. */
  dirs: string[];
  /** The cgroup.procs files the child writes itself into. */
  procs: string[];
  /** The limits actually applied. */
  applied: Limits;
  usage(): CgroupUsage;
  /** OOM kills inside this cgroup so far. */
  oomKills(): number;
  /** Removes the directories (retries a little while the last processes exit). */
  remove(): void;
}

interface PooledStage {
  dirs: string[];
  procs: string[];
  dirOf: Map<Controller, string>;
  /** The limits the directories hold now (0: none), so a reuse writes only what changes. */
  memory: number;
  cpu: number;
  pids: number;
}

export interface CgroupInfo {
  layout: CgroupLayout;
  /** Controller -> own cgroup directory (v1 or v2). */
  controllers: Partial<Record<Controller, string>>;
  /** Why a controller is not usable (missing, not delegated...). */
  problems: string[];
}

const PERIOD_US = 100_000;

function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function unescapeMount(s: string): string {
  return s.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Reads /proc/self/mountinfo and /proc/self/cgroup once. Exported for tests. */
export function detectCgroups(mountinfo = read('/proc/self/mountinfo') ?? '', selfCgroup = read('/proc/self/cgroup') ?? ''): CgroupInfo {
  const v1 = new Map<string, { mount: string; root: string }>(); // controller -> mount
  let v2: { mount: string; root: string } | null = null;
  for (const line of mountinfo.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const pre = line.slice(0, sep).split(' ');
    const post = line.slice(sep + 3).split(' ');
    const [fstype, , superOpts = ''] = post;
    const root = unescapeMount(pre[3] ?? '/');
    const mount = unescapeMount(pre[4] ?? '');
    if (fstype === 'cgroup2') v2 ??= { mount, root };
    else if (fstype === 'cgroup') for (const opt of superOpts.split(',')) if ((CONTROLLERS as readonly string[]).includes(opt) && !v1.has(opt)) v1.set(opt, { mount, root });
  }
  const own1 = new Map<string, string>();
  let own2: string | null = null;
  for (const line of selfCgroup.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === '0' && m[2] === '') own2 = m[3]!;
    else for (const c of m[2]!.split(',')) own1.set(c, m[3]!);
  }
  const info: CgroupInfo = { layout: v1.size && v2 ? 'hybrid' : v1.size ? 'v1' : v2 ? 'v2' : 'none', controllers: {}, problems: [] };
  const join = (mnt: { mount: string; root: string }, p: string): string | null => {
    const rel = mnt.root === '/' ? p : p === mnt.root ? '/' : p.startsWith(mnt.root + '/') ? p.slice(mnt.root.length) : null;
    return rel === null ? null : path.join(mnt.mount, rel);
  };
  let v2Controllers: string[] = [];
  let v2Own: string | null = null;
  if (v2 && own2 !== null) {
    v2Own = join(v2, own2);
    if (v2Own) v2Controllers = (read(path.join(v2Own, 'cgroup.controllers')) ?? '').trim().split(/\s+/);
  }
  for (const c of CONTROLLERS) {
    const mnt = v1.get(c);
    const p = own1.get(c);
    if (mnt && p !== undefined) {
      const dir = join(mnt, p);
      if (dir) info.controllers[c] = dir;
      else info.problems.push(`${c}: own cgroup ${p} is outside the mounted hierarchy`);
      continue;
    }
    // cgroup v2: cpu accounting comes with the cpu controller (cpu.stat is always there).
    const name = c === 'cpuacct' ? 'cpu' : c;
    if (v2Own && (v2Controllers.includes(name) || c === 'cpuacct')) info.controllers[c] = v2Own;
    else info.problems.push(`${c} controller not available`);
  }
  return info;
}

function placementOf(info: CgroupInfo, c: Controller): Placement | null {
  const own = info.controllers[c];
  if (!own) return null;
  return { version: existsSync(path.join(own, 'cgroup.controllers')) ? 2 : 1, own };
}

/** Removes a cgroup directory tree (children first); processes must be gone. */
function removeTree(dir: string): boolean {
  let ok = true;
  let entries: string[] = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return !existsSync(dir);
  }
  for (const e of entries) ok = removeTree(path.join(dir, e)) && ok;
  try {
    rmdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') ok = false;
  }
  return ok;
}

function writeTo(file: string, value: string): void {
  writeFileSync(file, value);
}

function num(s: string | null): number | null {
  if (s === null) return null;
  const n = Number(s.trim());
  return Number.isFinite(n) ? n : null;
}

function keyed(s: string | null, key: string): number | null {
  if (s === null) return null;
  const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(s);
  return m ? Number(m[1]) : null;
}

/**
 * One per kernel. Lazily creates `aosh-<pid>` below the own cgroup of each hierarchy on
 * the first stage; `available` says whether any limit can be applied at all.
 */
export class CgroupManager {
  readonly info: CgroupInfo;
  // Unique enough to never collide (two sessions in one second with the same pid in two
  // namespaces would also need the same 48 random bits); not a secret: no crypto to load.
  private readonly sessionName = `aosh-${Date.now().toString(16)}${Math.floor(Math.random() * 2 ** 48).toString(16).padStart(12, '0')}`;
  /** own dir -> session dir (one per hierarchy; v1 controllers may share one). */
  private sessions: Map<string, string> | null = null;
  private sessionError: string | null = null;
  private next = 1;
  private readonly placements = new Map<Controller, Placement>();

  /**
   * pids.max of the session directory, over all its stages together: each stage has its
   * own limit, but an agent starting stage after stage (EXEC, SPAWN) multiplied it until
   * the host ran out of processes. 0: none.
   */
  sessionPids = 0;

  constructor(info: CgroupInfo = detectCgroups()) {
    this.info = info;
    for (const c of CONTROLLERS) {
      const p = placementOf(info, c);
      if (p) this.placements.set(c, p);
    }
  }

  /** Controllers we can use (present and writable by us), after the session is set up. */
  usable(): Controller[] {
    this.ensureSession();
    return [...this.placements.keys()];
  }

  /** Null when no controller is usable; `why` then says what is missing. */
  get problem(): string | null {
    this.ensureSession();
    if (this.placements.size === 0) return this.sessionError ?? this.info.problems.join('; ') ?? 'no cgroup controllers';
    return null;
  }

  private ensureSession(): void {
    if (this.sessions) return;
    this.sessions = new Map();
    for (const [c, p] of [...this.placements]) {
      const session = path.join(p.own, this.sessionName);
      if (this.sessions.has(p.own)) continue;
      try {
        accessSync(p.own, constants.W_OK);
        sweepStale(p.own, this.sessionName);
        if (p.version === 2) enableV2(p.own);
        mkdirSync(session, { recursive: true });
        if (p.version === 2) enableV2(session);
        if (c === 'pids' && this.sessionPids > 0) writeTo(path.join(session, 'pids.max'), String(this.sessionPids));
        this.sessions.set(p.own, session);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        this.sessionError = `${c}: cannot create ${session}: ${err.code ?? err.message}`;
        this.info.problems.push(this.sessionError);
        this.placements.delete(c);
      }
    }
    for (const [c, p] of [...this.placements]) if (!this.sessions.has(p.own)) this.placements.delete(c);
  }

  /**
   * Stage directories of stages that have ended, empty, kept for the next stage: making and
   * removing cgroups costs more than starting a small program (a v1 cpuacct rmdir waits
   * for an RCU grace period: ~1 ms here), and scripts start stages one after another.
   */
  private readonly pool: PooledStage[] = [];
  private static readonly POOL_MAX = 8;

  /** Creates (or reuses) a stage cgroup with these limits; throws when a directory cannot be made. */
  createStage(limits: Limits): StageCgroup {
    this.ensureSession();
    const st = this.pool.pop() ?? this.makeStage();
    const applied: Limits = {};
    const v = (c: Controller) => this.placements.get(c)?.version;
    const mem = st.dirOf.get('memory');
    try {
      if (mem) {
        const want = limits.memoryBytes ?? 0;
        if (want !== st.memory) {
          if (v('memory') === 2) {
            writeTo(path.join(mem, 'memory.max'), want ? String(want) : 'max');
            if (existsSync(path.join(mem, 'memory.swap.max'))) writeTo(path.join(mem, 'memory.swap.max'), want ? '0' : 'max');
          } else {
            // memsw first when lowering (it may never be below limit_in_bytes), last when raising.
            const memsw = path.join(mem, 'memory.memsw.limit_in_bytes');
            const hasSw = existsSync(memsw);
            const value = want ? String(want) : '-1';
            if (hasSw && want && (st.memory === 0 || want < st.memory)) {
              writeTo(path.join(mem, 'memory.limit_in_bytes'), value);
              writeTo(memsw, value);
            } else {
              if (hasSw) writeTo(memsw, value);
              writeTo(path.join(mem, 'memory.limit_in_bytes'), value);
            }
          }
          st.memory = want;
        }
        if (want) applied.memoryBytes = want;
        if (v('memory') !== 2) writeTo(path.join(mem, 'memory.max_usage_in_bytes'), '0');
      }
      const cpu = st.dirOf.get('cpu');
      if (cpu) {
        const want = limits.cpu ?? 0;
        if (want !== st.cpu) {
          const quota = want ? Math.max(1000, Math.round(want * PERIOD_US)) : -1;
          if (v('cpu') === 2) writeTo(path.join(cpu, 'cpu.max'), `${quota < 0 ? 'max' : quota} ${PERIOD_US}`);
          else {
            writeTo(path.join(cpu, 'cpu.cfs_period_us'), String(PERIOD_US));
            writeTo(path.join(cpu, 'cpu.cfs_quota_us'), String(quota));
          }
          st.cpu = want;
        }
        if (want) applied.cpu = want;
      }
      const acct = st.dirOf.get('cpuacct');
      if (acct && v('cpuacct') !== 2) writeTo(path.join(acct, 'cpuacct.usage'), '0');
      const pids = st.dirOf.get('pids');
      if (pids) {
        const want = limits.pids ?? 0;
        if (want !== st.pids) {
          writeTo(path.join(pids, 'pids.max'), want ? String(want) : 'max');
          st.pids = want;
        }
        if (want) applied.pids = want;
      }
    } catch (e) {
      for (const d of st.dirs) removeTree(d);
      throw e;
    }
    const oomBase = this.oomCount(st);
    const dirOf = st.dirOf;
    let released = false;
    return {
      dirs: st.dirs,
      procs: st.procs,
      applied,
      usage: () => readUsage(dirOf, v),
      oomKills: () => this.oomCount(st) - oomBase,
      remove: () => {
        if (released) return;
        released = true;
        this.release(st);
      },
    };
  }

  private makeStage(): PooledStage {
    const name = `s${this.next++}`;
    const dirOf = new Map<Controller, string>();
    const dirs: string[] = [];
    const byOwn = new Map<string, string>();
    try {
      for (const [c, p] of this.placements) {
        let dir = byOwn.get(p.own);
        if (!dir) {
          dir = path.join(this.sessions!.get(p.own)!, name);
          try {
            mkdirSync(dir);
          } catch (e) {
            // Swept by another session while idle: make it again.
            if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
            mkdirSync(path.dirname(dir), { recursive: true });
            if (p.version === 2) enableV2(path.dirname(dir));
            mkdirSync(dir);
          }
          byOwn.set(p.own, dir);
          dirs.push(dir);
        }
        dirOf.set(c, dir);
      }
    } catch (e) {
      for (const d of dirs) removeTree(d);
      throw e;
    }
    // v1: the stage's PID 1 joins through `tasks`. It is single-threaded then, so moving its
    // one thread moves the process, and a thread's move skips the global threadgroup lock
    // (and its RCU grace period) that a write to cgroup.procs takes: ~10 µs instead of
    // 0.3-15 ms here. v2 has no such file (and CLONE_INTO_CGROUP instead).
    const procs = dirs.map((d) => path.join(d, existsSync(path.join(d, 'cgroup.controllers')) ? 'cgroup.procs' : 'tasks'));
    return { dirs, procs, dirOf, memory: 0, cpu: 0, pids: 0 };
  }

  private oomCount(st: PooledStage): number {
    const mem = st.dirOf.get('memory');
    if (!mem) return 0;
    if (this.placements.get('memory')?.version === 2) return keyed(read(path.join(mem, 'memory.events')), 'oom_kill') ?? 0;
    return keyed(read(path.join(mem, 'memory.oom_control')), 'oom_kill') ?? 0;
  }

  /** Back to the pool when empty (the stage's processes are gone), else removed. */
  private release(st: PooledStage): void {
    const empty = st.dirs.every((d) => (read(path.join(d, 'cgroup.procs')) ?? '').trim() === '');
    if (empty && this.pool.length < CgroupManager.POOL_MAX) {
      this.pool.push(st);
      return;
    }
    for (const d of st.dirs) removeWithRetry(d);
  }

  /** Removes the session directories (best effort: at exit, stages may still be dying). */
  cleanup(): void {
    for (const st of this.pool.splice(0)) for (const d of st.dirs) removeTree(d);
    if (!this.sessions) return;
    for (const s of this.sessions.values()) removeTree(s);
  }
}

function readUsage(dirOf: Map<Controller, string>, v: (c: Controller) => 1 | 2 | undefined): CgroupUsage {
  const out: CgroupUsage = { cpuSeconds: null, memoryBytes: null, memoryPeakBytes: null, pids: null };
  const acct = dirOf.get('cpuacct');
  if (acct) {
    if (v('cpuacct') === 2) {
      const stat = read(path.join(acct, 'cpu.stat'));
      const us = keyed(stat, 'usage_usec');
      out.cpuSeconds = us === null ? null : us / 1e6;
      const user = keyed(stat, 'user_usec');
      const sys = keyed(stat, 'system_usec');
      out.userSeconds = user === null ? null : user / 1e6;
      out.systemSeconds = sys === null ? null : sys / 1e6;
    } else {
      const ns = num(read(path.join(acct, 'cpuacct.usage')));
      out.cpuSeconds = ns === null ? null : ns / 1e9;
      // cpuacct.stat counts USER_HZ ticks (100 a second on Linux).
      const stat = read(path.join(acct, 'cpuacct.stat'));
      const user = keyed(stat, 'user');
      const sys = keyed(stat, 'system');
      out.userSeconds = user === null ? null : user / 100;
      out.systemSeconds = sys === null ? null : sys / 100;
    }
  }
  const mem = dirOf.get('memory');
  if (mem) {
    if (v('memory') === 2) {
      out.memoryBytes = num(read(path.join(mem, 'memory.current')));
      out.memoryPeakBytes = num(read(path.join(mem, 'memory.peak')));
    } else {
      out.memoryBytes = num(read(path.join(mem, 'memory.usage_in_bytes')));
      out.memoryPeakBytes = num(read(path.join(mem, 'memory.max_usage_in_bytes')));
    }
  }
  const pids = dirOf.get('pids');
  if (pids) out.pids = num(read(path.join(pids, 'pids.current')));
  return out;
}

function removeWithRetry(dir: string): void {
  // The stage's PID 1 is reaped only after every process of its namespace has exited,
  // so the cgroup is normally empty already; EBUSY means a straggler is still on its way out.
  for (let i = 0; i < 50; i++) {
    try {
      rmdirSync(dir);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY') return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    }
  }
}

/** cgroup v2: controllers must be enabled in the parent's subtree_control. */
function enableV2(dir: string): void {
  const available = (read(path.join(dir, 'cgroup.controllers')) ?? '').trim().split(/\s+/);
  const want = ['memory', 'cpu', 'pids'].filter((c) => available.includes(c));
  if (want.length === 0) return;
  const fd = openSync(path.join(dir, 'cgroup.subtree_control'), 'w');
  try {
    writeFileSync(fd, want.map((c) => `+${c}`).join(' '));
  } finally {
    closeSync(fd);
  }
}

/** Removes session directories that hold no process and have been idle for a minute (see the top). */
function sweepStale(own: string, mine: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(own);
  } catch {
    return;
  }
  const now = Date.now();
  for (const n of names) {
    if (!/^aosh-[0-9a-f]+$/.test(n) || n === mine) continue;
    const dir = path.join(own, n);
    try {
      if (now - statSync(dir).mtimeMs < 60_000 || hasProcesses(dir)) continue;
    } catch {
      continue;
    }
    removeTree(dir);
  }
}

function hasProcesses(dir: string): boolean {
  if ((read(path.join(dir, 'cgroup.procs')) ?? '').trim() !== '') return true;
  try {
    return readdirSync(dir, { withFileTypes: true }).some((d) => d.isDirectory() && hasProcesses(path.join(dir, d.name)));
  } catch {
    return false;
  }
}

/**
 * Below these a stage cannot even start (its PID 1 and the command are two processes, and
 * both need some memory): asking for less is a usage error, not a stage that dies oddly.
 */
export const LIMIT_FLOORS = { memoryBytes: 4 * 2 ** 20, pids: 4, cpu: 0.01 } as const;

/** Why a limit is refused (below its floor), or null. `flag` names it as the user wrote it. */
export function limitFloorError(kind: 'memoryBytes' | 'cpu' | 'pids', value: number, flag: string): string | null {
  const floor = LIMIT_FLOORS[kind];
  if (value >= floor) return null;
  const shown = kind === 'memoryBytes' ? `${floor / 2 ** 20}M` : String(floor);
  return `${flag} ${kind === 'memoryBytes' ? `${value} bytes` : value}: below the minimum of ${shown} (a stage's PID 1 and its command need at least that)`;
}

/** "256M", "1G", "512k", "1048576" -> bytes; null when malformed. */
export function parseBytes(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([kKmMgGtT]i?[bB]?|[bB])?$/.exec(s.trim());
  if (!m) return null;
  const unit = (m[2] ?? '').toLowerCase()[0] ?? '';
  const mult = { '': 1, b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[unit];
  if (mult === undefined) return null;
  const n = Math.round(Number(m[1]) * mult);
  return n > 0 ? n : null;
}

/** "0.5" (cores) or "50%" -> cores; null when malformed. */
export function parseCpu(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(%)?$/.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]) / (m[2] ? 100 : 1);
  return n > 0 ? n : null;
}

/** A positive integer; null when malformed. */
export function parsePids(s: string): number | null {
  return /^\d+$/.test(s.trim()) && Number(s) > 0 ? Number(s) : null;
}
