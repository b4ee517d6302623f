// The executor: one function per node kind (mvdan/sh's interp). Lists, and-or chains and
// compound commands run here and in control.ts; pipelines in pipeline.ts; simple commands
// in simple.ts. All processes and tasks go through the kernel.
//
// Every run function returns a status or a promise of one (maybe.ts): a script of builtins
// runs synchronously from start to end; only a command that waits for something (a
// process, a pipe) makes the rest of its list continue asynchronously.
import type { Command, FunctionDef, Pipeline, ProcSubst, Stmt } from './ast.js';
import type { Kernel } from '../kernel/kernel.js';
import type { ProcEntry } from '../kernel/process-table.js';
import type { ProcHandle } from '../kernel/kernel.js';
import type { JobView } from '../builtins/types.js';
import { ParseError, Parser } from './parser.js';
import { ExitSignal, type CallFrame, type ShellContext } from './context.js';
import { Expander } from './expand.js';
import { applyRedirects } from './redirect.js';
import { runCompound } from './control.js';
import { runPipeline } from './pipeline.js';
import { keepVarFds, keptExecFds, POSIX_SPECIAL_BUILTINS, runSimple } from './simple.js';
import { JobTable } from './jobs.js';
import { coprocPending, reapCoprocs, startCoproc } from './coproc.js';
import { recordInheritedFds, setBytesReadableFactory, setNonBlockingFactory, setPipeFactory, setPipeTakeFactory } from './io.js';
import { timePipeline } from './time.js';
import { closeProcSubsts, commandSubst, procSubst } from './subst.js';
import { commandError, errorLine, errorPrefix, heredocWarnings, lineAborted, nestingError, reportEndedJob, reportSyntaxError, syntaxError, verboseText, writeStderr, writeTrace } from './exec-report.js';
import { hideJobs, runExitTrap, runSubshell, takeLastSignals } from './subshell-run.js';
import { childEnded, clearInterrupt, runTrap, takePendingSignals } from './traps.js';
import { stoppedSettled } from '../kernel/stage-helpers.js';
import { andThen, type MP } from './maybe.js';
import { recordHistory } from './history-lines.js';
import { posixShopts } from './shell-access.js';
import { tailCommand } from './tail-exec.js';

export interface ShellOptionsInit {
  kernel: Kernel;
  interactive?: boolean;
}

/** How a source text is being run, for syntax error messages ("-c", a file, eval). */
export interface SourceOrigin {
  /** A file name, '-c', 'eval', 'trap', '' (the REPL), 'stdin'. */
  name: string;
}

const STATUS_ARRAYS: number[][] = Array.from({ length: 256 }, (_, i) => Object.freeze([i]) as number[]);

/** Compound commands whose status is their last inner command's, already checked for set -e/ERR. */
const COMPOUND_LISTS = new Set<Command['kind']>(['Group', 'If', 'While', 'For', 'ArithFor', 'Case']);
/** Commands after which $PIPESTATUS is still the last pipeline's run inside them (or before). */
const KEEPS_PIPESTATUS = new Set<Command['kind']>([...COMPOUND_LISTS, 'FunctionDef', 'Coproc']);

export class Shell {
  readonly kernel: Kernel;
  readonly jobs: JobTable;
  interactive: boolean;
  /** Letters `$-` shows after the options: 'c' under -c, 's' reading stdin. */
  flagsSuffix = '';
  /** The interactive session's start-up file: unset for aoshrc, null for none (--norc), or --rcfile's. */
  rcFile?: string | null;
  /** Entries of the job running in the foreground (Ctrl-C goes to them). */
  readonly foreground = new Set<ProcEntry>();
  /** Builtins running in the foreground (not as tasks): Ctrl-C aborts them (ps --watch, think). */
  readonly foregroundBuiltins = new Set<AbortController>();
  /** Called when the interactive REPL stopped the foreground job (Ctrl-Z): print "[1]+ Stopped ...". */
  onJobStopped: ((job: JobView) => void) | null = null;
  /** Called when a foreground job died of a signal: the REPL says "Killed", as bash does. */
  onJobSignaled: ((signal: string) => void) | null = null;
  /** Called when the interactive REPL started a job with `&`: print "[1] PID", as bash does. */
  onJobStarted: ((job: JobView) => void) | null = null;
  private readonly stopWaiters = new Set<() => void>();

