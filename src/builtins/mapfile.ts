// mapfile / readarray: lines of stdin (or -u FD) into an indexed array.
import { A, IndexedArray, isName } from '../lib/vars.js';
import { decodeBytes } from '../lib/bytes.js';
import { type Builtin, type BuiltinContext, type InputStream, writeNow } from './types.js';

const USAGE = 'mapfile [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] [-C callback] [-c quantum] [array]';

interface Opts {
  delim: string;
  count: number;
  origin: number | null;
  skip: number;
  trim: boolean;
  fd: number | null;
  callback: string | null;
  quantum: number;
  name: string;
}

function error(ctx: BuiltinContext, msg: string, status: number): number | Promise<number> {
  const w = writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}${ctx.name}: ${msg}\n`);
  return w ? w.then(() => status) : status;
}

function parse(ctx: BuiltinContext): Opts | { error: string; status: number } {
  const o: Opts = { delim: '\n', count: 0, origin: null, skip: 0, trim: false, fd: null, callback: null, quantum: 5000, name: 'MAPFILE' };
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
      if (f === 't') {
        o.trim = true;
        continue;
      }
      if (!'dnOsuCc'.includes(f)) return { error: `-${f}: invalid option`, status: 2 };
      let val: string | undefined = a.slice(k + 1);
      if (val === '') val = args[++i];
      if (val === undefined) return { error: `-${f}: option requires an argument`, status: 2 };
      k = a.length;
      const num = (what: string): number | { error: string; status: number } => (/^[0-9]+$/.test(val!) ? Number(val) : { error: `${val}: invalid ${what}`, status: 1 });
      switch (f) {
        case 'd': o.delim = val === '' ? '' : String.fromCodePoint(val.codePointAt(0)!); break;
        case 'C': o.callback = val; break;
        case 'n': { const n = num('line count'); if (typeof n !== 'number') return n; o.count = n; break; }
        case 'O': { const n = num('array origin'); if (typeof n !== 'number') return n; o.origin = n; break; }
        case 's': { const n = num('line count'); if (typeof n !== 'number') return n; o.skip = n; break; }
        case 'u': { const n = num('file descriptor specification'); if (typeof n !== 'number') return n; o.fd = n; break; }
        case 'c': {
          const n = num('callback quantum');
          if (typeof n !== 'number' || n === 0) return { error: `${val}: invalid callback quantum`, status: 1 };
          o.quantum = n;
          break;
        }
      }
    }
  }
  const rest = args.slice(i);
  if (rest.length) o.name = rest[0]!;
  return o;
}

async function run(ctx: BuiltinContext): Promise<number> {
  const o = parse(ctx);
  if ('error' in o) return error(ctx, o.error, o.status);
  if (o.name === '') return error(ctx, 'empty array variable name', 2);
  if (!isName(o.name)) return error(ctx, `\`${o.name}': not a valid identifier`, 1);
  const store = ctx.shell.vars;
  const v = store.lookup(o.name);
  if (v && v.attrs & A.readonly) {
    await writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}${o.name}: readonly variable\n`);
    return 1;
  }
  if (v && (v.assoc || v.attrs & A.assoc)) {
    await writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}mapfile: ${o.name}: not an indexed array\n`);
    return 1;
  }
  let input: InputStream = ctx.stdin;
  if (o.fd !== null) {
    if (!('fd' in ctx.shell.resolvePath(`/dev/fd/${o.fd}`))) return error(ctx, `${o.fd}: invalid file descriptor: Bad file descriptor`, 1);
    input = ctx.shell.inputFor(o.fd);
  }
  const delim = o.delim === '' ? '\0' : o.delim;
  // Lines one read at a time when a count limits them (the rest stays for the next reader).
  const lines: string[] = [];
  const want = o.count > 0 ? o.skip + o.count : Infinity;
  if (want === Infinity) {
    const text = decodeBytes(await input.readAll());
    let start = 0;
    while (start < text.length) {
      const at = text.indexOf(delim, start);
      if (at < 0) {
        lines.push(text.slice(start));
        break;
      }
      // A NUL delimiter is never kept: bash's strings cannot hold it.
      lines.push(text.slice(start, o.trim || delim === '\0' ? at : at + 1));
      start = at + 1;
    }
  } else {
    while (lines.length < want) {
      const spec = { delim: o.delim, count: -1, backslash: false, keepNul: true };
      const r = input.readSync(spec) ?? (await input.read(spec, ctx.signal));
      if (r.eof && r.text === '') break;
      lines.push(r.eof || o.trim || delim === '\0' ? r.text : r.text + delim);
      if (r.eof) break;
    }
  }
  const taken = lines.slice(o.skip, o.count > 0 ? o.skip + o.count : undefined);
  const arr = o.origin === null ? new IndexedArray() : (store.indexed(o.name)?.clone() ?? new IndexedArray());
  let index = o.origin ?? 0;
  for (let line of taken) {
    // A NUL inside a line ends it (bash's strings cannot hold one).
    const nul = line.indexOf('\0');
    if (nul >= 0) line = line.slice(0, nul);
    if (o.callback !== null && (index - (o.origin ?? 0) + 1) % o.quantum === 0) {
      await ctx.shell.eval(`${o.callback} ${index} ${quoteArg(line)}`, 'mapfile');
    }
    arr.set(index++, line);
  }
  store.setArray(o.name, arr);
  return 0;
}

function quoteArg(s: string): string {
  return "'" + s.replace(/'/g, "'\\''") + "'";
}

const description =
  'Read lines from standard input (or -u FD) into the indexed array ARRAY (default MAPFILE), one element per line, keeping the newline unless -t. -d DELIM splits at DELIM instead (\'\' for NUL), -n N takes at most N lines, -s N skips the first N, -O N starts at index N (keeping the other elements), -C CMD -c Q runs CMD INDEX LINE every Q lines.';

export const mapfileBuiltin: Builtin = {
  name: 'mapfile',
  synopsis: USAGE,
  description,
  special: true,
  flags: [
    { flag: '-t', description: 'remove the trailing delimiter' },
    { flag: '-d DELIM', description: "split at DELIM ('' for NUL)" },
    { flag: '-n N / -s N / -O N', description: 'count, skip, origin' },
  ],
  examples: [
    { command: "printf 'a\\nb\\n' | { mapfile -t l; echo ${#l[@]} ${l[1]}; }", description: 'lines into an array', output: '2 b\n' },
    { command: "mapfile -t -d , f <<< 'x,y'; declare -p f", description: 'another delimiter', output: 'declare -a f=([0]="x" [1]=$\'y\\n\')\n' },
  ],
  run,
};

export const readarrayBuiltin: Builtin = {
  ...mapfileBuiltin,
  name: 'readarray',
  synopsis: USAGE.replace('mapfile', 'readarray'),
  description: 'Same as mapfile.',
  examples: [{ command: "readarray -t r <<< 'one'; echo ${r[0]}", description: 'a here-string', output: 'one\n' }],
};
