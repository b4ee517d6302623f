// Shell arithmetic ($((...)), ((...)), let, subscripts, declare -i): 64-bit signed integers
// that wrap, with bash's operators, precedence and error messages. Expression text is
// parsed once into a tree and cached by its text, so a loop's `$((n+i))` is parsed once.
//
// Numbers are JS numbers while they are safe integers and bigints beyond that, so the
// common case never allocates; every operation wraps to 64 bits as bash does.

import { add, big, bitop, div, eq, isInt32, isZero, lt, mod, mul, norm, numToString, pow, sub, type Num } from './arith-num.js';

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

export class ArithError extends Error {
  constructor(
    message: string,
    /** The expression text shown before the message. */
    readonly expr: string,
    /** The rest of the expression where the error is ("error token is ..."), or null. */
    readonly token: string | null,
    /** An unbound variable under set -u (the message is just "NAME: unbound variable"). */
    readonly unbound = false,
  ) {
    super(message);
  }

  /** It came from evaluating an array subscript (see Expander.subscriptArith). */
  subscript = false;

  /** bash's wording: "EXPR: MESSAGE (error token is "TOKEN")". */
  describe(): string {
    if (this.unbound) return this.message;
    return `${this.expr}: ${this.message}${this.token !== null ? ` (error token is "${this.token}")` : ''}`;
  }
}

type Node =
  | { k: 'num'; v: Num }
  | { k: 'var'; name: string; sub?: string; at: number }
  | { k: 'un'; op: string; e: Node }
  | { k: 'inc'; op: '++' | '--'; post: boolean; lv: LValue; at: number }
  | { k: 'bin'; op: string; l: Node; r: Node; at: number }
  | { k: 'and' | 'or'; l: Node; r: Node }
  | { k: 'cond'; c: Node; a: Node; b: Node }
  | { k: 'assign'; op: string; lv: LValue; e: Node; at: number }
  | { k: 'comma'; l: Node; r: Node };

type LValue = { name: string; sub?: string };

interface Tok {
  t: 'num' | 'name' | 'op' | 'end' | 'bad';
  v: string;
  /** Offset of the token in the text. */
  at: number;
  /** For names: the subscript text after the name, when `name[...]`. */
  sub?: string;
}

const OPS3 = ['<<=', '>>='];
const OPS2 = ['**', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '^=', '|='];
const OPS1 = '+-*/%<>=!~&^|?:(),';
const ASSIGN_OPS = new Set(['=', '*=', '/=', '%=', '+=', '-=', '<<=', '>>=', '&=', '^=', '|=']);

class Parser {
  private i = 0;
  private tok!: Tok;
  private prev: Tok | null = null;

  constructor(private readonly src: string) {
    this.next();
  }

  private fail(msg: string, at?: number): never {
    if (this.tok.t === 'bad' && msg !== 'syntax error: operand expected') msg = 'syntax error: invalid arithmetic operator';
    // At the end of the text bash names the last token read ("1 + ": error token is "+ ").
    const from = at ?? (this.tok.t === 'end' && this.prev ? this.prev.at : this.tok.at);
    throw new ArithError(msg, this.src.trimStart(), this.src.slice(from));
  }

