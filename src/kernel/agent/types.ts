// The agent loop's data model: approval modes, exit statuses, the steps a run appends to
// $AOSH_HOME/runs/<id>/steps.jsonl and the summary kept in meta.json. The steps file is the
// source of truth (resume and trace read it); meta.json is a cache for `agent runs`.
import type { ToolCall, Usage } from '../llm/types.js';

/** Approval policy (the sandbox level is the permissions; this says what needs a yes). */
export type ApprovalMode = 'ask' | 'auto-edit' | 'auto';
export const APPROVAL_MODES: readonly ApprovalMode[] = ['ask', 'auto-edit', 'auto'];

/** Exit statuses of `agent` (documented in `help agent`). */
export const AGENT_EXIT = {
  /** The model called done (or answered without a tool call). */
  DONE: 0,
  /** Provider error after retries, replay miss, internal or I/O error. */
  ERROR: 1,
  USAGE: 2,
  /** A token or USD budget refused the next model call (nothing sent). */
  BUDGET: 3,
  /** No LLM provider configured. */
  NO_PROVIDER: 4,
  /** --max-turns reached before the model finished. */
  MAX_TURNS: 5,
  /** The stall guard stopped repeated identical tool calls. */
  STALLED: 6,
  /** The denial guard stopped the run: DENIAL_LIMIT calls in a row were denied. (A model that finishes after a denial is done.) */
  DENIED: 7,
  /** Interrupted by SIGINT (128+2); other signals give 128+N. */
  INTERRUPTED: 130,
} as const;

export type RunStatus = 'running' | 'done' | 'error' | 'budget' | 'no-provider' | 'max-turns' | 'stalled' | 'denied' | 'interrupted';

export const STATUS_EXIT: Record<Exclude<RunStatus, 'running' | 'interrupted'>, number> = {
  done: AGENT_EXIT.DONE,
  error: AGENT_EXIT.ERROR,
  budget: AGENT_EXIT.BUDGET,
  'no-provider': AGENT_EXIT.NO_PROVIDER,
  'max-turns': AGENT_EXIT.MAX_TURNS,
  stalled: AGENT_EXIT.STALLED,
  denied: AGENT_EXIT.DENIED,
};

/** How a tool call was let through (or not). */
export type Decision = 'allowed' | 'approved' | 'approved-session' | 'denied';

/** What a file looked like before the agent wrote it (for `agent rewind`). */
export interface Snapshot {
  path: string;
  existed: boolean;
  /** SHA-256 of the previous content (when it existed). */
  sha256?: string;
  bytes?: number;
  mode?: number;
  /** File under runs/<id>/snapshots/ holding the previous content. */
  file?: string;
}

/** Evidence of an exec: enough to check later what ran and what it printed. */
export interface ExecEvidence {
  command: string;
  cwd: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  stdoutBytes: number;
  stderrBytes: number;
  stdoutSha256: string;
  stderrSha256: string;
  /** Kernel process-table id and pid of the stage. */
  procId?: number;
  pid?: number | null;
  isolation?: string;
  /** The first lines of each stream and, when there is more, the last ones (for `agent trace`). */
  stdoutHead?: string;
  stdoutTail?: string;
  stderrHead?: string;
  stderrTail?: string;
}

export interface WriteEvidence {
  path: string;
  bytes: number;
  sha256: string;
  sha256Before?: string;
  created: boolean;
}

export interface StepBase {
  /** 1-based position in steps.jsonl. */
  step: number;
  ts: string;
  /** The previous step's hash ('' for the first): the steps are a hash chain. */
  prev?: string;
  /** sha256 of prev and this record without `hash` (see Run.verify). */
  hash?: string;
}

export interface StartStep extends StepBase {
  kind: 'start';
  task: string;
  /** Piped standard input given as context. */
  context?: string;
  system: string;
  cwd: string;
  mode: ApprovalMode;
  /** AGENTS.md of the working directory, added to `system`. */
  instructions?: { path: string; bytes: number; sha256: string; truncated?: boolean };
}

