// Simple commands: expand, assign, redirect, then run a function, a builtin or an
// external program (a real process started by the kernel).
import type { FunctionDef, Lit, SimpleCommand } from './ast.js';
import type { Builtin, DeclArg } from '../builtins/types.js';
import { getBuiltin } from '../builtins/index.js';
import { A, VarError } from '../lib/vars.js';
import { DiscardSignal, ExitSignal, ReturnSignal, type ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { applyRedirects, noRedirects, RedirectError, type Applied } from './redirect.js';
import { callFunction } from './functions.js';
import { arrayFromText, assignAll, expandAssign } from './assign.js';
import { closeProcSubsts } from './subst.js';
import { coprocFdsChanged } from './coproc.js';
import { anySignalTraps, runTrapStatus } from './traps.js';
import { andThen, type MP } from './maybe.js';
import { quoteTrace, quoteTraceValue, xtraceLine } from './xtrace.js';
import { singleQuote } from '../lib/quote.js';
import { ShellError } from './errors.js';
import { braceExpand } from './brace.js';
import { closeOwned, runExternal } from './external.js';
import { keywordCommand } from './keyword.js';
import { NOT_FOUND_HOOK, runNotFoundHook } from './not-found.js';
import { expandPrefix, NO_PREFIX, withTempVars, writableAssigns, type PrefixAssign } from './prefix-assign.js';

export { findExecutable, runExternalWords, stageAttrs } from './external.js';
export { invokeBuiltin } from './builtin-call.js';
import { invokeBuiltin } from './builtin-call.js';

export function runSimple(shell: Shell, cmd: SimpleCommand, ctx: ShellContext): MP<number> {
  const mark = ctx.procSubstFds?.length ?? 0;
  const outerLaunch = ctx.launch;
  // The common case, not a pipeline stage: no closures (this runs for every command).
  if (!outerLaunch) {
    let r: MP<number>;
    try {
      r = runSimpleTraced(shell, cmd, ctx);
    } catch (e) {
      closeProcSubsts(ctx, mark);
      throw e;
    }
    if (r instanceof Promise) return r.finally(() => closeProcSubsts(ctx, mark));
    closeProcSubsts(ctx, mark);
    return r;
  }
  // A stage launched as a task (`f <(…) | cat`) still needs the process substitutions when
  // this returns: they close when it ends.
  let task: Promise<unknown> | undefined;
  const launch: typeof outerLaunch = (h) => ((task = h.done), outerLaunch(h));
  ctx.launch = launch;
  const done = (): void => {
    if (ctx.launch === launch) ctx.launch = outerLaunch;
    closeProcSubsts(ctx, mark, task);
  };
  let r: MP<number>;
  try {
    r = runSimpleTraced(shell, cmd, ctx);
  } catch (e) {
    done();
    throw e;
  }
  if (r instanceof Promise) return r.finally(done);
  done();
  return r;
}

function runSimpleTraced(shell: Shell, cmd: SimpleCommand, ctx: ShellContext): MP<number> {
  if (ctx.abort?.aborted) throw new ExitSignal(128 + (Number(ctx.abort.reason) || 15));
  if (cmd.line !== undefined) ctx.lineno = cmd.line;
  ctx.substStatus = null;
  // In a trap, $BASH_COMMAND stays the command that was running when it fired.
  if (ctx.inTrap === null) {
    ctx.currentCmd = cmd;
    ctx.currentSrc = ctx.stmtSrc;
  }
  if (ctx.traps.size) {
    const debug = ctx.traps.get('DEBUG');
    if (debug !== undefined && debug !== '' && ctx.inTrap === null) {
      // Under extdebug a DEBUG trap that fails skips the command (bash).
      return andThen(runTrapStatus(shell, ctx, 'DEBUG', debug, ctx.lastStatus), (st) => (st !== 0 && ctx.shopt.extdebug ? ctx.lastStatus : runSimpleNow(shell, cmd, ctx)));
    }
  }
  return runSimpleNow(shell, cmd, ctx);
}

function runSimpleNow(shell: Shell, cmd: SimpleCommand, ctx: ShellContext): MP<number> {
  if (ctx.options.keyword && !cmd.declArgs && cmd.words.length > 1) cmd = keywordCommand(cmd);
  if (cmd.words.length === 0) return assignmentsOnly(shell, cmd, ctx);
  if (cmd.declArgs) return andThen(expandDeclWords(shell, cmd, ctx), (w) => withWords(shell, cmd, ctx, w.argv, w.decl));
  const words = shell.expander(ctx).fields(cmd.words);
  if (words instanceof Promise) return words.then((w) => withWords(shell, cmd, ctx, w, undefined));
  return withWords(shell, cmd, ctx, words, undefined);
}

/** `x=1 y=$x` (and redirections alone): assignments in the shell, in order. */
function assignmentsOnly(shell: Shell, cmd: SimpleCommand, ctx: ShellContext): MP<number> {
  ctx.lastArg = '';
  const done = (): MP<number> => {
    const status = ctx.substStatus ?? 0;
    if (cmd.redirects.length === 0) return status;
    return andThen(applyRedirects(ctx, cmd.redirects, shell.expander(ctx), shell.kernel), (applied) => {
      applied.cleanup();
      return status;
    });
  };
  if (cmd.assigns.length === 0) return done();
  let r: MP<void>;
  try {
    r = assignAll(shell, cmd.assigns, ctx);
  } catch (e) {
    return readonlyAssignFailed(shell, ctx, e);
  }
  if (r) return r.then(done, (e: unknown) => readonlyAssignFailed(shell, ctx, e));
  if (cmd.redirects.length === 0) return ctx.substStatus ?? 0;
  return done();
}

/**
 * bash's status for a posix-mode fatal error: 127 at the top of a -c shell (as for its other
 * fatal errors), else 1 (a script, a subshell, under set -e).
 */
function posixFatalStatus(shell: Shell, ctx: ShellContext): number {
  return shell.flagsSuffix.includes('c') && !ctx.options.errexit && ctx.subshellDepth === 0 ? 127 : 1;
}

/**
 * An assignment statement to a readonly variable: the rest of the line is dropped (the error
 * goes up as usual), but a non-interactive shell in posix mode or under set -e exits with 1.
 */
function readonlyAssignFailed(shell: Shell, ctx: ShellContext, e: unknown): never {
  if (e instanceof VarError && e.kind === 'readonly' && !shell.interactive && (ctx.options.posix || ctx.options.errexit)) {
    void shell.errorLine(ctx, e.message);
    throw new ExitSignal(posixFatalStatus(shell, ctx));
  }
  throw e;
}

interface Expanded {
  argv: string[];
  decl?: DeclArg[];
}

/** Words of a declaration builtin: `name=value` arguments are expanded like assignments. */
function expandDeclWords(shell: Shell, cmd: SimpleCommand, ctx: ShellContext): MP<Expanded> {
  // `declare -A m=([k]=v)`: subscripts are keys; the -A is known from the literal options.
  const opts = declOptions(cmd);
  ctx.declaringAssoc = (opts & 1) !== 0;
  ctx.declaringArray = (opts & 2) !== 0;
  return new DeclWords(shell, cmd, ctx).from(0);
}

/** Bit 1: a literal option word with A (`-A`, `-gA`), bit 2: with a. */
function declOptions(cmd: SimpleCommand): number {
  let f = 0;
  for (let i = 1; i < cmd.words.length; i++) {
    if (cmd.declArgs![i]) continue;
    const p = cmd.words[i]!.parts[0];
    if (p?.kind !== 'Lit' || p.value.charCodeAt(0) !== 45) continue;
    if (/^-[a-zA-Z]*A/.test(p.value)) f |= 1;
    if (/^-[a-zA-Z]*a/.test(p.value)) f |= 2;
  }
  return f;
}

/** The expansion of a declaration's words, in order; synchronous unless a word is not. */
class DeclWords {
  readonly argv: string[] = [];
  readonly decl: DeclArg[] = [];
  constructor(
    private readonly shell: Shell,
    private readonly cmd: SimpleCommand,
    private readonly ctx: ShellContext,
  ) {}

  from(i: number): MP<Expanded> {
    const words = this.cmd.words;
    for (; i < words.length; i++) {
      const a = this.cmd.declArgs![i];
      if (a) {
        // An argument is a word first: `declare a={x,y}` is brace-expanded to the plain words
        // `a=x a=y` (expanded as words then: split, no tilde after `=`), as bash does.
        const alts = a.array ? null : braceExpand(a.value);
        if (alts && alts.length > 1) {
          const head: Lit = { kind: 'Lit', value: `${a.name}${a.index !== undefined ? `[${a.index}]` : ''}${a.append ? '+' : ''}=`, escaped: true };
          const f = this.shell.expander(this.ctx).fields(alts.map((w) => ({ ...w, parts: [head, ...w.parts] })));
          if (f instanceof Promise) {
            const k = i;
            return f.then((v) => andThen(this.plain(v, false), () => this.from(k + 1)));
          }
          const p = this.plain(f, false);
          if (p) {
            const k = i;
            return p.then(() => this.from(k + 1));
          }
          continue;
        }
        const d = expandAssign(this.shell, a, this.ctx);
        if (d instanceof Promise) {
          const k = i;
          return d.then((v) => (this.assignment(v), this.from(k + 1)));
        }
        this.assignment(d);
      } else {
        const f = this.shell.expander(this.ctx).fields([words[i]!]);
        if (f instanceof Promise) {
          const k = i;
          return f.then((v) => andThen(this.plain(v, k === 0), () => this.from(k + 1)));
        }
        const p = this.plain(f, i === 0);
        if (p) {
          const k = i;
          return p.then(() => this.from(k + 1));
        }
      }
    }
    return { argv: this.argv, decl: this.decl };
  }

  private assignment(d: DeclArg): void {
    this.decl.push(d);
    this.argv.push(d.array ? `${d.name}${d.append ? '+' : ''}=(${d.array.map((e) => (e.key !== undefined ? `[${e.key}]=` : '') + e.value).join(' ')})` : `${d.name}${d.index !== undefined ? `[${d.index}]` : ''}${d.append ? '+' : ''}=${d.value}`);
  }

  /** Words that are no assignment as written; a promise only when one is an array's text. */
  private plain(fields: string[], first: boolean, from = 0): Promise<void> | undefined {
    for (let j = from; j < fields.length; j++) {
      const w = fields[j]!;
      if (first) {
        this.argv.push(w);
        continue;
      }
      // A word that only became `name=value` by expansion still assigns (bash does).
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]*)\])?(\+?)=(.*)$/s.exec(w);
      const arr = m && m[2] === undefined ? arrayFromText(this.shell, this.ctx, m[1]!, m[3] === '+', m[4]!) : null;
      if (arr instanceof Promise) return arr.then((d) => (this.assignment(d), this.plain(fields, first, j + 1)));
      if (arr) {
        this.assignment(arr);
        continue;
      }
      this.argv.push(w);
      this.decl.push(m ? { name: m[1]!, ...(m[2] !== undefined ? { index: m[2] } : {}), append: m[3] === '+', value: m[4]!, word: w } : { word: w });
    }
    return undefined;
  }
}

