// set: shell options (letters and -o names) and the positional parameters; with no
// arguments, every variable in a form the shell can read back (and the functions).
import { setValue } from './declare-core.js';
import { type Builtin, type BuiltinContext, writeNow } from './types.js';

/** Letter -> `set -o` name, as bash has them. */
const LETTERS: Record<string, string> = {
  a: 'allexport', b: 'notify', e: 'errexit', f: 'noglob', h: 'hashall', k: 'keyword', m: 'monitor', n: 'noexec', p: 'privileged',
  t: 'onecmd', u: 'nounset', v: 'verbose', x: 'xtrace', B: 'braceexpand', C: 'noclobber', E: 'errtrace', H: 'histexpand', P: 'physical', T: 'functrace',
};

const USAGE = 'set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]';

function out(ctx: BuiltinContext, text: string, status = 0): number | Promise<number> {
  const w = writeNow(ctx.stdout, text);
  return w ? w.then(() => status) : status;
}

function err(ctx: BuiltinContext, msg: string, status: number): number | Promise<number> {
  const w = writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}set: ${msg}\n`);
  return w ? w.then(() => status) : status;
}

/** `set -o` and `set +o` listings. */
export function optionListing(options: Record<string, boolean>, reusable: boolean): string {
  return Object.keys(options)
    .sort()
    .map((k) => (reusable ? `set ${options[k] ? '-o' : '+o'} ${k}\n` : `${k.padEnd(15)}\t${options[k] ? 'on' : 'off'}\n`))
    .join('');
}

export const setBuiltin: Builtin = {
  name: 'set',
  synopsis: USAGE,
  description:
    'Set shell options and positional parameters. -e exit on error, -u error on unset variables, -x trace commands, -f no globbing, -C no clobbering, -a export every assignment, -o NAME by name (pipefail, posix ...); + turns an option off. "set --" replaces $1, $2...; "set -" also turns -x and -v off. With no arguments, list variables and functions as the shell can read them back; -o/+o list the options.',
  special: true,
  flags: [
    { flag: '-e', description: 'exit when a command fails (errexit)' },
    { flag: '-u', description: 'treat unset variables as an error (nounset)' },
    { flag: '-x', description: 'print commands before running them (xtrace)' },
    { flag: '-o pipefail', description: 'a pipeline fails when any stage fails' },
    { flag: '--', description: 'set the positional parameters to the remaining arguments' },
  ],
  examples: [
    { command: 'set -- a b c; echo $# $2', description: 'positional parameters', output: '3 b\n' },
    { command: 'set -o pipefail; false | true; echo $?', description: 'pipefail', output: '1\n' },
    { command: 'set -o | grep -w noglob', description: 'the option listing', output: 'noglob         \toff\n' },
  ],
  run(ctx) {
    const args = ctx.args;
    const sh = ctx.shell;
    if (args.length === 0) {
      const store = sh.vars;
      let text = '';
      for (const name of store.names()) {
        const v = store.raw(name)!;
        if (v.unlisted || v.invisible) continue;
        const value = v.listedEmpty ? '()' : setValue(store, name, v);
        if (value !== null) text += `${name}=${value}\n`;
      }
      // In posix mode `set` lists the variables only.
      if (sh.getOption('posix') !== true) for (const name of sh.functionNames()) text += sh.functionSource(name)! + '\n';
      return out(ctx, text);
    }
    // `-o` with no option name after it (the end, or a word starting with - or +) lists the
    // options there and set goes on with the rest (`set -o -B`), as bash does.
    let listed = '';
    const done = (then: () => number | Promise<number>): number | Promise<number> => {
      if (!listed) return then();
      const w = writeNow(ctx.stdout, listed);
      return w ? w.then(then) : then();
    };
    const takesName = (w: string | undefined): w is string => w !== undefined && w[0] !== '-' && w[0] !== '+';
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--') {
        sh.setPositional(args.slice(i + 1));
        return done(() => 0);
      }
      if (a === '-') {
        sh.setOption('xtrace', false);
        sh.setOption('verbose', false);
        if (i + 1 < args.length) sh.setPositional(args.slice(i + 1));
        return done(() => 0);
      }
      if (a === '-o' || a === '+o') {
        const name = args[i + 1];
        if (!takesName(name)) {
          listed += optionListing(sh.options(), a === '+o');
          continue;
        }
        i++;
        if (!sh.setOption(name, a === '-o')) return done(() => err(ctx, `${name}: invalid option name`, 2));
        continue;
      }
      if ((a[0] === '-' || a[0] === '+') && a.length > 1) {
        const on = a[0] === '-';
        for (const letter of a.slice(1)) {
          if (letter === 'o') {
            if (!takesName(args[i + 1])) {
              listed += optionListing(sh.options(), !on);
              continue;
            }
            const optName = args[++i]!;
            if (!sh.setOption(optName, on)) return done(() => err(ctx, `${optName}: invalid option name`, 2));
            continue;
          }
          const name = LETTERS[letter];
          if (!name) return done(() => err(ctx, `${a[0]}${letter}: invalid option`, 2));
          sh.setOption(name, on);
        }
        continue;
      }
      sh.setPositional(args.slice(i));
      return done(() => 0);
    }
    return done(() => 0);
  },
};
