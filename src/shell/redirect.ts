// Redirections: the context keeps a table of shell fd -> OS fd, so a redirection is a new
// mapping (files opened here, closed when the command ends), never a dup2 in aosh itself.
// Here-documents and here-strings are memory sources (io.ts); they become pipes only when an
// external process reads them.
import { constants, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Redirect, Word } from './ast.js';
import { ExitSignal, type ShellContext } from './context.js';
import type { Expander } from './expand.js';
import { HEREDOC } from './expand.js';
import { ShellError } from './errors.js';
import { forgetFd, isVirtual, markFd, newMemSource, releaseVirtual, safeClose, trackOffset, writeFd, writesSync } from './io.js';
import { andThen, type MP } from './maybe.js';
import { isFile, type FileView } from '../kernel/fs-view.js';
import { subscriptKey } from './param.js';
import { VarError } from '../lib/vars.js';
import { diskPath } from '../lib/disk-path.js';

export class RedirectError extends ShellError {
  /** Already written where the redirections before it had sent stderr. */
  reported = false;
  constructor(message: string) {
    super(message, 'status', 1);
  }
}

/** Where files are opened (the session's filesystem view). */
export interface RedirectEnv {
  readonly fs: FileView;
}

export interface Applied {
  fds: Map<number, number>;
  /** Closes what the redirections opened (call when the command is done). */
  cleanup(): void;
  /** Keeps what was opened (exec): nothing is closed at the end. */
  keep(): void;
  /**
   * The fds `{var}>file` opened stay open in `into` after the command (bash: the script
   * closes them itself, unless shopt varredir_close); cleanup() leaves them alone.
   */
  keepVarFds(into: Map<number, number>): void;
  /** Whether any `{var}` redirection chose an fd (most commands: no, and keepVarFds is skipped). */
  hasVarFds: boolean;
}

const NOTHING: Applied = { fds: new Map(), cleanup: () => undefined, keep: () => undefined, keepVarFds: () => undefined, hasVarFds: false };

/** Applies redirections to a copy of the context's fd table. */
/** A command without redirections: the shell's own fds, nothing to clean up. */
export function noRedirects(ctx: ShellContext): Applied {
  return { fds: ctx.fds, cleanup: NOTHING.cleanup, keep: NOTHING.keep, keepVarFds: NOTHING.keepVarFds, hasVarFds: false };
}

export function applyRedirects(ctx: ShellContext, redirects: readonly Redirect[], ex: Expander, env: RedirectEnv): MP<Applied> {
  if (redirects.length === 0) return noRedirects(ctx);
  const fds = new Map(ctx.fds);
  const opened: number[] = [];
  const virtuals: number[] = [];
  let kept = false;
  const cleanup = (): void => {
    if (kept) return;
    for (const fd of opened) {
      safeClose(fd);
      forgetFd(fd);
    }
    for (const v of virtuals) releaseVirtual(v);
    opened.length = 0;
    virtuals.length = 0;
  };
  /** The fds `{var}` redirections chose. */
  const varFds: number[] = [];
  const keepVarFds = (into: Map<number, number>): void => {
    for (const n of varFds) {
      const fd = fds.get(n);
      if (fd === undefined) continue;
      into.set(n, fd);
      for (const list of [opened, virtuals]) {
        const k = list.indexOf(fd);
        if (k >= 0) list.splice(k, 1);
      }
    }
  };
  const applied: Applied = {
    fds,
    cleanup,
    keep: () => void (kept = true),
    keepVarFds,
    get hasVarFds() {
      return varFds.length > 0;
    },
  };
  const run = (i: number): MP<Applied> => {
    for (; i < redirects.length; i++) {
      const r = applyOne(ctx, redirects[i]!, ex, env, fds, opened, virtuals, varFds);
      if (r) return r.then(() => run(i + 1));
    }
    return applied;
  };
  // bash reports a failed redirection on stderr as the ones before it left it (`2>&1 >/no/f`
  // says it on stdout, `2>log >/no/f` in log).
  const fail = (e: unknown): never => {
    const err = fds.get(2);
    if (e instanceof RedirectError && err !== undefined && err !== ctx.fds.get(2)) {
      e.reported = true;
      try {
        void writeFd(err, `${ex.shell.errorPrefix(ctx)}${e.message}\n`)?.catch(() => undefined);
      } catch {
        // that stderr cannot be written: nothing to tell
      }
    }
    cleanup();
    throw e;
  };
  try {
    const r = run(0);
    if (r instanceof Promise) return r.catch(fail);
    return r;
  } catch (e) {
    return fail(e);
  }
}