  constructor(opts: ShellOptionsInit) {
    this.kernel = opts.kernel;
    this.interactive = opts.interactive ?? false;
    this.jobs = new JobTable(this.kernel);
    setPipeFactory(() => this.kernel.native.pipe());
    setNonBlockingFactory((fd, on) => this.kernel.native.setNonBlocking(fd, on));
    setBytesReadableFactory((fd) => this.kernel.native.bytesReadable(fd));
    setPipeTakeFactory((fd, delim, max) => this.kernel.native.pipeTake?.(fd, delim, max) ?? null);
    recordInheritedFds();
  }

  /** Ctrl-C: to the foreground job's processes and builtins. Returns false when there was none. */
  interrupt(sig: NodeJS.Signals = 'SIGINT'): boolean {
    let any = false;
    for (const e of this.foreground) {
      any = true;
      try {
        this.kernel.signal(e, sig);
      } catch {
        // already gone
      }
    }
    for (const ac of this.foregroundBuiltins) {
      any = true;
      ac.abort(2);
    }
    return any;
  }

  // ---- sources -------------------------------------------------------------------------

  /** The parser options for a context: its aliases (when expanded) and extglob, read live. */
  parserOptions(ctx: ShellContext, origin: string): import('./parser.js').ParseOptions {
    return {
      origin,
      interactive: this.interactive && origin === '',
      aliases: (name) => (ctx.shopt.expand_aliases || this.interactive ? ctx.aliases.get(name) : undefined),
      extglob: () => ctx.shopt.extglob,
    };
  }

  /**
   * Parses and runs source text command line by command line (as bash reads scripts), so
   * a syntax error stops the script where it is and an alias defined on one line applies on
   * the next. Returns the last status; exit unwinds as ExitSignal to the caller.
   */
  async runSource(source: string, ctx: ShellContext, origin: string, firstLine = 1): Promise<number> {
    const r = this.runSourceSync(source, ctx, origin, firstLine);
    return r instanceof Promise ? await r : r;
  }

