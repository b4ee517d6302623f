// argv -> mode: repl | -c | file | stdin | subcommand. Kept light: ink, react and the
// LLM SDKs are never imported on the -c / script path.
import { readFileSync } from 'node:fs';
import { isTTY } from './lib/tty.js';
import { Kernel } from './kernel/kernel.js';
import { applyPermissionFlag, emptyPermissions, sessionDefaults, type PermissionSet } from './kernel/permissions.js';
import { parseBytes, parseCpu, parsePids } from './kernel/cgroups.js';
import type { Limits } from './kernel/process-table.js';
import { Shell } from './shell/executor.js';
import { ExitSignal, ShellContext } from './shell/context.js';
import { initShellVariables } from './shell/init.js';
import { isTrapped } from './shell/traps.js';
import { VERSION } from './version.js';

const USAGE = `usage: aosh [OPTIONS] [FILE [ARGS...]]
       aosh [OPTIONS] -c COMMANDS [NAME [ARGS...]]
       aosh [OPTIONS] SUBCOMMAND ...      (think, agent, audit, conv)

A scriptable shell and REPL for AI agents.

Options:
  -c COMMANDS           run COMMANDS ($0 = NAME, $1... = ARGS)
  -e, -u, -x, -o OPT    set shell options as \`set\` does (e.g. -o pipefail)
  --allow-net[=HOSTS]   allow network access (comma-separated hosts)
  --allow-read[=PATHS]  allow reading paths     --allow-write[=PATHS]  allow writing paths
  --allow-run[=CMDS]    allow running commands  --allow-env[=VARS]     allow env variables
  -A, --allow-all       allow everything        --deny-KIND[=...]      deny (wins over allow)
  --no-sandbox          run stages without namespaces (isolation "none", warned)
  --budget-tokens N     session LLM budget in tokens (refused before sending)
  --budget-usd X        session LLM budget in US dollars
  --record FILE         append every LLM exchange to a cassette
  --replay FILE         answer LLM calls from a cassette, offline
  --mem SIZE --cpu N --pids N   default limits for every stage (e.g. 256M, 0.5, 64)
  --version             print the version       -h, --help             print this help

With no FILE and no -c: an interactive session when stdin is a terminal, otherwise
the script is read from stdin.

Exit status: the last command's status; 2 for usage and syntax errors; 126 cannot
execute; 127 not found; 128+N killed by signal N.`;

export interface CliOptions {
  permissions: PermissionSet;
  permissionsGiven: boolean;
  noSandbox: boolean;
  /** Default stage limits (--mem/--cpu/--pids). */
  limits: Limits;
  shellFlags: string[];
  command?: string;
  file?: string;
  args: string[];
  subcommand?: string;
  llm: { record?: string; replay?: string; budgetTokens?: number; budgetUsd?: number };
}

class CliUsageError extends Error {}

export function parseArgs(argv: string[]): CliOptions | 'help' | 'version' {
  const opts: CliOptions = { permissions: emptyPermissions(), permissionsGiven: false, noSandbox: false, limits: {}, shellFlags: [], args: [], llm: {} };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (a === '-h' || a === '--help') return 'help';
    if (a === '--version' || a === '-V') return 'version';
    if (a === '-c') {
      const cmd = argv[i + 1];
      if (cmd === undefined) throw new CliUsageError('-c: option requires an argument');
      opts.command = cmd;
      i += 2;
      break;
    }
    if (a === '--no-sandbox') {
      opts.noSandbox = true;
      continue;
    }
    const limit = /^--(mem|cpu|pids)(?:=(.*))?$/.exec(a);
    if (limit) {
      const value = limit[2] ?? argv[++i];
      if (value === undefined) throw new CliUsageError(`--${limit[1]}: option requires an argument`);
      const parsed = limit[1] === 'mem' ? parseBytes(value) : limit[1] === 'cpu' ? parseCpu(value) : parsePids(value);
      if (parsed === null) throw new CliUsageError(`--${limit[1]}: invalid value: ${value}`);
      opts.limits[limit[1] === 'mem' ? 'memoryBytes' : limit[1] === 'cpu' ? 'cpu' : 'pids'] = parsed;
      continue;
    }
    if (a === '-o' || a === '+o') {
      const name = argv[++i];
      if (!name) throw new CliUsageError(`${a}: option requires an argument`);
      opts.shellFlags.push(a, name);
      continue;
    }
    let isPerm: boolean;
    try {
      isPerm = applyPermissionFlag(opts.permissions, a);
    } catch (e) {
      throw new CliUsageError((e as Error).message);
    }
    if (isPerm) {
      opts.permissionsGiven = true;
      continue;
    }
    if (/^[-+][euxfCa]+$/.test(a)) {
      opts.shellFlags.push(a);
      continue;
    }
    if (a.startsWith('-') && a !== '-') throw new CliUsageError(`${a}: invalid option`);
    break;
  }
  const rest = argv.slice(i);
  if (opts.command !== undefined) {
    opts.args = rest;
    return opts;
  }
  if (rest.length && SUBCOMMANDS.has(rest[0]!)) {
    opts.subcommand = rest[0];
    opts.args = rest.slice(1);
    return opts;
  }
  if (rest.length) {
    opts.file = rest[0];
    opts.args = rest.slice(1);
  }
  return opts;
}

