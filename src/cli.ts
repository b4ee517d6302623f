// argv -> mode: repl | -c | file | stdin | subcommand. Kept light: ink, react and the
// LLM SDKs are never imported on the -c / script path.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isTTY } from './lib/tty.js';
import { Kernel } from './kernel/kernel.js';
import { permissionsFromFlags } from './kernel/permissions.js';
import { suggest } from './builtins/flags.js';
import { spawnedAgents } from './builtins/spawn.js';
import type { ProcEntry } from './kernel/process-table.js';
import { signalNumber, takeSelfSignal } from './kernel/signals.js';
import { Shell } from './shell/executor.js';
import { argFrames, ExitSignal, OPTION_LETTERS, ShellContext } from './shell/context.js';
import { initShellVariables, interactiveShellVariables } from './shell/init.js';
import { isIgnored, isTrapped, requestFatal, requestInterrupt, takePendingSignals } from './shell/traps.js';
import { VERSION } from './version.js';
import { CLI_FLAGS, parseArgs, type CliOptions } from './cli-args.js';

export { CLI_FLAGS };
import { adoptExtraCaCerts } from './lib/extra-ca.js';
import { runStdinScript, type StdinHooks } from './shell/stdin-script.js';
import { endsInBackslash, isBinaryScript, scriptText } from './shell/source.js';
import { posixShopts } from './shell/shell-access.js';
import { importOptionLists, sourceBashEnv } from './shell/startup-env.js';
import { closeCoprocAtEnd } from './shell/coproc.js';
import { closeKeptSubstFds } from './shell/subst.js';


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