/**
 * A program's redirections: bash expands them in the child, so an error there (`cat <nomatch*`
 * under failglob, `>$((1/0))`, `<${f?}`) fails just this command, with the status it would
 * exit with, and the script goes on.
 */
function childRedirects(shell: Shell, cmd: SimpleCommand, ctx: ShellContext): MP<Applied | number> {
  const failed = (e: unknown): number => {
    if (!(e instanceof ShellError)) throw e;
    void shell.errorLine(ctx, e.message);
    // bash's child ends as the shell would on a fatal error: 127 under -c, 1 in a script.
    if (e.action === 'fatal' && !shell.interactive && !shell.flagsSuffix.includes('c')) return 1;
    return e.status;
  };
  try {
    const r = applyRedirects(ctx, cmd.redirects, shell.expander(ctx), shell.kernel);
    return r instanceof Promise ? r.catch(failed) : r;
  } catch (e) {
    return failed(e);
  }
}

function withWords(shell: Shell, cmd: SimpleCommand, ctx: ShellContext, words: string[], decl: DeclArg[] | undefined): MP<number> {
  if (words.length === 0) {
    // Every word expanded to nothing: only the assignments and redirections remain.
    return assignmentsOnly(shell, cmd, ctx);
  }
  const name = words[0]!;
  // Nothing to expand first and nothing to trace (most commands): straight on, no closures.
  if (cmd.assigns.length === 0 && cmd.redirects.length === 0 && !ctx.options.xtrace && name !== 'exec') {
    return runResolved(shell, ctx, words, NO_PREFIX, noRedirects(ctx), decl);
  }
  // Prefix assignments are expanded before the command runs, left to right.
  const prefix = cmd.assigns.length ? expandPrefix(shell, cmd.assigns, ctx) : NO_PREFIX;
  return andThen(prefix, (assigns) => {
    if (ctx.options.xtrace) traceCommand(shell, ctx, assigns, words, decl);
    const redirected = cmd.redirects.length && !ctx.functions.has(name) && !getBuiltin(name)
      ? childRedirects(shell, cmd, ctx)
      : cmd.redirects.length && ctx.options.posix && POSIX_SPECIAL_BUILTINS.has(name) && !ctx.functions.has(name) && !shell.interactive
        ? specialRedirects(shell, cmd, ctx)
        : applyRedirects(ctx, cmd.redirects, shell.expander(ctx), shell.kernel);
    return andThen(redirected, (applied) => {
      if (typeof applied === 'number') return applied;
      if (name === 'exec' && words.length === 1) {
        // `exec >file`: the redirections stay for the rest of the shell.
        applied.keep();
        ctx.fds = applied.fds;
        coprocFdsChanged(ctx);
        return 0;
      }
      return runResolved(shell, ctx, words, assigns, applied, decl);
    });
  });
}

