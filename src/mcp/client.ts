// aosh as an MCP client: the servers of $AOSH_HOME/config.json and .aosh/mcp.json, one
// manager per kernel (session). stdio servers run as sandboxed kernel stages (StageTransport)
// with the agent defaults plus their config's "permissions", intersected with the session's;
// HTTP servers are reached by aosh itself and need the session's --allow-net for their host.
// Every request has a timeout, and a server that crashes or hangs becomes a one-line tool
// error ("fs: exited with status 1: <its last stderr line>"), never a hang.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CreateMessageRequestSchema, ErrorCode, McpError, type CallToolResult, type CreateMessageRequest, type CreateMessageResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Kernel } from '../kernel/kernel.js';
import { agentPermissions } from '../kernel/agent/policy.js';
import { check, type PermissionSet } from '../kernel/permissions.js';
import { childEnv } from '../kernel/syscalls/kernel-ops.js';
import { searchPath } from '../lib/which.js';
import { VERSION } from '../version.js';
import { loadMcpConfig, type LoadedConfig, type ServerConfig } from './config.js';
import { pinnedFetch } from './pinned-fetch.js';
import { StageTransport } from './stage-transport.js';

export type ServerState = 'idle' | 'starting' | 'ready' | 'failed' | 'exited' | 'disabled';

export interface ServerStatus {
  name: string;
  source: 'user' | 'project';
  transport: ServerConfig['transport'];
  target: string;
  state: ServerState;
  reason?: string;
  tools: Tool[];
  /** Kernel process id of a stdio server's stage. */
  procId?: number;
  pid?: number | null;
  isolation?: string;
}

/** A failure of an MCP server or request: the message is one line meant for the user and the model. */
export class McpCallError extends Error {
  constructor(
    message: string,
    readonly kind: 'not-found' | 'unavailable' | 'timeout' | 'denied' | 'failed',
  ) {
    super(message);
  }
}

class Connection {
  state: ServerState = 'idle';
  reason?: string;
  tools: Tool[] = [];
  client?: Client;
  stage?: StageTransport;
  connecting?: Promise<void>;
  constructor(readonly cfg: ServerConfig) {}
}

const managers = new WeakMap<Kernel, McpClients>();

/** The session's MCP client manager (created on first use; its servers end with the session). */
export function mcpClientsFor(kernel: Kernel): McpClients {
  let m = managers.get(kernel);
  if (!m) {
    m = new McpClients(kernel);
    managers.set(kernel, m);
  }
  return m;
}

export interface LoadContext {
  aoshHome: string;
  cwd: string;
  env: Record<string, string>;
}

export class McpClients {
  private readonly conns = new Map<string, Connection>();
  private ctx: LoadContext | undefined;
  problems: string[] = [];
  files: string[] = [];

  constructor(private readonly kernel: Kernel) {}

  /** (Re)reads the configuration; servers whose entry changed are restarted on next use. */
  load(ctx: LoadContext): LoadedConfig {
    this.ctx = ctx;
    const envGrant = this.kernel.permissions.allow.env;
    const loaded = loadMcpConfig({ ...ctx, envGranted: (n) => Array.isArray(envGrant) && envGrant.includes(n) });
    this.problems = loaded.problems;
    this.files = loaded.files;
    const seen = new Set<string>();
    for (const cfg of loaded.servers) {
      seen.add(cfg.name);
      const old = this.conns.get(cfg.name);
      if (old && JSON.stringify(old.cfg) === JSON.stringify(cfg)) continue;
      if (old) void this.stop(old);
      const c = new Connection(cfg);
      if (cfg.disabled) c.state = 'disabled';
      this.conns.set(cfg.name, c);
    }
    for (const [name, c] of this.conns) {
      if (seen.has(name)) continue;
      void this.stop(c);
      this.conns.delete(name);
    }
    return loaded;
  }

  names(): string[] {
    return [...this.conns.keys()];
  }

  config(name: string): ServerConfig | undefined {
    return this.conns.get(name)?.cfg;
  }

  status(name: string): ServerStatus | undefined {
    const c = this.conns.get(name);
    if (!c) return undefined;
    const e = c.stage?.entry;
    return {
      name,
      source: c.cfg.source,
      transport: c.cfg.transport,
      target: c.cfg.transport === 'stdio' ? [c.cfg.command!, ...c.cfg.args].join(' ') : c.cfg.url!,
      state: c.state,
      ...(c.reason ? { reason: c.reason } : {}),
      tools: c.tools,
      ...(e ? { procId: e.id, pid: e.pid, isolation: e.isolation } : {}),
    };
  }

  /** Starts (or reuses) a server and returns its tools; throws McpCallError. */
  async connect(name: string): Promise<Tool[]> {
    const c = this.conns.get(name);
    if (!c) throw new McpCallError(`${name}: no such MCP server (configured: ${this.names().join(', ') || 'none'})`, 'not-found');
    if (c.state === 'disabled') throw new McpCallError(`${name}: disabled in ${c.cfg.file}`, 'unavailable');
    if (c.state === 'ready') return c.tools;
    // A server that exited or failed is started again on the next use.
    c.connecting ??= this.start(c).finally(() => (c.connecting = undefined));
    await c.connecting;
    if ((c.state as ServerState) !== 'ready') throw new McpCallError(`${name}: ${c.reason ?? c.state}`, 'unavailable');
    return c.tools;
  }

