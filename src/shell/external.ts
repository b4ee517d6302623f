// External commands: where a name runs from (PATH, the hash table), the stage the kernel
// starts for it with the shell's fds, umask and ulimits, and what the shell says when it
// cannot start or dies of a signal. A file without `#!` that execve refuses runs as a script.

import { constants } from 'node:fs';
import { resolve } from 'node:path';
import { isDir, isFile, type FileView } from '../kernel/fs-view.js';
import { AoshError } from '../kernel/errors.js';
import type { ProcHandle } from '../kernel/kernel.js';
import { signalDescription, signalNumber } from '../kernel/signals.js';
import { execIgnore, searchPath, searchPathEntry, searchPathFile } from '../lib/which.js';
import { A } from '../lib/vars.js';
import { commandSuggestion } from '../builtins/suggest-command.js';
import { commandNow, ExitSignal, newPid, ShellContext } from './context.js';
import { initShellVariables } from './init.js';
import { isBinaryScript, scriptText } from './source.js';
import type { Shell } from './executor.js';
import { materialize, pendingWritesOf, untrackOffset } from './io.js';
import { isCloexec } from './coproc.js';
import { andThen, type MP } from './maybe.js';
import type { PrefixAssign } from './prefix-assign.js';
import { bashEnvOrder } from './env-order.js';
import { tailShellLevel } from './tail-exec.js';
import { diskPath } from '../lib/disk-path.js';
import { childEnded } from './traps.js';
import { NOT_FOUND_HOOK, runNotFoundHook } from './not-found.js';

export function closeOwned(shell: Shell, ctx: ShellContext): void {
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
  if (name.includes('/')) return diskPath(ctx.cwd, name);
  const hashed = ctx.hashed.get(name);
  // shopt -s checkhash: a remembered path that is no executable file now is searched again.
  // A relative one (PATH=b: b/ls) counts only while it names a program from here (bash).
  const relative = hashed !== undefined && !hashed.path.startsWith('/');
  const there = hashed && relative ? resolve(ctx.cwd, hashed.path) : hashed?.path;
  if (hashed) hashed.hits++;
  if (hashed && !((ctx.shopt.checkhash || relative) && !isExecutableFile(fs, there!))) return there!;
  if (hashed && !relative) ctx.hashed.delete(name);
  // `unset PATH` (or PATH=) searches the current directory only, as in bash.
  const found = searchPathEntry(name, ctx.store.get('PATH') ?? '', ctx.cwd, fs, execIgnore(ctx.store.get('EXECIGNORE')));
  if (!found) return null;
  // Remembered as bash does: under a relative PATH entry, relative (`.`: ./ls, `b`: b/ls).
  const dir = found.dir;
  if (ctx.options.hashall) ctx.hashed.set(name, { path: dir.startsWith('/') ? found.full : `${dir === '' ? '.' : dir.replace(/\/$/, '')}/${name}`, hits: 1 });
  return found.full;
}

/** A file in PATH that is not executable, for bash's "Permission denied" (never hashed). */
function findNonExecutable(name: string, ctx: ShellContext, fs: FileView, path = ctx.store.get('PATH') ?? ''): string | null {
  if (name.includes('/')) return null;
  return searchPathFile(name, path, ctx.cwd, fs, execIgnore(ctx.store.get('EXECIGNORE')));
}

/** The shell's umask, ignored signals and ulimits, as a stage's spawn request carries them. */
export function stageAttrs(ctx: ShellContext, interactive: boolean): { umask: number; ignoreSignals: number; rlimits?: Array<[number, number, number]> } {
  const ignoreSignals = ignoredSignals(ctx, interactive);
  if (!ctx.rlimits?.size) return { umask: ctx.umask, ignoreSignals };
  return { umask: ctx.umask, ignoreSignals, rlimits: [...ctx.rlimits].map(([r, l]) => [r, l.soft, l.hard]) };
}

const SIGINT_BIT = 1 << 1;
const SIGQUIT_BIT = 1 << 2;

