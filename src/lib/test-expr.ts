// Conditional expressions: the file, string and integer tests shared by `test`/`[` and
// `[[ ]]`, and `test`'s own argument grammar (POSIX's rules by argument count, then
// -o/-a/!/parentheses).
import { constants, fstatSync } from 'node:fs';
import { isTTY } from './tty.js';
import { hostView, isBlockDevice, isCharDevice, isDir, isFifo, isFile, isSocket, isSymlink, type FileStat, type FileView } from '../kernel/fs-view.js';
import { diskPath } from './disk-path.js';

const HOST = hostView();

export class TestSyntaxError extends Error {}

export interface CondEnv {
  cwd: string;
  /** `-v NAME` (NAME may be `a[i]`). */
  isSet?(name: string): boolean;
  /** `-o OPTION`. */
  optionOn?(name: string): boolean;
  /** `-R NAME`: a nameref. */
  isNameref?(name: string): boolean;
  /** The filesystem the paths are looked up in (the session's world); default the host's. */
  fs?: Pick<FileView, 'stat' | 'lstat' | 'access'>;
  /** `[[ ]]`: integer operands are arithmetic expressions (throws with bash's message). */
  arith?(expr: string): number | bigint;
  /** The OS fd behind a shell fd (`/dev/fd/N`, `/dev/stdin`), -1 when it is closed. */
  shellFd?(n: number): number;
}

/** `/dev/fd/N`, `/dev/stdin`, `/dev/stdout`, `/dev/stderr`: the shell fd they name. */
export function shellFdPath(path: string): number | null {
  const m = /^\/dev\/(?:fd\/(\d+)|(stdin|stdout|stderr))$/.exec(path);
  if (!m) return null;
  return m[1] !== undefined ? Number(m[1]) : { stdin: 0, stdout: 1, stderr: 2 }[m[2] as 'stdin'];
}

/**
 * A /dev/fd path is the shell's fd, not aosh's own (`[ -p <(true) ]`, as bash): undefined
 * when the path is no such name, null when the fd is closed. An in-memory fd (a here-string)
 * looks like the pipe it stands for.
 */
function fdStat(p: string, env: CondEnv): FileStat | null | undefined {
  if (!env.shellFd || !p.startsWith('/dev/')) return undefined;
  const n = shellFdPath(p);
  if (n === null) return undefined;
  const fd = env.shellFd(n);
  if (fd === -1) return null;
  if (fd < 0) return { mode: 0o010600, size: 0, uid: process.geteuid?.() ?? 0, gid: process.getegid?.() ?? 0, dev: 0, ino: 0, nlink: 1, mtimeMs: 0, atimeMs: 0, ctimeMs: 0 };
  try {
    return fstatSync(fd);
  } catch {
    return null;
  }
}

export const UNARY = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-p', '-r', '-s', '-t', '-u', '-w', '-x', '-G', '-L', '-N', '-O', '-S', '-z', '-n', '-v', '-R', '-o']);
export const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

/** Evaluates `test` arguments with POSIX's argument-count rules first. */
export function evalTestArgs(args: string[], env: CondEnv): boolean {
  const n = args.length;
  if (n === 0) return false;
  if (n === 1) return args[0] !== '';
  if (n === 2) {
    if (args[0] === '!') return args[1] === '';
    if (UNARY.has(args[0]!)) return unaryTest(args[0]!, args[1]!, env);
    throw new TestSyntaxError(`${args[0]}: unary operator expected`);
  }
  if (n === 3) {
    if (BINARY.has(args[1]!)) return binaryTest(args[1]!, args[0]!, args[2]!, env);
    if (args[1] === '-a') return args[0] !== '' && args[2] !== '';
    if (args[1] === '-o') return args[0] !== '' || args[2] !== '';
    if (args[0] === '!') return !evalTestArgs(args.slice(1), env);
    if (args[0] === '(' && args[2] === ')') return args[1] !== '';
    throw new TestSyntaxError(`${args[1]}: binary operator expected`);
  }
  if (n === 4) {
    if (args[0] === '!') return !evalTestArgs(args.slice(1), env);
    if (args[0] === '(' && args[3] === ')') return evalTestArgs(args.slice(1, 3), env);
  }
  return new TestParser(args, env).run();
}

class TestParser {
  private i = 0;

  constructor(
    private readonly a: string[],
    private readonly env: CondEnv,
  ) {}

  run(): boolean {
    const v = this.or();
    // bash's wording for what is left over: an operator-looking word is unexpected, else too many.
    const left = this.a[this.i];
    if (left !== undefined) throw new TestSyntaxError(left.startsWith('-') ? `syntax error: \`${left}' unexpected` : 'too many arguments');
    return v;
  }

  private or(): boolean {
    let v = this.and();
    while (this.a[this.i] === '-o') {
      this.i++;
      const r = this.and();
      v = v || r;
    }
    return v;
  }

  private and(): boolean {
    let v = this.not();
    while (this.a[this.i] === '-a') {
      this.i++;
      const r = this.not();
      v = v && r;
    }
    return v;
  }

