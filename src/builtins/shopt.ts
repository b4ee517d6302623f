// shopt: bash's optional behaviours (nullglob, extglob, expand_aliases, lastpipe ...), and
// with -o the `set -o` options.
import { ErrorLines } from './ordered.js';
import { optionListing } from './set.js';
import { type Builtin, type BuiltinContext, writeNow } from './types.js';

function line(name: string, on: boolean, reusable: boolean, setForm: boolean): string {
  if (reusable) return setForm ? `set ${on ? '-o' : '+o'} ${name}\n` : `shopt ${on ? '-s' : '-u'} ${name}\n`;
  return `${name.padEnd(15)}\t${on ? 'on' : 'off'}\n`;
}

function finish(ctx: BuiltinContext, text: string, errors: string, status: number): number | Promise<number> {
  const o = text ? writeNow(ctx.stdout, text) : undefined;
  const e = errors ? writeNow(ctx.stderr, errors) : undefined;
  if (o || e) return Promise.all([o, e]).then(() => status);
  return status;
}

/** Output and messages in the order they were made (see ErrorLines). */
function finishOrdered(ctx: BuiltinContext, errors: ErrorLines, status: number): number | Promise<number> {
  const w = errors.write(ctx, (m) => `${ctx.errorPrefix ?? ''}shopt: ${m}\n`);
  return w ? w.then(() => status) : status;
}

export const shoptBuiltin: Builtin = {
  name: 'shopt',
  synopsis: 'shopt [-pqsu] [-o] [OPTNAME...]',
  description:
    'Set (-s) or unset (-u) shell options: nullglob, failglob, dotglob, globstar, extglob, nocaseglob, nocasematch, lastpipe, expand_aliases, inherit_errexit, xpg_echo and the rest of bash 5.2\'s. With no flag, show them; -p in a reusable form; -q only the status (0 when all named options are on); -o works on `set -o` names.',
  special: true,
  flags: [
    { flag: '-s / -u', description: 'set / unset' },
    { flag: '-p', description: 'print as shopt commands' },
    { flag: '-q', description: 'quiet: the status tells' },
    { flag: '-o', description: 'the set -o options' },
  ],
  examples: [
    { command: 'shopt -s nullglob; echo no_such_*; echo end', description: 'unmatched globs vanish', output: '\nend\n' },
    { command: 'shopt -q extglob || echo off', description: 'test an option', output: 'off\n' },
  ],
  run(ctx) {
    const sh = ctx.shell;
    const flags = new Set<string>();
    let i = 0;
    for (; i < ctx.args.length; i++) {
      const a = ctx.args[i]!;
      if (a === '--') {
        i++;
        break;
      }
      if (!/^-[a-zA-Z]+$/.test(a)) break;
      for (const f of a.slice(1)) {
        if (!'pqsuo'.includes(f)) return finish(ctx, '', `${ctx.errorPrefix ?? ''}shopt: -${f}: invalid option\n`, 2);
        flags.add(f);
      }
    }
    const names = ctx.args.slice(i);
    if (flags.has('s') && flags.has('u')) return finish(ctx, '', `${ctx.errorPrefix ?? ''}shopt: cannot set and unset shell options simultaneously\n`, 1);
    const setForm = flags.has('o');
    const table: Record<string, boolean> = setForm ? sh.options() : sh.shopt;
    const reusable = flags.has('p');
    const quiet = flags.has('q');
    let text = '';
    let errors = '';
    let status = 0;
    const bad = (n: string): void => {
      errors += `${ctx.errorPrefix ?? ''}shopt: ${n}: invalid ${setForm ? 'option' : 'shell option'} name\n`;
      status = 1;
    };
    const out: string[] = [];
    const ordered = new ErrorLines(out);
    if (flags.has('s') || flags.has('u')) {
      const on = flags.has('s');
      if (names.length === 0) {
        for (const n of Object.keys(table)) if (table[n] === on && !quiet) text += line(n, on, reusable, setForm);
        return finish(ctx, text, errors, 0);
      }
      for (const n of names) {
        if (!(n in table)) {
          bad(n);
          // (`shopt -s -o NOSUCH` says so but still succeeds, as bash's does.)
          if (setForm) status = 0;
          continue;
        }
        if (setForm) sh.setOption(n, on);
        else sh.shopt[n] = on;
        if (n === 'extdebug' && on) sh.initArgFrames();
      }
      return finish(ctx, text, errors, status);
    }
    if (names.length === 0) {
      if (!quiet) text = setForm && !reusable ? optionListing(table, false) : Object.keys(table).map((n) => line(n, table[n]!, reusable, setForm)).join('');
      return finish(ctx, text, errors, 0);
    }
    for (const n of names) {
      if (!(n in table)) {
        ordered.push(`${n}: invalid ${setForm ? 'option' : 'shell option'} name`);
        status = 1;
        continue;
      }
      if (!table[n]) status = status || 1;
      if (!quiet) out.push(line(n, table[n]!, reusable, setForm));
    }
    return finishOrdered(ctx, ordered, status);
  },
};
