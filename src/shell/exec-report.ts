// How the executor reports what went wrong: syntax errors, expansion and redirection
// failures, discarded lines, and the "NAME: line N: " prefix every message carries. The
// statuses here are bash's, which differ by where the source came from (-c, a file, eval).
import type { Shell } from './executor.js';
import type { Parser } from './parser.js';
import { ParseError } from './parser.js';
import { AoshError } from '../kernel/errors.js';
import { VarError } from '../lib/vars.js';
import { BreakSignal, ContinueSignal, DiscardSignal, ExitSignal, InterruptSignal, ReturnSignal, type ShellContext } from './context.js';
import { ShellError } from './errors.js';
import { RedirectError } from './redirect.js';
import { isVirtual, writeFd } from './io.js';
import { isTTY } from '../lib/tty.js';
import { heredocWarningText, reportedLine, syntaxErrorText, whereFor } from './syntax-report.js';
import { signalDescription } from '../kernel/signals.js';
import type { JobView } from '../builtins/types.js';

/** Writes the parser's here-document warnings; a promise while they are on their way. */
export function heredocWarnings(shell: Shell, ctx: ShellContext, parser: Parser, origin: string): Promise<void> | undefined {
  let pending: Promise<void> | undefined;
  for (const w of parser.heredocWarnings.splice(0)) {
    const r = writeStderr(ctx, heredocWarningText(ctx, w, origin, shell.interactive));
    if (r) pending = pending ? pending.then(() => r) : r;
  }
  return pending;
}

/** A command line was cut short by a discard (readonly assignment, arithmetic error). */
export function lineAborted(e: unknown, ctx: ShellContext, origin: string): number {
  if (e instanceof DiscardSignal) {
    // In a subshell, a discard inside eval or a sourced file ends the whole subshell
    // (bash's parse_and_execute jumps on to the subshell's top level), with status 1.
    const parsed = origin === 'eval' || ctx.sourceDepth > 0;
    if (ctx.subshellDepth > 0 && parsed) throw e instanceof InterruptSignal ? e : new DiscardSignal(1);
    // eval, source and the -c string end a discarded line with 1, whatever the error's own
    // status (a readonly `${r:=v}` is 2 in a script or a subshell).
    if (!(e instanceof InterruptSignal) && (parsed || (origin === '-c' && ctx.subshellDepth === 0))) return (ctx.lastStatus = 1);
    return (ctx.lastStatus = e.status);
  }
  throw e;
}

export function syntaxError(shell: Shell, ctx: ShellContext, e: ParseError, source: string, origin: string, firstLine: number): number {
  reportSyntaxError(shell, ctx, e, source, origin, firstLine);
  // A sourced file's syntax error makes `source` return 2; the script goes on.
  const script = !shell.interactive && origin !== 'eval' && origin !== 'trap' && ctx.sourceDepth === 0;
  // bash leaves $? alone after a malformed [[ ]] (and a script exits with it).
  // (but one the input ends in ends it with 2 when $? was 0)
  if (e.cond && script) throw new ExitSignal(e.condAtEnd ? ctx.lastStatus || 2 : ctx.lastStatus);
  // A bad $( ) body ends the shell even from eval or source: with 127 at the top of -c, else 1.
  if (e.inSubst && !shell.interactive && (origin === '-c' || !script)) {
    throw new ExitSignal(ctx.subshellDepth === 0 && shell.flagsSuffix.includes('c') ? 127 : 1);
  }
  // bash's status is 1 when the input ends inside `a=(...`.
  const status = e.incomplete && e.message === 'unterminated array assignment' ? 1 : 2;
  ctx.lastStatus = status;
  if (script) throw new ExitSignal(status);
  // posix mode: a syntax error in eval's text or a sourced file ends a non-interactive shell too.
  if (ctx.options.posix && !shell.interactive && origin !== 'trap') throw new ExitSignal(status);
  return status;
}

