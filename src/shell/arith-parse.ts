// Shell arithmetic, the parsing half (arith.ts evaluates): expression text into a tree, with
// bash's tokens, precedence and error messages; integer constants in any base; the trees
// cached by their text, so a loop's `$((n+i))` is parsed once.

import { norm, type Num } from './arith-num.js';

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

export type Node =
  | { k: 'num'; v: Num }
  | { k: 'var'; name: string; sub?: string; at: number }
  | { k: 'un'; op: string; e: Node }
  | { k: 'inc'; op: '++' | '--'; post: boolean; lv: LValue; at: number }
  | { k: 'bin'; op: string; l: Node; r: Node; at: number }
  | { k: 'and' | 'or'; l: Node; r: Node }
  | { k: 'cond'; c: Node; a: Node; b: Node }
  | { k: 'assign'; op: string; lv: LValue; e: Node; at: number }
  | { k: 'comma'; l: Node; r: Node };

export type LValue = { name: string; sub?: string };

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

export function parseCached(text: string): Node | null {
  let n = cache.get(text);
  if (n === undefined) {
    n = new Parser(text).parse();
    if (cache.size >= 2000) cache.clear();
    cache.set(text, n);
  }
  return n;
}

// ---- evaluation --------------------------------------------------------------------------
