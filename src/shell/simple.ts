// Simple commands: expand, assign, redirect, then run a function, a builtin or an
// external program (a real process started by the kernel).
import { isDir, type FileView } from '../kernel/fs-view.js';
import { searchPath } from '../lib/which.js';
import { resolve } from 'node:path';
import { quote } from 'shell-quote';
import type { SimpleCommand } from './ast.js';
import type { Builtin, BuiltinContext } from '../builtins/types.js';
import { getBuiltin } from '../builtins/index.js';
import { commandSuggestion } from '../builtins/suggest-command.js';
import { AoshError } from '../kernel/errors.js';
import type { ProcHandle } from '../kernel/kernel.js';
import { ExitSignal, ReturnSignal, type ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { FdInput, FdOutput } from './io.js';
import { applyRedirects } from './redirect.js';
import { makeShellAccess } from './shell-access.js';

export async function runSimple(shell: Shell, cmd: SimpleCommand, ctx: ShellContext): Promise<number> {
  checkAbort(ctx);
  const ex = shell.expander(ctx);
  ctx.substStatus = null;
  const words = await ex.fields(cmd.words);
  const assigns: Array<[string, string]> = [];
  for (const a of cmd.assigns) {
    if (a.array || a.index !== undefined) {
      // Arrays never go to a command's environment (as in bash): assign in the shell.
      if (a.array) {
        await assignArrayLiteral(ctx, ex, a.name, a.array, a.append);
      } else if (ctx.getAssoc(a.name)) {
        const key = await ex.subscriptKey(a.index!);
        const value = await ex.string(a.value);
        ctx.setAssocElement(a.name, key, a.append ? (ctx.getAssoc(a.name)!.get(key) ?? '') + value : value);
      } else {
        const i = Number(await ex.arith(a.index!));
        const value = await ex.string(a.value);
        const arr = ctx.getArray(a.name) ?? [];
        ctx.setElement(a.name, i, a.append ? (arr[i < 0 ? arr.length + i : i] ?? '') + value : value);
      }
      continue;
    }
    let value = await ex.string(a.value);
    if (a.append) value = (ctx.get(a.name) ?? '') + value;
    assigns.push([a.name, value]);
    // Without a command, each assignment is visible to the next one (a=1 b=$a).
    if (words.length === 0) ctx.set(a.name, value);
  }
  const substStatus = ctx.substStatus ?? 0;

  if (words.length === 0) {
    if (ctx.options.xtrace && assigns.length) await trace(shell, ctx, assigns.map(([k, v]) => `${k}=${quoteWord(v)}`));
    if (cmd.redirects.length) {
      const applied = await applyRedirects(ctx, cmd.redirects, ex, shell.kernel);
      await Promise.all(applied.pending);
      applied.cleanup();
    }
    closeOwned(shell, ctx);
    return substStatus;
  }

  if (ctx.options.xtrace) await trace(shell, ctx, [...assigns.map(([k, v]) => `${k}=${quoteWord(v)}`), ...words.map(quoteWord)]);
  const applied = await applyRedirects(ctx, cmd.redirects, ex, shell.kernel);
  if (words[0] === 'exec' && words.length === 1) {
    // `exec >file`: the redirections stay for the rest of the shell.
    ctx.fds = applied.fds;
    return 0;
  }
  const savedFds = ctx.fds;
  ctx.fds = applied.fds;
  // A stage launched as a kernel task (a builtin or function in a pipeline) keeps using the
  // redirected fds after this returns: close them when it ends, not now.
  let launched: Promise<unknown> | null = null;
  const outerLaunch = ctx.launch;
  if (outerLaunch) ctx.launch = (h) => ((launched = h.done), outerLaunch(h));
  try {
    const name = words[0]!;
    const fn = ctx.functions.get(name);
    if (fn) return await withTempVars(ctx, assigns, () => runFunction(shell, name, words.slice(1), ctx, applied.fds));
    const builtin = getBuiltin(name);
    if (builtin) {
      const status = await withTempVars(ctx, assigns, () => runBuiltin(shell, builtin, words, ctx, applied.fds));
      for (const a of cmd.arrayArgs ?? []) await assignArrayLiteral(ctx, ex, a.name, a.array!, a.append);
      return status;
    }
    return await runExternal(shell, words, assigns, ctx, applied.fds);
  } finally {
    ctx.fds = savedFds;
    if (ctx.launch !== outerLaunch && ctx.launch !== null) ctx.launch = outerLaunch;
    const pending: Promise<unknown> | null = launched;
    if (pending) void (pending as Promise<unknown>).finally(() => applied.cleanup());
    else applied.cleanup();
  }
}

/**
 * `a=(x y)`, `a=([3]=x [5]=y)`, and for `declare -A m`: `m=([key]=value ...)`. Keys written
 * as `[key]=` are taken literally from the word (a key with expansions is not supported).
 */
async function assignArrayLiteral(ctx: ShellContext, ex: import('./expand.js').Expander, name: string, items: import('./ast.js').Word[], append: boolean): Promise<void> {
  const assoc = ctx.getAssoc(name);
  const keyed = items.map((w) => {
    const first = w.parts[0];
    const m = first && first.kind === 'Lit' && !first.escaped ? /^\[([^\]]*)\]=/.exec(first.value) : null;
    if (!m) return { key: null as string | null, word: w };
    const rest = first!.kind === 'Lit' ? first!.value.slice(m[0].length) : '';
    return { key: m[1]!, word: { ...w, parts: rest ? [{ kind: 'Lit' as const, value: rest }, ...w.parts.slice(1)] : w.parts.slice(1) } };
  });
  if (assoc) {
    if (!append) assoc.clear();
    for (const { key, word } of keyed) if (key !== null) assoc.set(key, await ex.string(word));
    return;
  }
  const arr: Array<string | undefined> = append ? [...(ctx.getArray(name) ?? [])] : [];
  let next = arr.length;
  for (const { key, word } of keyed) {
    if (key !== null) {
      next = Number(await ex.arith(key));
      arr[next++] = await ex.string(word);
    } else for (const f of await ex.fields([word])) arr[next++] = f;
  }
  ctx.setArray(name, arr);
}

