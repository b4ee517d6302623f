// The tools of `aosh mcp serve`, over the session's kernel. Each one goes through the same
// doors as the agent loop's tools: the agent permissions (policy.ts: decideRead, decideWrite,
// decideExec, with the "agent" rules of config.json and the approval mode), the file tools
// of tools.ts, runStage for exec, kernel.spawn for spawn, the LLM service for think, the
// named channels, and the audit journal. When those doors move into the session's world,
// the MCP server moves with them.
import { closeSync, openSync } from 'node:fs';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { parse as shellParse } from 'shell-quote';
import type { Kernel } from '../kernel/kernel.js';
import type { FileView } from '../kernel/fs-view.js';
import type { World } from '../kernel/world/world.js';
import { isLive, procToJson, refreshUsage, type ProcEntry } from '../kernel/process-table.js';
import { applyPermissionFlag, checkSpawn, checkThink, describePermissions, emptyPermissions, intersect, type PermissionSet } from '../kernel/permissions.js';
import { parseBytes } from '../kernel/cgroups.js';
import { DEFAULT_POLICY, superviseSpawn, type RestartPolicy } from '../kernel/supervisor.js';
import { agentPermissions, decideExec, decideRead, decideWrite, resolveToolPath, type AgentRules, type PolicyInput, type Verdict } from '../kernel/agent/policy.js';
import { ToolError, clip, listDirTool, readFileTool, writeFileTool } from '../kernel/agent/tools.js';
import { runStage } from '../kernel/agent/exec.js';
import type { ApprovalMode } from '../kernel/agent/types.js';
import { childEnv } from '../kernel/syscalls/kernel-ops.js';
import { searchPath } from '../lib/which.js';
import { OutputLogs, type OutputLog } from './output-log.js';
import { SIGNALS } from './tool-defs.js';

export const DEFAULT_EXEC_TIMEOUT_SEC = 120;
/** Bytes of each exec stream returned (head and tail kept, all of it counted and hashed). */
const EXEC_OUTPUT = 64 * 1024;

/** Asks the client (an MCP elicitation). null: this client cannot be asked. */
export type AskClient = (title: string, why: string, signal: AbortSignal) => Promise<'once' | 'session' | 'deny' | null>;

export interface CallContext {
  /** Who calls: the client's name (and session), for the journal and the LLM scheduler. */
  client: string;
  ask: AskClient;
  signal: AbortSignal;
  /** "Allow for the session" answers of this client. */
  approved: Set<string>;
}

export interface FaceOptions {
  kernel: Kernel;
  aoshHome: string;
  cwd: string;
  env: Record<string, string>;
  mode: ApprovalMode;
  /** serve's own --allow-* and --deny-* flags, on top of the agent defaults. */
  flags: string[];
  rules: AgentRules;
  execTimeoutSec?: number;
}

class ArgError extends Error {}

type Args = Record<string, unknown>;

function str(a: Args, k: string, tool: string): string {
  const v = a[k];
  if (typeof v !== 'string') throw new ArgError(`${tool}: argument "${k}" must be a string${v === undefined ? ' (missing)' : ''}`);
  return v;
}

function optNum(a: Args, k: string, tool: string, min: number, max: number, int = false): number | undefined {
  const v = a[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (int && !Number.isInteger(v))) throw new ArgError(`${tool}: argument "${k}" must be a${int ? 'n integer' : ' number'} from ${min} to ${max}`);
  return v;
}

function ok(text: string, structured?: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text }], ...(structured ? { structuredContent: structured } : {}) };
}

function err(text: string, structured?: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true, ...(structured ? { structuredContent: structured } : {}) };
}

const json = (v: unknown): string => JSON.stringify(v, null, 2);

export class KernelFace {
  readonly kernel: Kernel;
  readonly perms: PermissionSet;
  readonly policy: PolicyInput;
  readonly logs = new OutputLogs();
  private readonly execEnv: Record<string, string>;
  private fsView: FileView | undefined;
  /** Listeners (one per connected client): output of a spawned process, or a new output resource. */
  private readonly watchers = new Set<(e: { type: 'output'; log: OutputLog } | { type: 'logs' }) => void>();