export async function main(argv: string[]): Promise<void> {
  adoptExtraCaCerts();
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv, process.env, SUBCOMMANDS);
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
  // The terminal session (the line editor, repl/) when stdin is a terminal and there is no
  // script; -i makes any other shell interactive as bash -i does (interactive-pipe.ts).
  const repl = opts.command === undefined && opts.file === undefined && opts.subcommand === undefined && isTTY(0);
  const interactive = repl || (opts.forceInteractive === true && opts.subcommand === undefined);
  const shell = new Shell({ kernel, interactive });
  const ctx = new ShellContext();
  const mode = opts.command !== undefined || opts.subcommand ? '-c' : opts.file !== undefined ? 'file' : repl ? 'interactive' : 'stdin';
  initShellVariables(ctx, { env: process.env, mode, aoshVersion: VERSION, self: process.argv[1], hostname: kernel.hostname });
  if (interactive && !repl) interactiveShellVariables(ctx);
  try {
    applyShellFlags(ctx, opts.shellFlags);
  } catch (e) {
    process.stderr.write(`aosh: ${(e as Error).message}\n`);
    return 2;
  }
  importOptionLists(ctx, process.env);
  for (const [name, on] of opts.shopts) {
    if (name in ctx.shopt && name !== 'login_shell') ctx.shopt[name as keyof ShellContext['shopt']] = on;
    else {
      process.stderr.write(`aosh: ${name}: invalid shell option name\n`);
      return 2;
    }
  }
  if (opts.login) ctx.shopt.login_shell = true;
  // POSIXLY_CORRECT in the environment starts bash in posix mode too.
  if (ctx.store.get('POSIXLY_CORRECT') !== undefined) ctx.options.posix = true;
  // As `set -o posix` does (shell-access.ts): the programs it runs read the variable.
  if (ctx.options.posix) {
    if (ctx.store.get('POSIXLY_CORRECT') === undefined) ctx.store.assign('POSIXLY_CORRECT', 'y');
    posixShopts(ctx, true, interactive);
  }
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
    let bytes: Buffer;
    try {
      bytes = readFileSync(opts.file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      process.stderr.write(`aosh: ${opts.file}: ${code === 'ENOENT' ? 'No such file or directory' : code === 'EISDIR' ? 'Is a directory' : (e as Error).message}\n`);
      return code === 'ENOENT' ? 127 : 126;
    }
    if (isBinaryScript(bytes)) {
      process.stderr.write(`aosh: ${opts.file}: cannot execute binary file\n`);
      return 126;
    }
    source = scriptText(bytes.toString('utf8'));
    if (source.startsWith('#!')) source = '#' + source.slice(2); // the shebang line is a comment
    // A backslash ending the file joins the line with the end of input, and is gone (bash).
    if (endsInBackslash(source)) source = source.slice(0, -1);
    origin = opts.file;
    ctx.scriptName = opts.file;
    ctx.mainFrame = opts.file;
    ctx.positional = opts.args;
  } else if (repl) {
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
  // (BASH_ARGV's frames are made on first reference: specials.ts.) -c keeps its string in
  // BASH_EXECUTION_STRING.
  if (ctx.shopt.extdebug) argFrames(ctx);
  if (origin === '-c') ctx.set('BASH_EXECUTION_STRING', source);
  let status: number;
  let ended: 'end' | 'exit' = 'end';
  let exitStack: ExitSignal['callStack'];
  try {
    if (!opts.subcommand && !interactive) await sourceBashEnv(shell, ctx);
    let hooks: StdinHooks | undefined;
    if (interactive) {
      // -i without a terminal: bash -i's start-up (its bashrc is aosh's aoshrc), then prompts
      // on stderr when the commands come from a pipe (interactive-pipe.ts).
      process.stderr.write('aosh: no job control in this shell\n');
      shell.onJobStarted = (job) => process.stderr.write(`[${job.id}] ${job.pids[job.pids.length - 1] ?? `%${job.id}`}\n`);
      const { sourceRc } = await import('./shell/rc.js');
      const rc = await sourceRc(shell, ctx, undefined, (t) => process.stderr.write(t));
      if (rc !== null) throw new ExitSignal(rc);
      if (fromStdin) hooks = (await import('./shell/interactive-pipe.js')).interactivePipeHooks(shell, ctx);
    }
    status = fromStdin ? await runStdinScript(shell, ctx, hooks) : await shell.runSource(source, ctx, origin);
    if (hooks) process.stderr.write('exit\n');
    // A signal that came with the last command (`kill -USR1 $$` last) still gets its trap.
    if (takePendingSignals.pending) await takePendingSignals(shell, ctx);
  } catch (e) {
    if (e instanceof ExitSignal) {
      status = e.status;
      exitStack = e.callStack;
      if (interactive && e.byExit) process.stderr.write('exit\n');
    } else throw e;
    ended = 'exit';
  }
  // Agents and jobs cannot outlive aosh (stages die with it). At the end of the input aosh
  // waits for them, so their work gets done as a bash script's background jobs would;
  // after `exit` or an error it ends them and says so (docs/reference.md "Scripts and agents").
  closeCoprocAtEnd(ctx);
  await settleBackground(shell, ctx, ended, origin && origin !== '-c' && origin !== 'stdin' ? origin : 'aosh');
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

async function settleBackground(shell: Shell, ctx: ShellContext, ended: 'end' | 'exit', origin: string): Promise<void> {
  // The user's agents (spawn) and jobs (&): not the kernel's own helpers (an MCP server
  // stage, a syscall task), which end with the session as before.
  const isLive = (e: ProcEntry): boolean => e.state === 'running' || e.state === 'stopped' || e.state === 'restarting';
  const jobEntries = shell.jobs.list().flatMap((j) => j.entryIds.map((id) => shell.kernel.procs.get(id)).filter((e): e is ProcEntry => e !== undefined));
  const live = [...new Set([...spawnedAgents(shell.kernel), ...jobEntries])].filter(isLive);
  // A process substitution still writing (`echo x > >(sleep 1; cat)` last): bash's would
  // go on as an orphan and its output still reach whoever reads ours. Ours are tasks of
  // this process, so let them finish quietly (their input is closed), for a while.
  // One the shell still writes to (`exec > >(tr a-z A-Z)`) ends after the EXIT trap (finish).
  if (!closeKeptSubstFds(ctx, false)) await settleProcSubsts(shell);
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

async function settleProcSubsts(shell: Shell): Promise<void> {
  const substs = shell.kernel.procs.list().filter((e) => e.name === 'procsub' && (e.state === 'running' || e.state === 'stopped'));
  if (substs.length) await Promise.race([Promise.all(substs.map((e) => shell.kernel.wait(e))), new Promise((r) => setTimeout(r, PROCSUBST_GRACE_MS).unref())]);
}

/** How long a script's end waits for process substitutions still running. */
const PROCSUBST_GRACE_MS = 10_000;

/** Set while a script's end waits for its agents: Ctrl-C passes to them. */
let interruptEndsBackground: (() => void) | null = null;

async function finish(shell: Shell, ctx: ShellContext, status: number, exitStack?: ExitSignal['callStack']): Promise<number> {
  const exitStatus = await shell.runExitTrap(ctx, status, exitStack);
  // What bash's exit does to a process substitution it still held: its input ends.
  closeKeptSubstFds(ctx, true);
  await settleProcSubsts(shell);
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
  // (One the shell sent itself, `kill -TERM $$`, is its own: the command runs on.)
  const trapped = (sig: string): boolean => {
    const own = takeSelfSignal(signalNumber(sig) ?? 0);
    if (!isTrapped(sig)) return false;
    if (!isIgnored(sig) && !own) shell.interrupt(`SIG${sig}` as NodeJS.Signals);
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