function checkAbort(ctx: ShellContext): void {
  if (ctx.abort?.aborted) throw new ExitSignal(128 + (Number(ctx.abort.reason) || 15));
}

async function trace(shell: Shell, ctx: ShellContext, parts: string[]): Promise<void> {
  const fd = ctx.fds.get(2);
  if (fd !== undefined) await new FdOutput(fd).write(`${ctx.get('PS4') ?? '+ '}${parts.join(' ')}\n`).catch(() => undefined);
  void shell;
}

function quoteWord(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : quote([w]);
}

/** Prefix assignments (`X=1 cmd`) for a function or builtin last only as long as it runs. */
async function withTempVars<T>(ctx: ShellContext, assigns: Array<[string, string]>, fn: () => Promise<T>): Promise<T> {
  if (!assigns.length) return fn();
  const saved = assigns.map(([k]) => { const v = ctx.vars.get(k); return [k, v ? { ...v } : undefined] as const; });
  for (const [k, v] of assigns) ctx.set(k, v, true);
  try {
    return await fn();
  } finally {
    for (const [k, old] of saved) {
      if (old) ctx.vars.set(k, old);
      else ctx.vars.delete(k);
    }
  }
}

function closeOwned(shell: Shell, ctx: ShellContext): void {
  for (const fd of ctx.ownedFds) {
    try {
      shell.kernel.native.close(fd);
    } catch {
      // already closed
    }
  }
  ctx.ownedFds = [];
}

