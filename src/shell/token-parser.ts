// Tokens and redirections under the command parser: operators, reserved words, blanks and
// comments, redirections, and the here-documents whose bodies follow the next newline.
import type { ArrayElem, Redirect, RedirectOp, Word } from './ast.js';
import { endsInBackslash, isBlank } from './source.js';
import { WordParser, emptyWord, hasQuoting, staticText } from './word-parser.js';

export interface ParseOptions {
  /** Name used in messages (a file name, "-c"). */
  origin?: string;
  /** REPL input: an unterminated here-document is incomplete rather than accepted. */
  interactive?: boolean;
  /** Alias lookup at parse time (undefined: no alias; the shell passes none unless expand_aliases). */
  aliases?: (name: string) => string | undefined;
  /** Whether extglob is on now (consulted at the start of every command line). */
  extglob?: () => boolean;
}

export const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'select', 'in', 'function', 'time', 'coproc', '{', '}', '!', '[[', ']]']);

interface PendingHeredoc {
  redirect: Redirect;
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
}

export abstract class TokenParser extends WordParser {
  /**
   * The line of the source at `offset`, past any backslash-newlines there: where bash's lexer
   * stands after a token (it reads one character on), which is the line bash gives commands.
   */
  protected lineAfter(offset: number): number {
    const s = this.c.src;
    while (s[offset] === '\\' && s[offset + 1] === '\n') offset += 2;
    return this.c.lineAt(offset);
  }

  protected pending: PendingHeredoc[] = [];
  /** Here-documents ended by the end of input (the shell prints bash's warning for each). */
  heredocWarnings: Array<{ line: number; end: number; delim: string }> = [];

  constructor(
    src: string,
    protected readonly opts: ParseOptions,
    firstLine: number,
  ) {
    super(src, firstLine);
    this.interactive = Boolean(opts.interactive);
  }

  /** A here-document body as a word (the command parser builds it: bodies hold substitutions). */
  protected abstract heredocWord(body: string, quoted: boolean, line: number): Word;

  // ---- redirections and here-documents ---------------------------------------------

