// C printf conversions, as bash's printf builtin does them: integers as 64-bit intmax_t
// (unsigned conversions of negative values in two's complement), floating point with C's
// rounding of exact ties to even, flags `-+ #0`, width and precision.

export interface Spec {
  flags: string;
  width: number | null;
  precision: number | null;
  conv: string;
}

import { encodeString } from './bytes.js';
import { ldExp, ldExponent, ldFixed, ldFromNumber, ldFromText, ldHex, type LongDouble } from './ldouble.js';

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

/** %f %F %e %E %g %G %a %A, of the long double strtold made of the argument (ldouble.ts). */
export function formatFloat(arg: number | LongDouble, spec: Spec): string {
  const v = typeof arg === 'number' ? ldFromNumber(arg) : arg;
  const c = spec.conv;
  const upper = c === 'F' || c === 'E' || c === 'G' || c === 'A';
  const alt = spec.flags.includes('#');
  let sign = '';
  if (v.neg) sign = '-';
  else if (spec.flags.includes('+')) sign = '+';
  else if (spec.flags.includes(' ')) sign = ' ';
  let body: string;
  if (v.special) {
    const s = sign + (upper ? v.special.toUpperCase() : v.special);
    return pad(s, { ...spec, flags: spec.flags.replace(/0/g, '') }, false);
  }
  const p = spec.precision ?? 6;
  switch (c.toLowerCase()) {
    case 'f':
      body = ldFixed(v, p);
      if (alt && p === 0) body += '.';
      break;
    case 'e':
      body = ldExp(v, p);
      if (alt && p === 0) body = body.replace('e', '.e');
      break;
    case 'g': {
      const P = p === 0 ? 1 : p;
      const exp = v.m === 0n ? 0 : ldExponent(v, P);
      if (exp >= -4 && exp < P) body = ldFixed(v, P - 1 - exp);
      else body = ldExp(v, P - 1);
      if (!alt) {
        // Trailing zeros of the fraction go (never zeros of the integer part).
        if (body.includes('.')) body = body.replace(/\.?0+(e|$)/, (_m, e: string) => e);
      } else if (!body.includes('.')) body = body.replace(/(e|$)/, '.$1');
      break;
    }
    default:
      body = ldHex(v, spec.precision);
  }
  if (upper) body = body.toUpperCase();
  return pad(sign + body, spec, true);
}

/** %s %b %q %c: text with width and precision counted in bytes, as bash's printf does. */
export function formatText(s: string, spec: Spec): string {
  if (spec.precision !== null) {
    const buf = Buffer.from(s, 'utf8');
    if (buf.length > spec.precision) s = rawBytes(buf.subarray(0, spec.precision));
  }
  const w = spec.width ?? 0;
  if (w === 0) return s;
  // (a raw byte, U+DC80..U+DCFF, is one byte wide)
  const bytes = /[\udc80-\udcff]/.test(s) ? encodeString(s).length : Buffer.byteLength(s, 'utf8');
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
/**
 * An integer argument, as strtoimax reads it, or strtoumax for the unsigned conversions
 * (%u %o %x %X take up to 2^64-1, and -N wraps around).
 */
export function parseIntArg(arg: string, unsigned = false): NumParse {
  if (arg.startsWith("'") || arg.startsWith('"')) {
    const cp = arg.codePointAt(1);
    return { value: BigInt(cp === undefined ? 0 : cp >= 0xdc80 && cp <= 0xdcff ? cp - 0xdc00 : cp) };
  }
  const m = /^[ \t\n]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(arg);
  if (!m) return { value: 0n, error: badNumber(arg) };
  const digits = m[2]!;
  let v = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits[0] === '0' ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
  let error: string | undefined;
  if (unsigned) {
    if (v >= U64) {
      v = U64 - 1n;
      error = 'Result too large';
    } else if (m[1] === '-') v = BigInt.asUintN(64, -v);
    if (m[0].length !== arg.length) error = badNumber(arg);
    return error ? { value: v, error } : { value: v };
  }
  if (m[1] === '-') v = -v;
  if (v > INT64_MAX) {
    v = INT64_MAX;
    error = 'Result too large';
  } else if (v < INT64_MIN) {
    v = INT64_MIN;
    error = 'Result too large';
  }
  if (m[0].length !== arg.length) error = badNumber(arg);
  return error ? { value: v, error } : { value: v };
}

/** bash's sh_invalidnum: the base is named by how the argument starts (`0x` hex, `0N` octal). */
function badNumber(arg: string): string {
  return arg.startsWith('0x') ? 'invalid hex number' : /^0[0-9]/.test(arg) ? 'invalid octal number' : 'invalid number';
}

/** A floating argument, as strtold reads it (into a long double). */
export function parseFloatArg(arg: string): { value: LongDouble; error?: string } {
  if (arg.startsWith("'") || arg.startsWith('"')) return { value: ldFromNumber(arg.codePointAt(1) ?? 0) };
  const m = /^[ \t\n]*([+-]?(?:inf(?:inity)?|nan|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))/i.exec(arg);
  if (!m) return { value: ldFromNumber(0), error: badNumber(arg) };
  const value = ldFromText(m[1]!);
  if (m[0].length !== arg.length) return { value, error: badNumber(arg) };
  return value.range ? { value, error: 'Result too large' } : { value };
}