function applyOne(ctx: ShellContext, r: Redirect, ex: Expander, env: RedirectEnv, fds: Map<number, number>, opened: number[], virtuals: number[], varFds: number[]): void | Promise<void> {
  const target = (n: number): number => {
    if (r.fdVar === undefined) return n;
    // {var}>file: the lowest unused fd from 10, its number stored in var.
    let fd = 10;
    while (fds.has(fd)) fd++;
    try {
      assignFdVar(ctx, ex, r.fdVar, String(fd));
    } catch (e) {
      // A readonly var: the redirection fails (status 1), the shell goes on.
      if (e instanceof VarError) {
        // (bash says so after the variable's own complaint: "r: readonly variable")
        const err = e.kind === 'readonly' ? ctx.fds.get(2) : undefined;
        if (err !== undefined) {
          try {
            void writeFd(err, `${ex.shell.errorPrefix(ctx)}${e.message}\n`)?.catch(() => undefined);
          } catch {
            // stderr closed: nothing to tell
          }
        }
        throw new RedirectError(`${r.fdVar}: cannot assign fd to variable`);
      }
      throw e;
    }
    varFds.push(fd);
    return fd;
  };
  if (r.op === '<<' || r.op === '<<-') {
    const text = r.heredoc!.quoted ? literalOf(r) : ex.string(r.heredoc!.body, HEREDOC);
    return andThen(text, (t) => {
      const v = newMemSource(t);
      virtuals.push(v);
      fds.set(target(r.fd ?? 0), v);
    });
  }
  if (r.op === '<<<') {
    return andThen(ex.string(r.target), (t) => {
      const v = newMemSource(t + '\n');
      virtuals.push(v);
      fds.set(target(r.fd ?? 0), v);
    });
  }
  if (r.fdVar !== undefined && (r.op === '>&' || r.op === '<&')) {
    // {var}>&- closes the fd whose number var holds.
    return andThen(dupTarget(ctx, r, ex), (t) => {
      if (t === '-') {
        const v = fdVarValue(ctx, ex, r.fdVar!);
        // An unset or empty var names no fd: bash calls that ambiguous.
        if (v === undefined || v === '') throw new RedirectError(`${r.fdVar}: ambiguous redirect`);
        const n = Number(v);
        if (Number.isInteger(n)) fds.delete(n);
        return;
      }
      return dup(r, t, fds, target(0), ex, env, opened, ctx);
    });
  }
  if (r.op === '>&' || r.op === '<&') {
    return andThen(dupTarget(ctx, r, ex), (t) => dup(r, t, fds, r.fd ?? (r.op === '>&' ? 1 : 0), ex, env, opened, ctx));
  }
  return andThen(ex.target(r.target), (fields) => {
    if (fields.length !== 1 || (fields[0] === '' && !isQuotedEmpty(r.target))) throw new RedirectError(`${sourceText(ctx, r.target, fields)}: ambiguous redirect`);
    const path = fields[0]!;
    const open = (mode: OpenMode): MP<number> => openFile(ctx, env, path, mode, fds, opened);
    switch (r.op) {
      case '<':
        return andThen(open('r'), (fd) => void fds.set(target(r.fd ?? 0), fd));
      case '>':
      case '>|':
        return andThen(open(r.op === '>' && ctx.options.noclobber ? 'wx' : 'w'), (fd) => void fds.set(target(r.fd ?? 1), fd));
      case '>>':
        return andThen(open('a'), (fd) => void fds.set(target(r.fd ?? 1), fd));
      case '<>':
        return andThen(open('rw'), (fd) => void fds.set(target(r.fd ?? 0), fd));
      case '&>':
      case '&>>':
        return andThen(open(r.op === '&>' ? (ctx.options.noclobber ? 'wx' : 'w') : 'a'), (fd) => {
          fds.set(1, fd);
          fds.set(2, fd);
        });
    }
  });
}

/** The word after `>&` or `<&`, expanded as a file name is: one field, or an error. */
function dupTarget(ctx: ShellContext, r: Redirect, ex: Expander): MP<string> {
  if (r.target.parts.length === 1 && r.target.parts[0]!.kind === 'Lit' && r.target.parts[0]!.value === '-') return '-';
  return andThen(ex.target(r.target), (fields) => {
    if (fields.length !== 1) throw new RedirectError(`${sourceText(ctx, r.target, fields)}: ambiguous redirect`);
    if (fields[0] === '') throw new RedirectError(`${sourceText(ctx, r.target, fields)}: Bad file descriptor`);
    return fields[0]!;
  });
}