  private async start(c: Connection): Promise<void> {
    const cfg = c.cfg;
    c.state = 'starting';
    c.reason = undefined;
    c.tools = [];
    let transport: Transport;
    try {
      transport = cfg.transport === 'stdio' ? this.stageTransport(c) : await this.httpTransport(cfg);
    } catch (err) {
      c.state = 'failed';
      c.reason = (err as Error).message;
      return;
    }
    // Sampling: a server may ask the session's model, if its config lets it think (sample()).
    const client = new Client({ name: 'aosh', version: VERSION }, { capabilities: { sampling: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, (req, extra) => this.sample(c, req.params, extra.signal));
    // Noise from the server (a log line on stdout) must not end the connection.
    client.onerror = () => undefined;
    client.onclose = () => {
      if (c.client !== client) return;
      c.client = undefined;
      const st = c.state as ServerState;
      if (st === 'ready' || st === 'starting') {
        c.state = 'exited';
        c.reason = this.exitReason(c);
      }
    };
    c.client = client;
    try {
      await client.connect(transport, { timeout: cfg.startupTimeoutMs });
      const tools: Tool[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: cfg.startupTimeoutMs });
        tools.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor && tools.length < 10_000);
      c.tools = tools;
      c.state = 'ready';
    } catch (err) {
      // A server that died while starting: its exit status and stderr say why, not EPIPE.
      if (c.stage && !(err instanceof McpError && err.code === ErrorCode.RequestTimeout)) await c.stage.ended(1000);
      const reason = this.failure(c, err, 'did not answer initialize');
      c.client = undefined;
      await client.close().catch(() => undefined);
      c.state = 'failed';
      c.reason = reason;
    }
  }

  /** The server's permissions: the agent defaults, no thinking or spawning unless its config grants them. */
  private serverPerms(c: Connection): PermissionSet {
    return agentPermissions(this.kernel.permissions, c.cfg.cwd ?? this.ctx!.cwd, ['--deny-think', '--deny-spawn', ...c.cfg.permissions]);
  }

  /**
   * sampling/createMessage: the server asks the session's model. Only a server whose config
   * grants --allow-think may (it spends the session's budget, as `mcp:NAME`); others get a
   * clear refusal, never a silent empty answer.
   */
  private async sample(c: Connection, params: CreateMessageRequest['params'], signal: AbortSignal): Promise<CreateMessageResult> {
    if (this.serverPerms(c).think === false) {
      throw new McpError(ErrorCode.InvalidRequest, `sampling refused: MCP server ${c.cfg.name} may not use the session's model (add "--allow-think" to its "permissions" in ${c.cfg.file})`);
    }
    const text = (content: unknown): string => {
      const parts = Array.isArray(content) ? content : [content];
      return parts.map((p) => ((p as { type?: string }).type === 'text' ? String((p as { text?: string }).text ?? '') : `[${(p as { type?: string }).type ?? 'content'} omitted]`)).join('\n');
    };
    const messages = params.messages.map((m) => (m.role === 'assistant' ? { role: 'assistant' as const, content: text(m.content) } : { role: 'user' as const, content: text(m.content) }));
    const { llmFor } = await import('../kernel/llm/index.js');
    const res = await llmFor(this.kernel).think({ agent: `mcp:${c.cfg.name}`, system: params.systemPrompt, messages, maxTokens: params.maxTokens, temperature: params.temperature, signal });
    return { role: 'assistant', content: { type: 'text', text: res.content }, model: res.model, stopReason: res.finishReason === 'length' ? 'maxTokens' : 'endTurn' };
  }