/** bash's report of a syntax error (syntax-report.ts). */
export function reportSyntaxError(shell: Shell, ctx: ShellContext, e: ParseError, source: string, origin: string, firstLine = 1): void {
  let where: string;
  if (origin === 'eval') where = evalErrorPrefix(shell, ctx, 'eval', reportedLine(e, source, firstLine));
  else if (origin === 'trap') where = evalErrorPrefix(shell, ctx, TRAP_INPUT[ctx.inTrap ?? ''] ?? 'trap', reportedLine(e, source, firstLine));
  else where = whereFor(ctx, e, origin, source, firstLine, shell.interactive);
  const err = ctx.fds.get(2);
  const text = syntaxErrorText(e, source, firstLine, where, err !== undefined && !isVirtual(err) && isTTY(err));
  if (text) void writeStderr(ctx, text);
}

export function nestingError(shell: Shell, ctx: ShellContext): number {
  void errorLine(shell, ctx, 'maximum nesting depth exceeded');
  ctx.lastStatus = 2;
  if (!shell.interactive) throw new ExitSignal(2);
  return 2;
}

/**
 * bash's parser_error prefix for text run by eval or a trap: "NAME: eval: line N: " (NAME is
 * the running file or function's file, else $0), just "NAME: " at the prompt.
 */
function evalErrorPrefix(shell: Shell, ctx: ShellContext, input: string, line: number): string {
  const top = ctx.topCall;
  if (shell.interactive && !top) return 'aosh: ';
  const name = (top ? top.source : ctx.mainFrame) || ctx.scriptName;
  return name === input ? `${name}: line ${line}: ` : `${name}: ${input}: line ${line}: `;
}

/** The name bash's parse_and_execute gives a trap's text: "exit trap", "trap" for a signal. */
const TRAP_INPUT: Record<string, string> = { EXIT: 'exit trap', ERR: 'error trap', DEBUG: 'debug trap', RETURN: 'return trap' };

export function errorPrefix(shell: Shell, ctx: ShellContext, withLine = true): string {
  const top = ctx.topCall;
  // At the prompt, and in functions typed there (bash says "bash: ", not "main: line 1: ").
  if (shell.interactive && (!top || top.source === ctx.sourceName)) return 'aosh: ';
  const name = top ? top.source : (ctx.mainFrame ?? ctx.scriptName);
  return withLine ? `${name}: line ${ctx.lineno}: ` : `${name}: `;
}

/**
 * A script names a background job that a signal ended, when it learns of the end (bash's
 * notice: "NAME: line N: 4242 Killed                  sleep 5"). Not for SIGINT, SIGPIPE or
 * SIGTERM, nor a signal the shell traps, nor at the prompt (the REPL words its own).
 */
export function reportEndedJob(shell: Shell, ctx: ShellContext, j: JobView): void | Promise<void> {
  const sig = j.signal;
  if (shell.interactive || !sig || sig === 'SIGINT' || sig === 'SIGPIPE' || sig === 'SIGTERM') return;
  if (ctx.traps.get(sig.replace(/^SIG/, ''))) return;
  const pid = j.pids[j.pids.length - 1] ?? j.entryIds[j.entryIds.length - 1] ?? 0;
  return writeStderr(ctx, `${errorPrefix(shell, ctx)}${String(pid).padStart(5)} ${signalDescription(sig).padEnd(24)}${j.command}\n`);
}

export function writeStderr(ctx: ShellContext, text: string): void | Promise<void> {
  const fd = ctx.fds.get(2);
  if (fd === undefined) return;
  try {
    const r = writeFd(fd, text);
    if (r) return r.catch(() => undefined);
  } catch {
    // stderr closed: nothing to tell
  }
}

