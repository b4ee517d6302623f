// The agentic loop (seed 000's exec/read_file/write_file/done loop, made safe to leave
// running): every model reply, tool call and tool result is appended and fsync'd to
// $AOSH_HOME/runs/<id>/steps.jsonl before the next step starts; exec runs as a kernel
// process; writes are snapshotted first; model calls go through the kernel's LLM service
// (scheduler, hard budgets). A run killed at any point resumes from its last completed step.
import { StringDecoder } from 'node:string_decoder';
import type { Kernel } from '../kernel.js';
import type { LlmService } from '../llm/service.js';
import type { RetryInfo, ToolCall, Usage } from '../llm/types.js';
import { retryNotice } from '../llm/retry.js';
import { BudgetError, LlmError, NotConfiguredError } from '../llm/errors.js';
import { describePermissions, type PermissionSet } from '../permissions.js';
import { childEnv } from '../syscalls/kernel-ops.js';
import type { Approver } from './approval.js';
import { AgentAudit } from './audit.js';
import { headTail, runStage } from './exec.js';
import { clipDiff, type Diff } from './diff.js';
import type { FileView } from '../fs-view.js';
import { gate } from './gate.js';
import { INSTRUCTIONS_LIMIT, loadInstructions } from './instructions.js';
import { agentPermissions, resolveToolPath, type AgentRules, type PolicyInput } from './policy.js';
import { RunStore, sha256, type Run } from './store.js';
import { TOOL_DEFS, ToolError, clip, clipArgs, currentContentOrError, listDirTool, readFileTool, toolArgs, writeFileTool, type ExtraTools } from './tools.js';
import {
  AGENT_EXIT,
  STATUS_EXIT,
  type AgentEvent,
  type ApprovalMode,
  type CallStep,
  type Decision,
  type ExecEvidence,
  type ModelStep,
  type RunStatus,
  type Snapshot,
  type WriteEvidence,
} from './types.js';
import { callKey, initialPrompt, replay, stableJson, systemPrompt, type RunState } from './replay.js';

export { initialPrompt, replay, systemPrompt, type RunState };

export const DEFAULT_MAX_TURNS = 30;
export const DEFAULT_EXEC_TIMEOUT_MS = 120_000;
/** The third identical call in a row stops the run (exit 6). */
export const STALL_LIMIT = 3;
/** This many denied calls in a row stop the run (exit 7). */
export const DENIAL_LIMIT = 3;
/** Bytes of exec output (each stream) the model sees. */
const EXEC_OUTPUT_FOR_MODEL = 32 * 1024;
/** Diff lines carried by a tool.called event (the full content is in the call step). */
const DIFF_LINES_IN_EVENTS = 400;
export interface AgentOptions {
  kernel: Kernel;
  llm: LlmService;
  home: string;
  cwd: string;
  /** The environment exec stages start from (secret-looking variables are removed). */
  env: Record<string, string>;
  task?: string;
  /** Piped standard input, added to the task's context. */
  context?: string;
  /** Continue this run instead of starting one. */
  resume?: string;
  mode?: ApprovalMode;
  maxTurns?: number;
  budgetTokens?: number;
  budgetUsd?: number;
  /** --allow-* / --deny-* flags of this invocation. */
  permissionFlags?: string[];
  rules: AgentRules;
  model?: string;
  provider?: 'gemini' | 'openai';
  execTimeoutMs?: number;
  approver: Approver;
  signal: AbortSignal;
  onEvent?: (e: AgentEvent) => void | Promise<void>;
  /** Progress lines and notices (denials, stop reasons, warnings); the builtin prints them on stderr. */
  log?: (line: string, level: 'progress' | 'notice') => void | Promise<void>;
  /** Kernel id of the task running the agent (parent of its exec stages). */
  procId?: number | null;
  /** More tools for the model (MCP servers' server__tool), decided and run by their provider. */
  extraTools?: ExtraTools;
}

export interface AgentOutcome {
  runId: string;
  status: Exclude<RunStatus, 'running'>;
  exitCode: number;
  answer: string;
  reason?: string;
}

class Stop extends Error {
  constructor(
    readonly status: Exclude<RunStatus, 'running'>,
    readonly exitCode: number,
    message: string,
    readonly answer = '',
  ) {
    super(message);
  }
}

