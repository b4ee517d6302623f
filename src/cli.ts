// argv -> mode: repl | -c | file | stdin | subcommand. Kept light: ink, react and the
// LLM SDKs are never imported on the -c / script path.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isTTY } from './lib/tty.js';
import { Kernel } from './kernel/kernel.js';
import { applyPermissionFlag, emptyPermissions, permissionsFromFlags, type PermissionSet } from './kernel/permissions.js';
import { limitFloorError } from './kernel/cgroups.js';
import { parseFlags, suggest, values, type FlagDoc, type ParseOptions } from './builtins/flags.js';
import { isPermissionWord, parseCpuValue, parseMem, parsePidsValue, spawnedAgents } from './builtins/spawn.js';
import type { Limits, ProcEntry } from './kernel/process-table.js';
import { Shell } from './shell/executor.js';
import { ExitSignal, OPTION_LETTERS, ShellContext } from './shell/context.js';
import { initShellVariables } from './shell/init.js';
import { isIgnored, isTrapped, requestFatal, requestInterrupt, takePendingSignals } from './shell/traps.js';
import { VERSION } from './version.js';
import { adoptExtraCaCerts } from './lib/extra-ca.js';
import { runStdinScript } from './shell/stdin-script.js';
import { closeCoprocAtEnd } from './shell/coproc.js';

