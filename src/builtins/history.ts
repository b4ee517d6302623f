// `history`: the interactive session's command history ($AOSH_HOME/history). The REPL
// installs the source; in scripts and -c there is none and history prints nothing, as in
// a non-interactive bash.
import { parseFlags } from './flags.js';
import { matchPattern } from '../lib/pattern.js';
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

/** Entries dropped from the front by HISTSIZE: the numbers of the rest go on from there. */
let scriptBase = 0;

/** The shell variables that decide what is kept, as bash reads them. */
export interface HistoryVars {
  HISTCONTROL?: string;
  HISTIGNORE?: string;
  HISTSIZE?: string;
}

/**
 * A command line a script read while `set -o history` is on. HISTCONTROL (ignorespace,
 * ignoredups, ignoreboth, erasedups) and HISTIGNORE (patterns, `&` for the previous entry)
 * leave entries out; HISTSIZE keeps only the newest.
 */
export function recordScriptHistory(entries: readonly string[], vars: HistoryVars = {}): void {
  const control = new Set((vars.HISTCONTROL ?? '').split(':'));
  const ignoreSpace = control.has('ignorespace') || control.has('ignoreboth');
  const ignoreDups = control.has('ignoredups') || control.has('ignoreboth');
  const ignore = vars.HISTIGNORE ? vars.HISTIGNORE.split(':') : [];
  for (const e of entries) {
    const prev = scriptEntries[scriptEntries.length - 1];
    if (ignoreSpace && /^[ \t]/.test(e)) continue;
    if (ignoreDups && e === prev) continue;
    if (ignore.some((p) => (p === '&' ? e === prev : matchPattern(p, e)))) continue;
    if (control.has('erasedups')) for (let i = scriptEntries.length - 1; i >= 0; i--) if (scriptEntries[i] === e) scriptEntries.splice(i, 1);
    scriptEntries.push(e);
  }
  const size = vars.HISTSIZE !== undefined && /^\d+$/.test(vars.HISTSIZE) ? Number(vars.HISTSIZE) : Infinity;
  if (scriptEntries.length > size) scriptBase += scriptEntries.splice(0, scriptEntries.length - size).length;
}

/** The number of the first entry (1, or more once HISTSIZE dropped some). */
export function historyBase(): number {
  return source === scriptHistory ? scriptBase + 1 : 1;
}

let source: HistorySource | null = scriptHistory;

/** `!!`, `!str`, `!?str?` ... against the entries: the shell's history expansion (registered by it). */
export type HistoryExpander = (line: string, entries: readonly string[]) => { kind: 'same' } | { kind: 'expanded'; text: string } | { kind: 'error'; message: string };
let expander: HistoryExpander | null = null;

export function setHistoryExpander(e: HistoryExpander): void {
  expander = e;
}

export function setHistorySource(s: HistorySource | null): void {
  source = s ?? scriptHistory;
}

/** Where the entries live (the REPL's, or the script's own): fc replaces its own entry. */
export function historySource(): HistorySource | null {
  return source;
}

/** The interactive history, oldest first (none in scripts). */
export function historyEntries(): readonly string[] {
  return source?.entries ?? [];
}

export const historyBuiltin: Builtin = {
  name: 'history',
  synopsis: 'history [-c] [-d N] [COUNT] | history -ps ARG...',
  description:
    'List the commands typed in the interactive session, numbered, oldest first (the last COUNT only when given). They are kept in $AOSH_HOME/history; Up, Down and Ctrl-R recall them. ' +
    'A script has a history only after set -o history: the command lines it reads from then on.',
  flags: [
    { flag: '-c', key: 'clear', description: 'forget the history (the file too)' },
    { flag: '-s', key: 'store', description: 'store the ARGs as one entry, in place of this history command' },
    { flag: '-p', key: 'print', description: 'print each ARG after history expansion (!!, !str), storing nothing' },
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
    if (opts.print) {
      // bash: the history -p line itself leaves the history, then each ARG is expanded.
      const all = source?.entries ?? [];
      if (rest.length && all.length && /^\s*history\b/.test(all[all.length - 1]!)) source?.delete(all.length);
      let out = '';
      for (const arg of rest) {
        const r = expander ? expander(arg, source?.entries ?? []) : { kind: 'same' as const };
        if (r.kind === 'error') {
          await ctx.stdout.write(out);
          return fail(ctx, `${arg}: history expansion failed`);
        }
        out += (r.kind === 'expanded' ? r.text : arg) + '\n';
      }
      await ctx.stdout.write(out);
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
    let out = '';
    const base = historyBase();
    for (let i = all.length - count; i < all.length; i++) out += `${String(i + base).padStart(5)}  ${all[i]!}\n`;
    await ctx.stdout.write(out);
    return 0;
  },
};
