// The filesystem as a session sees it. Every door of aosh that touches files for the
// session — the shell's redirections, here-documents, `source`, `$(<f)`, globs, `test`,
// `cd`, PATH lookups, builtins that read files — goes through one FileView, so that
// symlinks, `..`, hidden paths and read-only parts mean the same for the shell as for a
// sandboxed stage (DESIGN.md "One world per session").
//
// The contract is node:fs's: paths are absolute, and a failure throws an Error with
// `.code` set to the errno name (ENOENT, EACCES, EROFS, ...) and `.path`.
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  open,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  type Stats,
} from 'node:fs';

/** What stat(2) says about a path, as much as the shell needs. */
export interface FileStat {
  mode: number;
  size: number;
  uid: number;
  gid: number;
  dev: number;
  ino: number;
  nlink: number;
  mtimeMs: number;
  atimeMs: number;
  ctimeMs: number;
}

const S_IFMT = 0o170000;
export const isDir = (s: FileStat): boolean => (s.mode & S_IFMT) === 0o040000;
export const isFile = (s: FileStat): boolean => (s.mode & S_IFMT) === 0o100000;
export const isSymlink = (s: FileStat): boolean => (s.mode & S_IFMT) === 0o120000;
export const isFifo = (s: FileStat): boolean => (s.mode & S_IFMT) === 0o010000;
export const isSocket = (s: FileStat): boolean => (s.mode & S_IFMT) === 0o140000;
export const isBlockDevice = (s: FileStat): boolean => (s.mode & S_IFMT) === 0o060000;
export const isCharDevice = (s: FileStat): boolean => (s.mode & S_IFMT) === 0o020000;

export interface FileView {
  /**
   * open(2): an fd the caller owns. umask: the shell's, which a created file gets instead
   * of aosh's own (the kernel's process umask is never changed for it).
   */
  open(path: string, flags: number, mode?: number, umask?: number): number;
  /** stat(2), following symlinks; null when the path cannot be stat'ed. */
  stat(path: string): FileStat | null;
  /** lstat(2); null when the path cannot be stat'ed. */
  lstat(path: string): FileStat | null;
  /** access(2) with R_OK/W_OK/X_OK/F_OK. */
  access(path: string, mode: number): boolean;
  /** The names in a directory (no . or ..); throws like readdir(3). */
  readdir(path: string): string[];
  /** realpath(3). */
  realpath(path: string): string;
  /** The whole file. */
  readFile(path: string): Buffer;
  /** open(2) that may wait (a FIFO waits for its other end) on the thread pool, not the event loop; `onWait` gets what ends the wait. */
  openAsync?(path: string, flags: number, mode?: number, umask?: number, onWait?: (release: () => void) => void): Promise<number>;
  /** mkdir(2) (one level). */
  mkdir(path: string, mode?: number): void;
  /** rename(2). */
  rename(from: string, to: string): void;
  /** unlink(2), or rmdir(2) when dir. */
  unlink(path: string, dir?: boolean): void;
}

