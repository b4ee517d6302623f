// Jobs: what `&` started, for `jobs`, `wait`, `fg`, `kill %N` and `$!`.
import type { Stmt } from './ast.js';
import type { Kernel, ProcHandle } from '../kernel/kernel.js';
import type { JobView } from '../builtins/types.js';
import { DiscardSignal, ExitSignal, ReturnSignal, type ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { runPipeline } from './pipeline.js';
import { backgroundLog } from '../builtins/background-output.js';
import { isTTY } from '../lib/tty.js';
import { pendingWritesOf, safeClose } from './io.js';
import { stmtText } from './printer.js';
import { signalName, signalNumber } from '../kernel/signals.js';
import { backgroundTail } from './tail-exec.js';
import { childEnded } from './traps.js';

interface Job extends JobView {
  handles: ProcHandle[];
  /** Ended and reported (silently, in a script): no longer a job, but `wait PID` has its status. */
  notified?: boolean;
  /** Its end was told to the script (a signal death: reportEndedJob), once. */
  told?: boolean;
}

/**
 * Finished jobs remembered for `jobs`/`wait` when nothing asks for them (a script that starts
 * thousands of `cmd &` and never waits): bash forgets them too (it keeps CHILD_MAX statuses).
 * A job pins its members in the kernel's process table while it is remembered.
 */
const DONE_JOBS_KEPT = 1000;

export class JobTable {
  private readonly jobs = new Map<number, Job>();

  /** The ids of the jobs in the table (for a subshell, which does not see them). */
  ids(): number[] {
    return [...this.jobs.keys()];
  }

  constructor(private readonly kernel: Kernel) {}

  list(): JobView[] {
    this.refresh();
    return [...this.jobs.values()].filter((j) => !j.notified);
  }

  /**
   * After a foreground command in a script: the jobs that ended meanwhile are reported, which
   * a non-interactive bash does silently; `jobs` and `%N` no longer know them.
   */
  notifyDone(tell?: (j: JobView) => void): void {
    if (this.jobs.size === 0) return;
    this.refresh();
    for (const j of this.jobs.values()) {
      if (j.state !== 'done' || j.notified) continue;
      j.notified = true;
      if (tell && this.untold(j)) tell(j);
    }
  }

  /** Whether the end of job `j` is still to be told to the script (true once). */
  untold(j: JobView): boolean {
    const job = this.jobs.get(j.id);
    if (!job || job.told) return false;
    job.told = true;
    return true;
  }

  current(): JobView | undefined {
    const all = this.list();
    return all[all.length - 1];
  }

  find(spec: string): JobView | undefined {
    this.refresh();
    if (/^\d+$/.test(spec)) {
      const n = Number(spec);
      const every = [...this.jobs.values()];
      return every.find((j) => j.pids.includes(n)) ?? every.find((j) => j.entryIds.includes(n));
    }
    const all = [...this.jobs.values()].filter((j) => !j.notified);
    if (spec === '%%' || spec === '%+' || spec === '%') return all[all.length - 1];
    // With a single job, %- names it too.
    if (spec === '%-') return all[all.length - 2] ?? all[0];
    if (/^%\d+$/.test(spec)) return all.find((j) => j.id === Number(spec.slice(1)));
    // %?text: the job whose command contains text; %text: the one starting with it. Two
    // such jobs are an ambiguous spec: none (see ambiguous()).
    const named = this.named(spec);
    return named.length === 1 ? named[0] : undefined;
  }

  /** Whether %text or %?text names more than one job (bash: "ambiguous job spec"). */
  ambiguous(spec: string): boolean {
    return this.named(spec).length > 1;
  }

  private named(spec: string): Job[] {
    if (!spec.startsWith('%') || /^%(\d+|[%+-]?)$/.test(spec)) return [];
    const all = [...this.jobs.values()].filter((j) => !j.notified);
    if (spec.startsWith('%?')) return all.filter((j) => j.command.includes(spec.slice(2)));
    return all.filter((j) => j.command.startsWith(spec.slice(1)));
  }

  /** bash numbers a new job one past the highest it still knows of (1 again once all are gone). */
  private newId(): number {
    let max = 0;
    for (const [k, j] of this.jobs) if (k > max && !j.notified) max = k;
    // A job still starting (its table entry comes after it is launched) keeps its number too.
    for (const k of this.starting) if (k > max) max = k;
    this.starting.add(max + 1);
    return max + 1;
  }

  private readonly starting = new Set<number>();

  forget(id: number): void {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    for (const h of job.handles) this.kernel.procs.release(h.entry.id);
  }

  /** Remembers a job; its members stay in the process table until it is forgotten. */
  private keep(job: Job): void {
    this.starting.delete(job.id);
    // A reported job whose number is taken again is forgotten (its status with it).
    if (this.jobs.has(job.id)) this.forget(job.id);
    this.jobs.set(job.id, job);
    for (const h of job.handles) this.kernel.procs.retain(h.entry.id);
    let done = 0;
    for (const j of this.jobs.values()) if (j.state === 'done') done++;
    for (const j of [...this.jobs.values()]) {
      if (done <= DONE_JOBS_KEPT) break;
      if (j.state !== 'done') continue;
      this.forget(j.id);
      done--;
    }
  }

  /** A foreground job that was stopped (Ctrl-Z) becomes a job (keeping its number when it had one). */
  adopt(handles: ProcHandle[], command: string, id?: number): JobView {
    const jobId = id ?? this.newId();
    const job: Job = {
      id: jobId,
      command,
      state: 'stopped',
      status: null,
      pids: handles.map((h) => h.entry.pid).filter((p): p is number => p !== null),
      entryIds: handles.map((h) => h.entry.id),
      handles,
      done: Promise.all(handles.map((h) => h.done)).then((entries) => {
        job.status = entries[entries.length - 1]?.status ?? 0;
        job.signal = entries[entries.length - 1]?.signal ?? null;
        job.state = 'done';
        return job.status;
      }),
    };
    this.keep(job);
    return job;
  }

  /** fg/bg: SIGCONT to the job's live entries; in the foreground, waits for it like a new command. */
  async resume(shell: Shell, id: number, foreground: boolean): Promise<number> {
    const job = this.jobs.get(id);
    if (!job) return 1;
    for (const h of job.handles) {
      if (h.entry.state !== 'stopped') continue;
      try {
        this.kernel.signal(h.entry, 'SIGCONT');
      } catch {
        // already gone
      }
    }
    if (!foreground) return 0;
    this.forget(id);
    return shell.waitForeground(job.handles, job.command, job.done, id);
  }

  private refresh(): void {
    for (const j of this.jobs.values()) {
      const entries = j.handles.map((h) => h.entry);
      if (j.state !== 'done') {
        if (entries.every((e) => e.state !== 'running' && e.state !== 'stopped')) j.state = 'done';
        else if (entries.some((e) => e.state === 'stopped')) j.state = 'stopped';
        else j.state = 'running';
      }
    }
  }

  /**
   * Starts `stmt` in the background. A single command or a pipeline is launched as its own
   * processes/tasks; anything else (lists, loops) runs as one kernel task. Sets `$!`.
   */
  async startBackground(shell: Shell, stmt: Stmt, ctx: ShellContext, opts: BackgroundOptions = {}): Promise<Job> {
    const id = this.newId();
    const bg = ctx.clone();
    bg.job = id;
    bg.tailCmd = backgroundTail(stmt);
    opts.setup?.(bg);
    const childFds = opts.childFds ?? [];
    // A background job of a non-interactive shell ignores SIGINT (bash shows it in trap -p).
    if (!shell.interactive) {
      bg.traps.set('INT', '');
      bg.displayTraps?.set('INT', '');
    }
    // From the interactive prompt: terminal output goes to the job's log (background-output.ts).
    const log = backgroundLog(sourceOf(stmt).split(/\s+/)[0] || 'job', bg.fds.get(1) ?? -1, bg.fds.get(2) ?? -1);
    if (log) for (const fd of [1, 2]) if (isTTY(bg.fds.get(fd) ?? -1)) bg.fds.set(fd, log.fd);
    bg.errexitSuppressed = false;
    const handles: ProcHandle[] = [];
    const andOr = stmt.andOr;
    const pipeline = andOr.first;
    const text = sourceOf(stmt);
    let inPlace: number | null = null;
    let live = bg;
    if (andOr.rest.length === 0 && !pipeline.negated && (pipeline.commands.length > 1 || pipeline.commands[0]!.kind === 'Simple')) {
      let launched = handles;
      bg.launch = (h) => launched.push(h);
      // The job's own pipe ends: the process (or the task a builtin becomes) takes them over.
      bg.ownedFds = [...childFds];
      // A redirection to a FIFO waits for the other end, which may be this shell's next command
      // (`cmd > fifo & read x < fifo`): the job then goes on as a task and the shell at once.
      let fifoWait: () => void = () => undefined;
      const waiting = new Promise<'fifo'>((resolve) => (fifoWait = () => resolve('fifo')));
      const releases: Array<() => void> = [];
      bg.fifoWait = (release) => {
        releases.push(release);
        fifoWait();
      };
      let started: Promise<number> | undefined;
      try {
        started = pipeline.commands.length > 1 ? runPipeline(shell, pipeline, bg).then(() => 0) : undefined;
        if (!started) {
          // bash's child for one simple command exits on errors as the shell itself would.
          bg.simpleStage = true;
          const r = shell.runCommand(pipeline.commands[0]!, bg);
          if (r instanceof Promise) started = r;
          else inPlace = r;
        }
        if (started && (await Promise.race([started, waiting])) !== 'fifo') inPlace = await started;
        else if (started) {
          const later: ProcHandle[] = [];
          launched = later;
          const command = started;
          handles.push(this.kernel.runTask({
            name: text.split(/\s+/)[0] ?? 'job',
            command: text,
            job: id,
            parent: ctx.taskId,
            run: async (signal) => {
              // Killed while it waits for the FIFO: the open is released, the command does not run.
              bg.abort = signal;
              const killed = new Promise<number>((resolve) =>
                signal.addEventListener('abort', () => {
                  for (const r of releases) r();
                  resolve(128 + (Number(signal.reason) || 15));
                }, { once: true }),
              );
              let status: number;
              try {
                status = await Promise.race([command, killed]);
                if (signal.aborted) return status;
              } catch (e) {
                if (!(e instanceof ExitSignal || e instanceof ReturnSignal || e instanceof DiscardSignal)) throw e;
                status = e.status;
              }
              const last = (await Promise.all(later.map((h) => h.done))).at(-1);
              if (!last) return status;
              const sig = last.signal === null ? undefined : typeof last.signal === 'number' ? last.signal : signalNumber(last.signal);
              return last.status ?? 128 + (sig ?? 0);
            },
          }));
        }
      } catch (e) {
        if (!(e instanceof ExitSignal || e instanceof ReturnSignal || e instanceof DiscardSignal)) throw e;
        inPlace = e.status;
      } finally {
        bg.fifoWait = null;
        // Nothing took them (an assignment, a command not found): the ends are closed now.
        if (handles.length === 0) for (const fd of bg.ownedFds.splice(0)) safeClose(fd);
      }
    }
    if (handles.length === 0 && !(andOr.rest.length === 0 && pipeline.commands.length === 1 && pipeline.commands[0]!.kind === 'Simple')) {
      const h: ProcHandle = this.kernel.runTask({
          name: text.split(/\s+/)[0] ?? 'job',
          command: text,
          job: id,
          parent: ctx.taskId,
          // What the job's shell ignores (`trap ''`; SIGINT and SIGQUIT in a script) does not end it.
          ignores: (sig) => ignoredBy(live, sig, shell.interactive),
          run: async (signal) => {
            const task = bg.clone();
            live = task;
            task.subshellDepth = bg.subshellDepth;
            // `( ... ) &` is one process in bash: one subshell level, not two (a coproc's is two).
            if (!opts.alwaysJob && andOr.rest.length === 0 && pipeline.commands.length === 1 && pipeline.commands[0]!.kind === 'Subshell') task.uncounted++;
            // $BASHPID in the job is what $! names it by.
            task.bashPid = String(h.entry.pid ?? h.entry.id);
            // What it runs is the job's (a signal to the job reaches it: kernel.signal).
            task.taskId = h.entry.id;
            task.abort = signal;
            task.launch = null;
            try {
              let status: number;
              try {
                const r = shell.runStmts([{ ...stmt, background: false }], task);
                status = r instanceof Promise ? await r : r;
              } catch (e) {
                if (!(e instanceof ExitSignal || e instanceof ReturnSignal || e instanceof DiscardSignal)) throw e;
                status = e.status;
              }
              // The job is a subshell: its own traps run as it ends (`{ trap … EXIT; …; } &`).
              return await shell.runExitTrap(task, await shell.takeLastSignals(task, status));
            } finally {
              closeAfterWrites(childFds);
            }
          },
        });
      handles.push(h);
    }
    if (handles.length === 0) {
      // Launched nothing: the command finished in place (an assignment, not found, an expansion
      // error). bash forked for it all the same: a task that ends at once with the status, so
      // $!, `wait` and a coprocess's NAME_PID have something.
      const status = inPlace ?? 0;
      handles.push(this.kernel.runTask({ name: text.split(/\s+/)[0] ?? 'job', command: text, job: id, parent: ctx.taskId, run: async () => status }));
    }
    const done = Promise.all(handles.map((h) => h.done)).then((entries) => {
      const last = entries[entries.length - 1];
      job.status = last?.status ?? 0;
      job.signal = last?.signal ?? null;
      job.state = 'done';
      // Each of its processes was a child of the shell: a CHLD trap runs for each (bash).
      childEnded(ctx, handles.length);
      return job.status;
    });
    const job: Job = {
      id,
      command: text,
      state: 'running',
      status: null,
      pids: handles.map((h) => h.entry.pid).filter((p): p is number => p !== null),
      entryIds: handles.map((h) => h.entry.id),
      handles,
      done,
    };
    if (handles.length) this.keep(job);
    else this.starting.delete(id);
    log?.attach(job.entryIds, `[${id}] ${text}`, 'job');
    if (log) void done.then(() => log.close());
    const last = handles[handles.length - 1];
    ctx.lastBackground = last ? String(last.entry.pid ?? last.entry.id) : ctx.lastBackground;
    return job;
  }
}

/** What a coprocess adds to a background job. */
export interface BackgroundOptions {
  /** Adjusts the job's context before anything runs (its stdin and stdout). */
  setup?: (bg: ShellContext) => void;
  /** Fds the job owns (its pipe ends): closed in the shell once the job has them, or when it ends. */
  childFds?: number[];
  /** Always a job, even when the command finished without starting anything. */
  alwaysJob?: boolean;
}

function closeAfterWrites(fds: readonly number[]): void {
  for (const fd of fds) {
    const pending = pendingWritesOf(fd);
    if (pending) void pending.then(() => safeClose(fd), () => safeClose(fd));
    else safeClose(fd);
  }
}

function sourceOf(stmt: Stmt): string {
  const text = (stmt as Stmt & { text?: string }).text;
  if (text !== undefined) return text;
  // As bash prints it (`( a; b )`, `cmd > f 2>&1`, loops over several lines), the words as
  // typed (`sh -c "exit 3"`).
  if (stmt.src !== undefined) {
    try {
      const printed = stmtText(stmt, stmt.src).trim();
      if (printed) return printed;
    } catch {
      // a node the printer does not know: the text as typed
    }
  }
  const typed = stmt.src?.slice(stmt.pos, stmt.end).trim().replace(/\s*&$/, '');
  return typed || describeStmt(stmt);
}

function describeStmt(stmt: Stmt): string {
  const p = stmt.andOr.first.commands[0];
  if (p && p.kind === 'Simple') {
    return p.words.map((w) => w.parts.map((x) => ('value' in x && typeof x.value === 'string' ? x.value : '…')).join('')).join(' ');
  }
  return p ? p.kind.toLowerCase() : 'job';
}

/** Whether a background job's shell ignores `sig`: `trap ''`, or SIGQUIT with no trap in a script. */
function ignoredBy(ctx: ShellContext, sig: number, interactive: boolean): boolean {
  const name = signalName(sig).replace(/^SIG/, '');
  const action = ctx.traps.get(name);
  return action === '' || (sig === 3 && !interactive && action === undefined);
}
