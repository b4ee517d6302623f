// Calling a builtin: the context it gets (args, fds as streams, the shell's narrow view,
// its own abort signal) and what its errors become (a status, or SIGPIPE's end on EPIPE).
import type { Builtin, BuiltinContext, DeclArg } from '../builtins/types.js';
import { AoshError } from '../kernel/errors.js';
import { ExitSignal, type ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { FdInput, FdOutput, safeClose } from './io.js';
import { makeShellAccess } from './shell-access.js';
import { isBashBuiltin } from '../builtins/dispatch.js';
import { traceAssign } from './assign.js';
import type { MP } from './maybe.js';

/** Calls a builtin with the context's current fds. EPIPE ends the context as SIGPIPE would. */
export function invokeBuiltin(shell: Shell, builtin: Builtin, words: string[], ctx: ShellContext, decl?: DeclArg[]): MP<number> {
  const bctx = new BuiltinCtx(shell, builtin, words, ctx, decl);
  let r: MP<number>;
  try {
    r = builtin.run(bctx);
  } catch (e) {
    bctx.done();
    return builtinFailed(bctx, e);
  }
  if (r instanceof Promise) {
    return r.then(
      (s) => (bctx.done(), s),
      (e) => (bctx.done(), builtinFailed(bctx, e)),
    );
  }
  bctx.done();
  return r;
}

const UNCHECKED_WRITES = new Set(['kill', 'compgen', 'complete', 'compopt']);

/** What a builtin's error becomes: a status, or the end of the context (EPIPE). */
function builtinFailed(bctx: BuiltinCtx, e: unknown): number {
  if (bctx.aborted) return 130;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EPIPE') throw new ExitSignal(141);
  // A closed fd (`echo x >&-`), a full disk, /dev/full, a file that refuses the bytes:
  // bash's one line (lost too when stderr is the closed one) and status 1.
  if (code === 'EBADF' || (code && (e as NodeJS.ErrnoException).syscall === 'write')) {
    // bash's kill -l, compgen and complete -p never look at their writes: status 0, no word.
    if (UNCHECKED_WRITES.has(bctx.name)) return 0;
    bctx.stderr.write(`${bctx.errorPrefix}${bctx.name}: write error: ${code === 'EBADF' ? 'Bad file descriptor' : errnoText(e as Error)}\n`).catch(() => undefined);
    return 1;
  }
  if (e instanceof AoshError) {
    void bctx.stderr.write(`${bctx.errorPrefix}${bctx.name}: ${e.message}\n`);
    return e.exitStatus;
  }
  throw e;
}

/** "No space left on device" from Node's "ENOSPC: no space left on device, write". */
function errnoText(e: Error): string {
  const m = /^[A-Z0-9]+: ([^,]+)/.exec(e.message);
  const t = m ? m[1]! : e.message;
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** The context a builtin gets: streams are made when first used (most builtins use one). */
class BuiltinCtx implements BuiltinContext {
  readonly name: string;
  readonly args: string[];
  readonly decl: DeclArg[] | undefined;
  private out?: FdOutput;
  private err?: FdOutput;
  private inp?: FdInput;
  private access?: ReturnType<typeof makeShellAccess>;

  /** The builtin's own abort signal, made when it first asks (only those that wait need one). */
  private own: AbortController | null = null;

  constructor(
    private readonly sh: Shell,
    builtin: Builtin,
    words: string[],
    private readonly ctx: ShellContext,
    decl: DeclArg[] | undefined,
  ) {
    this.name = builtin.name;
    this.args = words.slice(1);
    this.decl = decl;
  }

  get stdin(): FdInput {
    return (this.inp ??= new FdInput(this.ctx.fds.get(0) ?? -1));
  }

  get stdout(): FdOutput {
    return (this.out ??= new FdOutput(this.ctx.fds.get(1) ?? -1));
  }

  get stderr(): FdOutput {
    return (this.err ??= new FdOutput(this.ctx.fds.get(2) ?? -1));
  }

  get shell(): ReturnType<typeof makeShellAccess> {
    return (this.access ??= makeShellAccess(this.sh, this.ctx));
  }

  get kernel(): Shell['kernel'] {
    return this.sh.kernel;
  }

  /**
   * A builtin in the foreground gets its own abort signal, so Ctrl-C can stop it; in a task,
   * the task's.
   */
  get signal(): AbortSignal {
    if (this.ctx.abort) return this.ctx.abort;
    if (!this.own) {
      this.own = new AbortController();
      this.sh.foregroundBuiltins.add(this.own);
    }
    return this.own.signal;
  }

  get aborted(): boolean {
    return this.own?.signal.aborted === true;
  }

  /** The builtin has returned: its signal no longer needs Ctrl-C. */
  done(): void {
    if (this.own) this.sh.foregroundBuiltins.delete(this.own);
  }

  get asTask(): boolean {
    return this.ctx.taskId !== null;
  }

  get taskId(): number | null {
    return this.ctx.taskId;
  }

  /** "NAME: line N: " for messages, as bash starts a builtin's error in a script. */
  get errorPrefix(): string {
    return isBashBuiltin(this.name) ? this.sh.errorPrefix(this.ctx) : '';
  }
}

export { safeClose, traceAssign };