/** xtrace output: to the fd BASH_XTRACEFD names when that is open, else to stderr. */
export function writeTrace(ctx: ShellContext, text: string): void | Promise<void> {
  const n = ctx.store.get('BASH_XTRACEFD');
  const fd = n !== undefined && /^\d+$/.test(n) ? ctx.fds.get(Number(n)) : undefined;
  if (fd === undefined) return writeStderr(ctx, text);
  try {
    const r = writeFd(fd, text);
    if (r) return r.catch(() => undefined);
  } catch {
    // (closed meanwhile: the trace is lost, as bash's would be)
  }
}

/** Writes "NAME: line N: message" to the context's stderr. */
export function errorLine(shell: Shell, ctx: ShellContext, message: string): void | Promise<void> {
  return writeStderr(ctx, `${errorPrefix(shell, ctx)}${message}\n`);
}

/**
 * Turns expansion and redirection failures into a message and a status; rethrows control
 * flow. Discards and fatal errors unwind further, as bash's do.
 */
export function commandError(shell: Shell, e: unknown, ctx: ShellContext): number {
  if (e instanceof BreakSignal || e instanceof ContinueSignal || e instanceof ReturnSignal || e instanceof ExitSignal || e instanceof DiscardSignal) throw e;
  // In posix mode an assignment to a readonly variable ends a script (bash: 127 under -c).
  if (e instanceof VarError && e.kind === 'readonly' && ctx.options.posix) e = new ShellError(e.message, 'fatal', 127);
  else if (e instanceof VarError) e = new ShellError(e.message, e.kind === 'readonly' || e.kind === 'subscript' || e.kind === 'nameref' ? 'discard' : 'status', 1);
  // (and so does an arithmetic error: bash's posix mode makes it fatal)
  else if (e instanceof ShellError && e.posixFatal && e.action === 'discard' && ctx.options.posix && !shell.interactive) e = new ShellError(e.message, 'fatal', 127);
  if (e instanceof ShellError) {
    if (!(e instanceof RedirectError && e.reported)) void errorLine(shell, ctx, e.message);
    if (e.action === 'fatal') {
      if (ctx.subshellDepth > 0 && !ctx.simpleStage) throw new ExitSignal(1, undefined, false, true);
      // bash exits with 127 under -c, but 1 running a file or stdin (`${1?usage}` in zgrep),
      // and 1 under set -e.
      if (!shell.interactive) throw new ExitSignal(shell.flagsSuffix.includes('c') && !ctx.options.errexit ? e.status : 1, undefined, false, true);
      throw new DiscardSignal(1);
    }
    // A bad array subscript jumps to bash's top level: the -c string ends there.
    if (e.action === 'abort') {
      if (!shell.interactive && ctx.subshellDepth === 0 && shell.flagsSuffix.includes('c')) throw new ExitSignal(1);
      throw new DiscardSignal(1);
    }
    // (Under -c, bash's child for a simple command exits with 1 on any discard.)
    if (e.action === 'discard') throw new DiscardSignal(ctx.simpleStage && shell.flagsSuffix.includes('c') ? 1 : e.status);
    return e.status;
  }
  if (e instanceof AoshError) {
    void errorLine(shell, ctx, e.message);
    return e.exitStatus;
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    void errorLine(shell, ctx, 'maximum nesting depth exceeded');
    throw new DiscardSignal(1);
  }
  throw e;
}


/**
 * set -v: the input read, as bash echoes it. bash's reader does not echo the lines a `$(…)`
 * (or `<(…)`) goes on to after its first one: they are left out through the line it ends on.
 */
export function verboseText(source: string, from: number, to: number, spans: ReadonlyArray<[number, number]>): string {
  let out = '';
  let at = from;
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (start < at || start < from || end > to) continue;
    const firstEnd = source.indexOf('\n', start);
    if (firstEnd < 0 || firstEnd >= end) continue;
    const lastEnd = source.indexOf('\n', end - 1);
    const resume = lastEnd < 0 || lastEnd >= to ? to : lastEnd + 1;
    out += source.slice(at, firstEnd + 1);
    at = resume;
  }
  return out + source.slice(at, to);
}