  private stageTransport(c: Connection): StageTransport {
    const cfg = c.cfg;
    const ctx = this.ctx!;
    const cwd = cfg.cwd ?? ctx.cwd;
    // A third-party server does not think or spawn through the kernel unless its config says
    // so (--allow-think, --allow-spawn): its AGNT socket would otherwise spend the session's budget.
    const perms: PermissionSet = this.serverPerms(c);
    const cmd = cfg.command!;
    const file = cmd.includes('/') ? (cmd.startsWith('/') ? cmd : `${cwd}/${cmd}`) : searchPath(cmd, ctx.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', cwd, this.kernel.fs);
    if (!file) throw new Error(`${cmd}: command not found`);
    // The session's variables (secret-looking ones removed, as for every stage) plus the
    // ones the config sets for this server, which pass even when they look secret: the
    // config names them for it. --deny-env still removes them.
    const env = { ...childEnv(perms, ctx.env), ...cfg.env };
    delete env.AOSH_SOCKET;
    const names = Object.keys(cfg.env);
    if (names.length) perms.allow.env = [...new Set([...(Array.isArray(perms.allow.env) ? perms.allow.env : []), ...names])];
    const stage = new StageTransport(this.kernel, {
      file,
      argv: [cmd, ...cfg.args],
      env,
      cwd,
      name: `mcp:${cfg.name}`,
      command: [cmd, ...cfg.args].join(' '),
      permissions: perms,
      pgid: 0,
    });
    c.stage = stage;
    return stage;
  }

  private async httpTransport(cfg: ServerConfig): Promise<Transport> {
    const u = new URL(cfg.url!);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const denial = check(this.kernel.permissions, 'net', host);
    if (denial && check(this.kernel.permissions, 'net', u.host) !== null) {
      throw new Error(`${cfg.url}: network access to ${host} is not granted (start aosh with --allow-net=${host}): ${denial.rule}`);
    }
    const requestInit = { headers: cfg.headers };
    // Every request admitted as the proxy admits a stage's, to the address it checked.
    const fetch = pinnedFetch(this.kernel.permissions);
    if (cfg.transport === 'sse') {
      const { SSEClientTransport } = await import('@modelcontextprotocol/sdk/client/sse.js');
      return new SSEClientTransport(u, { requestInit, fetch, eventSourceInit: { fetch } });
    }
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    return new StreamableHTTPClientTransport(u, { requestInit, fetch });
  }

  private exitReason(c: Connection): string {
    const st = c.stage;
    if (!st?.exit) return 'connection closed';
    const how = st.exit.signal ? `killed by ${st.exit.signal}` : `exited with status ${st.exit.code}`;
    const tail = st.stderrTail();
    return tail ? `${how}: ${tail}` : how;
  }

  /** One line for a failed request: timeout, the server gone, or its own error. */
  private failure(c: Connection, err: unknown, what: string): string {
    const ms = c.cfg.startupTimeoutMs;
    if (err instanceof McpError && err.code === ErrorCode.RequestTimeout) return `${what} within ${ms / 1000}s ("startupTimeout" ${ms} ms in ${c.cfg.file})`;
    if (c.stage?.exit || (err instanceof McpError && err.code === ErrorCode.ConnectionClosed)) return this.exitReason(c);
    return (err as Error).message ?? String(err);
  }

  /** Calls one tool; throws McpCallError for everything that is not the tool's own result. */
  async call(server: string, tool: string, args: Record<string, unknown>, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<CallToolResult> {
    const tools = await this.connect(server);
    const c = this.conns.get(server)!;
    if (!tools.some((t) => t.name === tool)) throw new McpCallError(`${server}: no tool named ${tool} (tools: ${tools.map((t) => t.name).join(', ') || 'none'})`, 'not-found');
    const client = c.client;
    if (!client) throw new McpCallError(`${server}: ${c.reason ?? 'not connected'}`, 'unavailable');
    const timeout = opts.timeoutMs ?? c.cfg.timeoutMs;
    try {
      return (await client.callTool({ name: tool, arguments: args }, undefined, { timeout, ...(opts.signal ? { signal: opts.signal } : {}) })) as CallToolResult;
    } catch (err) {
      if (opts.signal?.aborted) throw new McpCallError(`${server}__${tool}: interrupted`, 'failed');
      if (err instanceof McpError && err.code === ErrorCode.RequestTimeout) {
        throw new McpCallError(`${server}: ${tool} did not answer within ${timeout / 1000}s (timeout ${timeout} ms; "timeout" in ${c.cfg.file} sets it)`, 'timeout');
      }
      if (c.stage?.exit || !c.client || (err instanceof McpError && err.code === ErrorCode.ConnectionClosed) || (err as NodeJS.ErrnoException).code === 'EPIPE') {
        // Let the exit status arrive before describing it.
        await c.stage?.ended(1000);
        throw new McpCallError(`${server}: ${this.exitReason(c)} (during ${tool})`, 'unavailable');
      }
      throw new McpCallError(`${server}: ${tool}: ${(err as Error).message}`, 'failed');
    }
  }

  private async stop(c: Connection): Promise<void> {
    const client = c.client;
    c.client = undefined;
    c.state = c.cfg.disabled ? 'disabled' : 'idle';
    await client?.close().catch(() => undefined);
  }

  /** Ends every server (their stages also die with the kernel on shutdown). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.conns.values()].map((c) => this.stop(c)));
  }
}

/** A tool result as text: text parts, then a note for each other part, or the structured content. */
export function resultText(res: CallToolResult): string {
  const parts: string[] = [];
  for (const p of res.content ?? []) {
    if (p.type === 'text') parts.push(p.text);
    else if (p.type === 'image' || p.type === 'audio') parts.push(`[${p.type}: ${p.mimeType}, ${Math.floor((p.data.length * 3) / 4)} bytes]`);
    else if (p.type === 'resource') parts.push('text' in p.resource && typeof p.resource.text === 'string' ? p.resource.text : `[resource ${p.resource.uri}]`);
    else if (p.type === 'resource_link') parts.push(`[resource ${p.uri}${p.name ? ` (${p.name})` : ''}]`);
  }
  if (!parts.length && res.structuredContent !== undefined) parts.push(JSON.stringify(res.structuredContent));
  return parts.join('\n');
}
