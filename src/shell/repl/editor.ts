// The line editor as a pure state machine: (state, action) -> state. No ink, no I/O;
// the REPL's hooks feed it decoded keys and render what it returns.
import type { KeyEvent } from './keys.js';

export interface SearchState {
  query: string;
  /** Index of the matching history entry, -1 when nothing matches. */
  match: number;
  /** The line being edited when the search started (restored on cancel). */
  saved: { buffer: string; cursor: number };
}

export interface EditorState {
  buffer: string;
  cursor: number;
  /** Oldest first. */
  history: readonly string[];
  /** history.length means "the line being typed" (saved in draft). */
  histIndex: number;
  draft: string;
  search: SearchState | null;
  /** Last killed text (Ctrl-K/U/W), for Ctrl-Y. */
  killed: string;
  /** Alt-. pressed last: which history entry's last word it inserted, and where (the next press replaces it). */
  lastArg?: { back: number; start: number; end: number } | null;
  /** `set -o vi`: vi keys (insert mode first, Escape for command mode); default emacs. */
  keymap?: 'emacs' | 'vi';
  /** vi: in command mode, and the operator typed so far (d, c, r). */
  viCommand?: boolean;
  viPending?: string;
}

export type EditorAction =
  | { type: 'insert'; text: string }
  | { type: 'move'; to: 'left' | 'right' | 'home' | 'end' | 'wordLeft' | 'wordRight' }
  | { type: 'backspace' }
  | { type: 'delete' }
  | { type: 'killEnd' }
  | { type: 'killStart' }
  | { type: 'killWordBack' }
  | { type: 'killWordForward' }
  | { type: 'yank' }
  | { type: 'yankLastArg' }
  | { type: 'transpose' }
  | { type: 'historyPrev' }
  | { type: 'historyNext' }
  | { type: 'searchStart' }
  | { type: 'searchType'; text: string }
  | { type: 'searchBackspace' }
  | { type: 'searchAccept' }
  | { type: 'searchCancel' }
  | { type: 'set'; buffer: string; cursor?: number }
  | { type: 'vi'; command: boolean; pending?: string }
  | { type: 'batch'; actions: EditorAction[] };

/** What a key means: an edit, or something the REPL around the editor does. */
export type Command =
  | { kind: 'edit'; action: EditorAction }
  | { kind: 'submit' }
  | { kind: 'complete' }
  | { kind: 'interrupt' }
  | { kind: 'eof' }
  | { kind: 'clearScreen' }
  | { kind: 'togglePanel' }
  | { kind: 'none' };

export function initialEditor(history: readonly string[] = [], buffer = ''): EditorState {
  return { buffer, cursor: buffer.length, history, histIndex: history.length, draft: '', search: null, killed: '' };
}

// Letters and digits of any script are word characters (Alt-F over "日本語" or "café"), as in readline.
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Where the character before/after offset i starts/ends: a cursor step, Backspace and Delete
 * take a whole user-perceived character (an emoji's two UTF-16 units, a letter and its
 * combining accent), never half of one (which the command would get as U+FFFD).
 */
export function prevBoundary(s: string, i: number): number {
  if (i <= 0) return 0;
  let last = 0;
  for (const g of graphemes.segment(s.slice(0, i))) last = g.index;
  return last;
}

export function nextBoundary(s: string, i: number): number {
  if (i >= s.length) return s.length;
  const first = graphemes.segment(s.slice(i))[Symbol.iterator]().next();
  return first.done ? s.length : i + first.value.segment.length;
}

function wordLeft(s: string, i: number): number {
  while (i > 0 && !isWordChar(s[i - 1])) i--;
  while (i > 0 && isWordChar(s[i - 1])) i--;
  return i;
}

function wordRight(s: string, i: number): number {
  while (i < s.length && !isWordChar(s[i])) i++;
  while (i < s.length && isWordChar(s[i])) i++;
  return i;
}