/** Runs `body` in place, or as a kernel task when the context is a stage / background job. */
async function runMaybeAsTask(shell: Shell, ctx: ShellContext, name: string, command: string, body: () => Promise<number>): Promise<number> {
  const launch = ctx.launch;
  if (!launch) return body();
  ctx.launch = null;
  // The stage's channel ends belong to the task until it ends, not to a process it starts.
  const owned = ctx.ownedFds;
  ctx.ownedFds = [];
  const handle = shell.kernel.runTask({
    name,
    command,
    job: ctx.job,
    parent: ctx.taskId,
    run: async (signal) => {
      ctx.abort = signal;
      try {
        return await body();
      } catch (e) {
        if (e instanceof ExitSignal) return e.status;
        if (e instanceof ReturnSignal) return e.status;
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

async function runFunction(shell: Shell, name: string, args: string[], ctx: ShellContext, fds: Map<number, number>): Promise<number> {
  const fn = ctx.functions.get(name)!;
  return runMaybeAsTask(shell, ctx, name, [name, ...args].join(' '), async () => {
    const savedPositional = ctx.positional;
    const savedFds = ctx.fds;
    ctx.positional = args;
    ctx.fds = fds;
    ctx.funcDepth++;
    ctx.pushFrame();
    try {
      return await shell.runCommand(fn.body, ctx);
    } catch (e) {
      if (e instanceof ReturnSignal) return (ctx.lastStatus = e.status);
      throw e;
    } finally {
      ctx.popFrame();
      ctx.funcDepth--;
      ctx.positional = savedPositional;
      ctx.fds = savedFds;
    }
  });
}

async function runBuiltin(shell: Shell, builtin: Builtin, words: string[], ctx: ShellContext, fds: Map<number, number>): Promise<number> {
  return runMaybeAsTask(shell, ctx, builtin.name, words.join(' '), async () => {
    const savedFds = ctx.fds;
    ctx.fds = fds;
    try {
      return await invokeBuiltin(shell, builtin, words, ctx);
    } finally {
      ctx.fds = savedFds;
    }
  });
}

/** Calls a builtin with the context's current fds. EPIPE ends the context as SIGPIPE would. */
export async function invokeBuiltin(shell: Shell, builtin: Builtin, words: string[], ctx: ShellContext): Promise<number> {
  // A builtin in the foreground gets its own abort signal, so Ctrl-C can stop it.
  const own = ctx.abort ? null : new AbortController();
  if (own) shell.foregroundBuiltins.add(own);
  const bctx: BuiltinContext = {
    name: builtin.name,
    args: words.slice(1),
    stdin: new FdInput(ctx.fds.get(0) ?? -1),
    stdout: new FdOutput(ctx.fds.get(1) ?? -1),
    stderr: new FdOutput(ctx.fds.get(2) ?? -1),
    shell: makeShellAccess(shell, ctx),
    kernel: shell.kernel,
    signal: ctx.abort ?? own!.signal,
    asTask: ctx.taskId !== null,
  };
  try {
    return await builtin.run(bctx);
  } catch (e) {
    if (own?.signal.aborted) return 130;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') throw new ExitSignal(141);
    if (code === 'EBADF') return 1;
    if (e instanceof AoshError) {
      await bctx.stderr.write(`${builtin.name}: ${e.message}\n`).catch(() => undefined);
      return e.exitStatus;
    }
    throw e;
  } finally {
    if (own) shell.foregroundBuiltins.delete(own);
  }
}

/** Where `name` runs from: a path for names with a slash, else a search of PATH. */
export function findExecutable(name: string, ctx: ShellContext, fs: FileView): string | null {
  // Paths are returned as the stage will see them; a name with a slash is checked by execve.
  if (name.includes('/')) return resolve(ctx.cwd, name);
  return searchPath(name, ctx.get('PATH') ?? '/usr/local/bin:/usr/bin:/bin', ctx.cwd, fs);
}

/** Runs argv as an external program with the context's fds (`command`, `exec`). */
export function runExternalWords(shell: Shell, argv: string[], ctx: ShellContext): Promise<number> {
  return runExternal(shell, argv, [], ctx, ctx.fds);
}

async function runExternal(shell: Shell, words: string[], assigns: Array<[string, string]>, ctx: ShellContext, fds: Map<number, number>): Promise<number> {
  const name = words[0]!;
  const file = findExecutable(name, ctx, shell.kernel.fs);
  if (!file) {
    closeOwned(shell, ctx);
    // A program --deny-run hides is not "not found": say which flag refused it.
    const refused = shell.kernel.runRefusal(name, ctx.cwd);
    await shell.errorLine(ctx, refused ?? `${name}: command not found${shell.interactive ? commandSuggestion(name, ctx.get('PATH'), ctx.functions.keys(), shell.kernel.fs) : ''}`);
    return refused ? 126 : 127;
  }
  const env = ctx.environment();
  for (const [k, v] of assigns) env[k] = v;
  // Agent programs reach the kernel here (AGNT protocol); the server starts on first connect.
  env.AOSH_SOCKET = shell.kernel.sockets.session().path;
  const maxFd = Math.max(2, ...fds.keys());
  const fdList: number[] = [];
  for (let i = 0; i <= maxFd; i++) fdList.push(fds.get(i) ?? -1);
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
    });
  } catch (e) {
    if (e instanceof AoshError && e.code === 'ENOEXEC') return runAsScript(shell, file, words, ctx, fds);
    closeOwned(shell, ctx);
    if (e instanceof AoshError) {
      if (e.code === 'ENOENT' && !name.includes('/')) {
        await shell.errorLine(ctx, `${name}: command not found`);
        return 127;
      }
      if (e.code === 'EACCES' && isDirectory(shell.kernel.fs, file)) {
        await shell.errorLine(ctx, `${name}: Is a directory`);
        return 126;
      }
      await shell.errorLine(ctx, e.message);
      return e.exitStatus;
    }
    throw e;
  }
  closeOwned(shell, ctx);
  if (ctx.launch) {
    const launch = ctx.launch;
    ctx.launch = null;
    launch(handle);
    return 0;
  }
  return shell.waitForeground([handle], words.join(' '), handle.done.then((e) => e.status ?? 1));
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
  try {
    return await shell.runSource(source, sub, words[0]!);
  } catch (e) {
    if (e instanceof ExitSignal) return e.status;
    throw e;
  } finally {
    closeOwned(shell, ctx);
  }
}