/** aosh's own options: parsed, shown by --help, completed and checked from this one table (flags.ts). */
export const CLI_FLAGS: FlagDoc[] = [
  { flag: '-c COMMANDS', key: 'command', description: 'run COMMANDS ($0 = NAME, $1... = ARGS); aosh options may follow COMMANDS, the first other word is $0' },
  { flag: '-e, -u, -x, -f, -C, -a, -n, -v, …', key: 'shellFlags', repeat: true, match: (w) => /^[-+][abefkmnpuvxBCEHPT]+$/.test(w), description: "set shell options as `set` does (+e unsets); bash's letters but -h (help here) and -t" },
  { flag: '-i', key: 'forceInteractive', description: 'an interactive session (the default when stdin is a terminal; refused when it is not)' },
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
const ENV_OPTIONS: Array<[string, string]> = [
  ['AOSH_BUDGET_TOKENS', '--budget-tokens'],
  ['AOSH_BUDGET_USD', '--budget-usd'],
  ['AOSH_RECORD', '--record'],
  ['AOSH_REPLAY', '--replay'],
];

interface SubcommandRow {
  /** One line for `aosh --help`. */
  summary: string;
  /** For rows that run a function: their usage line (`aosh completion bash|zsh|fish`). */
  synopsis?: string;
  /** Runs the builtin of this name with the process's stdio (think, agent ...). */
  builtin?: string;
  /** Or runs this (help, completion). */
  run?: (args: string[]) => Promise<number>;
}

/**
 * `aosh NAME ...`: one row per subcommand. Add new ones here (mcp, dashboard ...); help,
 * completion and "did you mean" read this table.
 */
export const SUBCOMMANDS: Record<string, SubcommandRow> = {
  think: { summary: 'one-shot LLM call, usable in bash pipelines', builtin: 'think' },
  agent: { summary: 'the agentic loop with sandboxed tools', builtin: 'agent' },
  conv: { summary: 'the conversations think keeps', builtin: 'conv' },
  audit: { summary: 'verify or show the audit journal', builtin: 'audit' },
  mcp: { summary: 'MCP both ways: serve the kernel to MCP clients, use configured MCP servers', builtin: 'mcp' },
  sandbox: { summary: "what the session's world allows: isolation, network, paths, programs, limits", builtin: 'sandbox' },
  dashboard: { summary: 'a session serving the live web dashboard on 127.0.0.1 until interrupted', builtin: 'dashboard' },
  metrics: { summary: "this session's Prometheus metrics, printed once", builtin: 'metrics' },
  help: { summary: "this help, or a builtin's or subcommand's", synopsis: 'aosh help [NAME [SUBCOMMAND]]', run: (args) => cliHelp(args) },
  completion: { summary: 'a completion script for bash, zsh or fish, to source', synopsis: 'aosh completion bash|zsh|fish', run: (args) => cliCompletion(args) },
};

export const USAGE_HEAD = `usage: aosh [OPTIONS] [FILE [ARGS...]]
       aosh [OPTIONS] -c COMMANDS [OPTIONS] [NAME [ARGS...]]
       aosh [OPTIONS] SUBCOMMAND ...

A scriptable shell and REPL for AI agents. With no FILE and no -c: an interactive session
when stdin is a terminal, otherwise the script is read from stdin.`;

const USAGE_TAIL = `Exit status: the last command's status; 2 for usage and syntax errors; 126 cannot
execute; 127 not found; 128+N killed by signal N. More: aosh help NAME, docs/aosh.1.md.`;

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

class CliUsageError extends Error {}

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

export function parseArgs(argv: string[], env: Record<string, string | undefined> = {}): CliOptions | 'help' | 'version' {
  const opts: CliOptions = { permissions: emptyPermissions(), permissionsGiven: false, permissionFlags: [], noSandbox: false, limits: {}, shellFlags: [], args: [], llm: {}, shopts: [] };
  // `aosh -c CMD [NAME ARGS...]` with no option anywhere and none in the environment, the
  // most common start of all: the same result without compiling the flag parser (~0.7 ms).
  if (argv[0] === '-c' && argv[1] !== undefined && !argv.slice(2).some((a) => a.startsWith('-')) && !ENV_OPTIONS.some(([name]) => env[name])) {
    opts.command = argv[1];
    opts.args = argv.slice(2);
    return opts;
  }
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
  if (rest.length && Object.hasOwn(SUBCOMMANDS, rest[0]!)) {
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

export async function main(argv: string[]): Promise<void> {
  adoptExtraCaCerts();
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv, process.env);
  } catch (e) {
    process.stderr.write(`aosh: ${(e as Error).message} (see aosh --help)\n`);
    process.exitCode = 2;
    return;
  }
  if (parsed === 'help') {
    await cliHelp([]);
    return;
  }
  if (parsed === 'version') {
    await writeOut(`aosh ${VERSION}\n`);
    return;
  }
  const row = parsed.subcommand ? SUBCOMMANDS[parsed.subcommand] : undefined;
  if (row?.run && (parsed.args[0] === '--help' || parsed.args[0] === '-h')) {
    await writeOut(`${row.synopsis}\n\n  ${row.summary[0]!.toUpperCase()}${row.summary.slice(1)}.\n`);
    return;
  }
  if (row?.run) {
    await flushAndExit(await row.run(parsed.args));
    return;
  }
  // `aosh ps --help`: a builtin's help, when no script of that name exists.
  if (parsed.file !== undefined && (parsed.args[0] === '--help' || parsed.args[0] === '-h') && !existsSync(parsed.file)) {
    await flushAndExit(await cliHelp([parsed.file]));
    return;
  }
  let status: number;
  try {
    status = await run(parsed);
  } catch (e) {
    // A bug, not a user error: one line, the stack only when asked for.
    process.stderr.write(`aosh: internal error: ${(e as Error).message}\n`);
    if (process.env.AOSH_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    status = 70;
  }
  await flushAndExit(status);
}

/**
 * Writes to stdout and waits for it to drain (help through a pipe). A reader gone (EPIPE,
 * `aosh help | head -1`) ends aosh quietly, as SIGPIPE would. Only these paths touch
 * process.stdout: creating the stream costs start-up time that `aosh -c` must not pay
 * (the shell writes to fds directly, and its builtins handle EPIPE themselves).
 */
function writeOut(text: string): Promise<void> {
  if (!stdoutGuarded) {
    stdoutGuarded = true;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(141);
      throw e;
    });
  }
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}
let stdoutGuarded = false;

/** `aosh help [NAME [SUB]]`: aosh's own help, a subcommand's, or a builtin's. */
async function cliHelp(args: string[]): Promise<number> {
  const { renderCliHelp, renderHelp, helpWidth } = await import('./builtins/help-text.js');
  const { getBuiltin, listBuiltins } = await import('./builtins/index.js');
  if (args.length === 0 || args[0] === 'aosh') {
    await writeOut(renderCliHelp(CLI_FLAGS, SUBCOMMANDS, USAGE_HEAD, USAGE_TAIL, listBuiltins().map((x) => x.name)) + '\n');
    return 0;
  }
  const [name, subName] = args as [string, string | undefined];
  const row = SUBCOMMANDS[name];
  const b = getBuiltin(row?.builtin ?? name);
  const width = helpWidth(isTTY(1));
  if (b) {
    const sub = subName ? b.subcommands?.find((s) => s.name === subName) : undefined;
    if (subName && !sub) {
      process.stderr.write(`aosh: help: ${name} has no subcommand ${subName}${suggest(subName, (b.subcommands ?? []).map((s) => s.name))}\n`);
      return 1;
    }
    await writeOut(renderHelp(sub ?? b, width, sub ? b.name : undefined));
    return 0;
  }
  if (row) {
    await writeOut(`${row.synopsis ?? `aosh ${name}`}\n\n  ${row.summary[0]!.toUpperCase()}${row.summary.slice(1)}.\n`);
    return 0;
  }
  const names = [...Object.keys(SUBCOMMANDS), ...listBuiltins().map((x) => x.name)];
  process.stderr.write(`aosh: help: no help topics match \`${name}'${suggest(name, names)}\n`);
  return 1;
}

