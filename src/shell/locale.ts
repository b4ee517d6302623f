// The shell's character locale, as far as expansions care: bash counts, slices and matches
// characters under a UTF-8 locale and bytes under C (or any locale that is not UTF-8).
import { decodeBytes, encodeString } from '../lib/bytes.js';
import { byteLocaleOf } from '../lib/quote.js';
import { matchPattern } from '../lib/pattern.js';
import type { ShellContext } from './context.js';

/**
 * Whether the shell's locale is a single-byte one: LC_ALL, else LC_CTYPE, else LANG (none
 * set is C too) naming something that is not UTF-8.
 */
export function byteLocale(ex: { ctx: ShellContext }): boolean {
  return byteLocaleOf((n) => ex.ctx.store.get(n));
}

/** A string's bytes, one char each (latin1), and back. */
export function toByteChars(s: string): string {
  return encodeString(s).toString('latin1');
}

export function fromByteChars(s: string): string {
  return decodeBytes(Buffer.from(s, 'latin1'));
}

/** matchPattern, on bytes under a byte locale (`?` is one byte there: `case é in ??)`). */
export function localeMatch(ex: { ctx: ShellContext }, pattern: string, s: string, opts: Parameters<typeof matchPattern>[2]): boolean {
  if (/[^\x00-\x7f]/.test(pattern + s) && byteLocale(ex)) return matchPattern(toByteChars(pattern), toByteChars(s), opts);
  return matchPattern(pattern, s, opts);
}