function traceCommand(shell: Shell, ctx: ShellContext, assigns: PrefixAssign[], words: string[], decl: DeclArg[] | undefined): void {
  // As bash traces them: each prefix assignment on its own line; a declaration's compound
  // assignment as `name=('v' …)` before the command, which then shows the bare name; and
  // export/readonly NAME=VALUE once more as the assignment after the command.
  let text = '';
  for (const a of assigns) text += xtraceLine(shell, ctx, [`${a.name}=${quoteTraceValue(ctx, a.value)}`], true);
  // (decl[j] is the expansion of words[j + 1].)
  let argv = words;
  if (decl?.some((d) => d.array)) {
    argv = [words[0]!];
    decl.forEach((d, j) => {
      if (!d.array) return void argv.push(words[j + 1]!);
      const elems = d.array.map((e) => (e.key !== undefined ? `[${singleQuote(e.key)}]=` : '') + singleQuote(e.value));
      text += xtraceLine(shell, ctx, [`${d.name}${d.append ? '+' : ''}=(${elems.join(' ')})`], true);
      argv.push(d.name!);
    });
  }
  text += xtraceLine(shell, ctx, argv.map((w) => quoteTrace(ctx, w)), true);
  if ((words[0] === 'export' || words[0] === 'readonly') && decl) {
    for (const d of decl) if (d.name !== undefined && d.value !== undefined && !d.array && d.index === undefined) text += xtraceLine(shell, ctx, [`${d.name}${d.append ? '+' : ''}=${quoteTraceValue(ctx, d.value)}`], true);
  }
  void shell.writeTrace(ctx, text);
}