async function cliCompletion(args: string[]): Promise<number> {
  const shell = args[0];
  const { completionScript } = await import('./cli-completion.js');
  const { listBuiltins } = await import('./builtins/index.js');
  const script = shell ? completionScript(shell, { flags: CLI_FLAGS, subcommands: SUBCOMMANDS, builtins: listBuiltins() }) : null;
  if (script === null) {
    process.stderr.write(`aosh: completion: ${shell === undefined ? 'missing SHELL' : `unknown shell: ${shell}${suggest(shell, ['bash', 'zsh', 'fish'])}`} (usage: aosh completion bash|zsh|fish)\n`);
    return 2;
  }
  await writeOut(script);
  return 0;
}

async function run(opts: CliOptions): Promise<number> {
  // Secure by default: without flags, no network for stages (sessionDefaults); flags change
  // those defaults (permissionsFromFlags: a list replaces the default, -A grants all).
  const permissions = permissionsFromFlags(opts.permissionFlags);
  const kernel = new Kernel({ permissions, home: process.env.AOSH_HOME, sandbox: !opts.noSandbox, limits: opts.limits });
  // --record/--replay/--budget-* (flags over AOSH_* variables, already merged by parseArgs):
  // the LLM service is built from these on the first think. The budget variables are
  // taken out of its environment so a flag replaces them instead of adding a second budget.
  const llm = opts.llm;
  if (llm.record || llm.replay || llm.budgetTokens !== undefined || llm.budgetUsd !== undefined) {
    const env = { ...process.env };
    delete env.AOSH_BUDGET_TOKENS;
    delete env.AOSH_BUDGET_USD;
    const budget = { scope: 'session' as const, ...(llm.budgetTokens !== undefined ? { tokens: Math.floor(llm.budgetTokens) } : {}), ...(llm.budgetUsd !== undefined ? { usd: llm.budgetUsd } : {}) };
    kernel.llmOptions = { env, record: llm.record, replay: llm.replay, ...(budget.tokens !== undefined || budget.usd !== undefined ? { budgets: [budget] } : {}) };
  }
  const interactive = opts.command === undefined && opts.file === undefined && opts.subcommand === undefined && isTTY(0);
  if (opts.forceInteractive && !interactive) {
    // bash -i over a pipe prompts and reads on; aosh's interactive session is a terminal's.
    process.stderr.write(`aosh: -i: an interactive session needs a terminal on stdin and no -c or FILE (a script on a pipe runs as it arrives: leave out -i)\n`);
    return 2;
  }
  const shell = new Shell({ kernel, interactive });
  const ctx = new ShellContext();
  const mode = opts.command !== undefined || opts.subcommand ? '-c' : opts.file !== undefined ? 'file' : interactive ? 'interactive' : 'stdin';
  initShellVariables(ctx, { env: process.env, mode, aoshVersion: VERSION, self: process.argv[1] });
  try {
    applyShellFlags(ctx, opts.shellFlags);
  } catch (e) {
    process.stderr.write(`aosh: ${(e as Error).message}\n`);
    return 2;
  }
  for (const [name, on] of opts.shopts) {
    if (name in ctx.shopt && name !== 'login_shell') ctx.shopt[name as keyof ShellContext['shopt']] = on;
    else {
      process.stderr.write(`aosh: ${name}: invalid shell option name\n`);
      return 2;
    }
  }
  if (opts.login) ctx.shopt.login_shell = true;
  // As `set -o posix` does (shell-access.ts): the programs it runs read the variable.
  if (ctx.options.posix) ctx.store.assign('POSIXLY_CORRECT', 'y');
  if (opts.rcFile !== undefined) shell.rcFile = opts.rcFile;
  installSignalHandlers(shell, ctx);
  if (opts.web) {
    // The page's spawns get the session's exported variables and directory at the time.
    const web = await import('./web/index.js');
    try {
      const d = await web.startDashboard(kernel, { env: () => ctx.environment(), cwd: () => ctx.cwd });
      process.stderr.write(`aosh: dashboard at ${d.url}\n`);
    } catch (e) {
      process.stderr.write(`aosh: --web: ${(e as Error).message}\n`);
      return 1;
    }
  }

  let source: string;
  let origin: string;
  let fromStdin = false;
  if (opts.subcommand) {
    ctx.scriptName = 'aosh';
    ctx.positional = [];
    const { quote } = await import('shell-quote');
    // `aosh dashboard` serves until interrupted; inside a session `dashboard` returns at once.
    const args = opts.subcommand === 'dashboard' && !opts.args.includes('url') && !opts.args.includes('stop') ? ['--foreground', ...opts.args] : opts.args;
    source = quote([opts.subcommand, ...args]);
    origin = opts.subcommand;
  } else if (opts.command !== undefined) {
    source = opts.command;
    origin = '-c';
    shell.flagsSuffix = 'c';
    ctx.sourceName = 'environment';
    ctx.scriptName = opts.args[0] ?? invokedAs();
    ctx.positional = opts.args.slice(1);
  } else if (opts.file !== undefined) {
    try {
      source = readFileSync(opts.file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      process.stderr.write(`aosh: ${opts.file}: ${code === 'ENOENT' ? 'No such file or directory' : code === 'EISDIR' ? 'Is a directory' : (e as Error).message}\n`);
      return code === 'ENOENT' ? 127 : 126;
    }
    if (source.startsWith('#!')) source = '#' + source.slice(2); // the shebang line is a comment
    // A backslash ending the file joins the line with the end of input, and is gone (bash).
    if (/(?:^|[^\\])(?:\\\\)*\\$/.test(source)) source = source.slice(0, -1);
    origin = opts.file;
    ctx.scriptName = opts.file;
    ctx.mainFrame = opts.file;
    ctx.positional = opts.args;
  } else if (interactive) {
    ctx.positional = opts.args; // aosh -s ARGS at a terminal
    // The ink REPL (src/shell/repl); the plain readline prompt with AOSH_PLAIN_REPL=1 or when it fails to load.
    const repl = process.env.AOSH_PLAIN_REPL ? null : await import('./shell/repl/index.js').catch(() => null);
    if (repl) return finish(shell, ctx, await repl.runRepl(shell, ctx));
    const { runLineRepl } = await import('./shell/line-repl.js');
    return finish(shell, ctx, await runLineRepl(shell, ctx));
  } else {
    // Read as it runs, a command at a time (stdin-script.ts).
    source = '';
    fromStdin = true;
    origin = 'stdin';
    shell.flagsSuffix = 's';
    ctx.scriptName = invokedAs();
    ctx.positional = opts.args;
  }
  // bash fills BASH_ARGV/BASH_ARGC with the start-up arguments when its start-up sources a
  // file (always so when run by a program through a socket, as agents run it); -c keeps its
  // string in BASH_EXECUTION_STRING.
  ctx.argFrames = [[...ctx.positional]];
  if (origin === '-c') ctx.set('BASH_EXECUTION_STRING', source);
  let status: number;
  let ended: 'end' | 'exit' = 'end';
  let exitStack: ExitSignal['callStack'];
  try {
    status = fromStdin ? await runStdinScript(shell, ctx) : await shell.runSource(source, ctx, origin);
    // A signal that came with the last command (`kill -USR1 $$` last) still gets its trap.
    if (takePendingSignals.pending) await takePendingSignals(shell, ctx);
  } catch (e) {
    if (e instanceof ExitSignal) {
      status = e.status;
      exitStack = e.callStack;
    } else throw e;
    ended = 'exit';
  }
  // Agents and jobs cannot outlive aosh (stages die with it). At the end of the input aosh
  // waits for them, so their work gets done as a bash script's background jobs would;
  // after `exit` or an error it ends them and says so (docs/reference.md "Scripts and agents").
  closeCoprocAtEnd(ctx);
  await settleBackground(shell, ended, origin && origin !== '-c' && origin !== 'stdin' ? origin : 'aosh');
  return finish(shell, ctx, status, exitStack);
}

/**
 * $0 under -c and from stdin: the name aosh was started by, as bash's is its argv[0] — "aosh",
 * or "bash" through a link of that name (a test harness's, a distribution's alternative).
 * The directory is left off: through its #! line bin/aosh only learns the full path.
 */
function invokedAs(): string {
  const name = basename(process.argv[1] ?? '');
  return name && !/\.[cm]?js$/.test(name) ? name : 'aosh'; // `node dist/cli.js` is aosh too
}

async function settleBackground(shell: Shell, ended: 'end' | 'exit', origin: string): Promise<void> {
  // The user's agents (spawn) and jobs (&): not the kernel's own helpers (an MCP server
  // stage, a syscall task), which end with the session as before.
  const isLive = (e: ProcEntry): boolean => e.state === 'running' || e.state === 'stopped' || e.state === 'restarting';
  const jobEntries = shell.jobs.list().flatMap((j) => j.entryIds.map((id) => shell.kernel.procs.get(id)).filter((e): e is ProcEntry => e !== undefined));
  const live = [...new Set([...spawnedAgents(shell.kernel), ...jobEntries])].filter(isLive);
  // A process substitution still writing (`echo x > >(sleep 1; cat)` last): bash's would
  // go on as an orphan and its output still reach whoever reads ours. Ours are tasks of
  // this process, so let them finish quietly (their input is closed), for a while.
  const substs = shell.kernel.procs.list().filter((e) => e.name === 'procsub');
  if (substs.length) await Promise.race([Promise.all(substs.map((e) => shell.kernel.wait(e))), new Promise((r) => setTimeout(r, PROCSUBST_GRACE_MS).unref())]);
  if (!live.length) return;
  const names = live.map((e) => e.name).join(', ');
  if (ended === 'exit') {
    process.stderr.write(`aosh: ${origin === 'aosh' ? '' : `${origin}: `}exit ended what was still running: ${names} (wait for it before exit to let it finish)\n`);
    return;
  }
  if (isTTY(2)) process.stderr.write(`aosh: waiting for ${names} (Ctrl-C ends ${live.length === 1 ? 'it' : 'them'})\n`);
  // A stopped job would never end: continue it, as bash's `wait` would leave it stopped forever.
  for (const e of live) if (e.state === 'stopped') shell.kernel.signal(e, 'SIGCONT');
  let presses = 0;
  interruptEndsBackground = () => {
    // Ctrl-C: SIGINT to them; again: they are killed.
    if (presses++ === 0) for (const e of live) shell.kernel.signal(e, 'SIGINT');
    else shell.kernel.shutdown();
  };
  await Promise.all(live.map((e) => shell.kernel.wait(e)));
  interruptEndsBackground = null;
}

/** How long a script's end waits for process substitutions still running. */
const PROCSUBST_GRACE_MS = 10_000;

/** Set while a script's end waits for its agents: Ctrl-C passes to them. */
let interruptEndsBackground: (() => void) | null = null;

async function finish(shell: Shell, ctx: ShellContext, status: number, exitStack?: ExitSignal['callStack']): Promise<number> {
  const exitStatus = await shell.runExitTrap(ctx, status, exitStack);
  shell.kernel.shutdown();
  // The records of this session's processes reach the disk before aosh exits.
  await shell.kernel.closeJournal();
  return exitStatus;
}

function applyShellFlags(ctx: ShellContext, flags: string[]): void {
  const letters = OPTION_LETTERS;
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i]!;
    if (f === '-o' || f === '+o') {
      const name = flags[++i]!;
      if (!(name in ctx.options)) throw new Error(`${name}: invalid option name`);
      ctx.options[name as keyof ShellContext['options']] = f === '-o';
      continue;
    }
    for (const l of f.slice(1)) ctx.options[letters[l]!] = f[0] === '-';
  }
}