  private not(): boolean {
    if (this.a[this.i] === '!' && this.i + 1 < this.a.length) {
      this.i++;
      return !this.not();
    }
    return this.primary();
  }

  private primary(): boolean {
    const t = this.a[this.i];
    if (t === undefined) throw new TestSyntaxError('argument expected');
    if (t === '(' ) {
      this.i++;
      const v = this.or();
      const close = this.a[this.i];
      if (close !== ')') throw new TestSyntaxError(close === undefined ? "`)' expected" : `\`)' expected, found ${close}`);
      this.i++;
      return v;
    }
    const next = this.a[this.i + 1];
    if (next !== undefined && BINARY.has(next) && this.i + 2 < this.a.length) {
      this.i += 3;
      return binaryTest(next, t, this.a[this.i - 1]!, this.env);
    }
    if (UNARY.has(t) && next !== undefined) {
      this.i += 2;
      return unaryTest(t, next, this.env);
    }
    this.i++;
    return t !== '';
  }
}

/** A `test`/`[` integer: optional blanks and sign around decimal digits, in 64 bits. */
function toInt(s: string, env: CondEnv): number | bigint {
  if (env.arith) {
    try {
      return env.arith(s);
    } catch (e) {
      // (An error that is not the test's to report, a bad array subscript, goes on up.)
      const action = (e as { action?: string }).action;
      if (action === 'abort' || action === 'fatal') throw e;
      throw new TestSyntaxError((e as Error).message);
    }
  }
  const t = s.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new TestSyntaxError(`${s}: integer expression expected`);
  const b = BigInt(t);
  // bash's strtoimax: a number past 64 bits is not an integer.
  if (BigInt.asIntN(64, b) !== b) throw new TestSyntaxError(`${s}: integer expression expected`);
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

export function binaryTest(op: string, a: string, b: string, env: CondEnv): boolean {
  switch (op) {
    case '=':
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '-eq': return toInt(a, env) == toInt(b, env);
    case '-ne': return toInt(a, env) != toInt(b, env);
    case '-lt': return toInt(a, env) < toInt(b, env);
    case '-le': return toInt(a, env) <= toInt(b, env);
    case '-gt': return toInt(a, env) > toInt(b, env);
    case '-ge': return toInt(a, env) >= toInt(b, env);
    case '-nt':
    case '-ot': {
      const sa = stat(a, env);
      const sb = stat(b, env);
      if (op === '-nt') return sa !== null && (sb === null || sa.mtimeMs > sb.mtimeMs);
      return sb !== null && (sa === null || sa.mtimeMs < sb.mtimeMs);
    }
    case '-ef': {
      const sa = stat(a, env);
      const sb = stat(b, env);
      return sa !== null && sb !== null && sa.dev === sb.dev && sa.ino === sb.ino;
    }
    default:
      throw new TestSyntaxError(`${op}: binary operator expected`);
  }
}

function stat(p: string, env: CondEnv): FileStat | null {
  if (p === '') return null;
  const viaFd = fdStat(p, env);
  if (viaFd !== undefined) return viaFd;
  return (env.fs ?? HOST).stat(diskPath(env.cwd, p));
}

export function unaryTest(op: string, arg: string, env: CondEnv): boolean {
  const fs = env.fs ?? HOST;
  const full = diskPath(env.cwd, arg);
  const access = (mode: number): boolean => {
    const viaFd = fdStat(arg, env);
    return viaFd !== undefined ? viaFd !== null : fs.access(full, mode);
  };
  switch (op) {
    case '-z': return arg === '';
    case '-n': return arg !== '';
    case '-v': return env.isSet?.(arg) ?? false;
    case '-o': return env.optionOn?.(arg) ?? false;
    case '-R': return env.isNameref?.(arg) ?? false;
    case '-t': return /^\s*\d+\s*$/.test(arg) && isTTY(Number(arg));
    case '-h':
    case '-L':
      if (arg === '') return false;
      {
        const l = fs.lstat(full);
        return l !== null && isSymlink(l);
      }
    case '-r': return arg !== '' && access(constants.R_OK);
    case '-w': return arg !== '' && access(constants.W_OK);
    case '-x': return arg !== '' && access(constants.X_OK);
  }
  if (arg === '') return false;
  const s = stat(arg, env);
  if (!s) return false;
  switch (op) {
    case '-a':
    case '-e': return true;
    case '-f': return isFile(s);
    case '-d': return isDir(s);
    case '-s': return s.size > 0;
    case '-p': return isFifo(s);
    case '-S': return isSocket(s);
    case '-b': return isBlockDevice(s);
    case '-c': return isCharDevice(s);
    case '-g': return (s.mode & 0o2000) !== 0;
    case '-u': return (s.mode & 0o4000) !== 0;
    case '-k': return (s.mode & 0o1000) !== 0;
    case '-O': return s.uid === process.geteuid?.();
    case '-G': return s.gid === process.getegid?.();
    case '-N': return s.mtimeMs > s.atimeMs;
    default: return false;
  }
}