function interruptedCode(signal: AbortSignal): number {
  return typeof signal.reason === 'number' ? 128 + signal.reason : AGENT_EXIT.INTERRUPTED;
}

export async function runAgent(o: AgentOptions): Promise<AgentOutcome> {
  const store = new RunStore(o.home);
  const log = async (line: string, level: 'progress' | 'notice' = 'notice'): Promise<void> => void (await o.log?.(line, level));
  const emit = async (e: AgentEvent): Promise<void> => {
    o.kernel.events?.emit?.('custom', { type: `agent.${e.type}`, source: 'agent', data: e });
    await o.onEvent?.(e);
  };
  const warnings: string[] = [];
  const audit = new AgentAudit(o.home, (m) => warnings.push(m), () => o.kernel.journal());

  // ---- open or create the run ----
  let run: Run;
  let resumed = false;
  if (o.resume) {
    run = store.open(store.resolve(o.resume));
    run.assertIntact('resume');
    run.lock();
    resumed = true;
  } else {
    const flags = o.permissionFlags ?? [];
    // Validate the flags before anything is created.
    agentPermissions(o.kernel.permissions, o.cwd, flags);
    const now = new Date().toISOString();
    run = store.create({
      v: 1,
      task: o.task ?? '',
      cwd: o.cwd,
      mode: o.mode ?? 'auto-edit',
      status: 'running',
      exitCode: null,
      createdAt: now,
      updatedAt: now,
      pid: process.pid,
      turns: 0,
      steps: 0,
      usage: { input: 0, output: 0 },
      costUsd: 0,
      maxTurns: o.maxTurns ?? DEFAULT_MAX_TURNS,
      ...(o.budgetTokens !== undefined ? { budgetTokens: o.budgetTokens } : {}),
      ...(o.budgetUsd !== undefined ? { budgetUsd: o.budgetUsd } : {}),
      permissions: flags,
      ...(o.model ? { model: o.model } : {}),
      ...(o.provider ? { provider: o.provider } : {}),
    });
  }

  try {
    return await drive(o, run, resumed, audit, log, emit);
  } finally {
    run.unlock();
    await audit.close();
    for (const w of warnings) await log(`warning: ${w}`);
  }
}

