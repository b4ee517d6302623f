// A command's declared flags ARE its parser (nushell's Signature, clap): the same
// declaration drives parsing, `help`/`--help`, Tab completion and usage errors.
//
// API (keep it this small):
//
//   flags: FlagDoc[]  on a Builtin (or a Subcommand, or the CLI). `flag` is the spelling
//                     shown in help and is parsed: aliases separated by ", ", each `-x` or
//                     `--long`, then an optional value placeholder: "-n, --lines N",
//                     "--name NAME", "--watch [SECONDS]" (optional value, taken when the
//                     next word fits `optional`), "--restart=MODE". `key` names the result
//                     (default: the long name in camelCase, else the letter); `parse`
//                     turns the value into anything (throw to reject it); `repeat`
//                     collects every occurrence; `match` claims whole words by hand
//                     (kill's -SIGNAL, the --allow-KIND[=...] family); `hidden` keeps an
//                     alias out of help.
//
//   parseFlags(args, flags, opts?) -> { opts, rest, help }
//                     Reads flags until `--`, the first operand (unless opts.interleave)
//                     or the end. Unknown flags and missing or bad values throw UsageError
//                     ("unknown option: --jsno (did you mean --json?)"), which the builtin
//                     dispatcher prints as one line with status 2. `help` is true when
//                     -h/--help was given (-h only when not declared for something else).
//                     opts: interleave (flags after operands), numbersAreOperands (-5),
//                     and for the CLI: unknownAreOperands, dashDashIsOperand, stopAfter.
//
//   values.number(min) / values.count / values.oneOf(...)       ready-made `parse`s
//   flagNames(flags) -> every spelling                           (completion)
//   suggest(word, candidates) -> " (did you mean X?)" or ''      (flags, subcommands)
//   helpWanted(builtin, args) -> { sub? } | null                 (the --help dispatcher)
//
// Values are strings unless `parse` says otherwise; flags without a value are true (a
// `match` flag spelled by a name gives that name). A builtin with subcommands declares them
// in `subcommands` (types.ts), each with its own flags: `pipe ls --help` and completion
// read those. Help text: help-text.ts renderHelp(); the generic --help: dispatch.ts.
//
// Moving a builtin onto it: declare `flags`, then in run():
//   const { opts, rest } = parseFlags(ctx.args, myBuiltin.flags);
// and throw UsageError for operand errors; drop the hand loop.
import { UsageError } from '../kernel/errors.js';

export interface FlagDoc {
  /** Spelling shown in help and parsed: "-n, --name NAME", "--watch [SECONDS]", "-a". */
  flag: string;
  description: string;
  /** Result key (default: the long name in camelCase, else the letter). */
  key?: string;
  /** Converts the value; throw an Error to reject it (its message is shown). */
  parse?: (value: string) => unknown;
  /** An optional value is taken only when the next word matches this (default: not starting with -). */
  optional?: RegExp;
  /** Collect every occurrence in an array. */
  repeat?: boolean;
  /** Claims a whole word (kill -9, --allow-net=host): the word itself is collected under key. */
  match?: (word: string) => boolean;
  hidden?: boolean;
}

export interface ParseOptions {
  /** Flags may follow operands (`pipe read NAME -n 1`); default: the first operand ends the flags. */
  interleave?: boolean;
  /** A leading `-N` (a negative number) is an operand, not a flag (default true). */
  numbersAreOperands?: boolean;
  /** An unknown flag is the first operand instead of an error (aosh's options after `-c COMMANDS`). */
  unknownAreOperands?: boolean;
  /** `--` is an operand too (bash: `aosh -c CMD -- a` makes $0 "--"). */
  dashDashIsOperand?: boolean;
  /** Stop reading flags right after the flag with this key (aosh's `-c COMMANDS`). */
  stopAfter?: string;
}

export interface Parsed {
  opts: Record<string, unknown>;
  rest: string[];
  help: boolean;
}

interface Spec {
  doc: FlagDoc;
  names: string[];
  key: string;
  value: 'none' | 'required' | 'optional';
  placeholder: string;
}

const cache = new WeakMap<readonly FlagDoc[], Spec[]>();

