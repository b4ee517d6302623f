// aosh's command line: the option table (--help, completion and the docs test read it) and
// argv -> CliOptions, bash's invocation options included. cli.ts runs what this parses.
import { applyPermissionFlag, emptyPermissions, type PermissionSet } from './kernel/permissions.js';
import { limitFloorError } from './kernel/cgroups.js';
import { parseFlags, values, type FlagDoc, type ParseOptions } from './builtins/flags.js';
import { isPermissionWord, parseCpuValue, parseMem, parsePidsValue } from './builtins/spawn.js';
import type { Limits } from './kernel/process-table.js';

/** aosh's own options: parsed, shown by --help, completed and checked from this one table (flags.ts). */
export const CLI_FLAGS: FlagDoc[] = [
  { flag: '-c COMMANDS', key: 'command', description: 'run COMMANDS ($0 = NAME, $1... = ARGS); aosh options may follow COMMANDS, the first other word is $0' },
  { flag: '-e, -u, -x, -f, -C, -a, -n, -v, …', key: 'shellFlags', repeat: true, match: (w) => /^[-+][abefkmnpuvxBCEHPT]+$/.test(w), description: "set shell options as `set` does (+e unsets); bash's letters but -h (help here) and -t" },
  { flag: '-i', key: 'forceInteractive', description: 'an interactive shell (the default when stdin is a terminal; over a pipe it prompts on stderr, as bash -i)' },
  { flag: '-O SHOPT', key: 'shopt', repeat: true, description: 'set a shopt option before the script runs (-O extglob); +O SHOPT unsets it' },
  { flag: '--norc', description: 'do not read aoshrc in an interactive session' },
  { flag: '--rcfile FILE', key: 'rcfile', description: 'read FILE instead of aoshrc in an interactive session (also --init-file)' },
  { flag: '--init-file FILE', key: 'rcfile', hidden: true, description: 'as --rcfile' },
  { flag: '--noprofile, --noediting, -l, --login', key: 'bashNoop', repeat: true, match: (w) => ['--noprofile', '--noediting', '-l', '--login'].includes(w), description: "bash's; accepted for scripts and tools that pass them (aosh reads no profile files; -l sets shopt login_shell)" },
  { flag: '--posix', description: 'set -o posix' },
  { flag: '--verbose', description: 'set -v' },
  { flag: '-s', key: 'readStdin', description: 'read the commands from standard input, as with no FILE; the words after the options are $1... (bash -s)' },
  { flag: '-o OPT', key: 'setOption', repeat: true, description: 'set a shell option by name (-o pipefail); +o OPT unsets it' },
  { flag: '--allow-KIND[=...], --deny-KIND[=...], -A', key: 'permissions', repeat: true, match: isPermissionWord, description: 'permissions (KIND: net, read, write, run, env, e.g. --allow-net=api.example.com, --allow-write=/data); -A allows everything; --deny-* wins over --allow-*' },
  { flag: '--no-sandbox', description: 'run stages without namespaces (isolation "none", warned)' },
  { flag: '--budget-tokens N', description: 'session LLM budget in tokens, refused before sending (env AOSH_BUDGET_TOKENS)', parse: values.number() },
  { flag: '--budget-usd X', description: 'session LLM budget in US dollars (env AOSH_BUDGET_USD)', parse: values.number() },
  { flag: '--record FILE', description: 'append every LLM exchange to a cassette (env AOSH_RECORD)' },
  { flag: '--replay FILE', description: 'answer LLM calls from a cassette, offline (env AOSH_REPLAY)' },
  { flag: '--mem SIZE', description: 'default memory limit of every stage (256M, 1G)', parse: parseMem },
  { flag: '--cpu N', description: 'default cpu limit of every stage in cores (0.5)', parse: parseCpuValue },
  { flag: '--pids N', description: 'default limit on processes per stage (64)', parse: parsePidsValue },
  { flag: '--web', description: "serve this session's dashboard on 127.0.0.1 (URL on stderr); see aosh help dashboard" },
  { flag: '-V, --version', description: 'print the version' },
  { flag: '-h, --help', description: 'print this help (aosh help NAME for a builtin or subcommand)' },
];

/** Options that may also follow `-c COMMANDS` (bash would take them as $0/$1). */
const AFTER_COMMAND = CLI_FLAGS.filter((f) => f.flag.startsWith('--') && f.key !== 'permissions');
const PERMISSION_FLAG = CLI_FLAGS.find((f) => f.key === 'permissions')!;