  constructor(private readonly o: FaceOptions) {
    this.kernel = o.kernel;
    // The agent loop's permissions: what an MCP client may do is what an agent may do.
    this.perms = agentPermissions(o.kernel.permissions, o.cwd, o.flags);
    this.policy = { perms: this.perms, rules: o.rules, mode: o.mode, cwd: o.cwd };
    this.execEnv = childEnv(this.perms, o.env);
  }

  watch(fn: (e: { type: 'output'; log: OutputLog } | { type: 'logs' }) => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  private notify(e: { type: 'output'; log: OutputLog } | { type: 'logs' }): void {
    for (const fn of this.watchers) fn(e);
  }

  describe(): { cwd: string; mode: ApprovalMode; permissions: string[] } {
    return { cwd: this.o.cwd, mode: this.o.mode, permissions: describePermissions(this.perms) };
  }

  async call(name: string, args: Args, ctx: CallContext): Promise<CallToolResult> {
    try {
      switch (name) {
        case 'spawn':
          return await this.spawn(args, ctx);
        case 'ps':
          return this.ps(args);
        case 'kill':
          return await this.killTool(args, ctx);
        case 'wait':
          return await this.waitTool(args, ctx);
        case 'exec':
          return await this.exec(args, ctx);
        case 'read_file':
        case 'list_dir':
          return await this.readTool(name, args, ctx);
        case 'write_file':
          return await this.write(args, ctx);
        case 'think':
          return await this.think(args, ctx);
        case 'pipe_send':
          return await this.pipeSend(args, ctx);
        case 'pipe_recv':
          return await this.pipeRecv(args, ctx);
        case 'audit_tail':
          return await this.auditTail(args);
        default:
          return err(`unknown tool "${name}"`);
      }
    } catch (e) {
      if (e instanceof ArgError || e instanceof ToolError) return err(e.message);
      // One line for the client, whatever went wrong inside.
      return err(`${name}: ${(e as Error).message ?? String(e)}`);
    }
  }

  /**
   * The file tools' view: the world of these permissions (what exec commands see), as the
   * agent loop's tools use it; built on first use.
   */
  private toolFs(): FileView {
    const k = this.kernel;
    this.fsView ??= k.sandboxed ? k.worldView(() => k.worlds.worldFor(this.perms, this.o.cwd)) : k.fs;
    return this.fsView;
  }

  // ---- the journal ----

  private async record(type: string, fields: Record<string, unknown>): Promise<void> {
    const j = await this.kernel.journal();
    await j?.append(type, fields).catch(() => undefined);
  }

  private clipArgs(args: Args): Args {
    const out: Args = {};
    for (const [k, v] of Object.entries(args)) out[k] = typeof v === 'string' ? clip(v, 500) : v;
    return out;
  }

  private async refuse(tool: string, args: Args, ctx: CallContext, reason: string): Promise<CallToolResult> {
    await this.record('mcp.denied', { client: ctx.client, tool, arguments: this.clipArgs(args), reason });
    return err(reason);
  }

  /** The approval rules: allow, deny, or ask the client. A refusal is already on the journal. */
  private async gate(tool: string, args: Args, verdict: Verdict, subject: string, title: string, ctx: CallContext): Promise<{ refusal: string } | { decision: string }> {
    let decision: string;
    let refusal: string | undefined;
    if (verdict.action === 'allow') decision = verdict.rule ? `allowed (${verdict.rule})` : 'allowed';
    else if (verdict.action === 'deny') refusal = `denied: ${verdict.reason}`;
    else if (ctx.approved.has(subject)) decision = 'approved-session';
    else {
      let answer = await ctx.ask(title, verdict.why, ctx.signal);
      let by = 'the MCP client';
      if (answer === null && this.kernel.approvals.hasHandler) {
        // No elicitation, but the session has a presenter (mcp serve inside the REPL).
        answer = await this.kernel.approvals.request({ kind: tool === 'write_file' ? 'write' : 'run', requester: ctx.client, title, detail: verdict.why, key: subject });
        by = 'the session';
      }
      if (answer === 'once') decision = `approved by ${by}`;
      else if (answer === 'session') {
        decision = `approved for the session by ${by}`;
        ctx.approved.add(subject);
      } else if (answer === null) {
        refusal = `denied: ${verdict.why}, and this MCP client cannot be asked (it does not support elicitation): start aosh mcp serve with --mode auto, or allow it with a rule under "agent" in $AOSH_HOME/config.json`;
      } else refusal = 'denied: the user declined it';
    }
    if (refusal !== undefined) {
      await this.record('mcp.denied', { client: ctx.client, tool, arguments: this.clipArgs(args), reason: refusal });
      return { refusal };
    }
    return { decision: decision! };
  }

  // ---- processes ----

  /** The session's process by id, name or pid:N (live ones first). */
  private find(ref: unknown, tool: string): ProcEntry {
    if (typeof ref !== 'string' && typeof ref !== 'number') throw new ArgError(`${tool}: argument "target" must be a process id, name or pid:N`);
    const found = this.kernel.procs.find(String(ref));
    if (!found.length) throw new ArgError(`${tool}: ${ref}: no such process in this session (see ps)`);
    return found[0]!;
  }

  private ps(args: Args): CallToolResult {
    const all = args.all === undefined ? true : args.all === true;
    const rows = this.kernel.procs.list(all).map((e) => {
      refreshUsage(e);
      return procToJson(e);
    });
    return ok(json(rows), { processes: rows });
  }

  private async spawn(args: Args, ctx: CallContext): Promise<CallToolResult> {
    const argv = this.argvOf(args.command);
    const name = args.name === undefined ? argv[0]!.split('/').pop()! : str(args, 'name', 'spawn');
    if (!/^[A-Za-z0-9_.:@-]+$/.test(name)) throw new ArgError('spawn: "name" may hold letters, digits and _ . : @ -');
    const policy: RestartPolicy = { ...DEFAULT_POLICY };
    if (args.restart !== undefined) {
      if (args.restart !== 'no' && args.restart !== 'on-failure' && args.restart !== 'always') throw new ArgError('spawn: "restart" must be no, on-failure or always');
      policy.mode = args.restart;
    }
    const maxRestarts = optNum(args, 'max_restarts', 'spawn', 0, 1000, true);
    if (maxRestarts !== undefined) policy.maxRestarts = maxRestarts;
    const limits: { memoryBytes?: number; cpu?: number; pids?: number } = {};
    if (args.mem !== undefined) {
      const m = typeof args.mem === 'string' ? parseBytes(args.mem) : null;
      if (m === null) throw new ArgError('spawn: "mem" must be a size such as 256M');
      limits.memoryBytes = m;
    }
    const cpu = optNum(args, 'cpu', 'spawn', 0.001, 1024);
    if (cpu !== undefined) limits.cpu = cpu;
    const pids = optNum(args, 'pids', 'spawn', 1, 1 << 22, true);
    if (pids !== undefined) limits.pids = pids;
    let perms = this.perms;
    if (args.allow !== undefined) {
      if (!Array.isArray(args.allow) || args.allow.some((f) => typeof f !== 'string')) throw new ArgError('spawn: "allow" must be an array of permission flags');
      const asked = emptyPermissions();
      for (const f of args.allow as string[]) {
        let isFlag: boolean;
        try {
          isFlag = applyPermissionFlag(asked, f);
        } catch (e) {
          throw new ArgError(`spawn: ${(e as Error).message}`);
        }
        if (!isFlag) throw new ArgError(`spawn: not a permission flag: ${f}`);
      }
      perms = intersect(this.perms, asked);
    }
    const command = argv.join(' ');
    const denied = checkSpawn(this.perms);
    if (denied) return this.refuse('spawn', args, ctx, `denied: permission denied (${denied.rule}): ${denied.reason}`);
    const g = await this.gate('spawn', args, decideExec(this.policy, command), `exec:${command}`, `spawn: ${command}`, ctx);
    if ('refusal' in g) return err(g.refusal);
    const file = argv[0]!.includes('/') ? argv[0]! : searchPath(argv[0]!, this.o.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', this.o.cwd, this.kernel.fs);
    if (!file) return err(`spawn: ${argv[0]}: command not found`);

    const endpoint = this.kernel.sockets.forAgent(name, perms, this.o.cwd);
    const native = this.kernel.native;
    const [r, w] = native.pipe();
    const stdin = openSync('/dev/null', 'r');
    let handle: { entry: ProcEntry; done: Promise<ProcEntry> };
    let world: World | undefined;
    try {
      // Its own world, as spawn gives: its permissions, its socket at /tmp/agentos.sock, its /tmp.
      world = this.kernel.sandboxed ? this.kernel.worlds.createAgentWorld(name, perms, this.o.cwd, endpoint.path) : undefined;
      const spec = {
        ...(world ? { world } : {}),
        file,
        argv,
        env: { ...childEnv(perms, this.o.env), AOSH_SOCKET: endpoint.path },
        cwd: this.o.cwd,
        fds: [stdin, w, w],
        name,
        command,
        limits,
        permissions: perms,
        pgid: 0,
      };
      handle = policy.mode === 'no' ? this.kernel.spawn(spec) : superviseSpawn(this.kernel, spec, policy);
    } catch (e) {
      endpoint.close();
      if (world) this.kernel.worlds.closeWorld(world);
      native.close(r);
      native.close(w);
      return err(`spawn: ${(e as Error).message}`);
    } finally {
      closeSync(stdin);
    }
    const { entry } = handle;
    const out = (log: OutputLog): void => this.notify({ type: 'output', log });
    this.logs.capture(entry.id, name, r, out, out);
    this.notify({ type: 'logs' });
    // A restart reuses the write end: it is closed when the agent is over for good.
    void handle.done.then(() => {
      native.close(w);
      endpoint.close();
      if (world) this.kernel.worlds.closeWorld(world);
    });
    await this.record('mcp.call', { client: ctx.client, tool: 'spawn', command, name, id: entry.id, pid: entry.pid, isolation: entry.isolation, decision: g.decision, permissions: describePermissions(perms) });
    const res = { id: entry.id, name: entry.name, pid: entry.pid, isolation: entry.isolation, state: entry.state, output: `aosh://proc/${entry.id}/output` };
    return ok(json(res), res);
  }

  private argvOf(v: unknown): string[] {
    if (Array.isArray(v)) {
      if (!v.length || v.some((x) => typeof x !== 'string')) throw new ArgError('spawn: "command" must be a non-empty array of strings or a command line');
      return v as string[];
    }
    if (typeof v !== 'string' || !v.trim()) throw new ArgError('spawn: argument "command" must be a command line or an array of words');
    const words = shellParse(v, (k: string) => `$${k}`);
    if (words.some((x) => typeof x !== 'string')) throw new ArgError('spawn: "command" is one program and its arguments: no pipes, lists or redirections (use exec for those, or spawn ["sh", "-c", "..."])');
    if (!words.length) throw new ArgError('spawn: "command" is empty');
    return words as string[];
  }

  private async killTool(args: Args, ctx: CallContext): Promise<CallToolResult> {
    const sig = args.signal === undefined ? 'TERM' : args.signal;
    if (typeof sig !== 'string' || !(SIGNALS as readonly string[]).includes(sig.toUpperCase().replace(/^SIG/, ''))) throw new ArgError(`kill: "signal" must be one of ${SIGNALS.join(', ')}`);
    const name = sig.toUpperCase().replace(/^SIG/, '');
    const entry = this.find(args.target, 'kill');
    if (!isLive(entry)) return err(`kill: ${entry.id} (${entry.name}) has already ended (${entry.state})`, procToJson(entry) as unknown as Record<string, unknown>);
    this.kernel.signal(entry, `SIG${name}`);
    await this.record('mcp.call', { client: ctx.client, tool: 'kill', id: entry.id, name: entry.name, signal: name });
    const out = { id: entry.id, name: entry.name, signal: name, state: entry.state };
    return ok(json(out), out);
  }

  private async waitTool(args: Args, ctx: CallContext): Promise<CallToolResult> {
    const entry = this.find(args.target, 'wait');
    const secs = optNum(args, 'timeout_sec', 'wait', 0, 3600) ?? 30;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const outcome = await Promise.race([
      this.kernel.wait(entry).then(() => 'ended' as const),
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), secs * 1000))),
      new Promise<'aborted'>((r) => {
        onAbort = () => r('aborted');
        ctx.signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
    clearTimeout(timer);
    if (onAbort) ctx.signal.removeEventListener('abort', onAbort);
    const j = procToJson(entry);
    const out = { id: j.id, name: j.name, state: j.state, exit_code: j.exit_code, signal: j.signal, status: entry.status, timed_out: outcome === 'timeout' };
    return ok(json(out), out);
  }

  // ---- files and commands ----

  private async readTool(name: 'read_file' | 'list_dir', args: Args, ctx: CallContext): Promise<CallToolResult> {
    const path = str(args, 'path', name);
    const t = resolveToolPath(this.o.cwd, path, this.toolFs());
    const g = await this.gate(name, args, decideRead(this.policy, t.abs, t.real), '', '', ctx);
    if ('refusal' in g) return err(g.refusal);
    const text = name === 'read_file' ? readFileTool(t.real, path, this.toolFs()) : listDirTool(t.real, path, this.toolFs());
    return ok(text);
  }

  private async write(args: Args, ctx: CallContext): Promise<CallToolResult> {
    const path = str(args, 'path', 'write_file');
    const content = str(args, 'content', 'write_file');
    const t = resolveToolPath(this.o.cwd, path, this.toolFs());
    const g = await this.gate('write_file', args, decideWrite(this.policy, t.abs, t.real), `write:${t.real}`, `write_file: ${path} (${Buffer.byteLength(content)} bytes)`, ctx);
    if ('refusal' in g) return err(g.refusal);
    const w = writeFileTool(t.real, content, path, undefined, this.toolFs());
    await this.record('mcp.call', { client: ctx.client, tool: 'write_file', path: t.real, bytes: w.bytes, sha256: w.sha256, decision: g.decision });
    return ok(`wrote ${w.bytes} bytes to ${path} (sha256 ${w.sha256})`, { path: t.real, bytes: w.bytes, sha256: w.sha256 });
  }

  private async exec(args: Args, ctx: CallContext): Promise<CallToolResult> {
    const command = str(args, 'command', 'exec');
    const secs = optNum(args, 'timeout_sec', 'exec', 0.001, 86400) ?? this.o.execTimeoutSec ?? DEFAULT_EXEC_TIMEOUT_SEC;
    const g = await this.gate('exec', args, decideExec(this.policy, command), `exec:${command}`, `exec: ${command}`, ctx);
    if ('refusal' in g) return err(g.refusal);
    const r = await runStage(this.kernel, { command, cwd: this.o.cwd, env: this.execEnv, name: 'mcp-exec', timeoutMs: secs * 1000, captureBytes: EXEC_OUTPUT * 2, signal: ctx.signal, permissions: this.perms });
    await this.record('mcp.call', {
      client: ctx.client,
      tool: 'exec',
      command: clip(command, 2000),
      cwd: this.o.cwd,
      exit_code: r.exitCode,
      signal: r.signal,
      timed_out: r.timedOut,
      duration_ms: r.durationMs,
      stdout_bytes: r.stdoutBytes,
      stdout_sha256: r.stdoutSha256,
      stderr_bytes: r.stderrBytes,
      stderr_sha256: r.stderrSha256,
      isolation: r.isolation,
      decision: g.decision,
    });
    const stdout = r.stdout.toString('utf8');
    const stderr = r.stderr.toString('utf8');
    const status = r.timedOut ? `timed out after ${secs}s (killed)` : r.signal ? `killed by ${r.signal}` : `exit code ${r.exitCode}`;
    const out = { exit_code: r.exitCode, signal: r.signal, timed_out: r.timedOut, duration_ms: r.durationMs, stdout, stderr, stdout_bytes: r.stdoutBytes, stderr_bytes: r.stderrBytes, proc_id: r.procId, isolation: r.isolation };
    const text = `${status}\n--- stdout (${r.stdoutBytes} bytes) ---\n${stdout}\n--- stderr (${r.stderrBytes} bytes) ---\n${stderr}`;
    return r.exitCode === 0 ? ok(text, out) : err(text, out);
  }

  // ---- the LLM, channels, the journal ----

  private async think(args: Args, ctx: CallContext): Promise<CallToolResult> {
    const prompt = str(args, 'prompt', 'think');
    const system = args.system === undefined ? undefined : str(args, 'system', 'think');
    const model = args.model === undefined ? undefined : str(args, 'model', 'think');
    const denied = checkThink(this.perms, { calls: 0, tokens: 0 });
    if (denied) return this.refuse('think', args, ctx, `denied: permission denied (${denied.rule}): ${denied.reason}`);
    const llm = await import('../kernel/llm/index.js');
    const svc = llm.llmFor(this.kernel);
    if (!svc.configured) return err(`think: ${llm.NOT_CONFIGURED_MESSAGE}`);
    try {
      // The client is one scheduler client with its own queue, under the session's budgets.
      const res = await svc.think({ agent: ctx.client, ...(model ? { model } : {}), ...(system ? { system } : {}), messages: [{ role: 'user', content: prompt }], signal: ctx.signal });
      await this.record('mcp.call', { client: ctx.client, tool: 'think', model: res.model, provider: res.provider, input_tokens: res.usage.input, output_tokens: res.usage.output, cost_usd: res.costUsd });
      return ok(res.content, { answer: res.content, model: res.model, provider: res.provider, usage: res.usage, cost_usd: res.costUsd });
    } catch (e) {
      return err(`think: ${(e as Error).message}`);
    }
  }

  private async pipeSend(args: Args, ctx: CallContext): Promise<CallToolResult> {
    const name = str(args, 'channel', 'pipe_send');
    const message = str(args, 'message', 'pipe_send');
    let ch = this.kernel.named.get(name);
    let created = false;
    if (!ch) {
      try {
        ch = this.kernel.named.create(name);
      } catch (e) {
        throw new ArgError(`pipe_send: ${(e as Error).message}`);
      }
      created = true;
    }
    const lines = message.replace(/\n$/, '').split('\n');
    const w = ch.openWriter();
    try {
      for (const l of lines) w.write(l);
    } finally {
      w.close();
    }
    await this.record('mcp.call', { client: ctx.client, tool: 'pipe_send', channel: name, messages: lines.length, bytes: Buffer.byteLength(message) });
    const out = { channel: name, sent: lines.length, created };
    return ok(json(out), out);
  }

  private async pipeRecv(args: Args, ctx: CallContext): Promise<CallToolResult> {
    const name = str(args, 'channel', 'pipe_recv');
    const max = optNum(args, 'max', 'pipe_recv', 1, 10000, true) ?? 1;
    const secs = optNum(args, 'timeout_sec', 'pipe_recv', 0, 3600) ?? 30;
    const ch = this.kernel.named.get(name);
    if (!ch) return err(`pipe_recv: ${name}: no such channel (pipe_send or pipe mk creates it)`);
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), secs * 1000);
    const onAbort = (): void => stop.abort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const messages: string[] = [];
    try {
      for await (const m of ch.read(max, stop.signal)) messages.push(m);
    } finally {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
    }
    const out = { channel: name, messages, timed_out: stop.signal.aborted && messages.length < max };
    return ok(json(out), out);
  }

  private async auditTail(args: Args): Promise<CallToolResult> {
    const n = optNum(args, 'n', 'audit_tail', 1, 1000, true) ?? 20;
    const { journalDir, readRecords } = await import('../kernel/journal.js');
    const records = readRecords(journalDir(this.o.aoshHome)).slice(-n);
    return ok(records.map((r) => JSON.stringify(r)).join('\n'), { records });
  }
}