/** Runs argv[0] as a function, builtin or program, with the redirections in place. */
function runResolved(shell: Shell, ctx: ShellContext, words: string[], assigns: PrefixAssign[], applied: Applied, decl: DeclArg[] | undefined): MP<number> {
  const savedFds = ctx.fds;
  ctx.fds = applied.fds;
  // A stage launched as a kernel task (a builtin or function in a pipeline) keeps using the
  // redirected fds after this returns: close them when it ends, not now.
  const outerLaunch = ctx.launch;
  const run = outerLaunch ? new Launched(outerLaunch) : null;
  if (run) ctx.launch = run.launch;
  let r: MP<number>;
  try {
    r = resolveAndRun(shell, ctx, words, assigns, applied, decl);
  } catch (e) {
    finishResolved(ctx, words, applied, savedFds, outerLaunch, run);
    throw e;
  }
  if (r instanceof Promise) return r.finally(() => finishResolved(ctx, words, applied, savedFds, outerLaunch, run));
  finishResolved(ctx, words, applied, savedFds, outerLaunch, run);
  return r;
}

/** Catches the task a pipeline stage's builtin or function launches (see runResolved). */
class Launched {
  done: Promise<unknown> | null = null;
  readonly launch: NonNullable<ShellContext['launch']>;
  constructor(outer: NonNullable<ShellContext['launch']>) {
    this.launch = (h) => ((this.done = h.done), outer(h));
  }
}