  private next(): void {
    this.prev = this.tok;
    const s = this.src;
    let i = this.i;
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
    if (i >= s.length) {
      this.tok = { t: 'end', v: '', at: i };
      this.i = i;
      return;
    }
    const c = s[i]!;
    if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < s.length && /[0-9a-zA-Z#@_]/.test(s[j]!)) j++;
      this.tok = { t: 'num', v: s.slice(i, j), at: i };
      this.i = j;
      return;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < s.length && /[A-Za-z0-9_]/.test(s[j]!)) j++;
      const name = s.slice(i, j);
      if (s[j] === '[') {
        const close = subscriptEnd(s, j);
        if (close < 0) throw new ArithError('bad array subscript', s.trimStart(), s.slice(i));
        this.tok = { t: 'name', v: name, at: i, sub: s.slice(j + 1, close) };
        this.i = close + 1;
        return;
      }
      this.tok = { t: 'name', v: name, at: i };
      this.i = j;
      return;
    }
    const three = s.slice(i, i + 3);
    if (OPS3.includes(three)) {
      this.tok = { t: 'op', v: three, at: i };
      this.i = i + 3;
      return;
    }
    const two = s.slice(i, i + 2);
    if ((two === '++' || two === '--') && !(this.tok?.t === 'name' || /^\s*[A-Za-z_]/.test(s.slice(i + 2)))) {
      // Not next to a variable: two signs (`++5` is +(+5), `5++` lacks an operand).
      this.tok = { t: 'op', v: c, at: i };
      this.i = i + 1;
      return;
    }
    if (OPS2.includes(two)) {
      this.tok = { t: 'op', v: two, at: i };
      this.i = i + 2;
      return;
    }
    if (OPS1.includes(c)) {
      this.tok = { t: 'op', v: c, at: i };
      this.i = i + 1;
      return;
    }
    if (c === '"') {
      // Double quotes are removed from arithmetic text (bash does it before evaluating).
      this.i = i + 1;
      this.next();
      return;
    }
    // A character that starts no token: what bash reports depends on whether an operand or an
    // operator was wanted there (see fail()).
    this.tok = { t: 'bad', v: c, at: i };
    this.i = s.length;
  }

  private isOp(v: string): boolean {
    return this.tok.t === 'op' && this.tok.v === v;
  }

  /** The current token's kind (a method, so narrowing does not survive next()). */
  private kind(): Tok['t'] {
    return this.tok.t;
  }

  parse(): Node | null {
    if (this.tok.t === 'end') return null;
    const n = this.comma();
    if (this.kind() !== 'end') this.fail('syntax error in expression');
    return n;
  }

  private comma(): Node {
    let l = this.assign();
    while (this.isOp(',')) {
      this.next();
      l = { k: 'comma', l, r: this.assign() };
    }
    return l;
  }

  private assign(): Node {
    const startTok = this.tok;
    const l = this.cond();
    if (this.tok.t === 'op' && ASSIGN_OPS.has(this.tok.v)) {
      const opTok = this.tok;
      // Only a lone variable (or element) can be assigned to.
      if (l.k !== 'var' || this.prev !== startTok) this.fail('attempted assignment to non-variable', opTok.at);
      this.next();
      const e = this.assign();
      return { k: 'assign', op: opTok.v, lv: { name: l.name, sub: l.sub }, e, at: opTok.at };
    }
    return l;
  }

  private cond(): Node {
    const c = this.lor();
    if (!this.isOp('?')) return c;
    this.next();
    if (this.tok.t === 'end' || this.isOp(':')) this.fail('expression expected');
    const a = this.comma();
    if (!this.isOp(':')) this.fail("`:' expected for conditional expression");
    this.next();
    if (this.kind() === 'end') this.fail('expression expected');
    const b = this.cond();
    return { k: 'cond', c, a, b };
  }

  private lor(): Node {
    let l = this.land();
    while (this.isOp('||')) {
      this.next();
      l = { k: 'or', l, r: this.land() };
    }
    return l;
  }

  private land(): Node {
    let l = this.binary(0);
    while (this.isOp('&&')) {
      this.next();
      l = { k: 'and', l, r: this.binary(0) };
    }
    return l;
  }

  private static readonly LEVELS: string[][] = [['|'], ['^'], ['&'], ['==', '!='], ['<=', '>=', '<', '>'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

  private binary(level: number): Node {
    if (level === Parser.LEVELS.length) return this.power();
    let l = this.binary(level + 1);
    const ops = Parser.LEVELS[level]!;
    while (this.tok.t === 'op' && ops.includes(this.tok.v)) {
      const op = this.tok.v;
      this.next();
      const at = this.tok.at;
      l = { k: 'bin', op, l, r: this.binary(level + 1), at };
    }
    return l;
  }

  private power(): Node {
    const base = this.unary();
    if (!this.isOp('**')) return base;
    this.next();
    const r = this.power();
    // A negative exponent names the token after it (bash), or the last one at the end.
    const at = this.tok.t === 'end' && this.prev ? this.prev.at : this.tok.at;
    return { k: 'bin', op: '**', l: base, r, at };
  }

  private unary(): Node {
    if (this.tok.t === 'op') {
      const op = this.tok.v;
      if (op === '!' || op === '~' || op === '-' || op === '+') {
        this.next();
        return { k: 'un', op, e: this.unary() };
      }
      if (op === '++' || op === '--') {
        const at = this.tok.at;
        this.next();
        if (this.kind() === 'name') {
          const t = this.tok;
          this.next();
          return { k: 'inc', op, post: false, lv: { name: t.v, sub: t.sub }, at };
        }
        this.fail('syntax error: operand expected');
      }
    }
    return this.primary();
  }

  private primary(): Node {
    const t = this.tok;
    if (t.t === 'num') {
      this.next();
      try {
        return { k: 'num', v: parseConstant(t.v) };
      } catch (e) {
        // bash shows the expression up to the bad constant: `x=08: value too great ...`.
        if (e instanceof ArithError) throw new ArithError(e.message, this.src.slice(0, t.at + t.v.length).trimStart(), e.token);
        throw e;
      }
    }
    if (t.t === 'name') {
      this.next();
      if (this.isOp('++') || this.isOp('--')) {
        const op = this.tok.v as '++' | '--';
        const at = this.tok.at;
        this.next();
        return { k: 'inc', op, post: true, lv: { name: t.v, sub: t.sub }, at };
      }
      return { k: 'var', name: t.v, sub: t.sub, at: t.at };
    }
    if (this.isOp('(')) {
      this.next();
      const e = this.comma();
      if (!this.isOp(')')) this.fail("missing `)'");
      this.next();
      return e;
    }
    this.fail('syntax error: operand expected');
  }
}

/** Index of the `]` closing the subscript that opens at `open`, or -1. */
function subscriptEnd(s: string, open: number): number {
  let depth = 0;
  for (let k = open; k < s.length; k++) {
    // (A backslash quotes the next character: `m[a\]b]`, and what an expansion put there.)
    if (s[k] === '\\') k++;
    else if (s[k] === '[') depth++;
    else if (s[k] === ']' && --depth === 0) return k;
  }
  return -1;
}

function digitValue(d: string, base: number): number {
  const c = d.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 97 + 10;
  if (c >= 65 && c <= 90) return base <= 36 ? c - 65 + 10 : c - 65 + 36;
  if (d === '@') return 62;
  if (d === '_') return 63;
  return 99;
}

/** An integer constant: decimal, 0octal, 0xhex, or BASE#DIGITS (2..64). */
export function parseConstant(text: string): Num {
  if (/^[0-9]{1,15}$/.test(text) && (text[0] !== '0' || text.length === 1)) return Number(text);
  const bad = (msg: string): never => {
    throw new ArithError(msg, text, text);
  };
  let base = 10;
  let digits = text;
  const hash = text.indexOf('#');
  if (hash >= 0) {
    base = Number(text.slice(0, hash));
    // The base is decimal: bash rejects 010#7 (an octal or hex base) as an invalid number.
    if (!/^[1-9][0-9]*$/.test(text.slice(0, hash)) || base < 2 || base > 64) bad('invalid arithmetic base');
    digits = text.slice(hash + 1);
    if (digits === '') bad('invalid integer constant');
  } else if (/^0[xX]/.test(text)) {
    base = 16;
    digits = text.slice(2);
    if (digits === '') return 0;
  } else if (text.length > 1 && text[0] === '0') {
    base = 8;
    digits = text.slice(1);
  }
  let v = 0n;
  const b = BigInt(base);
  for (const d of digits) {
    const n = digitValue(d, base);
    if (n >= base) bad('value too great for base');
    v = v * b + BigInt(n);
  }
  return norm(v);
}

const cache = new Map<string, Node | null>();

function parseCached(text: string): Node | null {
  let n = cache.get(text);
  if (n === undefined) {
    n = new Parser(text).parse();
    if (cache.size >= 2000) cache.clear();
    cache.set(text, n);
  }
  return n;
}

// ---- evaluation --------------------------------------------------------------------------

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
