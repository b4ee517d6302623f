// The gate every tool call passes before it runs (split from loop.ts): the policy's verdict
// (an MCP server's tool decides its own under the approval mode),
// then — when it says "ask" — a remembered "allow for this session", else the approver
// (REPL dialog, terminal, or nobody). A write is shown as a unified diff against the file's
// current content, read through the same door as read_file (tools.ts readTarget).
import type { FileView } from '../fs-view.js';
import type { ApprovalTool, Approver } from './approval.js';
import { unifiedDiff, type Diff } from './diff.js';
import { decideExec, decideRead, decideWrite, sessionPatternFor, type PolicyInput, type Verdict } from './policy.js';
import { clip, currentContent, isBinary, ToolError, type ExtraTools } from './tools.js';
import type { ApprovalMode, Decision } from './types.js';

export interface GateInput {
  name: string;
  /** The built-in tool's checked string arguments ({} for an extra tool). */
  args: Record<string, string>;
  /** The call's arguments as the model sent them (what an extra tool decides on). */
  raw: Record<string, unknown>;
  /** Set when the tool is an extra one (an MCP server's): it decides under the mode. */
  extra?: ExtraTools;
  mode: ApprovalMode;
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
  /** The call in one line ("exec: npm test", "write_file: a.ts (+1 -1)", "srv__tool {…}"). */
  title: string;
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
  if (g.extra) verdict = g.extra.decide(g.name, g.raw, g.mode);
  else if (g.name === 'exec') verdict = decideExec(g.policy, g.args.command!);
  else if (g.name === 'write_file') verdict = decideWrite(g.policy, g.target!.abs, g.target!.real);
  else if (g.name === 'read_file' || g.name === 'list_dir') verdict = decideRead(g.policy, g.target!.abs, g.target!.real);
  else verdict = { action: 'allow' };

  const tool: ApprovalTool = g.extra ? 'mcp' : g.name === 'exec' ? 'exec' : 'write_file';
  const diff = g.name === 'write_file' && !g.extra ? writeDiff(g.target!.real, g.args.path!, g.args.content!, g.fs) : undefined;
  const title =
    tool === 'mcp' ? `${g.name} ${clip(JSON.stringify(g.raw), 300)}` : tool === 'exec' ? `exec: ${g.args.command}` : `write_file: ${g.args.path}${diff ? ` (+${diff.added} -${diff.removed})` : ''}`;
  const base = { title, asked: false, unanswered: false, ...(diff ? { diff } : {}) };
  if (verdict.action === 'deny') return { ...base, decision: 'denied', reason: verdict.reason };
  if (verdict.action === 'allow') return { ...base, decision: 'allowed', ...(verdict.rule ? { reason: verdict.rule } : {}) };

  // An MCP tool is remembered by its name, a command by its pattern, a write by its path.
  const subject = tool === 'mcp' ? g.name : tool === 'exec' ? g.args.command! : g.target!.real;
  const remembered = g.approver.remembered(tool, subject);
  if (remembered !== undefined) return { ...base, decision: 'approved-session', reason: `allowed for this session (${tool === 'write_file' ? remembered : `\`${remembered}\``})` };

  const res = await g.approver.ask(
    {
      agent: g.agent,
      run: g.run,
      tool,
      title,
      why: verdict.why,
      cwd: g.cwd,
      sessionPattern: tool === 'exec' ? sessionPatternFor(subject) : subject,
      ...(tool === 'mcp' ? { name: g.name } : tool === 'exec' ? { command: g.args.command } : { path: subject, ...(diff?.text ? { diff: diff.text } : {}) }),
    },
    g.signal,
  );
  if (res.answer === 'once') return { ...base, decision: 'approved', asked: true };
  if (res.answer === 'session') return { ...base, decision: 'approved-session', reason: 'allowed for this session by the user', asked: true };
  if (res.by === 'none') {
    return { ...base, decision: 'denied', reason: `${verdict.why}, and there is no terminal to ask: denied (use --mode auto, or an allow rule in $AOSH_HOME/config.json "agent")`, unanswered: true };
  }
  return { ...base, decision: 'denied', reason: res.reason ? `the user denied it: ${res.reason}` : 'the user denied it', asked: true };
}
