// The numbers of shell arithmetic: JS numbers while they are safe integers, bigints beyond,
// every operation wrapping to 64 bits as bash's do (arith.ts parses and evaluates).

export type Num = number | bigint;


export const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function norm(x: bigint): Num {
  const w = BigInt.asIntN(64, x);
  return w >= -MAX_SAFE && w <= MAX_SAFE ? Number(w) : w;
}

export function big(a: Num): bigint {
  return typeof a === 'bigint' ? a : BigInt(a);
}

export function numToString(n: Num): string {
  return typeof n === 'number' ? (n === 0 ? '0' : String(n)) : n.toString();
}

export function isZero(n: Num): boolean {
  return n === 0 || n === 0n;
}

export function add(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return norm(big(a) + big(b));
}

export function sub(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return norm(big(a) - big(b));
}

export function mul(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
  }
  return norm(big(a) * big(b));
}

export const INT64_MIN = -(2n ** 63n);

export function div(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = Math.trunc(a / b);
    return r === 0 ? 0 : r;
  }
  // INT64_MIN / -1 overflows in C; bash answers INT64_MIN.
  if (big(a) === INT64_MIN && big(b) === -1n) return INT64_MIN;
  return norm(big(a) / big(b));
}

export function mod(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a % b;
    return r === 0 ? 0 : r;
  }
  if (big(b) === -1n) return 0;
  return norm(big(a) % big(b));
}

export function pow(a: Num, b: Num): Num {
  let e = big(b);
  let base = big(a);
  let r = 1n;
  // Square-and-multiply, wrapping at every step like C's repeated multiplication.
  while (e > 0n) {
    if (e & 1n) r = BigInt.asIntN(64, r * base);
    base = BigInt.asIntN(64, base * base);
    e >>= 1n;
  }
  return norm(r);
}

export function isInt32(a: Num): a is number {
  return typeof a === 'number' && (a | 0) === a;
}

export function bitop(op: string, a: Num, b: Num): Num {
  if (isInt32(a) && isInt32(b)) {
    if (op === '&') return a & b;
    if (op === '|') return a | b;
    if (op === '^') return a ^ b;
  }
  const x = big(a);
  const y = big(b);
  if (op === '&') return norm(x & y);
  if (op === '|') return norm(x | y);
  if (op === '^') return norm(x ^ y);
  const n = y & 63n;
  if (op === '<<') return norm(x << n);
  return norm(BigInt.asIntN(64, x) >> n);
}

export function lt(a: Num, b: Num): boolean {
  return a < b;
}

export function eq(a: Num, b: Num): boolean {
  return a == b;
}

// ---- the tree ---------------------------------------------------------------------------
