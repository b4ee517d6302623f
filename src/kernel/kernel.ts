// The embedded kernel: owns every process and task, the channels between them, and the
// session's permissions. UI-free and usable without the shell (DESIGN.md).
import { closeSync, openSync } from 'node:fs';
import { EventBus } from './events.js';
import { AoshError, EXIT } from './errors.js';
import { loadNative, nativeStatus, type NativeAddon } from './native.js';
import { ChannelTable, type Channel } from './channels.js';
import { ProcessTable, isLive, type Limits, type ProcEntry, type Isolation } from './process-table.js';
import { allowAll, intersect, type PermissionSet } from './permissions.js';
import { signalNumber } from './signals.js';
import { achievedIsolation, DEFAULT_STAGE_LIMITS } from './sandbox.js';
import { filterEnv } from './world/secrets.js';
import { DenialNotes } from './denials.js';
import { SOCKET_IN_WORLD, Worlds } from './world/worlds.js';
import { guardedView } from './world/view.js';
import { checkProgram } from './world/programs.js';
import { baseName, capLimits, cgroupMembers, envList, parentPid, pathDirsOf, spawnError } from './stage-helpers.js';
import { readConfigFiles, type ConfigFiles } from './llm/config.js';
import { World, WorldError } from './world/world.js';
import { WORLD_HOSTNAME } from './world/plan.js';
import { CgroupManager, type StageCgroup } from './cgroups.js';
import { ApprovalBroker } from './approvals.js';
import { AgentSockets } from './agent-socket.js';
import { hostView, type FileView } from './fs-view.js';
import { join } from 'node:path';
import { NamedChannels } from './named-channels.js';
import type { LlmService, LlmServiceOptions } from './llm/index.js';
import type { ThinkHandler } from './syscalls/types.js';
import type { Journal } from './journal.js';
import { homedir, hostname } from 'node:os';
import { AgentsFs } from './aosfs/index.js';
import { loadLimits, type KernelLimits } from './limits.js';
import type { KernelOptions, ProcHandle, SpawnSpec, TaskSpec } from './specs.js';

export type { KernelOptions, ProcHandle, SpawnSpec, TaskSpec } from './specs.js';

export class Kernel {
  readonly events = new EventBus();
  /** Approval requests (allow once / for the session / deny); the interactive REPL presents them. */
  readonly approvals = new ApprovalBroker();
  /** The session's world and the agents' (built on first need; see world/worlds.ts). */
  readonly worlds: Worlds;
  private fsView: FileView | undefined;
  /**
   * CPU time of the session's commands that have ended (agents' not counted), from their
   * cgroups: the second line of `times`. Zero where no cgroup accounts for them.
   */
  readonly childTimes = { user: 0, system: 0 };

  /**
   * The filesystem as this session's stages see it: every file operation the shell and the
   * builtins make for the session goes through here, inside the session's world (the
   * host's only with --no-sandbox). A denial is reported on the audit journal and as a
   * `denied` event whose note says which flag would allow it.
   */
  get fs(): FileView {
    this.fsView ??= this.sandboxOpts.enabled ? this.worldView(() => this.worlds.session()) : hostView();
    return this.fsView;
  }

  /** A FileView of a world (the session's, or an agent's for its tools and socket calls). */
  worldView(world: () => World): FileView {
    return guardedView(world, (w, what, path, err) => this.denials.fsDenied(w, what, path, err));
  }

  /** What the sandbox refused: notes for the shell, records for the journal. */
  private readonly denials = new DenialNotes({
    stageOf: (w, stage) => this.stageOf(w, stage),
    denied: (payload) => this.events.emit('denied', payload),
    audit: (type, fields) => this.audit(type, fields),
  });

  get pendingNotes(): boolean {
    return this.denials.pending;
  }

  takeNotes(): string[] {
    return this.denials.take();
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
    this.socketsImpl ??= new AgentSockets(this, this.startDir);
    return this.socketsImpl;
  }

