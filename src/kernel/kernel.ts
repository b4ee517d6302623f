// The embedded kernel: owns every process and task, the channels between them, and the
// session's permissions. UI-free and usable without the shell (DESIGN.md).
import { readFileSync } from 'node:fs';
import { EventBus } from './events.js';
import { AoshError, EXIT } from './errors.js';
import { loadNative, nativeStatus, type NativeAddon } from './native.js';
import { ChannelTable, type Channel } from './channels.js';
import { ProcessTable, isLive, type Limits, type ProcEntry, type Isolation } from './process-table.js';
import { allowAll, intersect, type PermissionSet } from './permissions.js';
import { signalNumber } from './signals.js';
import { achievedIsolation, buildSandbox, DEFAULT_STAGE_LIMITS, filterEnv } from './sandbox.js';
import { CgroupManager, type StageCgroup } from './cgroups.js';
import type { SandboxSpec } from './native.js';
import { ApprovalBroker } from './approvals.js';
import { AgentSockets } from './agent-socket.js';
import { SessionTmp } from './session-tmp.js';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NamedChannels } from './named-channels.js';
import type { LlmService, LlmServiceOptions } from './llm/index.js';
import type { ThinkHandler } from './syscalls/types.js';
import type { Journal } from './journal.js';
import { homedir } from 'node:os';
import { AgentsFs } from './aosfs/index.js';

export interface KernelOptions {
  /** The session's permissions (the ceiling for everything it starts). */
  permissions?: PermissionSet;
  /** $AOSH_HOME. */
  home?: string;
  /** false: stages run without namespaces (--no-sandbox; isolation "none", warned once). Default true. */
  sandbox?: boolean;
  /** Default limits for every stage (--mem/--cpu/--pids on aosh); a stage's own limits win. */
  limits?: Limits;
  /** Where the one-line isolation warnings go (default: stderr). */
  warn?: (line: string) => void;
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
  /** A private /tmp for this stage (agents); shell stages share the host's. See sandbox.ts. */
  privateTmp?: boolean;
  /** Grants for this stage (spawn --allow-*), intersected with the session's: never more. */
  permissions?: PermissionSet;
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
  /** Approval requests (allow once / for the session / deny); the interactive REPL presents them. */
  readonly approvals = new ApprovalBroker();
  /**
   * The session's /tmp seen by sandboxed stages and, through map(), by the shell; null
   * without a sandbox or when --allow-write covers /tmp (then /tmp is the host's).
   */
  readonly tmp: SessionTmp | null;

  /**
   * The host path behind an absolute path as this session's stages see it: the shell's own
   * file operations go through here so they agree with the stages about /tmp.
   */
  hostPath(abs: string): string {
    return this.tmp && !this.sandboxOff ? this.tmp.map(abs) : abs;
  }

  /** The session socket's host path when it lives in the session's /tmp. */
  tmpSocket(): string | undefined {
    return this.tmp ? join(this.tmp.host, 'agentos.sock') : undefined;
  }

  private journalP: Promise<Journal | null> | undefined;
  private readonly auditing = new Set<Promise<unknown>>();

  /**
   * The audit journal ($AOSH_HOME/journal), opened on first use: the syscall server and the
   * agent loop append to the same chain. Loading it never delays a spawn.
   */
  journal(): Promise<Journal | null> {
    this.journalP ??= import('./journal.js')
      .then((m) => m.Journal.open(m.journalDir(this.home ?? process.env.AOSH_HOME ?? join(homedir(), '.aosh'))))
      .catch((err: Error) => {
        this.warnOnce('journal', `aosh: warning: audit journal unavailable (${err.message})`);
        return null;
      });
    return this.journalP;
  }

