// Keys while an approval dialog is up (pure, shared by the prompt's dialog and the one
// shown while a command runs): arrows + Enter, or y / a / n; r (or the fourth choice)
// types a reason to deny with, which the agent gets as the tool result.
import type { ApprovalAnswer } from '../../kernel/approvals.js';
import type { KeyEvent } from './keys.js';

export type ApprovalChoice = 'once' | 'session' | 'deny' | 'reason';

export const APPROVAL_CHOICES: ReadonlyArray<{ choice: ApprovalChoice; key: string; label: string }> = [
  { choice: 'once', key: 'y', label: 'Allow once' },
  { choice: 'session', key: 'a', label: 'Allow for this session' },
  { choice: 'deny', key: 'n', label: 'Deny' },
  { choice: 'reason', key: 'r', label: 'Deny, and tell the agent why' },
];

export interface ApprovalInput {
  selected: number;
  /** The reason being typed (null: choosing). */
  reason: string | null;
}

export const APPROVAL_START: ApprovalInput = { selected: 0, reason: null };

function choose(st: ApprovalInput, choice: ApprovalChoice): { state: ApprovalInput; answer?: ApprovalAnswer } {
  if (choice === 'reason') return { state: { ...st, reason: '' } };
  return { state: APPROVAL_START, answer: { decision: choice } };
}

/** One key: the next state and, when the user decided, the answer. */
export function approvalStep(st: ApprovalInput, k: KeyEvent): { state: ApprovalInput; answer?: ApprovalAnswer } {
  if (st.reason !== null) {
    if (k.name === 'return') {
      const reason = st.reason.trim();
      return { state: APPROVAL_START, answer: { decision: 'deny', ...(reason ? { reason } : {}) } };
    }
    if (k.name === 'escape') return { state: { ...st, reason: null } };
    if (k.ctrl && k.name === 'c') return { state: APPROVAL_START, answer: { decision: 'deny' } };
    if (k.name === 'backspace') return { state: { ...st, reason: st.reason.slice(0, -1) } };
    if (k.ctrl && k.name === 'u') return { state: { ...st, reason: '' } };
    if (k.name === 'text') return { state: { ...st, reason: st.reason + k.text!.replace(/[\r\n]+/g, ' ') } };
    return { state: st };
  }
  const n = APPROVAL_CHOICES.length;
  if (k.name === 'up' || k.name === 'left' || k.name === 'backtab') return { state: { ...st, selected: (st.selected + n - 1) % n } };
  if (k.name === 'down' || k.name === 'right' || k.name === 'tab') return { state: { ...st, selected: (st.selected + 1) % n } };
  if (k.name === 'return') return choose(st, APPROVAL_CHOICES[st.selected]!.choice);
  if (k.name === 'escape' || (k.ctrl && k.name === 'c')) return { state: APPROVAL_START, answer: { decision: 'deny' } };
  if (k.name === 'text') {
    // Typed ahead in one read ("rbecause..."): the first letter chooses, the rest is the reason.
    const text = k.text!;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!.toLowerCase();
      if (ch === 'y' || ch === 'o') return choose(st, 'once');
      if (ch === 'a' || ch === 's') return choose(st, 'session');
      if (ch === 'n' || ch === 'd') return choose(st, 'deny');
      if (ch === 'r') return approvalStep({ ...st, reason: '' }, { name: 'text', text: text.slice(i + 1) });
    }
  }
  return { state: st };
}

/** Runs a batch of keys (one read from the terminal); stops at the first answer. */
export function approvalKeys(st: ApprovalInput, keys: KeyEvent[]): { state: ApprovalInput; answer?: ApprovalAnswer } {
  let cur = st;
  for (const k of keys) {
    const r = approvalStep(cur, k);
    if (r.answer) return r;
    cur = r.state;
  }
  return { state: cur };
}
