// enable: turn builtins off and on (`enable -n echo` makes `echo` run /bin/echo), or list them.
import { resolve } from 'node:path';
import { listBuiltins } from './index.js';
import { type Builtin, writeNow } from './types.js';

/** POSIX's special builtins, for `enable -s`. */
const SPECIAL = new Set(['break', ':', '.', 'continue', 'eval', 'exec', 'exit', 'export', 'readonly', 'return', 'set', 'shift', 'source', 'times', 'trap', 'unset']);

export const enableBuiltin: Builtin = {
  name: 'enable',
  synopsis: 'enable [-a] [-nps] [NAME...]',
  description:
    'Enable and disable shell builtins. -n NAME disables NAME (a command of that name is then looked up in PATH); NAME alone enables it again. With no NAME, list the enabled builtins (-n: the disabled ones; -a: all, each with its state; -s: POSIX special builtins only). Loading builtins from shared objects (-f, -d) is not supported.',
  flags: [
    { flag: '-n', description: 'disable the NAMEs (or list the disabled builtins)' },
    { flag: '-a', description: 'list every builtin and whether it is enabled' },
    { flag: '-p', description: 'list in a reusable form (the default)' },
    { flag: '-s', description: 'only POSIX special builtins' },
  ],
  examples: [{ command: 'enable -n echo; type -t echo; enable echo; type -t echo', description: 'echo as a file, then a builtin again', output: 'file\nbuiltin\n' }],
  run(ctx) {
    const disabled = ctx.shell.disabledBuiltins;
    const prefix = ctx.errorPrefix ?? '';
    let args = ctx.args;
    const f = new Set<string>();
    let file: string | undefined;
    while (args.length && args[0]!.startsWith('-') && args[0] !== '-') {
      const a = args[0]!;
      args = args.slice(1);
      if (a === '--') break;
      for (let k = 1; k < a.length; k++) {
        const c = a[k]!;
        if (c === 'f') {
          file = a.slice(k + 1) || args.shift();
          if (file === undefined) {
            const w = writeNow(ctx.stderr, `${prefix}enable: -f: option requires an argument\n`);
            return w ? w.then(() => 2) : 2;
          }
          k = a.length;
        }
        if (!'anpsfd'.includes(c)) {
          const w = writeNow(ctx.stderr, `${prefix}enable: -${c}: invalid option\nenable: usage: enable [-a] [-dnps] [-f filename] [name ...]\n`);
          return w ? w.then(() => 2) : 2;
        }
        f.add(c);
      }
    }
    // With -p (or no NAME) enable lists, whatever the NAMEs.
    if (args.length === 0 || f.has('p')) {
      let out = '';
      const names = listBuiltins().map((b) => b.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const n of names) {
        if (f.has('s') && !SPECIAL.has(n)) continue;
        const off = disabled.has(n);
        if (!f.has('a') && off !== f.has('n')) continue;
        out += off ? `enable -n ${n}\n` : `enable ${n}\n`;
      }
      const w = writeNow(ctx.stdout, out);
      return w ? w.then(() => 0) : 0;
    }
    let errors = '';
    const known = new Set(listBuiltins().map((b) => b.name));
    if (file !== undefined) {
      // No shared object is loaded; one that is not there gets dlopen's words, as in bash.
      const there = file.includes('/') && ctx.kernel.fs.stat(resolve(ctx.shell.cwd, file)) !== null;
      const msg = there ? '-f: loading builtins is not supported' : `cannot open shared object ${file}: ${file}: cannot open shared object file: No such file or directory`;
      const w = writeNow(ctx.stderr, `${prefix}enable: ${msg}\n`);
      return w ? w.then(() => 1) : 1;
    }
    if (f.has('d')) {
      // Every builtin here is built in: none was loaded to unload.
      for (const n of args) errors += `${prefix}enable: ${n}: ${known.has(n) ? 'not dynamically loaded' : 'not a shell builtin'}\n`;
      const w = writeNow(ctx.stderr, errors);
      return w ? w.then(() => 1) : 1;
    }
    for (const n of args) {
      if (!known.has(n)) errors += `${prefix}enable: ${n}: not a shell builtin\n`;
      else if (f.has('n')) disabled.add(n);
      else disabled.delete(n);
    }
    if (!errors) return 0;
    const w = writeNow(ctx.stderr, errors);
    return w ? w.then(() => 1) : 1;
  },
};
