import { bashHash } from './bash-hash.js';
// Programmable completion specs (`complete`, `compgen`, `compopt`): what a spec holds, and
// the per-shell table of them. Pure data: the builtins (src/builtins/complete*.ts) fill and
// print it, the REPL's Tab (src/shell/repl/completion.ts) reads it.

/** Actions, as `-A NAME` spells them, in the order bash generates them (itemlists first). */
export const ACTIONS = [
  'alias', 'arrayvar', 'binding', 'builtin', 'disabled', 'enabled', 'export', 'function', 'helptopic', 'hostname', 'job', 'keyword',
  'running', 'setopt', 'shopt', 'signal', 'stopped', 'variable', 'command', 'file', 'user', 'group', 'service', 'directory',
] as const;
export type Action = (typeof ACTIONS)[number];

/** The one-letter shortcuts (`-a` is `-A alias` ...), in the order `complete -p` prints them. */
export const ACTION_LETTERS: Record<string, Action> = {
  a: 'alias', b: 'builtin', c: 'command', d: 'directory', e: 'export', f: 'file', g: 'group', j: 'job', k: 'keyword', s: 'service', u: 'user', v: 'variable',
};

/** `-o` options, in the order `complete -p` and `compopt` print them. */
export const COMP_OPTIONS = ['bashdefault', 'default', 'dirnames', 'filenames', 'noquote', 'nosort', 'nospace', 'plusdirs'] as const;

export interface CompSpec {
  actions: Set<Action>;
  options: Set<string>;
  glob?: string;
  words?: string;
  prefix?: string;
  suffix?: string;
  filter?: string;
  command?: string;
  func?: string;
}

export function emptySpec(): CompSpec {
  return { actions: new Set(), options: new Set() };
}

export function copySpec(s: CompSpec): CompSpec {
  return { ...s, actions: new Set(s.actions), options: new Set(s.options) };
}

/** The names bash keeps -D, -E and -I specs under. */
export const DEFAULT_CMD = '_DefaultCmD_';
export const EMPTY_CMD = '_EmptycmD_';
export const INITIAL_WORD = '_InitialWorD_';

/** bash's hash_string (FNV-1): the table lists specs in its bucket order. */
function bucket(name: string): number {
  return bashHash(name) & 511;
}

/**
 * The specs by command name. `complete` with no arguments lists them in bash's hash-table
 * order (512 buckets, the newest first within a bucket), so listings match bash's.
 */
export class CompTable {
  private specs = new Map<string, { spec: CompSpec; seq: number }>();
  private seq = 0;

  get(name: string): CompSpec | undefined {
    return this.specs.get(name)?.spec;
  }

  set(name: string, spec: CompSpec): void {
    const old = this.specs.get(name);
    this.specs.set(name, { spec, seq: old ? old.seq : ++this.seq });
  }

  delete(name: string): boolean {
    return this.specs.delete(name);
  }

  /** Whether a spec was ever defined: bash's `complete -r NAME` succeeds silently before. */
  get created(): boolean {
    return this.seq > 0;
  }

  clear(): void {
    this.specs.clear();
  }

  get size(): number {
    return this.specs.size;
  }

  /** Names in bash's listing order. */
  names(): string[] {
    return [...this.specs.entries()]
      .map(([name, e]) => ({ name, b: bucket(name), seq: e.seq }))
      .sort((x, y) => x.b - y.b || y.seq - x.seq)
      .map((x) => x.name);
  }

  clone(): CompTable {
    const t = new CompTable();
    t.seq = this.seq;
    for (const [k, e] of this.specs) t.specs.set(k, { spec: copySpec(e.spec), seq: e.seq });
    return t;
  }
}

/** What a completion function may change while it runs (compopt without a name). */
export interface CompletionState {
  /** The command being completed (compopt prints it). */
  command: string;
  options: Set<string>;
}