function resolveAndRun(shell: Shell, ctx: ShellContext, words: string[], assigns: PrefixAssign[], applied: Applied, decl: DeclArg[] | undefined): MP<number> {
  const name = words[0]!;
  const fn = ctx.functions.get(name);
  if (ctx.options.posix && !shell.interactive && assigns.some((a) => (ctx.store.vars.get(a.name)?.attrs ?? 0) & A.readonly)) {
    // posix mode: a readonly prefix assignment fails the command without running it, and
    // the rest of the line with it (status 1); before a special builtin it ends the shell.
    for (const a of assigns) if ((ctx.store.vars.get(a.name)?.attrs ?? 0) & A.readonly) void shell.errorLine(ctx, `${a.name}: readonly variable`);
    if (!fn && POSIX_SPECIAL_BUILTINS.has(name)) throw new ExitSignal(posixFatalStatus(shell, ctx));
    throw new DiscardSignal(1);
  }
  assigns = writableAssigns(shell, ctx, assigns);
  if (fn) return runFunction(shell, ctx, fn, words, assigns);
  const builtin = ctx.disabledBuiltins.size && ctx.disabledBuiltins.has(name) ? undefined : getBuiltin(name);
  if (builtin) return runBuiltin(shell, builtin, words, ctx, decl, assigns);
  // (A program's `{var}` fds were its own: bash opens them in the child.)
  applied.keepVarFds = () => undefined;
  const hook = ctx.functions.get(NOT_FOUND_HOOK);
  if (hook) return runExternal(shell, words, assigns, ctx, applied.fds, undefined, () => runMaybeAsTask(shell, ctx, name, words, () => runNotFoundHook(shell, ctx, hook, words, assigns)));
  return runExternal(shell, words, assigns, ctx, applied.fds);
}

function finishResolved(ctx: ShellContext, words: string[], applied: Applied, savedFds: Map<number, number>, outerLaunch: ShellContext['launch'], run: Launched | null): void {
  ctx.fds = ctx.fds === applied.fds ? savedFds : keptExecFds(savedFds, applied.fds, ctx.fds);
  keepVarFds(ctx, applied);
  if (ctx.launch !== outerLaunch && ctx.launch !== null) ctx.launch = outerLaunch;
  const pending = run?.done;
  if (pending) void pending.finally(() => applied.cleanup());
  else applied.cleanup();
  ctx.lastArg = words[words.length - 1]!;
}

/**
 * The fd table after a function, eval or source whose body ran `exec 3>f`: what exec did
 * stays, as in bash; only the fds this command's own redirections set (`f 3>y`) go back.
 */
export function keptExecFds(before: Map<number, number>, own: Map<number, number>, after: Map<number, number>): Map<number, number> {
  const fds = new Map(after);
  for (const fd of new Set([...before.keys(), ...own.keys()])) {
    if (own.get(fd) === before.get(fd)) continue;
    const v = before.get(fd);
    if (v === undefined) fds.delete(fd);
    else fds.set(fd, v);
  }
  return fds;
}

/** The special builtins whose status 2 is always a usage error (not a status passed on). */
const POSIX_USAGE_FATAL = new Set(['export', 'readonly', 'set', 'shift', 'times', 'trap', 'unset', 'exec']);

/** posix mode: a failed redirection of a special builtin ends a non-interactive shell (bash). */
function specialRedirects(shell: Shell, cmd: SimpleCommand, ctx: ShellContext): MP<Applied> {
  const fatal = (e: unknown): never => {
    if (!(e instanceof ShellError)) throw e;
    if (!(e instanceof RedirectError && e.reported)) void shell.errorLine(ctx, e.message);
    throw new ExitSignal(1);
  };
  try {
    const r = applyRedirects(ctx, cmd.redirects, shell.expander(ctx), shell.kernel);
    return r instanceof Promise ? r.catch(fatal) : r;
  } catch (e) {
    return fatal(e);
  }
}

// The prefix assignments are bound inside the body: a stage of a pipeline runs as a task
// after this returns (`X=1 f | cat` must see X). No closure for the common case without them.
function runFunction(shell: Shell, ctx: ShellContext, fn: FunctionDef, words: string[], assigns: PrefixAssign[]): MP<number> {
  if (ctx.stageUncounted) {
    // A function run by a pipeline stage is in the stage's subshell ($BASH_SUBSHELL).
    ctx.stageUncounted = false;
    ctx.uncounted--;
  }
  if (!assigns.length && !ctx.launch) return callFunction(shell, fn, words.slice(1), ctx);
  const call = (): MP<number> => callFunction(shell, fn, words.slice(1), ctx);
  const body = assigns.length ? () => withTempVars(shell, ctx, assigns, call) : call;
  if (!ctx.launch) return body();
  return runMaybeAsTask(shell, ctx, words[0]!, words, body);
}

