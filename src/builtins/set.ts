import { quote } from 'shell-quote';
import { fail, type Builtin } from './types.js';

const LETTERS: Record<string, string> = { e: 'errexit', u: 'nounset', x: 'xtrace', f: 'noglob', C: 'noclobber', a: 'allexport' };

export const setBuiltin: Builtin = {
  name: 'set',
  synopsis: 'set [-euxfCa] [+euxfCa] [-o OPTION] [+o OPTION] [--] [ARG...]',
  description:
    'Set shell options and positional parameters. -e exit on error, -u error on unset variables, -x trace commands, -f no globbing, -C no clobbering, -o pipefail. "set --" replaces $1, $2... With no arguments, list variables.',
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
  ],
  async run(ctx) {
    const args = ctx.args;
    if (args.length === 0) {
      for (const v of ctx.shell.variables()) if (v.value !== undefined) await ctx.stdout.write(`${v.name}=${quoteValue(v.value)}\n`);
      return 0;
    }
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--') {
        ctx.shell.positional = args.slice(i + 1);
        return 0;
      }
      if (a === '-' ) {
        ctx.shell.setOption('xtrace', false);
        ctx.shell.positional = args.slice(i + 1);
        return 0;
      }
      if (a === '-o' || a === '+o') {
        const name = args[i + 1];
        if (name === undefined) {
          const opts = ctx.shell.options();
          for (const [k, v] of Object.entries(opts).sort()) await ctx.stdout.write(a === '-o' ? `${k.padEnd(15)}\t${v ? 'on' : 'off'}\n` : `set ${v ? '-o' : '+o'} ${k}\n`);
          return 0;
        }
        i++;
        if (!ctx.shell.setOption(name, a === '-o')) return fail(ctx, `${name}: invalid option name`, 2);
        continue;
      }
      if ((a.startsWith('-') || a.startsWith('+')) && a.length > 1) {
        const on = a[0] === '-';
        for (const letter of a.slice(1)) {
          if (letter === 'o') {
            const optName = args[++i];
            if (optName === undefined || !ctx.shell.setOption(optName, on)) return fail(ctx, `${optName ?? ''}: invalid option name`, 2);
            continue;
          }
          const name = LETTERS[letter];
          if (!name) return fail(ctx, `${a[0]}${letter}: invalid option (usage: set [-euxfCa] [-o option] [--] [arg ...])`, 2);
          ctx.shell.setOption(name, on);
        }
        continue;
      }
      ctx.shell.positional = args.slice(i);
      return 0;
    }
    return 0;
  },
};

function quoteValue(v: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]*$/.test(v) ? v : quote([v]);
}
