// `fc`: list, re-run or edit commands of the history (bash's fc -l, fc -s and fc -e EDITOR;
// `r` is bash's alias for `fc -s`). A script has a history only after set -o history, so
// before that `fc -l` prints nothing and `fc -s` finds no command, as in a non-interactive
// bash. Editing needs -e EDITOR (no $FCEDIT/vi at the prompt): it says so in one line.
import { closeSync, constants, writeSync } from 'node:fs';
import { join } from 'node:path';
import { historyEntries, historySource } from './history.js';
import type { Builtin, BuiltinContext } from './types.js';

const DEFAULT_LIST = 16;

export const fcBuiltin: Builtin = {
  name: 'fc',
  synopsis: 'fc -l [-nr] [FIRST [LAST]] | fc -s [OLD=NEW] [COMMAND] | fc -e EDITOR [FIRST [LAST]]',
  description:
    'List commands of the interactive history (-l: the last 16 by default, FIRST and LAST as numbers, negative offsets or the start of a command; -n without numbers, -r newest first), or run one again (-s, or -e -): the last command, or the last starting with COMMAND, with every OLD replaced by NEW; or edit entries with -e EDITOR (they go to a file, EDITOR runs on it, then its lines run, echoed on stderr). A script has entries only after set -o history.',
  special: true,
  flags: [
    { flag: '-l', description: 'list instead of running' },
    { flag: '-n', description: 'with -l: no numbers' },
    { flag: '-r', description: 'with -l: newest first' },
    { flag: '-s', description: 'run a command again, without editing' },
    { flag: '-e EDITOR', description: 'edit the entries (FIRST to LAST, default the last) with EDITOR, then run them; "-" is the same as -s' },
  ],
  examples: [{ command: 'fc -l | wc -l', description: 'nothing in a script', output: '0\n' }],
  async run(ctx) {
    let list = false;
    let numbers = true;
    let reverse = false;
    let rerun = false;
    let editor: string | undefined;
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
          editor = args[0];
          args = args.slice(1);
          if (editor === undefined) return message(ctx, '-e: option requires an argument\nfc: usage: fc [-e ename] [-lnr] [first] [last] or fc -s [pat=rep] [command]', 2);
          if (editor === '-') rerun = true;
        }
      }
    }
    if (args[0] === '--') args = args.slice(1);
    // The command running now is the newest entry when typed at the prompt: not a candidate.
    const all = historyEntries();
    const entries = all.length && /^\s*(fc|r)(\s|$)/.test(all[all.length - 1]!) ? all.slice(0, -1) : all;
    if (list) return listEntries(ctx, entries, args, numbers, reverse);
    // Nothing to edit (a script): bash returns at once too.
    if (!rerun && entries.length === 0) return 0;
    if (!rerun && editor !== undefined) return editEntries(ctx, editor, entries, all.length > entries.length, args);
    if (!rerun) return message(ctx, 'editing history is not offered without -e EDITOR (use fc -l to list, fc -s to run again)', 2);
    let subst: [string, string] | null = null;
    if (args[0]?.includes('=')) {
      const eq = args[0].indexOf('=');
      subst = [args[0].slice(0, eq), args[0].slice(eq + 1)];
      args = args.slice(1);
    }
    const at = find(entries, args[0], entries.length);
    if (at === null) return message(ctx, 'no command found', 1);
    let cmd = entries[at - 1]!;
    // Every occurrence, as bash's strsub(..., global).
    if (subst && subst[0]) cmd = cmd.split(subst[0]).join(subst[1]);
    // The command run takes the place of the fc command in the history, as bash's fc_replhist.
    if (all.length > entries.length) replaceLast([cmd]);
    // bash echoes the command on stderr before it runs.
    await ctx.stderr.write(cmd + '\n');
    return ctx.shell.eval(cmd, 'fc');
  },
};

/** The fc command's own entry gives way to the commands it ran. */
function replaceLast(lines: string[]): void {
  const src = historySource();
  if (!src) return;
  src.delete(src.entries.length);
  for (const l of lines) if (l.trim()) src.add?.(l);
}

/**
 * fc -e EDITOR [FIRST [LAST]]: the entries go to a file, EDITOR runs on it, and what the file
 * then holds runs, each line echoed on stderr first (bash's echo_input_at_read).
 */
async function editEntries(ctx: BuiltinContext, editor: string, entries: readonly string[], ownEntry: boolean, args: string[]): Promise<number> {
  const first = find(entries, args[0], entries.length);
  const last = find(entries, args[1], first ?? entries.length);
  if (first === null || last === null) return message(ctx, 'history specification out of range', 1);
  const [lo, hi] = first <= last ? [first, last] : [last, first];
  const lines = entries.slice(lo - 1, hi);
  if (first > last) lines.reverse();
  // Through the kernel's view: the editor runs where the shell's commands run (the world).
  const fs = ctx.kernel.fs;
  const file = join(ctx.shell.getVar('TMPDIR') || '/tmp', `aosh-fc-${process.pid}-${Date.now()}`);
  const fd = fs.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, lines.join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
  try {
    const st = await ctx.shell.eval(`${editor} ${file}`, 'fc');
    if (st !== 0) return 1;
    const text = fs.readFile(file).toString('utf8');
    if (ownEntry) replaceLast(text.split('\n'));
    let status = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      await ctx.stderr.write(line + '\n');
      status = await ctx.shell.eval(line, 'fc');
    }
    return status;
  } finally {
    try {
      fs.unlink(file);
    } catch {
      // the editor removed it
    }
  }
}

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
