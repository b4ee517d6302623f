// Conditional expressions for `test`/`[` (plain strings) and `[[ ]]` (where the right side
// of == and != is a pattern and =~ a regex). One evaluator serves both.
import { constants } from 'node:fs';
import { resolve } from 'node:path';
import { isTTY } from './tty.js';
import { matchPattern } from './pattern.js';
import { hostView, isBlockDevice, isCharDevice, isDir, isFifo, isFile, isSocket, isSymlink, type FileStat, type FileView } from '../kernel/fs-view.js';

const HOST = hostView();

export type CondToken = { op: string } | { str: string; pattern?: string };

export class TestSyntaxError extends Error {}

export interface CondEnv {
  cwd: string;
  /** For `=~`: sets BASH_REMATCH-like captures. */
  setMatch?(groups: string[]): void;
  /** `-v NAME`. */
  isSet?(name: string): boolean;
  /** The filesystem the paths are looked up in (the session's world); default the host's. */
  fs?: Pick<FileView, 'stat' | 'lstat' | 'access'>;
  /** In `[[ ]]`, integer operands are arithmetic expressions. */
  arith?(expr: string): bigint;
}

const UNARY = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-p', '-r', '-s', '-t', '-u', '-w', '-x', '-G', '-L', '-N', '-O', '-S', '-z', '-n', '-v']);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef', '=~']);

function text(t: CondToken | undefined): string | undefined {
  if (!t) return undefined;
  return 'op' in t ? t.op : t.str;
}

/** Evaluates `test` arguments with POSIX's argument-count rules first. */
export function evalTestArgs(args: string[], env: CondEnv): boolean {
  const toks: CondToken[] = args.map((a) => ({ str: a }));
  const n = args.length;
  if (n === 0) return false;
  if (n === 1) return args[0] !== '';
  if (n === 2) {
    if (args[0] === '!') return args[1] === '';
    if (UNARY.has(args[0]!)) return unary(args[0]!, args[1]!, env);
    throw new TestSyntaxError(`${args[0]}: unary operator expected`);
  }
  if (n === 3) {
    if (BINARY.has(args[1]!) && args[1] !== '=~') return binary(args[1]!, { str: args[0]! }, { str: args[2]! }, env, false);
    if (args[1] === '-a') return args[0] !== '' && args[2] !== '';
    if (args[1] === '-o') return args[0] !== '' || args[2] !== '';
    if (args[0] === '!') return !evalTestArgs(args.slice(1), env);
    if (args[0] === '(' && args[2] === ')') return args[1] !== '';
    throw new TestSyntaxError(`${args[1]}: binary operator expected`);
  }
  if (n === 4 && args[0] === '!') return !evalTestArgs(args.slice(1), env);
  return new CondParser(toks, env, false).run();
}

/** Evaluates `[[ ... ]]` tokens (words already expanded, without splitting or globbing). */
export function evalCond(toks: CondToken[], env: CondEnv): boolean {
  return new CondParser(toks, env, true).run();
}

class CondParser {
  private i = 0;

  constructor(
    private readonly toks: CondToken[],
    private readonly env: CondEnv,
    private readonly extended: boolean,
  ) {}

  run(): boolean {
    const v = this.or();
    if (this.i < this.toks.length) throw new TestSyntaxError(`syntax error near \`${text(this.toks[this.i])}'`);
    return v;
  }

  private isOp(t: CondToken | undefined, op: string): boolean {
    if (!t) return false;
    if (this.extended) return 'op' in t && t.op === op;
    return text(t) === op;
  }

  private or(): boolean {
    let v = this.and();
    while (this.isOp(this.toks[this.i], this.extended ? '||' : '-o')) {
      this.i++;
      const r = this.and();
      v = v || r;
    }
    return v;
  }

  private and(): boolean {
    let v = this.not();
    while (this.isOp(this.toks[this.i], this.extended ? '&&' : '-a')) {
      this.i++;
      const r = this.not();
      v = v && r;
    }
    return v;
  }