/** Ctrl-W kills back to whitespace (readline's unix-word-rubout), not to punctuation. */
function spaceWordLeft(s: string, i: number): number {
  while (i > 0 && /\s/.test(s[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(s[i - 1]!)) i--;
  return i;
}

function lineStart(s: string, i: number): number {
  const nl = s.lastIndexOf('\n', i - 1);
  return nl + 1;
}

function lineEnd(s: string, i: number): number {
  const nl = s.indexOf('\n', i);
  return nl < 0 ? s.length : nl;
}

function findMatch(history: readonly string[], query: string, from: number): number {
  if (!query) return -1;
  for (let i = Math.min(from, history.length - 1); i >= 0; i--) if (history[i]!.includes(query)) return i;
  return -1;
}

/** The last word of a command line (quotes kept), for Alt-. */
function lastWord(line: string): string {
  const words = line.match(/(?:[^\s"']+|"[^"]*"?|'[^']*'?)+/g);
  return words?.[words.length - 1] ?? '';
}

export function editorReducer(st: EditorState, a: EditorAction): EditorState {
  const next = reduce(st, a);
  // Only consecutive Alt-. presses walk back through the history.
  return a.type !== 'yankLastArg' && next.lastArg ? { ...next, lastArg: null } : next;
}

function reduce(st: EditorState, a: EditorAction): EditorState {
  const { buffer: b, cursor: c } = st;
  switch (a.type) {
    case 'insert':
      return { ...st, buffer: b.slice(0, c) + a.text + b.slice(c), cursor: c + a.text.length };
    case 'move': {
      let to = c;
      if (a.to === 'left') to = prevBoundary(b, c);
      else if (a.to === 'right') to = nextBoundary(b, c);
      else if (a.to === 'home') to = lineStart(b, c);
      else if (a.to === 'end') to = lineEnd(b, c);
      else if (a.to === 'wordLeft') to = wordLeft(b, c);
      else to = wordRight(b, c);
      return to === c ? st : { ...st, cursor: to };
    }
    case 'backspace': {
      if (c === 0) return st;
      const start = prevBoundary(b, c);
      return { ...st, buffer: b.slice(0, start) + b.slice(c), cursor: start };
    }
    case 'delete':
      return c >= b.length ? st : { ...st, buffer: b.slice(0, c) + b.slice(nextBoundary(b, c)) };
    case 'killEnd': {
      const end = lineEnd(b, c);
      return { ...st, buffer: b.slice(0, c) + b.slice(end), killed: b.slice(c, end) };
    }
    case 'killStart': {
      const start = lineStart(b, c);
      return { ...st, buffer: b.slice(0, start) + b.slice(c), cursor: start, killed: b.slice(start, c) };
    }
    case 'killWordBack': {
      const start = spaceWordLeft(b, c);
      return { ...st, buffer: b.slice(0, start) + b.slice(c), cursor: start, killed: b.slice(start, c) };
    }
    case 'killWordForward': {
      const end = wordRight(b, c);
      return { ...st, buffer: b.slice(0, c) + b.slice(end), killed: b.slice(c, end) };
    }
    case 'yank':
      return st.killed ? editorReducer(st, { type: 'insert', text: st.killed }) : st;
    case 'yankLastArg': {
      // readline's yank-last-arg: the previous command's last word; again: the one before's.
      const back = st.lastArg ? st.lastArg.back + 1 : 1;
      const entry = st.history[st.history.length - back];
      if (entry === undefined) return st;
      const word = lastWord(entry);
      const start = st.lastArg ? st.lastArg.start : c;
      const end = st.lastArg ? st.lastArg.end : c;
      const buffer = b.slice(0, start) + word + b.slice(end);
      return { ...st, buffer, cursor: start + word.length, lastArg: { back, start, end: start + word.length } };
    }
    case 'transpose': {
      if (b.length < 2 || c === 0) return st;
      const i = c === b.length ? c - 1 : c;
      const swapped = b.slice(0, i - 1) + b[i]! + b[i - 1]! + b.slice(i + 1);
      return { ...st, buffer: swapped, cursor: Math.min(b.length, i + 1) };
    }
    case 'historyPrev': {
      if (st.histIndex === 0 || st.history.length === 0) return st;
      const draft = st.histIndex === st.history.length ? b : st.draft;
      const i = st.histIndex - 1;
      const line = st.history[i]!;
      return { ...st, histIndex: i, draft, buffer: line, cursor: line.length };
    }
    case 'historyNext': {
      if (st.histIndex >= st.history.length) return st;
      const i = st.histIndex + 1;
      const line = i === st.history.length ? st.draft : st.history[i]!;
      return { ...st, histIndex: i, buffer: line, cursor: line.length };
    }
    case 'searchStart': {
      if (st.search) {
        // Ctrl-R again: the next older match.
        const match = findMatch(st.history, st.search.query, st.search.match - 1);
        return match < 0 ? st : { ...st, search: { ...st.search, match } };
      }
      return { ...st, search: { query: '', match: -1, saved: { buffer: b, cursor: c } } };
    }
    case 'searchType': {
      if (!st.search) return st;
      const query = st.search.query + a.text;
      const from = st.search.match >= 0 ? st.search.match : st.history.length - 1;
      return { ...st, search: { ...st.search, query, match: findMatch(st.history, query, from) } };
    }
    case 'searchBackspace': {
      if (!st.search) return st;
      const query = st.search.query.slice(0, -1);
      return { ...st, search: { ...st.search, query, match: findMatch(st.history, query, st.history.length - 1) } };
    }
    case 'searchAccept': {
      if (!st.search) return st;
      if (st.search.match < 0) return { ...st, search: null };
      const line = st.history[st.search.match]!;
      return { ...st, search: null, buffer: line, cursor: line.length, histIndex: st.search.match };
    }
    case 'searchCancel':
      if (!st.search) return st;
      return { ...st, search: null, buffer: st.search.saved.buffer, cursor: st.search.saved.cursor };
    case 'set':
      return { ...st, buffer: a.buffer, cursor: Math.min(a.buffer.length, a.cursor ?? a.buffer.length) };
    case 'batch':
      return a.actions.reduce(reduce, st);
    case 'vi': {
      // Entering command mode moves back one, as vi does; the cursor stays on a character.
      const cursor = a.command && !st.viCommand ? prevBoundary(b, c) : c;
      return { ...st, viCommand: a.command, viPending: a.pending ?? '', cursor };
    }
  }
}

function wordEnd(s: string, i: number): number {
  let j = Math.min(s.length - 1, i + 1);
  while (j < s.length - 1 && !isWordChar(s[j])) j++;
  while (j < s.length - 1 && isWordChar(s[j + 1])) j++;
  return Math.max(i, j);
}

/** vi command mode (`set -o vi`): motions, i a A I, x X, D C, dd cc S, dw cw db, r, k j, p P. */
function viCommand(k: KeyEvent, st: EditorState): Command {
  const { buffer: b, cursor: c } = st;
  const pending = st.viPending ?? '';
  // The edits, then the mode (command or insert) and the operator waiting for its motion.
  const vi = (command: boolean, extra: EditorAction[] = [], p = ''): Command => edit({ type: 'batch', actions: [...extra, { type: 'vi', command, pending: p }] });
  if (k.name === 'return' || (k.ctrl && (k.name === 'j' || k.name === 'm'))) return { kind: 'submit' };
  if (k.ctrl && k.name === 'c') return { kind: 'interrupt' };
  if (k.ctrl && k.name === 'd') return b === '' ? { kind: 'eof' } : { kind: 'none' };
  if (k.ctrl && k.name === 'l') return { kind: 'clearScreen' };
  if (k.ctrl && k.name === 't') return { kind: 'togglePanel' };
  if (k.ctrl && k.name === 'r') return edit({ type: 'searchStart' });
  if (k.name === 'escape') return vi(true);
  if (k.name === 'left') return edit({ type: 'move', to: 'left' });
  if (k.name === 'right') return edit({ type: 'move', to: 'right' });
  if (k.name === 'up') return edit({ type: 'historyPrev' });
  if (k.name === 'down') return edit({ type: 'historyNext' });
  if (k.name !== 'text' || !k.text) return { kind: 'none' };
  const ch = k.text[0]!;
  if (pending === 'r') return vi(true, [{ type: 'delete' }, { type: 'insert', text: ch }, { type: 'move', to: 'left' }]);
  if (pending === 'd' || pending === 'c') {
    const insert = pending === 'c';
    if (ch === pending) return vi(!insert, [{ type: 'set', buffer: '', cursor: 0 }]);
    if (ch === 'w' || ch === 'e') return vi(!insert, [{ type: 'killWordForward' }]);
    if (ch === 'b') return vi(!insert, [{ type: 'killWordBack' }]);
    if (ch === '$') return vi(!insert, [{ type: 'killEnd' }]);
    if (ch === '0') return vi(!insert, [{ type: 'killStart' }]);
    return vi(true);
  }
  switch (ch) {
    case 'h': return edit({ type: 'move', to: 'left' });
    case 'l': case ' ': return c < b.length - 1 ? edit({ type: 'move', to: 'right' }) : { kind: 'none' };
    case '0': case '^': return edit({ type: 'move', to: 'home' });
    case '$': return edit({ type: 'set', buffer: b, cursor: Math.max(0, b.length - 1) });
    case 'w': return edit({ type: 'move', to: 'wordRight' });
    case 'b': return edit({ type: 'move', to: 'wordLeft' });
    case 'e': return edit({ type: 'set', buffer: b, cursor: wordEnd(b, c) });
    case 'x': return edit({ type: 'delete' });
    case 'X': return edit({ type: 'backspace' });
    case 'i': return vi(false);
    case 'a': return vi(false, b.length ? [{ type: 'move', to: 'right' }] : []);
    case 'A': return vi(false, [{ type: 'move', to: 'end' }]);
    case 'I': return vi(false, [{ type: 'move', to: 'home' }]);
    case 'D': return edit({ type: 'killEnd' });
    case 'C': return vi(false, [{ type: 'killEnd' }]);
    case 'S': return vi(false, [{ type: 'set', buffer: '', cursor: 0 }]);
    case 'd': case 'c': case 'r': return vi(true, [], ch);
    case 'p': return vi(true, b.length ? [{ type: 'move', to: 'right' }, { type: 'yank' }] : [{ type: 'yank' }]);
    case 'P': return edit({ type: 'yank' });
    case 'k': return edit({ type: 'historyPrev' });
    case 'j': return edit({ type: 'historyNext' });
    default: return { kind: 'none' };
  }
}

const edit = (action: EditorAction): Command => ({ kind: 'edit', action });

/** Emacs-style bindings (bash/readline defaults). */
export function keyToCommand(k: KeyEvent, st: EditorState): Command {
  if (st.search) {
    if (k.name === 'text') return edit({ type: 'searchType', text: k.text! });
    if (k.ctrl && k.name === 'r') return edit({ type: 'searchStart' });
    if (k.name === 'backspace') return edit({ type: 'searchBackspace' });
    if (k.name === 'escape' || (k.ctrl && k.name === 'g')) return edit({ type: 'searchCancel' });
    if (k.ctrl && k.name === 'c') return { kind: 'interrupt' };
    // Enter accepts and runs (as in bash); any other key accepts and is then applied by the caller.
    if (k.name === 'return') return { kind: 'submit' };
    return edit({ type: 'searchAccept' });
  }
  if (st.keymap === 'vi') {
    if (st.viCommand) return viCommand(k, st);
    // vi insert mode: Escape goes to command mode; the rest is typing as in emacs mode.
    if (k.name === 'escape') return edit({ type: 'vi', command: true });
  }
  if (k.name === 'text') return edit({ type: 'insert', text: k.text! });
  if (k.meta) {
    switch (k.name) {
      case 'b': case 'left': return edit({ type: 'move', to: 'wordLeft' });
      case 'f': case 'right': return edit({ type: 'move', to: 'wordRight' });
      case 'd': return edit({ type: 'killWordForward' });
      case '.': case '_': return edit({ type: 'yankLastArg' });
      case 'backspace': return edit({ type: 'killWordBack' });
      case 'return': return edit({ type: 'insert', text: '\n' });
      default: return { kind: 'none' };
    }
  }
  if (k.ctrl) {
    switch (k.name) {
      case 'a': return edit({ type: 'move', to: 'home' });
      case 'e': return edit({ type: 'move', to: 'end' });
      case 'b': return edit({ type: 'move', to: 'left' });
      case 'f': return edit({ type: 'move', to: 'right' });
      case 'k': return edit({ type: 'killEnd' });
      case 'u': return edit({ type: 'killStart' });
      case 'w': return edit({ type: 'killWordBack' });
      case 'y': return edit({ type: 'yank' });
      case 'h': return edit({ type: 'backspace' });
      case 'p': return edit({ type: 'historyPrev' });
      case 'n': return edit({ type: 'historyNext' });
      case 'r': return edit({ type: 'searchStart' });
      case 'c': return { kind: 'interrupt' };
      case 'd': return st.buffer === '' ? { kind: 'eof' } : edit({ type: 'delete' });
      case 'l': return { kind: 'clearScreen' };
      case 't': return { kind: 'togglePanel' };
      case 'left': return edit({ type: 'move', to: 'wordLeft' });
      case 'right': return edit({ type: 'move', to: 'wordRight' });
      case 'j': case 'm': return { kind: 'submit' };
      default: return { kind: 'none' };
    }
  }
  switch (k.name) {
    case 'return': return { kind: 'submit' };
    case 'tab': return { kind: 'complete' };
    case 'backspace': return edit({ type: 'backspace' });
    case 'delete': return edit({ type: 'delete' });
    case 'left': return edit({ type: 'move', to: 'left' });
    case 'right': return edit({ type: 'move', to: 'right' });
    case 'home': return edit({ type: 'move', to: 'home' });
    case 'end': return edit({ type: 'move', to: 'end' });
    case 'up': return edit({ type: 'historyPrev' });
    case 'down': return edit({ type: 'historyNext' });
    default: return { kind: 'none' };
  }
}
