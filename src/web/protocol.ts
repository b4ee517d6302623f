// The dashboard's wire format over its WebSocket, shared by the server (src/web) and the
// browser code (src/web/client, which imports these types only). JSON text frames.

export type ProcState = 'running' | 'stopped' | 'restarting' | 'exited' | 'killed' | 'oom-killed' | 'failed';

export interface ProcView {
  id: number;
  name: string;
  kind: 'process' | 'task';
  /** Started by spawn, SPAWN or the dashboard. */
  agent: boolean;
  pid: number | null;
  state: ProcState;
  /** Shell status once ended (code, or 128+signal). */
  status: number | null;
  exitCode: number | null;
  signal: string | null;
  command: string;
  startedAt: number;
  endedAt: number | null;
  job: number | null;
  parent: number | null;
  isolation: string;
  limits: { memoryBytes?: number; cpu?: number; pids?: number };
  restarts: number;
  /** Percent of one core over the last sample interval. */
  cpu: number | null;
  cpuSeconds: number | null;
  memory: number | null;
  memoryPeak: number | null;
  pids: number | null;
  /** LLM use by the agent's name in this session. */
  tokens: number;
  usd: number;
  llmRequests: number;
}

export interface ChannelView {
  name: string;
  kind: 'pipe' | 'named';
  from: string;
  to: string;
  /** Bytes in (named: written; pipe: relayed). */
  bytes: number;
  bytesOut: number;
  /** Bytes per second over the last sample interval. */
  rate: number | null;
  state: string;
}

export interface BudgetView {
  budget: string;
  limitTokens?: number;
  limitUsd?: number;
  usedTokens: number;
  usedUsd: number;
  reservedTokens: number;
  reservedUsd: number;
}

export interface LlmAgentView {
  agent: string;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  usd: number;
  providers: string[];
}

export interface ApprovalView {
  id: number;
  kind: string;
  requester: string;
  title: string;
  detail?: string;
  /** What "allow for the session" would cover. */
  sessionScope?: string;
  askedAt: number;
}

/** One point of the charts (sums over the session's live processes). */
export interface Sample {
  t: number;
  /** Percent of one core. */
  cpu: number;
  memory: number;
  /** Tokens used so far (cumulative; the chart shows the rate). */
  tokens: number;
  usd: number;
  running: number;
}

export interface SessionInfo {
  /** Changes when aosh restarts: the page then starts over. */
  id: string;
  pid: number;
  version: string;
  cwd: string;
  startedAt: number;
  sandbox: string;
  isolation: string;
  cgroups: string;
  /** Host directory of the agents-as-files tree (bound at /aos in stages). */
  aosfs: string | null;
}

export interface StateMsg {
  t: 'state';
  now: number;
  procs: ProcView[];
  counts: Record<string, number>;
  channels: ChannelView[];
  approvals: ApprovalView[];
  llm: { agents: LlmAgentView[]; budgets: BudgetView[]; queued: number; inFlight: number };
  sample: Sample | null;
}

export interface AuditLine {
  seq: number;
  ts: string;
  type: string;
  /** The record's own fields, clipped, as one line. */
  text: string;
}

export type AgentFile = 'stdout' | 'stderr' | 'log' | 'output';

export type ServerMsg =
  | { t: 'hello'; session: SessionInfo; series: Sample[]; audit: AuditLine[] }
  | StateMsg
  | { t: 'audit'; lines: AuditLine[] }
  | { t: 'agent'; id: number; series: { t: number; cpu: number | null; memory: number | null }[]; files: Partial<Record<AgentFile, string>>; permissions: string; limits: string; captured: boolean }
  | { t: 'append'; id: number; file: AgentFile; data: string; reset?: boolean }
  | { t: 'reply'; req: number; ok: boolean; error?: string; result?: unknown };

export type ClientMsg =
  | { t: 'spawn'; req: number; command: string; name?: string; mem?: string; cpu?: string; pids?: string; flags?: string; restart?: string }
  | { t: 'signal'; req: number; id: number; signal: 'TERM' | 'KILL' | 'STOP' | 'CONT' | 'INT' | 'HUP' }
  | { t: 'approve'; req: number; id: number; decision: 'once' | 'session' | 'deny'; reason?: string }
  | { t: 'watch'; req: number; id: number | null };