/**
 * What a program starts with ignored, as in bash: every signal the shell ignores (`trap ''
 * PIPE`: a `yes | head -1` then sees EPIPE instead of dying), and in a script's background
 * job (no job control) SIGINT and SIGQUIT too, so a Ctrl-C meant for the script spares it.
 */
function ignoredSignals(ctx: ShellContext, interactive: boolean): number {
  let mask = ctx.job !== null && !interactive ? SIGINT_BIT | SIGQUIT_BIT : 0;
  if (ctx.traps.size === 0) return mask;
  for (const [name, command] of ctx.traps) {
    if (command !== '') continue;
    const n = signalNumber(name);
    if (n !== undefined && n >= 1 && n <= 31) mask |= 1 << (n - 1);
  }
  return mask;
}

/** Runs argv as an external program with the context's fds (`command`, `exec`). */
/** `exec -a NAME` / `exec -c`: the program's argv[0], and an empty environment. */
export interface SpawnExtras {
  argv0?: string;
  clearEnv?: boolean;
}

export function runExternalWords(shell: Shell, argv: string[], ctx: ShellContext, extras?: SpawnExtras, notFoundHook = false): MP<number> {
  const hook = notFoundHook ? ctx.functions.get(NOT_FOUND_HOOK) : undefined;
  return runExternal(shell, argv, [], ctx, ctx.fds, extras, hook && (() => runNotFoundHook(shell, ctx, hook, argv, [])));
}