  /** runSource without going async unless a command has to. */
  // (eval, traps and fc's re-run are not lines the script read: bash keeps them out too.)
  runSourceSync(source: string, ctx: ShellContext, origin: string, firstLine = 1): MP<number> {
    ctx.warn ??= (c, m, bare) => void this.errorLine(c, bare ? m : `warning: ${m}`);
    ctx.posixlyCorrect ??= (c, on) => {
      if (c.options.posix === on) return;
      c.options.posix = on;
      posixShopts(c, on, this.interactive);
    };
    const parser = new Parser(source, this.parserOptions(ctx, origin), firstLine);
    let read = 0;
    const step = (): MP<number> => {
      for (;;) {
        let chunk: Stmt[] | null;
        try {
          chunk = parser.nextChunk();
          // set -o history in a script: the line is recorded as it is read, before it runs.
          if (ctx.options.history && !this.interactive && parser.offset > read) recordHistory(ctx, origin, source.slice(read, parser.offset));
          // set -v: the input as it is read, before it runs.
          if (ctx.options.verbose && parser.offset > read) void writeStderr(ctx, verboseText(source, read, parser.offset, parser.substSpans) + (source[parser.offset - 1] === '\n' ? '' : '\n'));
          parser.substSpans.length = 0;
          read = parser.offset;
        } catch (e) {
          if (parser.heredocWarnings.length) void heredocWarnings(this, ctx, parser, origin);
          if (e instanceof ParseError && e.discardLine) {
            reportSyntaxError(this, ctx, e, source, origin, firstLine);
            ctx.lastStatus = 1;
            // (posix mode: the end of a non-interactive shell, with status 1, or 127 at the
            // top of -c, as for a bad $( ) body)
            if (ctx.options.posix && !this.interactive) throw new ExitSignal(ctx.subshellDepth === 0 && this.flagsSuffix.includes('c') ? 127 : 1);
            parser.skipLine();
            read = parser.offset;
            continue;
          }
          if (e instanceof ParseError) return syntaxError(this, ctx, e, source, origin, firstLine);
          if (e instanceof RangeError) return nestingError(this, ctx);
          throw e;
        }
        // The last line of `-c`: its last command runs in the shell's place (tail-exec.ts).
        if (chunk !== null && origin === '-c' && parser.offset >= source.length) ctx.tailCmd = tailCommand(chunk);
        // (the warning is out before the command runs: its output comes after)
        const warned = parser.heredocWarnings.length ? heredocWarnings(this, ctx, parser, origin) : undefined;
        if (warned) {
          const rest = chunk;
          return warned.then(() => {
            if (rest === null) return ctx.lastStatus;
            const r = this.runChunk(rest, ctx, origin);
            return r instanceof Promise ? r.then(step) : step();
          });
        }
        if (chunk === null) return ctx.lastStatus;
        const r = this.runChunk(chunk, ctx, origin);
        if (r instanceof Promise) return r.then(step);
      }
    };
    return step();
  }

  /**
   * A chunk read by runSourceSync: counted, then run; a line cut short ends as lineAborted
   * says. undefined under set -n (a non-interactive shell reads on and runs nothing).
   */
  private runChunk(chunk: Stmt[], ctx: ShellContext, origin: string): MP<number> | undefined {
    if (chunk.length && ctx.sourceDepth === 0 && ctx.subshellDepth === 0 && (origin === 'stdin' || origin === ctx.scriptName)) ctx.commandNumber++;
    if (ctx.options.noexec && !this.interactive) return undefined;
    try {
      const r = this.runStmts(chunk, ctx);
      return r instanceof Promise ? r.catch((e: unknown) => lineAborted(e, ctx, origin)) : r;
    } catch (e) {
      return lineAborted(e, ctx, origin);
    }
  }

  /** Runs source text in the current context as `eval` does: a syntax error is status 2. */
  evalString(source: string, ctx: ShellContext, origin = 'eval', firstLine = ctx.lineno || 1): MP<number> {
    return this.runSourceSync(source, ctx, origin, firstLine);
  }

  // ---- messages (exec-report.ts) -----------------------------------------------------------

  /** "NAME: line N: ", as bash starts its messages there (the script, a function's file, the prompt). */
  errorPrefix(ctx: ShellContext, withLine = true): string {
    return errorPrefix(this, ctx, withLine);
  }

  writeStderr(ctx: ShellContext, text: string): void | Promise<void> {
    return writeStderr(ctx, text);
  }

  writeTrace(ctx: ShellContext, text: string): void | Promise<void> {
    return writeTrace(ctx, text);
  }

  /** Writes "NAME: line N: message" to the context's stderr. */
  errorLine(ctx: ShellContext, message: string): void | Promise<void> {
    return errorLine(this, ctx, message);
  }

  reportSyntaxError(ctx: ShellContext, e: ParseError, source: string, origin: string, firstLine = 1): void {
    reportSyntaxError(this, ctx, e, source, origin, firstLine);
  }

  expander(ctx: ShellContext): Expander {
    let ex = ctx.cache.ex as Expander | undefined;
    if (!ex) ctx.cache.ex = ex = new Expander(this, ctx);
    return ex;
  }

  // ---- statements ------------------------------------------------------------------------