  private not(): boolean {
    const t = this.toks[this.i];
    if (t && text(t) === '!' && (this.extended ? 'op' in t || this.toks.length - this.i > 1 : this.toks.length - this.i > 1)) {
      this.i++;
      return !this.not();
    }
    return this.primary();
  }

  private primary(): boolean {
    const t = this.toks[this.i];
    if (!t) throw new TestSyntaxError('argument expected');
    if (text(t) === '(' && (this.extended ? 'op' in t : true)) {
      this.i++;
      const v = this.or();
      if (text(this.toks[this.i]) !== ')') throw new TestSyntaxError("`)' expected");
      this.i++;
      return v;
    }
    const a = text(t)!;
    const next = this.toks[this.i + 1];
    const nextText = text(next);
    if (nextText !== undefined && BINARY.has(nextText) && this.toks[this.i + 2] !== undefined) {
      const rhs = this.toks[this.i + 2]!;
      this.i += 3;
      return binary(nextText, t, rhs, this.env, this.extended);
    }
    if ((nextText === '<' || nextText === '>') && this.extended && next && 'op' in next) {
      const rhs = this.toks[this.i + 2];
      if (!rhs) throw new TestSyntaxError('argument expected');
      this.i += 3;
      return binary(nextText, t, rhs, this.env, true);
    }
    if (UNARY.has(a) && next !== undefined && !('op' in next && this.extended)) {
      this.i += 2;
      return unary(a, nextText!, this.env);
    }
    this.i++;
    return a !== '';
  }
}

function toInt(s: string, env?: CondEnv): bigint {
  const t = s.trim();
  if (/^[+-]?\d+$/.test(t)) return BigInt(t);
  if (env?.arith) {
    try {
      return env.arith(t);
    } catch (e) {
      throw new TestSyntaxError((e as Error).message);
    }
  }
  throw new TestSyntaxError(`${s}: integer expression expected`);
}

function binary(op: string, l: CondToken, r: CondToken, env: CondEnv, extended: boolean): boolean {
  const a = text(l)!;
  const b = text(r)!;
  const ext = extended ? env : undefined;
  switch (op) {
    case '=':
    case '==':
      return extended && 'str' in r && r.pattern !== undefined ? matchPattern(r.pattern, a) : a === b;
    case '!=':
      return !(extended && 'str' in r && r.pattern !== undefined ? matchPattern(r.pattern, a) : a === b);
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '=~': {
      let re: RegExp;
      try {
        re = new RegExp(b);
      } catch {
        throw new TestSyntaxError(`${b}: invalid regular expression`);
      }
      const m = re.exec(a);
      if (m) env.setMatch?.([...m].map((g) => g ?? ''));
      return m !== null;
    }
    case '-eq': return toInt(a, ext) === toInt(b, ext);
    case '-ne': return toInt(a, ext) !== toInt(b, ext);
    case '-lt': return toInt(a, ext) < toInt(b, ext);
    case '-le': return toInt(a, ext) <= toInt(b, ext);
    case '-gt': return toInt(a, ext) > toInt(b, ext);
    case '-ge': return toInt(a, ext) >= toInt(b, ext);
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
  return (env.fs ?? HOST).stat(resolve(env.cwd, p));
}

function unary(op: string, arg: string, env: CondEnv): boolean {
  const fs = env.fs ?? HOST;
  const full = resolve(env.cwd, arg);
  const access = (mode: number): boolean => fs.access(full, mode);
  switch (op) {
    case '-z': return arg === '';
    case '-n': return arg !== '';
    case '-v': return env.isSet?.(arg) ?? false;
    case '-t': return /^\d+$/.test(arg) && isTTY(Number(arg));
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
    case '-O': return s.uid === process.getuid?.();
    case '-G': return s.gid === process.getgid?.();
    case '-N': return s.mtimeMs > s.atimeMs;
    default: return false;
  }
}
