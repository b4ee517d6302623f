// The gate every tool call passes before it runs (split from loop.ts): the policy's verdict,
// then — when it says "ask" — a remembered "allow for this session", else the approver
// (REPL dialog, terminal, or nobody). A write is shown as a unified diff against the file's
// current content, read through the same door as read_file (tools.ts readTarget).
import type { FileView } from '../fs-view.js';
import type { Approver } from './approval.js';
import { unifiedDiff, type Diff } from './diff.js';
import { decideExec, decideRead, decideWrite, sessionPatternFor, type PolicyInput, type Verdict } from './policy.js';
import { currentContent, isBinary, ToolError } from './tools.js';
import type { Decision } from './types.js';

export interface GateInput {
  name: string;
  args: Record<string, string>;
  target?: { abs: string; real: string };
  policy: PolicyInput;
  approver: Approver;
  agent: string;
  run: string;
  cwd: string;
  signal: AbortSignal;
  /** The agent's world, where read_file reads: the diff's old side comes from the same place. */
  fs?: FileView;
}

export interface GateResult {
  decision: Decision;
  reason?: string;
  /** A person was asked (and saw the diff). */
  asked: boolean;
  /** Nobody could be asked: "ask" turned into a denial. */
  unanswered: boolean;
  /** write_file: the change as a diff (computed when the write may happen). */
  diff?: Diff;
}

/** The diff of a write against what is on disk now; a binary or unreadable old file is described, not diffed. */
export function writeDiff(real: string, shown: string, content: string, fs?: FileView): Diff {
  let prev: { data: Buffer } | null;
  try {
    prev = currentContent(real, fs);
  } catch (err) {
    const why = err instanceof ToolError ? err.message : (err as Error).message;
    return { text: `(the current content cannot be read: ${why})\n`, added: 0, removed: 0 };
  }
  if (prev && isBinary(prev.data)) {
    const lines = content === '' ? 0 : content.replace(/\n$/, '').split('\n').length;
    return { text: `(replaces a binary file of ${prev.data.length} bytes with ${Buffer.byteLength(content)} bytes of text)\n`, added: lines, removed: 0 };
  }
  return unifiedDiff(prev ? prev.data.toString('utf8') : null, content, shown);
}

export async function gate(g: GateInput): Promise<GateResult> {
  let verdict: Verdict;
  if (g.name === 'exec') verdict = decideExec(g.policy, g.args.command!);
  else if (g.name === 'write_file') verdict = decideWrite(g.policy, g.target!.abs, g.target!.real);
  else if (g.name === 'read_file' || g.name === 'list_dir') verdict = decideRead(g.policy, g.target!.abs, g.target!.real);
  else verdict = { action: 'allow' };

  if (verdict.action === 'deny') return { decision: 'denied', reason: verdict.reason, asked: false, unanswered: false };
  const diff = g.name === 'write_file' ? writeDiff(g.target!.real, g.args.path!, g.args.content!, g.fs) : undefined;
  const withDiff = diff ? { diff } : {};
  if (verdict.action === 'allow') return { decision: 'allowed', ...(verdict.rule ? { reason: verdict.rule } : {}), asked: false, unanswered: false, ...withDiff };

  const tool = g.name as 'exec' | 'write_file';
  const subject = tool === 'exec' ? g.args.command! : g.target!.real;
  const remembered = g.approver.remembered(tool, subject);
  if (remembered !== undefined) return { decision: 'approved-session', reason: `allowed for this session (${tool === 'exec' ? `\`${remembered}\`` : remembered})`, asked: false, unanswered: false, ...withDiff };

  const title = tool === 'exec' ? `exec: ${g.args.command}` : `write_file: ${g.args.path} (${diff ? `+${diff.added} -${diff.removed}` : ''})`;
  const res = await g.approver.ask(
    {
      agent: g.agent,
      run: g.run,
      tool,
      title,
      why: verdict.why,
      cwd: g.cwd,
      sessionPattern: tool === 'exec' ? sessionPatternFor(subject) : subject,
      ...(tool === 'exec' ? { command: g.args.command } : { path: subject, ...(diff?.text ? { diff: diff.text } : {}) }),
    },
    g.signal,
  );
  if (res.answer === 'once') return { decision: 'approved', asked: true, unanswered: false, ...withDiff };
  if (res.answer === 'session') return { decision: 'approved-session', reason: 'allowed for this session by the user', asked: true, unanswered: false, ...withDiff };
  if (res.by === 'none') {
    return {
      decision: 'denied',
      reason: `${verdict.why}, and there is no terminal to ask: denied (use --mode auto, or an allow rule in $AOSH_HOME/config.json "agent")`,
      asked: false,
      unanswered: true,
    };
  }
  return { decision: 'denied', reason: res.reason ? `the user denied it: ${res.reason}` : 'the user denied it', asked: true, unanswered: false };
}
