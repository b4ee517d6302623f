// `fc`: list or re-run commands of the interactive history (bash's fc -l and fc -s; `r` is
// bash's alias for `fc -s`). Scripts and -c have no history, so `fc -l` prints nothing and
// `fc -s` finds no command, as in a non-interactive bash. Editing (`fc` with an editor) is
// not offered: it says so in one line.
import { historyEntries } from './history.js';
import type { Builtin, BuiltinContext } from './types.js';

const DEFAULT_LIST = 16;

export const fcBuiltin: Builtin = {
  name: 'fc',
  synopsis: 'fc -l [-nr] [FIRST [LAST]] | fc -s [OLD=NEW] [COMMAND]',
  description:
    'List commands of the interactive history (-l: the last 16 by default, FIRST and LAST as numbers, negative offsets or the start of a command; -n without numbers, -r newest first), or run one again (-s, or -e -): the last command, or the last starting with COMMAND, with OLD replaced by NEW. Empty in scripts.',
  special: true,
  flags: [
    { flag: '-l', description: 'list instead of running' },
    { flag: '-n', description: 'with -l: no numbers' },
    { flag: '-r', description: 'with -l: newest first' },
    { flag: '-s', description: 'run a command again, without editing' },
    { flag: '-e EDITOR', description: 'only "-" (the same as -s): editing is not offered' },
  ],
  examples: [{ command: 'fc -l | wc -l', description: 'nothing in a script', output: '0\n' }],
  async run(ctx) {
    let list = false;
    let numbers = true;
    let reverse = false;
    let rerun = false;
    let args = ctx.args;
    const bad = args.length && /^-[a-zA-Z]/.test(args[0]!) ? /[^lnrse]/.exec(args[0]!.slice(1)) : null;
    if (bad) return message(ctx, `-${bad[0]}: invalid option\nfc: usage: fc [-e ename] [-lnr] [first] [last] or fc -s [pat=rep] [command]`, 2);
    while (args.length && /^-[lnrse]+$/.test(args[0]!) && !/^-\d/.test(args[0]!)) {
      const a = args[0]!;
      args = args.slice(1);
      for (const f of a.slice(1)) {
        if (f === 'l') list = true;
        else if (f === 'n') numbers = false;
        else if (f === 'r') reverse = true;
        else if (f === 's') rerun = true;
        else if (f === 'e') {
          const editor = args[0];
          args = args.slice(1);
          if (editor !== '-') return message(ctx, `-e ${editor ?? ''}: editing history is not offered (use fc -s, or Up and Ctrl-R at the prompt)`.replace(/ +\(/, ' ('), 2);
          rerun = true;
        }
      }
    }
    if (args[0] === '--') args = args.slice(1);
    // The command running now is the newest entry when typed at the prompt: not a candidate.
    const all = historyEntries();
    const entries = all.length && /^\s*(fc|r)(\s|$)/.test(all[all.length - 1]!) ? all.slice(0, -1) : all;
    if (list) return listEntries(ctx, entries, args, numbers, reverse);
    // Nothing to edit (a script): bash returns at once too.
    if (!rerun) return entries.length === 0 ? 0 : message(ctx, 'editing history is not offered (use fc -l to list, fc -s to run again)', 2);
    let subst: [string, string] | null = null;
    if (args[0]?.includes('=')) {
      const eq = args[0].indexOf('=');
      subst = [args[0].slice(0, eq), args[0].slice(eq + 1)];
      args = args.slice(1);
    }
    const at = find(entries, args[0], entries.length);
    if (at === null) return message(ctx, 'no command found', 1);
    let cmd = entries[at - 1]!;
    if (subst && subst[0]) cmd = cmd.replace(subst[0], subst[1]);
    // bash echoes the command on stderr before it runs.
    await ctx.stderr.write(cmd + '\n');
    return ctx.shell.eval(cmd, 'fc');
  },
};

/** The 1-based position FIRST names: a number, a negative offset, or the last entry starting with it. */
function find(entries: readonly string[], spec: string | undefined, dflt: number): number | null {
  if (entries.length === 0) return null;
  if (spec === undefined) return dflt;
  if (/^-?\d+$/.test(spec)) {
    const n = Number(spec);
    const pos = n < 0 ? entries.length + 1 + n : n === 0 ? entries.length : n;
    return Math.min(Math.max(pos, 1), entries.length);
  }
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.startsWith(spec)) return i + 1;
  return null;
}

async function listEntries(ctx: BuiltinContext, entries: readonly string[], args: string[], numbers: boolean, reverse: boolean): Promise<number> {
  if (entries.length === 0) return 0;
  const first = find(entries, args[0], Math.max(1, entries.length - DEFAULT_LIST + 1));
  // Listing: LAST defaults to the newest (fc -l -10 lists the last ten), as bash.
  const last = find(entries, args[1], entries.length);
  if (first === null || last === null) return message(ctx, 'history specification out of range', 1);
  const [lo, hi] = first <= last ? [first, last] : [last, first];
  const order: number[] = [];
  for (let i = lo; i <= hi; i++) order.push(i);
  if (reverse !== first > last) order.reverse();
  let out = '';
  for (const i of order) out += `${numbers ? String(i) : ''}\t ${entries[i - 1]!.replace(/\n/g, '\n\t ')}\n`;
  await ctx.stdout.write(out);
  return 0;
}

async function message(ctx: BuiltinContext, text: string, status: number): Promise<number> {
  await ctx.stderr.write(`${ctx.errorPrefix ?? ''}fc: ${text}\n`);
  return status;
}