  /**
   * Appends an audit record without waiting for it (spawns, exits, signals). These are not
   * answers to a syscall, so they are written at once (a kill -9 of aosh cannot lose them)
   * but fdatasync'd only with the next durable record: a sync per process would cost more
   * than starting it.
   */
  audit(type: string, fields: Record<string, unknown>): void {
    const p = this.journal()
      .then((j) => j?.append(type, fields, { durable: false }))
      .catch(() => undefined)
      .finally(() => this.auditing.delete(p));
    this.auditing.add(p);
  }

  /** Waits for pending audit records and closes the journal (on the way out). */
  async closeJournal(): Promise<void> {
    while (this.auditing.size) await Promise.all([...this.auditing]);
    if (this.journalP) await (await this.journalP)?.close();
  }

  /** `pipe mk NAME` channels: fan-in and fan-out between running agents. */
  readonly named = new NamedChannels();
  /** --record/--replay/--budget-*: the LLM service is created from these on first think. */
  llmOptions: Partial<LlmServiceOptions> = {};
  /** Set by llmFor() on first use. */
  llm?: LlmService;
  private socketsImpl: AgentSockets | undefined;

  /** AGNT endpoints for stages (the syscall server behind them starts on first connect). */
  get sockets(): AgentSockets {
    this.socketsImpl ??= new AgentSockets(this, process.cwd());
    return this.socketsImpl;
  }

  /** THINK over the socket goes through the same LLM service, scheduler and budgets as `think`. */
  async thinkHandler(): Promise<ThinkHandler> {
    const [{ llmFor }, { thinkHandlerFor }] = await Promise.all([import('./llm/index.js'), import('./syscalls/llm-adapter.js')]);
    return thinkHandlerFor(llmFor(this));
  }
  readonly procs = new ProcessTable();
  readonly permissions: PermissionSet;
  readonly home: string | undefined;
  private nativeAddon: NativeAddon | null | undefined;
  private channelTable: ChannelTable | undefined;
  private readonly waiters = new Map<number, Promise<ProcEntry>>();
  private readonly aborters = new Map<number, AbortController>();
  // Sandbox state (issue 3): options, the cgroup manager (made on the first stage), each
  // live stage's cgroup, why the sandbox is off (once known) and the warnings already given.
  private readonly sandboxOpts: { enabled: boolean; limits: Limits; warn: (line: string) => void };
  private cgroupManager: CgroupManager | undefined;
  private readonly stageCgroups = new Map<number, StageCgroup>();
  private sandboxOff: string | null = null;
  private readonly warned = new Set<string>();

