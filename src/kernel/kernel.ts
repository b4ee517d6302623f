// The embedded kernel: owns every process and task, the channels between them, and the
// session's permissions. UI-free and usable without the shell (DESIGN.md).
import { EventBus } from './events.js';
import { AoshError, EXIT } from './errors.js';
import { loadNative, nativeStatus, type NativeAddon } from './native.js';
import { ChannelTable, type Channel } from './channels.js';
import { ProcessTable, isLive, type Limits, type ProcEntry, type Isolation } from './process-table.js';
import { allowAll, type PermissionSet } from './permissions.js';
import { signalNumber } from './signals.js';

export interface KernelOptions {
  /** The session's permissions (the ceiling for everything it starts). */
  permissions?: PermissionSet;
  /** $AOSH_HOME. */
  home?: string;
}

export interface SpawnSpec {
  /** argv[0] is the name the user typed. */
  argv: string[];
  /** Resolved executable path. */
  file: string;
  env: Record<string, string>;
  cwd: string;
  /** Child fd i <- fds[i]. */
  fds: number[];
  name?: string;
  command?: string;
  job?: number | null;
  parent?: number | null;
  /** 0: lead a new process group; >0: join it. */
  pgid?: number;
  foregroundTty?: number;
  limits?: Limits;
}

export interface TaskSpec {
  name: string;
  command: string;
  job?: number | null;
  parent?: number | null;
  /** Runs the builtin; resolves to its exit status. The signal aborts it (kill). */
  run: (signal: AbortSignal) => Promise<number>;
}

export interface ProcHandle {
  entry: ProcEntry;
  /** Resolves once the entry has ended (reaped, or the task settled). */
  done: Promise<ProcEntry>;
}

export class Kernel {
  readonly events = new EventBus();
  readonly procs = new ProcessTable();
  readonly permissions: PermissionSet;
  readonly home: string | undefined;
  private nativeAddon: NativeAddon | null | undefined;
  private channelTable: ChannelTable | undefined;
  private readonly waiters = new Map<number, Promise<ProcEntry>>();
  private readonly aborters = new Map<number, AbortController>();

  constructor(opts: KernelOptions = {}) {
    this.permissions = opts.permissions ?? allowAll();
    this.home = opts.home;
  }

  /** The addon, loaded on first use; throws a one-line error naming what is missing. */
  get native(): NativeAddon {
    if (this.nativeAddon === undefined) this.nativeAddon = loadNative();
    if (!this.nativeAddon) {
      const st = nativeStatus();
      throw new AoshError('ENATIVE', `native addon not loaded (${st.error ?? 'unknown error'}); run: npm run build:native`, EXIT.FAILURE);
    }
    return this.nativeAddon;
  }

  get channels(): ChannelTable {
    this.channelTable ??= new ChannelTable(this.native);
    return this.channelTable;
  }

  /** A new kernel channel between two stages. */
  channel(writer = '', reader = ''): Channel {
    const ch = this.channels.create();
    ch.writer = writer;
    ch.reader = reader;
    return ch;
  }

