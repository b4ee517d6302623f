// C printf conversions, as bash's printf builtin does them: integers as 64-bit intmax_t
// (unsigned conversions of negative values in two's complement), floating point with C's
// rounding of exact ties to even, flags `-+ #0`, width and precision.

export interface Spec {
  flags: string;
  width: number | null;
  precision: number | null;
  conv: string;
}

const U64 = 1n << 64n;

function pad(s: string, spec: Spec, numeric: boolean): string {
  const w = spec.width ?? 0;
  if (s.length >= w) return s;
  if (spec.flags.includes('-')) return s + ' '.repeat(w - s.length);
  if (numeric && spec.flags.includes('0')) {
    // Zeros go after the sign and 0x prefix.
    const m = /^([+\- ]?(?:0[xX])?)(.*)$/s.exec(s)!;
    return m[1]! + '0'.repeat(w - s.length) + m[2]!;
  }
  return ' '.repeat(w - s.length) + s;
}

/** %d %i %u %o %x %X of a 64-bit value. */
export function formatInt(v: bigint, spec: Spec): string {
  const c = spec.conv;
  let digits: string;
  let sign = '';
  if (c === 'd' || c === 'i') {
    if (v < 0n) {
      sign = '-';
      digits = (-v).toString();
    } else {
      digits = v.toString();
      if (spec.flags.includes('+')) sign = '+';
      else if (spec.flags.includes(' ')) sign = ' ';
    }
  } else {
    const u = v < 0n ? v + U64 : v;
    digits = u.toString(c === 'o' ? 8 : c === 'u' ? 10 : 16);
    if (c === 'X') digits = digits.toUpperCase();
  }
  let prefix = '';
  if (spec.precision !== null) {
    if (spec.precision === 0 && v === 0n) digits = '';
    else if (digits.length < spec.precision) digits = '0'.repeat(spec.precision - digits.length) + digits;
  }
  if (spec.flags.includes('#')) {
    if (c === 'o' && !digits.startsWith('0')) digits = '0' + digits;
    if ((c === 'x' || c === 'X') && v !== 0n) prefix = c === 'x' ? '0x' : '0X';
  }
  const s = sign + prefix + digits;
  // With a precision the 0 flag is ignored (C).
  return pad(s, spec.precision !== null ? { ...spec, flags: spec.flags.replace(/0/g, '') } : spec, true);
}

/** The exact decimal expansion decides ties: C rounds them to even, JS's toFixed up. */
function fixed(x: number, p: number): string {
  // toFixed turns to exponent form from 1e21 on; such a double is an integer: its exact digits.
  if (Math.abs(x) >= 1e21) return BigInt(x).toString() + (p > 0 ? '.' + '0'.repeat(p) : '');
  let s = x.toFixed(p);
  const exact = x.toFixed(Math.min(100, p + 40));
  const tail = exact.slice(exact.length - 40);
  if (/^50*$/.test(tail) && p <= 60) {
    // An exact tie: round half to even on the digit kept.
    const down = exact.slice(0, exact.length - 40);
    const last = down.replace('.', '').slice(-1);
    if (Number(last) % 2 === 0) s = p === 0 ? down.replace(/\.$/, '') : down;
  }
  return s;
}

function expo(x: number, p: number): string {
  let s = x.toExponential(p);
  const [mant, e] = s.split('e');
  // A tie at this precision: compare with the exact value.
  const exp = Number(e);
  const scaled = Math.abs(x) / 10 ** exp;
  if (Number.isFinite(scaled)) {
    const f = fixed(Number(scaled.toPrecision(17)), p);
    if (f !== Math.abs(Number(mant)).toFixed(p) && Math.abs(Number(f)) < 10) s = `${x < 0 ? '-' : ''}${f}e${e}`;
  }
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s)!;
  return `${m[1]}e${m[2]}${m[3]!.padStart(2, '0')}`;
}

/** %f %F %e %E %g %G %a %A. */
export function formatFloat(x: number, spec: Spec): string {
  const c = spec.conv;
  const upper = c === 'F' || c === 'E' || c === 'G' || c === 'A';
  const alt = spec.flags.includes('#');
  let sign = '';
  if (x < 0 || Object.is(x, -0)) {
    sign = '-';
    x = -x;
  } else if (spec.flags.includes('+')) sign = '+';
  else if (spec.flags.includes(' ')) sign = ' ';
  let body: string;
  if (!Number.isFinite(x)) {
    body = Number.isNaN(x) ? 'nan' : 'inf';
    const s = sign + (upper ? body.toUpperCase() : body);
    return pad(s, { ...spec, flags: spec.flags.replace(/0/g, '') }, false);
  }
  const p = spec.precision ?? 6;
  switch (c.toLowerCase()) {
    case 'f':
      body = fixed(x, p);
      if (alt && p === 0) body += '.';
      break;
    case 'e':
      body = expo(x, p);
      if (alt && p === 0) body = body.replace('e', '.e');
      break;
    case 'g': {
      const P = p === 0 ? 1 : p;
      const exp = x === 0 ? 0 : Number(expo(x, P - 1).split('e')[1]);
      if (exp >= -4 && exp < P) body = fixed(x, P - 1 - exp);
      else body = expo(x, P - 1);
      if (!alt) {
        // Trailing zeros of the fraction go (never zeros of the integer part).
        if (body.includes('.')) body = body.replace(/\.?0+(e|$)/, (_m, e: string) => e);
      } else if (!body.includes('.')) body = body.replace(/(e|$)/, '.$1');
      break;
    }
    default:
      body = hexFloat(x, spec.precision);
  }
  if (upper) body = body.toUpperCase();
  return pad(sign + body, spec, true);
}

