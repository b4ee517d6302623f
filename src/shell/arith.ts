// Shell arithmetic ($((...)), ((...)), let, subscripts, declare -i): 64-bit signed integers
// that wrap, with bash's operators, precedence and error messages. Expression text is
// parsed once into a tree and cached by its text, so a loop's `$((n+i))` is parsed once.
//
// Numbers are JS numbers while they are safe integers and bigints beyond that, so the
// common case never allocates; every operation wraps to 64 bits as bash does.

import { add, big, bitop, div, eq, isInt32, isZero, lt, mod, mul, norm, numToString, pow, sub, type Num } from './arith-num.js';
import { ArithError, parseCached, type Node } from './arith-parse.js';

export { ArithError, parseConstant } from './arith-parse.js';

export { isZero, numToString, type Num } from './arith-num.js';

/** What arithmetic reads and writes. Subscripts are evaluated by the caller's rules. */
export interface ArithEnv {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  /** Whether `name[sub]` takes `sub` as a key (an associative array) rather than an index. */
  isAssoc(name: string): boolean;
  /** `m[sub]` of an associative array: `sub` is the raw subscript text. */
  getKey(name: string, sub: string): string | undefined;
  setKey(name: string, sub: string, value: string): void;
  /** `a[i]` of an indexed array (negative counts from the end), the index already evaluated. */
  getIndex(name: string, i: number): string | undefined;
  setIndex(name: string, i: number, value: string): void;
  /** set -u: reading an unset variable is an error. */
  readonly nounset?: boolean;
  /** Whether NAME is set (a scalar or an array, even empty): its missing elements are 0 under set -u. */
  hasValue?(name: string): boolean;
  /** Writes an error message that does not stop the evaluation (`a[@]: bad array subscript`). */
  complain?(message: string): void;
}

/** `a[@]` or `a[*]` of an indexed array in arithmetic: an error message, read as 0, never written. */
function wholeArray(lv: { name: string; sub?: string }, env: ArithEnv): boolean {
  if ((lv.sub !== '@' && lv.sub !== '*') || env.isAssoc(lv.name)) return false;
  env.complain?.(`${lv.name}[${lv.sub}]: bad array subscript`);
  return true;
}


const MAX_RECURSION = 1024;

/** A plain decimal integer of up to 15 digits (the common value of a variable), or null. */
function decimalValue(raw: string): number | null {
  const n = raw.length;
  if (n > 16) return null;
  let i = 0;
  let neg = false;
  if (raw.charCodeAt(0) === 45) {
    neg = true;
    i = 1;
    if (n === 1) return null;
  }
  const first = raw.charCodeAt(i);
  if (first === 48) return n === i + 1 ? 0 : null; // 0, or octal/hex: the full parser
  if (n - i > 15) return null;
  let v = 0;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    v = v * 10 + c;
  }
  return neg ? -v : v;
}

/** Evaluates arithmetic text (already expanded: no `$` left). Throws ArithError. */
export function evalArith(text: string, env: ArithEnv): Num {
  const node = parseCached(text);
  if (node === null) return 0;
  skip = 0;
  return ev(node, env, text, 0);
}

/** Whether the text is empty or only blanks (`(( ))` is false, `$(( ))` is 0). */
export function isBlankArith(text: string): boolean {
  return parseCached(text) === null;
}

// The evaluator is plain functions over the tree (no object per evaluation): this runs for
// every $((...)) of every loop iteration.

/** > 0 inside a branch that is parsed but not evaluated (short-circuit); never nests with a value's own evaluation. */
let skip = 0;

function failAt(text: string, msg: string, at: number): never {
  throw new ArithError(msg, text.trimStart(), text.slice(at));
}

/** A variable's value as a number: its text is itself an expression (bash evaluates it). */
function valueOf(raw: string | undefined, name: string, env: ArithEnv, depth: number): Num {
  if (raw === undefined) {
    if (env.nounset && !skip) throw new ArithError(`${name}: unbound variable`, name, null, true);
    return 0;
  }
  if (raw === '') return 0;
  const d = decimalValue(raw);
  if (d !== null) return d;
  // (bash gives up on the text it would evaluate at its depth 1023, and shows that text)
  if (depth >= MAX_RECURSION - 2) throw new ArithError('expression recursion level exceeded', raw, raw);
  const node = parseCached(raw);
  if (node === null) return 0;
  return ev(node, env, raw, depth + 1);
}

// An indexed subscript is evaluated by the caller when it must be evaluated only once (for
// `a[i++]++` and `a[i++]+=2`, the read and the write share it: see indexOf), else here.

function readVar(lv: { name: string; sub?: string }, env: ArithEnv, depth: number, index?: Num): Num {
  if (lv.sub === undefined) return valueOf(env.get(lv.name), lv.name, env, depth);
  const sub = lv.sub;
  if (wholeArray(lv, env)) return 0;
  const raw = env.isAssoc(lv.name) ? env.getKey(lv.name, sub) : env.getIndex(lv.name, Number(index ?? evalIndex(sub, env, depth)));
  // set -u: a missing element of a set variable is 0; of an unset one the error names the variable.
  if (raw === undefined && env.nounset && !skip) {
    if (env.hasValue?.(lv.name)) return 0;
    throw new ArithError(`${lv.name}: unbound variable`, lv.name, null, true);
  }
  return valueOf(raw, `${lv.name}[${sub}]`, env, depth);
}

