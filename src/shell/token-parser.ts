// Tokens and redirections under the command parser: operators, reserved words, blanks and
// comments, redirections, and the here-documents whose bodies follow the next newline.
import type { Redirect, RedirectOp, Word } from './ast.js';
import { isBlank } from './source.js';
import { WordParser, emptyWord, hasQuoting, staticText } from './word-parser.js';

export interface ParseOptions {
  /** Name used in messages (a file name, "-c"). */
  origin?: string;
  /** REPL input: an unterminated here-document is incomplete rather than accepted. */
  interactive?: boolean;
}

export const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in', 'function', 'time', '{', '}', '!', '[[', ']]']);

interface PendingHeredoc {
  redirect: Redirect;
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
}

export abstract class TokenParser extends WordParser {
  private pending: PendingHeredoc[] = [];

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
    let fd: number | null = null;
    const m = /^(\d+)(?=[<>])/.exec(this.c.src.slice(this.c.i, this.c.i + 12));
    if (m) {
      fd = Number(m[1]);
      this.c.i += m[1]!.length;
    }
    const op = this.peekOp();
    if (op === null || !isRedirectOp(op)) {
      this.c.i = start;
      return null;
    }
    this.c.i += op.length;
    this.skipBlanks();
    const target = this.parseWord();
    if (!target) {
      const next = this.peekOp();
      throw this.c.error(`syntax error near unexpected token \`${next === '\n' || next === null ? 'newline' : next}'`);
    }
    const redirect: Redirect = { kind: 'Redirect', op: op as RedirectOp, fd, target, pos: this.c.posAt(start), end: this.c.pos() };
    if (op === '<<' || op === '<<-') {
      const delimiter = staticText(target) ?? wordSourceText(this.c.src, target);
      redirect.heredoc = { body: emptyWord(this.c.pos()), quoted: hasQuoting(target) };
      this.pending.push({ redirect, delimiter, stripTabs: op === '<<-', quoted: hasQuoting(target) });
    }
    return redirect;
  }

  /** Called right after a newline is consumed: reads the bodies of pending here-documents. */
  protected readHeredocBodies(): void {
    const pending = this.pending;
    this.pending = [];
    for (const h of pending) {
      const bodyStart = this.c.i;
      const startLine = this.c.posAt(bodyStart).line;
      let body = '';
      let found = false;
      while (!this.c.eof) {
        let nl = this.c.src.indexOf('\n', this.c.i);
        if (nl < 0) nl = this.c.src.length;
        let line = this.c.src.slice(this.c.i, nl);
        this.c.i = Math.min(nl + 1, this.c.src.length);
        if (h.stripTabs) line = line.replace(/^\t+/, '');
        if (line === h.delimiter) {
          found = true;
          break;
        }
        body += line + '\n';
      }
      if (!found && this.opts.interactive) this.c.incomplete(`here-document delimited by end-of-file (wanted \`${h.delimiter}')`);
      h.redirect.heredoc = { body: this.heredocWord(body, h.quoted, startLine), quoted: h.quoted };
    }
  }


  protected finishHeredocsAtEof(): void {
    if (this.pending.length) this.readHeredocBodies();
  }

  // ---- token helpers ----------------------------------------------------------------

  protected skipBlanks(): void {
    for (;;) {
      const ch = this.c.peek();
      if (isBlank(ch)) this.c.i++;
      else if (ch === '\\' && this.c.peek(1) === '\n') this.c.i += 2;
      else break;
    }
  }

  protected skipBlanksAndComments(): void {
    this.skipBlanks();
    if (this.c.peek() === '#') {
      while (!this.c.eof && this.c.peek() !== '\n') this.c.i++;
    }
  }

  /** Skips blanks, comments, newlines (reading here-doc bodies) and `;`? No: only newlines. */
  protected skipSeparatorsNewlinesOnly(): void {
    for (;;) {
      this.skipBlanksAndComments();
      if (this.c.peek() === '\n') {
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
    throw this.c.error(`syntax error near unexpected token \`${this.peekOp() ?? this.peekWordText()}'`);
  }

  /** The operator at the cursor, or null. */
  protected peekOp(): string | null {
    const s = this.c.src;
    const i = this.c.i;
    const c0 = s[i];
    switch (c0) {
      case '\n':
        return '\n';
      case '&':
        if (s.startsWith('&&', i)) return '&&';
        if (s.startsWith('&>>', i)) return '&>>';
        if (s.startsWith('&>', i)) return '&>';
        return '&';
      case '|':
        if (s.startsWith('||', i)) return '||';
        if (s.startsWith('|&', i)) return '|&';
        return '|';
      case ';':
        if (s.startsWith(';;&', i)) return ';;&';
        if (s.startsWith(';;', i)) return ';;';
        if (s.startsWith(';&', i)) return ';&';
        return ';';
      case '(':
      case ')':
        return c0;
      case '<':
        if (s.startsWith('<<<', i)) return '<<<';
        if (s.startsWith('<<-', i)) return '<<-';
        if (s.startsWith('<<', i)) return '<<';
        if (s.startsWith('<&', i)) return '<&';
        if (s.startsWith('<>', i)) return '<>';
        return '<';
      case '>':
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
    const m = /^(?:[a-z]+|\{|\}|!|\[\[|\]\])/.exec(s.slice(i, i + 9));
    if (!m) return null;
    const w = m[0];
    if (!RESERVED.has(w)) return null;
    const after = s[i + w.length] ?? '';
    if (w === '{' || w === '!' || w === '[[') {
      if (after !== '' && !/[\s]/.test(after)) return null;
      return w;
    }
    if (after === '' || /[\s;&|()<>]/.test(after)) return w;
    return null;
  }

  protected peekWordText(): string {
    const m = /^[^\s;&|()<>]+/.exec(this.c.src.slice(this.c.i));
    return m ? m[0] : this.c.peek() === '\n' ? 'newline' : this.c.peek() || 'end of file';
  }

  /** Reads text up to the matching `))`, tracking nested parentheses. */
  protected readUntilDoubleParen(what: string): string {
    const from = this.c.i;
    let depth = 0;
    for (;;) {
      const ch = this.c.next();
      if (ch === '') this.c.incomplete(`unterminated \`${what}'`);
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

  protected parseArrayLiteral(): Word[] {
    this.c.i += 1; // (
    const items: Word[] = [];
    for (;;) {
      this.skipSeparatorsNewlinesOnly();
      if (this.c.eof) this.c.incomplete('unterminated array assignment');
      if (this.c.peek() === ')') {
        this.c.i += 1;
        return items;
      }
      const w = this.parseWord();
      if (!w) throw this.c.error(`syntax error near unexpected token \`${this.peekOp() ?? this.peekWordText()}'`);
      items.push(w);
    }
  }
}

export function isRedirectOp(op: string): boolean {
  return ['<', '>', '>>', '<<', '<<-', '<<<', '<&', '>&', '<>', '>|', '&>', '&>>'].includes(op);
}

function wordSourceText(src: string, w: Word): string {
  return src.slice(w.pos.offset, w.end.offset).replace(/["'\\]/g, '');
}
