import { describe, expect, it } from 'vitest';
import { editorReducer, initialEditor, keyToCommand, type EditorAction, type EditorState } from '../../src/shell/repl/editor.js';
import { decodeKeys } from '../../src/shell/repl/keys.js';

/** Types raw terminal input into the editor; returns the state and the non-edit commands seen. */
function type(st: EditorState, raw: string): { st: EditorState; commands: string[] } {
  const commands: string[] = [];
  for (const k of decodeKeys(raw)) {
    const c = keyToCommand(k, st);
    if (c.kind === 'edit') st = editorReducer(st, c.action);
    else commands.push(c.kind);
  }
  return { st, commands };
}

const run = (st: EditorState, ...actions: EditorAction[]): EditorState => actions.reduce(editorReducer, st);

describe('keys', () => {
  it('a Tab inside a bracketed paste is text, even when the paste spans two reads', () => {
    const state = { paste: false };
    expect(decodeKeys('\x1b[200~a\tb', state)).toEqual([{ name: 'text', text: 'a\tb' }]);
    expect(decodeKeys('\tc\x1b[201~\t', state)).toEqual([{ name: 'text', text: '\tc' }, { name: 'tab' }]);
  });

  it('decodes text runs, control keys, arrows and alt keys', () => {
    expect(decodeKeys('ab\x1b[D\x01\x1bb\x1b[3~\r')).toEqual([
      { name: 'text', text: 'ab' },
      { name: 'left', ctrl: undefined, meta: undefined },
      { name: 'a', ctrl: true },
      { name: 'b', meta: true },
      { name: 'delete' },
      { name: 'return' },
    ]);
    expect(decodeKeys('\x1bOH\x1b[F\x1b[1;5C')).toEqual([
      { name: 'home', ctrl: undefined, meta: undefined },
      { name: 'end', ctrl: undefined, meta: undefined },
      { name: 'right', ctrl: true, meta: undefined },
    ]);
  });
});