/** The environment spellings of the LLM options (checked like the flags). */
export const ENV_OPTIONS: Array<[string, string]> = [
  ['AOSH_BUDGET_TOKENS', '--budget-tokens'],
  ['AOSH_BUDGET_USD', '--budget-usd'],
  ['AOSH_RECORD', '--record'],
  ['AOSH_REPLAY', '--replay'],
];

export interface CliOptions {
  permissions: PermissionSet;
  permissionsGiven: boolean;
  /** The permission flags, in order (applied over the session defaults). */
  permissionFlags: string[];
  noSandbox: boolean;
  /** Default stage limits (--mem/--cpu/--pids). */
  limits: Limits;
  shellFlags: string[];
  command?: string;
  file?: string;
  args: string[];
  subcommand?: string;
  llm: { record?: string; replay?: string; budgetTokens?: number; budgetUsd?: number };
  /** --web: serve the dashboard for this session. */
  web?: boolean;
  /** -s: commands from stdin even with words after the options (they are the arguments). */
  readStdin?: boolean;
  /** -O NAME / +O NAME, in order: [name, on]. */
  shopts: Array<[string, boolean]>;
  /** --norc (null) or --rcfile FILE; unset: aoshrc. */
  rcFile?: string | null;
  login?: boolean;
  /** -i */
  forceInteractive?: boolean;
}

export class CliUsageError extends Error {}

function applyOptions(opts: CliOptions, o: Record<string, unknown>): void {
  for (const w of (o.shellFlags as string[] | undefined) ?? []) opts.shellFlags.push(w);
  for (const name of (o.setOption as string[] | undefined) ?? []) opts.shellFlags.push(name.startsWith('+o:') ? '+o' : '-o', name.replace(/^\+o:/, ''));
  for (const w of (o.permissions as string[] | undefined) ?? []) {
    try {
      applyPermissionFlag(opts.permissions, w);
    } catch (e) {
      throw new CliUsageError((e as Error).message);
    }
    opts.permissionsGiven = true;
    opts.permissionFlags.push(w);
  }
  if (o.noSandbox) opts.noSandbox = true;
  if (o.web) opts.web = true;
  if (o.readStdin) opts.readStdin = true;
  if (o.forceInteractive) opts.forceInteractive = true;
  for (const name of (o.shopt as string[] | undefined) ?? []) opts.shopts.push(name.startsWith('+O:') ? [name.slice(3), false] : [name, true]);
  if (o.norc) opts.rcFile = null;
  if (o.rcfile !== undefined) opts.rcFile = o.rcfile as string;
  if (o.posix) opts.shellFlags.push('-o', 'posix');
  if (o.verbose) opts.shellFlags.push('-v');
  for (const w of (o.bashNoop as string[] | undefined) ?? []) if (w === '-l' || w === '--login') opts.login = true;
  for (const [key, kind] of [['mem', 'memoryBytes'], ['cpu', 'cpu'], ['pids', 'pids']] as const) {
    if (o[key] === undefined) continue;
    // Below what a stage can start with: refused here, not at the first stage.
    const floor = limitFloorError(kind, o[key] as number, `--${key}`);
    if (floor) throw new CliUsageError(floor);
    opts.limits[kind] = o[key] as number;
  }
  if (o.budgetTokens !== undefined) opts.llm.budgetTokens = o.budgetTokens as number;
  if (o.budgetUsd !== undefined) opts.llm.budgetUsd = o.budgetUsd as number;
  if (o.record !== undefined) opts.llm.record = o.record as string;
  if (o.replay !== undefined) opts.llm.replay = o.replay as string;
}

