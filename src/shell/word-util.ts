// Helpers for parsed words: building literal parts, recognising plain words, and scanning
// raw text for the end of a subscript (the word parser and the command parser share them).
import type { Lit, Pos, Word, WordPart } from './ast.js';

export function endsWithExtglobChar(parts: WordPart[]): boolean {
  const last = parts[parts.length - 1]!;
  if (last.kind !== 'Lit' || last.escaped) return false;
  const c = last.value[last.value.length - 1];
  return c === '@' || c === '!' || c === '?' || c === '*' || c === '+';
}

export function pushLit(parts: WordPart[], value: string, escaped: boolean): void {
  const last = parts[parts.length - 1];
  if (last && last.kind === 'Lit' && Boolean(last.escaped) === escaped) {
    last.value += value;
    return;
  }
  const lit: Lit = { kind: 'Lit', value };
  if (escaped) lit.escaped = true;
  parts.push(lit);
}

/** A word that is one unescaped literal without ~, glob, brace or extglob characters needs no expansion. */
export function markPlain(parts: WordPart[]): void {
  if (parts.length !== 1) return;
  const p = parts[0]!;
  if (p.kind !== 'Lit' || p.escaped) return;
  const v = p.value;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    // ~ * ? [ { (
    if (c === 126 || c === 42 || c === 63 || c === 91 || c === 123 || c === 40) return;
  }
  p.plain = true;
}

export function emptyWord(pos: Pos): Word {
  return { kind: 'Word', parts: [], pos, end: pos };
}

/** The text of a word made only of unquoted, unescaped literals (reserved words, names), else null. */
export function plainLiteral(w: Word): string | null {
  if (w.parts.length !== 1) return null;
  const p = w.parts[0]!;
  return p.kind === 'Lit' && !p.escaped ? p.value : null;
}

/** The word's text when it has no expansions at all (quotes removed), else null. */
export function staticText(w: Word): string | null {
  let out = '';
  for (const p of w.parts) {
    if (p.kind === 'Lit' || p.kind === 'SglQuoted') out += p.value;
    else if (p.kind === 'DblQuoted') {
      for (const q of p.parts) {
        if (q.kind !== 'Lit') return null;
        out += q.value;
      }
    } else return null;
  }
  return out;
}

/** Whether any part of the word is quoted or escaped (affects here-doc delimiters). */
export function hasQuoting(w: Word): boolean {
  return w.parts.some((p) => p.kind === 'SglQuoted' || p.kind === 'DblQuoted' || (p.kind === 'Lit' && p.escaped));
}

export const ASSIGN_SUBSCRIPT = /[A-Za-z_][A-Za-z0-9_]*\[/y;

/** Index of the `]` closing the subscript opened at `open` (brackets and quotes balanced), or -1. */
export function subscriptClose(s: string, open: number): number {
  let depth = 0;
  for (let k = open; k < s.length; k++) {
    const ch = s[k];
    if (ch === '\\') {
      k++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const close = quoteClose(s, k);
      if (close < 0) return -1;
      k = close;
      continue;
    }
    if (ch === '[') depth++;
    else if (ch === ']' && --depth === 0) return k;
  }
  return -1;
}

/** The closing quote of the quote at `open` (inside "...", a backslash escapes the next character). */
function quoteClose(s: string, open: number): number {
  const q = s[open];
  for (let k = open + 1; k < s.length; k++) {
    if (s[k] === q) return k;
    if (q === '"' && s[k] === '\\') k++;
  }
  return -1;
}

/**
 * The `]` that closes a `$[` whose text starts at `from` (nested brackets, quotes and
 * backslashes skipped), or the error for input that ends first.
 */
export function matchedBracket(src: string, from: number): number | string {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (ch === '[') depth++;
    else if (ch === ']' && depth-- === 0) return i;
    else if (ch === "'" || ch === '"') {
      const q = src.indexOf(ch, i + 1);
      if (q < 0) return ch === '"' ? 'unterminated double quote' : 'unterminated single quote';
      i = q;
    }
  }
  return 'unterminated $[';
}
