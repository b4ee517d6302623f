// The interactive prompt: prompt line, completion list, warnings, approval dialog and
// the agents panel. State lives in ui-state.ts (pure); this component wires keys to it
// and reports the result through onDone.
import { useEffect, useRef, useState } from 'react';
import { Box, Text, useStdout } from 'ink';
import type { ApprovalDecision } from '../../../kernel/approvals.js';
import type { CompletionSources } from '../completion.js';
import type { EditorState } from '../editor.js';
import type { KeyEvent } from '../keys.js';
import type { KeySource } from '../keyboard.js';
import { promptParts } from '../prompt.js';
import { feedKeys, initialUi, type PromptResult, type UiContext, type UiState } from '../ui-state.js';
import { useAgents, type AgentSource } from '../hooks/useAgents.js';
import { useApproval, type ApprovalQueue } from '../hooks/useApproval.js';
import { useKeys } from '../hooks/useKeys.js';
import { PromptLine, SearchLine } from './PromptLine.js';
import { CompletionList } from './CompletionList.js';
import { StatusPanel } from './StatusPanel.js';
import { APPROVAL_CHOICES, ApprovalDialog } from './ApprovalDialog.js';

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

/** Keys while an approval dialog is up: arrows + Enter, or y / a / n. */
export function approvalKey(k: KeyEvent, selected: number): { selected: number; decision?: ApprovalDecision } {
  const n = APPROVAL_CHOICES.length;
  if (k.name === 'up' || k.name === 'left' || k.name === 'backtab') return { selected: (selected + n - 1) % n };
  if (k.name === 'down' || k.name === 'right' || k.name === 'tab') return { selected: (selected + 1) % n };
  if (k.name === 'return') return { selected, decision: APPROVAL_CHOICES[selected]!.decision };
  if (k.name === 'escape' || (k.ctrl && k.name === 'c')) return { selected, decision: 'deny' };
  if (k.name === 'text') {
    const ch = k.text!.toLowerCase();
    if (ch === 'y' || ch === 'o') return { selected, decision: 'once' };
    if (ch === 'a' || ch === 's') return { selected, decision: 'session' };
    if (ch === 'n' || ch === 'd') return { selected, decision: 'deny' };
  }
  return { selected };
}

export function ReplApp(props: ReplAppProps) {
  const { stdout } = useStdout();
  const columns = props.columns ?? (stdout.columns || 80);
  // The state lives in a ref so keys are applied synchronously as they arrive (and the
  // ones after a finished line are left queued); React renders snapshots of it.
  const stRef = useRef<UiState | null>(null);
  stRef.current ??= initialUi(props.history, { editor: props.editor, panelOpen: props.panelOpen, eofWarned: props.eofWarned, keymap: props.keymap });
  const [st, setSt] = useState<UiState>(stRef.current);
  const agents = useAgents(props.agents);
  const approval = useApproval(props.approvals);
  const [selected, setSelected] = useState(0);
  const live = useRef({ approval, selected, agents: agents.length });
  live.current = { approval, selected, agents: agents.length };

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
      let sel = live.current.selected;
      let used = 0;
      for (const k of keys) {
        used++;
        const r = approvalKey(k, sel);
        sel = r.selected;
        if (r.decision) {
          props.approvals.decide(r.decision);
          sel = 0;
          // The next request (or the prompt) gets the following keys once it shows.
          live.current = { ...live.current, approval: props.approvals.current(), selected: 0 };
          break;
        }
      }
      setSelected(sel);
      return used;
    }
    const { state, used } = feedKeys(cur, keys, ctxRef.current);
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
        <Box>
          <PromptLine parts={parts} pending={st.pending} buffer={st.editor.buffer} cursor={st.editor.cursor} active={active} color={props.color} />
          {st.done?.kind === 'interrupt' ? <Text>^C</Text> : null}
        </Box>
      )}
      {active && st.completions ? <CompletionList items={st.completions} columns={columns} color={props.color} /> : null}
      {active && st.warning ? <Text color={props.color ? 'yellow' : undefined}>{st.warning}</Text> : null}
      {active && approval ? <ApprovalDialog request={approval} selected={selected} columns={columns} color={props.color} /> : null}
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
  const columns = fixed ?? (stdout.columns || 80);
  const approval = useApproval(queue);
  const [selected, setSelected] = useState(0);
  const live = useRef(selected);
  live.current = selected;
  useKeys(keys, (ks) => {
    let sel = live.current;
    let used = 0;
    for (const k of ks) {
      used++;
      const r = approvalKey(k, sel);
      sel = r.selected;
      if (r.decision) {
        queue.decide(r.decision);
        sel = 0;
        break;
      }
    }
    live.current = sel;
    setSelected(sel);
    return used;
  });
  if (!approval) return null;
  return <ApprovalDialog request={approval} selected={selected} columns={columns} color={color} />;
}