  protected tryRedirect(): Redirect | null {
    const start = this.c.i;
    const s = this.c.src;
    let fd: number | null = null;
    let fdVar: string | undefined;
    let i = start;
    const c0 = s.charCodeAt(i);
    if (c0 >= 48 && c0 <= 57) {
      while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      const ci = s[i];
      if (ci !== '<' && ci !== '>') return null;
      fd = Number(s.slice(start, i));
    } else if (c0 === 123 /* { */) {
      // {name}>file: the shell picks the fd and stores its number in name.
      // `{NAME[sub]}` too: `exec {COPROC[1]}>&-` closes a coprocess's end.
      const m = /^\{([A-Za-z_][A-Za-z0-9_]*(?:\[[^\]{}\s]*\])?)\}(?=[<>])/.exec(s.slice(i, i + 130));
      if (!m) return null;
      fdVar = m[1];
      i += m[0].length;
    } else if (c0 !== 60 && c0 !== 62 && c0 !== 38 /* < > & */) return null;
    this.c.i = i;
    const op = this.peekOp();
    if (op === null || !isRedirectOp(op) || ((op === '<' || op === '>') && this.c.peek(1) === '(')) {
      this.c.i = start;
      return null;
    }
    if ((op === '&>' || op === '&>>') && (fd !== null || fdVar !== undefined)) {
      this.c.i = start;
      return null;
    }
    this.c.i += op.length;
    this.skipBlanks();
    // bash's lexer makes the `-` after `>&` or `<&` a token of its own: `2>&-1` closes 2.
    const dash = (op === '>&' || op === '<&') && this.c.peek() === '-';
    const target = dash ? this.dashWord() : this.parseWord();
    if (!target) {
      const next = this.peekOp();
      if (this.c.eof && this.interactive) this.c.incomplete('unexpected end of input after redirection');
      throw this.c.error(`syntax error near unexpected token \`${next === '\n' || next === null ? 'newline' : next}'`);
    }
    const redirect: Redirect = { kind: 'Redirect', op: op as RedirectOp, fd, target, pos: start, end: this.c.i };
    if (fdVar !== undefined) redirect.fdVar = fdVar;
    if (op === '<<' || op === '<<-') {
      const delimiter = staticText(target) ?? wordSourceText(this.c.src, target);
      redirect.heredoc = { body: emptyWord(this.c.i), quoted: hasQuoting(target) };
      this.pending.push({ redirect, delimiter, stripTabs: op === '<<-', quoted: hasQuoting(target) });
    }
    return redirect;
  }

  private dashWord(): Word {
    const pos = this.c.i++;
    return { kind: 'Word', parts: [{ kind: 'Lit', value: '-' }], pos, end: this.c.i };
  }

  /** Called right after a newline is consumed: reads the bodies of pending here-documents. */
  protected readHeredocBodies(): void {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    for (const h of pending) {
      const startLine = this.c.lineAt(this.c.i);
      let body = '';
      let found = false;
      const physical = (): string => {
        let nl = this.c.src.indexOf('\n', this.c.i);
        if (nl < 0) nl = this.c.src.length;
        const line = this.c.src.slice(this.c.i, nl);
        this.c.i = Math.min(nl + 1, this.c.src.length);
        return h.stripTabs ? line.replace(/^\t+/, '') : line;
      };
      while (!this.c.eof) {
        let text = physical();
        // Unquoted, a backslash-newline joins lines before the delimiter is looked for
        // (`EO\` then `F` ends a document wanting EOF); the body keeps both lines, for the
        // expansion to join.
        let logical = text;
        while (!h.quoted && endsInBackslash(logical) && !this.c.eof) {
          const next = physical();
          text += '\n' + next;
          logical = logical.slice(0, -1) + next;
        }
        if (logical === h.delimiter) {
          found = true;
          break;
        }
        body += text + '\n';
      }
      if (!found && this.opts.interactive) this.c.incomplete(`here-document delimited by end-of-file (wanted \`${h.delimiter}')`);
      if (!found) {
        // bash warns and takes what there is as the body.
        const docLine = Math.max(this.c.lineAt(h.redirect.pos), startLine - 1);
        this.heredocWarnings.push({ line: docLine, end: this.c.lineAt(Math.max(0, this.c.src.length - 1)), delim: h.delimiter });
      }
      h.redirect.heredoc = { body: this.heredocWord(body, h.quoted, startLine), quoted: h.quoted, text: body, delim: h.delimiter };
    }
  }

  protected finishHeredocsAtEof(): void {
    if (this.pending.length) this.readHeredocBodies();
  }

  // ---- token helpers ----------------------------------------------------------------

  protected skipBlanks(): void {
    const s = this.c.src;
    for (;;) {
      const ch = s.charCodeAt(this.c.i);
      if (ch === 32 || ch === 9) this.c.i++;
      else if (ch === 92 && s.charCodeAt(this.c.i + 1) === 10) this.c.i += 2;
      else break;
    }
  }

  protected skipBlanksAndComments(): void {
    this.skipBlanks();
    if (this.c.peek() === '#') {
      const nl = this.c.src.indexOf('\n', this.c.i);
      this.c.i = nl < 0 ? this.c.src.length : nl;
    }
  }

  /** Skips blanks, comments and newlines (reading here-doc bodies after each newline). */
  protected skipSeparatorsNewlinesOnly(): void {
    for (;;) {
      this.skipBlanksAndComments();
      if (this.c.code() === 10) {
        this.c.i++;
        this.readHeredocBodies();
        continue;
      }
      break;
    }
  }

  /** Between statements: blanks, comments and newlines. */
  protected skipSeparators(): void {
    this.skipSeparatorsNewlinesOnly();
  }

  protected expectOp(op: string, opener: string): void {
    this.skipSeparatorsNewlinesOnly();
    if (this.c.startsWith(op)) {
      this.c.i += op.length;
      return;
    }
    if (this.c.eof) this.c.incomplete(`unexpected end of input: \`${op}' expected to close \`${opener}'`);
    throw this.c.error(`syntax error near unexpected token \`${this.peekOp() ?? this.peekWordText()}'`);
  }

  protected expectReserved(word: string, opener: string): void {
    this.skipSeparatorsNewlinesOnly();
    if (this.peekReserved() === word) {
      this.c.i += word.length;
      return;
    }
    if (this.c.eof) this.c.incomplete(`unexpected end of input: \`${word}' expected to close \`${opener}'`);
    const op = this.peekOp();
    throw this.c.error(`syntax error near unexpected token \`${op === '\n' ? 'newline' : (op ?? this.peekWordText())}'`);
  }

  /** The operator at the cursor, or null. */
  protected peekOp(): string | null {
    const s = this.c.src;
    const i = this.c.i;
    switch (s.charCodeAt(i)) {
      case 10:
        return '\n';
      case 38: // &
        if (s.startsWith('&&', i)) return '&&';
        if (s.startsWith('&>>', i)) return '&>>';
        if (s.startsWith('&>', i)) return '&>';
        return '&';
      case 124: // |
        if (s.startsWith('||', i)) return '||';
        if (s.startsWith('|&', i)) return '|&';
        return '|';
      case 59: // ;
        if (s.startsWith(';;&', i)) return ';;&';
        if (s.startsWith(';;', i)) return ';;';
        if (s.startsWith(';&', i)) return ';&';
        return ';';
      case 40:
        return '(';
      case 41:
        return ')';
      case 60: // <
        if (s.startsWith('<<<', i)) return '<<<';
        if (s.startsWith('<<-', i)) return '<<-';
        if (s.startsWith('<<', i)) return '<<';
        if (s.startsWith('<&', i)) return '<&';
        if (s.startsWith('<>', i)) return '<>';
        return '<';
      case 62: // >
        if (s.startsWith('>>', i)) return '>>';
        if (s.startsWith('>&', i)) return '>&';
        if (s.startsWith('>|', i)) return '>|';
        return '>';
      default:
        return null;
    }
  }

  /** A reserved word at the cursor (followed by a word break), or null. */
  protected peekReserved(): string | null {
    const s = this.c.src;
    const i = this.c.i;
    const c = s.charCodeAt(i);
    let w: string;
    if (c >= 97 && c <= 122) {
      let j = i + 1;
      while (j < s.length && j - i < 9) {
        const d = s.charCodeAt(j);
        if (d < 97 || d > 122) break;
        j++;
      }
      w = s.slice(i, j);
    } else if (c === 123) w = '{';
    else if (c === 125) w = '}';
    else if (c === 33) w = '!';
    else if (c === 91 && s.charCodeAt(i + 1) === 91) w = '[[';
    else if (c === 93 && s.charCodeAt(i + 1) === 93) w = ']]';
    else return null;
    if (!RESERVED.has(w)) return null;
    const after = s[i + w.length] ?? '';
    if (w === '{' || w === '!' || w === '[[') {
      // `!;` and `!|` are a bang too (`!(` stays a word: an extglob pattern).
      if (w === '!' && (after === ';' || after === '&' || after === '|' || after === ')')) return w;
      if (after !== '' && after !== ' ' && after !== '\t' && after !== '\n') return null;
      return w;
    }
    if (after === '' || /[\s;&|()<>]/.test(after)) return w;
    return null;
  }

  /**
   * The token at the cursor as bash's syntax error names it; at the end of the input the
   * newline bash's lexer gives there.
   */
  protected tokenHere(): string {
    this.skipBlanks();
    const op = this.c.eof ? '\n' : this.peekOp();
    return op === '\n' ? 'newline' : (op ?? this.peekWordText());
  }

  protected peekWordText(): string {
    const m = /^[^\s;&|()<>]+/.exec(this.c.src.slice(this.c.i, this.c.i + 200));
    return m ? m[0] : this.c.peek() === '\n' ? 'newline' : this.c.peek() || 'end of file';
  }

  /** Reads text up to the matching `))`, tracking nested parentheses. */
  protected readUntilDoubleParen(what: string): string {
    const from = this.c.i;
    let depth = 0;
    for (;;) {
      const ch = this.c.next();
      if (ch === '') this.c.incomplete(`unterminated \`${what}'`, from - 2);
      if (ch === '(') depth++;
      else if (ch === ')') {
        if (depth === 0) {
          if (this.c.peek() !== ')') throw this.c.error('not an arithmetic command');
          this.c.next();
          return this.c.src.slice(from, this.c.i - 2);
        }
        depth--;
      }
    }
  }

  /** `(a b [k]=v [k]+=v)`: the cursor is on `(`. */
  protected parseArrayLiteral(): ArrayElem[] {
    const opened = this.c.i;
    this.c.i += 1; // (
    const items: ArrayElem[] = [];
    for (;;) {
      this.skipSeparatorsNewlinesOnly();
      if (this.c.eof) this.c.incomplete('unterminated array assignment', opened);
      if (this.c.peek() === ')') {
        this.c.i += 1;
        return items;
      }
      if (this.c.peek() === '[') {
        const save = this.c.i;
        const key = this.readSubscript();
        if (this.c.peek() === '=' || this.c.startsWith('+=')) {
          const append = this.c.peek() === '+';
          this.c.i += append ? 2 : 1;
          const value = this.parseWord() ?? emptyWord(this.c.i);
          items.push({ key, append, value });
          continue;
        }
        this.c.i = save;
      }
      const w = this.parseWord();
      if (!w) {
        const e = this.c.error(`syntax error near unexpected token \`${this.peekOp() ?? this.peekWordText()}'`);
        e.discardLine = true;
        throw e;
      }
      items.push({ value: w });
    }
  }
}

export function isRedirectOp(op: string): boolean {
  switch (op) {
    case '<': case '>': case '>>': case '<<': case '<<-': case '<<<': case '<&': case '>&': case '<>': case '>|': case '&>': case '&>>':
      return true;
    default:
      return false;
  }
}

function wordSourceText(src: string, w: Word): string {
  return src.slice(w.pos, w.end).replace(/["'\\]/g, '');
}

export { isBlank };
