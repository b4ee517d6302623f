// mcp: aosh speaks MCP both ways. `mcp ls` and `mcp call` use the servers configured in
// $AOSH_HOME/config.json and .aosh/mcp.json; `mcp serve` offers the session's kernel as an
// MCP server (stdio or Streamable HTTP). Statically imports only types: the SDK and src/mcp
// load with import() when mcp runs, so `aosh -c true` never pays for them.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fail, type Builtin, type BuiltinContext } from './types.js';
import type { ServerStatus } from '../mcp/client.js';

const USAGE = 'mcp ls [-l] [--json] [SERVER...] | mcp call [--json] [--timeout SEC] SERVER TOOL [JSON|-] | mcp serve [--http [ADDR]] [--mode ask|auto-edit|auto] [--allow-*|--deny-* ...]';

/** Exit statuses of `mcp call` (documented in the description). */
const STATUS = { OK: 0, FAILED: 1, USAGE: 2, NOT_FOUND: 127, TIMEOUT: 124 } as const;

function homeOf(ctx: BuiltinContext): string {
  return ctx.kernel.home ?? ctx.shell.getVar('AOSH_HOME') ?? process.env.AOSH_HOME ?? join(homedir(), '.aosh');
}

async function manager(ctx: BuiltinContext) {
  const { mcpClientsFor } = await import('../mcp/client.js');
  const mgr = mcpClientsFor(ctx.kernel);
  mgr.load({ aoshHome: homeOf(ctx), cwd: ctx.shell.cwd, env: ctx.shell.environment() });
  return mgr;
}

async function ls(ctx: BuiltinContext, args: string[]): Promise<number> {
  let json = false;
  let long = false;
  const names: string[] = [];
  for (const a of args) {
    if (a === '--json') json = true;
    else if (a === '-l' || a === '--long') long = true;
    else if (a.startsWith('-')) return fail(ctx, `ls: unknown option: ${a}`, STATUS.USAGE);
    else names.push(a);
  }
  const mgr = await manager(ctx);
  for (const p of mgr.problems) await ctx.stderr.write(`mcp: ${p}\n`);
  const unknown = names.find((n) => !mgr.names().includes(n));
  if (unknown) return fail(ctx, `${unknown}: no such MCP server (configured: ${mgr.names().join(', ') || 'none'})`, STATUS.NOT_FOUND);
  const wanted = names.length ? names : mgr.names();
  // Listing starts each server (as `claude mcp list` does): its state is then the truth.
  await Promise.all(wanted.map((n) => mgr.connect(n).catch(() => undefined)));
  const rows = wanted.map((n) => mgr.status(n)!);
  if (json) {
    await ctx.stdout.write(JSON.stringify(rows.map((r) => ({ ...r, tools: r.tools.map((t) => ({ name: t.name, description: t.description ?? '', inputSchema: t.inputSchema })) }))) + '\n');
  } else if (!rows.length) {
    await ctx.stdout.write('no MCP servers configured (add "mcpServers" to $AOSH_HOME/config.json or .aosh/mcp.json; see help mcp)\n');
  } else {
    for (const r of rows) await ctx.stdout.write(formatServer(r, long));
  }
  return rows.some((r) => r.state === 'failed' || r.state === 'exited') || mgr.problems.length ? STATUS.FAILED : STATUS.OK;
}

function formatServer(r: ServerStatus, long: boolean): string {
  const state = r.state === 'ready' ? `ready, ${r.tools.length} tool${r.tools.length === 1 ? '' : 's'}` : r.reason ? `${r.state}: ${r.reason}` : r.state;
  const proc = r.procId !== undefined ? ` [${r.procId}] mcp:${r.name} isolation=${r.isolation}` : '';
  let out = `${r.name}  ${r.transport}  ${state}${proc}\n  ${r.target}  (${r.source})\n`;
  if (r.tools.length) {
    if (long) for (const t of r.tools) out += `  ${t.name}  ${(t.description ?? '').split('\n')[0]}\n`;
    else out += `  tools: ${r.tools.map((t) => t.name).join(', ')}\n`;
  }
  return out;
}

