import { interpretEscapes } from './echo.js';
import { fail, type Builtin } from './types.js';

export const printfBuiltin: Builtin = {
  name: 'printf',
  synopsis: 'printf [-v VAR] FORMAT [ARGS...]',
  description:
    'Format and print ARGS under control of FORMAT (%s %b %q %c %d %i %u %o %x %X %e %f %g %%, with flags, width and precision, * included). The format is reused while arguments remain. -v VAR assigns the result to VAR instead of printing it. A bad number prints 0 and gives status 1.',
  flags: [{ flag: '-v VAR', description: 'store the output in the shell variable VAR' }],
  examples: [
    { command: "printf '%s=%03d\\n' a 7 b 42", description: 'format reused for extra arguments', output: 'a=007\nb=042\n' },
    { command: "printf -v x '%.2f' 3.14159; echo $x", description: 'assign to a variable', output: '3.14\n' },
  ],
  async run(ctx) {
    let args = ctx.args;
    let target: string | undefined;
    if (args[0] === '-v') {
      target = args[1];
      if (!target || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(target)) return fail(ctx, `\`${target ?? ''}': not a valid identifier`, 2);
      args = args.slice(2);
    }
    if (args[0] === '--') args = args.slice(1);
    if (args.length === 0) return fail(ctx, 'usage: printf [-v var] format [arguments]', 2);
    const result = format(args[0]!, args.slice(1));
    for (const e of result.errors) await ctx.stderr.write(`printf: ${e}\n`);
    if (target) ctx.shell.setVar(target, result.out);
    else await ctx.stdout.write(result.out);
    return result.errors.length ? 1 : 0;
  },
};

/** bash's %q: backslash escapes for printable text, $'...' when there are control characters. */
function shellQuote(arg: string): string {
  if (arg === '') return "''";
  if (/[\x00-\x1f\x7f]/.test(arg)) return "$'" + arg.replace(/[\\']/g, '\\$&').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r') + "'";
  return arg.replace(/[^A-Za-z0-9_@%+=:,./-]/g, '\\$&');
}

interface Result {
  out: string;
  errors: string[];
}

/** bash's printf: the format is applied repeatedly until the arguments are used up. */
export function format(fmt: string, args: string[]): Result {
  const res: Result = { out: '', errors: [] };
  let ai = 0;
  const next = (): string | undefined => (ai < args.length ? args[ai++] : undefined);
  for (;;) {
    const startAi = ai;
    const stop = formatOnce(fmt, next, res);
    if (stop || ai >= args.length || ai === startAi) break;
  }
  return res;
}

/** One pass over the format; returns true when `\c` stopped output. */
function formatOnce(fmt: string, next: () => string | undefined, res: Result): boolean {
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c === '\\') {
      const m = /^\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|.)/s.exec(fmt.slice(i));
      const seq = m ? m[0] : '\\';
      if (seq === '\\c') return true;
      res.out += seq.startsWith('\\u') ? String.fromCodePoint(parseInt(seq.slice(2), 16)) : /^\\[0-7]/.test(seq) ? String.fromCharCode(parseInt(seq.slice(1), 8) & 0xff) : interpretEscapes(seq).text;
      i += seq.length - 1;
      continue;
    }
    if (c !== '%') {
      res.out += c;
      continue;
    }
    const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXeEfFgGcsbq%])/.exec(fmt.slice(i));
    if (!m) {
      res.errors.push(`\`${fmt.slice(i, i + 2)}': invalid format character`);
      return true;
    }
    i += m[0].length - 1;
    const conv = m[4]!;
    if (conv === '%') {
      res.out += '%';
      continue;
    }
    const flags = m[1]!;
    let width = m[2] === '*' ? toInt(next() ?? '0', res) : m[2] ? Number(m[2]) : undefined;
    let left = flags.includes('-');
    if (width !== undefined && width < 0) {
      left = true;
      width = -width;
    }
    const precision = m[3] === undefined ? undefined : m[3] === '*' ? toInt(next() ?? '0', res) : Number(m[3] || '0');
    const arg = next();
    let body: string;
    switch (conv) {
      case 's':
        body = arg ?? '';
        if (precision !== undefined) body = body.slice(0, precision);
        break;
      case 'b': {
        const r = interpretEscapes((arg ?? '').replace(/\\0?([0-7]{1,3})/g, (_x, d: string) => String.fromCharCode(parseInt(d, 8) & 0xff)));
        body = r.text;
        if (precision !== undefined) body = body.slice(0, precision);
        if (r.stop) {
          res.out += pad(body, width, left, ' ');
          return true;
        }
        break;
      }
      case 'q':
        body = shellQuote(arg ?? '');
        break;
      case 'c':
        body = (arg ?? '').slice(0, 1);
        break;
      case 'd':
      case 'i':
      case 'o':
      case 'u':
      case 'x':
      case 'X':
        body = formatInt(conv, toBigInt(arg ?? '0', res), flags, precision);
        if (flags.includes('0') && !left && precision === undefined && width !== undefined) return padZeros(body, width, res, fmt, i, next);
        break;
      default:
        body = formatFloat(conv, toFloat(arg ?? '0', res), flags, precision);
        if (flags.includes('0') && !left && width !== undefined && Number.isFinite(toFloatQuiet(arg))) return padZeros(body, width, res, fmt, i, next);
    }
    res.out += pad(body, width, left, ' ');
  }
  return false;
}

