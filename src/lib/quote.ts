// The ways bash prints a string so a shell can read it back: 'single quotes' (set, alias,
// trap -p, ${x@Q}), "double quotes" (declare -p), backslashes (printf %q), and $'...' when
// the text has control characters. Raw bytes that are not UTF-8 travel as U+DC80..U+DCFF
// (see lib/bytes.ts) and print as octal escapes. Under a single-byte locale (C, POSIX; `bytes`)
// every byte past ASCII is unprintable too and prints as an octal escape.

/**
 * Characters that force $'...' quoting: controls (C0, DEL, C1), raw bytes, and what glibc's
 * iswprint rejects in a UTF-8 locale: unassigned code points and the line/paragraph separators.
 */
const NEEDS_ANSIC = /[\x00-\x1f\x7f-\x9f\u2028\u2029\p{Cn}\udc80-\udcff]/u;

export function needsAnsiC(s: string, bytes = false): boolean {
  return NEEDS_ANSIC.test(s) || (bytes && /[^\x00-\x7f]/.test(s));
}

/** Whether the locale the variables name (LC_ALL, else LC_CTYPE, else LANG; none is C) is not UTF-8. */
export function byteLocaleOf(get: (name: string) => string | undefined): boolean {
  return !/utf-?8/i.test(get('LC_ALL') || get('LC_CTYPE') || get('LANG') || '');
}

/** `$'...'` with bash's escapes (\E for ESC, octal for the rest). */
export function ansiC(s: string, bytes = false): string {
  let out = "$'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
      case '\x1b': out += '\\E'; continue;
      case '\\': out += '\\\\'; continue;
      case "'": out += "\\'"; continue;
      default:
        break;
    }
    if (c < 0x20 || c === 0x7f) out += '\\' + c.toString(8).padStart(3, '0');
    else if (c >= 0xdc80 && c <= 0xdcff) out += '\\' + (c - 0xdc00).toString(8).padStart(3, '0');
    else if (c >= 0x80 && (bytes || NEEDS_ANSIC.test(ch))) for (const b of Buffer.from(ch, 'utf8')) out += '\\' + b.toString(8).padStart(3, '0');
    else out += ch;
  }
  return out + "'";
}

/** 'text' with ' written as '\'' (bash's sh_single_quote, which writes a lone ' as \'). */
export function singleQuote(s: string): string {
  if (s === "'") return "\\'";
  return "'" + s.replace(/'/g, "'\\''") + "'";
}

/** ${x@Q}: single quotes, or $'...' when needed. */
export function quoteReusable(s: string, bytes = false): string {
  return needsAnsiC(s, bytes) ? ansiC(s, bytes) : singleQuote(s);
}

/** `set` output: bare when safe, else quoted like ${x@Q}. */
export function quoteForSet(s: string, bytes = false): string {
  if (s === '') return "''";
  if (needsAnsiC(s, bytes)) return ansiC(s, bytes);
  return hasShellMetas(s) ? singleQuote(s) : s;
}

/** bash's sh_contains_shell_metas: blanks, quotes, operators, globs and expansions anywhere;
 *  `~` at the start or after `=` or `:` (a tilde expansion); `#` at the start (a comment). */
function hasShellMetas(s: string): boolean {
  return /[ \t\n'"\\|&;()<>!{}*[?\]^$`]/.test(s) || /(?:^|[=:])~/.test(s) || s.startsWith('#');
}

/** `declare -p`: "double quotes" with \ " $ ` escaped, or $'...' when needed. */
export function doubleQuote(s: string, bytes = false): string {
  if (needsAnsiC(s, bytes)) return ansiC(s, bytes);
  return '"' + s.replace(/[\\"$`]/g, (c) => '\\' + c) + '"';
}

/** printf %q: backslashes before the characters the shell would act on. */
export function backslashQuote(s: string, bytes = false): string {
  if (s === '') return "''";
  if (needsAnsiC(s, bytes)) return ansiC(s, bytes);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    switch (c) {
      case ' ': case '\t': case '\n': case "'": case '"': case '\\': case '|': case '&': case ';': case '(': case ')':
      case '<': case '>': case '!': case '{': case '}': case '*': case '[': case '?': case ']': case '^': case '$':
      case '`': case ',':
        out += '\\' + c;
        break;
      case '~':
        out += i === 0 || s[i - 1] === '=' || s[i - 1] === ':' ? '\\~' : '~';
        break;
      case '#':
        out += i === 0 ? '\\#' : '#';
        break;
      default:
        out += c;
    }
  }
  return out;
}