/** %a as glibc prints a long double: 0xH.HHHp+E with the leading digit 8..f. */
function hexFloat(x: number, precision: number | null): string {
  if (x === 0) return precision ? `0x0.${'0'.repeat(precision)}p+0` : '0x0p+0';
  let e = Math.floor(Math.log2(x));
  let m = x / 2 ** e; // 1 <= m < 2
  if (m >= 2) {
    m /= 2;
    e++;
  }
  // Shift so the leading hex digit holds 4 bits: m*8 in [8, 16).
  let mant = m * 8;
  e -= 3;
  let digits = '';
  let lead = Math.floor(mant);
  mant -= lead;
  const max = precision ?? 15;
  for (let i = 0; i < max && (precision !== null || mant > 0); i++) {
    mant *= 16;
    const d = Math.floor(mant);
    digits += d.toString(16);
    mant -= d;
  }
  if (precision !== null && mant >= 0.5) {
    // round the last hex digit
    let arr = (lead.toString(16) + digits).split('').map((h) => parseInt(h, 16));
    let i = arr.length - 1;
    while (i >= 0) {
      arr[i]!++;
      if (arr[i]! < 16) break;
      arr[i] = 0;
      i--;
    }
    if (i < 0) arr = [1, ...arr];
    lead = arr[0]!;
    digits = arr.slice(1).map((d) => d.toString(16)).join('');
  }
  return `0x${lead.toString(16)}${digits ? '.' + digits : ''}p${e >= 0 ? '+' : ''}${e}`;
}

/** %s %b %q %c: text with width and precision counted in bytes, as bash's printf does. */
export function formatText(s: string, spec: Spec): string {
  if (spec.precision !== null) {
    const buf = Buffer.from(s, 'utf8');
    if (buf.length > spec.precision) s = rawBytes(buf.subarray(0, spec.precision));
  }
  const bytes = Buffer.byteLength(s, 'utf8');
  const w = spec.width ?? 0;
  if (bytes >= w) return s;
  return spec.flags.includes('-') ? s + ' '.repeat(w - bytes) : ' '.repeat(w - bytes) + s;
}

/** Bytes back to a string; a cut multibyte character leaves raw bytes (U+DC80..). */
function rawBytes(buf: Buffer): string {
  let out = '';
  let i = 0;
  const text = buf.toString('utf8');
  if (!text.includes('\ufffd')) return text;
  while (i < buf.length) {
    const b = buf[i]!;
    const n = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (i + n <= buf.length && (n === 1 ? b < 0x80 : true)) {
      const ch = buf.subarray(i, i + n).toString('utf8');
      if (!ch.includes('\ufffd')) {
        out += ch;
        i += n;
        continue;
      }
    }
    out += String.fromCharCode(0xdc00 + b);
    i++;
  }
  return out;
}

export interface NumParse {
  value: bigint;
  /** "invalid number" / "Result too large" when the argument is not wholly a number. */
  error?: string;
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** An integer argument: decimal, 0octal, 0xhex, 'c (a character's code), leading blanks. */
export function parseIntArg(arg: string): NumParse {
  if (arg.startsWith("'") || arg.startsWith('"')) {
    const cp = arg.codePointAt(1);
    return { value: BigInt(cp === undefined ? 0 : cp >= 0xdc80 && cp <= 0xdcff ? cp - 0xdc00 : cp) };
  }
  const m = /^[ \t\n]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(arg);
  if (!m) return { value: 0n, error: 'invalid number' };
  const digits = m[2]!;
  let v = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits[0] === '0' ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
  if (m[1] === '-') v = -v;
  let error: string | undefined;
  if (v > INT64_MAX) {
    v = INT64_MAX;
    error = 'Result too large';
  } else if (v < INT64_MIN) {
    v = INT64_MIN;
    error = 'Result too large';
  }
  if (m[0].length !== arg.length) error = 'invalid number';
  return error ? { value: v, error } : { value: v };
}

/** A floating argument, as strtold reads it. */
export function parseFloatArg(arg: string): { value: number; error?: string } {
  if (arg.startsWith("'") || arg.startsWith('"')) return { value: arg.codePointAt(1) ?? 0 };
  const m = /^[ \t\n]*([+-]?(?:inf(?:inity)?|nan|0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*(?:[pP][+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))/i.exec(arg);
  if (!m) return { value: 0, error: 'invalid number' };
  const t = m[1]!;
  let value: number;
  if (/inf/i.test(t)) value = t.startsWith('-') ? -Infinity : Infinity;
  else if (/nan/i.test(t)) value = NaN;
  else if (/0x/i.test(t)) value = parseHexFloat(t);
  else value = Number(t);
  return m[0].length === arg.length ? { value } : { value, error: 'invalid number' };
}

function parseHexFloat(t: string): number {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?\d+))?$/.exec(t);
  if (!m) return 0;
  let v = parseInt(m[2] || '0', 16);
  for (let i = 0; i < m[3]!.length; i++) v += parseInt(m[3]![i]!, 16) / 16 ** (i + 1);
  v *= 2 ** Number(m[4] ?? 0);
  return m[1] === '-' ? -v : v;
}
