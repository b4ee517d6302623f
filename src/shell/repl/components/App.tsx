// The interactive prompt: prompt line, completion list, warnings, approval dialog and
// the agents panel. State lives in ui-state.ts (pure); this component wires keys to it
// and reports the result through onDone.
import { useEffect, useReducer, useRef, useState } from 'react';
import { Box, Text, useStdout } from 'ink';
import type { ApprovalAnswer } from '../../../kernel/approvals.js';
import { APPROVAL_START, approvalKeys, type ApprovalInput } from '../approval-keys.js';
import type { CompletionSources } from '../completion.js';
import type { EditorState } from '../editor.js';
import { decodeKeys } from '../keys.js';
import { promptParts } from '../prompt.js';
import { initialUi, uiReducer, type PromptResult, type UiContext, type UiState } from '../ui-state.js';
import { useAgents, type AgentSource } from '../hooks/useAgents.js';
import { useApproval, type ApprovalQueue } from '../hooks/useApproval.js';
import { useRawInput } from '../hooks/useRawInput.js';
import { PromptLine, SearchLine } from './PromptLine.js';
import { CompletionList } from './CompletionList.js';
import { StatusPanel } from './StatusPanel.js';
import { ApprovalDialog } from './ApprovalDialog.js';

export interface ReplAppProps {
  cwd: string;
  home?: string;
  status: number;
  history: readonly string[];
  /** Editor state carried over (from the fast first prompt, or Ctrl-L). */
  editor?: EditorState;
  /** Keys typed before the app was mounted. */
  initialInput?: string;
  sources: CompletionSources | null;
  isIncomplete(source: string): boolean;
  agents: AgentSource;
  approvals: ApprovalQueue | null;
  color: boolean;
  panelOpen: boolean;
  eofWarned?: boolean;
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
  const columns = props.columns ?? (stdout.columns || 80);
  const [st, dispatch] = useReducer(uiReducer, undefined, () =>
    initialUi(props.history, { editor: props.editor, panelOpen: props.panelOpen, eofWarned: props.eofWarned }),
  );
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

  useRawInput((data) => {
    const keys = decodeKeys(data);
    if (live.current.approval && props.approvals) {
      const r = approvalKeys(live.current.input, keys);
      setInput(r.state);
      if (r.answer) settle(props.approvals, r.answer);
      return;
    }
    dispatch({ type: 'keys', keys, ctx: ctxRef.current });
  }, props.initialInput);

  useEffect(() => {
    if (st.done) props.onDone(st.done, st);
  }, [st.done]);

  const running = agents.filter((a) => a.state === 'running').length;
  const parts = promptParts({ cwd: props.cwd, home: props.home, status: props.status, agents: running, columns });
  const active = st.done === null;
  const search = st.editor.search;
  return (
    <Box flexDirection="column" width={columns}>
      {search && active ? (
        <SearchLine query={search.query} match={search.match >= 0 ? st.editor.history[search.match]! : null} color={props.color} />
      ) : (
        <Box>
          <PromptLine parts={parts} pending={st.pending} buffer={st.editor.buffer} cursor={st.editor.cursor} active={active} color={props.color} />
          {st.done?.kind === 'interrupt' ? <Text>^C</Text> : null}
        </Box>
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
  color: boolean;
  columns?: number;
}

/** The dialog alone, shown when a request arrives while a command owns the terminal. */
export function ApprovalApp({ queue, color, columns: fixed }: ApprovalAppProps) {
  const { stdout } = useStdout();
  const columns = fixed ?? (stdout.columns || 80);
  const approval = useApproval(queue);
  const [input, setInput] = useState<ApprovalInput>(APPROVAL_START);
  const live = useRef(input);
  live.current = input;
  useRawInput((data) => {
    const r = approvalKeys(live.current, decodeKeys(data));
    setInput(r.state);
    if (r.answer) settle(queue, r.answer);
  });
  if (!approval) return null;
  return <ApprovalDialog request={approval} selected={input.selected} reason={input.reason} columns={columns} rows={stdout.rows} color={color} />;
}