/** `n>&m`, `n<&m`, `n>&-`, `n>&m-` (move), `>&file`. */
function dup(r: Redirect, t: string, fds: Map<number, number>, n: number, _ex: Expander, env: RedirectEnv, opened: number[], ctx: ShellContext): void | Promise<void> {
  if (t === '-') {
    fds.delete(n);
    return;
  }
  const m = /^(\d+)(-?)$/.exec(t);
  if (m) {
    const from = Number(m[1]);
    const src = fds.get(from);
    if (src === undefined) throw new RedirectError(`${ctx.stmtSrc.slice(r.target.pos, r.target.end).replace(/-$/, '') || from}: Bad file descriptor`);
    fds.set(n, src);
    if (m[2] === '-' && from !== n) fds.delete(from);
    return;
  }
  // `>&word` and `1>&word` send stdout and stderr to the file word (bash's r_err_and_out).
  if (r.op === '>&' && (r.fd === null || r.fd === 1)) {
    return andThen(openFile(ctx, env, t, ctx.options.noclobber ? 'wx' : 'w', fds, opened), (fd) => {
      fds.set(1, fd);
      fds.set(2, fd);
    });
  }
  throw new RedirectError(`${t}: ambiguous redirect`);
}

/** `{a[i]}`: the array element's parts (null for a plain name). */
function fdVarRef(v: string): { name: string; sub: string } | null {
  const open = v.indexOf('[');
  return open < 0 ? null : { name: v.slice(0, open), sub: v.slice(open + 1, -1) };
}

function fdVarValue(ctx: ShellContext, ex: Expander, v: string): string | undefined {
  const ref = fdVarRef(v);
  if (!ref) return ctx.store.get(v);
  const variable = ctx.store.lookup(ref.name);
  if (variable?.assoc) {
    const k = subscriptKey(ex, ref.sub);
    return typeof k === 'string' ? variable.assoc.get(k) : undefined;
  }
  const i = ex.arith(ref.sub);
  if (i instanceof Promise) return undefined;
  return ctx.store.indexed(ref.name)?.get(Number(i));
}

function assignFdVar(ctx: ShellContext, ex: Expander, v: string, value: string): void {
  const ref = fdVarRef(v);
  if (!ref) return void ctx.store.assign(v, value);
  if (ctx.store.lookup(ref.name)?.assoc) {
    const k = subscriptKey(ex, ref.sub);
    if (typeof k === 'string') ctx.store.setKey(ref.name, k, value);
    return;
  }
  const i = ex.arith(ref.sub);
  if (!(i instanceof Promise)) ctx.store.setIndex(ref.name, Number(i), value);
}

type OpenMode = 'r' | 'w' | 'wx' | 'a' | 'rw';

const FLAGS: Record<OpenMode, number> = {
  r: constants.O_RDONLY,
  w: constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC,
  wx: constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC,
  a: constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND,
  rw: constants.O_RDWR | constants.O_CREAT,
};

