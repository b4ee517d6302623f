// agent: the agentic loop as a builtin (and `aosh agent ...` from bash). Statically imports
// only types: the loop (src/kernel/agent) and the LLM layer are loaded with import() when
// agent runs, so registering it costs nothing at startup.
import { spinnerFor, wantColor } from './spinner.js';
import type { Builtin, BuiltinContext } from './types.js';
import type { ApprovalMode, AgentEvent } from '../kernel/agent/types.js';

/** A write's diff under its progress line, indented (kept short here: agent trace has it all). */
function indentDiff(diff: string): string {
  return diff.replace(/\n$/, '').split('\n').map((l) => `    ${l}\n`).join('');
}

const DIFF_LINES_SHOWN = 60;

/** Exit statuses (kept in step with AGENT_EXIT in src/kernel/agent/types.ts). */
const EXIT = { OK: 0, ERROR: 1, USAGE: 2, NO_PROVIDER: 4 } as const;

export interface AgentArgs {
  mode?: ApprovalMode;
  maxTurns?: number;
  budgetUsd?: number;
  budgetTokens?: number;
  execTimeoutSec?: number;
  permissionFlags: string[];
  resume?: string;
  json: boolean;
  quiet: boolean;
  /** --yolo was given (it sets mode auto). */
  yolo?: boolean;
  /** --no-mcp: leave out the configured MCP servers' tools. */
  noMcp: boolean;
  model?: string;
  provider?: 'gemini' | 'openai';
  task: string[];
}

class Usage extends Error {}

export function parseAgentArgs(argv: string[]): AgentArgs {
  const a: AgentArgs = { permissionFlags: [], json: false, quiet: false, noMcp: false, task: [] };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | undefined;
    if (/^--(allow|deny)-/.test(arg) || arg === '-A') {
      a.permissionFlags.push(arg);
      continue;
    }
    if (arg.startsWith('--') && arg.includes('=')) [arg, inline] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new Usage(`${arg} needs a value`);
      return v;
    };
    const number = (min: number, int: boolean): number => {
      const s = value();
      const n = Number(s);
      if (s.trim() === '' || !Number.isFinite(n) || n < min || (int && !Number.isInteger(n))) throw new Usage(`${arg}: bad value: ${s}`);
      return n;
    };
    switch (arg) {
      case '--':
        a.task.push(...argv.slice(i + 1));
        return a;
      case '--mode': {
        const v = value();
        if (v !== 'ask' && v !== 'auto-edit' && v !== 'auto') throw new Usage(`--mode: expected ask|auto-edit|auto, got ${v}`);
        if (a.yolo && v !== 'auto') throw new Usage(`--yolo is --mode auto; it contradicts --mode ${v}`);
        a.mode = v;
        break;
      }
      case '--yolo':
        // gemini-cli's name for "approve everything the permissions allow".
        if (a.mode && a.mode !== 'auto') throw new Usage(`--yolo is --mode auto; it contradicts --mode ${a.mode}`);
        a.yolo = true;
        a.mode = 'auto';
        break;
      case '--max-turns':
        a.maxTurns = number(1, true);
        break;
      case '--budget-usd':
        a.budgetUsd = number(0, false);
        break;
      case '--budget-tokens':
        a.budgetTokens = number(1, true);
        break;
      case '--exec-timeout':
        a.execTimeoutSec = number(0.001, false);
        break;
      case '--resume':
        a.resume = value();
        break;
      case '-m':
      case '--model':
        a.model = value();
        break;
      case '--provider': {
        const v = value();
        if (v !== 'gemini' && v !== 'openai') throw new Usage(`--provider: expected gemini|openai, got ${v}`);
        a.provider = v;
        break;
      }
      case '--json':
        a.json = true;
        break;
      case '-q':
      case '--quiet':
        a.quiet = true;
        break;
      case '--no-mcp':
        a.noMcp = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new Usage(`unknown option: ${arg}`);
        a.task.push(arg);
    }
  }
  return a;
}

async function say(ctx: BuiltinContext, msg: string, status: number): Promise<number> {
  await ctx.stderr.write(`${ctx.name}: ${msg.replace(/\s*\n\s*/g, ' ')}\n`);
  return status;
}

async function write(ctx: BuiltinContext, text: string): Promise<void> {
  try {
    await ctx.stdout.write(text);
  } catch {
    // reader went away (agent ... | head -1)
  }
}

async function home(ctx: BuiltinContext): Promise<string> {
  const { aoshHome } = await import('../kernel/llm/index.js');
  return aoshHome(ctx.kernel);
}

