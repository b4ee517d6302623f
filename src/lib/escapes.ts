// Backslash escapes in their three dialects: $'...' and ${x@E} ('ansic'), echo -e and
// printf %b ('echo'), and printf's format string ('printf'). A byte >= 0x80 written as \xHH
// or octal is a raw byte: it travels as U+DC80..U+DCFF (lib/bytes.ts) and is written as
// that byte.

import { decodeBytes, encodeString } from './bytes.js';

export type EscapeDialect = 'ansic' | 'echo' | 'printf';

export interface Expanded {
  text: string;
  /** `\c` was seen (echo, %b): stop all output after this text. */
  stop: boolean;
  /** Problems printf reports ("missing hex digit for \x"). */
  errors: string[];
}

const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** A byte value as a string character: ASCII as itself, a high byte as a raw-byte char. */
export function byteChar(n: number): string {
  n &= 0xff;
  return n < 0x80 ? String.fromCharCode(n) : String.fromCharCode(0xdc00 + n);
}

/**
 * What bash writes for a code point UTF-8 cannot hold (a surrogate, past U+10FFFF): the
 * plain UTF-8 pattern anyway, up to 6 bytes (nothing from 2^31), as raw bytes.
 */
function rawUtf8(cp: number): string {
  if (cp >= 0x80000000) return '';
  const n = cp < 0x10000 ? 3 : cp < 0x200000 ? 4 : cp < 0x4000000 ? 5 : 6;
  let tail = '';
  for (let k = 1; k < n; k++, cp = Math.floor(cp / 64)) tail = byteChar(0x80 | (cp & 0x3f)) + tail;
  return byteChar([0, 0, 0, 0xe0, 0xf0, 0xf8, 0xfc][n]! | cp) + tail;
}

function isOct(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '7';
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /[0-9a-fA-F]/.test(c);
}

export function expandEscapes(s: string, dialect: EscapeDialect, percentB = false): Expanded {
  const res: Expanded = { text: '', stop: false, errors: [] };
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i === s.length - 1) {
      out += c;
      continue;
    }
    const e = s[i + 1]!;
    if (e in SIMPLE) {
      out += SIMPLE[e];
      i++;
      continue;
    }
    if (dialect !== 'echo' && (e === '"' || e === "'" || e === '?')) {
      out += e;
      i++;
      continue;
    }
    if (e === 'c') {
      if (dialect === 'echo') {
        res.stop = true;
        break;
      }
      if (dialect === 'ansic') {
        const k = s[i + 2];
        if (k === undefined) {
          out += '\\c';
          i++;
          continue;
        }
        // \cX: the control character; \c\\ is FS, \c? is DEL.
        const code = k === '\\' && s[i + 3] === '\\' ? 0x1c : k === '?' ? 0x7f : k.toUpperCase().charCodeAt(0) & 0x1f;
        if (k === '\\' && s[i + 3] === '\\') i++;
        out += String.fromCharCode(code);
        i += 2;
        continue;
      }
      out += '\\c';
      i++;
      continue;
    }
    if (isOct(e)) {
      // echo: only \0NNN (0 and up to three more); %b also \NNN; printf and $'': \NNN (1-3).
      let j = i + 1;
      let digits = '';
      if (dialect === 'echo' && e === '0') {
        j++;
        while (digits.length < 3 && isOct(s[j])) digits += s[j++];
      } else if (dialect === 'echo' && !percentB) {
        out += '\\' + e;
        i++;
        continue;
      } else {
        while (digits.length < 3 && isOct(s[j])) digits += s[j++];
      }
      out += byteChar(parseInt(digits || '0', 8));
      i = j - 1;
      continue;
    }
    if (e === 'x' && dialect === 'ansic' && s[i + 2] === '{') {
      // $'\x{HH...}': any number of hex digits, the low byte kept (a missing `}` is forgiven).
      let j = i + 3;
      let digits = '';
      while (isHex(s[j])) digits += s[j++];
      if (s[j] === '}') j++;
      out += byteChar(Number(BigInt('0x' + (digits || '0')) & 0xffn));
      i = j - 1;
      continue;
    }
    if (e === 'x') {
      let j = i + 2;
      let digits = '';
      while (digits.length < 2 && isHex(s[j])) digits += s[j++];
      if (!digits) {
        if (dialect !== 'ansic') res.errors.push('missing hex digit for \\x');
        out += '\\x';
        i++;
        continue;
      }
      out += byteChar(parseInt(digits, 16));
      i = j - 1;
      continue;
    }
    if (e === 'u' || e === 'U') {
      const max = e === 'u' ? 4 : 8;
      let j = i + 2;
      let digits = '';
      while (digits.length < max && isHex(s[j])) digits += s[j++];
      if (!digits) {
        if (dialect !== 'ansic') res.errors.push(`missing unicode digit for \\${e}`);
        out += '\\' + e;
        i++;
        continue;
      }
      const cp = parseInt(digits, 16);
      out += cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? rawUtf8(cp) : String.fromCodePoint(cp);
      i = j - 1;
      continue;
    }
    out += '\\' + e;
    i++;
  }
  // bash strings end at a NUL: $'a\0b' is "a".
  if (dialect === 'ansic') {
    const nul = out.indexOf('\0');
    if (nul >= 0) out = out.slice(0, nul);
  }
  // Escaped bytes that together are valid UTF-8 (`$'\xc3\xa9'`) are that character, as in bash.
  res.text = /[\udc80-\udcff]/.test(out) ? decodeBytes(encodeString(out)) : out;
  return res;
}