function openFile(ctx: ShellContext, env: RedirectEnv, path: string, mode: OpenMode, fds: Map<number, number>, opened: number[]): MP<number> {
  // /dev/stdin, /dev/stdout, /dev/stderr and /dev/fd/N name the shell's own fds (bash does this itself).
  const dev = /^\/dev\/(?:fd\/(\d+)|(stdin|stdout|stderr))$/.exec(path);
  if (dev) {
    const n = dev[1] !== undefined ? Number(dev[1]) : { stdin: 0, stdout: 1, stderr: 2 }[dev[2] as 'stdin'];
    // A process substitution in this very command registered its fd on the context.
    const fd = fds.get(n) ?? ctx.fds.get(n);
    if (fd === undefined) throw new RedirectError(`${path}: Bad file descriptor`);
    // bash opens Linux's real /dev/stdout: a regular file behind it is opened anew (`>`
    // truncates it, `<` reads from the start). Pipes, terminals and captures are shared.
    if (!isVirtual(fd) && isRegularFd(fd)) {
      // noclobber: the name leads to an existing regular file (bash stats /dev/stdout).
      if (mode === 'wx') throw new RedirectError(`${path}: cannot overwrite existing file`);
      // The reopen is made by aosh itself, on the host, with aosh's privileges (as root:
      // every capability), not in the world: it may never open more than the fd it names
      // already allows, or `exec 5< f; echo x >> /dev/fd/5` writes a file the world refuses
      // to write (mode 444, another owner). A read-only fd reopens for reading only.
      if (!fdAllows(fd, mode)) throw new RedirectError(`${path}: Permission denied`);
      let nfd: number;
      try {
        nfd = openSync(`/proc/self/fd/${fd}`, FLAGS[mode]);
      } catch (e) {
        throw new RedirectError(`${path}: ${errnoText(e)}`);
      }
      opened.push(nfd);
      forgetFd(nfd);
      markFd(nfd, true);
      return nfd;
    }
    return fd;
  }
  // (open("") is ENOENT, where the cwd it would resolve to is a directory)
  if (path === '') throw new RedirectError(': No such file or directory');
  let full = diskPath(ctx.cwd, path);
  // (a trailing slash stays: `> f/` is "Is a directory" whether or not f exists)
  if (path.endsWith('/') && !full.endsWith('/')) full += '/';
  const st = mode === 'wx' || env.fs.openAsync ? env.fs.stat(full) : null;
  if (mode === 'wx' && st && isFile(st)) throw new RedirectError(`${path}: cannot overwrite existing file`);
  const opened1 = (fd: number): number => {
    opened.push(fd);
    // A file opened to be read from its start: the shell knows where reading is (io.ts).
    if ((mode === 'r' || mode === 'rw') && (st ? isFile(st) : isRegularFd(fd))) trackOffset(fd);
    // Files and devices are written synchronously; a FIFO like any pipe.
    forgetFd(fd);
    markFd(fd, writesSync(fd));
    return fd;
  };
  // A FIFO's open waits for its other end (bash waits too): off the event loop.
  if (st && (st.mode & 0o170000) === 0o010000 && env.fs.openAsync) {
    const onWait = ctx.fifoWait ? (release: () => void) => ctx.fifoWait?.(release) : undefined;
    const got = (fd: number): number => {
      // The job was killed while the open waited (jobs.ts released it): the command does not run.
      if (ctx.abort?.aborted) {
        safeClose(fd);
        throw new ExitSignal(128 + (Number(ctx.abort.reason) || 15));
      }
      return opened1(fd);
    };
    return env.fs.openAsync(full, FLAGS[mode], 0o666, ctx.umask, onWait).then(got, (e: unknown) => {
      throw new RedirectError(`${path}: ${errnoText(e)}`);
    });
  }
  // noclobber as bash opens: a name that stat does not find is created exclusively (a
  // dangling symlink then counts as an existing file); anything else is not truncated.
  const flags = mode !== 'wx' ? FLAGS[mode] : st ? FLAGS.wx & ~constants.O_TRUNC : FLAGS.wx | constants.O_EXCL;
  let fd: number;
  try {
    fd = env.fs.open(full, flags, 0o666, ctx.umask);
  } catch (e) {
    if (mode === 'wx' && (e as NodeJS.ErrnoException).code === 'EEXIST') throw new RedirectError(`${path}: cannot overwrite existing file`);
    throw new RedirectError(`${path}: ${errnoText(e)}`);
  }
  return opened1(fd);
}

/** Whether the shell's own fd was opened for what `mode` needs (its access mode, from fdinfo). */
function fdAllows(fd: number, mode: OpenMode): boolean {
  let acc: number;
  try {
    const m = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
    if (!m) return false;
    acc = parseInt(m[1]!, 8) & 3; // O_ACCMODE (not in node:fs constants)
  } catch {
    return false;
  }
  const read = acc === constants.O_RDONLY || acc === constants.O_RDWR;
  const write = acc === constants.O_WRONLY || acc === constants.O_RDWR;
  return mode === 'r' ? read : mode === 'rw' ? read && write : write;
}

/** The shell's own fd (not a user path): is it a regular file? */
function isRegularFd(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

function isQuotedEmpty(w: Word): boolean {
  return w.parts.some((p) => p.kind === 'SglQuoted' || p.kind === 'DblQuoted');
}

function literalOf(r: Redirect): string {
  const p = r.heredoc!.body.parts[0];
  return p && p.kind === 'SglQuoted' ? p.value : '';
}

/** How bash names a target it could not use: the word as written (`$x`). */
/** The word as written (bash names an ambiguous redirect so: `$x`, `"$@"`, `a*`). */
function sourceText(ctx: ShellContext, w: Word, fields: string[]): string {
  const raw = ctx.stmtSrc.slice(w.pos, w.end);
  if (raw) return raw;
  const p = w.parts[0];
  if (w.parts.length === 1 && p && p.kind === 'ParamExp') return p.short ? `$${p.name}` : `\${${p.name}}`;
  return fields.join(' ');
}

export function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'No such file or directory';
    case 'EACCES': return 'Permission denied';
    case 'EISDIR': return 'Is a directory';
    case 'ENOTDIR': return 'Not a directory';
    case 'EROFS': return 'Read-only file system';
    case 'EEXIST': return 'File exists';
    case 'ELOOP': return 'Too many levels of symbolic links';
    case 'ENAMETOOLONG': return 'File name too long';
    case 'ETXTBSY': return 'Text file busy';
    default: return (e as Error).message;
  }
}
