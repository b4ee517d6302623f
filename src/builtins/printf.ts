// printf: bash's, with its format reused while arguments remain, %b %q %(fmt)T, numbers
// as 64-bit integers or floats (a bad one prints what could be read and fails with 1), and
// -v VAR (an array element too) instead of output.
import { expandEscapes } from '../lib/escapes.js';
import { decodeBytes, encodeString } from '../lib/bytes.js';
import { backslashQuote, byteLocaleOf } from '../lib/quote.js';
import { formatFloat, formatInt, formatText, parseFloatArg, parseIntArg, type Spec } from '../lib/cformat.js';
import { setZoneReader, strftime } from '../lib/strftime.js';
import { VarError } from '../lib/vars.js';
import { type Builtin, type BuiltinContext, writeNow } from './types.js';

type Seg = { lit: string } | { spec: Spec; widthArg: boolean; precArg: boolean; time?: string } | { bad: string; missing: boolean } | { warn: string };

const formats = new Map<string, Seg[]>();

/** Parses a format into literal text (escapes done) and conversions; cached. */
function compile(fmt: string): Seg[] {
  let segs = formats.get(fmt);
  if (segs) return segs;
  segs = [];
  let lit = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c === '\\') {
      // One escape at a time, in printf's dialect.
      let j = i + 1;
      const e = fmt[j];
      if (e === undefined) {
        lit += '\\';
        continue;
      }
      if (e === 'x') {
        j++;
        while (j < fmt.length && j < i + 4 && /[0-9a-fA-F]/.test(fmt[j]!)) j++;
      } else if (e === 'u' || e === 'U') {
        j++;
        const max = e === 'u' ? 4 : 8;
        while (j < fmt.length && j < i + 2 + max && /[0-9a-fA-F]/.test(fmt[j]!)) j++;
      } else if (/[0-7]/.test(e)) {
        while (j < fmt.length && j < i + 4 && /[0-7]/.test(fmt[j]!)) j++;
      } else j++;
      const x = expandEscapes(fmt.slice(i, j), 'printf');
      lit += x.text;
      if (x.errors.length) {
        // ("missing hex digit for \x": a warning each time the format is used)
        segs.push({ lit }, ...x.errors.map((w) => ({ warn: w })));
        lit = '';
      }
      i = j - 1;
      continue;
    }
    if (c !== '%') {
      lit += c;
      continue;
    }
    if (fmt[i + 1] === '%') {
      lit += '%';
      i++;
      continue;
    }
    const m = /^%([-+ #0']*)(\*|\d+)?(?:\.(\*|\d*))?[hjlLtz]*(\([^)]*\))?([diouxXeEfFgGaAcsbqQTn]?)/.exec(fmt.slice(i));
    if (lit) segs.push({ lit });
    lit = '';
    if (!m || m[5] === '' || (m[4] !== undefined && m[5] !== 'T') || (m[5] === 'T' && m[4] === undefined)) {
      const next = fmt[i + (m ? m[0].length : 1)];
      segs.push(next === undefined ? { bad: m ? m[0] : '%', missing: true } : { bad: next, missing: false });
      formats.set(fmt, segs);
      return segs;
    }
    const spec: Spec = {
      flags: m[1]!.replace(/'/g, ''),
      width: m[2] === undefined || m[2] === '*' ? null : Number(m[2]),
      precision: m[3] === undefined ? null : m[3] === '*' ? null : Number(m[3] || '0'),
      conv: m[5]!,
    };
    const seg: Seg = { spec, widthArg: m[2] === '*', precArg: m[3] === '*' };
    if (m[5] === 'T') seg.time = m[4]!.slice(1, -1);
    segs.push(seg);
    i += m[0].length - 1;
  }
  if (lit) segs.push({ lit });
  if (formats.size > 500) formats.clear();
  formats.set(fmt, segs);
  return segs;
}

interface Run {
  out: string;
  /**
   * Messages, each with the length of `out` when it was made: bash's stdout is line-buffered,
   * so with `2>&1` a message lands after the last full line printed before it.
   */
  messages: Array<{ at: number; text: string; bare?: boolean }>;
  /** A message that fails the command (a bad number; not a clamped one). */
  failed: boolean;
  stop: boolean;
  /** Where this pass over the format began in `out` (for %n). */
  pass: number;
  /** A single-byte locale (env.bytes). */
  bytes?: boolean;
}

export function formatAll(fmt: string, args: string[], env: Env): Run {
  const segs = compile(fmt);
  const run: Run = { out: '', messages: [], failed: false, stop: false, pass: 0, bytes: env.bytes };
  let ai = 0;
  const next = (): string | undefined => (ai < args.length ? args[ai++] : undefined);
  for (;;) {
    const start = ai;
    run.pass = run.out.length;
    let conversions = 0;
    for (const seg of segs) {
      if ('lit' in seg) {
        run.out += seg.lit;
        continue;
      }
      if ('warn' in seg) {
        warn(run, seg.warn);
        continue;
      }
      if ('bad' in seg) {
        fail(run, seg.missing ? `\`${seg.bad}': missing format character` : `\`${seg.bad}': invalid format character`);
        run.stop = true;
        return run;
      }
      conversions++;
      const spec = { ...seg.spec };
      if (seg.widthArg) {
        const w = intArg(next(), run);
        if (w < 0n) {
          spec.flags += '-';
          spec.width = Number(-w);
        } else spec.width = Number(w);
      }
      if (seg.precArg) {
        const p = intArg(next(), run);
        spec.precision = p < 0n ? null : Number(p);
      }
      const arg = next();
      run.out += convert(spec, arg, seg.time, run, env);
      if (run.stop) return run;
    }
    if (conversions === 0 || ai === start || ai >= args.length) break;
  }
  return run;
}

type Env = {
  tz?: string;
  now(): number;
  started: number;
  /** %q and %Q under a single-byte locale: bytes past ASCII print as octal escapes. */
  bytes?: boolean;
  /** %n: store the count in the variable `name`; a message when that fails. */
  count?(name: string, n: number): { error: string; fails: boolean } | undefined;
};

/** `bare`: bash names no builtin (a readonly variable's message). */
function warn(run: Run, text: string, bare?: boolean): void {
  run.messages.push({ at: run.out.length, text, bare });
}

function fail(run: Run, text: string): void {
  run.messages.push({ at: run.out.length, text });
  run.failed = true;
}

function intArg(a: string | undefined, run: Run, unsigned = false): bigint {
  if (a === undefined || a === '') return 0n;
  // 'c under a single-byte locale: the first byte of the character.
  if (run.bytes && (a[0] === "'" || a[0] === '"') && a.length > 1 && a.charCodeAt(1) >= 0x80) return BigInt(encodeString(a.slice(1))[0]!);
  const r = parseIntArg(a, unsigned);
  if (r.error === 'Result too large') warn(run, `warning: ${a}: Numerical result out of range`);
  else if (r.error) fail(run, `${a}: ${r.error}`);
  return r.value;
}

function convert(spec: Spec, arg: string | undefined, time: string | undefined, run: Run, env: Env): string {
  switch (spec.conv) {
    case 'n': {
      // The bytes this pass over the format has printed so far, into the variable named.
      if (arg === undefined || !env.count) return '';
      const r = env.count(arg, Buffer.byteLength(run.out.slice(run.pass)));
      // A bad name ends printf there (a readonly one only gets its message).
      if (r?.fails) {
        fail(run, r.error);
        run.stop = true;
      } else if (r) warn(run, r.error, true);
      return '';
    }
    case 's':
      return formatText(arg ?? '', spec);
    case 'b': {
      const r = expandEscapes(arg ?? '', 'echo', true);
      if (r.stop) run.stop = true;
      for (const w of r.errors) warn(run, w);
      return formatText(r.text, spec);
    }
    case 'q':
      return formatText(backslashQuote(arg ?? '', env.bytes), spec);
    case 'Q': {
      // bash 5.2: the precision cuts the argument before it is quoted.
      const text = spec.precision === null ? (arg ?? '') : [...(arg ?? '')].slice(0, spec.precision).join('');
      return formatText(backslashQuote(text, env.bytes), { ...spec, precision: null });
    }
    case 'c':
      // bash prints the first byte (and a NUL for an empty argument).
      return formatText(arg === undefined ? '' : arg === '' ? '\0' : firstByte(arg), { ...spec, precision: null });
    case 'T': {
      let t: number;
      if (arg === undefined || arg === '' || arg === '-1') t = env.now();
      else if (arg === '-2') t = env.started;
      else t = Number(intArg(arg, run));
      return formatText(strftime(time === '' ? '%X' : time!, t, env.tz), { ...spec, precision: spec.precision });
    }
    case 'd':
    case 'i':
      return formatInt(intArg(arg, run), spec);
    case 'o':
    case 'u':
    case 'x':
    case 'X':
      return formatInt(intArg(arg, run, true), spec);
    default: {
      if (arg === undefined || arg === '') return formatFloat(0, spec);
      const r = parseFloatArg(arg);
      if (r.error === 'Result too large') warn(run, `warning: ${arg}: Numerical result out of range`);
      else if (r.error) fail(run, `${arg}: ${r.error}`);
      return formatFloat(r.value, spec);
    }
  }
}

const started = Math.floor(Date.now() / 1000);

function firstByte(s: string): string {
  const c = s.charCodeAt(0);
  if (c < 0x80 || (c >= 0xdc80 && c <= 0xdcff)) return s[0]!;
  const b = Buffer.from(String.fromCodePoint(s.codePointAt(0)!), 'utf8')[0]!;
  return String.fromCharCode(0xdc00 + b);
}

function run(ctx: BuiltinContext): number | Promise<number> {
  let args = ctx.args;
  let target: string | undefined;
  const err = (msg: string, status: number): number | Promise<number> => {
    const w = writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}printf: ${msg}\n`);
    return w ? w.then(() => status) : status;
  };
  while (args.length && args[0]!.startsWith('-') && args[0] !== '-' ) {
    if (args[0] === '--') {
      args = args.slice(1);
      break;
    }
    if (args[0] === '-v') {
      target = args[1];
      if (target === undefined) return err('-v: option requires an argument', 2);
      if (!/^[A-Za-z_][A-Za-z0-9_]*(\[.+\])?$/s.test(target)) return err(`\`${target}': not a valid identifier`, 2);
      args = args.slice(2);
      continue;
    }
    if (/^-v./.test(args[0]!)) {
      target = args[0]!.slice(2);
      args = args.slice(1);
      continue;
    }
    return err(`${args[0]}: invalid option`, 2);
  }
  if (args.length === 0) {
    // bash's usage line has no "line N:" prefix.
    const w = writeNow(ctx.stderr, 'printf: usage: printf [-v var] format [arguments]\n');
    return w ? w.then(() => 2) : 2;
  }
  const store = ctx.shell.vars;
  setZoneReader((p) => ctx.kernel.fs.readFile(p));
  const tzVar = store.raw('TZ');
  const count = (name: string, n: number): { error: string; fails: boolean } | undefined => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return { error: `\`${name}': not a valid identifier`, fails: true };
    try {
      store.assign(name, String(n));
    } catch (x) {
      // A readonly variable: bash says so and printf still succeeds.
      if (x instanceof VarError) return { error: x.message, fails: false };
      throw x;
    }
    return undefined;
  };
  const res = formatAll(args[0]!, args.slice(1), { tz: tzVar ? store.get('TZ') : process.env.TZ, now: () => Math.floor(Date.now() / 1000), started, count, bytes: byteLocaleOf((n) => store.get(n)) });
  const prefix = `${ctx.errorPrefix ?? ''}`;
  const errText = res.messages.map((m) => messageLine(prefix, m)).join('');
  const status = res.failed ? 1 : 0;
  if (target !== undefined) {
    // The variable holds the bytes printed: escaped bytes that form UTF-8 are that character.
    if (/[\udc80-\udcff]/.test(res.out)) res.out = decodeBytes(encodeString(res.out));
    // (bash names no builtin in a message about the variable)
    const refused = (x: unknown): number | Promise<number> => {
      if (!(x instanceof VarError)) throw x;
      const w = writeNow(ctx.stderr, `${errText}${prefix}${x.message}\n`);
      return w ? w.then(() => 1) : 1;
    };
    const done = (): number | Promise<number> => {
      const e = errText ? writeNow(ctx.stderr, errText) : undefined;
      return e ? e.then(() => status) : status;
    };
    let set: void | Promise<void> = undefined;
    try {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)\[(.+)\]$/s.exec(target);
      if (m) set = ctx.shell.setElement(m[1]!, m[2]!, res.out);
      else store.assign(target, res.out);
    } catch (x) {
      return refused(x);
    }
    return set instanceof Promise ? set.then(done, refused) : done();
  }
  const w = res.messages.length ? interleaved(ctx, res) : writeNow(ctx.stdout, res.out);
  return w ? w.then(() => status) : status;
}

