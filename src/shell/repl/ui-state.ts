// The prompt's state around the line editor: multi-line input, completion, Ctrl-D and
// Ctrl-C handling. Pure (state, action) -> state; the ink App renders it.
import { applyCompletion, complete, completeProgrammable, type Completion, type CompletionSources } from './completion.js';
import { editorReducer, initialEditor, keyToCommand, type EditorState } from './editor.js';
import type { KeyEvent } from './keys.js';

export type PromptResult =
  /** eof: ended by Ctrl-D on a continuation line (run as input that ends there). */
  | { kind: 'line'; text: string; eof?: boolean }
  | { kind: 'eof' }
  | { kind: 'interrupt' }
  | { kind: 'clear' };

export interface UiState {
  editor: EditorState;
  /** Lines entered so far of an incomplete command. */
  pending: string[];
  completions: string[] | null;
  warning: string | null;
  eofWarned: boolean;
  panelOpen: boolean;
  done: PromptResult | null;
  /** Tab ran a `complete -F` function: its answer, for the buffer and cursor it was asked for. */
  awaiting?: { buffer: string; cursor: number; result: Promise<Completion | null> } | null;
}

/** Applies a completion to the prompt: the common part, or the list when nothing more can be inserted. */
function applyTab(base: UiState, c: Completion | null): UiState {
  if (!c) return base;
  const { buffer } = base.editor;
  const applied = applyCompletion(buffer, c);
  if (applied.line !== buffer) return { ...base, editor: editorReducer(base.editor, { type: 'set', buffer: applied.line, cursor: applied.cursor }) };
  return c.items.length > 1 ? { ...base, completions: c.items } : base;
}

/** A programmable completion arrived: applied when the line is still the one it was asked for. */
export function completionArrived(st: UiState, asked: { buffer: string; cursor: number }, c: Completion | null): UiState {
  if (st.done || st.editor.buffer !== asked.buffer || st.editor.cursor !== asked.cursor) return st;
  return applyTab(st, c);
}

export interface UiContext {
  sources: CompletionSources | null;
  /** True when the parser needs more input (open quote, `if` without `fi`). */
  isIncomplete(source: string): boolean;
  /** Agents still running: Ctrl-D warns once before exiting. */
  liveAgents(): number;
}

export type UiAction = { type: 'keys'; keys: KeyEvent[]; ctx: UiContext };

export function initialUi(history: readonly string[], opts: { editor?: EditorState; panelOpen?: boolean; eofWarned?: boolean; keymap?: 'emacs' | 'vi' } = {}): UiState {
  const editor = opts.editor ? { ...opts.editor, history, histIndex: history.length } : initialEditor(history);
  return {
    editor: { ...editor, keymap: opts.keymap ?? editor.keymap, viCommand: false, viPending: '' },
    pending: [],
    completions: null,
    warning: null,
    eofWarned: opts.eofWarned ?? false,
    panelOpen: opts.panelOpen ?? false,
    done: null,
  };
}

function onKey(st: UiState, k: KeyEvent, ctx: UiContext): UiState {
  if (st.done) return st;
  // vi insert mode: Escape and the next key can arrive together (a loaded machine, a fast
  // typist), decoded as Meta-key; as readline does, that is Escape, then the key.
  if (st.editor.keymap === 'vi' && !st.editor.viCommand && !st.editor.search && k.meta && /^[a-z]$/.test(k.name)) {
    return onKey(onKey(st, { name: 'escape' }, ctx), { name: 'text', text: k.name }, ctx);
  }
  // vi command mode reads typed text one key at a time (`bcw` is three commands).
  if (st.editor.viCommand && k.name === 'text' && k.text && k.text.length > 1) {
    let s = st;
    for (const ch of k.text) s = onKey(s, { name: 'text', text: ch }, ctx);
    return s;
  }
  const cmd = keyToCommand(k, st.editor);
  const base: UiState = { ...st, completions: null, awaiting: null, warning: cmd.kind === 'eof' ? st.warning : null };
  switch (cmd.kind) {
    case 'edit': {
      const wasSearch = st.editor.search !== null;
      const editor = editorReducer(base.editor, cmd.action);
      const next = { ...base, editor };
      // A key that ends a search is then applied to the accepted line (as in readline).
      if (wasSearch && cmd.action.type === 'searchAccept') return onKey(next, k, ctx);
      return next;
    }
    case 'submit': {
      const editor = base.editor.search ? editorReducer(base.editor, { type: 'searchAccept' }) : base.editor;
      const full = [...base.pending, editor.buffer].join('\n');
      if (ctx.isIncomplete(full)) {
        return { ...base, pending: [...base.pending, ...editor.buffer.split('\n')], editor: { ...initialEditor(editor.history), keymap: editor.keymap } };
      }
      return { ...base, editor: { ...editor, search: null }, done: { kind: 'line', text: full } };
    }
    case 'complete': {
      if (!ctx.sources) return base;
      const { buffer, cursor } = base.editor;
      const result = completeProgrammable(buffer, cursor, ctx.sources);
      if (result) return { ...base, awaiting: { buffer, cursor, result } };
      return applyTab(base, complete(buffer, cursor, ctx.sources));
    }
    case 'interrupt':
      return { ...base, editor: { ...base.editor, search: null }, done: { kind: 'interrupt' } };
    case 'eof': {
      // Ctrl-D on a continuation line ends the input there: the lines so far run, and the
      // shell says what was missing in bash's words (unexpected EOF, here-document
      // delimited by end-of-file); the session goes on.
      if (base.pending.length) return { ...base, done: { kind: 'line', text: [...base.pending, base.editor.buffer].join('\n'), eof: true } };
      const n = ctx.liveAgents();
      if (n > 0 && !st.eofWarned) {
        return { ...base, eofWarned: true, warning: `${n} agent${n === 1 ? ' is' : 's are'} still running; Ctrl-D again (or exit) ends them and the session` };
      }
      return { ...base, done: { kind: 'eof' } };
    }
    case 'clearScreen':
      return { ...base, done: { kind: 'clear' } };
    case 'togglePanel':
      return { ...base, panelOpen: !base.panelOpen };
    case 'none':
      return base;
  }
}

export function uiReducer(st: UiState, a: UiAction): UiState {
  let s = st;
  for (const k of a.keys) s = onKey(s, k, a.ctx);
  return s;
}

/**
 * Applies keys until the prompt is done (Enter on a complete command, Ctrl-C, Ctrl-D...).
 * Returns how many keys were used: the rest belong to the next prompt (a pasted line after
 * the first), as bash leaves them in the terminal's input queue.
 */
export function feedKeys(st: UiState, keys: readonly KeyEvent[], ctx: UiContext): { state: UiState; used: number } {
  let s = st;
  let used = 0;
  for (const k of keys) {
    if (s.done) break;
    s = onKey(s, k, ctx);
    used++;
  }
  return { state: s, used };
}
