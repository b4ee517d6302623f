// `[[ … ]]`: the conditional command's own little grammar, read as bash's cond_term/
// cond_and/cond_or read it, token by token, so that malformed expressions give bash's
// messages (and bash's silence where it prints none).
import type { CondNode, Command, Pos, Redirect, TestCommand, Word } from './ast.js';
import { ParseError } from './source.js';
import { TokenParser } from './token-parser.js';
import { plainLiteral } from './word-parser.js';

const COND_UNARY = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-p', '-r', '-s', '-t', '-u', '-w', '-x', '-G', '-L', '-N', '-O', '-S', '-z', '-n', '-v', '-R', '-o']);
const COND_BINARY = new Set(['==', '=', '!=', '=~', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

/** Operator tokens the lexer returns inside [[ ]]; anything else is a word. */
const COND_OPS = ['&&', '||', ';;', '(', ')', ';', '&', '|', '<', '>', '\n'];

export abstract class CondParser extends TokenParser {
  /**
   * The line of the node made last, as bash's make_cond_node takes it: after the token that
   * completes the node (and, for `&&` and `||`, the one after). The last node is the top one,
   * whose line is $LINENO in the command: `[[ a ||<newline>$LINENO == 2 ]]` is true.
   */
  private condLine = 0;
  /** bash's lexer gives a newline at the end of the input before its end: read yet? */
  private condEofNewline = false;

  protected abstract withRedirects<T extends Command & { redirects: Redirect[] }>(cmd: T): T;

  protected parseTest(start: Pos): TestCommand {
    this.c.i += 2;
    const outer = this.extglob;
    this.extglob = true;
    this.condEofNewline = false;
    let expr: CondNode;
    try {
      expr = this.condOr();
      if (!this.condEnd()) {
        const op = this.condOp();
        // (the input ended after a whole expression: bash names the line [[ is on)
        if (op === 'EOF') throw this.condEof('unexpected EOF while looking for `]]\'', this.c.lineAt(start));
        throw this.condFail(op === null ? 'syntax error in conditional expression' : `syntax error in conditional expression: unexpected token \`${tokenText(op)}'`);
      }
      this.c.i += 2;
    } finally {
      this.extglob = outer;
    }
    return this.withRedirects({ kind: 'TestCommand', expr, redirects: [], pos: start, end: this.c.i, line: this.condLine });
  }

  /**
   * A malformed conditional: bash prints only its message (none at all for some), leaves
   * $? alone and stops reading, so the error is marked for the executor to report that way.
   */
  private condFail(message: string): ParseError {
    const e = this.c.error(message);
    e.cond = true;
    e.condAtEnd = this.c.src.slice(this.c.i).trim() === '';
    return e;
  }

  /**
   * The end of the input inside [[ ]]: a message bash prints as it does a malformed
   * conditional's, and more input to read at a prompt.
   */
  private condEof(message: string, line: number): ParseError {
    const e = new ParseError(message, line, 1, true);
    e.cond = true;
    e.condAtEnd = true;
    return e;
  }

  /**
   * The operator token at the cursor (after blanks), or null for a word. At the end of the
   * input, a newline (bash's lexer adds one) and then 'EOF'.
   */
  private condOp(): string | null {
    this.skipBlanks();
    if (this.c.eof) return this.condEofNewline ? 'EOF' : '\n';
    if (this.c.peek() === '#' ) return null;
    for (const t of COND_OPS) {
      if (!this.c.startsWith(t)) continue;
      // <( and >( are process substitutions: words.
      if ((t === '<' || t === '>') && this.c.peek(1) === '(') return null;
      return t;
    }
    return null;
  }

  /** `]]` as a word of its own (bash's COND_END). */
  private condEnd(): boolean {
    this.skipBlanks();
    if (!this.c.startsWith(']]')) return false;
    const after = this.c.peek(2);
    return after === '' || /[\s;&|)<>]/.test(after);
  }

  private condSkipNewlines(): void {
    while (this.condOp() === '\n') {
      if (this.c.eof) {
        this.condEofNewline = true;
        return;
      }
      this.c.i++;
      this.readHeredocBodies();
    }
  }

  /** The line bash's lexer is on at the end of the input: one past the last line. */
  private lineAtEnd(): number {
    const src = this.c.src;
    return this.c.firstLine + (src.endsWith('\n') ? src.slice(0, -1) : src).split('\n').length;
  }

  // bash's cond_or and cond_and recurse to the right; evaluation is the same either way,
  // so these loop and build left to right.
  private condOr(): CondNode {
    let l = this.condAnd();
    while (this.condOp() === '||') {
      this.c.i += 2;
      l = { kind: 'CondOr', l, r: this.condAnd() };
      this.condLine = this.lineAfterNext();
    }
    return l;
  }

  private condAnd(): CondNode {
    let l = this.condTerm();
    while (this.condOp() === '&&') {
      this.c.i += 2;
      l = { kind: 'CondAnd', l, r: this.condTerm() };
      this.condLine = this.lineAfterNext();
    }
    return l;
  }

  private condTerm(): CondNode {
    this.condSkipNewlines();
    const op = this.condOp();
    if (op === null && this.condEnd()) throw this.condFail('');
    if (op === '(') return this.condParen();
    if (op === 'EOF') throw this.condEof("unexpected token `EOF' in conditional command", this.lineAtEnd());
    if (op !== null) throw this.condFail(`unexpected token \`${tokenText(op)}' in conditional command`);
    if (this.c.startsWith('!') && /[\s(]/.test(this.c.peek(1))) {
      this.c.i += 1;
      return { kind: 'CondNot', e: this.condTerm() };
    }
    const w = this.parseWord('normal');
    if (!w) throw this.condFail(`unexpected token \`${this.c.peek()}' in conditional command`);
    const text = plainLiteral(w);
    if (text !== null && COND_UNARY.has(text)) {
      const arg = this.condArg('normal');
      if (!arg) throw this.condFail(`unexpected argument \`${this.argText()}' to conditional unary operator`);
      this.condLine = this.lineAfter(this.c.i);
      this.condSkipNewlines();
      return { kind: 'CondUnary', op: text, arg };
    }
    const next = this.condOp();
    let bop: string;
    if (next === '<' || next === '>') {
      bop = next;
      this.c.i += 1;
    } else if (next === null && !this.condEnd()) {
      const save = this.c.i;
      const ow = this.parseWord('normal');
      const ot = ow ? plainLiteral(ow) : null;
      if (ot === null || !COND_BINARY.has(ot)) {
        this.c.i = save;
        throw this.condFail('conditional binary operator expected');
      }
      bop = ot;
    } else if (next === null || next === '&&' || next === '||' || next === ')') {
      // [[ word ]] is [[ -n word ]].
      this.condLine = this.lineAfterNext();
      return { kind: 'CondWord', w };
    } else {
      throw this.condFail(`unexpected token \`${tokenText(next)}', conditional binary operator expected`);
    }
    const r = this.condArg(bop === '=~' ? 'regex' : 'normal');
    if (!r) throw this.condFail(`unexpected argument \`${this.argText()}' to conditional binary operator`);
    this.condLine = this.lineAfter(this.c.i);
    this.condSkipNewlines();
    return { kind: 'CondBinary', op: bop, l: w, r };
  }

  private condParen(): CondNode {
    const line = this.c.lineAt(this.c.i);
    this.c.i += 1;
    let e: CondNode;
    try {
      e = this.condOr();
    } catch (err) {
      // bash reports the inner error, then the missing parenthesis.
      if ((err as ParseError).cond) (err as { message: string }).message += `${(err as ParseError).message ? '\n' : ''}expected \`)'`;
      throw err;
    }
    const close = this.condOp();
    if (close !== ')') {
      const text = close === null ? (this.condEnd() ? ']]' : null) : tokenText(close);
      if (close === 'EOF') throw this.condEof("unexpected token `EOF', expected `)'", line);
      throw this.condFail(text === null ? "expected `)'" : `unexpected token \`${text}', expected \`)'`);
    }
    this.c.i += 1;
    this.condLine = this.lineAfter(this.c.i);
    e.paren = (e.paren ?? 0) + 1;
    this.condSkipNewlines();
    return e;
  }

  /** The line after the token at the cursor (an operator or `]]`): see condLine. */
  private lineAfterNext(): number {
    const op = this.condOp();
    return this.lineAfter(this.c.i + (op !== null ? op.length : this.condEnd() ? 2 : 0));
  }

  /** An operand: a word, or null where bash's lexer returns an operator or `]]`. */
  private condArg(mode: 'normal' | 'regex'): Word | null {
    const op = this.condOp();
    if (this.condEnd()) return null;
    if (op !== null && (mode === 'normal' || !REGEX_WORD_START.has(op))) return null;
    return this.parseWord(mode) ?? null;
  }

  private argText(): string {
    const op = this.condOp();
    return op === null ? ']]' : tokenText(op);
  }
}

/** Operators a regex may begin with (bash reads the right side of =~ as one word). */
const REGEX_WORD_START = new Set(['(', ')', '|', '<', '>']);

function tokenText(op: string): string {
  return op === '\n' ? 'newline' : op;
}