  /** Starts an external process. Throws AoshError with code ENOENT/EACCES/... when exec fails. */
  spawn(spec: SpawnSpec): ProcHandle {
    const isolation: Isolation = 'none';
    let resolveDone!: (e: ProcEntry) => void;
    const done = new Promise<ProcEntry>((r) => (resolveDone = r));
    let exitedEarly: { code: number | null; signal: number | null } | null = null;
    let entry: ProcEntry | undefined;
    const onExit = (st: { code: number | null; signal: number | null }): void => {
      if (!entry) {
        exitedEarly = st;
        return;
      }
      this.finish(entry, st.code, st.signal);
      resolveDone(entry);
    };
    let pid: number;
    try {
      pid = this.native.spawn(
        {
          file: spec.file,
          argv: spec.argv,
          env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
          cwd: spec.cwd,
          fds: spec.fds,
          pgid: spec.pgid ?? -1,
          foregroundTty: spec.foregroundTty,
        },
        onExit,
      ).pid;
    } catch (err) {
      throw spawnError(spec.argv[0] ?? spec.file, err);
    }
    entry = this.procs.add({
      name: spec.name ?? baseName(spec.argv[0] ?? spec.file),
      kind: 'process',
      pid,
      pgid: spec.pgid === 0 ? pid : spec.pgid && spec.pgid > 0 ? spec.pgid : null,
      command: spec.command ?? spec.argv.join(' '),
      job: spec.job ?? null,
      parent: spec.parent ?? null,
      isolation,
      limits: spec.limits ?? {},
    });
    this.events.emit('spawned', { id: entry.id, name: entry.name, pid, command: entry.command });
    if (exitedEarly) onExit(exitedEarly);
    this.waiters.set(entry.id, done);
    return { entry, done };
  }

  /** Runs a builtin as a kernel task: it shows in `ps` and `jobs` like a process. */
  runTask(spec: TaskSpec): ProcHandle {
    const entry = this.procs.add({
      name: spec.name,
      kind: 'task',
      pid: null,
      pgid: null,
      command: spec.command,
      job: spec.job ?? null,
      parent: spec.parent ?? null,
      isolation: 'none',
      limits: {},
    });
    const ac = new AbortController();
    this.aborters.set(entry.id, ac);
    this.events.emit('spawned', { id: entry.id, name: entry.name, pid: null, command: entry.command });
    const done = spec.run(ac.signal).then(
      (status) => status,
      () => EXIT.FAILURE,
    ).then((status) => {
      this.aborters.delete(entry.id);
      if (isLive(entry)) {
        const sig = ac.signal.aborted ? (ac.signal.reason as number | undefined) : undefined;
        if (typeof sig === 'number') this.finish(entry, null, sig);
        else this.finish(entry, status, null);
      }
      return entry;
    });
    this.waiters.set(entry.id, done);
    return { entry, done };
  }

  private finish(entry: ProcEntry, code: number | null, signal: number | null): void {
    this.procs.markExited(entry, code, signal);
    this.events.emit('exited', { id: entry.id, name: entry.name, exitCode: entry.exitCode, signal: entry.signal, state: entry.state });
  }

  /** Resolves when the entry has ended. */
  wait(entry: ProcEntry): Promise<ProcEntry> {
    return this.waiters.get(entry.id) ?? Promise.resolve(entry);
  }

  /** Sends a signal to a process (its group when it leads one) or aborts a task. */
  signal(entry: ProcEntry, sig: number | string): void {
    const num = typeof sig === 'number' ? sig : signalNumber(sig);
    if (num === undefined) throw new AoshError('EINVAL', `unknown signal: ${sig}`, EXIT.USAGE);
    if (!isLive(entry)) return;
    if (entry.kind === 'task') {
      if (num === 0) return;
      const ac = this.aborters.get(entry.id);
      if (ac && !ac.signal.aborted) ac.abort(num);
      return;
    }
    if (entry.pid === null) return;
    try {
      process.kill(entry.pid, num);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
    if (num === 19 || num === 20 || num === 21 || num === 22) {
      entry.state = 'stopped';
      this.events.emit('stopped', { id: entry.id, name: entry.name });
    } else if (num === 18 && entry.state === 'stopped') {
      entry.state = 'running';
      this.events.emit('continued', { id: entry.id, name: entry.name });
    }
  }

  /** Kills everything still running (SIGKILL to processes, abort to tasks) and tears down channels. */
  shutdown(): void {
    for (const e of this.procs.list()) {
      try {
        this.signal(e, e.kind === 'task' ? 15 : 9);
      } catch {
        // best effort on the way out
      }
    }
    this.channelTable?.cancelAll();
  }
}

function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

function spawnError(name: string, err: unknown): AoshError {
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