/** Zero padding goes after the sign/prefix; then the rest of the format continues. */
function padZeros(body: string, width: number, res: Result, fmt: string, i: number, next: () => string | undefined): boolean {
  const m = /^([+ -]|0[xX])?(.*)$/s.exec(body)!;
  const prefix = m[1] ?? '';
  res.out += prefix + m[2]!.padStart(width - prefix.length, '0');
  return formatOnce(fmt.slice(i + 1), next, res);
}

function pad(s: string, width: number | undefined, left: boolean, fill: string): string {
  if (width === undefined || s.length >= width) return s;
  return left ? s.padEnd(width, ' ') : s.padStart(width, fill);
}

function toInt(s: string, res: Result): number {
  return Number(toBigInt(s, res));
}

/** Numbers as bash's printf reads them: decimal, 0x hex, 0 octal, 'c (character code). */
function toBigInt(s: string, res: Result): bigint {
  const t = s.trim();
  if (/^['"]/.test(t)) return BigInt(t.length > 1 ? t.codePointAt(1)! : 0);
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(t);
  if (!m) {
    res.errors.push(`${s}: invalid number`);
    return 0n;
  }
  const digits = m[2]!;
  let v = digits.startsWith('0x') || digits.startsWith('0X') ? BigInt(digits) : digits.length > 1 && digits.startsWith('0') ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
  if (m[1] === '-') v = -v;
  if (m[0].length !== t.length) res.errors.push(`${s}: invalid number`);
  return v;
}

function formatInt(conv: string, v: bigint, flags: string, precision: number | undefined): string {
  let digits: string;
  const neg = v < 0n && (conv === 'd' || conv === 'i');
  const mag = conv === 'd' || conv === 'i' ? (v < 0n ? -v : v) : BigInt.asUintN(64, v);
  if (conv === 'o') digits = mag.toString(8);
  else if (conv === 'x') digits = mag.toString(16);
  else if (conv === 'X') digits = mag.toString(16).toUpperCase();
  else digits = mag.toString();
  if (precision !== undefined) digits = precision === 0 && mag === 0n ? '' : digits.padStart(precision, '0');
  if (flags.includes('#')) {
    if (conv === 'o' && !digits.startsWith('0')) digits = '0' + digits;
    if ((conv === 'x' || conv === 'X') && mag !== 0n) digits = (conv === 'x' ? '0x' : '0X') + digits;
  }
  const sign = neg ? '-' : flags.includes('+') && (conv === 'd' || conv === 'i') ? '+' : flags.includes(' ') && (conv === 'd' || conv === 'i') ? ' ' : '';
  return sign + digits;
}

function toFloatQuiet(s: string | undefined): number {
  const n = Number((s ?? '0').trim());
  return Number.isNaN(n) ? 0 : n;
}

function toFloat(s: string, res: Result): number {
  const t = s.trim();
  if (/^['"]/.test(t)) return t.length > 1 ? t.codePointAt(1)! : 0;
  if (/^[+-]?(inf|infinity|nan)$/i.test(t)) return Number(t.replace(/inf(inity)?/i, 'Infinity').replace(/nan/i, 'NaN'));
  const m = /^[+-]?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(t);
  if (!m) {
    res.errors.push(`${s}: invalid number`);
    return 0;
  }
  if (m[0].length !== t.length) res.errors.push(`${s}: invalid number`);
  return Number(m[0]);
}

/** Rounds the exact decimal expansion of x to `p` places, ties to even (as glibc does). */
export function toFixedExact(x: number, p: number): string {
  const neg = x < 0 || Object.is(x, -0);
  const digits = Math.abs(x).toFixed(Math.min(100, p + 40));
  const [int, frac = ''] = digits.split('.');
  const keep = frac.slice(0, p);
  const rest = frac.slice(p);
  let n = BigInt(int! + keep);
  const half = rest[0] ?? '0';
  const tail = rest.slice(1).replace(/0+$/, '');
  if (half > '5' || (half === '5' && (tail !== '' || n % 2n === 1n))) n += 1n;
  let s = n.toString().padStart(p + 1, '0');
  if (p > 0) s = s.slice(0, -p) + '.' + s.slice(-p);
  return (neg ? '-' : '') + s;
}

function formatFloat(conv: string, x: number, flags: string, precision: number | undefined): string {
  const p = precision ?? 6;
  let s: string;
  if (!Number.isFinite(x)) s = Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  else if (conv === 'f' || conv === 'F') s = toFixedExact(x, p);
  else if (conv === 'e' || conv === 'E') s = expForm(x, p);
  else {
    // %g: the shorter of %e and %f with P significant digits, trailing zeros removed.
    const P = p === 0 ? 1 : p;
    const exp = x === 0 ? 0 : Math.floor(Math.log10(Math.abs(Number(x.toPrecision(P)))));
    s = exp < -4 || exp >= P ? expForm(x, P - 1) : toFixedExact(x, Math.max(0, P - 1 - exp));
    if (!flags.includes('#')) s = stripZeros(s);
  }
  if (conv === 'E' || conv === 'G' || conv === 'F') s = s.toUpperCase();
  if (!s.startsWith('-')) s = (flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
  return s;
}

/** %g drops trailing zeros of the fraction (and a bare point), in either form. */
function stripZeros(s: string): string {
  const [mant, exp] = s.split('e');
  if (!mant!.includes('.')) return s;
  const m = mant!.replace(/0+$/, '').replace(/\.$/, '');
  return exp === undefined ? m : `${m}e${exp}`;
}

function expForm(x: number, p: number): string {
  const s = x.toExponential(p);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}