function messageLine(prefix: string, m: { text: string; bare?: boolean }): string {
  return `${prefix}${m.bare ? '' : 'printf: '}${m.text}\n`;
}

/** The output with each message written where it was made (see Run.messages). */
async function interleaved(ctx: BuiltinContext, res: Run): Promise<void> {
  const prefix = `${ctx.errorPrefix ?? ''}`;
  let from = 0;
  for (const m of res.messages) {
    const line = res.out.lastIndexOf('\n', m.at - 1) + 1;
    if (line > from) await writeNow(ctx.stdout, res.out.slice(from, line));
    from = Math.max(from, line);
    await writeNow(ctx.stderr, messageLine(prefix, m));
  }
  if (from < res.out.length) await writeNow(ctx.stdout, res.out.slice(from));
}

export const printfBuiltin: Builtin = {
  name: 'printf',
  synopsis: 'printf [-v VAR] FORMAT [ARGS...]',
  description:
    'Format and print ARGS under control of FORMAT (%s %b %q %Q %c %d %i %u %o %x %X %e %f %g %a %%, with flags, width and precision, * included; %(FMT)T formats a time, TZ applies). The format is reused while arguments remain. -v VAR (or VAR[i]) assigns the result instead of printing it. A bad number prints 0 and gives status 1.',
  flags: [{ flag: '-v VAR', description: 'store the output in the shell variable VAR' }],
  examples: [
    { command: "printf '%s=%03d\\n' a 7 b 42", description: 'format reused for extra arguments', output: 'a=007\nb=042\n' },
    { command: "printf -v x '%.2f' 3.14159; echo $x", description: 'assign to a variable', output: '3.14\n' },
    { command: "TZ=UTC printf '%(%Y-%m-%d)T\\n' 86400", description: 'format a time', output: '1970-01-02\n' },
  ],
  run,
};