async function drive(
  o: AgentOptions,
  run: Run,
  resumed: boolean,
  audit: AgentAudit,
  log: (line: string, level?: 'progress' | 'notice') => Promise<void>,
  emit: (e: AgentEvent) => Promise<void>,
): Promise<AgentOutcome> {
  const meta = run.meta;
  const st0 = replay(run.steps);
  if (resumed && st0.end?.status === 'done') {
    // Nothing left to do: the answer stands.
    return { runId: run.id, status: 'done', exitCode: AGENT_EXIT.DONE, answer: st0.end.answer ?? '' };
  }
  // Settings: this invocation's flags win, else what the run was started with.
  if (o.mode) meta.mode = o.mode;
  if (o.maxTurns !== undefined) meta.maxTurns = o.maxTurns;
  if (o.execTimeoutMs !== undefined) meta.execTimeoutMs = o.execTimeoutMs;
  if (o.budgetTokens !== undefined) meta.budgetTokens = o.budgetTokens;
  if (o.budgetUsd !== undefined) meta.budgetUsd = o.budgetUsd;
  if (resumed && o.permissionFlags?.length) meta.permissions = [...meta.permissions, ...o.permissionFlags];
  if (o.model) meta.model = o.model;
  if (o.provider) meta.provider = o.provider;
  meta.status = 'running';
  meta.exitCode = null;
  meta.pid = process.pid;
  delete meta.answer;
  delete meta.reason;
  const cwd = meta.cwd;
  const perms: PermissionSet = agentPermissions(o.kernel.permissions, cwd, meta.permissions);
  // The tools' files are the agent's world's: what its exec commands see (built on first use).
  let fsView: FileView | undefined;
  const toolFs = (): FileView => (fsView ??= o.kernel.sandboxed ? o.kernel.worldView(() => o.kernel.worlds.worldFor(perms, cwd)) : o.kernel.fs);
  const policy: PolicyInput = { perms, rules: o.rules, mode: meta.mode, cwd };
  const execEnv = { ...childEnv(perms, o.env), AOSH_RUN_ID: run.id };
  const execTimeoutMs = meta.execTimeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;

  if (!resumed) {
    const instr = loadInstructions(cwd, policy, toolFs());
    if (instr.skipped) await log(`warning: ${instr.skipped}`);
    const f = instr.found;
    const system = systemPrompt(cwd, meta.mode, f ?? undefined);
    run.append({
      kind: 'start',
      task: meta.task,
      ...(o.context ? { context: o.context } : {}),
      system,
      cwd,
      mode: meta.mode,
      ...(f ? { instructions: { path: f.path, bytes: f.bytes, sha256: f.sha256, ...(f.truncated ? { truncated: true } : {}) } } : {}),
    });
    if (f) await log(`instructions from ${f.path} (${f.bytes} bytes${f.truncated ? `, first ${INSTRUCTIONS_LIMIT} used` : ''})`, 'progress');
    await audit.record('agent.start', { run: run.id, task: meta.task.slice(0, 500), task_sha256: sha256(meta.task), context_bytes: o.context ? Buffer.byteLength(o.context) : 0, cwd, mode: meta.mode, permissions: describePermissions(perms) });
  }
  const st = replay(run.steps);
  const agentName = st.resumes > 0 || resumed ? `agent-${run.id}.r${st.resumes + 1}` : `agent-${run.id}`;
  // On resume the pending calls are those of the last model step without a result.
  const pending: Array<{ index: number; call: ToolCall; existing?: CallStep }> = [];
  if (st.lastModel) {
    st.lastModel.toolCalls.forEach((call, index) => {
      const key = callKey(st.lastModel!.turn, index);
      if (!st.results.has(key)) pending.push({ index, call, existing: st.calls.get(key) });
    });
  }
  if (resumed) {
    run.append({ kind: 'resume', pid: process.pid, rerun: pending.filter((p) => p.existing).length });
    await audit.record('agent.resume', { run: run.id, from_step: run.steps.length - 1, rerun: pending.filter((p) => p.existing).length });
  }
  run.saveMeta();

  // Hard budgets through the kernel's LLM service: what is left of them for this process.
  const usedTokens = st.usage.input + st.usage.output;
  if (meta.budgetTokens !== undefined) o.llm.budgets.add({ scope: 'agent', agent: agentName, tokens: Math.max(0, meta.budgetTokens - usedTokens) });
  if (meta.budgetUsd !== undefined) o.llm.budgets.add({ scope: 'agent', agent: agentName, usd: Math.max(0, meta.budgetUsd - st.costUsd) });

  await emit({ type: 'run.started', run: run.id, task: meta.task, mode: meta.mode, resumed, cwd });
  await log(`${resumed ? 'resuming' : 'run'} ${run.id} (mode ${meta.mode}, max ${meta.maxTurns} turns${meta.budgetTokens !== undefined ? `, budget ${meta.budgetTokens} tokens` : ''}${meta.budgetUsd !== undefined ? `, budget $${meta.budgetUsd}` : ''})${pending.length ? `: ${pending.length} tool call(s) of turn ${st.lastModel!.turn} to finish` : ''}`, 'progress');

  const messages = st.messages;
  let turns = st.turns;
  const firstTurn = st.turns;
  let lastCallKey = st.lastCallKey;
  let repeat = st.repeat;
  let denialStreak = st.denialStreak;
  let denials = st.denials;

  const finish = async (status: Exclude<RunStatus, 'running'>, exitCode: number, answer: string, reason?: string): Promise<AgentOutcome> => {
    run.append({ kind: 'end', status, exitCode, ...(answer ? { answer } : {}), ...(reason ? { reason } : {}) });
    const totals = run.effectiveMeta();
    Object.assign(meta, { status, exitCode, turns: totals.turns, usage: totals.usage, costUsd: totals.costUsd, steps: run.steps.length, denials });
    if (answer) meta.answer = answer;
    if (reason) meta.reason = reason;
    run.saveMeta();
    await audit.record('agent.end', { run: run.id, status, exit_code: exitCode, turns: totals.turns, tokens: totals.usage.input + totals.usage.output, cost_usd: totals.costUsd, ...(reason ? { reason } : {}) });
    await emit({ type: 'run.completed', run: run.id, status, exitCode, answer, turns: totals.turns, usage: totals.usage, costUsd: totals.costUsd, denials, ...(reason ? { reason } : {}) });
    return { runId: run.id, status, exitCode, answer, ...(reason ? { reason } : {}) };
  };

  // A model call that fails and will be retried says so (the builtin prints it and spins on).
  const retried =
    (turn: number) =>
    (info: RetryInfo): void =>
      void emit({ type: 'model.retry', run: run.id, turn, attempt: info.attempt, attempts: info.attempts, delayMs: info.delayMs, reason: info.reason, notice: retryNotice(info) }).catch(() => undefined);

  /** Runs one tool call; returns the answer when it was `done`. Throws Stop to end the run. */
  const processCall = async (turn: number, index: number, call: ToolCall, existing?: CallStep): Promise<{ answer?: string }> => {
    const args = call.arguments ?? {};
    let decision: Decision;
    let reason: string | undefined;
    let snapshot: Snapshot | undefined;
    let target: { abs: string; real: string } | undefined;
    let parsed: Record<string, string> | undefined;
    let invalid: string | undefined;
    const extra = o.extraTools?.has(call.name) ? o.extraTools : undefined;
    try {
      if (!extra) parsed = toolArgs(call.name, args);
      if (call.name === 'read_file' || call.name === 'write_file' || call.name === 'list_dir') target = resolveToolPath(cwd, parsed!.path!, toolFs());
    } catch (err) {
      if (!(err instanceof ToolError)) throw err;
      invalid = err.message;
    }

    let asked = false;
    let diff: Diff | undefined;
    if (existing) {
      decision = existing.decision;
      reason = existing.reason;
      snapshot = existing.snapshot;
    } else {
      // The stall guard: the same call again and again is a loop, not progress.
      const key = `${call.name}:${stableJson(args)}`;
      const nextRepeat = key === lastCallKey ? repeat + 1 : 1;
      if (nextRepeat >= STALL_LIMIT && call.name !== 'done') {
        throw new Stop('stalled', AGENT_EXIT.STALLED, `stall guard: the model asked for ${call.name} ${clip(JSON.stringify(args), 200)} ${nextRepeat} times in a row`);
      }
      repeat = nextRepeat;
      lastCallKey = key;

      if (invalid !== undefined) {
        decision = 'denied';
        reason = invalid;
      } else {
        const g = await gate({ name: call.name, args: parsed ?? {}, raw: args, extra, mode: meta.mode, target, policy, approver: o.approver, agent: agentName, run: run.id, cwd, signal: o.signal, fs: toolFs() });
        if (o.signal.aborted) throw new Stop('interrupted', interruptedCode(o.signal), 'interrupted while waiting for approval');
        decision = g.decision;
        reason = g.reason;
        asked = g.asked;
        diff = g.diff;
        if (g.unanswered) await log(`${g.title}: ${reason}`);
      }

      // Snapshot before the write, durably, and record it with the call.
      if (call.name === 'write_file' && decision !== 'denied') {
        const prev = currentContentOrError(target!.real, toolFs());
        if (prev === 'error') snapshot = undefined;
        else if (prev === null) snapshot = { path: target!.real, existed: false };
        else {
          const file = run.saveSnapshot(run.steps.length + 1, prev.data);
          snapshot = { path: target!.real, existed: true, sha256: sha256(prev.data), bytes: prev.data.length, mode: prev.mode, file };
        }
      }
      run.append({ kind: 'call', turn, index, callId: call.id, name: call.name, arguments: args, decision, ...(reason ? { reason } : {}), ...(snapshot ? { snapshot } : {}) });
    }
    await emit({
      type: 'tool.called',
      run: run.id,
      turn,
      id: call.id,
      name: call.name,
      arguments: args,
      decision,
      ...(reason ? { reason } : {}),
      ...(asked ? { asked } : {}),
      ...(diff?.text ? { diff: clipDiff(diff.text, DIFF_LINES_IN_EVENTS), added: diff.added, removed: diff.removed } : {}),
    });

    // ---- run it ----
    const started = Date.now();
    let ok = true;
    let output: string;
    let answer: string | undefined;
    let execEv: ExecEvidence | undefined;
    let writeEv: WriteEvidence | undefined;
    let usage: Usage | undefined;
    let cost: number | undefined;
    if (decision === 'denied') {
      ok = false;
      output = invalid !== undefined ? `error: ${invalid}` : `denied: ${reason ?? 'not allowed'}`;
      if (invalid === undefined) await audit.record('agent.denied', { run: run.id, step: run.steps.length, tool: call.name, arguments: clipArgs(args), reason: reason ?? null });
    } else {
      try {
        switch (call.name) {
          case 'exec': {
            const command = parsed!.command!;
            // Said before it runs, so the output streaming under it has a heading.
            await log(`[turn ${turn}] exec: ${clip(command, 120)}`, 'progress');
            // Live output for whoever watches (the builtin prints it, --json streams it); never
            // awaited by the stage. A decoder per stream keeps a character cut by a chunk whole.
            const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
            const show = (stream: 'stdout' | 'stderr', text: string): void => {
              if (text) void emit({ type: 'tool.output', run: run.id, turn, id: call.id, stream, text }).catch(() => undefined);
            };
            const onOutput = (stream: 'stdout' | 'stderr', chunk: Buffer): void => show(stream, decoders[stream].write(chunk));
            const r = await runStage(o.kernel, { command, cwd, env: execEnv, name: `${agentName}:exec`, parent: o.procId ?? null, timeoutMs: execTimeoutMs, captureBytes: EXEC_OUTPUT_FOR_MODEL * 2, signal: o.signal, permissions: perms, onOutput });
            show('stdout', decoders.stdout.end());
            show('stderr', decoders.stderr.end());
            if (r.interrupted && o.signal.aborted) throw new Stop('interrupted', interruptedCode(o.signal), `interrupted while running: ${command}`);
            execEv = {
              command,
              cwd,
              exitCode: r.exitCode,
              signal: r.signal,
              timedOut: r.timedOut,
              durationMs: r.durationMs,
              stdoutBytes: r.stdoutBytes,
              stderrBytes: r.stderrBytes,
              stdoutSha256: r.stdoutSha256,
              stderrSha256: r.stderrSha256,
              procId: r.procId,
              pid: r.pid,
              isolation: r.isolation,
              ...headTail('stdout', r.stdout, r.stdoutBytes),
              ...headTail('stderr', r.stderr, r.stderrBytes),
            };
            ok = r.exitCode === 0;
            const status = r.timedOut ? `timed out after ${execTimeoutMs / 1000}s (killed)` : r.signal ? `killed by ${r.signal}` : `exit code ${r.exitCode}`;
            output = `${status}\n--- stdout (${r.stdoutBytes} bytes) ---\n${clip(r.stdout.toString('utf8'), EXEC_OUTPUT_FOR_MODEL)}\n--- stderr (${r.stderrBytes} bytes) ---\n${clip(r.stderr.toString('utf8'), EXEC_OUTPUT_FOR_MODEL)}`;
            break;
          }
          case 'read_file':
            output = readFileTool(target!.real, parsed!.path!, toolFs());
            break;
          case 'list_dir':
            output = listDirTool(target!.real, parsed!.path!, toolFs());
            break;
          case 'write_file': {
            const w = writeFileTool(target!.real, parsed!.content!, parsed!.path!, snapshot?.mode, toolFs());
            writeEv = { path: target!.real, bytes: w.bytes, sha256: w.sha256, created: snapshot ? !snapshot.existed : false, ...(snapshot?.sha256 ? { sha256Before: snapshot.sha256 } : {}) };
            output = `wrote ${w.bytes} bytes to ${parsed!.path} (sha256 ${w.sha256})`;
            break;
          }
          case 'think': {
            const res = await o.llm.think({ agent: agentName, provider: meta.provider as 'gemini' | 'openai' | undefined, model: meta.model, messages: [{ role: 'user', content: parsed!.prompt! }], signal: o.signal, onRetry: retried(turn) });
            usage = res.usage;
            cost = res.costUsd;
            output = res.content;
            break;
          }
          case 'done':
            answer = parsed!.answer!;
            output = 'done';
            break;
          default: {
            if (!extra) throw new ToolError(`unknown tool "${call.name}"`);
            const r = await extra.call(call.name, args, o.signal);
            ok = r.ok;
            output = r.ok ? r.output : `error: ${r.output}`;
          }
        }
      } catch (err) {
        if (err instanceof Stop) throw err;
        if (o.signal.aborted) throw new Stop('interrupted', interruptedCode(o.signal), `interrupted during ${call.name}`);
        ok = false;
        output = `error: ${err instanceof ToolError || err instanceof LlmError ? err.message : (err as Error).message}`;
      }
    }
    if (repeat === STALL_LIMIT - 1 && call.name !== 'done') output += `\n[note: this call is identical to the previous one; ${STALL_LIMIT} identical calls in a row stop the run]`;
    const durationMs = Date.now() - started;
    const result = run.append({
      kind: 'result',
      turn,
      index,
      callId: call.id,
      name: call.name,
      ok,
      output,
      durationMs,
      ...(execEv ? { exec: execEv } : {}),
      ...(writeEv ? { write: writeEv } : {}),
      ...(usage ? { usage, costUsd: cost ?? 0 } : {}),
    });
    messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content: output });
    // An MCP tool may change the world like exec does: its call and result are on the record.
    if (extra && decision !== 'denied') await audit.record('agent.mcp', { run: run.id, step: result.step, tool: call.name, arguments: clipArgs(args), ok, output_bytes: Buffer.byteLength(output), output_sha256: sha256(output), decision });
    if (execEv) {
      await audit.record('agent.exec', {
        run: run.id,
        step: result.step,
        command: execEv.command,
        cwd,
        exit_code: execEv.exitCode,
        signal: execEv.signal,
        timed_out: execEv.timedOut,
        duration_ms: execEv.durationMs,
        stdout_bytes: execEv.stdoutBytes,
        stdout_sha256: execEv.stdoutSha256,
        stderr_bytes: execEv.stderrBytes,
        stderr_sha256: execEv.stderrSha256,
        decision,
      });
      await log(`[turn ${turn}] exec -> ${execEv.timedOut ? 'timed out' : execEv.signal ?? `exit ${execEv.exitCode}`} (${execEv.durationMs} ms)`, 'progress');
    } else if (writeEv) {
      await audit.record('agent.write', { run: run.id, step: result.step, path: writeEv.path, bytes: writeEv.bytes, sha256: writeEv.sha256, sha256_before: writeEv.sha256Before ?? null, created: writeEv.created, decision });
      await log(`[turn ${turn}] write_file: ${parsed!.path} (${writeEv.created ? 'new file, ' : ''}${diff ? `+${diff.added} -${diff.removed}, ` : ''}${writeEv.bytes} bytes)`, 'progress');
    } else if (call.name !== 'done') {
      await log(`[turn ${turn}] ${call.name}${parsed?.path !== undefined ? `: ${parsed.path}` : ''}${ok ? '' : ` -> ${clip(output.split('\n')[0]!, 160)}`}`, 'progress');
    }
    await emit({
      type: 'tool.result',
      run: run.id,
      turn,
      id: call.id,
      name: call.name,
      ok,
      durationMs,
      ...(execEv ? { exitCode: execEv.exitCode, bytes: execEv.stdoutBytes + execEv.stderrBytes, sha256: execEv.stdoutSha256 } : {}),
      ...(writeEv ? { bytes: writeEv.bytes, sha256: writeEv.sha256 } : {}),
      output: clip(output, 4096),
    });

    if (call.name !== 'done') {
      if (decision === 'denied' && invalid === undefined) {
        denialStreak++;
        denials++;
        if (denialStreak >= DENIAL_LIMIT) throw new Stop('denied', AGENT_EXIT.DENIED, `${DENIAL_LIMIT} actions in a row were denied (last: ${reason ?? call.name})`);
      } else {
        denialStreak = 0;
      }
    }
    return answer !== undefined ? { answer } : {};
  };

  // The exit status is how the run ended: a model that finished with an answer is done (0),
  // whatever was denied on the way — each denial went back to it as a tool result, and its
  // answer is its response to that. Only the denial guard (DENIAL_LIMIT in a row) ends a
  // run as denied (7). The count of denials is on stderr, in meta.json and in run.completed.
  const ended = async (answer: string): Promise<AgentOutcome> => {
    if (denials) await log(`note: ${denials} action${denials === 1 ? ' was' : 's were'} denied during this run (agent trace ${run.id} shows them)`);
    return finish('done', AGENT_EXIT.DONE, answer);
  };

  try {
    // Finish the turn a crash interrupted: calls without a result run (again).
    if (pending.length) {
      const turn = st.lastModel!.turn;
      for (const p of pending) {
        const r = await processCall(turn, p.index, p.call, p.existing);
        if (r.answer !== undefined) return await ended(r.answer);
      }
      const m = st.lastModel!;
      await emit({ type: 'turn.completed', run: run.id, turn, usage: m.usage, costUsd: m.costUsd, model: m.model });
    } else if (st.lastModel && st.lastModel.toolCalls.length === 0) {
      // The last reply had no tool call: that reply was the answer.
      return await ended(st.lastModel.content.trim());
    }

    for (;;) {
      if (o.signal.aborted) throw new Stop('interrupted', interruptedCode(o.signal), 'interrupted');
      // The cap counts this invocation's model replies: --resume (with or without a new
      // --max-turns N) gets N more, so a capped run can always go on.
      if (turns - firstTurn >= meta.maxTurns)
        throw new Stop('max-turns', AGENT_EXIT.MAX_TURNS, `reached --max-turns ${meta.maxTurns}${firstTurn ? ` (${turns} turns in all)` : ''} before the model finished; agent --resume ${run.id} [--max-turns N] continues it`);
      const turn = ++turns;
      await emit({ type: 'turn.started', run: run.id, turn });
      const t0 = Date.now();
      let res;
      try {
        res = await o.llm.think({
          agent: agentName,
          provider: meta.provider as 'gemini' | 'openai' | undefined,
          model: meta.model,
          system: st.system,
          messages,
          tools: o.extraTools?.defs.length ? [...TOOL_DEFS, ...o.extraTools.defs] : TOOL_DEFS,
          toolChoice: 'auto',
          signal: o.signal,
          onRetry: retried(turn),
        });
      } catch (err) {
        if (o.signal.aborted) throw new Stop('interrupted', interruptedCode(o.signal), 'interrupted while waiting for the model');
        if (err instanceof BudgetError) throw new Stop('budget', AGENT_EXIT.BUDGET, err.message);
        if (err instanceof NotConfiguredError) throw new Stop('no-provider', AGENT_EXIT.NO_PROVIDER, err.message);
        throw new Stop('error', AGENT_EXIT.ERROR, (err as Error).message);
      }
      // Ids must be unique within a reply for the tool results to match; some servers reuse them.
      const seen = new Set<string>();
      const toolCalls = res.toolCalls.map((c, i) => {
        let id = c.id || `call_${turn}_${i}`;
        if (seen.has(id)) id = `${id}_${i}`;
        seen.add(id);
        return { id, name: c.name, arguments: c.arguments ?? {} };
      });
      const m = run.append({
        kind: 'model',
        turn,
        content: res.content,
        toolCalls,
        usage: res.usage,
        costUsd: res.costUsd,
        model: res.model,
        provider: res.provider,
        finishReason: res.finishReason,
        durationMs: Date.now() - t0,
      }) as ModelStep;
      messages.push({ role: 'assistant', content: res.content, ...(toolCalls.length ? { toolCalls } : {}) });
      const totals = run.effectiveMeta();
      Object.assign(meta, { turns: totals.turns, usage: totals.usage, costUsd: totals.costUsd, steps: run.steps.length });
      run.saveMeta();
      await audit.record('agent.turn', { run: run.id, step: m.step, turn, model: res.model, provider: res.provider, input_tokens: res.usage.input, output_tokens: res.usage.output, cost_usd: res.costUsd, tool_calls: toolCalls.map((c) => c.name), finish_reason: res.finishReason });

      if (toolCalls.length === 0) {
        await emit({ type: 'turn.completed', run: run.id, turn, usage: res.usage, costUsd: res.costUsd, model: res.model });
        return await ended(res.content.trim());
      }
      let answer: string | undefined;
      for (let i = 0; i < toolCalls.length; i++) {
        const r = await processCall(turn, i, toolCalls[i]!);
        if (r.answer !== undefined) {
          answer = r.answer;
          break;
        }
      }
      await emit({ type: 'turn.completed', run: run.id, turn, usage: res.usage, costUsd: res.costUsd, model: res.model });
      if (answer !== undefined) return await ended(answer);
    }
  } catch (err) {
    if (err instanceof Stop) {
      await log(err.message);
      return finish(err.status, err.exitCode, err.answer, err.message);
    }
    const message = (err as Error).message ?? String(err);
    await log(`error: ${message}`);
    return finish('error', STATUS_EXIT.error, '', message);
  }
}
