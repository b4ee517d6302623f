// The agent loop (issue #7): `agent TASK` as a kernel service. Loaded with import() by the
// `agent` builtin only when it runs. See loop.ts for the loop, store.ts for checkpoints.
export { runAgent, replay, systemPrompt, initialPrompt, DEFAULT_MAX_TURNS, DEFAULT_EXEC_TIMEOUT_MS, STALL_LIMIT, DENIAL_LIMIT, type AgentOptions, type AgentOutcome } from './loop.js';
export { RunStore, Run, newRunId, parseSteps } from './store.js';
export { formatRuns, formatTrace, rewindRun, runsJson, type RewindResult } from './inspect.js';
export { loadAgentConfig, agentPermissions, type AgentConfig, type AgentRules } from './policy.js';
export { defaultApprover, type Approver, type ApprovalRequest, type ApprovalAnswer, type ApprovalResult } from './approval.js';
export { runStage, type StageOptions, type StageResult } from './exec.js';
export { TOOL_DEFS, TOOL_NAMES } from './tools.js';
export { unifiedDiff, colorDiff, clipDiff, type Diff } from './diff.js';
export { sessionPatternFor, sessionPatternCovers } from './policy.js';
export * from './types.js';