/** `onMissing`: what runs instead when the name is found nowhere (command_not_found_handle). */
export async function runExternal(shell: Shell, words: string[], assigns: PrefixAssign[], ctx: ShellContext, fds: Map<number, number>, extras?: SpawnExtras, onMissing?: () => MP<number>): Promise<number> {
  const name = words[0]!;
  // `PATH=dir cmd` looks cmd up in that PATH (and not in the hash table), as bash.
  let tempPath: string | undefined;
  for (const a of assigns) if (a.name === 'PATH' && !((ctx.store.vars.get('PATH')?.attrs ?? 0) & A.readonly)) tempPath = a.value;
  // Binding PATH, even for one command, empties the hash table (bash).
  if (tempPath !== undefined) ctx.hashed.clear();
  const file = tempPath === undefined || name.includes('/') ? findExecutable(name, ctx, shell.kernel.fs) : searchPath(name, tempPath, ctx.cwd, shell.kernel.fs, execIgnore(ctx.store.get('EXECIGNORE')));
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
    const denied = refused ? null : findNonExecutable(name, ctx, shell.kernel.fs, tempPath);
    if (onMissing && !refused && !denied && !name.includes('/')) {
      try {
        return await onMissing();
      } finally {
        closeOwned(shell, ctx);
      }
    }
    const suggestion = shell.interactive ? commandSuggestion(name, ctx.store.get('PATH'), ctx.functions.keys(), shell.kernel.fs) : '';
    // Without a PATH bash tries the name as a file of the current directory, and says so.
    const notFound = (ctx.store.get('PATH') ?? '') === '' ? `${name}: No such file or directory` : `${name}: command not found${suggestion}`;
    return failWith(refused ?? (denied ? `${denied}: Permission denied` : notFound), refused || denied ? 126 : 127);
  }
  const shared = extras?.clearEnv ? {} : ctx.environment();
  const temp: Record<string, string> = {};
  for (const a of assigns) {
    // A readonly variable keeps its value (bash reports it and runs the command anyway).
    if ((ctx.store.vars.get(a.name)?.attrs ?? 0) & A.readonly) void shell.errorLine(ctx, `${a.name}: readonly variable`);
    else temp[a.name] = a.value;
  }
  const env = bashEnvOrder(ctx, temp, shared);
  // bash gives a program `_` as the command it runs (not the shell's $_, which may be huge).
  if (!extras?.clearEnv) {
    delete env._;
    env._ = name.includes('/') ? name : file;
  }
  // The last command of `-c`, `( )`, `$( )`: one shell level less, as bash's exec'd program.
  if (env.SHLVL !== undefined && ctx.tailCmd !== null) env.SHLVL = tailShellLevel(ctx) ?? env.SHLVL;
  // Agent programs reach the kernel here (AGNT protocol); the server starts on first connect.
  if (!extras?.clearEnv) env.AOSH_SOCKET = shell.kernel.sockets.session().path;
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
      argv: extras?.argv0 !== undefined ? [extras.argv0, ...words.slice(1)] : words,
      env,
      cwd: ctx.cwd,
      fds: fdList,
      command: words.join(' '),
      job: ctx.job,
      parent: ctx.taskId,
      ...stageAttrs(ctx, shell.interactive),
    });
  } catch (e) {
    if (e instanceof AoshError && e.code === 'ENOEXEC') return runAsScript(shell, file, words, ctx, fds, env);
    if (e instanceof AoshError) {
      if (e.code === 'ENOENT') {
        // The file is there: what is missing is its interpreter (`#!/nonexistent`), in bash's words.
        if (shell.kernel.fs.stat(file)) return failWith(`${name.includes('/') ? name : file}: cannot execute: required file not found`, 127);
        // A remembered path whose file is gone: bash names the path and keeps remembering it.
        return failWith(`${name.includes('/') ? name : file}: No such file or directory`, 127);
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
  let done = shell.waitForeground([handle], words.join(' '), handle.done.then((e) => e.status ?? 1), undefined, ctx.subshellDepth > 0, ctx);
  if (ctx.traps.has('CHLD')) done = done.then((st) => (childEnded(ctx), st));
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
  const cmd = ctx.currentCmd ? commandNow(ctx) : words.join(' ');
  const line = sig === 'SIGTERM' ? 'Terminated\n' : `${shell.errorPrefix(ctx)}${String(handle.entry.pid ?? handle.entry.id).padStart(5)} ${signalDescription(sig).padEnd(24)}${cmd}\n`;
  return andThen(shell.writeStderr(ctx, line), () => status);
}

function isExecutableFile(fs: FileView, p: string): boolean {
  const st = fs.stat(p);
  return st !== null && isFile(st) && fs.access(p, constants.X_OK);
}

function isDirectory(fs: FileView, p: string): boolean {
  const st = fs.stat(p);
  return st !== null && isDir(st);
}

/** A file without a `#!` line that execve refuses runs as a shell script in a subshell, as in bash. */
async function runAsScript(shell: Shell, file: string, words: string[], ctx: ShellContext, fds: Map<number, number>, env: Record<string, string>): Promise<number> {
  const bytes = shell.kernel.fs.readFile(file);
  if (isBinaryScript(bytes)) {
    await shell.errorLine(ctx, `${words[0]}: cannot execute binary file: Exec format error`);
    closeOwned(shell, ctx);
    return 126;
  }
  const source = scriptText(bytes.toString('utf8'));
  // A new shell reads the file, as bash's child does: the environment's variables and
  // functions only, default options, no aliases or traps (ignored signals stay ignored).
  const sub = new ShellContext();
  initShellVariables(sub, { env, mode: 'file', aoshVersion: ctx.store.get('AOSH_VERSION') ?? '', self: ctx.store.get('BASH'), hostname: shell.kernel.hostname });
  // (From a subshell bash's child stays one level down: no new SHLVL, the same BASH_SUBSHELL.)
  if (ctx.subshellDepth > 0 && env.SHLVL !== undefined) sub.store.assign('SHLVL', env.SHLVL);
  sub.subshellDepth = ctx.subshellDepth;
  sub.uncounted = ctx.uncounted;
  sub.shellPid = sub.bashPid = newPid();
  sub.cwd = ctx.cwd;
  sub.umask = ctx.umask;
  if (ctx.rlimits) sub.rlimits = new Map(ctx.rlimits);
  for (const [k, v] of ctx.traps) if (v === '') sub.traps.set(k, v);
  sub.fds = new Map(fds);
  sub.job = ctx.job;
  sub.taskId = ctx.taskId;
  sub.abort = ctx.abort;
  sub.scriptName = words[0]!;
  sub.positional = words.slice(1);
  sub.mainFrame = words[0]!;
  try {
    return await shell.runSource(source, sub, words[0]!);
  } catch (e) {
    if (e instanceof ExitSignal) return e.status;
    throw e;
  } finally {
    closeOwned(shell, ctx);
  }
}
