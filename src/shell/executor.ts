// The executor: one function per node kind (mvdan/sh's interp). Lists, and-or chains and
// compound commands run here and in control.ts; pipelines in pipeline.ts; simple commands
// in simple.ts. All processes and tasks go through the kernel.
import type { Command, Pipeline, Redirect, Stmt } from './ast.js';
import type { Kernel } from '../kernel/kernel.js';
import type { ProcEntry } from '../kernel/process-table.js';
import type { ProcHandle } from '../kernel/kernel.js';
import type { JobView } from '../builtins/types.js';
import { AoshError } from '../kernel/errors.js';
import { ParseError, Parser } from './parser.js';
import { BreakSignal, ContinueSignal, ExitSignal, ReadonlyError, ReturnSignal, ShellContext } from './context.js';
import { ExpansionError, Expander } from './expand.js';
import { RedirectError, applyRedirects, errnoText } from './redirect.js';
import { runCompound } from './control.js';
import { runPipeline } from './pipeline.js';
import { runSimple } from './simple.js';
import { JobTable } from './jobs.js';
import { FdOutput } from './io.js';
import { timePipeline } from './time.js';

export interface ShellOptionsInit {
  kernel: Kernel;
  interactive?: boolean;
}

export class Shell {
  readonly kernel: Kernel;
  readonly jobs: JobTable;
  interactive: boolean;
  /** Entries of the job running in the foreground (Ctrl-C goes to them). */
  readonly foreground = new Set<ProcEntry>();
  /** Builtins running in the foreground (not as tasks): Ctrl-C aborts them (ps --watch, think). */
  readonly foregroundBuiltins = new Set<AbortController>();

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
  /** Called when the interactive REPL stopped the foreground job (Ctrl-Z): print "[1]+ Stopped ...". */
  onJobStopped: ((job: JobView) => void) | null = null;
  /** Called when the interactive REPL started a job with `&`: print "[1] PID", as bash does. */
  onJobStarted: ((job: JobView) => void) | null = null;
  private readonly stopWaiters = new Set<() => void>();

  constructor(opts: ShellOptionsInit) {
    this.kernel = opts.kernel;
    this.interactive = opts.interactive ?? false;
    this.jobs = new JobTable(this.kernel);
  }

  /**
   * Parses and runs source text command line by command line (as bash reads scripts), so
   * a syntax error stops the script where it is. Returns the last status; exit unwinds as
   * ExitSignal to the caller.
   */
  async runSource(source: string, ctx: ShellContext, origin: string): Promise<number> {
    const parser = new Parser(source, { origin, interactive: this.interactive });
    for (;;) {
      let chunk: Stmt[] | null;
      try {
        chunk = parser.nextChunk();
      } catch (e) {
        if (e instanceof ParseError) {
          await this.reportSyntaxError(ctx, e, source, origin);
          ctx.lastStatus = 2;
          if (!this.interactive) throw new ExitSignal(2);
          return 2;
        }
        throw e;
      }
      if (chunk === null) return ctx.lastStatus;
      await this.runStmts(chunk, ctx);
    }
  }

  async reportSyntaxError(ctx: ShellContext, e: ParseError, source: string, origin: string): Promise<void> {
    const lineText = source.split('\n')[e.line - 1] ?? '';
    const caret = ' '.repeat(Math.max(0, e.col - 1)) + '^';
    const where = origin ? `${origin}:${e.line}:${e.col}: ` : '';
    await this.errorLine(ctx, `${where}${e.message.startsWith('syntax error') ? '' : 'syntax error: '}${e.message}\n${lineText}\n${caret}`);
  }

