// hash: the table of command paths the shell remembers (each PATH search result, with hits).
import { resolve } from 'node:path';
import { isDir } from '../kernel/fs-view.js';
import { type Builtin, hashedShown, writeNow } from './types.js';
import { bucketOrder } from '../lib/bash-hash.js';
import { quoteForSet } from '../lib/quote.js';

export const hashBuiltin: Builtin = {
  name: 'hash',
  synopsis: 'hash [-lr] [-p PATH] [-dt] [NAME...]',
  description:
    'Remember (or show) where commands are found. With no arguments list the table (hits and paths); NAME looks NAME up in PATH now; -p PATH NAME sets it; -d forgets NAMEs; -r forgets them all; -t prints the remembered paths; -l lists in a reusable form. Assigning PATH empties the table.',
  special: true,
  flags: [
    { flag: '-r', description: 'forget every remembered path' },
    { flag: '-d NAME', description: 'forget NAME' },
    { flag: '-t NAME', description: 'print the path remembered for NAME' },
    { flag: '-p PATH NAME', description: 'remember PATH for NAME' },
    { flag: '-l', description: 'list as hash -p commands' },
  ],
  examples: [{ command: 'hash -r; hash ls; hash -t ls >/dev/null && echo hashed', description: 'remember a path', output: 'hashed\n' }],
  run(ctx) {
    const sh = ctx.shell;
    const table = sh.hashed;
    const prefix = ctx.errorPrefix ?? '';
    let args = ctx.args;
    const f = new Set<string>();
    let pathArg: string | undefined;
    while (args.length && args[0]!.startsWith('-') && args[0] !== '-') {
      const a = args[0]!;
      args = args.slice(1);
      if (a === '--') break;
      for (let k = 1; k < a.length; k++) {
        const c = a[k]!;
        if (!'lrpdt'.includes(c)) {
          const w = writeNow(ctx.stderr, `${prefix}hash: -${c}: invalid option\n`);
          return w ? w.then(() => 2) : 2;
        }
        if (c === 'p') {
          pathArg = a.slice(k + 1) || args.shift();
          if (pathArg === undefined) {
            const w = writeNow(ctx.stderr, `${prefix}hash: -p: option requires an argument\n`);
            return w ? w.then(() => 2) : 2;
          }
          k = a.length;
        }
        f.add(c);
      }
    }
    // set +h: bash's hash refuses to do anything.
    if (sh.getOption('hashall') === false) {
      const w = writeNow(ctx.stderr, `${prefix}hash: hashing disabled\n`);
      return w ? w.then(() => 1) : 1;
    }
    let out = '';
    let errors = '';
    let status = 0;
    // -d and -t need a name (bash checks before anything else happens).
    if (args.length === 0 && (f.has('d') || f.has('t'))) {
      const w = writeNow(ctx.stderr, `${prefix}hash: -${f.has('d') ? 'd' : 't'}: option requires an argument\n`);
      return w ? w.then(() => 1) : 1;
    }
    if (f.has('r')) table.clear();
    // -t comes before -p and -d (`hash -dt ls` prints and keeps it); with -l, as hash -p lines.
    if (f.has('t')) {
      for (const n of args) {
        const e = table.get(n);
        if (!e) {
          errors += `${prefix}hash: ${n}: not found\n`;
          status = 1;
          continue;
        }
        e.hits++; // bash counts a -t look as a hit
        if (f.has('l')) out += `builtin hash -p ${quoteForSet(e.path)} ${quoteForSet(n)}\n`;
        else out += args.length > 1 ? `${n}\t${hashedShown(e.path)}\n` : `${hashedShown(e.path)}\n`;
      }
      args = [];
    }
    if (pathArg !== undefined && args.length) {
      // A name with a slash is skipped; a directory is no command to remember.
      const st = ctx.kernel.fs.stat(resolve(sh.cwd, pathArg));
      if (st && isDir(st)) {
        const w = writeNow(ctx.stderr, `${prefix}hash: ${pathArg}: Is a directory\n`);
        return w ? w.then(() => 1) : 1;
      }
      for (const n of args) if (!n.includes('/')) table.set(n, { path: pathArg, hits: 0 });
      return 0;
    }
    if (args.length === 0 && !f.has('t')) {
      if (f.has('r')) return 0;
      // (`hash -p PATH` with no name lists the table, as plain `hash` does.)
      if (table.size === 0) out = f.has('l') || sh.getOption('posix') ? '' : 'hash: hash table empty\n';
      else {
        // In bash's order: its table of 256 buckets (see bash-hash.ts).
        const names = bucketOrder([...table.keys()], 256);
        if (f.has('l')) for (const n of names) out += `builtin hash -p ${quoteForSet(table.get(n)!.path)} ${quoteForSet(n)}\n`;
        else {
          out = 'hits\tcommand\n';
          for (const n of names) out += `${String(table.get(n)!.hits).padStart(4)}\t${table.get(n)!.path}\n`;
        }
      }
    }
    for (const n of args) {
      if (f.has('d')) {
        table.delete(n); // a name that was not remembered is no error (bash)
        continue;
      }
      if (n.includes('/')) continue;
      // Functions and builtins are no files to remember (bash says nothing).
      if (sh.functionSource(n) !== undefined || sh.hasBuiltin(n)) continue;
      const p = sh.pathLookup(n, false)[0];
      if (p === undefined) {
        errors += `${prefix}hash: ${n}: not found\n`;
        status = 1;
      } else table.set(n, { path: p, hits: 0 });
    }
    const o = out ? writeNow(ctx.stdout, out) : undefined;
    const e = errors ? writeNow(ctx.stderr, errors) : undefined;
    if (o || e) return Promise.all([o, e]).then(() => status);
    return status;
  },
};
