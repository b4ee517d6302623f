// alias: define or list aliases. They are expanded when a command is read (so an alias
// defined on one line applies from the next), in scripts only after `shopt -s expand_aliases`.
import { ErrorLines } from './ordered.js';
import { singleQuote } from '../lib/quote.js';
import { type Builtin, writeNow } from './types.js';

/** bash refuses these characters in alias names. */
const BAD = /[\s/$`=|&;()<>'"\\]/;

export const aliasBuiltin: Builtin = {
  name: 'alias',
  synopsis: 'alias [-p] [NAME[=VALUE] ...]',
  description:
    'Define aliases (NAME=VALUE) or print them (NAME, or all with no arguments / -p) as alias commands. An alias replaces the first word of a simple command when the command is read; a value ending in a blank makes the next word an alias candidate too. Non-interactive shells expand aliases only after `shopt -s expand_aliases`.',
  special: true,
  flags: [{ flag: '-p', description: 'print every alias in a reusable form' }],
  examples: [
    { command: "alias ll='ls -l'; alias ll", description: 'define and show one', output: "alias ll='ls -l'\n" },
    { command: "shopt -s expand_aliases\nalias hi='echo hello'\nhi there", description: 'aliases in a script', output: 'hello there\n' },
  ],
  run(ctx) {
    const aliases = ctx.shell.aliases;
    const prefix = ctx.errorPrefix ?? '';
    let args = ctx.args;
    let printAll = false;
    while (args.length && args[0]!.startsWith('-') && args[0] !== '-') {
      if (args[0] === '--') {
        args = args.slice(1);
        break;
      }
      if (args[0] === '-p') {
        printAll = true;
        args = args.slice(1);
        continue;
      }
      const w = writeNow(ctx.stderr, `${prefix}alias: ${args[0]}: invalid option\n`);
      return w ? w.then(() => 2) : 2;
    }
    const out: string[] = [];
    const errors = new ErrorLines(out);
    let status = 0;
    // bash lists a name that starts with - after --, so the line can be read back; in posix
    // mode, without -p, as NAME='VALUE' alone.
    const bare = !printAll && ctx.shell.getOption('posix') === true;
    const show = (name: string): string => `${bare ? '' : `alias ${name.startsWith('-') ? '-- ' : ''}`}${name}=${singleQuote(aliases.get(name)!)}\n`;
    if (args.length === 0 || printAll) for (const name of [...aliases.keys()].sort()) out.push(show(name));
    for (const a of args) {
      const eq = a.indexOf('=');
      if (eq > 0) {
        const name = a.slice(0, eq);
        if (BAD.test(name)) {
          errors.push(`\`${name}': invalid alias name`);
          status = 1;
          continue;
        }
        aliases.set(name, a.slice(eq + 1));
        continue;
      }
      if (aliases.has(a)) out.push(show(a));
      else {
        errors.push(`${a}: not found`);
        status = 1;
      }
    }
    const w = errors.write(ctx, (m) => `${prefix}alias: ${m}\n`);
    return w ? w.then(() => status) : status;
  },
};

export const unaliasBuiltin: Builtin = {
  name: 'unalias',
  synopsis: 'unalias [-a] NAME [NAME ...]',
  description: 'Remove the named aliases, or all of them with -a. A name that is not an alias is an error (status 1).',
  special: true,
  flags: [{ flag: '-a', description: 'remove every alias' }],
  examples: [{ command: "alias x=y; unalias x; alias x 2>/dev/null || echo gone", description: 'remove one', output: 'gone\n' }],
  run(ctx) {
    const aliases = ctx.shell.aliases;
    const prefix = ctx.errorPrefix ?? '';
    let args = ctx.args;
    if (args[0] === '-a') {
      aliases.clear();
      return 0;
    }
    if (args[0] === '--') args = args.slice(1);
    else if (args[0]?.startsWith('-') && args[0] !== '-') {
      const w = writeNow(ctx.stderr, `${prefix}unalias: ${args[0]}: invalid option\n`);
      return w ? w.then(() => 2) : 2;
    }
    if (args.length === 0) {
      const w = writeNow(ctx.stderr, 'unalias: usage: unalias [-a] name [name ...]\n');
      return w ? w.then(() => 2) : 2;
    }
    let errors = '';
    for (const a of args) if (!aliases.delete(a)) errors += `${prefix}unalias: ${a}: not found\n`;
    if (!errors) return 0;
    const w = writeNow(ctx.stderr, errors);
    return w ? w.then(() => 1) : 1;
  },
};