  /**
   * Waits for a foreground job's status. When the job is stopped (Ctrl-Z in the REPL calls
   * stopForeground), the wait ends early: the job joins the job table as stopped and the
   * status is 148 (128+SIGTSTP), as in bash.
   */
  async waitForeground(handles: ProcHandle[], command: string, status: Promise<number>, jobId?: number): Promise<number> {
    for (const h of handles) this.foreground.add(h.entry);
    let stop!: () => void;
    const stopped = new Promise<null>((r) => (stop = () => r(null)));
    this.stopWaiters.add(stop);
    try {
      const r = await Promise.race([status, stopped]);
      if (r !== null) return r;
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

  /** Runs the EXIT trap of a context that is ending; returns the final status. */
  async runExitTrap(ctx: ShellContext, status: number): Promise<number> {
    const action = ctx.traps.get('EXIT');
    if (action === undefined) return status;
    ctx.traps.delete('EXIT');
    ctx.lastStatus = status;
    try {
      await this.runSource(action, ctx, 'trap');
    } catch (e) {
      if (e instanceof ExitSignal) return e.status;
      throw e;
    }
    return status;
  }

  async writeStderr(ctx: ShellContext, text: string): Promise<void> {
    const fd = ctx.fds.get(2);
    if (fd !== undefined) await new FdOutput(fd).write(text).catch(() => undefined);
  }

  /** Writes "aosh: message" to the context's stderr. */
  async errorLine(ctx: ShellContext, message: string): Promise<void> {
    const fd = ctx.fds.get(2);
    if (fd === undefined) return;
    try {
      await new FdOutput(fd).write(`aosh: ${message}\n`);
    } catch {
      // stderr closed: nothing to tell
    }
  }

  expander(ctx: ShellContext): Expander {
    return new Expander({
      getVar: (n) => ctx.get(n) ?? this.dynamicVar(ctx, n),
      setVar: (n, v) => ctx.set(n, v),
      positional: () => ctx.positional,
      special: (n) => this.special(ctx, n),
      fs: this.kernel.fs,
      getArray: (n) => ctx.getArray(n),
      getAssoc: (n) => ctx.getAssoc(n),
      commandSubst: (body) => this.commandSubst(body, ctx),
      get cwd() {
        return ctx.cwd;
      },
      get nounset() {
        return ctx.options.nounset;
      },
      get noglob() {
        return ctx.options.noglob;
      },
    });
  }

  private readonly startedAt = Date.now();

  /** Variables bash computes on every read, unless the script set them: RANDOM, SECONDS, LINENO... */
  private dynamicVar(ctx: ShellContext, name: string): string | undefined {
    switch (name) {
      case 'RANDOM': return String(Math.floor(Math.random() * 32768));
      case 'SECONDS': return String(Math.floor((Date.now() - this.startedAt) / 1000));
      case 'LINENO': return String(ctx.lineno);
      case 'EPOCHSECONDS': return String(Math.floor(Date.now() / 1000));
      case 'EPOCHREALTIME': return (Date.now() / 1000).toFixed(6);
      case 'BASHPID': return String(process.pid);
      default: return undefined;
    }
  }

  private special(ctx: ShellContext, name: string): string | undefined {
    switch (name) {
      case '0': return ctx.scriptName;
      case '?': return String(ctx.lastStatus);
      case '$': return String(process.pid);
      case '!': return ctx.lastBackground || undefined;
      case '-': return ctx.optionFlags();
      default: return undefined;
    }
  }

  async runStmts(stmts: Stmt[], ctx: ShellContext): Promise<number> {
    for (const s of stmts) await this.runStmt(s, ctx);
    return ctx.lastStatus;
  }

  async runStmt(stmt: Stmt, ctx: ShellContext): Promise<number> {
    ctx.lineno = stmt.pos.line;
    if (stmt.background) {
      const job = await this.jobs.startBackground(this, stmt, ctx);
      if (ctx.subshellDepth === 0 && job.entryIds.length) this.onJobStarted?.(job);
      ctx.lastStatus = 0;
      return 0;
    }
    const status = await this.runAndOr(stmt, ctx);
    // The sandbox refused something during that command: say which flag would allow it.
    if (this.kernel.pendingNotes) for (const n of this.kernel.takeNotes()) await this.errorLine(ctx, `note: ${n}`);
    return status;
  }

  private async runAndOr(stmt: Stmt, ctx: ShellContext): Promise<number> {
    const { first, rest } = stmt.andOr;
    const outerSuppressed = ctx.errexitSuppressed;
    // Every pipeline but the last of an && / || chain is a tested condition: set -e ignores it.
    ctx.errexitSuppressed = outerSuppressed || rest.length > 0;
    let status = await this.runPipelineNode(first, ctx);
    let lastRan = rest.length === 0;
    for (let k = 0; k < rest.length; k++) {
      const { op, pipeline } = rest[k]!;
      if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
      const isLast = k === rest.length - 1;
      ctx.errexitSuppressed = outerSuppressed || !isLast;
      status = await this.runPipelineNode(pipeline, ctx);
      lastRan = isLast;
    }
    ctx.errexitSuppressed = outerSuppressed;
    const last = rest.length ? rest[rest.length - 1]!.pipeline : first;
    if (status !== 0 && lastRan && !last.negated && ctx.options.errexit && !ctx.errexitSuppressed) {
      throw new ExitSignal(status);
    }
    return status;
  }

  private async runPipelineNode(p: Pipeline, ctx: ShellContext): Promise<number> {
    if (p.timed) return timePipeline(p.timed, ctx, () => this.runPipelineNode({ ...p, timed: undefined }, ctx), (text) => this.writeStderr(ctx, text));
    const outer = ctx.errexitSuppressed;
    if (p.negated) ctx.errexitSuppressed = true;
    let status: number;
    try {
      status = p.commands.length === 0 ? 0 : p.commands.length === 1 ? await this.runCommand(p.commands[0]!, ctx) : await runPipeline(this, p, ctx);
    } catch (e) {
      status = await this.commandError(e, ctx);
    } finally {
      ctx.errexitSuppressed = outer;
    }
    if (p.commands.length <= 1) ctx.setArray('PIPESTATUS', [String(status)]);
    if (p.negated) status = status === 0 ? 1 : 0;
    ctx.lastStatus = status;
    return status;
  }

  /** Runs one command in the given context (the current shell, or a stage's clone). */
  async runCommand(cmd: Command, ctx: ShellContext): Promise<number> {
    try {
      if (cmd.kind === 'Simple') return (ctx.lastStatus = await runSimple(this, cmd, ctx));
      if (cmd.kind === 'FunctionDef') {
        ctx.functions.set(cmd.name, cmd);
        return (ctx.lastStatus = 0);
      }
      if (cmd.kind === 'Subshell') return (ctx.lastStatus = await this.runSubshell(cmd.body, ctx, cmd.redirects));
      const applied = await applyRedirects(ctx, cmd.redirects, this.expander(ctx), this.kernel);
      const saved = ctx.fds;
      ctx.fds = applied.fds;
      try {
        return (ctx.lastStatus = await runCompound(this, cmd, ctx));
      } finally {
        ctx.fds = saved;
        applied.cleanup();
      }
    } catch (e) {
      return (ctx.lastStatus = await this.commandError(e, ctx));
    }
  }

  /** Turns expansion and redirection failures into a message and a status; rethrows control flow. */
  async commandError(e: unknown, ctx: ShellContext): Promise<number> {
    if (e instanceof ExpansionError) {
      await this.errorLine(ctx, e.message);
      if (e.fatal && !this.interactive) throw new ExitSignal(e.kind === 'param' && ctx.subshellDepth === 0 ? 127 : 1);
      return 1;
    }
    if (e instanceof RedirectError) {
      await this.errorLine(ctx, e.message);
      return 1;
    }
    if (e instanceof ReadonlyError) {
      await this.errorLine(ctx, e.message);
      if (!this.interactive) throw new ExitSignal(1);
      return 1;
    }
    if (e instanceof AoshError) {
      await this.errorLine(ctx, e.message);
      return e.exitStatus;
    }
    throw e;
  }

  /** `( ... )`: a cloned context; exit inside ends only the subshell. */
  async runSubshell(body: Stmt[], ctx: ShellContext, redirects: Redirect[] = []): Promise<number> {
    const sub = ctx.clone();
    const applied = await applyRedirects(sub, redirects, this.expander(sub), this.kernel);
    sub.fds = applied.fds;
    let status: number;
    try {
      status = await this.runStmts(body, sub);
    } catch (e) {
      if (e instanceof ExitSignal) status = e.status;
      else if (e instanceof BreakSignal || e instanceof ContinueSignal) status = sub.lastStatus;
      else if (e instanceof ReturnSignal) status = e.status;
      else {
        applied.cleanup();
        throw e;
      }
    }
    status = await this.runExitTrap(sub, status);
    applied.cleanup();
    return status;
  }

  /** `$(...)`: runs the body in a subshell with stdout on a pipe and returns what it wrote. */
  async commandSubst(body: Stmt[], ctx: ShellContext): Promise<string> {
    const fileOnly = readFileShortcut(body);
    if (fileOnly) {
      const path = await this.expander(ctx).string(fileOnly);
      try {
        const { resolve } = await import('node:path');
        ctx.substStatus = 0;
        return this.kernel.fs.readFile(resolve(ctx.cwd, path)).toString('utf8');
      } catch (e) {
        await this.errorLine(ctx, `${path}: ${errnoText(e)}`);
        ctx.substStatus = 1;
        return '';
      }
    }
    const native = this.kernel.native;
    const [rd, wr] = native.pipe();
    const sub = ctx.clone();
    sub.options.errexit = false; // bash: $(...) does not inherit set -e
    sub.fds.set(1, wr);
    const reading = readAllFromFd(rd);
    let status: number;
    try {
      status = await this.runStmts(body, sub);
    } catch (e) {
      if (e instanceof ExitSignal) status = e.status;
      else if (e instanceof ReturnSignal) status = e.status;
      else if (e instanceof BreakSignal || e instanceof ContinueSignal) status = sub.lastStatus;
      else {
        native.close(wr);
        throw e;
      }
    }
    native.close(wr);
    const out = await reading;
    ctx.substStatus = status;
    return out;
  }
}

/** `$(< file)`: bash reads the file directly instead of running a command. */
function readFileShortcut(body: Stmt[]): import('./ast.js').Word | null {
  if (body.length !== 1 || body[0]!.background) return null;
  const { first, rest } = body[0]!.andOr;
  if (rest.length || first.negated || first.commands.length !== 1) return null;
  const cmd = first.commands[0]!;
  if (cmd.kind !== 'Simple' || cmd.words.length || cmd.assigns.length || cmd.redirects.length !== 1) return null;
  const r = cmd.redirects[0]!;
  return r.op === '<' && (r.fd === null || r.fd === 0) ? r.target : null;
}

async function readAllFromFd(fd: number): Promise<string> {
  const { Socket } = await import('node:net');
  return new Promise((resolve) => {
    const sock = new Socket({ fd, readable: true, writable: false });
    const chunks: Buffer[] = [];
    sock.on('data', (c: Buffer) => chunks.push(c));
    const done = (): void => {
      sock.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    sock.on('end', done);
    sock.on('error', done);
  });
}