  /** THINK over the socket goes through the same LLM service, scheduler and budgets as `think`. */
  async thinkHandler(): Promise<ThinkHandler> {
    const [{ llmFor }, { thinkHandlerFor }] = await Promise.all([import('./llm/index.js'), import('./syscalls/llm-adapter.js')]);
    return thinkHandlerFor(llmFor(this));
  }
  readonly procs: ProcessTable;
  /** The kernel's resource limits (limits.ts): the process table's history, the socket's bounds. */
  readonly limits: KernelLimits;
  readonly permissions: PermissionSet;
  readonly home: string | undefined;
  private nativeAddon: NativeAddon | null | undefined;
  private channelTable: ChannelTable | undefined;
  private readonly waiters = new Map<number, Promise<ProcEntry>>();
  private readonly aborters = new Map<number, AbortController>();
  /** Signals a task takes itself, by task id: null ignores it (`trap '' TERM`), else its trap is queued. */
  private readonly taskSignals = new Map<number, Map<number, (() => void) | null>>();
  /** Tasks that ignore some signals (TaskSpec.ignores). */
  private readonly taskIgnores = new Map<number, (sig: number) => boolean>();
  // Sandbox state: options, the cgroup manager (made on the first stage), each live
  // stage's cgroup and pidfd, and the warnings already given.
  private readonly sandboxOpts: { enabled: boolean; limits: Limits; warn: (line: string) => void };
  private cgroupManager: CgroupManager | undefined;
  private readonly stageCgroups = new Map<number, StageCgroup>();
  private readonly stages = new Map<number, { world: World; pidfd: number; stage: number }>();
  /** argv and cwd of live stages (for the note a failed stage may deserve). */
  private readonly stageSpecs = new Map<number, { argv: string[]; cwd: string }>();
  private readonly warned = new Set<string>();
  /** The directory the session started in (the default writable directory). */
  readonly startDir: string;
  /** The LLM configuration files as they were when the session started. */
  readonly configFiles: ConfigFiles;

