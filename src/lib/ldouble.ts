// The x87 long double bash's printf converts floating arguments to (strtold): a 64-bit
// mantissa, not a double's 53 bits. `printf '%.1f' 0.15` is 0.2 in bash (the long double
// nearest 0.15 lies above it) and 0.1 with a double (below), so values are read into
// m * 2^e exactly as strtold rounds them (to nearest, ties to even), and printed from their
// exact expansion with C's rounding (ties to even), as glibc does. BigInt arithmetic on a
// few dozen digits: microseconds per conversion.

/** value = (neg ? -1 : 1) * m * 2^e, with 2^63 <= m < 2^64 (or m = 0); or inf/nan. */
export interface LongDouble {
  neg: boolean;
  /** strtold's ERANGE: the text was beyond long double's range (inf or 0 came out). */
  range?: boolean;
  special?: 'inf' | 'nan';
  m: bigint;
  e: number;
}

const TWO64 = 1n << 64n;
const TWO63 = 1n << 63n;
/** Beyond these the value is inf (or 0): long double's exponent range. */
const MAX_EXP = 16384;
const MIN_EXP = -16445;

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

const POW10: bigint[] = [1n];
function pow10(k: number): bigint {
  if (k < 400) {
    while (POW10.length <= k) POW10.push(POW10[POW10.length - 1]! * 10n);
    return POW10[k]!;
  }
  return 10n ** BigInt(k);
}

/** Divides num by den and rounds to nearest, ties to even. */
function divRound(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = (num - q * den) * 2n;
  return r2 > den || (r2 === den && (q & 1n) === 1n) ? q + 1n : q;
}

/** num/den * 2^b (num, den > 0) rounded to a 64-bit mantissa. */
function round64(neg: boolean, num: bigint, den: bigint, b: number): LongDouble {
  const s = 66 - (bitLength(num) - bitLength(den));
  const q0 = s >= 0 ? (num << BigInt(s)) / den : num / (den << BigInt(-s));
  const rem = s >= 0 ? (num << BigInt(s)) - q0 * den : num - q0 * (den << BigInt(-s));
  const k = bitLength(q0) - 64;
  let q = q0 >> BigInt(k);
  const low = q0 & ((1n << BigInt(k)) - 1n);
  const half = 1n << BigInt(k - 1);
  if (low > half || (low === half && (rem !== 0n || (q & 1n) === 1n))) q++;
  let e = b - s + k;
  if (q === TWO64) {
    q = TWO63;
    e++;
  }
  if (e + 64 > MAX_EXP) return { neg, special: 'inf', m: 0n, e: 0, range: true };
  if (e < MIN_EXP) return { neg, m: 0n, e: 0, range: true };
  return { neg, m: q, e };
}

/** Text strtold would take in full: [+-] then inf, infinity, nan, a hex float or a decimal. */
export function ldFromText(t: string): LongDouble {
  const neg = t.startsWith('-');
  const body = t.replace(/^[+-]/, '');
  if (/^inf/i.test(body)) return { neg, special: 'inf', m: 0n, e: 0 };
  if (/^nan/i.test(body)) return { neg, special: 'nan', m: 0n, e: 0 };
  const hex = /^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?\d+))?$/.exec(body);
  if (hex) {
    const digits = (hex[1] ?? '') + (hex[2] ?? '');
    const n = digits ? BigInt('0x' + digits) : 0n;
    if (n === 0n) return { neg, m: 0n, e: 0 };
    return round64(neg, n, 1n, Number(hex[3] ?? 0) - 4 * (hex[2] ?? '').length);
  }
  const dec = /^(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(body);
  if (!dec) return { neg, m: 0n, e: 0 };
  const digits = ((dec[1] ?? '') + (dec[2] ?? '')).replace(/^0+/, '');
  if (!digits) return { neg, m: 0n, e: 0 };
  const k = Number(dec[3] ?? 0) - (dec[2] ?? '').length;
  // Far out of range either way: no need to build a 5000-digit power of ten.
  if (k + digits.length > 4940) return { neg, special: 'inf', m: 0n, e: 0, range: true };
  if (k + digits.length < -4960) return { neg, m: 0n, e: 0, range: true };
  const n = BigInt(digits);
  return k >= 0 ? round64(neg, n * pow10(k), 1n, 0) : round64(neg, n, pow10(-k), 0);
}

