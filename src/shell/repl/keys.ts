// Raw terminal input -> key events. Pure: the REPL, the fast first prompt and the tests
// all decode the same way. Printable runs (typing, paste) come back as one 'text' key.

export interface KeyEvent {
  /** 'text' for printable input; otherwise a key name: return, tab, backspace, delete, up,
   * down, left, right, home, end, escape, pageup, pagedown, or a letter with ctrl/meta. */
  name: string;
  text?: string;
  ctrl?: boolean;
  meta?: boolean;
}

const CSI_FINAL: Record<string, string> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', Z: 'backtab' };
const TILDE: Record<string, string> = { '1': 'home', '7': 'home', '4': 'end', '8': 'end', '3': 'delete', '2': 'insert', '5': 'pageup', '6': 'pagedown' };

/** What decoding remembers between two reads: inside a bracketed paste (ESC[200~ ... ESC[201~). */
export interface DecodeState {
  paste: boolean;
}

export function decodeKeys(data: string, state: DecodeState = { paste: false }): KeyEvent[] {
  const out: KeyEvent[] = [];
  let i = 0;
  let text = '';
  const flush = (): void => {
    if (text) out.push({ name: 'text', text });
    text = '';
  };
  while (i < data.length) {
    const ch = data[i]!;
    const code = ch.charCodeAt(0);
    if (ch === '\x1b') {
      flush();
      const next = data[i + 1];
      if (next === '[' || next === 'O') {
        // CSI / SS3: parameters then a final byte.
        let j = i + 2;
        while (j < data.length && /[0-9;]/.test(data[j]!)) j++;
        const params = data.slice(i + 2, j);
        const final = data[j];
        i = j + 1;
        if (final === undefined) {
          out.push({ name: 'escape' });
          break;
        }
        if (next === '[' && final === '~') {
          // Bracketed paste markers: a Tab pasted is text, as in readline, not a completion.
          if (params === '200' || params === '201') {
            state.paste = params === '200';
            continue;
          }
          out.push({ name: TILDE[params.split(';')[0]!] ?? 'unknown' });
          continue;
        }
        const name = CSI_FINAL[final] ?? 'unknown';
        const mod = Number(params.split(';')[1] ?? '1') - 1;
        out.push({ name, ctrl: (mod & 4) !== 0 || undefined, meta: (mod & 2) !== 0 || undefined });
        continue;
      }
      if (next === undefined) {
        out.push({ name: 'escape' });
        i++;
        continue;
      }
      // Alt/Meta + key: ESC prefix.
      i += 2;
      if (next === '\x7f' || next === '\b') out.push({ name: 'backspace', meta: true });
      else if (next === '\r') out.push({ name: 'return', meta: true });
      else if (next === '\x1b') {
        // ESC ESC: the first is a lone Escape; the second starts the next key.
        out.push({ name: 'escape' });
        i -= 1;
      }
      else out.push({ name: next.toLowerCase(), meta: true });
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      flush();
      out.push({ name: 'return' });
      // \r\n from a paste counts once
      i += ch === '\r' && data[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (ch === '\t' && state.paste) {
      text += ch;
      i++;
      continue;
    }
    if (ch === '\t') {
      flush();
      out.push({ name: 'tab' });
      i++;
      continue;
    }
    if (ch === '\x7f' || ch === '\b') {
      flush();
      out.push({ name: 'backspace' });
      i++;
      continue;
    }
    if (code < 0x20) {
      flush();
      out.push({ name: String.fromCharCode(code + 96), ctrl: true });
      i++;
      continue;
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}