/** Ctrl-C goes to the foreground job, never kills the shell while one runs. */
function installSignalHandlers(shell: Shell, ctx: ShellContext): void {
  // The default action of a signal that ends the shell. With an EXIT trap set, bash runs it
  // first: the script stops at its next statement and ends through the trap (traps.ts);
  // if it is blocked (a `read`, a `wait`), the trap runs from here shortly after.
  const dieBy = (num: number): void => {
    const action = ctx.traps.get('EXIT');
    if (shell.interactive || action === undefined || action === '') {
      shell.kernel.shutdown();
      void flushAndExit(128 + num);
      return;
    }
    const timer = setTimeout(() => {
      void Promise.resolve(shell.runExitTrap(ctx, ctx.lastStatus)).finally(() => {
        shell.kernel.shutdown();
        void flushAndExit(128 + num);
      });
    }, 500);
    requestFatal(128 + num, () => clearTimeout(timer));
  };
  const forward = (sig: NodeJS.Signals, num: number) => () => {
    if (shell.interrupt(sig)) return;
    if (interruptEndsBackground) {
      interruptEndsBackground();
      return;
    }
    if (shell.interactive) return;
    // No foreground job: the signal's default action, as for bash waiting on nothing.
    dieBy(num);
  };
  // A trapped signal still reaches the foreground command, as the process group it shares
  // with bash would get it (`timeout 10 script`, Ctrl-C): the trap runs once it has ended.
  // Ignored (`trap '' SIG`) it reaches nothing, as bash's children inherit the ignoring.
  const trapped = (sig: string): boolean => {
    if (!isTrapped(sig)) return false;
    if (!isIgnored(sig)) shell.interrupt(`SIG${sig}` as NodeJS.Signals);
    return true;
  };
  process.on('SIGINT', () => {
    if (trapped('INT')) return;
    // The interactive shell abandons the rest of the running line (traps.ts).
    if (shell.interactive) requestInterrupt();
    forward('SIGINT', 2)();
  });
  // Ctrl-\ while a command runs: the terminal sends SIGQUIT to aosh's group, not the job's.
  // bash ignores SIGQUIT in every mode; the job gets it (node's default would end aosh).
  process.on('SIGQUIT', () => {
    if (!trapped('QUIT')) shell.interrupt('SIGQUIT');
  });
  process.on('SIGTERM', () => {
    if (trapped('TERM')) return;
    if (ctx.traps.has('EXIT') && !shell.interactive) shell.interrupt('SIGTERM');
    dieBy(15);
  });
  process.on('SIGHUP', () => {
    if (trapped('HUP')) return;
    if (ctx.traps.has('EXIT') && !shell.interactive) {
      shell.interrupt('SIGHUP');
      dieBy(1);
    } else void hangup(shell);
  });
  // Without a listener Node answers SIGUSR1 by opening its inspector on 127.0.0.1:9229, a
  // port anyone on the host could use to run code in the kernel, outside every sandbox
  // (`kill -USR1 $$` in a script did it). Untrapped, it ends aosh as it ends bash.
  process.on('SIGUSR1', () => {
    if (isTrapped('USR1')) return;
    dieBy(10);
  });
  process.on('exit', () => shell.kernel.shutdown());
}