/** A double, exactly. */
export function ldFromNumber(x: number): LongDouble {
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  if (Number.isNaN(x)) return { neg, special: 'nan', m: 0n, e: 0 };
  if (!Number.isFinite(x)) return { neg, special: 'inf', m: 0n, e: 0 };
  if (a === 0) return { neg, m: 0n, e: 0 };
  // Doubles are dyadic: scale to an integer, then normalize (exact, no rounding happens).
  let e = 0;
  let v = a;
  while (!Number.isInteger(v)) {
    v *= 2;
    e--;
  }
  return round64(neg, BigInt(v), 1n, e);
}

/** |v| * 10^t rounded to an integer (ties to even). */
function scaled(v: LongDouble, t: number): bigint {
  let num = v.m;
  let den = 1n;
  if (t >= 0) num *= pow10(t);
  else den = pow10(-t);
  if (v.e >= 0) num <<= BigInt(v.e);
  else den <<= BigInt(-v.e);
  return divRound(num, den);
}

/** %.pf of |v|: the digits, with the point. */
export function ldFixed(v: LongDouble, p: number): string {
  const digits = scaled(v, p).toString().padStart(p + 1, '0');
  return p === 0 ? digits : `${digits.slice(0, -p)}.${digits.slice(-p)}`;
}

/** The decimal exponent of |v| once rounded to p+1 significant digits, and those digits. */
function decimalDigits(v: LongDouble, p: number): { digits: string; exp: number } {
  if (v.m === 0n) return { digits: '0'.repeat(p + 1), exp: 0 };
  let exp = Math.floor((bitLength(v.m) - 1 + v.e) * Math.LOG10E * Math.LN2);
  for (let i = 0; i < 4; i++) {
    const r = scaled(v, p - exp);
    if (r >= pow10(p + 1)) exp++;
    else if (r < pow10(p)) exp--;
    else return { digits: r.toString(), exp };
  }
  const r = scaled(v, p - exp);
  return { digits: r.toString().slice(0, p + 1), exp };
}

/** %.pe of |v|: d.ddd e±XX. */
export function ldExp(v: LongDouble, p: number): string {
  const { digits, exp } = decimalDigits(v, p);
  const mant = p === 0 ? digits : `${digits[0]}.${digits.slice(1)}`;
  return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** The exponent %g decides by: that of %.(P-1)e. */
export function ldExponent(v: LongDouble, P: number): number {
  return decimalDigits(v, P - 1).exp;
}

/** %a of |v| as glibc prints a long double: 0xH.HHH…p±E, the leading digit 8..f. */
export function ldHex(v: LongDouble, precision: number | null): string {
  if (v.m === 0n) return precision ? `0x0.${'0'.repeat(precision)}p+0` : '0x0p+0';
  let lead = v.m >> 60n;
  let frac = v.m & ((1n << 60n) - 1n);
  let exp = v.e + 60;
  let digits: string;
  if (precision !== null && precision < 15) {
    const drop = BigInt(4 * (15 - precision));
    const q = frac >> drop;
    const low = frac & ((1n << drop) - 1n);
    const half = 1n << (drop - 1n);
    frac = low > half || (low === half && (q & 1n) === 1n) ? q + 1n : q;
    if (frac >> BigInt(4 * precision) !== 0n) {
      // The carry reached the leading digit; past 0xf glibc shows 0x1.00…p+(E+4).
      frac = 0n;
      lead++;
      if (lead === 16n) {
        lead = 1n;
        exp += 4;
      }
    }
    digits = precision === 0 ? '' : frac.toString(16).padStart(precision, '0');
  } else {
    digits = frac.toString(16).padStart(15, '0');
    digits = precision === null ? digits.replace(/0+$/, '') : digits + '0'.repeat(precision - 15);
  }
  return `0x${lead.toString(16)}${digits ? '.' + digits : ''}p${exp >= 0 ? '+' : ''}${exp}`;
}
