// Shell arithmetic ($((...)), ((...)), let, ${X:off:len}): 64-bit signed integers with
// bash's operators and precedence. Variables are read and assigned through `vars`.

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

export class ArithError extends Error {}

type Tok = { t: 'num'; v: bigint } | { t: 'name'; v: string } | { t: 'op'; v: string };

const OPS = [
  '<<=', '>>=', '**', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '^=', '|=',
  '+', '-', '*', '/', '%', '<', '>', '=', '!', '~', '&', '^', '|', '?', ':', '(', ')', ',',
];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      const m = /^(?:0[xX][0-9a-fA-F]+|[0-9]+#[0-9a-zA-Z@_]+|[0-9]+)/.exec(src.slice(i))!;
      out.push({ t: 'num', v: parseNumber(m[0]) });
      i += m[0].length;
      if (/[A-Za-z_]/.test(src[i] ?? '')) throw new ArithError(`value too great for base (error token is "${m[0]}${src.slice(i).split(/\s/)[0]}")`);
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'name', v: m[0] });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ArithError(`syntax error: invalid arithmetic operator (error token is "${src.slice(i)}")`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

function parseNumber(text: string): bigint {
  if (/^0[xX]/.test(text)) return BigInt.asIntN(64, BigInt(text));
  const hash = text.indexOf('#');
  if (hash > 0) {
    const base = Number(text.slice(0, hash));
    if (base < 2 || base > 64) throw new ArithError(`invalid arithmetic base (error token is "${text}")`);
    let v = 0n;
    for (const d of text.slice(hash + 1)) {
      const n = digitValue(d, base);
      if (n < 0 || n >= base) throw new ArithError(`value too great for base (error token is "${text}")`);
      v = v * BigInt(base) + BigInt(n);
    }
    return BigInt.asIntN(64, v);
  }
  if (text.length > 1 && text.startsWith('0')) {
    if (/[89]/.test(text)) throw new ArithError(`value too great for base (error token is "${text}")`);
    return BigInt.asIntN(64, BigInt('0o' + text.slice(1)));
  }
  return BigInt.asIntN(64, BigInt(text));
}

function digitValue(d: string, base: number): number {
  if (d >= '0' && d <= '9') return d.charCodeAt(0) - 48;
  if (d >= 'a' && d <= 'z') return d.charCodeAt(0) - 97 + 10;
  if (d >= 'A' && d <= 'Z') return base <= 36 ? d.charCodeAt(0) - 65 + 10 : d.charCodeAt(0) - 65 + 36;
  if (d === '@') return 62;
  if (d === '_') return 63;
  return -1;
}

/** Evaluates an arithmetic expression; throws ArithError with bash-like messages. */
export function evalArith(src: string, vars: ArithVars, depth = 0): bigint {
  if (depth > 64) throw new ArithError('expression recursion level exceeded');
  const toks = tokenize(src);
  if (toks.length === 0) return 0n;
  const p = new ArithParser(toks, vars, depth, src);
  const v = p.comma();
  if (p.i < toks.length) {
    const rest = toks.slice(p.i).map((t) => String(t.v)).join(' ');
    throw new ArithError(`syntax error in expression (error token is "${rest}")`);
  }
  return v;
}

/** An lvalue or a plain value; names are resolved lazily so assignment works. */
type Val = { v: bigint; name?: string };

class ArithParser {
  i = 0;
  /** When > 0, side effects and errors are suppressed (short-circuited branch). */
  private skip = 0;

  constructor(
    private readonly toks: Tok[],
    private readonly vars: ArithVars,
    private readonly depth: number,
    private readonly src: string,
  ) {}

  private peekOp(): string | null {
    const t = this.toks[this.i];
    return t && t.t === 'op' ? t.v : null;
  }

  private eat(op: string): boolean {
    if (this.peekOp() === op) {
      this.i++;
      return true;
    }
    return false;
  }

  private value(name: string): bigint {
    const raw = this.vars.get(name);
    if (raw === undefined || raw.trim() === '') return 0n;
    if (/^-?[0-9]+$/.test(raw.trim())) return BigInt.asIntN(64, BigInt(raw.trim()));
    return evalArith(raw, this.vars, this.depth + 1);
  }

  private assign(name: string | undefined, v: bigint): bigint {
    if (name === undefined) throw new ArithError(`attempted assignment to non-variable (error token is "${this.src}")`);
    const r = BigInt.asIntN(64, v);
    if (!this.skip) this.vars.set(name, r.toString());
    return r;
  }

  comma(): bigint {
    let v = this.assignment();
    while (this.eat(',')) v = this.assignment();
    return v;
  }

  private assignment(): bigint {
    const t = this.toks[this.i];
    const next = this.toks[this.i + 1];
    if (t && t.t === 'name' && next && next.t === 'op' && /^(?:=|\*=|\/=|%=|\+=|-=|<<=|>>=|&=|\^=|\|=)$/.test(next.v)) {
      this.i += 2;
      const rhs = this.assignment();
      if (next.v === '=') return this.assign(t.v, rhs);
      const cur = this.skip ? 0n : this.value(t.v);
      return this.assign(t.v, this.binop(next.v.slice(0, -1), cur, rhs));
    }
    return this.ternary();
  }

  private ternary(): bigint {
    const cond = this.logicalOr();
    if (!this.eat('?')) return cond;
    let a: bigint;
    let b: bigint;
    if (cond !== 0n) {
      a = this.assignment();
      this.expect(':');
      this.skip++;
      b = this.assignment();
      this.skip--;
      return a;
    }
    this.skip++;
    a = this.assignment();
    this.skip--;
    this.expect(':');
    b = this.assignment();
    void a;
    return b;
  }

  private expect(op: string): void {
    if (!this.eat(op)) throw new ArithError(`syntax error in expression (error token is "${this.rest()}")`);
  }

  private rest(): string {
    return this.toks.slice(this.i).map((t) => String(t.v)).join(' ');
  }

  private logicalOr(): bigint {
    let v = this.logicalAnd();
    while (this.peekOp() === '||') {
      this.i++;
      if (v !== 0n) {
        this.skip++;
        this.logicalAnd();
        this.skip--;
        v = 1n;
      } else v = this.logicalAnd() !== 0n ? 1n : 0n;
    }
    return v;
  }

  private logicalAnd(): bigint {
    let v = this.bitOr();
    while (this.peekOp() === '&&') {
      this.i++;
      if (v === 0n) {
        this.skip++;
        this.bitOr();
        this.skip--;
      } else v = this.bitOr() !== 0n ? 1n : 0n;
    }
    return v;
  }

  private level(ops: string[], next: () => bigint): bigint {
    let v = next();
    for (;;) {
      const op = this.peekOp();
      if (op === null || !ops.includes(op)) return v;
      this.i++;
      v = this.binop(op, v, next());
    }
  }

  private bitOr = (): bigint => this.level(['|'], this.bitXor);
  private bitXor = (): bigint => this.level(['^'], this.bitAnd);
  private bitAnd = (): bigint => this.level(['&'], this.equality);
  private equality = (): bigint => this.level(['==', '!='], this.relational);
  private relational = (): bigint => this.level(['<', '>', '<=', '>='], this.shift);
  private shift = (): bigint => this.level(['<<', '>>'], this.additive);
  private additive = (): bigint => this.level(['+', '-'], this.multiplicative);
  private multiplicative = (): bigint => this.level(['*', '/', '%'], this.power);

  private power = (): bigint => {
    const base = this.unary();
    if (this.peekOp() === '**') {
      this.i++;
      const exp = this.power();
      return this.binop('**', base, exp);
    }
    return base;
  };

  private binop(op: string, a: bigint, b: bigint): bigint {
    switch (op) {
      case '+': return BigInt.asIntN(64, a + b);
      case '-': return BigInt.asIntN(64, a - b);
      case '*': return BigInt.asIntN(64, a * b);
      case '/':
      case '%':
        if (b === 0n) {
          if (this.skip) return 0n;
          throw new ArithError(`division by 0 (error token is "${this.lastTokText()}")`);
        }
        return BigInt.asIntN(64, op === '/' ? a / b : a % b);
      case '**':
        if (b < 0n) {
          if (this.skip) return 0n;
          throw new ArithError('exponent less than 0');
        }
        return BigInt.asIntN(64, a ** b);
      case '<<': return BigInt.asIntN(64, a << (b & 63n));
      case '>>': return BigInt.asIntN(64, a >> (b & 63n));
      case '<': return a < b ? 1n : 0n;
      case '>': return a > b ? 1n : 0n;
      case '<=': return a <= b ? 1n : 0n;
      case '>=': return a >= b ? 1n : 0n;
      case '==': return a === b ? 1n : 0n;
      case '!=': return a !== b ? 1n : 0n;
      case '&': return a & b;
      case '^': return a ^ b;
      case '|': return a | b;
      default: throw new ArithError(`unknown operator ${op}`);
    }
  }

  private lastTokText(): string {
    const t = this.toks[this.i - 1];
    return t ? String(t.v) : '';
  }

  private unary(): bigint {
    const op = this.peekOp();
    if (op === '!' ) {
      this.i++;
      return this.unary() === 0n ? 1n : 0n;
    }
    if (op === '~') {
      this.i++;
      return ~this.unary();
    }
    if (op === '-') {
      this.i++;
      return BigInt.asIntN(64, -this.unary());
    }
    if (op === '+') {
      this.i++;
      return this.unary();
    }
    if (op === '++' || op === '--') {
      this.i++;
      const t = this.toks[this.i];
      if (!t || t.t !== 'name') throw new ArithError(`syntax error: operand expected (error token is "${this.rest()}")`);
      this.i++;
      const v = this.value(t.v) + (op === '++' ? 1n : -1n);
      return this.assign(t.v, v);
    }
    return this.postfix();
  }

  private postfix(): bigint {
    const prim = this.primary();
    const op = this.peekOp();
    if ((op === '++' || op === '--') && prim.name !== undefined) {
      this.i++;
      this.assign(prim.name, prim.v + (op === '++' ? 1n : -1n));
      return prim.v;
    }
    return prim.v;
  }

  private primary(): Val {
    const t = this.toks[this.i];
    if (!t) throw new ArithError(`syntax error: operand expected (error token is "${this.rest()}")`);
    if (t.t === 'num') {
      this.i++;
      return { v: t.v };
    }
    if (t.t === 'name') {
      this.i++;
      return { v: this.skip ? 0n : this.value(t.v), name: t.v };
    }
    if (t.v === '(') {
      this.i++;
      const v = this.comma();
      this.expect(')');
      return { v };
    }
    throw new ArithError(`syntax error: operand expected (error token is "${this.rest()}")`);
  }
}
