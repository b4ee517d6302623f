// Simple commands: expand, assign, redirect, then run a function, a builtin or an
// external program (a real process started by the kernel).
import { isDir, type FileView } from '../kernel/fs-view.js';
import { searchPath, searchPathFile } from '../lib/which.js';
import { resolve } from 'node:path';
import type { Assign, SimpleCommand } from './ast.js';
import type { Builtin, BuiltinContext, DeclArg } from '../builtins/types.js';
import { getBuiltin } from '../builtins/index.js';
import { isBashBuiltin } from '../builtins/dispatch.js';
import { commandSuggestion } from '../builtins/suggest-command.js';
import { AoshError } from '../kernel/errors.js';
import type { ProcHandle } from '../kernel/kernel.js';
import { signalDescription } from '../kernel/signals.js';
import { A, type Variable } from '../lib/vars.js';
import { DiscardSignal, ExitSignal, ReturnSignal, type ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { FdInput, FdOutput, materialize, pendingWritesOf, safeClose, untrackOffset } from './io.js';
import { applyRedirects, type Applied } from './redirect.js';
import { makeShellAccess } from './shell-access.js';
import { callFunction } from './functions.js';
import { assignAll, expandAssign, expandElems, traceAssign } from './assign.js';
import { closeProcSubsts } from './subst.js';
import { coprocFdsChanged, isCloexec } from './coproc.js';
import { anySignalTraps, runTrap } from './traps.js';
import { andThen, type MP } from './maybe.js';
import { xtraceLine } from './xtrace.js';
import { ASSIGN } from './expand.js';

export function runSimple(shell: Shell, cmd: SimpleCommand, ctx: ShellContext): MP<number> {
  const mark = ctx.procSubstFds?.length ?? 0;
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

function runSimpleTraced(shell: Shell, cmd: SimpleCommand, ctx: ShellContext): MP<number> {
  if (ctx.abort?.aborted) throw new ExitSignal(128 + (Number(ctx.abort.reason) || 15));
  ctx.substStatus = null;
  // In a trap, $BASH_COMMAND stays the command that was running when it fired.
  if (ctx.inTrap === null) {
    ctx.currentCmd = cmd;
    ctx.currentSrc = ctx.stmtSrc;
  }
  if (ctx.traps.size) {
    const debug = ctx.traps.get('DEBUG');
    if (debug !== undefined && debug !== '' && ctx.inTrap === null) {
      return andThen(runTrap(shell, ctx, 'DEBUG', debug, ctx.lastStatus), () => runSimpleNow(shell, cmd, ctx));
    }
  }
  return runSimpleNow(shell, cmd, ctx);
}

function runSimpleNow(shell: Shell, cmd: SimpleCommand, ctx: ShellContext): MP<number> {
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
  const r = assignAll(shell, cmd.assigns, ctx);
  if (r) return r.then(done);
  if (cmd.redirects.length === 0) return ctx.substStatus ?? 0;
  return done();
}

interface Expanded {
  argv: string[];
  decl?: DeclArg[];
}

/** Words of a declaration builtin: `name=value` arguments are expanded like assignments. */
function expandDeclWords(shell: Shell, cmd: SimpleCommand, ctx: ShellContext): MP<Expanded> {
  const ex = shell.expander(ctx);
  const argv: string[] = [];
  const decl: DeclArg[] = [];
  // `declare -A m=([k]=v)`: subscripts are keys; the -A is known from the literal options.
  ctx.declaringAssoc = cmd.words.some((w, i) => i > 0 && !cmd.declArgs![i] && /^-[a-zA-Z]*A/.test(w.parts[0]?.kind === 'Lit' ? w.parts[0].value : ''));
  const step = (i: number): MP<Expanded> => {
    for (; i < cmd.words.length; i++) {
      const a = cmd.declArgs![i];
      let r: MP<unknown>;
      if (a) {
        r = andThen(expandAssign(shell, a, ctx), (d) => {
          decl.push(d);
          argv.push(d.array ? `${d.name}${d.append ? '+' : ''}=(${d.array.map((e) => (e.key !== undefined ? `[${e.key}]=` : '') + e.value).join(' ')})` : `${d.name}${d.index !== undefined ? `[${d.index}]` : ''}${d.append ? '+' : ''}=${d.value}`);
        });
      } else {
        const first = i === 0;
        r = andThen(ex.fields([cmd.words[i]!]), (f) => {
          for (const w of f) {
            argv.push(w);
            if (first) continue;
            // A word that only became `name=value` by expansion still assigns (bash does).
            const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=(.*)$/s.exec(w);
            decl.push(m ? { name: m[1]!, append: m[2] === '+', value: m[3]!, word: w } : { word: w });
          }
        });
      }
      if (r instanceof Promise) {
        const k = i;
        return r.then(() => step(k + 1));
      }
    }
    return { argv, decl };
  };
  return step(0);
}

function withWords(shell: Shell, cmd: SimpleCommand, ctx: ShellContext, words: string[], decl: DeclArg[] | undefined): MP<number> {
  if (words.length === 0) {
    // Every word expanded to nothing: only the assignments and redirections remain.
    return assignmentsOnly(shell, cmd, ctx);
  }
  const name = words[0]!;
  // Prefix assignments are expanded before the command runs, left to right.
  const prefix = cmd.assigns.length ? expandPrefix(shell, cmd.assigns, ctx) : NO_PREFIX;
  return andThen(prefix, (assigns) => {
    if (ctx.options.xtrace) traceCommand(shell, ctx, assigns, words);
    return andThen(applyRedirects(ctx, cmd.redirects, shell.expander(ctx), shell.kernel), (applied) => {
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

const NO_PREFIX: PrefixAssign[] = [];

export interface PrefixAssign {
  name: string;
  value: string;
}

function expandPrefix(shell: Shell, assigns: readonly Assign[], ctx: ShellContext): MP<PrefixAssign[]> {
  const ex = shell.expander(ctx);
  const out: PrefixAssign[] = [];
  const step = (i: number): MP<PrefixAssign[]> => {
    for (; i < assigns.length; i++) {
      const a = assigns[i]!;
      if (a.index !== undefined) {
        // `a[1]=x cmd`: bash refuses the binding (the command still runs) and assigns nothing.
        const w = shell.errorLine(ctx, `\`${a.name}[${a.index}]': not a valid identifier`);
        if (w instanceof Promise) {
          const k = i;
          return w.then(() => step(k + 1));
        }
        continue;
      }
      if (a.array) {
        // `a=(x y) cmd`: a temporary scalar with the expanded elements in parentheses, as bash
        // binds it (`a=(x y) env` shows a=(x y)); the shell's own `a` is untouched.
        const elems = expandElems(shell, a.array, ctx, false);
        const push = (list: Array<{ key?: string; value: string }>): void => {
          out.push({ name: a.name, value: `(${list.map((e) => (e.key !== undefined ? `[${e.key}]=${e.value}` : e.value)).join(' ')})` });
        };
        if (elems instanceof Promise) {
          const k = i;
          return elems.then((l) => {
            push(l);
            return step(k + 1);
          });
        }
        push(elems);
        continue;
      }
      const v = ex.string(a.value, ASSIGN);
      const push = (value: string): void => {
        const cur = a.append ? (ctx.store.get(a.name) ?? '') : '';
        out.push({ name: a.name, value: cur + value });
      };
      if (v instanceof Promise) {
        const k = i;
        return v.then((s) => {
          push(s);
          return step(k + 1);
        });
      }
      push(v);
    }
    return out;
  };
  return step(0);
}

function traceCommand(shell: Shell, ctx: ShellContext, assigns: PrefixAssign[], words: string[]): void {
  const lines: string[] = [];
  if (assigns.length) lines.push(xtraceLine(shell, ctx, assigns.map((a) => `${a.name}=${quoteTrace(a.value)}`), true));
  lines.push(xtraceLine(shell, ctx, words.map(quoteTrace), true));
  void shell.writeStderr(ctx, lines.join(''));
}

function quoteTrace(w: string): string {
  if (w === '') return "''";
  return /^[A-Za-z0-9_@%+=:,./^~-]+$/.test(w) && !w.startsWith('~') ? w : "'" + w.replace(/'/g, "'\\''") + "'";
}

/** Runs argv[0] as a function, builtin or program, with the redirections in place. */
function runResolved(shell: Shell, ctx: ShellContext, words: string[], assigns: PrefixAssign[], applied: Applied, decl: DeclArg[] | undefined): MP<number> {
  const name = words[0]!;
  const savedFds = ctx.fds;
  ctx.fds = applied.fds;
  // A stage launched as a kernel task (a builtin or function in a pipeline) keeps using the
  // redirected fds after this returns: close them when it ends, not now.
  let launched: Promise<unknown> | null = null;
  const outerLaunch = ctx.launch;
  if (outerLaunch) ctx.launch = (h) => ((launched = h.done), outerLaunch(h));
  const finish = (): void => {
    ctx.fds = savedFds;
    if (ctx.launch !== outerLaunch && ctx.launch !== null) ctx.launch = outerLaunch;
    const pending: Promise<unknown> | null = launched;
    if (pending) void (pending as Promise<unknown>).finally(() => applied.cleanup());
    else applied.cleanup();
    ctx.lastArg = words[words.length - 1]!;
  };
  let r: MP<number>;
  try {
    const fn = ctx.functions.get(name);
    if (fn) r = withTempVars(ctx, assigns, () => runMaybeAsTask(shell, ctx, name, words.join(' '), () => callFunction(shell, fn, words.slice(1), ctx)));
    else {
      const builtin = ctx.disabledBuiltins.size && ctx.disabledBuiltins.has(name) ? undefined : getBuiltin(name);
      if (builtin) r = withTempVars(ctx, assigns, () => runBuiltin(shell, builtin, words, ctx, decl));
      else r = runExternal(shell, words, assigns, ctx, applied.fds);
    }
  } catch (e) {
    finish();
    throw e;
  }
  if (r instanceof Promise) return r.finally(finish);
  finish();
  return r;
}

/** Prefix assignments (`X=1 cmd`) for a function or builtin last only as long as it runs. */
function withTempVars(ctx: ShellContext, assigns: PrefixAssign[], fn: () => MP<number>): MP<number> {
  if (!assigns.length) return fn();
  const store = ctx.store;
  const saved: Array<[string, Variable | undefined]> = [];
  try {
    for (const a of assigns) {
      saved.push([a.name, store.vars.get(a.name)]);
      const old = store.vars.get(a.name);
      if (old && old.attrs & A.readonly) {
        void ctx; // bash reports it and still runs the command
        throw Object.assign(new Error(`${a.name}: readonly variable`), { readonlyTemp: true });
      }
      const v: Variable = { value: undefined, attrs: A.export | ((old?.attrs ?? 0) & (A.integer | A.lower | A.upper)), level: store.level };
      store.vars.set(a.name, v);
      store.assign(a.name, a.value);
      v.attrs |= A.export;
    }
  } catch (e) {
    restore();
    throw e;
  }
  function restore(): void {
    for (let i = saved.length - 1; i >= 0; i--) {
      const [k, old] = saved[i]!;
      if (old) store.vars.set(k, old);
      else store.vars.delete(k);
    }
  }
  let r: MP<number>;
  try {
    r = fn();
  } catch (e) {
    restore();
    throw e;
  }
  if (r instanceof Promise) return r.finally(restore);
  restore();
  return r;
}

/** Runs `body` in place, or as a kernel task when the context is a stage / background job. */
function runMaybeAsTask(shell: Shell, ctx: ShellContext, name: string, command: string, body: () => MP<number>): MP<number> {
  const launch = ctx.launch;
  if (!launch) return body();
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

function runBuiltin(shell: Shell, builtin: Builtin, words: string[], ctx: ShellContext, decl: DeclArg[] | undefined): MP<number> {
  const r = runMaybeAsTask(shell, ctx, builtin.name, words.join(' '), () => invokeBuiltin(shell, builtin, words, ctx, decl));
  // A signal sent to ourselves: let its handler run before the next command (bash runs the trap at once).
  if (builtin.name === 'kill' && anySignalTraps()) return andThen(r, (s) => new Promise<number>((res) => setImmediate(() => res(s))));
  return r;
}

/** Calls a builtin with the context's current fds. EPIPE ends the context as SIGPIPE would. */
export function invokeBuiltin(shell: Shell, builtin: Builtin, words: string[], ctx: ShellContext, decl?: DeclArg[]): MP<number> {
  // A builtin in the foreground gets its own abort signal, so Ctrl-C can stop it (only
  // those that wait for something need one; see `async`).
  let own: AbortController | null = null;
  const signal = (): AbortSignal => {
    if (ctx.abort) return ctx.abort;
    if (!own) {
      own = new AbortController();
      shell.foregroundBuiltins.add(own);
    }
    return own.signal;
  };
  const bctx = new BuiltinCtx(shell, builtin, words, ctx, signal, decl);
  const fail = (e: unknown): number => {
    if ((own as AbortController | null)?.signal.aborted) return 130;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') throw new ExitSignal(141);
    if (code === 'EBADF') return 1;
    // A full disk, /dev/full, a file that refuses the bytes: bash's one line and status 1.
    if (code && (e as NodeJS.ErrnoException).syscall === 'write') {
      void bctx.stderr.write(`${bctx.errorPrefix}${builtin.name}: write error: ${errnoText(e as Error)}\n`);
      return 1;
    }
    if (e instanceof AoshError) {
      void bctx.stderr.write(`${bctx.errorPrefix}${builtin.name}: ${e.message}\n`);
      return e.exitStatus;
    }
    throw e;
  };
  const cleanup = (): void => {
    if (own) shell.foregroundBuiltins.delete(own);
  };
  let r: MP<number>;
  try {
    r = builtin.run(bctx);
  } catch (e) {
    cleanup();
    return fail(e);
  }
  if (r instanceof Promise) return r.then((s) => (cleanup(), s), (e) => (cleanup(), fail(e)));
  cleanup();
  return r;
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

  constructor(
    private readonly sh: Shell,
    builtin: Builtin,
    words: string[],
    private readonly ctx: ShellContext,
    private readonly sig: () => AbortSignal,
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

  get signal(): AbortSignal {
    return this.sig();
  }

  get asTask(): boolean {
    return this.ctx.taskId !== null;
  }

  /** "NAME: line N: " for messages, as bash starts a builtin's error in a script. */
  get errorPrefix(): string {
    return isBashBuiltin(this.name) ? this.sh.errorPrefix(this.ctx) : '';
  }
}

function closeOwned(shell: Shell, ctx: ShellContext): void {
  const close = (fd: number): void => {
    try {
      shell.kernel.native.close(fd);
    } catch {
      // already closed
    }
  };
  for (const fd of ctx.ownedFds) {
    // A message written just before the stage ended may still be on its way into the pipe.
    const pending = pendingWritesOf(fd);
    if (pending) void pending.then(() => close(fd));
    else close(fd);
  }
  ctx.ownedFds = [];
}

/** Where `name` runs from: a path for names with a slash, else the hash table or a PATH search. */
export function findExecutable(name: string, ctx: ShellContext, fs: FileView): string | null {
  // Paths are returned as the stage will see them; a name with a slash is checked by execve.
  if (name.includes('/')) return resolve(ctx.cwd, name);
  const hashed = ctx.hashed.get(name);
  if (hashed) {
    hashed.hits++;
    return hashed.path;
  }
  // `unset PATH` (or PATH=) searches the current directory only, as in bash.
  const path = searchPath(name, ctx.store.get('PATH') ?? '', ctx.cwd, fs);
  if (path && ctx.options.hashall) ctx.hashed.set(name, { path, hits: 1 });
  return path;
}

/** A file in PATH that is not executable, for bash's "Permission denied" (never hashed). */
function findNonExecutable(name: string, ctx: ShellContext, fs: FileView): string | null {
  if (name.includes('/')) return null;
  return searchPathFile(name, ctx.store.get('PATH') ?? '', ctx.cwd, fs);
}

/** The shell's umask and ulimits, as a stage's spawn request carries them. */
export function stageAttrs(ctx: ShellContext): { umask: number; rlimits?: Array<[number, number, number]> } {
  if (!ctx.rlimits?.size) return { umask: ctx.umask };
  return { umask: ctx.umask, rlimits: [...ctx.rlimits].map(([r, l]) => [r, l.soft, l.hard]) };
}

/** Runs argv as an external program with the context's fds (`command`, `exec`). */
export function runExternalWords(shell: Shell, argv: string[], ctx: ShellContext): MP<number> {
  return runExternal(shell, argv, [], ctx, ctx.fds);
}

async function runExternal(shell: Shell, words: string[], assigns: PrefixAssign[], ctx: ShellContext, fds: Map<number, number>): Promise<number> {
  const name = words[0]!;
  const file = findExecutable(name, ctx, shell.kernel.fs);
  // The message goes where the command's stderr would have (`nosuch 2>&1 | cat`), so the
  // ends the command owns close after it is written.
  const failWith = async (message: string, status: number): Promise<number> => {
    await shell.errorLine(ctx, message);
    closeOwned(shell, ctx);
    return status;
  };
  if (!file) {
    // A program --deny-run hides is not "not found": say which flag refused it.
    const refused = shell.kernel.runRefusal(name, ctx.cwd);
    const denied = refused ? null : findNonExecutable(name, ctx, shell.kernel.fs);
    const suggestion = shell.interactive ? commandSuggestion(name, ctx.store.get('PATH'), ctx.functions.keys(), shell.kernel.fs) : '';
    // Without a PATH bash tries the name as a file of the current directory, and says so.
    const notFound = (ctx.store.get('PATH') ?? '') === '' ? `${name}: No such file or directory` : `${name}: command not found${suggestion}`;
    return failWith(refused ?? (denied ? `${denied}: Permission denied` : notFound), refused || denied ? 126 : 127);
  }
  const env = ctx.environment();
  for (const a of assigns) env[a.name] = a.value;
  // Agent programs reach the kernel here (AGNT protocol); the server starts on first connect.
  env.AOSH_SOCKET = shell.kernel.sockets.session().path;
  const maxFd = Math.max(2, ...fds.keys());
  const fdList: number[] = [];
  for (let i = 0; i <= maxFd; i++) {
    const f = fds.get(i);
    if (f !== undefined) untrackOffset(f);
    // A coprocess's ends are close-on-exec, as in bash (above fd 2, even when copied by a redirection).
    if (f === undefined || (i > 2 && isCloexec(f))) fdList.push(-1);
    else fdList.push(materialize(f));
  }
  let handle: ProcHandle;
  try {
    handle = shell.kernel.spawn({
      file,
      argv: words,
      env,
      cwd: ctx.cwd,
      fds: fdList,
      command: words.join(' '),
      job: ctx.job,
      parent: ctx.taskId,
      ...stageAttrs(ctx),
    });
  } catch (e) {
    if (e instanceof AoshError && e.code === 'ENOEXEC') return runAsScript(shell, file, words, ctx, fds);
    if (e instanceof AoshError) {
      if (e.code === 'ENOENT') {
        ctx.hashed.delete(name);
        return failWith(name.includes('/') ? `${name}: No such file or directory` : `${name}: command not found`, 127);
      }
      if (e.code === 'EACCES' && isDirectory(shell.kernel.fs, file)) return failWith(`${name}: Is a directory`, 126);
      if (e.code === 'EACCES') return failWith(`${name}: Permission denied`, 126);
      return failWith(e.message, e.exitStatus);
    }
    closeOwned(shell, ctx);
    throw e;
  }
  closeOwned(shell, ctx);
  if (ctx.launch) {
    const launch = ctx.launch;
    ctx.launch = null;
    launch(handle);
    return 0;
  }
  const done = shell.waitForeground([handle], words.join(' '), handle.done.then((e) => e.status ?? 1));
  return shell.interactive ? done : done.then((st) => reportSignalDeath(shell, ctx, handle, words, st));
}

/**
 * A script's foreground command that died of a signal is named on the shell's stderr, as
 * bash does it ("s.sh: line 3:  4242 Killed                  sh -c …"; SIGTERM is just
 * "Terminated"; Ctrl-C's and a closed pipe's are not announced). Only for a command of the
 * script itself: bash's subshells and command substitutions word it otherwise or not at all.
 */
function reportSignalDeath(shell: Shell, ctx: ShellContext, handle: ProcHandle, words: string[], status: number): MP<number> {
  const sig = handle.entry.signal;
  if (!sig || sig === 'SIGINT' || sig === 'SIGPIPE' || ctx.subshellDepth > 0 || ctx.substLevel > 0) return status;
  const cmd = ctx.currentCmd ? ctx.currentSrc.slice(ctx.currentCmd.pos, ctx.currentCmd.end) : words.join(' ');
  const line = sig === 'SIGTERM' ? 'Terminated\n' : `${shell.errorPrefix(ctx)}${String(handle.entry.pid ?? handle.entry.id).padStart(5)} ${signalDescription(sig).padEnd(24)}${cmd}\n`;
  return andThen(shell.writeStderr(ctx, line), () => status);
}

function isDirectory(fs: FileView, p: string): boolean {
  const st = fs.stat(p);
  return st !== null && isDir(st);
}

/** A file without a `#!` line that execve refuses runs as a shell script in a subshell, as in bash. */
async function runAsScript(shell: Shell, file: string, words: string[], ctx: ShellContext, fds: Map<number, number>): Promise<number> {
  const source = shell.kernel.fs.readFile(file).toString('utf8');
  const sub = ctx.clone();
  sub.fds = new Map(fds);
  sub.scriptName = words[0]!;
  sub.positional = words.slice(1);
  sub.functions = new Map();
  sub.mainFrame = words[0]!;
  sub.callStack = [];
  try {
    return await shell.runSource(source, sub, words[0]!);
  } catch (e) {
    if (e instanceof ExitSignal) return e.status;
    throw e;
  } finally {
    closeOwned(shell, ctx);
  }
}

export { safeClose, traceAssign };