async function runsCommand(ctx: BuiltinContext, argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const bad = argv.find((x) => x !== '--json');
  if (bad !== undefined) return say(ctx, `runs: unexpected argument: ${bad}`, EXIT.USAGE);
  const ag = await import('../kernel/agent/index.js');
  const list = new ag.RunStore(await home(ctx)).list();
  if (json) await write(ctx, list.map((m) => JSON.stringify(ag.runsJson(m)) + '\n').join(''));
  else await write(ctx, ag.formatRuns(list));
  return EXIT.OK;
}

async function traceCommand(ctx: BuiltinContext, argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const rest = argv.filter((x) => x !== '--json');
  if (rest.length !== 1) return say(ctx, 'usage: agent trace ID [--json]', EXIT.USAGE);
  const ag = await import('../kernel/agent/index.js');
  const store = new ag.RunStore(await home(ctx));
  let run;
  try {
    run = store.open(store.resolve(rest[0]!));
  } catch (err) {
    return say(ctx, (err as Error).message, EXIT.ERROR);
  }
  if (json) await write(ctx, run.steps.map((s) => JSON.stringify(s) + '\n').join(''));
  else await write(ctx, ag.formatTrace(run));
  return EXIT.OK;
}

async function rewindCommand(ctx: BuiltinContext, argv: string[]): Promise<number> {
  let to = 1;
  const ids: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    if (x === '--to' || x.startsWith('--to=')) {
      const v = x === '--to' ? argv[++i] : x.slice(5);
      if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1) return say(ctx, `rewind: --to: expected a step number, got ${v ?? 'nothing'}`, EXIT.USAGE);
      to = Number(v);
    } else if (x.startsWith('-')) return say(ctx, `rewind: unknown option: ${x}`, EXIT.USAGE);
    else ids.push(x);
  }
  if (ids.length !== 1) return say(ctx, 'usage: agent rewind ID [--to STEP]', EXIT.USAGE);
  const ag = await import('../kernel/agent/index.js');
  const store = new ag.RunStore(await home(ctx));
  let res;
  try {
    // Through the session's world: a rewind restores and removes only what the session may write.
    res = ag.rewindRun(store, store.resolve(ids[0]!), to, ctx.kernel.fs);
  } catch (err) {
    return say(ctx, (err as Error).message, EXIT.ERROR);
  }
  if (!res.restored.length) {
    await ctx.stderr.write(`${ctx.name}: rewind: the run wrote no files${to > 1 ? ` at or after step ${to}` : ''}\n`);
    return EXIT.OK;
  }
  await write(ctx, res.restored.map((r) => `${r.action} ${r.path}${r.error ? `: ${r.error}` : ''}\n`).join(''));
  return res.restored.some((r) => r.action === 'failed') ? EXIT.ERROR : EXIT.OK;
}