function parseOrThrow(args: string[], flags: FlagDoc[], popts?: ParseOptions): ReturnType<typeof parseFlags> {
  try {
    return parseFlags(args, flags, popts);
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
}

/** The options that take the next word as their value (`-o OPT`, `--rcfile FILE`), from the table. */
const TAKES_VALUE = new Set(CLI_FLAGS.flatMap((f) => f.flag.split(', ').filter((sp) => / [A-Z]/.test(sp)).map((sp) => sp.split(' ')[0]!)));
TAKES_VALUE.add('+o').add('+O');

/**
 * bash's `-c` is a flag, in a group too (`-ec`, `-cx`), and the commands are the first word
 * after all the options (`bash -c -e -- 'cmd'`, `bash -co pipefail 'cmd'`): that form is
 * rewritten to aosh's `-c COMMANDS`. Anything else comes back as it was.
 */
function commandAfterOptions(argv: string[]): string[] {
  const out: string[] = [];
  let command = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const w = argv[i]!;
    if (w === '--') {
      i++;
      break;
    }
    if (!/^[-+]./.test(w)) break;
    if (w === '-c') {
      command = true;
      continue;
    }
    const group = /^-([abefkmnpuvxBCEHPTisoOc]{2,})$/.exec(w);
    if (group && group[1]!.includes('c')) {
      command = true;
      let letters = '';
      for (const l of group[1]!) {
        if (l === 'c') continue;
        if (l === 'i' || l === 's') out.push(`-${l}`);
        else if (l === 'o' || l === 'O') out.push(`-${l}`, argv[++i] ?? '');
        else letters += l;
      }
      if (letters) out.push(`-${letters}`);
      continue;
    }
    out.push(w);
    if (TAKES_VALUE.has(w) && i + 1 < argv.length) out.push(argv[++i]!);
  }
  if (!command) return argv;
  // (No word left: `-c` alone, which the flag parser reports.)
  return i < argv.length ? [...out, '-c', argv[i]!, ...argv.slice(i + 1)] : [...out, '-c'];
}

/** `subcommands`: the names that are subcommands when they come first (cli.ts's SUBCOMMANDS). */
export function parseArgs(argv: string[], env: Record<string, string | undefined> = {}, subcommands: object = {}): CliOptions | 'help' | 'version' {
  const opts: CliOptions = { permissions: emptyPermissions(), permissionsGiven: false, permissionFlags: [], noSandbox: false, limits: {}, shellFlags: [], args: [], llm: {}, shopts: [] };
  // `aosh -c CMD [NAME ARGS...]` with no option anywhere and none in the environment, the
  // most common start of all: the same result without compiling the flag parser (~0.7 ms).
  if (argv[0] === '-c' && argv[1] !== undefined && !/^[-+]/.test(argv[1]) && !argv.slice(2).some((a) => a.startsWith('-')) && !ENV_OPTIONS.some(([name]) => env[name])) {
    opts.command = argv[1];
    opts.args = argv.slice(2);
    return opts;
  }
  argv = commandAfterOptions(argv);
  // The environment first, checked as the flags are; flags win.
  for (const [name, flag] of ENV_OPTIONS) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    const doc = CLI_FLAGS.find((f) => f.flag.startsWith(flag))!;
    try {
      applyOptions(opts, parseFlags([flag, v], [doc]).opts);
    } catch (e) {
      throw new CliUsageError(`${name}: ${(e as Error).message.replace(/^--[\w-]+: /, '')}`);
    }
  }
  // `+o NAME` takes a value as `-o NAME` does; flags.ts reads only `-` options, so join it.
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '+o' && argv[i + 1] !== undefined) words.push('-o', `+o:${argv[++i]}`);
    else if (argv[i] === '+O' && argv[i + 1] !== undefined) words.push('-O', `+O:${argv[++i]}`);
    else words.push(argv[i]!);
  }
  const first = parseOrThrow(words, CLI_FLAGS, { stopAfter: 'command' });
  if (first.opts.help || first.help) return 'help';
  if (first.opts.version) return 'version';
  applyOptions(opts, first.opts);
  let rest = first.rest;
  if (first.opts.command !== undefined) {
    opts.command = first.opts.command as string;
    // `aosh -c 'agent ...' --budget-usd 1`: aosh's long options still count here; the first
    // other word (even `--` or `-x`, as in bash) is $0.
    const after = parseOrThrow(rest, [...AFTER_COMMAND, PERMISSION_FLAG], { unknownAreOperands: true, dashDashIsOperand: true });
    applyOptions(opts, after.opts);
    opts.args = after.rest;
    return opts;
  }
  if (opts.readStdin) {
    opts.args = rest;
    return opts;
  }
  if (rest.length && Object.hasOwn(subcommands, rest[0]!)) {
    opts.subcommand = rest[0];
    opts.args = rest.slice(1);
    return opts;
  }
  if (rest.length) {
    opts.file = rest[0];
    opts.args = rest.slice(1);
  }
  rest = [];
  return opts;
}