  constructor(opts: KernelOptions = {}) {
    this.permissions = opts.permissions ?? allowAll();
    this.home = opts.home;
    // Every process start and end is on the record (the governance seed's audit trail).
    this.events.on('spawned', (e) => this.audit('proc.spawn', { id: e.data.id, name: e.data.name, pid: e.data.pid, command: e.data.command }));
    this.events.on('exited', (e) => this.audit('proc.exit', { id: e.data.id, name: e.data.name, exit_code: e.data.exitCode, signal: e.data.signal, state: e.data.state }));
    this.tmp = opts.sandbox === false || sharesHostTmp(this.permissions) ? null : new SessionTmp(hostBoundUnderTmp(this.permissions, process.cwd()));
    this.sandboxOpts = { enabled: opts.sandbox ?? true, limits: { ...DEFAULT_STAGE_LIMITS, ...opts.limits }, warn: opts.warn ?? ((l) => void process.stderr.write(`${l}\n`)) };
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
    const startedAt = performance.now();
    const perms = spec.permissions ? intersect(this.permissions, spec.permissions) : this.permissions;
    const stage = this.planStage(spec, perms);
    const isolation: Isolation = stage.isolation;
    let resolveDone!: (e: ProcEntry) => void;
    const done = new Promise<ProcEntry>((r) => (resolveDone = r));
    // The addon reports the exit on a later turn of the event loop (a thread-safe
    // function), so `entry` below is always set by the time onExit runs.
    const slot: { entry?: ProcEntry } = {};
    const onExit = (st: { code: number | null; signal: number | null }): void => {
      const entry = slot.entry!;
      this.finish(entry, st.code, st.signal);
      resolveDone(entry);
    };
    let pid: number;
    try {
      pid = this.native.spawn(
        {
          file: spec.file,
          argv: stageArgv(spec.argv, stage.sandbox),
          env: Object.entries(stageEnv(filterEnv(spec.env, perms), stage.sandbox)).map(([k, v]) => `${k}=${v}`),
          cwd: spec.cwd,
          fds: spec.fds,
          // A sandboxed stage's PID 1 leads a group of its own, so a terminal's Ctrl-C (sent
          // to the terminal's foreground group: aosh's) never reaches agents running in the
          // background; the shell forwards it to the foreground job itself.
          pgid: spec.pgid ?? (stage.sandbox ? 0 : -1),
          foregroundTty: spec.foregroundTty,
          sandbox: stage.sandbox,
        },
        onExit,
      ).pid;
    } catch (err) {
      stage.cgroup?.remove();
      const e = err as { sandboxStep?: boolean; syscall?: string; message?: string };
      if (stage.sandbox && (e.sandboxStep || e.syscall === 'clone')) {
        // A kernel feature is missing (namespaces refused, a mount not allowed...):
        // run without the sandbox from now on, and say so once.
        this.sandboxOff = `${e.message ?? String(err)}`;
        return this.spawn(spec);
      }
      throw spawnError(spec.argv[0] ?? spec.file, err);
    }
    const entry = this.procs.add({
      name: spec.name ?? baseName(spec.argv[0] ?? spec.file),
      kind: 'process',
      pid,
      pgid: (spec.pgid ?? (stage.sandbox ? 0 : -1)) === 0 ? pid : spec.pgid && spec.pgid > 0 ? spec.pgid : null,
      command: spec.command ?? spec.argv.join(' '),
      job: spec.job ?? null,
      parent: spec.parent ?? null,
      isolation,
      limits: stage.cgroup ? stage.cgroup.applied : {},
    });
    if (stage.cgroup) {
      entry.cgroup = stage.cgroup.dirs[0];
      entry.usageSource = stage.cgroup.usage;
      this.stageCgroups.set(entry.id, stage.cgroup);
    }
    entry.permissions = perms;
    if (spec.privateTmp) entry.agent = true;
    slot.entry = entry;
    this.events.emit('spawned', { id: entry.id, name: entry.name, pid, command: entry.command, startSeconds: (performance.now() - startedAt) / 1000 });
    this.waiters.set(entry.id, done);
    return { entry, done };
  }

  /**
   * How one stage runs: the native sandbox spec, its cgroup, and the isolation it gets.
   * Never silent: every downgrade from the best this host allows prints one warning line.
   */
  private planStage(spec: SpawnSpec, perms: PermissionSet): { sandbox?: SandboxSpec; cgroup?: StageCgroup; isolation: Isolation } {
    if (!this.sandboxOpts.enabled) {
      this.warnOnce('no-sandbox', 'aosh: warning: --no-sandbox: stages run without namespaces or limits (isolation none)');
      return { isolation: 'none' };
    }
    if (this.sandboxOff) {
      this.warnOnce('sandbox-off', `aosh: warning: sandbox unavailable (${this.sandboxOff}); stages run with isolation none`);
      return { isolation: 'none' };
    }
    let cgroup: StageCgroup | undefined;
    const mgr = this.cgroups();
    if (mgr.usable().length > 0) {
      try {
        cgroup = mgr.createStage({ ...this.sandboxOpts.limits, ...definedOnly(spec.limits ?? {}) });
      } catch (err) {
        this.warnOnce('cgroup-create', `aosh: warning: cannot create a stage cgroup (${(err as Error).message}); stages run without limits`);
      }
    } else {
      const why = mgr.problem ?? 'no cgroup controllers';
      const root = process.getuid?.() === 0;
      this.warnOnce('cgroup', `aosh: warning: cgroup limits unavailable (${why}); isolation ${root ? 'userns' : 'userns (not root)'}`);
    }
    const sandbox = buildSandbox({
      perms,
      cwd: spec.cwd,
      home: process.env.HOME,
      aoshHome: this.home,
      foreground: spec.foregroundTty !== undefined,
      cgroupProcs: cgroup?.procs ?? [],
      sessionTmp: this.tmp ?? undefined,
      agentSocket: spec.privateTmp && spec.env.AOSH_SOCKET !== this.tmpSocket() ? spec.env.AOSH_SOCKET : undefined,
    });
    return { sandbox, cgroup, isolation: achievedIsolation(cgroup !== undefined) };
  }

