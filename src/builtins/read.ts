// read: one line (or -d delimited record, or -n/-N characters) from stdin or -u FD, split on
// IFS into names (or an -a array, or REPLY unsplit), with bash's statuses: 1 at end of input,
// 128+14 on a -t timeout, 2 for usage errors.
import { A, IndexedArray, isName, VarError } from '../lib/vars.js';
import { splitAll, splitRead, unescapeRead } from '../lib/read-split.js';
import { byteLocaleOf } from '../lib/quote.js';
import { type Builtin, type BuiltinContext, type InputStream, type ReadSpec, writeNow } from './types.js';

const USAGE = 'read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]';

interface Opts {
  raw: boolean;
  /** -s: the terminal does not echo what is typed (passwords). */
  silent?: boolean;
  array?: string;
  delim: string;
  count: number;
  exact: boolean;
  prompt?: string;
  timeout?: number;
  fd?: number;
  names: string[];
}

function usageError(ctx: BuiltinContext, msg: string, status = 2): number | Promise<number> {
  const w = writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}read: ${msg}\n`);
  return w ? w.then(() => status) : status;
}

function parse(ctx: BuiltinContext): Opts | { error: string; status: number } {
  const o: Opts = { raw: false, delim: '\n', count: -1, exact: false, names: [] };
  const args = ctx.args;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a.length < 2) break;
    for (let k = 1; k < a.length; k++) {
      const f = a[k]!;
      if ('rsei'.includes(f)) {
        if (f === 'r') o.raw = true;
        if (f === 's') o.silent = true;
        if (f === 'i') {
          // -i TEXT only matters with readline (-e); take its argument.
          if (k + 1 < a.length) k = a.length;
          else i++;
        }
        continue;
      }
      if (!'adnNptu'.includes(f)) return { error: `-${f}: invalid option`, status: 2 };
      let val: string | undefined = a.slice(k + 1);
      if (val === '') val = args[++i];
      if (val === undefined) return { error: `-${f}: option requires an argument`, status: 2 };
      k = a.length;
      switch (f) {
        case 'a': o.array = val; break;
        case 'd': o.delim = val === '' ? '' : String.fromCodePoint(val.codePointAt(0)!); break;
        case 'p': o.prompt = val; break;
        case 'n':
        case 'N': {
          if (!/^[0-9]+$/.test(val)) return { error: `${val}: invalid number`, status: 1 };
          o.count = Number(val);
          o.exact = f === 'N';
          break;
        }
        case 't': {
          if (!/^[0-9]*\.?[0-9]*$/.test(val) || val === '' || val === '.') return { error: `${val}: invalid timeout specification`, status: 1 };
          o.timeout = Number(val);
          break;
        }
        case 'u': {
          if (!/^[0-9]+$/.test(val)) return { error: `${val}: invalid file descriptor specification`, status: 1 };
          o.fd = Number(val);
          break;
        }
      }
    }
  }
  o.names = args.slice(i);
  return o;
}

export const readBuiltin: Builtin = {
  name: 'read',
  synopsis: USAGE,
  description:
    'Read one line from standard input (or -u FD) and split it on IFS into the NAMEs: the last takes the rest; with no names the whole line goes to REPLY unsplit. -a ARRAY stores every field. -d DELIM ends at DELIM instead of newline (-d \'\' at a NUL byte), -n N after at most N characters, -N N after exactly N (no splitting), -t SECS gives up (status > 128; -t 0 only tests for input). Without -r a backslash escapes the next character. Status 1 at end of input.',
  special: true,
  flags: [
    { flag: '-r', description: 'raw: backslashes are not escapes' },
    { flag: '-a ARRAY', description: 'store the fields in ARRAY' },
    { flag: '-d DELIM', description: "stop at DELIM ('' for NUL)" },
    { flag: '-n N / -N N', description: 'at most / exactly N characters' },
    { flag: '-t SECS', description: 'time out (status 142)' },
    { flag: '-u FD', description: 'read from file descriptor FD' },
    { flag: '-p PROMPT', description: 'print PROMPT on stderr first (when input is a terminal)' },
  ],
  examples: [
    { command: "echo 'a b c' | { read x y; echo \"$y\"; }", description: 'split a line', output: 'b c\n' },
    { command: "printf 'a\\0b\\0' | { read -r -d '' x; echo $x; }", description: 'NUL-delimited records', output: 'a\n' },
    { command: "IFS=, read -ra f <<< 'x,y,z'; echo ${#f[@]} ${f[2]}", description: 'fields into an array', output: '3 z\n' },
  ],
  run(ctx) {
    const o = parse(ctx);
    if ('error' in o) return usageError(ctx, o.error, o.status);
    // Without -t, a positive TMOUT is the timeout (bash).
    const tmout = o.timeout === undefined ? ctx.shell.getVar('TMOUT') : undefined;
    if (tmout && /^[0-9]*\.?[0-9]+$/.test(tmout) && Number(tmout) > 0) o.timeout = Number(tmout);
    // A name may be an array element (`read 'a[1]'`), as bash allows. Only the first is
    // checked before reading; a bad later one fails when its turn comes (setAll).
    const first = o.names[0];
    if (first !== undefined && !validName(first)) return usageError(ctx, `\`${first}': not a valid identifier`, 1);
    if (o.array !== undefined && !isName(o.array)) return usageError(ctx, `\`${o.array}': not a valid identifier`, 1);
    let input: InputStream = ctx.stdin;
    if (o.fd !== undefined) {
      const r = ctx.shell.resolvePath(`/dev/fd/${o.fd}`);
      if (!('fd' in r)) return usageError(ctx, `${o.fd}: invalid file descriptor: Bad file descriptor`, 1);
      input = ctx.shell.inputFor(o.fd);
    }
    // `read -t 0`: is input waiting? A writer of this shell (`echo x | { read -t 0; }`) gets
    // one turn first, as a forked one in bash has usually written by then.
    if (o.timeout === 0) return new Promise<number>((r) => setImmediate(() => r(input.ready?.() ? 0 : 1)));
    const spec: ReadSpec = { delim: o.delim, count: o.count, backslash: !o.raw, ignoreDelim: o.exact };
    if (o.count > 0 && byteLocaleOf((n) => ctx.shell.vars.get(n))) spec.bytes = true;
    if (o.count === 0) return assign(ctx, o, '', false);
    if (o.silent && input.isTTY && o.fd === undefined) return silently(ctx, o, input, spec);
    if (o.prompt !== undefined && input.isTTY) {
      const w = writeNow(ctx.stderr, o.prompt);
      if (w) return w.then(() => readAndAssign(ctx, o, input, spec));
    }
    const now = input.readSync(spec);
    if (now) return assign(ctx, o, now.text, now.eof);
    return readAndAssign(ctx, o, input, spec);
  },
};