  runStmts(stmts: readonly Stmt[], ctx: ShellContext): MP<number> {
    for (let i = 0; i < stmts.length; i++) {
      const r = this.runStmt(stmts[i]!, ctx);
      if (r instanceof Promise) return this.runStmtsFrom(stmts, i, r, ctx);
    }
    return ctx.lastStatus;
  }

  private async runStmtsFrom(stmts: readonly Stmt[], i: number, first: Promise<number>, ctx: ShellContext): Promise<number> {
    await first;
    for (let j = i + 1; j < stmts.length; j++) {
      const r = this.runStmt(stmts[j]!, ctx);
      if (r instanceof Promise) await r;
    }
    return ctx.lastStatus;
  }

  runStmt(stmt: Stmt, ctx: ShellContext): MP<number> {
    if (coprocPending()) reapCoprocs(ctx);
    ctx.lineno = stmt.line;
    if (stmt.src !== undefined) ctx.stmtSrc = stmt.src;
    if (takePendingSignals.pending) {
      const t = takePendingSignals(this, ctx);
      if (t) return t.then(() => this.runStmtNow(stmt, ctx));
    }
    return this.runStmtNow(stmt, ctx);
  }

  private runStmtNow(stmt: Stmt, ctx: ShellContext): MP<number> {
    if (ctx.options.noexec && !this.interactive) return ctx.lastStatus;
    if (stmt.background) {
      return andThen(this.jobs.startBackground(this, stmt, ctx), (job) => {
        if (ctx.subshellDepth === 0 && job.entryIds.length) this.onJobStarted?.(job);
        return (ctx.lastStatus = 0);
      });
    }
    const r = this.runAndOr(stmt, ctx);
    // The sandbox refused something during that command: say which flag would allow it.
    if (!(r instanceof Promise) && !this.kernel.pendingNotes) return r;
    return andThen(r, (status) => {
      if (this.kernel.pendingNotes) for (const n of this.kernel.takeNotes()) void this.writeStderr(ctx, `aosh: note: ${n}\n`);
      return status;
    });
  }

  private runAndOr(stmt: Stmt, ctx: ShellContext): MP<number> {
    const { first, rest } = stmt.andOr;
    if (rest.length === 0) {
      const r = this.runPipelineNode(first, ctx);
      if (r instanceof Promise) return r.then((s) => this.afterList(first, true, s, ctx));
      return this.afterList(first, true, r, ctx);
    }
    const outer = ctx.errexitSuppressed;
    // Every pipeline but the last of an && / || chain is a tested condition: set -e ignores it.
    ctx.errexitSuppressed = true;
    const finish = (status: number, lastRan: boolean): MP<number> => {
      ctx.errexitSuppressed = outer;
      return this.afterList(lastRan ? rest[rest.length - 1]!.pipeline : first, lastRan, status, ctx);
    };
    const step = (k: number, status: number): MP<number> => {
      for (; k < rest.length; k++) {
        const { op, pipeline } = rest[k]!;
        if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
        const isLast = k === rest.length - 1;
        ctx.errexitSuppressed = outer || !isLast;
        // A signal the last pipeline got (`kill -USR1 $$ && …`) has its trap run first (bash).
        if (takePendingSignals.pending) {
          const kk = k;
          const t = takePendingSignals(this, ctx);
          if (t) {
            return t.then(() => this.runPipelineNode(pipeline, ctx)).then((s) => (isLast ? finish(s, true) : step(kk + 1, s)), (e) => {
              ctx.errexitSuppressed = outer;
              throw e;
            });
          }
        }
        const r = this.runPipelineNode(pipeline, ctx);
        if (r instanceof Promise) {
          const kk = k;
          return r.then((s) => (isLast ? finish(s, true) : step(kk + 1, s)), (e) => {
            ctx.errexitSuppressed = outer;
            throw e;
          });
        }
        status = r;
        if (isLast) return finish(status, true);
      }
      return finish(status, false);
    };
    let r0: MP<number>;
    try {
      r0 = this.runPipelineNode(first, ctx);
    } catch (e) {
      ctx.errexitSuppressed = outer;
      throw e;
    }
    if (r0 instanceof Promise) return r0.then((s) => step(0, s), (e) => {
      ctx.errexitSuppressed = outer;
      throw e;
    });
    return step(0, r0);
  }