async function run(ctx: BuiltinContext): Promise<number> {
  const sub = ctx.args[0];
  if (sub === 'runs') return runsCommand(ctx, ctx.args.slice(1));
  if (sub === 'trace') return traceCommand(ctx, ctx.args.slice(1));
  if (sub === 'rewind') return rewindCommand(ctx, ctx.args.slice(1));

  let args: AgentArgs;
  try {
    args = parseAgentArgs(ctx.args);
  } catch (err) {
    if (err instanceof Usage) return say(ctx, err.message, EXIT.USAGE);
    throw err;
  }
  if (args.resume && args.task.length) return say(ctx, '--resume continues a run: give no TASK with it', EXIT.USAGE);
  // Standard input (when it is not a terminal) is context for a new task.
  const context = args.resume || ctx.stdin.isTTY ? '' : (await ctx.stdin.readAll()).toString('utf8');
  const task = args.task.join(' ').trim();
  if (!args.resume && !task) return say(ctx, context ? 'no TASK: say what to do with standard input' : 'no TASK given', EXIT.USAGE);

  const llm = await import('../kernel/llm/index.js');
  const ag = await import('../kernel/agent/index.js');
  const aoshHome = llm.aoshHome(ctx.kernel);
  let service: InstanceType<typeof llm.LlmService>;
  try {
    service = llm.llmFor(ctx.kernel);
  } catch (err) {
    return say(ctx, (err as Error).message, EXIT.USAGE);
  }
  if (!service.configured) return say(ctx, llm.NOT_CONFIGURED_MESSAGE, EXIT.NO_PROVIDER);
  const config = ag.loadAgentConfig(aoshHome);
  try {
    ag.agentPermissions(ctx.kernel.permissions, ctx.shell.cwd, args.permissionFlags);
  } catch (err) {
    return say(ctx, (err as Error).message, EXIT.USAGE);
  }

  // The MCP servers' tools (src/mcp), loaded only when a server is configured.
  let extraTools;
  const { hasMcpConfig } = await import('../mcp/config.js');
  if (!args.noMcp && hasMcpConfig(aoshHome, ctx.shell.cwd)) {
    const { agentMcpTools } = await import('../mcp/agent-tools.js');
    const mcp = await agentMcpTools(ctx.kernel, { aoshHome, cwd: ctx.shell.cwd, env: ctx.shell.environment() });
    for (const n of mcp.notices) await ctx.stderr.write(`${ctx.name}: ${n}\n`).catch(() => undefined);
    extraTools = mcp.tools;
  }

  const quiet = args.quiet;
  const color = wantColor(ctx.stderr, (n) => ctx.shell.getVar(n));
  // On a terminal's stderr, a spinner while the model thinks; every other write erases it first.
  const spinner = spinnerFor(ctx);
  const stderr = spinner.wrap(ctx.stderr);
  const stdout = spinner.wrap(ctx.stdout);
  const dim = (s: string): string => (color ? `\x1b[2m${s}\x1b[22m` : s);
  // Each stream's writes are chained: events arrive without waiting for each other (exec
  // output comes as fast as the command prints) and fd writes may otherwise reorder.
  let outChain: Promise<void> = Promise.resolve();
  let errChain: Promise<void> = Promise.resolve();
  let stdoutBroken = false;
  const emitJson = (e: AgentEvent): Promise<void> => {
    if (!args.json) return outChain;
    outChain = outChain.then(async () => {
      if (stdoutBroken) return;
      try {
        await stdout.write(JSON.stringify(e) + '\n');
      } catch {
        stdoutBroken = true;
      }
    });
    return outChain;
  };
  const toStderr = (text: string): Promise<void> => (errChain = errChain.then(() => stderr.write(text)).catch(() => undefined));
  // exec output as it arrives, indented under its progress line; a line cut by a chunk boundary continues.
  let atLineStart = true;
  const showOutput = (text: string): Promise<void> => {
    let out = '';
    for (const piece of text.split(/(?<=\n)/)) {
      if (atLineStart) out += '  │ ';
      out += piece;
      atLineStart = piece.endsWith('\n');
    }
    return toStderr(color ? out.replace(/[^\n]+/g, (l) => dim(l)) : out);
  };
  /** Ends a line of exec output the command left open, before anything else is said. */
  const endOutputLine = (): void => {
    if (atLineStart) return;
    atLineStart = true;
    void toStderr('\n');
  };
  const diffs = new Map<string, string>();
  let model = 'the model';
  try {
    model = service.resolve({ model: args.model, provider: args.provider }).model;
  } catch {
    // resolved again (and reported) by the first call
  }
  const onEvent = async (e: AgentEvent): Promise<void> => {
    // Output is queued before the first await, so it keeps the order the command printed it in.
    if (e.type === 'tool.output') {
      if (args.json) await emitJson(e);
      else if (!quiet) await showOutput(e.text);
      return;
    }
    await emitJson(e);
    switch (e.type) {
      case 'turn.started':
        spinner.start(`${model} is thinking (turn ${e.turn})…`);
        break;
      case 'turn.completed':
        model = e.model;
        await spinner.stop();
        break;
      case 'model.retry':
        // Said even with -q: the wait is not silent. The spinner goes on after it.
        endOutputLine();
        await toStderr(`${ctx.name}: ${e.notice}\n`);
        spinner.start(`${model} is thinking (turn ${e.turn})…`);
        break;
      case 'tool.called':
        await spinner.stop();
        // A diff nobody was asked about is shown when the write is done (an asked one was shown in the question).
        if (e.diff && !e.asked && e.decision !== 'denied') diffs.set(e.id, e.diff);
        break;
      case 'tool.result': {
        endOutputLine();
        const d = diffs.get(e.id);
        diffs.delete(e.id);
        if (d && e.ok && !quiet) {
          const shown = ag.clipDiff(d, DIFF_LINES_SHOWN);
          await toStderr(indentDiff(color ? ag.colorDiff(shown) : shown));
        }
        break;
      }
      case 'run.completed':
        await spinner.stop();
        break;
      default:
        break;
    }
  };
  const broker = (ctx.kernel as { approvals?: Parameters<typeof ag.defaultApprover>[0]['broker'] }).approvals ?? null;
  const approver = ag.defaultApprover({ terminal: ctx.stderr.isTTY, broker, color });
  let outcome;
  try {
    outcome = await ag.runAgent({
      kernel: ctx.kernel,
      llm: service,
      home: aoshHome,
      cwd: ctx.shell.cwd,
      env: ctx.shell.environment(),
      task,
      ...(context ? { context } : {}),
      ...(args.resume ? { resume: args.resume } : {}),
      mode: args.mode ?? (args.resume ? undefined : (config.mode ?? 'auto-edit')),
      maxTurns: args.maxTurns ?? (args.resume ? undefined : config.maxTurns),
      budgetTokens: args.budgetTokens,
      budgetUsd: args.budgetUsd,
      permissionFlags: args.permissionFlags,
      rules: config.rules,
      model: args.model,
      provider: args.provider,
      execTimeoutMs: args.execTimeoutSec !== undefined ? args.execTimeoutSec * 1000 : args.resume ? undefined : (config.execTimeoutSec ?? ag.DEFAULT_EXEC_TIMEOUT_MS / 1000) * 1000,
      // The question takes the terminal: the spinner goes first.
      approver: { remembered: (t, s) => approver.remembered(t, s), ask: async (req, signal) => (await spinner.stop(), approver.ask(req, signal)) },
      signal: ctx.signal,
      ...(extraTools ? { extraTools } : {}),
      onEvent,
      log: async (line, level) => {
        if (quiet && level === 'progress') return;
        endOutputLine();
        await toStderr(`${ctx.name}: ${line}\n`);
      },
    });
  } catch (err) {
    // Could not open or create the run (bad id, locked, unwritable $AOSH_HOME).
    await spinner.stop();
    await Promise.all([outChain, errChain]);
    return say(ctx, (err as Error).message, EXIT.ERROR);
  }
  await spinner.stop();
  // Whatever was queued reaches its fd before the answer and the closing line.
  await Promise.all([outChain, errChain]);
  if (!args.json && outcome.answer) await write(ctx, outcome.answer.endsWith('\n') ? outcome.answer : outcome.answer + '\n');
  if (!quiet && outcome.exitCode !== 0) await ctx.stderr.write(`${ctx.name}: run ${outcome.runId} ended: ${outcome.status} (exit ${outcome.exitCode}); agent trace ${outcome.runId} shows every step\n`).catch(() => undefined);
  return outcome.exitCode;
}

