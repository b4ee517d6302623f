// `history`: the interactive session's command history ($AOSH_HOME/history). The REPL
// installs the source; in scripts and -c there is none and history prints nothing, as in
// a non-interactive bash.
import { UsageError } from '../kernel/errors.js';
import { parseFlags } from './flags.js';
import type { Builtin } from './types.js';

export interface HistorySource {
  readonly entries: readonly string[];
  clear(): void;
  /** Deletes the entry at this 1-based position; false when there is none. */
  delete(position: number): boolean;
}

let source: HistorySource | null = null;

export function setHistorySource(s: HistorySource | null): void {
  source = s;
}

/** The interactive history, oldest first (none in scripts). */
export function historyEntries(): readonly string[] {
  return source?.entries ?? [];
}

export const historyBuiltin: Builtin = {
  name: 'history',
  synopsis: 'history [-c] [-d N] [COUNT]',
  description:
    'List the commands typed in the interactive session, numbered, oldest first (the last COUNT only when given). They are kept in $AOSH_HOME/history; Up, Down and Ctrl-R recall them. Empty in scripts.',
  flags: [
    { flag: '-c', key: 'clear', description: 'forget the history (the file too)' },
    { flag: '-d N', key: 'delete', description: 'forget entry N', parse: (v) => {
      if (!/^\d+$/.test(v)) throw new Error(`not a history position: ${v}`);
      return Number(v);
    } },
  ],
  examples: [{ command: 'history | wc -l', description: 'nothing in a script', output: '0\n' }],
  async run(ctx) {
    const { opts, rest } = parseFlags(ctx.args, historyBuiltin.flags);
    if (opts.clear) {
      source?.clear();
      return 0;
    }
    if (opts.delete !== undefined) {
      if (!source?.delete(opts.delete as number)) throw new UsageError(`${String(opts.delete)}: history position out of range`);
      return 0;
    }
    if (rest.length > 1 || (rest[0] !== undefined && !/^\d+$/.test(rest[0]))) throw new UsageError(`${rest[0]}: numeric argument required`);
    const all = source?.entries ?? [];
    const count = rest[0] === undefined ? all.length : Math.min(all.length, Number(rest[0]));
    const width = String(all.length).length;
    let out = '';
    for (let i = all.length - count; i < all.length; i++) out += `${String(i + 1).padStart(Math.max(5, width))}  ${all[i]!.replace(/\n/g, '\n       ')}\n`;
    await ctx.stdout.write(out);
    return 0;
  },
};
