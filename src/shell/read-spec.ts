// One read request of `read`/`mapfile` and the byte-level state that serves it, from an fd
// (io.ts FdInput) or from a string held in memory.
import { decodeBytes, encodeString } from '../lib/bytes.js';

/** One read request of `read`/`mapfile`: up to a delimiter, or a number of characters. */
export interface ReadSpec {
  /** Stop after this character (default newline); '' means NUL. */
  delim: string;
  /** Stop after this many characters (-n/-N); -1: no limit. */
  count: number;
  /** Backslash escapes the next character (and a backslash-newline continues the line). */
  backslash: boolean;
  /** -N: the delimiter does not end the read. */
  ignoreDelim?: boolean;
  /** A single-byte locale (C): -n/-N count bytes, not UTF-8 characters. */
  bytes?: boolean;
  /** Keep NUL bytes (mapfile cuts its lines at one; read drops them). */
  keepNul?: boolean;
}

export interface ReadResult {
  /** The characters read, without the delimiter; escapes are kept as `\` + char when backslash. */
  text: string;
  /** End of input (or an error) came before the delimiter or count. */
  eof: boolean;
}

/** Byte-level state of one read: counts characters (UTF-8 sequences), finds the delimiter. */
export class ReadState {
  private chars = 0;
  private pendingCont = 0;
  private escaped = false;
  private readonly delim: number;

  constructor(private readonly spec: ReadSpec) {
    this.delim = spec.delim === '' ? 0 : spec.delim.charCodeAt(0) < 0x80 ? spec.delim.charCodeAt(0) : Buffer.from(spec.delim, 'utf8')[0]!;
  }

  /** The delimiter byte when this read is a plain "up to the delimiter" (no count), else -1. */
  lineDelim(): number {
    return this.spec.count < 0 && !this.spec.ignoreDelim ? this.delim : -1;
  }

  /** Whether backslashes escape (read without -r). */
  escapes(): boolean {
    return this.spec.backslash;
  }

  /** Adds a byte; returns true when the read is complete (the delimiter is not kept). */
  push(b: number, bytes: number[]): boolean {
    const s = this.spec;
    if (this.pendingCont > 0 && (b & 0xc0) === 0x80) {
      bytes.push(b);
      if (--this.pendingCont === 0) return this.countChar();
      return false;
    }
    this.pendingCont = 0;
    if (s.backslash && this.escaped) {
      this.escaped = false;
      if (b === 10) {
        // backslash-newline: both vanish, the line continues
        bytes.pop();
        return false;
      }
      bytes.push(b);
      return this.countChar();
    }
    if (b === this.delim && !s.ignoreDelim) return true;
    // bash drops NUL bytes from what read takes (they cannot be in a variable).
    if (b === 0 && !s.keepNul) return false;
    if (s.backslash && b === 92) {
      this.escaped = true;
      bytes.push(b);
      return false;
    }
    bytes.push(b);
    if (b >= 0xc0 && !s.bytes) {
      this.pendingCont = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
      return false;
    }
    return this.countChar();
  }

  private countChar(): boolean {
    this.chars++;
    return this.spec.count >= 0 && this.chars >= this.spec.count;
  }

  finish(bytes: number[]): string {
    // A backslash at the end of the input escapes nothing: bash drops it.
    if (this.spec.backslash && this.escaped) bytes.pop();
    // Most lines are short ASCII: straight to a string, without a byte array in between.
    if (bytes.length <= 256) {
      let ascii = true;
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i]! >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) return String.fromCharCode.apply(null, bytes);
    }
    return decodeBytes(Uint8Array.from(bytes));
  }
}

export function readFromMemory(m: { data: string; pos: number }, spec: ReadSpec): ReadResult {
  const d = m.data;
  let i = m.pos;
  let out = '';
  let chars = 0;
  const delim = spec.delim === '' ? '\0' : spec.delim;
  while (i < d.length) {
    if (spec.count >= 0 && chars >= spec.count) {
      m.pos = i;
      return { text: out, eof: false };
    }
    const cp = d.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (ch === delim && !spec.ignoreDelim) {
      m.pos = i + 1;
      return { text: out, eof: false };
    }
    if (cp === 0 && !spec.keepNul) {
      i++;
      continue;
    }
    if (spec.backslash && ch === '\\' && i + 1 === d.length) {
      i++; // a backslash at the end of the input escapes nothing: bash drops it
      continue;
    }
    if (spec.backslash && ch === '\\' && i + 1 < d.length) {
      if (d[i + 1] === '\n') {
        i += 2;
        continue;
      }
      const next = String.fromCodePoint(d.codePointAt(i + 1)!);
      out += '\\' + next;
      i += 1 + next.length;
      chars++;
      continue;
    }
    if (spec.bytes && cp >= 0x80 && spec.count >= 0) {
      // Counting bytes (C locale): a character's bytes count one each, and a count that ends
      // inside one takes its first bytes (raw, as lib/bytes.ts carries them) and leaves the rest.
      const enc = [...encodeString(ch)];
      const take = Math.min(enc.length, spec.count - chars);
      if (take < enc.length) {
        out += rawBytes(enc.slice(0, take));
        m.data = d.slice(0, i) + rawBytes(enc.slice(take)) + d.slice(i + ch.length);
        m.pos = i;
        return { text: out, eof: false };
      }
      chars += enc.length - 1;
    }
    out += ch;
    i += ch.length;
    chars++;
  }
  m.pos = i;
  if (spec.count >= 0 && chars >= spec.count) return { text: out, eof: false };
  return { text: out, eof: true };
}

/** Bytes as the string lib/bytes.ts decodes them to (a lone byte past ASCII is raw). */
function rawBytes(b: number[]): string {
  return decodeBytes(Uint8Array.from(b));
}
