// The first prompt, drawn before ink has loaded (ink + react take a second or more to
// import on a busy machine). It echoes simple edits with the same decoder and reducer as
// the ink app; anything else (Tab, Enter, Ctrl-R ...) is queued and replayed into the
// app once it is mounted, so no keystroke is lost and the hand-over is invisible.
import { writeSync } from 'node:fs';
import { editorReducer, initialEditor, keyToCommand, type EditorState } from './editor.js';
import { decodeKeys } from './keys.js';

export interface FastPromptResult<T> {
  ui: T | null;
  editor: EditorState;
  /** Raw input not applied yet (replayed into the app). */
  pending: string;
}

const SIMPLE = new Set(['insert', 'move', 'backspace', 'delete', 'killEnd', 'killStart', 'killWordBack', 'killWordForward', 'yank', 'transpose']);

export async function fastPrompt<T>(prompt: string, history: readonly string[], loading: Promise<T>, onDrawn?: () => void): Promise<FastPromptResult<T>> {
  const stdin = process.stdin;
  const out = (s: string): void => {
    try {
      writeSync(2, s);
    } catch {
      // terminal gone
    }
  };
  let st = initialEditor(history);
  let pending = '';
  const columns = process.stderr.columns || 80;
  const draw = (): void => {
    const back = st.buffer.length - st.cursor;
    out('\r\x1b[K' + prompt + st.buffer + (back ? `\x1b[${back}D` : ''));
  };
  const onData = (data: string | Buffer): void => {
    const s = String(data);
    if (pending) {
      pending += s;
      return;
    }
    let next = st;
    for (const k of decodeKeys(s)) {
      const cmd = keyToCommand(k, next);
      if (cmd.kind !== 'edit' || !SIMPLE.has(cmd.action.type)) {
        pending = s;
        return;
      }
      next = editorReducer(next, cmd.action);
    }
    if (prompt.length + next.buffer.length >= columns - 1 || next.buffer.includes('\n')) {
      pending = s;
      return;
    }
    st = next;
    draw();
  };
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  // 'readable' + read(), as ink reads: switching a stream between 'data' and 'readable' loses its read.
  const onReadable = (): void => {
    let chunk: string | Buffer | null;
    while ((chunk = stdin.read() as string | Buffer | null) !== null) onData(chunk);
  };
  stdin.on('readable', onReadable);
  draw();
  onDrawn?.();
  let ui: T | null = null;
  try {
    ui = await loading;
  } catch {
    ui = null;
  }
  stdin.off('readable', onReadable);
  out('\r\x1b[K');
  return { ui, editor: st, pending };
}