  /** After an and-or list: the ERR trap and set -e, when the status is a failure nobody tested. */
  private afterList(last: Pipeline, lastRan: boolean, status: number, ctx: ShellContext): MP<number> {
    const redirectFailed = ctx.compoundRedirectFailed;
    ctx.compoundRedirectFailed = false;
    if (ctx.errexitExempt) {
      ctx.errexitExempt = false;
      return status;
    }
    if (status === 0 || !lastRan || last.negated || ctx.errexitSuppressed) return status;
    // A group, if, loop or case is not checked itself (bash): only the commands in it are, so
    // `{ false && true; }` neither exits under set -e nor runs the ERR trap a second time.
    if (last.commands.length === 1 && COMPOUND_LISTS.has(last.commands[0]!.kind) && !redirectFailed) return status;
    const err = ctx.traps.get('ERR');
    const exit = (): number => {
      if (ctx.options.errexit) throw new ExitSignal(status);
      return status;
    };
    if (err !== undefined && err !== '' && ctx.inTrap !== 'ERR') {
      // After a failed `( … )` the trap's $BASH_COMMAND is the subshell (bash).
      const only = last.commands.length === 1 ? last.commands[0]! : null;
      if (only?.kind === 'Subshell' && ctx.inTrap === null) {
        ctx.currentCmd = only;
        ctx.currentSrc = ctx.stmtSrc;
      }
      return andThen(runTrap(this, ctx, 'ERR', err, status), exit);
    }
    return exit();
  }

  runPipelineNode(p: Pipeline, ctx: ShellContext): MP<number> {
    if (p.timed) {
      return timePipeline(p.timed, ctx, async () => {
        const r = this.runPipelineNode({ ...p, timed: undefined }, ctx);
        return r instanceof Promise ? await r : r;
      }, async (text) => void (await this.writeStderr(ctx, text)), (message) => this.errorLine(ctx, message));
    }
    const n = p.commands.length;
    if (n === 0) {
      ctx.lastStatus = p.negated ? 1 : 0;
      return ctx.lastStatus;
    }
    if (n === 1 && !p.negated) {
      // The common case: one command, nothing to undo.
      const cmd = p.commands[0]!;
      const r = this.runCommand(cmd, ctx);
      if (r instanceof Promise) return r.then((s) => this.pipelineDone(p, ctx, s, ctx.errexitSuppressed));
      if (cmd.kind === 'Simple' || !KEEPS_PIPESTATUS.has(cmd.kind)) ctx.pipeStatus = STATUS_ARRAYS[r & 255]!;
      ctx.lastStatus = r;
      return r;
    }
    const outer = ctx.errexitSuppressed;
    if (p.negated) ctx.errexitSuppressed = true;
    let r: MP<number>;
    try {
      r = n === 1 ? this.runCommand(p.commands[0]!, ctx) : runPipeline(this, p, ctx);
    } catch (e) {
      ctx.errexitSuppressed = outer;
      throw e;
    }
    if (r instanceof Promise) {
      return r.then((s) => this.pipelineDone(p, ctx, s, outer), (e) => {
        ctx.errexitSuppressed = outer;
        throw e;
      });
    }
    return this.pipelineDone(p, ctx, r, outer);
  }

  private pipelineDone(p: Pipeline, ctx: ShellContext, status: number, outer: boolean): number {
    ctx.errexitSuppressed = outer;
    if (p.commands.length === 1 && !KEEPS_PIPESTATUS.has(p.commands[0]!.kind)) ctx.pipeStatus = STATUS_ARRAYS[status & 255]!;
    if (p.negated) status = status === 0 ? 1 : 0;
    ctx.lastStatus = status;
    return status;
  }