/**
 * read -s on a terminal: echo off (stty, run as a command on the same standard input: the
 * shell holds no terminal modes of its own) around the prompt and the read, back on after,
 * also when the read is interrupted.
 */
async function silently(ctx: BuiltinContext, o: Opts, input: InputStream, spec: ReadSpec): Promise<number> {
  await ctx.shell.runCommand(['stty', '-echo'], { skipFunctions: true });
  try {
    if (o.prompt !== undefined) await writeNow(ctx.stderr, o.prompt);
    return await readAndAssign(ctx, o, input, spec);
  } finally {
    await ctx.shell.runCommand(['stty', 'echo'], { skipFunctions: true });
  }
}

async function readAndAssign(ctx: BuiltinContext, o: Opts, input: InputStream, spec: ReadSpec): Promise<number> {
  let r: Awaited<ReturnType<InputStream['read']>>;
  try {
    r = await input.read(spec, ctx.signal, o.timeout === undefined ? undefined : o.timeout * 1000);
  } catch (e) {
    if ((e as { code?: string }).code !== 'EBADF') throw e;
    return usageError(ctx, `read error: ${o.fd ?? 0}: Bad file descriptor`, 1);
  }
  // Ctrl-C (or a signal to the task) ended the read: 128+N as in bash, nothing assigned.
  if (ctx.signal?.aborted) return 128 + (Number(ctx.signal.reason) || 2);
  if (r.timedOut) {
    const s = assign(ctx, o, r.text, false);
    const status = s instanceof Promise ? await s : s;
    return status === 0 ? 142 : status;
  }
  const s = assign(ctx, o, r.text, r.eof);
  return s instanceof Promise ? s : s;
}

const ELEMENT = /^([A-Za-z_][A-Za-z0-9_]*)\[(.+)\]$/s;

/** A variable or an array element `name[sub]` (the subscript expanded: a key, or arithmetic). */
function validName(n: string): boolean {
  return isName(n) || ELEMENT.test(n);
}

function setName(ctx: BuiltinContext, name: string, value: string): void | Promise<void> {
  if (!validName(name)) throw new VarError(`read: \`${name}': not a valid identifier`);
  const m = ELEMENT.exec(name);
  if (!m) return ctx.shell.vars.assign(name, value);
  return ctx.shell.setElement(m[1]!, m[2]!, value);
}

/** The names in order (an element's subscript may need a command run to expand). */
function setAll(ctx: BuiltinContext, pairs: Array<[string, string]>, k = 0): void | Promise<void> {
  for (; k < pairs.length; k++) {
    const r = setName(ctx, pairs[k]![0], pairs[k]![1]);
    if (r instanceof Promise) {
      const next = k + 1;
      return r.then(() => setAll(ctx, pairs, next));
    }
  }
}

/** Stores what was read; status 1 when input ended before a delimiter (the data is still stored). */
function assign(ctx: BuiltinContext, o: Opts, text: string, eof: boolean): number | Promise<number> {
  const store = ctx.shell.vars;
  const ifs = store.get('IFS') ?? ' \t\n';
  const failed = (e: unknown): number | Promise<number> => {
    if (e instanceof VarError) {
      // bash names the variable, not the builtin, here.
      const w = writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}${e.message}\n`);
      return w ? w.then(() => 1) : 1;
    }
    throw e;
  };
  let pending: void | Promise<void> = undefined;
  try {
    if (o.array !== undefined) {
      const v = store.lookup(o.array);
      if (v && v.attrs & A.readonly) throw new VarError(`${o.array}: readonly variable`, 'readonly');
      if (v && (v.assoc || v.attrs & A.assoc)) throw new VarError(`read: ${o.array}: not an indexed array`);
      store.setArray(o.array, IndexedArray.from(o.exact ? [unescapeRead(text, !o.raw)] : splitAll(text, ifs, !o.raw)));
    } else if (o.names.length === 0) {
      store.assign('REPLY', unescapeRead(text, !o.raw));
    } else if (o.exact) {
      pending = setAll(ctx, o.names.map((n, k) => [n, k === 0 ? unescapeRead(text, !o.raw) : '']));
    } else {
      const fields = splitRead(text, ifs, o.names.length, !o.raw);
      pending = setAll(ctx, o.names.map((n, k) => [n, fields[k] ?? '']));
    }
  } catch (e) {
    return failed(e);
  }
  if (pending instanceof Promise) return pending.then(() => (eof ? 1 : 0), failed);
  return eof ? 1 : 0;
}