function specsOf(flags: readonly FlagDoc[]): Spec[] {
  let specs = cache.get(flags);
  if (specs) return specs;
  specs = flags.map((doc) => {
    const names: string[] = [];
    let value: Spec['value'] = 'none';
    let placeholder = '';
    for (const part of doc.flag.split(/,\s*/)) {
      const m = /^(--?[A-Za-z0-9][\w-]*)(?:(=|\s+)(\[)?([^\]\s]+)\]?)?/.exec(part.trim());
      if (!m) continue;
      names.push(m[1]!);
      if (m[4]) {
        value = m[3] ? 'optional' : 'required';
        placeholder = m[4];
      }
    }
    const long = names.find((n) => n.startsWith('--'));
    const key = doc.key ?? (long ? long.slice(2).replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) : (names[0] ?? '').replace(/^-+/, ''));
    return { doc, names, key, value, placeholder };
  });
  cache.set(flags, specs);
  return specs;
}

/** Edit distance with transpositions (optimal string alignment), for "did you mean". */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** " (did you mean --json?)" for a near miss among candidates, else ''. Single letters are never guessed. */
export function suggest(word: string, candidates: Iterable<string>): string {
  const core = word.replace(/^-+/, '');
  if (core.length < 2) return '';
  let best = '';
  let bestD = Infinity;
  for (const c of candidates) {
    if (c.replace(/^-+/, '').length < 2) continue;
    const dist = distance(word, c);
    if (dist < bestD) {
      best = c;
      bestD = dist;
    }
  }
  // A typo: one edit in a short word, two from six letters on; or the start of a longer name.
  const limit = core.length >= 6 ? 2 : 1;
  if (best && (bestD <= limit || (core.length >= 3 && best.replace(/^-+/, '').startsWith(core)))) return ` (did you mean ${best}?)`;
  return '';
}

/** All spellings a user may type (for completion and suggestions). */
export function flagNames(flags: readonly FlagDoc[] | undefined): string[] {
  return flags ? specsOf(flags).filter((s) => !s.doc.hidden && !s.doc.match).flatMap((s) => s.names) : [];
}