  /** Runs one command in the given context (the current shell, or a stage's clone). */
  runCommand(cmd: Command, ctx: ShellContext): MP<number> {
    let r: MP<number>;
    try {
      r = this.dispatch(cmd, ctx);
    } catch (e) {
      return (ctx.lastStatus = commandError(this, e, ctx));
    }
    if (r instanceof Promise) return r.then((s) => (ctx.lastStatus = s), (e) => (ctx.lastStatus = commandError(this, e, ctx)));
    return (ctx.lastStatus = r);
  }

  private dispatch(cmd: Command, ctx: ShellContext): MP<number> {
    switch (cmd.kind) {
      case 'Simple':
        return runSimple(this, cmd, ctx);
      case 'FunctionDef':
        return this.defineFunction(cmd, ctx);
      case 'Subshell': {
        let r = runSubshell(this, cmd.body, ctx, cmd.redirects);
        // A child process in bash: the CHLD trap runs after it (not for a pipeline's stage).
        if (!ctx.launch && ctx.traps.has('CHLD')) r = andThen(r, (st) => (childEnded(ctx), st));
        // bash waits for a `( )` as for a foreground job: the script's ended jobs get reported.
        if (this.interactive || ctx.subshellDepth > 0 || ctx.launch) return r;
        return andThen(r, (st) => (this.jobs.notifyDone((j) => void reportEndedJob(this, ctx, j)), st));
      }
      case 'Coproc':
        return startCoproc(this, cmd, ctx);
      default:
        break;
    }
    if (cmd.redirects.length === 0) return runCompound(this, cmd, ctx);
    const mark = ctx.procSubstFds?.length ?? 0;
    // A compound whose own redirection fails is a failed command for set -e and ERR (afterList).
    const failed = (e: unknown): never => {
      ctx.compoundRedirectFailed = true;
      throw e;
    };
    let redirected: ReturnType<typeof applyRedirects>;
    try {
      redirected = applyRedirects(ctx, cmd.redirects, this.expander(ctx), this.kernel);
    } catch (e) {
      return failed(e);
    }
    if (redirected instanceof Promise) redirected = redirected.catch(failed);
    return andThen(redirected, (applied) => {
      const saved = ctx.fds;
      ctx.fds = applied.fds;
      const restore = (): void => {
        // An `exec 3>f` inside stays (`{ exec 3>f; } 2>/dev/null`); the compound's own fds go back.
        ctx.fds = ctx.fds === applied.fds ? saved : keptExecFds(saved, applied.fds, ctx.fds);
        keepVarFds(ctx, applied);
        applied.cleanup();
        closeProcSubsts(ctx, mark);
      };
      // An error in the compound's own words (`for x in ${y:?}`, `case $((1/0))`) is reported
      // with its redirections still in place, as bash does (`2>/dev/null` silences it).
      const failedInside = (e: unknown): number => (ctx.lastStatus = commandError(this, e, ctx));
      let r: MP<number>;
      try {
        r = runCompound(this, cmd, ctx);
      } catch (e) {
        try {
          return failedInside(e);
        } finally {
          restore();
        }
      }
      if (r instanceof Promise) return r.catch(failedInside).finally(restore);
      restore();
      return r;
    });
  }