/** Runs `body` in place, or as a kernel task when the context is a stage / background job. */
function runMaybeAsTask(shell: Shell, ctx: ShellContext, name: string, words: string[], body: () => MP<number>): MP<number> {
  const launch = ctx.launch;
  if (!launch) return body();
  const command = words.join(' ');
  ctx.launch = null;
  // The stage's channel ends belong to the task until it ends, not to a process it starts.
  const owned = ctx.ownedFds;
  ctx.ownedFds = [];
  // The task starts after the command's redirections have been taken back from ctx.
  const fds = ctx.fds;
  const handle = shell.kernel.runTask({
    name,
    command,
    job: ctx.job,
    parent: ctx.taskId,
    run: async (signal) => {
      ctx.abort = signal;
      ctx.fds = fds;
      try {
        const r = body();
        return r instanceof Promise ? await r : r;
      } catch (e) {
        if (e instanceof ExitSignal) return e.status;
        if (e instanceof ReturnSignal) return e.status;
        if (e instanceof DiscardSignal) return e.status;
        throw e;
      } finally {
        ctx.ownedFds.push(...owned);
        closeOwned(shell, ctx);
      }
    },
  });
  ctx.taskId = handle.entry.id;
  launch(handle);
  return 0;
}

/** POSIX's special builtins: in posix mode, assignments before them stay in the shell. */
export const POSIX_SPECIAL_BUILTINS = new Set(['break', ':', '.', 'continue', 'eval', 'exec', 'exit', 'export', 'readonly', 'return', 'set', 'shift', 'source', 'times', 'trap', 'unset']);

function runBuiltin(shell: Shell, builtin: Builtin, words: string[], ctx: ShellContext, decl: DeclArg[] | undefined, assigns: PrefixAssign[]): MP<number> {
  if (assigns.length && ctx.options.posix && POSIX_SPECIAL_BUILTINS.has(builtin.name)) {
    // posix mode: assignments before a special builtin stay in the shell, exported (bash).
    for (const a of assigns) {
      ctx.store.assign(a.name, a.value);
      const v = ctx.store.lookup(a.name);
      if (v) v.attrs |= A.export;
    }
    assigns = [];
  }
  // (`return` outside a function or sourced file is such an error too.)
  const posixFatal = ctx.options.posix && !shell.interactive
    && (POSIX_USAGE_FATAL.has(builtin.name) || (builtin.name === 'return' && ctx.funcDepth === 0 && ctx.sourceDepth === 0));
  let r: MP<number>;
  // The common case (no prefix assignments, not a stage, no posix usage rule): no closures.
  if (!assigns.length && !ctx.launch && !posixFatal) r = invokeBuiltin(shell, builtin, words, ctx, decl);
  else {
    let call = (): MP<number> => invokeBuiltin(shell, builtin, words, ctx, decl);
    if (posixFatal) {
      // posix mode: a special builtin's usage error (status 2) ends a non-interactive shell.
      const run = call;
      call = () =>
        andThen(run(), (s) => {
          if (s === 2) throw new ExitSignal(2);
          return s;
        });
    }
    // eval and source see them as variables of their own scope; other builtins do not list them.
    const unlisted = builtin.name !== 'eval' && builtin.name !== 'source' && builtin.name !== '.';
    const body = assigns.length ? () => withTempVars(shell, ctx, assigns, call, unlisted) : call;
    r = ctx.launch ? runMaybeAsTask(shell, ctx, builtin.name, words, body) : body();
  }
  // A signal sent to ourselves: let its handler run before the next command (bash runs the trap at once).
  if (builtin.name === 'kill' && anySignalTraps()) return andThen(r, (s) => new Promise<number>((res) => setImmediate(() => res(s))));
  return r;
}

/** A builtin's, function's or compound's `{var}>file` fds outlive it (see Applied.keepVarFds). */
export function keepVarFds(ctx: ShellContext, applied: Applied): void {
  if (ctx.shopt.varredir_close || !applied.hasVarFds) return;
  const kept = new Map(ctx.fds);
  applied.keepVarFds(kept);
  if (kept.size !== ctx.fds.size || [...kept].some(([n, fd]) => ctx.fds.get(n) !== fd)) ctx.fds = kept;
}