describe('editor reducer', () => {
  it('steps, erases and deletes whole characters: an emoji, a letter with its accent', () => {
    // Left twice from the end of "a🎉b" used to land between the emoji's two UTF-16 units.
    let { st } = type(initialEditor(), 'a🎉b\x1b[D\x1b[DX');
    expect(st.buffer).toBe('aX🎉b');
    ({ st } = type(initialEditor([], 'a🎉b'), '\x1b[D\x7f'));
    expect(st.buffer).toBe('ab');
    ({ st } = type(initialEditor([], 'ae\u0301z'), '\x01\x1b[C\x1b[3~'));
    expect(st.buffer).toBe('az');
  });

  it('Alt-F and Alt-B treat letters of any script as word characters, as readline does', () => {
    const st = initialEditor([], 'echo 日本語 café x');
    expect(type(st, '\x01\x1bf\x1bf').st.cursor).toBe('echo 日本語'.length);
    expect(type(st, '\x1bb\x1bb').st.cursor).toBe('echo 日本語 '.length);
  });

  it('inserts at the cursor and moves with arrows, Home/End, Ctrl-A/E', () => {
    let { st } = type(initialEditor(), 'hllo\x1b[D\x1b[D\x1b[D');
    ({ st } = type(st, 'e'));
    expect(st.buffer).toBe('hello');
    expect(st.cursor).toBe(2);
    expect(type(st, '\x01').st.cursor).toBe(0);
    expect(type(st, '\x05').st.cursor).toBe(5);
    expect(type(st, '\x1b[H').st.cursor).toBe(0);
    expect(type(st, '\x1b[F').st.cursor).toBe(5);
  });

  it('kills with Ctrl-K, Ctrl-U, Ctrl-W and yanks with Ctrl-Y', () => {
    const base = initialEditor([], 'echo foo bar');
    expect(type(base, '\x17').st.buffer).toBe('echo foo ');
    expect(type(base, '\x01\x1bf\x0b').st.buffer).toBe('echo');
    const u = type(base, '\x1bb\x15').st;
    expect(u.buffer).toBe('bar');
    expect(type(u, '\x05\x19').st.buffer).toBe('barecho foo ');
  });

  it('Alt-. inserts the last word of the previous command; again, of the one before', () => {
    const st = initialEditor(['mkdir "my dir"', 'touch a.txt'], 'ls ');
    let { st: s1 } = type(st, '\x1b.');
    expect(s1.buffer).toBe('ls a.txt');
    ({ st: s1 } = type(s1, '\x1b.'));
    expect(s1.buffer).toBe('ls "my dir"');
    ({ st: s1 } = type(s1, 'x\x1b.'));
    expect(s1.buffer).toBe('ls "my dir"xa.txt');
  });

  it('moves by words with Alt-B / Alt-F', () => {
    const st = initialEditor([], 'git commit -m msg');
    const b = type(st, '\x1bb\x1bb').st;
    expect(b.cursor).toBe('git commit -m '.length - 2);
    expect(type(b, '\x1bf').st.cursor).toBe('git commit -m'.length);
  });

  it('walks history with Up/Down and keeps the draft', () => {
    let st = initialEditor(['ls', 'echo hi']);
    st = type(st, 'dra').st;
    st = run(st, { type: 'historyPrev' });
    expect(st.buffer).toBe('echo hi');
    st = run(st, { type: 'historyPrev' }, { type: 'historyPrev' });
    expect(st.buffer).toBe('ls');
    st = run(st, { type: 'historyNext' }, { type: 'historyNext' });
    expect(st.buffer).toBe('dra');
  });

  it('searches history backwards with Ctrl-R, again for older, Esc cancels', () => {
    let st = initialEditor(['make test', 'ls', 'make build', 'pwd']);
    st = type(st, '\x12make').st;
    expect(st.search?.match).toBe(2);
    st = type(st, '\x12').st;
    expect(st.search?.match).toBe(0);
    const accepted = type(st, '\x1b[C').st;
    expect(accepted.search).toBeNull();
    expect(accepted.buffer).toBe('make test');
    const cancelled = type(st, '\x07').st;
    expect(cancelled.buffer).toBe('');
  });

  it('maps Enter, Tab, Ctrl-C and Ctrl-D (only on an empty line) to commands', () => {
    expect(type(initialEditor(), '\r\t\x03\x04').commands).toEqual(['submit', 'complete', 'interrupt', 'eof']);
    const r = type(initialEditor([], 'ab'), '\x01\x04');
    expect(r.commands).toEqual([]);
    expect(r.st.buffer).toBe('b');
  });
});

describe('vi keys (set -o vi)', () => {
  const type = (chunks: string[]): { buffer: string; cursor: number } => {
    let st = { ...initialEditor([]), keymap: 'vi' as const };
    for (const chunk of chunks) {
      for (const k of decodeKeys(chunk)) {
        // As the prompt does: command mode takes typed text one key at a time.
        const keys = st.viCommand && k.name === 'text' ? [...k.text!].map((ch) => ({ name: 'text', text: ch })) : [k];
        for (const key of keys) {
          const c = keyToCommand(key, st);
          if (c.kind === 'edit') st = editorReducer(st, c.action);
        }
      }
    }
    return { buffer: st.buffer, cursor: st.cursor };
  };
  it('inserts, then edits in command mode', () => {
    expect(type(['echo hello wrld', '\x1b', 'bli', 'o', '\x1b', 'A!']).buffer).toBe('echo hello world!');
    expect(type(['one two three', '\x1b', 'bdw']).buffer).toBe('one two ');
    expect(type(['one two three', '\x1b', 'bbcwTWO']).buffer).toBe('one TWO three');
    expect(type(['abc', '\x1b', '0xrZ']).buffer).toBe('Zc');
    expect(type(['abc def', '\x1b', 'ddinew']).buffer).toBe('new');
  });
  it('h and l stay on the line; $ goes to the last character', () => {
    expect(type(['abc', '\x1b', 'hhhh']).cursor).toBe(0);
    expect(type(['abc', '\x1b', '0$']).cursor).toBe(2);
  });
});