  private cgroups(): CgroupManager {
    if (!this.cgroupManager) {
      const mgr = new CgroupManager();
      this.cgroupManager = mgr;
      // On the way out (after shutdown() killed the stages): remove our cgroups once
      // their last processes are gone. After kill -9 the next session sweeps them.
      process.once('exit', () => {
        for (const cg of this.stageCgroups.values()) cg.remove();
        mgr.cleanup();
      });
    }
    return this.cgroupManager;
  }

  private warnOnce(key: string, line: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.sandboxOpts.warn(line);
  }

  private aosfsImpl: AgentsFs | undefined;

  /**
   * The agents-as-files tree (seed 003), made and kept in sync from first use on:
   * `kernel.aosfs.dir` is the host directory every world binds read-only at /aos.
   */
  get aosfs(): AgentsFs {
    this.aosfsImpl ??= new AgentsFs(this, { loadLlm: () => import('./llm/index.js').then((m) => m.llmFor(this)) });
    return this.aosfsImpl;
  }

  /** The open pipeline channels, without loading the addon when no pipeline ever ran. */
  pipeChannels(): Channel[] {
    return this.channelTable?.list() ?? [];
  }

  /** Bytes every pipeline channel of this session has moved (open and closed). */
  pipeBytesTotal(): number {
    return this.channelTable?.totalBytes() ?? 0;
  }