export const agentBuiltin: Builtin = {
  name: 'agent',
  synopsis:
    'agent [--mode ask|auto-edit|auto | --yolo] [--max-turns N] [--budget-usd X] [--budget-tokens N] [--allow-*|--deny-* ...] [--resume ID] [--json] [-q] [--no-mcp] [-m MODEL] TASK... | agent runs [--json] | agent trace ID [--json] | agent rewind ID [--to STEP]',
  description: [
    'Runs an agentic loop: the model works on TASK with the tools exec {command}, read_file {path}, write_file {path, content}, list_dir {path}, think {prompt} and done {answer}, through the provider\'s native tool calling, until it calls done or answers without a tool call.',
    'The tools of the MCP servers in $AOSH_HOME/config.json and .aosh/mcp.json ("mcpServers", see help mcp) are offered too, named SERVER__TOOL with their own schemas; they need approval like exec (auto runs them; "trust": true in a server\'s entry runs its tools without asking; "always for this session" covers that one tool). Their stdio servers run as sandboxed stages and appear in ps; one that fails to start is reported and left out.',
    'Standard input, when piped, is added to the task\'s context; the final answer goes to standard output, so an agent is a pipeline stage (git diff | agent "review this" > review.md). Progress goes to standard error: one line per tool call, the output of each exec as it runs (indented under it), and the diff of each write; on a terminal, a spinner while the model thinks (never in pipes or files). -q leaves only notices. --json streams events as JSON lines on standard output instead of the answer (run.started, turn.started, model.retry when a call to the model failed and is retried — also said on standard error, even with -q —, tool.called with a write\'s diff, tool.output with exec output as it arrives, tool.result, turn.completed with usage, run.completed with the count of denials).',
    'AGENTS.md in the working directory, when there is one, is added to the model\'s instructions (its first 32 KiB; agent trace shows which file and its SHA-256), as Codex and gemini-cli do.',
    'exec runs `sh -c COMMAND` as a kernel process in the working directory (in the sandbox kernel stages get), with secret-looking variables removed. Paths are resolved against the working directory; a refused or failing tool call goes back to the model as its result.',
    'Permissions: read anywhere, write in the working directory, run commands, no network, secrets (~/.ssh, ~/.aws, .env ...) hidden; --allow-*/-A add to that, --deny-* take away, never beyond the session\'s. Approval modes: ask (every exec and write needs a yes), auto-edit (default: writes inside the working directory run, exec asks), auto (whatever the permissions allow runs; --yolo says the same). Approval is asked in the REPL dialog or on the terminal, a write shown as a unified diff: yes once; always for this session (a command\'s program and subcommand with any arguments, e.g. `npm test *`, or the exact line for compound commands, shells, interpreters, rm, curl ...; a write\'s path), remembered until aosh exits; no; or no with a reason, which the model gets as the tool result. With no terminal, "ask" is answered deny, said on standard error. $AOSH_HOME/config.json "agent": {"mode", "maxTurns", "execTimeoutSec", "allow": {"commands", "paths"}, "deny": {"commands", "paths"}} (command patterns use *, paths are globs).',
    'Every step (model reply, tool call, tool result) is appended and fsync\'d to $AOSH_HOME/runs/<id>/ before the next starts, with evidence (command, exit code, durations, byte counts, SHA-256 and the first and last lines of stdout/stderr, SHA-256 of every file written) also in the audit journal. After a crash or kill -9, agent --resume ID continues from the last completed step; a tool call that was running is run again, completed ones never are. Files are snapshotted before each write: agent rewind ID [--to STEP] restores them (changes made by exec commands are not covered). The stall guard stops the run at the third identical tool call in a row.',
    'Exit status is how the run ended: 0 the model finished (done, or an answer without a tool call) — also after denied calls, which went back to it as tool results (stderr notes how many); 1 error (provider error after retries, replay miss, I/O); 2 usage; 3 a token/USD budget refused the next call (nothing sent); 4 no provider configured; 5 --max-turns reached; 6 stalled (repeated identical calls); 7 the denial guard stopped it (3 denied calls in a row); 128+N interrupted by signal N (130 for Ctrl-C). Every cap leaves the run resumable with agent --resume ID; --max-turns counts the model replies of one invocation, so a resumed run gets N more.',
  ].join('\n'),
  flags: [
    { flag: '--mode ask|auto-edit|auto', description: 'approval policy (default auto-edit, or "agent.mode" in config.json)' },
    { flag: '--yolo', description: 'the same as --mode auto (gemini-cli\'s name)' },
    { flag: '--max-turns N', description: 'stop (exit 5) after N model replies in this invocation (default 30; on --resume, N more)' },
    { flag: '--budget-tokens N', description: 'hard token budget for the run (exit 3 when the next call cannot be paid for)' },
    { flag: '--budget-usd X', description: 'hard USD budget for the run (exit 3)' },
    { flag: '--allow-KIND[=...], --deny-KIND[=...], -A', description: 'permissions (net, read, write, run, env), added to the agent defaults' },
    { flag: '--resume ID', description: 'continue run ID (a unique prefix or suffix, or "last") from its last completed step' },
    { flag: '--json', description: 'stream events as JSON lines on standard output' },
    { flag: '-q, --quiet', description: 'no progress lines, exec output or diffs on standard error (notices and the spinner stay)' },
    { flag: '--no-mcp', description: 'leave out the tools of the MCP servers configured in config.json / .aosh/mcp.json (see help mcp)' },
    { flag: '-m, --model MODEL', description: 'model to use' },
    { flag: '--provider NAME', description: 'gemini or openai' },
    { flag: '--exec-timeout SEC', description: 'kill an exec after SEC seconds (default 120)' },
  ],
  examples: [
    { command: 'agent --mode auto "make the tests pass"', description: 'let the agent run commands and edit files in the working directory' },
    { command: 'git diff | agent -q "review this diff" > review.md', description: 'use the agent as a pipeline stage' },
    { command: 'agent --yolo "tidy up the imports"', description: 'the same as --mode auto' },
    { command: 'agent runs', description: 'list runs, oldest first, with status, turns, tokens and cost' },
    { command: 'agent --resume last', description: 'continue the latest run after a crash or a cap' },
    { command: 'agent trace last', description: 'every step of the latest run with its evidence' },
    { command: 'agent rewind last', description: 'restore the files the latest run wrote' },
  ],
  run,
};
