// `history`: the interactive session's command history ($AOSH_HOME/history). The REPL
// installs the source; in scripts and -c there is none and history prints nothing, as in
// a non-interactive bash.
import { parseFlags } from './flags.js';
import { fail, type Builtin } from './types.js';

export interface HistorySource {
  readonly entries: readonly string[];
  clear(): void;
  /** Deletes the entry at this 1-based position; false when there is none. */
  delete(position: number): boolean;
  /** history -s: a new entry. */
  add?(entry: string): void;
}

/** A script's own history: what it read after `set -o history` (history-lines.ts). */
const scriptEntries: string[] = [];
const scriptHistory: HistorySource = {
  entries: scriptEntries,
  clear: () => void scriptEntries.splice(0),
  delete: (n) => n >= 1 && n <= scriptEntries.length && scriptEntries.splice(n - 1, 1).length === 1,
  add: (entry) => void scriptEntries.push(entry),
};

/** A command line a script read while `set -o history` is on. */
export function recordScriptHistory(entries: readonly string[]): void {
  scriptEntries.push(...entries);
}

let source: HistorySource | null = scriptHistory;

export function setHistorySource(s: HistorySource | null): void {
  source = s ?? scriptHistory;
}

/** The interactive history, oldest first (none in scripts). */
export function historyEntries(): readonly string[] {
  return source?.entries ?? [];
}

export const historyBuiltin: Builtin = {
  name: 'history',
  synopsis: 'history [-c] [-d N] [COUNT] | history -s ARG...',
  description:
    'List the commands typed in the interactive session, numbered, oldest first (the last COUNT only when given). They are kept in $AOSH_HOME/history; Up, Down and Ctrl-R recall them. ' +
    'A script has a history only after set -o history: the command lines it reads from then on.',
  flags: [
    { flag: '-c', key: 'clear', description: 'forget the history (the file too)' },
    { flag: '-s', key: 'store', description: 'store the ARGs as one entry, in place of this history command' },
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
    if (opts.store) {
      // bash: the history command itself (the last entry, when it was recorded) gives way.
      const all = source?.entries ?? [];
      if (rest.length === 0) return 0;
      if (all.length && /^\s*history\b/.test(all[all.length - 1]!)) source?.delete(all.length);
      source?.add?.(rest.join(' '));
      return 0;
    }
    // bash: status 1 for these two, not a usage error's 2.
    if (opts.delete !== undefined) {
      if (!source?.delete(opts.delete as number)) return fail(ctx, `${String(opts.delete)}: history position out of range`);
      return 0;
    }
    if (rest.length > 1 || (rest[0] !== undefined && !/^\d+$/.test(rest[0]))) return fail(ctx, `${rest[0]}: numeric argument required`);
    const all = source?.entries ?? [];
    const count = rest[0] === undefined ? all.length : Math.min(all.length, Number(rest[0]));
    const width = String(all.length).length;
    let out = '';
    for (let i = all.length - count; i < all.length; i++) out += `${String(i + 1).padStart(Math.max(5, width))}  ${all[i]!}\n`;
    await ctx.stdout.write(out);
    return 0;
  },
};