export function parseFlags(args: readonly string[], flags: readonly FlagDoc[] = [], popts: ParseOptions = {}): Parsed {
  const specs = specsOf(flags);
  const byName = new Map<string, Spec>();
  for (const s of specs) for (const n of s.names) byName.set(n, s);
  const opts: Record<string, unknown> = {};
  const rest: string[] = [];
  let help = false;
  const set = (s: Spec, v: unknown): void => {
    if (s.doc.repeat) ((opts[s.key] ??= []) as unknown[]).push(v);
    else opts[s.key] = v;
  };
  const convert = (s: Spec, name: string, raw: string): unknown => {
    if (!s.doc.parse) return raw;
    try {
      return s.doc.parse(raw);
    } catch (e) {
      throw new UsageError(`${name}: ${(e as Error).message}`);
    }
  };
  const numbers = popts.numbersAreOperands ?? true;
  for (let i = 0; i < args.length; i++) {
    if (popts.stopAfter !== undefined && popts.stopAfter in opts) {
      rest.push(...args.slice(i));
      break;
    }
    const a = args[i]!;
    if (a === '--') {
      rest.push(...args.slice(popts.dashDashIsOperand ? i : i + 1));
      break;
    }
    const custom = specs.find((s) => s.doc.match?.(a));
    if (custom) {
      set(custom, a);
      continue;
    }
    const isFlag = a.length > 1 && a.startsWith('-') && !(numbers && /^-\d+$/.test(a));
    if (!isFlag) {
      if (!popts.interleave) {
        rest.push(...args.slice(i));
        break;
      }
      rest.push(a);
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      const s = byName.get(name);
      if (!s) {
        if (popts.unknownAreOperands) {
          rest.push(...args.slice(i));
          break;
        }
        if (name === '--help') {
          help = true;
          continue;
        }
        throw new UsageError(`unknown option: ${name}${suggest(name, flagNames(flags))}`);
      }
      if (s.value === 'none') {
        if (eq > 0) throw new UsageError(`${name}: takes no value`);
        set(s, s.doc.match ? name : true);
        continue;
      }
      if (eq > 0) {
        set(s, convert(s, name, a.slice(eq + 1)));
        continue;
      }
      const next = args[i + 1];
      if (s.value === 'optional') {
        const fits = next !== undefined && (s.doc.optional ? s.doc.optional.test(next) : !next.startsWith('-'));
        set(s, fits ? convert(s, name, args[++i]!) : true);
        continue;
      }
      if (next === undefined) throw new UsageError(`${name}: needs a value (${s.placeholder})`);
      set(s, convert(s, name, next));
      i++;
      continue;
    }
    if (popts.unknownAreOperands && !byName.has(a.slice(0, 2))) {
      rest.push(...args.slice(i));
      break;
    }
    // Short flags, possibly combined (-lp) or with the value attached (-n5).
    for (let j = 1; j < a.length; j++) {
      const name = `-${a[j]}`;
      const s = byName.get(name);
      if (!s) {
        if (name === '-h') {
          help = true;
          continue;
        }
        throw new UsageError(`unknown option: ${a.length > 2 && j === 1 && a.startsWith('-') && byName.has(`-${a}`) ? a : name}${suggest(a.length > 2 ? `-${a}` : name, flagNames(flags))}`);
      }
      if (s.value === 'none') {
        set(s, s.doc.match ? name : true);
        continue;
      }
      const attached = a.slice(j + 1);
      if (attached) set(s, convert(s, name, attached));
      else if (s.value === 'optional') {
        const next = args[i + 1];
        const fits = next !== undefined && (s.doc.optional ? s.doc.optional.test(next) : !next.startsWith('-'));
        set(s, fits ? convert(s, name, args[++i]!) : true);
      } else {
        const next = args[i + 1];
        if (next === undefined) throw new UsageError(`${name}: needs a value (${s.placeholder})`);
        set(s, convert(s, name, next));
        i++;
      }
      break;
    }
  }
  return { opts, rest, help };
}

/** Value parsers shared by builtins and the CLI. */
export const values = {
  number(min = 0): (v: string) => number {
    return (v) => {
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n) || n < min) throw new Error(`not a number${min === 0 ? ' >= 0' : ''}: ${v}`);
      return n;
    };
  },
  count(v: string): number {
    if (!/^\d+$/.test(v)) throw new Error(`not a count: ${v}`);
    return Number(v);
  },
  oneOf<T extends string>(...choices: T[]): (v: string) => T {
    return (v) => {
      if ((choices as string[]).includes(v)) return v as T;
      throw new Error(`expected ${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}, got ${v}${suggest(v, choices)}`);
    };
  },
};

/** What a command may declare for help: the Builtin type and the CLI's table both fit. */
export interface Documented {
  name: string;
  synopsis: string;
  description: string;
  flags?: FlagDoc[];
  examples?: Array<{ command: string; description: string }>;
  subcommands?: Documented[];
}

/**
 * Whether `args` ask for help: -h/--help among the flags (before `--` or the first
 * operand), for the command or for its subcommand (`pipe ls --help`). `-h` counts only
 * when the command does not declare -h itself.
 */
export function helpWanted(cmd: Documented, args: readonly string[]): { sub?: Documented } | null {
  const sub = cmd.subcommands?.find((s) => s.name === args[0]);
  const target = sub ?? cmd;
  const words = sub ? args.slice(1) : args;
  const declared = new Set(flagNames(target.flags));
  const specs = specsOf(target.flags ?? []);
  for (let i = 0; i < words.length; i++) {
    const a = words[i]!;
    if (a === '--') return null;
    if (a === '--help' || (a === '-h' && !declared.has('-h'))) return sub ? { sub } : {};
    if (!a.startsWith('-') || a === '-') {
      // The first operand: flags end here for commands without subcommands (spawn CMD --help).
      if (!sub && cmd.subcommands?.length && i === 0) return null;
      return null;
    }
    const s = specs.find((x) => x.names.includes(a.split('=')[0]!));
    if (s?.value === 'required' && !a.includes('=')) i++;
  }
  return null;
}