async function call(ctx: BuiltinContext, args: string[]): Promise<number> {
  let json = false;
  let timeoutMs: number | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--timeout' || a.startsWith('--timeout=')) {
      const v = a === '--timeout' ? args[++i] : a.slice(10);
      const n = Number(v);
      if (v === undefined || v.trim() === '' || !Number.isFinite(n) || n <= 0) return fail(ctx, `call: --timeout: not a positive number of seconds: ${v ?? 'nothing'}`, STATUS.USAGE);
      timeoutMs = n * 1000;
    } else if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-' && rest.length < 2) return fail(ctx, `call: unknown option: ${a}`, STATUS.USAGE);
    else rest.push(a);
  }
  if (rest.length < 2 || rest.length > 3) return fail(ctx, 'usage: mcp call [--json] [--timeout SEC] SERVER TOOL [JSON|-]', STATUS.USAGE);
  const [server, tool, raw] = rest as [string, string, string | undefined];
  const text = raw === '-' ? (await ctx.stdin.readAll()).toString('utf8') : (raw ?? '{}');
  let input: unknown;
  try {
    input = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch (e) {
    return fail(ctx, `call: arguments are not JSON: ${(e as Error).message}`, STATUS.USAGE);
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return fail(ctx, 'call: arguments must be a JSON object, e.g. \'{"path":"x"}\'', STATUS.USAGE);
  const mgr = await manager(ctx);
  const { McpCallError, resultText } = await import('../mcp/client.js');
  const { toolEnabled } = await import('../mcp/config.js');
  const cfg = mgr.config(server);
  if (cfg && !toolEnabled(cfg, tool)) return fail(ctx, `${server}: ${tool} is left out by includeTools/excludeTools in ${cfg.file}`, STATUS.NOT_FOUND);
  let res;
  try {
    res = await mgr.call(server, tool, input as Record<string, unknown>, { signal: ctx.signal, ...(timeoutMs ? { timeoutMs } : {}) });
  } catch (err) {
    if (ctx.signal.aborted) return 128 + (typeof ctx.signal.reason === 'number' ? ctx.signal.reason : 2);
    if (err instanceof McpCallError) return fail(ctx, err.message, err.kind === 'not-found' ? STATUS.NOT_FOUND : err.kind === 'timeout' ? STATUS.TIMEOUT : STATUS.FAILED);
    throw err;
  }
  try {
    if (json) await ctx.stdout.write(JSON.stringify(res) + '\n');
    else if (!res.isError) {
      const out = resultText(res);
      if (out) await ctx.stdout.write(out.endsWith('\n') ? out : out + '\n');
    }
  } catch {
    // the reader went away (mcp call ... | head -1)
  }
  if (res.isError) {
    if (!json) await ctx.stderr.write(`mcp: ${server}: ${tool}: ${resultText(res).replace(/\s*\n\s*/g, ' ') || 'the tool reported an error'}\n`);
    return STATUS.FAILED;
  }
  return STATUS.OK;
}

async function serve(ctx: BuiltinContext, args: string[]): Promise<number> {
  const { parseServeArgs, serveMcp } = await import('../mcp/serve.js');
  let opts;
  try {
    opts = parseServeArgs(args);
  } catch (err) {
    return fail(ctx, `serve: ${(err as Error).message}`, STATUS.USAGE);
  }
  return serveMcp({
    kernel: ctx.kernel,
    aoshHome: homeOf(ctx),
    cwd: ctx.shell.cwd,
    env: ctx.shell.environment(),
    stdinFd: ctx.stdin.fd,
    stdout: ctx.stdout,
    stderr: ctx.stderr,
    signal: ctx.signal,
    ...opts,
  });
}

export const mcpBuiltin: Builtin = {
  name: 'mcp',
  synopsis: USAGE,
  description: [
    'aosh speaks the Model Context Protocol both ways.',
    'As a client: "mcpServers" in $AOSH_HOME/config.json and in a project\'s .aosh/mcp.json (the nearest one from the working directory up; its entries win), in the shape Claude Desktop, Claude Code and gemini-cli use: {"mcpServers": {"fs": {"command": "mcp-server-filesystem", "args": ["."], "env": {...}}, "api": {"url": "http://127.0.0.1:8080/mcp", "headers": {...}}}}. Also per server: "cwd", "type" (stdio, http, sse), "timeout" (ms per tool call, default 60000), "startupTimeout" (ms to start and list its tools, default 30000), "trust" (agent runs its tools without asking), "includeTools"/"excludeTools", "disabled", and "permissions": ["--allow-net=api.example.com", ...]. ${VAR} and ${VAR:-default} are taken from the environment (a secret-looking variable in a project file only with the session\'s --allow-env=NAME).',
    'A stdio server runs as a sandboxed stage named mcp:NAME (it shows in ps and dies with the session), in a world of its own, with the agent defaults (read everywhere but secrets, write its working directory, no network, no think or spawn through the kernel) plus its "permissions", never more than the session has; the variables its "env" sets reach it. An HTTP server needs the session\'s --allow-net for its host. Every request has the server\'s timeout: a server that crashes or hangs gives a one-line error, never a hang. agent offers every tool as SERVER__TOOL (see help agent).',
    '"mcp ls" starts each server and lists its state and tools (status 1 when one failed). "mcp call SERVER TOOL JSON" calls one tool with a JSON object of arguments (- reads it from standard input) and prints the text of the result (--json: the whole MCP result), so an MCP tool is a pipeline stage. Status: 0 done; 1 the tool reported an error or the server failed or crashed (message on standard error); 2 usage or arguments that are not a JSON object; 124 no answer within the timeout; 127 no such server or tool.',
    'As a server: "mcp serve" (run as aosh mcp serve) offers this session\'s kernel on standard input/output, or with --http [ADDR] over Streamable HTTP on a loopback address (default 127.0.0.1:0; the URL and a bearer token are printed on standard output at start, or the token comes from $AOSH_MCP_TOKEN; requests without it get 401; at most 32 MCP sessions stay open, a new one closes the oldest). Tools: spawn, ps, kill (TERM, KILL, STOP, CONT, INT, HUP), wait, exec (a command line run as a sandboxed stage), read_file, write_file, list_dir, think, pipe_send, pipe_recv, audit_tail. Resources: aosh://ps (the process table) and aosh://proc/ID/output (what a spawned process printed), with update notifications. Every call has the permissions aosh was started with (narrowed by serve\'s own --allow-*/--deny-*), the agent defaults, the approval rules of "agent" in config.json and --mode (default: agent.mode, else auto-edit: writes inside the working directory run, exec and spawn need approval); approval is asked of the client as an MCP elicitation, and refused with the reason when the client cannot be asked. Every call is on the audit journal (mcp.call, mcp.denied). Ends at end of input (stdio) or on SIGINT/SIGTERM.',
  ].join('\n'),
  flags: [
    { flag: '-l', description: 'ls: one line per tool with its description' },
    { flag: '--json', description: 'ls: servers, states and tools (with schemas) as JSON; call: the whole MCP result as JSON' },
    { flag: '--timeout SEC', description: 'call: wait at most SEC seconds for the answer (default: the server\'s "timeout")' },
    { flag: '--http [ADDR]', description: 'serve: Streamable HTTP on a loopback ADDR (127.0.0.1:PORT, [::1]:PORT, localhost:PORT or PORT) instead of stdio' },
    { flag: '--mode ask|auto-edit|auto', description: 'serve: approval mode for exec, spawn and write_file (default: config.json agent.mode, else auto-edit)' },
    { flag: '--allow-KIND[=...], --deny-KIND[=...], -A', description: 'serve: permissions of the calls (the agent defaults plus these, within the session\'s)' },
  ],
  examples: [
    { command: 'mcp ls', description: 'the configured servers, their state and tools' },
    { command: 'mcp call fs read_text_file \'{"path":"notes.json"}\' | grep -o \'"title":"[^"]*"\'', description: 'an MCP tool as a pipeline stage (fs is @modelcontextprotocol/server-filesystem; | jq .title works as well)', output: '"title":"groceries"\n' },
    { command: 'echo \'{"path":"."}\' | mcp call fs list_directory - | grep notes', description: 'arguments from standard input', output: '[FILE] notes.json\n' },
    { command: 'mcp call fs no_such_tool; echo $?', description: 'a tool the server does not have: status 127', output: '127\n' },
    { command: 'mcp serve --mode auto < /dev/null', description: 'the kernel as an MCP server on stdio until end of input (a client\'s config runs aosh mcp serve)' },
  ],
  async run(ctx) {
    const [sub, ...rest] = ctx.args;
    switch (sub) {
      case 'ls':
        return ls(ctx, rest);
      case 'call':
        return call(ctx, rest);
      case 'serve':
        return serve(ctx, rest);
      case undefined:
        return fail(ctx, `missing subcommand (usage: ${USAGE})`, STATUS.USAGE);
      default:
        return fail(ctx, `unknown subcommand: ${sub} (usage: ${USAGE})`, STATUS.USAGE);
    }
  },
};