export interface ResumeStep extends StepBase {
  kind: 'resume';
  pid: number;
  /** Tool calls found started but without a result (run again). */
  rerun: number;
}

export interface ModelStep extends StepBase {
  kind: 'model';
  turn: number;
  content: string;
  toolCalls: ToolCall[];
  usage: Usage;
  costUsd: number;
  model: string;
  provider: string;
  finishReason: string;
  durationMs: number;
}

export interface CallStep extends StepBase {
  kind: 'call';
  turn: number;
  /** Position of the call in its model step. */
  index: number;
  callId: string;
  name: string;
  arguments: Record<string, unknown>;
  decision: Decision;
  reason?: string;
  snapshot?: Snapshot;
}

export interface ResultStep extends StepBase {
  kind: 'result';
  turn: number;
  index: number;
  callId: string;
  name: string;
  ok: boolean;
  /** What went back to the model. */
  output: string;
  durationMs: number;
  exec?: ExecEvidence;
  write?: WriteEvidence;
  /** Tokens and cost of a `think` sub-question. */
  usage?: Usage;
  costUsd?: number;
}

export interface EndStep extends StepBase {
  kind: 'end';
  status: Exclude<RunStatus, 'running'>;
  exitCode: number;
  answer?: string;
  reason?: string;
}

export interface RewindStep extends StepBase {
  kind: 'rewind';
  toStep: number;
  restored: Array<{ path: string; action: 'restored' | 'removed' | 'unchanged' | 'failed'; error?: string }>;
}

export type Step = StartStep | ResumeStep | ModelStep | CallStep | ResultStep | EndStep | RewindStep;

/** A step as the caller hands it to the store (position and time are the store's). */
export type NewStep = Step extends infer S ? (S extends Step ? Omit<S, 'step' | 'ts'> : never) : never;

export interface RunMeta {
  v: 1;
  id: string;
  task: string;
  cwd: string;
  mode: ApprovalMode;
  status: RunStatus;
  exitCode: number | null;
  createdAt: string;
  updatedAt: string;
  /** The process running it (a `running` run whose pid is gone crashed). */
  pid: number;
  turns: number;
  steps: number;
  usage: Usage;
  costUsd: number;
  maxTurns: number;
  /** Kill an exec after this long. */
  execTimeoutMs?: number;
  budgetTokens?: number;
  budgetUsd?: number;
  /** The agent's permissions as flags. */
  permissions: string[];
  model?: string;
  provider?: string;
  answer?: string;
  reason?: string;
  /** Denied calls in the whole run (when it ended). */
  denials?: number;
}

/** Events streamed by `agent --json` (one JSON object per line). */
export type AgentEvent =
  | { type: 'run.started'; run: string; task: string; mode: ApprovalMode; resumed: boolean; cwd: string }
  | { type: 'turn.started'; run: string; turn: number }
  | {
      type: 'tool.called';
      run: string;
      turn: number;
      id: string;
      name: string;
      arguments: Record<string, unknown>;
      decision: Decision;
      reason?: string;
      /** A person was asked (and was shown the diff). */
      asked?: boolean;
      /** write_file: the change as a unified diff (clipped), with its line counts. */
      diff?: string;
      added?: number;
      removed?: number;
    }
  /** A model call failed and is retried (notice: the one line to show). */
  | { type: 'model.retry'; run: string; turn: number; attempt: number; attempts: number; delayMs: number; reason: string; notice: string }
  /** Output of a running exec as it arrives (stdout or stderr). */
  | { type: 'tool.output'; run: string; turn: number; id: string; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'tool.result'; run: string; turn: number; id: string; name: string; ok: boolean; durationMs: number; exitCode?: number | null; bytes?: number; sha256?: string; output: string }
  | { type: 'turn.completed'; run: string; turn: number; usage: Usage; costUsd: number; model: string }
  | { type: 'run.completed'; run: string; status: Exclude<RunStatus, 'running'>; exitCode: number; answer: string; turns: number; usage: Usage; costUsd: number; denials: number; reason?: string };