  constructor(opts: KernelOptions = {}) {
    this.permissions = opts.permissions ?? allowAll();
    this.home = opts.home;
    this.limits = loadLimits({ home: opts.home, overrides: opts.kernelLimits, warn: opts.warn });
    // A finite history of ended processes: `wait` on a forgotten entry has nothing left to wait for.
    this.procs = new ProcessTable({ count: this.limits.procHistory, seconds: this.limits.procHistorySeconds });
    this.procs.onForget = (id) => this.waiters.delete(id);
    // Every process start and end is on the record (the governance seed's audit trail).
    this.events.on('spawned', (e) => this.audit('proc.spawn', { id: e.data.id, name: e.data.name, pid: e.data.pid, command: e.data.command }));
    this.events.on('exited', (e) => this.audit('proc.exit', { id: e.data.id, name: e.data.name, exit_code: e.data.exitCode, signal: e.data.signal, state: e.data.state }));
    this.startDir = opts.cwd ?? process.cwd();
    // The LLM configuration, read now: later the project's .env is a file stages may write.
    this.configFiles = readConfigFiles(this.startDir, this.home ?? process.env.AOSH_HOME ?? join(homedir(), '.aosh'));
    this.worlds = new Worlds({ native: () => this.native, aoshHome: this.home, permissions: this.permissions, startDir: this.startDir, sockets: () => this.sockets, aosDir: () => this.aosfs.dir, maxWorlds: () => this.limits.sandboxes, warnOnce: (k, l) => this.warnOnce(k, l) });
    this.worlds.onDenied = (w, d) => this.denials.stageDenied(w, d);
    // SET_PERMS of an agent narrows its world's proxy too (net ls, and the next request).
    this.events.on('perms-changed', (e) => this.worlds.narrowNet(e.data.socket, e.data.perms));
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

  /** The limits a stage gets by default ({} where no cgroup controller can be used). */
  stageLimits(): Limits {
    return this.cgroups().usable().length ? { ...this.sandboxOpts.limits } : {};
  }

  /** Why --deny-run (or --allow-run) refuses a command name, or null. */
  runRefusal(name: string, cwd: string): string | null {
    const denial = checkProgram(this.permissions, name, name, pathDirsOf(process.env as Record<string, string>), cwd);
    return denial ? `${name}: ${denial.reason} (${denial.rule})` : null;
  }

  /** Whether stages run in worlds (false with --no-sandbox). */
  get sandboxed(): boolean {
    return this.sandboxOpts.enabled;
  }

  /**
   * The machine's name as the session's commands see it: the world's own (its UTS namespace)
   * when stages are sandboxed, the host's with --no-sandbox. The shell's HOSTNAME and its
   * prompt's \h agree with what `hostname` prints in a stage.
   */
  get hostname(): string {
    return this.sandboxOpts.enabled ? WORLD_HOSTNAME : hostname();
  }

  /**
   * Starts an external process: in its world (the session's, or spec.world), or plainly
   * with --no-sandbox. Throws AoshError: ENOENT (127), EACCES/ENOEXEC (126), and ESANDBOX
   * (126) when the world or the stage's sandbox cannot be made as asked — then nothing
   * runs, and the next command tries again in the same world.
   */
  spawn(spec: SpawnSpec): ProcHandle {
    const startedAt = performance.now();
    const perms = spec.permissions ? intersect(this.permissions, spec.permissions) : this.permissions;
    if (!spec.viaShell) {
      const denial = checkProgram(perms, spec.file, spec.argv[0] ?? spec.file, pathDirsOf(spec.env), spec.cwd);
      if (denial) {
        this.audit('denied', { kind: 'run', program: spec.file, rule: denial.rule });
        throw new AoshError('EPERM', `${spec.argv[0] ?? spec.file}: ${denial.reason} (${denial.rule})`, EXIT.CANNOT_EXECUTE);
      }
    }
    let resolveDone!: (e: ProcEntry) => void;
    const done = new Promise<ProcEntry>((r) => (resolveDone = r));
    // The exit is reported on a later turn of the event loop, so `entry` is always set by
    // the time onExit runs.
    const slot: { entry?: ProcEntry } = {};
    const onExit = (code: number | null, signal: number | null): void => {
      const entry = slot.entry!;
      this.finish(entry, code, signal);
      resolveDone(entry);
    };
    const started = this.sandboxOpts.enabled ? this.spawnInWorld(spec, perms, onExit) : this.spawnPlain(spec, perms, onExit);
    const entry = this.procs.add({
      name: spec.name ?? baseName(spec.argv[0] ?? spec.file),
      kind: 'process',
      pid: started.pid,
      pgid: started.pid,
      command: spec.command ?? spec.argv.join(' '),
      job: spec.job ?? null,
      parent: spec.parent ?? null,
      isolation: started.isolation,
      limits: started.cgroup ? started.cgroup.applied : {},
    });
    if (started.cgroup) {
      entry.cgroup = started.cgroup.dirs[0];
      entry.usageSource = started.cgroup.usage;
      this.stageCgroups.set(entry.id, started.cgroup);
    }
    if (started.world) {
      this.stages.set(entry.id, { world: started.world, pidfd: started.pidfd!, stage: started.stage! });
      this.stageSpecs.set(entry.id, { argv: spec.argv, cwd: spec.cwd });
    }
    const net = started.world?.net;
    if (net) entry.net = () => net.report();
    entry.permissions = perms;
    if (spec.agent) entry.agent = true;
    slot.entry = entry;
    this.events.emit('spawned', { id: entry.id, name: entry.name, kind: 'process', pid: started.pid, command: entry.command, startSeconds: (performance.now() - startedAt) / 1000 });
    this.waiters.set(entry.id, done);
    return { entry, done };
  }

  private spawnPlain(spec: SpawnSpec, perms: PermissionSet, onExit: (code: number | null, signal: number | null) => void): { pid: number; isolation: Isolation; cgroup?: StageCgroup; world?: undefined; pidfd?: undefined; stage?: undefined } {
    this.warnOnce('no-sandbox', 'aosh: warning: --no-sandbox: stages run without namespaces or limits (isolation none)');
    try {
      const { pid } = this.native.spawn(
        { file: spec.file, argv: spec.argv, env: envList(filterEnv(spec.env, perms)), cwd: spec.cwd, fds: spec.fds, pgid: spec.pgid ?? 0, foregroundTty: spec.foregroundTty, umask: spec.umask, ignoreSignals: spec.ignoreSignals, rlimits: spec.rlimits },
        (st) => onExit(st.code, st.signal),
      );
      return { pid, isolation: 'none' };
    } catch (err) {
      throw spawnError(spec.argv[0] ?? spec.file, err);
    }
  }

  private spawnInWorld(spec: SpawnSpec, perms: PermissionSet, onExit: (code: number | null, signal: number | null) => void): { pid: number | null; isolation: Isolation; cgroup?: StageCgroup; world: World; pidfd: number; stage: number } {
    let world: World;
    try {
      world = spec.world ?? this.worlds.session();
    } catch (err) {
      throw new AoshError('ESANDBOX', `sandbox: ${(err as Error).message}`, EXIT.CANNOT_EXECUTE);
    }
    const cgroup = this.stageCgroup(spec);
    const cgroupFds: number[] = [];
    try {
      for (const p of cgroup?.procs ?? []) cgroupFds.push(openSync(p, 'w'));
      const env = filterEnv(spec.env, perms);
      if (env.AOSH_SOCKET !== undefined) env.AOSH_SOCKET = SOCKET_IN_WORLD;
      // --allow-net=HOST,…: the only way out of the world is its proxy (net/world-net.ts).
      if (world.net) Object.assign(env, world.net.env());
      const socketHost = spec.env.AOSH_SOCKET;
      const argv = socketHost ? spec.argv.map((a, i) => (i > 0 && a === socketHost ? SOCKET_IN_WORLD : a)) : spec.argv;
      const r = world.spawn({ file: spec.file, argv, env, cwd: spec.cwd, fds: spec.fds, cgroupFds, newSession: spec.foregroundTty === undefined, umask: spec.umask, ignoreSignals: spec.ignoreSignals, rlimits: spec.rlimits }, onExit);
      // A stage that ended (and was reaped in the world) before its pidfd was read has no
      // pid left to name (-1): the entry keeps null, and `$!` names it by its kernel id.
      return { pid: r.pid > 0 ? r.pid : null, pidfd: r.pidfd, stage: r.stage, world, cgroup, isolation: achievedIsolation(cgroup !== undefined) };
    } catch (err) {
      cgroup?.remove();
      const e = err as NodeJS.ErrnoException & { step?: string };
      if (err instanceof WorldError) throw new AoshError('ESANDBOX', `sandbox: ${err.message}`, EXIT.CANNOT_EXECUTE);
      if (e.step && e.step !== 'execve' && e.step !== 'chdir') {
        throw new AoshError('ESANDBOX', `stage sandbox: ${e.step}: ${e.code ?? e.message}`, EXIT.CANNOT_EXECUTE);
      }
      if (e.step === 'chdir') {
        const note = world.explain(spec.cwd, e.code);
        throw new AoshError(e.code ?? 'ENOENT', `${spec.argv[0] ?? spec.file}: cannot enter ${spec.cwd}: ${e.code === 'EACCES' ? 'Permission denied' : e.code === 'ENOENT' ? 'No such file or directory' : e.message}${note ? ` (${note})` : ''}`, EXIT.CANNOT_EXECUTE);
      }
      throw spawnError(spec.argv[0] ?? spec.file, err);
    } finally {
      for (const fd of cgroupFds) closeSync(fd);
    }
  }

  /** The stage's cgroup, or undefined (with one warning) where no controller can be used. */
  private stageCgroup(spec: SpawnSpec): StageCgroup | undefined {
    const mgr = this.cgroups();
    if (mgr.usable().length === 0) {
      const why = mgr.problem ?? 'no cgroup controllers';
      this.warnOnce('cgroup', `aosh: warning: cgroup limits unavailable (${why}); stages run without --mem/--cpu/--pids limits (isolation userns)`);
      return undefined;
    }
    try {
      return mgr.createStage(capLimits(this.sandboxOpts.limits, spec.limits ?? {}));
    } catch (err) {
      throw new AoshError('ESANDBOX', `stage sandbox: cannot create its cgroup (${(err as Error).message})`, EXIT.CANNOT_EXECUTE);
    }
  }

  private stageOf(world: World, stage: number): ProcEntry | undefined {
    for (const [id, s] of this.stages) if (s.world === world && s.stage === stage) return this.procs.get(id);
    return undefined;
  }

  private cgroups(): CgroupManager {
    if (!this.cgroupManager) {
      const mgr = new CgroupManager();
      mgr.sessionPids = this.limits.sessionPids;
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
  isolationStatus(): { sandbox: 'on' | 'off'; reason: string | null; isolation: Isolation; cgroups: string } {
    if (!this.sandboxOpts.enabled) return { sandbox: 'off', reason: '--no-sandbox', isolation: 'none', cgroups: 'unused' };
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
    if (spec.ignores) this.taskIgnores.set(entry.id, spec.ignores);
    this.events.emit('spawned', { id: entry.id, name: entry.name, kind: 'task', pid: null, command: entry.command });
    // Start on a microtask: the caller registers the handle (channel ends, job) first.
    const done = Promise.resolve().then(() => spec.run(ac.signal)).then(
      (status) => status,
      () => EXIT.FAILURE,
    ).then((status) => {
      this.aborters.delete(entry.id);
      this.taskSignals.delete(entry.id);
      this.taskIgnores.delete(entry.id);
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
    const st = this.stages.get(entry.id);
    if (st) {
      this.stages.delete(entry.id);
      closeSync(st.pidfd);
    }
    const cg = this.stageCgroups.get(entry.id);
    if (cg) {
      // Final usage and OOM verdict before the cgroup goes away. An OOM kill shows as
      // SIGKILL of the command (or 137 from a shell that waited for it).
      this.stageCgroups.delete(entry.id);
      entry.usage = cg.usage();
      entry.usageSource = undefined;
      if (!entry.agent) {
        this.childTimes.user += entry.usage.userSeconds ?? 0;
        this.childTimes.system += entry.usage.systemSeconds ?? 0;
      }
      if (cg.oomKills() > 0 && (signal === 9 || code === 137)) {
        state = 'oom-killed';
        code = null;
        signal = 9;
      }
      cg.remove();
    }
    this.procs.markExited(entry, code, signal, state);
    const spec = this.stageSpecs.get(entry.id);
    this.stageSpecs.delete(entry.id);
    this.denials.ended(entry, st && spec ? { world: st.world, ...spec } : undefined);
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

  /**
   * A task that stands for a subshell traps signal `num`: `null` ignores it (`trap '' TERM`),
   * a function takes it (queues the trap), `undefined` no longer does. A trapped signal
   * does not end the task nor reach what it runs, as with bash's subshell process.
   */
  trapSignal(taskId: number, num: number, take: (() => void) | null | undefined): void {
    if (!this.aborters.has(taskId)) return;
    let own = this.taskSignals.get(taskId);
    if (take === undefined) own?.delete(num);
    else {
      if (!own) this.taskSignals.set(taskId, (own = new Map()));
      own.set(num, take);
    }
  }

  /** Sends a signal to a process (its group when it leads one) or aborts a task. */
  signal(entry: ProcEntry, sig: number | string): void {
    const num = typeof sig === 'number' ? sig : signalNumber(sig);
    if (num === undefined) throw new AoshError('EINVAL', `unknown signal: ${sig}`, EXIT.USAGE);
    if (!isLive(entry)) return;
    if (entry.kind === 'task') {
      if (num === 0 || this.taskIgnores.get(entry.id)?.(num)) return;
      const own = this.taskSignals.get(entry.id);
      if (own?.has(num)) {
        own.get(num)?.();
        return;
      }
      const ac = this.aborters.get(entry.id);
      if (ac && !ac.signal.aborted) ac.abort(num);
      // The task stands for a subshell process (`{ ...; } &`, a coproc): what it is running
      // gets the signal too, so the task ends now rather than when that command would.
      for (const child of this.procs.list()) if (child.parent === entry.id && isLive(child)) this.signal(child, num);
      return;
    }
    if (entry.restartPolicy && (num === 2 || num === 9 || num === 15 || num === 1)) entry.stopRequested = true;
    if (!this.shuttingDown) this.audit('proc.signal', { id: entry.id, name: entry.name, pid: entry.pid, signal: num });
    if (entry.pid === null) return;
    // STOP/CONT reach every process of a sandboxed stage (its PID 1 cannot be stopped for them).
    const targets = num === 19 || num === 18 ? [entry.pid, ...cgroupMembers(entry.cgroup)] : [entry.pid];
    const st = this.stages.get(entry.id);
    for (const pid of new Set(targets)) {
      try {
        // The stage's PID 1 through its pidfd: never another process that reused the number.
        if (st && pid === entry.pid) st.world.signal(st.pidfd, num);
        else process.kill(pid, num);
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

  /**
   * `kill PID` from the shell: only for the session's own processes. -1 (and 0) signal every
   * live entry; -PGID a stage's group (each stage leads its own); a pid is allowed when it
   * is a stage's or a descendant of one (its parent chain in /proc reaches a stage).
   */
  signalPid(pid: number, sig: number): 'ok' | 'gone' | 'foreign' {
    const live = this.procs.list().filter(isLive);
    if (pid === -1 || pid === 0) {
      for (const e of live) this.signal(e, sig);
      return 'ok';
    }
    const target = Math.abs(pid);
    const entry = live.find((e) => e.pid === target);
    if (entry) {
      this.signal(entry, sig);
      return 'ok';
    }
    if (pid < 0) return 'foreign';
    const stagePids = new Set(live.map((e) => e.pid).filter((p): p is number => p !== null));
    for (let p = target, hops = 0; p > 1 && hops < 64; hops++) {
      const ppid = parentPid(p);
      if (ppid === null) return hops === 0 ? 'gone' : 'foreign';
      if (stagePids.has(ppid)) {
        try {
          process.kill(target, sig);
          return 'ok';
        } catch {
          return 'gone';
        }
      }
      p = ppid;
    }
    return 'foreign';
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
    this.worlds.closeAll();
    void this.socketsImpl?.close();
  }
}