/** The index of an indexed element, evaluated once for both its read and its write. */
function indexOf(lv: { name: string; sub?: string }, env: ArithEnv, depth: number): Num | undefined {
  return lv.sub === undefined || lv.sub === '@' || lv.sub === '*' || env.isAssoc(lv.name) ? undefined : evalIndex(lv.sub, env, depth);
}

function evalIndex(subText: string, env: ArithEnv, depth: number): Num {
  try {
    const node = parseCached(subText);
    return node === null ? 0 : ev(node, env, subText, depth + 1);
  } catch (e) {
    if (e instanceof ArithError && !e.unbound) e.subscript = true;
    throw e;
  }
}

function writeVar(lv: { name: string; sub?: string }, v: Num, env: ArithEnv, depth: number, index?: Num): void {
  if (skip) return;
  const s = numToString(v);
  if (lv.sub === undefined) env.set(lv.name, s);
  else if (wholeArray(lv, env)) return;
  else if (env.isAssoc(lv.name)) env.setKey(lv.name, lv.sub, s);
  else env.setIndex(lv.name, Number(index ?? evalIndex(lv.sub, env, depth)), s);
}

function ev(n: Node, env: ArithEnv, text: string, depth: number): Num {
  switch (n.k) {
    case 'num':
      return n.v;
    case 'var':
      return skip ? 0 : readVar(n, env, depth);
    case 'un': {
      const v = ev(n.e, env, text, depth);
      switch (n.op) {
        case '-': return typeof v === 'number' ? (v === 0 ? 0 : -v) : norm(-v);
        case '+': return v;
        case '!': return isZero(v) ? 1 : 0;
        default: return typeof v === 'number' && isInt32(v) ? ~v : norm(~big(v));
      }
    }
    case 'inc': {
      if (skip) return 0;
      const index = indexOf(n.lv, env, depth);
      const cur = readVar(n.lv, env, depth, index);
      const next = n.op === '++' ? add(cur, 1) : sub(cur, 1);
      writeVar(n.lv, next, env, depth, index);
      return n.post ? cur : next;
    }
    case 'bin': {
      const l = ev(n.l, env, text, depth);
      const r = ev(n.r, env, text, depth);
      return binop(n.op, l, r, n.at, text);
    }
    case 'and': {
      const l = ev(n.l, env, text, depth);
      if (isZero(l)) {
        skip++;
        ev(n.r, env, text, depth);
        skip--;
        return 0;
      }
      return isZero(ev(n.r, env, text, depth)) ? 0 : 1;
    }
    case 'or': {
      const l = ev(n.l, env, text, depth);
      if (!isZero(l)) {
        skip++;
        ev(n.r, env, text, depth);
        skip--;
        return 1;
      }
      return isZero(ev(n.r, env, text, depth)) ? 0 : 1;
    }
    case 'cond': {
      const c = ev(n.c, env, text, depth);
      if (!isZero(c)) {
        const a = ev(n.a, env, text, depth);
        skip++;
        ev(n.b, env, text, depth);
        skip--;
        return a;
      }
      skip++;
      ev(n.a, env, text, depth);
      skip--;
      return ev(n.b, env, text, depth);
    }
    case 'assign': {
      if (n.op === '=') {
        const v = ev(n.e, env, text, depth);
        writeVar(n.lv, v, env, depth);
        return v;
      }
      const index = skip ? undefined : indexOf(n.lv, env, depth);
      const cur = skip ? 0 : readVar(n.lv, env, depth, index);
      const rhs = ev(n.e, env, text, depth);
      // An error names the operand from its first non-blank character (bash).
      let at = n.at + n.op.length;
      while (at < text.length && /[ \t\n]/.test(text[at]!)) at++;
      const v = binop(n.op.slice(0, -1), cur, rhs, at, text);
      writeVar(n.lv, v, env, depth, index);
      return v;
    }
    case 'comma':
      ev(n.l, env, text, depth);
      return ev(n.r, env, text, depth);
  }
}

function binop(op: string, a: Num, b: Num, at: number, text: string): Num {
  switch (op) {
    case '+': return add(a, b);
    case '-': return sub(a, b);
    case '*': return mul(a, b);
    case '/':
    case '%':
      if (isZero(b)) {
        if (skip) return 0;
        failAt(text, 'division by 0', at);
      }
      return op === '/' ? div(a, b) : mod(a, b);
    case '**':
      if (b < 0) {
        if (skip) return 0;
        failAt(text, 'exponent less than 0', at);
      }
      return pow(a, b);
    case '<': return lt(a, b) ? 1 : 0;
    case '>': return lt(b, a) ? 1 : 0;
    case '<=': return lt(b, a) ? 0 : 1;
    case '>=': return lt(a, b) ? 0 : 1;
    case '==': return eq(a, b) ? 1 : 0;
    case '!=': return eq(a, b) ? 0 : 1;
    default: return bitop(op, a, b);
  }
}

/** Parses a decimal integer string as bash's test/printf do (with optional sign and blanks). */
export function parseDecimal(s: string): Num | null {
  const t = s.trim();
  if (!/^[+-]?[0-9]+$/.test(t)) return null;
  return norm(BigInt(t));
}