let hangingUp = false;

/**
 * The terminal is gone (SIGHUP, or EOF/EIO on the REPL's keyboard). As bash does: HUP to
 * every job and agent, then aosh ends by SIGHUP itself. Why not process.exit(129): Node 20
 * restores the terminal's modes at exit (node::ResetStdio) and aborts when tcsetattr fails
 * with EIO on a hung-up terminal; the abort then crashes while printing its own backtrace
 * (the segfault in libgcc_s that dmesg showed, nodejs/node#51519, fixed only in later
 * Node). A death by the default SIGHUP action runs no exit-time C++ code: no abort, no core.
 */
async function hangup(shell: Shell): Promise<void> {
  if (hangingUp) return;
  hangingUp = true;
  // Nothing can be shown any more: writes to the terminal fail with EIO.
  for (const s of [process.stdout, process.stderr]) s.on('error', () => undefined);
  const live = shell.kernel.procs.list().filter((e) => e.state === 'running' || e.state === 'stopped' || e.state === 'restarting');
  for (const e of live) {
    try {
      shell.kernel.signal(e, 'SIGHUP');
      if (e.state === 'stopped') shell.kernel.signal(e, 'SIGCONT');
    } catch {
      // already gone
    }
  }
  const ended = (ms: number): Promise<unknown> => Promise.race([Promise.all(live.map((e) => shell.kernel.wait(e))), new Promise((r) => setTimeout(r, ms).unref())]);
  await ended(1000);
  // What ignored SIGHUP is killed; the records reach the journal.
  shell.kernel.shutdown();
  await ended(1000);
  await shell.kernel.closeJournal().catch(() => undefined);
  // The JS exit handlers (cgroup removal, ...) run as they would on process.exit.
  process.emit('exit', 129);
  process.removeAllListeners('SIGHUP');
  process.kill(process.pid, 'SIGHUP');
  // Not reached when the default action ended us.
  setTimeout(() => process.exit(129), 100).unref();
}

async function flushAndExit(status: number): Promise<void> {
  process.exit(status);
}