  private defineFunction(cmd: FunctionDef, ctx: ShellContext): number {
    const top = ctx.topCall;
    // bash parses any word as the name, and refuses a quoted one or an expansion here.
    if (cmd.badName) {
      void this.errorLine(ctx, `\`${cmd.name}': not a valid identifier`);
      // (a posix shell's script ends there, as for any bad name below)
      if (ctx.options.posix && !this.interactive) throw new ExitSignal(2);
      return 1;
    }
    // In posix mode a function's name must be an identifier, and not a special builtin's; a
    // script ends there (bash).
    if (ctx.options.posix && (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(cmd.name) || POSIX_SPECIAL_BUILTINS.has(cmd.name))) {
      void this.errorLine(ctx, POSIX_SPECIAL_BUILTINS.has(cmd.name) ? `\`${cmd.name}': is a special builtin` : `\`${cmd.name}': not a valid identifier`);
      if (!this.interactive) throw new ExitSignal(2);
      return 2;
    }
    const def: FunctionDef = { ...cmd, file: top ? top.source : (ctx.mainFrame ?? ctx.sourceName) };
    if (ctx.functionsReadonly?.has(cmd.name)) {
      void this.errorLine(ctx, `${cmd.name}: readonly function`);
      return 1;
    }
    ctx.functions.set(cmd.name, def);
    return 0;
  }

  // ---- subshells (subshell-run.ts) ---------------------------------------------------------

  hideJobs(sub: ShellContext): void {
    hideJobs(this, sub);
  }

  takeLastSignals(ctx: ShellContext, status: number): MP<number> {
    return takeLastSignals(this, ctx, status);
  }

  /** Runs the EXIT trap of a context that is ending; returns the final status. */
  runExitTrap(ctx: ShellContext, status: number, callStack?: CallFrame[]): MP<number> {
    return runExitTrap(this, ctx, status, callStack);
  }

  commandSubst(body: readonly Stmt[], ctx: ShellContext): MP<string> {
    return commandSubst(this, body, ctx);
  }

  procSubst(p: ProcSubst, ctx: ShellContext): string {
    return procSubst(this, p, ctx);
  }

  // ---- the foreground ----------------------------------------------------------------------

  /**
   * Waits for a foreground job's status. When the job is stopped (Ctrl-Z in the REPL calls
   * stopForeground), the wait ends early: the job joins the job table as stopped and the
   * status is 148 (128+SIGTSTP), as in bash. `inSubshell`: waited for in a `( )` or `$( )`,
   * which has jobs of its own in bash: the shell's ended jobs stay unreported.
   */
  async waitForeground(handles: ProcHandle[], command: string, status: Promise<number>, jobId?: number, inSubshell = false, ctx?: ShellContext): Promise<number> {
    for (const h of handles) this.foreground.add(h.entry);
    let stop!: () => void;
    const stopped = new Promise<null>((r) => (stop = () => r(null)));
    this.stopWaiters.add(stop);
    try {
      const r = await Promise.race([status, stopped]);
      // Not killed by the Ctrl-C (python caught it): the line goes on, as bash's does.
      if (r !== null && r !== 130) clearInterrupt();
      if (r !== null) {
        const sig = handles[handles.length - 1]?.entry.signal;
        if (sig) this.onJobSignaled?.(sig);
        // bash reaps every child while it waits, and a script's ended jobs go unreported.
        if (!this.interactive && !inSubshell) this.jobs.notifyDone(ctx ? (j) => void reportEndedJob(this, ctx, j) : undefined);
        return r;
      }
      // The prompt makes the terminal non-blocking: only once the job is really stopped.
      await stoppedSettled(handles.map((h) => h.entry));
      this.onJobStopped?.(this.jobs.adopt(handles, command, jobId));
      return 148;
    } finally {
      this.stopWaiters.delete(stop);
      for (const h of handles) this.foreground.delete(h.entry);
    }
  }

  /** Ctrl-Z: SIGSTOP to the foreground processes; their waits return. False when nothing waits. */
  stopForeground(): boolean {
    if (this.stopWaiters.size === 0) return false;
    for (const e of this.foreground) {
      if (e.kind !== 'process') continue;
      try {
        this.kernel.signal(e, 'SIGSTOP');
      } catch {
        // already gone
      }
    }
    for (const w of [...this.stopWaiters]) w();
    return true;
  }
}

