// The first prompt, drawn before ink has loaded (ink + react take a second or more to
// import on a busy machine). It echoes simple edits with the same decoder and reducer as
// the ink app; the first key it cannot handle (Tab, Enter, Ctrl-R ...) and everything
// after it stay queued in the keyboard and go to the app once it is mounted, so no
// keystroke is lost and the hand-over is invisible.
import { writeSync } from 'node:fs';
import { editorReducer, initialEditor, keyToCommand, type EditorState } from './editor.js';
import type { KeySource } from './keyboard.js';

export interface FastPromptResult<T> {
  ui: T | null;
  editor: EditorState;
}

const SIMPLE = new Set(['insert', 'move', 'backspace', 'delete', 'killEnd', 'killStart', 'killWordBack', 'killWordForward', 'yank', 'transpose']);
const VI_SIMPLE = new Set(['insert', 'backspace']);

export async function fastPrompt<T>(prompt: string, history: readonly string[], keys: KeySource, loading: Promise<T>, onDrawn?: () => void, keymap: 'emacs' | 'vi' = 'emacs'): Promise<FastPromptResult<T>> {
  // In vi mode only typing is the same as emacs: Escape, Meta and control keys wait for the app.
  const simple = keymap === 'vi' ? VI_SIMPLE : SIMPLE;
  const out = (s: string): void => {
    try {
      writeSync(2, s);
    } catch {
      // terminal gone
    }
  };
  let st = initialEditor(history);
  let blocked = false;
  const columns = process.stderr.columns || 80;
  const draw = (): void => {
    const back = st.buffer.length - st.cursor;
    out('\r\x1b[K' + prompt + st.buffer + (back ? `\x1b[${back}D` : ''));
  };
  const detach = keys.attach((ks) => {
    if (blocked) return 0;
    let used = 0;
    for (const k of ks) {
      const cmd = keyToCommand(k, st);
      if (cmd.kind !== 'edit' || !simple.has(cmd.action.type) || (keymap === 'vi' && (k.meta || k.ctrl))) break;
      const next = editorReducer(st, cmd.action);
      if (prompt.length + next.buffer.length >= columns - 1 || next.buffer.includes('\n')) break;
      st = next;
      used++;
    }
    // Keys are applied in order: once one waits for the app, all later ones wait too.
    if (used < ks.length) blocked = true;
    if (used) draw();
    return used;
  });
  draw();
  onDrawn?.();
  let ui: T | null = null;
  try {
    ui = await loading;
  } catch {
    ui = null;
  }
  detach();
  out('\r\x1b[K');
  return { ui, editor: st };
}