  /** What the sandbox achieves in this session, for system/isolation and the dashboard. */
  isolationStatus(): { sandbox: 'on' | 'off' | 'unavailable'; reason: string | null; isolation: Isolation; cgroups: string } {
    if (!this.sandboxOpts.enabled) return { sandbox: 'off', reason: '--no-sandbox', isolation: 'none', cgroups: 'unused' };
    if (this.sandboxOff) return { sandbox: 'unavailable', reason: this.sandboxOff, isolation: 'none', cgroups: 'unused' };
    const mgr = this.cgroups();
    const usable = mgr.usable();
    const cgroups = usable.length ? `${mgr.info.layout} (${usable.join(' ')})` : `unavailable (${mgr.problem ?? 'no controllers'})`;
    return { sandbox: 'on', reason: null, isolation: achievedIsolation(usable.length > 0), cgroups };
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
    // Start on a microtask: the caller registers the handle (channel ends, job) first.
    const done = Promise.resolve().then(() => spec.run(ac.signal)).then(
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
    let state: ProcEntry['state'] | undefined;
    const cg = this.stageCgroups.get(entry.id);
    if (cg) {
      // Final usage and OOM verdict before the cgroup goes away. An OOM kill shows as
      // SIGKILL of the command (or 137 from a shell that waited for it).
      this.stageCgroups.delete(entry.id);
      entry.usage = cg.usage();
      entry.usageSource = undefined;
      if (cg.oomKills() > 0 && (signal === 9 || code === 137)) {
        state = 'oom-killed';
        code = null;
        signal = 9;
      }
      cg.remove();
    }
    this.procs.markExited(entry, code, signal, state);
    if (state === 'oom-killed') this.events.emit('oom-killed', { id: entry.id, name: entry.name });
    this.events.emit('exited', { id: entry.id, name: entry.name, exitCode: entry.exitCode, signal: entry.signal, state: entry.state });
  }

  /** Makes `wait` on this entry resolve with `done` (a supervised agent's final outcome). */
  track(entry: ProcEntry, done: Promise<ProcEntry>): void {
    this.waiters.set(entry.id, done);
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
    if (entry.restartPolicy && (num === 2 || num === 9 || num === 15 || num === 1)) entry.stopRequested = true;
    if (!this.shuttingDown) this.audit('proc.signal', { id: entry.id, name: entry.name, pid: entry.pid, signal: num });
    if (entry.pid === null) return;
    // STOP/CONT reach every process of a sandboxed stage (its PID 1 cannot be stopped for them).
    const targets = num === 19 || num === 18 ? [entry.pid, ...cgroupMembers(entry.cgroup)] : [entry.pid];
    for (const pid of new Set(targets)) {
      try {
        process.kill(pid, num);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
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
  private shuttingDown = false;

  shutdown(): void {
    this.shuttingDown = true;
    for (const e of this.procs.list()) {
      try {
        this.signal(e, e.kind === 'task' ? 15 : 9);
      } catch {
        // best effort on the way out
      }
    }
    this.channelTable?.cancelAll();
    void this.socketsImpl?.close();
  }
}

function definedOnly(l: Limits): Limits {
  const out: Limits = {};
  if (l.memoryBytes) out.memoryBytes = l.memoryBytes;
  if (l.cpu) out.cpu = l.cpu;
  if (l.pids) out.pids = l.pids;
  return out;
}

/** Pids in a stage's cgroup (for STOP/CONT), empty when there is none. */
function cgroupMembers(dir: string | undefined): number[] {
  if (!dir) return [];
  try {
    return readFileSync(`${dir}/cgroup.procs`, 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Inside a private /tmp the stage's socket is at /tmp/agentos.sock (see sandbox.ts). */
function stageEnv(env: Record<string, string>, sandbox: SandboxSpec | undefined): Record<string, string> {
  const inside = env.AOSH_SOCKET === undefined ? undefined : socketInside(env.AOSH_SOCKET, sandbox);
  return inside && inside !== env.AOSH_SOCKET ? { ...env, AOSH_SOCKET: inside } : env;
}

/** Where a host socket path is seen inside a sandboxed stage (bound at /tmp/agentos.sock, or in the session /tmp). */
function socketInside(hostPath: string, sandbox: SandboxSpec | undefined): string {
  const binds = sandbox?.fs?.binds ?? [];
  if (binds.some(([src, target]) => target === '/tmp/agentos.sock' && src === hostPath)) return '/tmp/agentos.sock';
  const tmpBind = binds.find(([, target]) => target === '/tmp');
  if (tmpBind && hostPath.startsWith(tmpBind[0] + '/')) return '/tmp' + hostPath.slice(tmpBind[0].length);
  return hostPath;
}

function sharesHostTmp(perms: PermissionSet): boolean {
  const w = perms.allow.write;
  return Array.isArray(w) && w.some((p) => p === '/tmp' || p === '/tmp/');
}

/** The start directory and granted paths under /tmp: stages see these host paths as they are. */
function hostBoundUnderTmp(perms: PermissionSet, cwd: string): string[] {
  const grants = [perms.allow.read, perms.allow.write].flatMap((g) => (Array.isArray(g) ? g : []));
  const home = process.env.HOME ? [process.env.HOME] : [];
  // aosh's own files (the SDKs agents import, examples) stay visible where aosh is installed.
  const packageRoot = resolvePath(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return [cwd, ...home, packageRoot, ...grants.map((g) => resolvePath(cwd, g))].filter((p) => p.startsWith('/tmp/'));
}

/** SPAWN passes the socket path as argv[2] too (seed convention): translate it the same way. */
function stageArgv(argv: string[], sandbox: SandboxSpec | undefined): string[] {
  if (!sandbox) return argv;
  return argv.map((a, i) => (i > 0 && a.endsWith('.sock') ? socketInside(a, sandbox) : a));
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
