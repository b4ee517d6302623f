// Narrow interfaces between the syscall server and the rest of the kernel. The server never
// sees the Kernel class: process work goes through ProcessOps (kernel-ops.ts implements it
// over Kernel), LLM work through a ThinkHandler the lead wires in.
import type { PermissionSet } from '../permissions.js';

/** Who a listening endpoint (one socket path) speaks for: a pipeline stage or a spawned agent. */
export interface StageIdentity {
  /** Shown in journal records and errors: the stage or agent name. */
  label: string;
  /** The kernel process-table id of the stage, when known. */
  procId: number | null;
  /** The most this endpoint's connections may ever have (SET_PERMS cannot exceed it). */
  ceiling: PermissionSet;
  /** What a new connection starts with (default: the `standard` preset within the ceiling). */
  initial?: PermissionSet;
  /** Relative READ/WRITE/EXEC paths resolve against this (default: the server's cwd). */
  cwd?: string;
  /** The conn-id that spawned this agent through SPAWN, if any (may KILL and SET_PERMS it). */
  parentConn?: number;
  /**
   * LLM calls and tokens used through this endpoint: the agent's, shared by all its
   * connections, so that neither a reconnect nor SET_PERMS resets a quota.
   */
  usage?: { calls: number; tokens: number };
}

/** The caller of a syscall, as process operations see it. */
export interface Caller {
  connId: number;
  label: string;
  procId: number | null;
  permissions: PermissionSet;
  /** The caller's own socket path: children and exec'd commands act with its identity. */
  socketPath: string;
  cwd: string;
}

export interface AgentInfo {
  /** spawn-id (spec §4.4). */
  id: number;
  name: string;
  pid: number;
  state: 'RUNNING';
  running: true;
}

export interface SpawnAgentRequest {
  name: string;
  /** Absolute path of the script. */
  script: string;
  /** Interpreter, default python3 (REF runs `python3 SCRIPT SOCKET`). */
  python: string;
  sandboxed: boolean;
  network: boolean;
  limits?: { memory?: number; max_pids?: number; cpu_quota?: number };
  permissions: PermissionSet;
  /** The child's own socket path: argv[1] and AOSH_SOCKET. */
  socketPath: string;
}

export interface SpawnedAgent {
  id: number;
  pid: number;
  name: string;
  /** Resolves when the child has exited and been reaped. */
  exited: Promise<{ code: number | null; signal: string | null }>;
}

export interface ExecOptions {
  cwd?: string;
  timeoutMs: number;
}

export interface ExecResult {
  /** stdout and stderr merged, in order (spec Q15 SHOULD). */
  stdout: string;
  stderr: string;
  /** -1 when killed by a signal (REF). */
  exit_code: number;
  timedOut: boolean;
}

/** Process work the syscall handlers need; kernel-ops.ts implements it over Kernel. */
export interface ProcessOps {
  /** Starts an agent; throws Error('duplicate name') or a spawn error. */
  spawnAgent(req: SpawnAgentRequest, caller: Caller): Promise<SpawnedAgent>;
  /** SIGTERM, up to 5 s, then SIGKILL (spec §4.6). agent_id: the resolved spawn-id or 0 / the asked id. */
  kill(target: { id?: number; name?: string }, caller: Caller): Promise<{ killed: boolean; agent_id: number; name: string | null }>;
  /** Tracked agents that are still running (exited ones are reaped and dropped). */
  list(): AgentInfo[];
  /** Runs `/bin/sh -c command` with merged output. */
  exec(command: string, caller: Caller, opts: ExecOptions): Promise<ExecResult>;
  /**
   * The filesystem as the caller's stages see it (its world): READ and WRITE go through
   * here, so hidden paths, read-only parts and symlinks mean what they mean for a stage.
   */
  files(caller: Caller): import('../fs-view.js').FileView;
}

export interface ThinkRequest {
  prompt: string;
  image?: { data: string; mime_type: string };
  system_instruction?: string;
  thinking_level?: string;
  temperature?: number;
  model?: string;
  max_tokens?: number;
}

export interface ThinkCaller {
  connId: number;
  /** The stage/agent label, for per-agent queues and budgets. */
  agent: string;
  procId: number | null;
}

export interface ThinkResult {
  content: string;
  /** Total tokens (prompt + completion). */
  tokens: number;
  model?: string;
  cost_usd?: number;
}

/**
 * Serves THINK. Throw to fail the call: the message becomes `error`. Throw an error whose
 * `code` is 'ENOLLM' when no provider is configured, to get the spec's exact offline shape.
 */
export type ThinkHandler = (req: ThinkRequest, caller: ThinkCaller, signal: AbortSignal) => Promise<ThinkResult>;
