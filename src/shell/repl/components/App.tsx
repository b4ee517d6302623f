// The interactive prompt: prompt line, completion list, warnings, approval dialog and
// the agents panel. State lives in ui-state.ts (pure); this component wires keys to it
// and reports the result through onDone.
import { useEffect, useRef, useState } from 'react';
import { Box, Text, useStdout } from 'ink';
import type { ApprovalAnswer } from '../../../kernel/approvals.js';
import { APPROVAL_START, approvalStep, type ApprovalInput } from '../approval-keys.js';
import type { CompletionSources } from '../completion.js';
import type { EditorState } from '../editor.js';
import type { KeySource } from '../keyboard.js';
import { promptParts } from '../prompt.js';
import { completionArrived, feedKeys, initialUi, type PromptResult, type UiContext, type UiState } from '../ui-state.js';
import { useAgents, type AgentSource } from '../hooks/useAgents.js';
import { useApproval, type ApprovalQueue } from '../hooks/useApproval.js';
import { useKeys } from '../hooks/useKeys.js';
import { useColumns } from '../hooks/useColumns.js';
import { PromptLine, SearchLine } from './PromptLine.js';
import { CompletionList } from './CompletionList.js';
import { StatusPanel } from './StatusPanel.js';
import { ApprovalDialog } from './ApprovalDialog.js';

export interface ReplAppProps {
  /** The expanded PS1 (null: aosh's own prompt). */
  prompt?: string | null;
  cwd: string;
  home?: string;
  status: number;
  history: readonly string[];
  /** Editor state carried over (from the fast first prompt, or Ctrl-L). */
  editor?: EditorState;
  /** The session's keyboard (keys typed before the app was mounted are queued there). */
  keys: KeySource | null;
  sources: CompletionSources | null;
  isIncomplete(source: string): boolean;
  agents: AgentSource;
  approvals: ApprovalQueue | null;
  color: boolean;
  panelOpen: boolean;
  eofWarned?: boolean;
  /** `set -o vi`: vi keys; default emacs. */
  keymap?: 'emacs' | 'vi';
  /** Fixed width (tests); default: the terminal's. */
  columns?: number;
  onDone(result: PromptResult, state: UiState): void;
}

/** What the queue gets: a bare decision, or the decision with the reason typed for it. */
function settle(queue: ApprovalQueue, a: ApprovalAnswer): void {
  queue.decide(a.reason ? a : a.decision);
}

export function ReplApp(props: ReplAppProps) {
  const { stdout } = useStdout();
  const liveColumns = useColumns(stdout);
  const columns = props.columns ?? liveColumns;
  // The state lives in a ref so keys are applied synchronously as they arrive (and the
  // ones after a finished line are left queued); React renders snapshots of it.
  const stRef = useRef<UiState | null>(null);
  stRef.current ??= initialUi(props.history, { editor: props.editor, panelOpen: props.panelOpen, eofWarned: props.eofWarned, keymap: props.keymap });
  const [st, setSt] = useState<UiState>(stRef.current);
  const agents = useAgents(props.agents);
  const approval = useApproval(props.approvals);
  const [input, setInput] = useState<ApprovalInput>(APPROVAL_START);
  const live = useRef({ approval, input, agents: agents.length });
  live.current = { approval, input, agents: agents.length };

  const ctx: UiContext = {
    sources: props.sources,
    isIncomplete: props.isIncomplete,
    liveAgents: () => live.current.agents,
  };
  const ctxRef = useRef(ctx);
  ctxRef.current = ctx;
  const onDone = useRef(props.onDone);
  onDone.current = props.onDone;

  useKeys(props.keys, (keys) => {
    const cur = stRef.current!;
    if (cur.done) return 0;
    if (live.current.approval && props.approvals) {
      // Keys up to the answer are the dialog's; the rest go to the next request or the prompt.
      let cur = live.current.input;
      let used = 0;
      for (const k of keys) {
        used++;
        const r = approvalStep(cur, k);
        cur = r.state;
        if (r.answer) {
          settle(props.approvals, r.answer);
          cur = APPROVAL_START;
          live.current = { ...live.current, approval: props.approvals.current() };
          break;
        }
      }
      live.current = { ...live.current, input: cur };
      setInput(cur);
      return used;
    }
    const { state: fed, used } = feedKeys(cur, keys, ctxRef.current);
    let state = fed;
    if (state.awaiting) {
      // Tab ran a completion function (complete -F): apply its answer when it comes.
      const asked = state.awaiting;
      state = { ...state, awaiting: null };
      asked.result.then(
        (c) => {
          const next = completionArrived(stRef.current!, asked, c);
          if (next === stRef.current) return;
          stRef.current = next;
          setSt(next);
        },
        () => undefined,
      );
    }
    stRef.current = state;
    setSt(state);
    return used;
  });

  // Reported once the frame showing the finished line is committed (it stays in the scrollback).
  useEffect(() => {
    if (st.done) onDone.current(st.done, st);
  }, [st.done]);

  const running = agents.filter((a) => a.state === 'running').length;
  const parts = promptParts({ custom: props.prompt, cwd: props.cwd, home: props.home, status: props.status, agents: running, columns });
  const active = st.done === null;
  const search = st.editor.search;
  return (
    <Box flexDirection="column" width={columns}>
      {search && active ? (
        <SearchLine query={search.query} match={search.match >= 0 ? st.editor.history[search.match]! : null} color={props.color} />
      ) : (
        <PromptLine parts={parts} pending={st.pending} buffer={st.editor.buffer} cursor={st.editor.cursor} active={active} color={props.color} suffix={st.done?.kind === 'interrupt' ? '^C' : undefined} columns={columns} />
      )}
      {active && st.completions ? <CompletionList items={st.completions} columns={columns} color={props.color} /> : null}
      {active && st.warning ? <Text color={props.color ? 'yellow' : undefined}>{st.warning}</Text> : null}
      {active && approval ? <ApprovalDialog request={approval} selected={input.selected} reason={input.reason} columns={columns} rows={stdout.rows} color={props.color} /> : null}
      {active ? <StatusPanel agents={agents} expanded={st.panelOpen} columns={columns} color={props.color} /> : null}
    </Box>
  );
}

export interface ApprovalAppProps {
  queue: ApprovalQueue;
  keys: KeySource | null;
  color: boolean;
  columns?: number;
}

/** The dialog alone, shown when a request arrives while a command owns the terminal. */
export function ApprovalApp({ queue, keys, color, columns: fixed }: ApprovalAppProps) {
  const { stdout } = useStdout();
  const liveColumns = useColumns(stdout);
  const columns = fixed ?? liveColumns;
  const approval = useApproval(queue);
  const [input, setInput] = useState<ApprovalInput>(APPROVAL_START);
  const live = useRef(input);
  live.current = input;
  useKeys(keys, (ks) => {
    let cur = live.current;
    let used = 0;
    for (const k of ks) {
      used++;
      const r = approvalStep(cur, k);
      cur = r.state;
      if (r.answer) {
        settle(queue, r.answer);
        cur = APPROVAL_START;
        break;
      }
    }
    live.current = cur;
    setInput(cur);
    return used;
  });
  if (!approval) return null;
  return <ApprovalDialog request={approval} selected={input.selected} reason={input.reason} columns={columns} rows={stdout.rows} color={color} />;
}