/** mkdir -p through a view. */
export function mkdirp(view: Pick<FileView, 'mkdir' | 'stat'>, path: string, mode = 0o755): void {
  const st = view.stat(path);
  if (st) {
    if (!isDir(st)) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), { code: 'ENOTDIR', path });
    return;
  }
  const parent = path.replace(/\/[^/]*\/?$/, '') || '/';
  if (parent !== path) mkdirp(view, parent, mode);
  try {
    view.mkdir(path, mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

function toStat(s: Stats): FileStat {
  return { mode: s.mode, size: s.size, uid: s.uid, gid: s.gid, dev: s.dev, ino: s.ino, nlink: s.nlink, mtimeMs: s.mtimeMs, atimeMs: s.atimeMs, ctimeMs: s.ctimeMs };
}

/**
 * The host's filesystem, with an optional mapping of paths (the session's private /tmp)
 * applied first. Used with --no-sandbox, and until a session's world exists.
 */
export function hostView(map: (abs: string) => string = (p) => p): FileView {
  return {
    open: (p, flags, mode = 0o666, umask?: number) => openWithUmask(map(p), flags, mode, umask),
    // (A FIFO only: the path exists, so the umask has nothing to create.)
    openAsync: (p, flags, mode = 0o666, _umask, onWait) => openFifo(map(p), flags, mode, onWait),
    stat: (p) => {
      try {
        return toStat(statSync(map(p)));
      } catch {
        return null;
      }
    },
    lstat: (p) => {
      try {
        return toStat(lstatSync(map(p)));
      } catch {
        return null;
      }
    },
    access: (p, mode) => {
      try {
        accessSync(map(p), mode);
        return true;
      } catch {
        return false;
      }
    },
    readdir: (p) => readdirSync(map(p)),
    realpath: (p) => realpathSync(map(p)),
    readFile: (p) => readFileSync(map(p)),
    mkdir: (p, mode = 0o777) => mkdirSync(map(p), mode),
    rename: (a, b) => renameSync(map(a), map(b)),
    unlink: (p, dir) => (dir ? rmdirSync(map(p)) : unlinkSync(map(p))),
  };
}

let processUmask: number | undefined;

/** aosh's own umask, read once (from /proc: process.umask() without an argument is deprecated). */
export function ownUmask(): number {
  if (processUmask === undefined) {
    try {
      const m = /^Umask:\s*([0-7]+)/m.exec(readFileSync('/proc/self/status', 'utf8'));
      processUmask = m ? parseInt(m[1]!, 8) : 0o022;
    } catch {
      processUmask = 0o022;
    }
  }
  return processUmask;
}

/** FIFO opens waiting on the thread pool for their other end (path and flags). */
const waitingFifos = new Set<{ path: string; flags: number }>();

/** Ends a FIFO open's wait: its other end, opened without waiting, and closed at once. */
function release(f: { path: string; flags: number }): void {
  if (!waitingFifos.has(f)) return;
  const other = (f.flags & 3) === constants.O_RDONLY ? constants.O_WRONLY : constants.O_RDONLY;
  try {
    closeSync(openSync(f.path, other | constants.O_NONBLOCK));
  } catch {
    // gone, or no longer waiting
  }
}

/**
 * open(2) of a FIFO, which waits for the other end: on the thread pool. A thread still
 * waiting there when aosh exits would hold the exit forever (the pool's threads are joined),
 * so at exit each waiting open is released; `onWait` gets the release of this one (a job
 * killed while it waits: the open returns, and its caller closes what it got).
 */
export function openFifo(path: string, flags: number, mode = 0o666, onWait?: (release: () => void) => void): Promise<number> {
  const w = { path, flags };
  if (!fifoExitHook) {
    fifoExitHook = true;
    process.on('exit', () => {
      for (const f of waitingFifos) release(f);
    });
  }
  waitingFifos.add(w);
  const p = new Promise<number>((resolve, reject) =>
    open(path, flags, mode, (err, fd) => {
      waitingFifos.delete(w);
      if (err) reject(err);
      else resolve(fd);
    }),
  );
  onWait?.(() => release(w));
  return p;
}
let fifoExitHook = false;

/**
 * open(2) as if under `umask`, without touching the process's own (it serves every
 * session): a file it creates (O_EXCL tells) gets its mode with fchmod.
 */
function openWithUmask(path: string, flags: number, mode: number, umask: number | undefined): number {
  if (umask === undefined || !(flags & constants.O_CREAT) || umask === ownUmask()) return openSync(path, flags, mode);
  for (let tries = 0; ; tries++) {
    try {
      const fd = openSync(path, flags | constants.O_EXCL, mode);
      try {
        fchmodSync(fd, mode & ~umask & 0o7777);
      } catch {
        // a filesystem without modes: the file stays as created
      }
      return fd;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || flags & constants.O_EXCL) throw e;
    }
    try {
      return openSync(path, flags & ~constants.O_CREAT, mode);
    } catch (e) {
      // Gone between the two opens (try again), or a dangling symlink O_EXCL refuses.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      if (tries > 2) return openSync(path, flags, mode);
    }
  }
}

/** Reads a whole file through a view's open(), for views that only hand out fds. */
export function readThroughFd(view: Pick<FileView, 'open'>, path: string, flags: number): Buffer {
  const fd = view.open(path, flags);
  try {
    if ((fstatSync(fd).mode & S_IFMT) === 0o040000) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: 'EISDIR', path });
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