/** `aosh think ...` and friends run the builtin of that name with the process's stdio. */
const SUBCOMMANDS = new Set(['think', 'agent', 'audit', 'conv']);

export async function main(argv: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`aosh: ${(e as Error).message} (see aosh --help)\n`);
    process.exitCode = 2;
    return;
  }
  if (parsed === 'help') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (parsed === 'version') {
    process.stdout.write(`aosh ${VERSION}\n`);
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

async function run(opts: CliOptions): Promise<number> {
  // Secure by default: without flags, no network for stages (sessionDefaults); with flags,
  // exactly what they grant (-A for everything).
  const permissions = opts.permissionsGiven ? opts.permissions : sessionDefaults();
  const kernel = new Kernel({ permissions, home: process.env.AOSH_HOME, sandbox: !opts.noSandbox, limits: opts.limits });
  const interactive = opts.command === undefined && opts.file === undefined && opts.subcommand === undefined && isTTY(0);
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
  installSignalHandlers(shell);

  let source: string;
  let origin: string;
  if (opts.subcommand) {
    ctx.scriptName = 'aosh';
    ctx.positional = [];
    const { quote } = await import('shell-quote');
    source = quote([opts.subcommand, ...opts.args]);
    origin = opts.subcommand;
  } else if (opts.command !== undefined) {
    source = opts.command;
    origin = '-c';
    shell.flagsSuffix = 'c';
    ctx.sourceName = 'environment';
    ctx.scriptName = opts.args[0] ?? 'aosh';
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
    origin = opts.file;
    ctx.scriptName = opts.file;
    ctx.mainFrame = opts.file;
    ctx.positional = opts.args;
  } else if (interactive) {
    // The ink REPL (src/shell/repl); the plain readline prompt with AOSH_PLAIN_REPL=1 or when it fails to load.
    const repl = process.env.AOSH_PLAIN_REPL ? null : await import('./shell/repl/index.js').catch(() => null);
    if (repl) return finish(shell, ctx, await repl.runRepl(shell, ctx));
    const { runLineRepl } = await import('./shell/line-repl.js');
    return finish(shell, ctx, await runLineRepl(shell, ctx));
  } else {
    source = readFileSync(0, 'utf8');
    origin = 'stdin';
    shell.flagsSuffix = 's';
    ctx.scriptName = 'aosh';
  }
  let status: number;
  let exitStack: ExitSignal['callStack'];
  try {
    status = await shell.runSource(source, ctx, origin);
  } catch (e) {
    if (e instanceof ExitSignal) {
      status = e.status;
      exitStack = e.callStack;
    } else throw e;
  }
  return finish(shell, ctx, status, exitStack);
}

async function finish(shell: Shell, ctx: ShellContext, status: number, exitStack?: ExitSignal['callStack']): Promise<number> {
  const exitStatus = await shell.runExitTrap(ctx, status, exitStack);
  shell.kernel.shutdown();
  // The records of this session's processes reach the disk before aosh exits.
  await shell.kernel.closeJournal();
  return exitStatus;
}

function applyShellFlags(ctx: ShellContext, flags: string[]): void {
  const letters: Record<string, keyof ShellContext['options']> = { e: 'errexit', u: 'nounset', x: 'xtrace', f: 'noglob', C: 'noclobber', a: 'allexport' };
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
function installSignalHandlers(shell: Shell): void {
  const forward = (sig: NodeJS.Signals, num: number) => () => {
    if (shell.interrupt(sig)) return;
    if (shell.interactive) return;
    // No foreground job: the signal's default action, as for bash waiting on nothing.
    void flushAndExit(128 + num);
  };
  process.on('SIGINT', () => {
    if (!isTrapped('INT')) forward('SIGINT', 2)();
  });
  process.on('SIGTERM', () => {
    if (isTrapped('TERM')) return;
    shell.kernel.shutdown();
    void flushAndExit(143);
  });
  process.on('SIGHUP', () => {
    if (isTrapped('HUP')) return;
    shell.kernel.shutdown();
    void flushAndExit(129);
  });
  process.on('exit', () => shell.kernel.shutdown());
}

async function flushAndExit(status: number): Promise<void> {
  process.exit(status);
}
