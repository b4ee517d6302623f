// set -x: each command is written to stderr after expansion, behind PS4 (its first
// character repeated once per level of command substitution).
import type { ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { Parser } from './parser.js';
import type { Word } from './ast.js';
import { byteLocaleOf } from '../lib/quote.js';
import type { MP } from './maybe.js';
import { promptString } from './transform.js';

const ps4Words = new Map<string, Word>();

function ps4(shell: Shell, ctx: ShellContext): string {
  const raw = ctx.store.get('PS4');
  if (raw === undefined) return '+ ';
  if (!raw.includes('$') && !raw.includes('`') && !raw.includes('\\')) return raw;
  // Prompt escapes (`\u`, `\w`) apply as in PS1: the prompt's own expansion does it all.
  if (raw.includes('\\')) return expandQuietly(ctx, () => promptString(shell.expander(ctx), raw));
  let w = ps4Words.get(raw);
  if (!w) {
    w = new Parser(raw).parseExpandableText();
    ps4Words.set(raw, w);
  }
  const word = w;
  return expandQuietly(ctx, () => shell.expander(ctx).string(word));
}

/** PS4 expanded without tracing itself; '+ ' if that fails or would have to wait. */
function expandQuietly(ctx: ShellContext, expand: () => MP<string>): string {
  const saved = ctx.options.xtrace;
  ctx.options.xtrace = false;
  try {
    const r = expand();
    return typeof r === 'string' ? r : '+ ';
  } catch {
    return '+ ';
  } finally {
    ctx.options.xtrace = saved;
  }
}

/**
 * The words of a `for`, `select` or `case` head as written (bash traces these unexpanded:
 * `+ for i in $list`); no `in` list reads as `in "$@"`.
 */
export function headWords(ctx: ShellContext, words: readonly Word[] | null): string {
  if (words === null) return '"$@"';
  return words.map((w) => ctx.stmtSrc.slice(w.pos, w.end)).join(' ');
}

/**
 * A traced word as bash writes it: '' when empty, in single quotes when it holds a shell
 * metacharacter, as $'...' when it holds an unprintable character (bytes past ASCII count
 * as printable in a UTF-8 locale), else as it is.
 */
export function quoteTrace(ctx: ShellContext, w: string): string {
  if (w === '') return "''";
  if (hasShellMetas(w)) return "'" + w.replace(/'/g, "'\\''") + "'";
  if (shouldAnsiQuote(ctx, w)) return ansiQuote(w, utf8Locale(ctx));
  return w;
}

/** An assigned value in a trace: as a word, but nothing at all when empty (`+ x=`). */
export function quoteTraceValue(ctx: ShellContext, v: string): string {
  return v === '' ? '' : quoteTrace(ctx, v);
}

/** bash's sh_contains_shell_metas: `~` only where tilde expansion could see it, `#` only first. */
function hasShellMetas(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (' \t\n\'"\\|&;()<>!{}*[?]^$`'.includes(c)) return true;
    if (c === '~' && (i === 0 || s[i - 1] === '=' || s[i - 1] === ':')) return true;
    if (c === '#' && i === 0) return true;
  }
  return false;
}

function utf8Locale(ctx: ShellContext): boolean {
  return !byteLocaleOf((n) => ctx.store.get(n));
}

function shouldAnsiQuote(ctx: ShellContext, s: string): boolean {
  if (/[\x00-\x1f\x7f]/.test(s)) return true;
  return /[^\x00-\x7f]/.test(s) && (!utf8Locale(ctx) || /[\x80-\x9f]/.test(s));
}

const ANSI_ESCAPES: Record<string, string> = { '\x07': 'a', '\b': 'b', '\x1b': 'E', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '\v': 'v', '\\': '\\', "'": "'" };

/** bash's ansic_quote: $'...' with C escapes, other unprintable bytes in octal. */
function ansiQuote(s: string, utf8: boolean): string {
  let out = "$'";
  for (const ch of s) {
    const e = ANSI_ESCAPES[ch];
    if (e !== undefined) out += '\\' + e;
    else if (ch < ' ' || ch === '\x7f' || (ch > '\x7f' && (!utf8 || ch <= '\x9f'))) {
      for (const b of Buffer.from(ch, 'utf8')) out += '\\' + b.toString(8).padStart(3, '0');
    } else out += ch;
  }
  return out + "'";
}

/** One trace line: PS4 (first character repeated per substitution level) and the words. */
export function xtraceLine(shell: Shell, ctx: ShellContext, parts: string[], newline: boolean): string {
  const p = ps4(shell, ctx);
  // One more PS4 character for each $( ), eval and sourced file this runs inside (bash).
  const level = (ctx.substLevel ?? 0) + ctx.evalDepth + ctx.sourceDepth;
  const prefix = level > 0 && p.length ? p[0]!.repeat(level) + p : p;
  return prefix + parts.join(' ') + (newline ? '\n' : '');
}
