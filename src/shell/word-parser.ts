// Word parsing: quotes, escapes, parameter expansions, command and arithmetic
// substitutions. The command parser (parser.ts) extends this class and supplies the
// parsing of substitution bodies, which are whole scripts.
import type { ArithExp, CmdSubst, DblQuoted, Lit, ParamExp, ParamOp, Stmt, Word, WordPart } from './ast.js';
import { Cursor, ParseError, isName, isNameChar, isNameStart, isWordBreak } from './source.js';

/** What ends a word being parsed, beyond the ordinary unquoted word breaks. */
export type WordMode =
  | 'normal'
  /** Inside `${X:-...}`: ends at an unbalanced `}`; blanks and operators are literal. */
  | 'param'
  /** A `${X/pat/rep}` pattern: also ends at `/`. */
  | 'param-pattern'
  /** The right side of `=~` in `[[ ]]`: parentheses and `|` are literal. */
  | 'regex';

export abstract class WordParser {
  protected c: Cursor;
  /** REPL input: a trailing backslash asks for another line instead of being literal. */
  protected interactive = false;

  constructor(src: string, firstLine = 1) {
    this.c = new Cursor(src, firstLine);
  }

  /** Parses a `$( ... )` body; the cursor is just after `$(`; consumes the closing `)`. */
  protected abstract parseSubstBody(): Stmt[];
  /** Parses a backtick body given its unescaped text. */
  protected abstract parseNested(src: string, line: number): Stmt[];

  /** Parses one word at the cursor; returns null when no word starts here. */
  parseWord(mode: WordMode = 'normal'): Word | null {
    const start = this.c.i;
    const parts: WordPart[] = [];
    for (;;) {
      const ch = this.c.peek();
      if (ch === '') break;
      if (mode === 'normal' && isWordBreak(ch)) break;
      if (mode === 'regex' && (ch === ' ' || ch === '\t' || ch === '\n' || ch === '')) break;
      if (mode === 'regex' && (this.c.startsWith('&&') || this.c.startsWith('||') || ch === ';')) break;
      if ((mode === 'param' || mode === 'param-pattern') && ch === '}') break;
      if (mode === 'param-pattern' && ch === '/') break;
      if (ch === '\\') {
        this.c.next();
        const e = this.c.next();
        if (e === '') {
          // A trailing backslash: the REPL continues the line; a script keeps it literally (bash).
          if (this.interactive) this.c.incomplete('unexpected end of input after backslash');
          pushLit(parts, '\\', true);
          break;
        }
        if (e === '\n') continue; // line continuation
        pushLit(parts, e, true);
        continue;
      }
      if (ch === "'") {
        parts.push({ kind: 'SglQuoted', value: this.readSingleQuoted() });
        continue;
      }
      if (ch === '"') {
        parts.push(this.readDoubleQuoted());
        continue;
      }
      if (ch === '$') {
        if (this.c.peek(1) === "'") {
          this.c.next();
          parts.push({ kind: 'SglQuoted', value: this.readAnsiC() });
          continue;
        }
        if (this.c.peek(1) === '"') {
          this.c.next(); // $"..." (locale translation) is "..." here
          continue;
        }
        const dollar = this.readDollar(false);
        if (dollar) parts.push(dollar);
        else pushLit(parts, this.c.next(), false);
        continue;
      }
      if (ch === '`') {
        parts.push(this.readBacktick(false));
        continue;
      }
      if (mode === 'regex' && ch === '(') {
        // Keep balanced parentheses of a regex inside one word.
        pushLit(parts, this.c.next(), false);
        continue;
      }
      pushLit(parts, this.c.next(), false);
    }
    if (this.c.i === start) return null;
    return { kind: 'Word', parts, pos: this.c.posAt(start), end: this.c.pos() };
  }

  private readSingleQuoted(): string {
    this.c.next(); // '
    const from = this.c.i;
    const close = this.c.src.indexOf("'", from);
    if (close < 0) {
      this.c.i = this.c.src.length;
      this.c.incomplete('unterminated single quote');
    }
    this.c.i = close + 1;
    return this.c.src.slice(from, close);
  }

  /** `$'...'`: ANSI-C quoting. */
  private readAnsiC(): string {
    this.c.next(); // '
    let out = '';
    for (;;) {
      const ch = this.c.next();
      if (ch === '') this.c.incomplete("unterminated $'...'");
      if (ch === "'") return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const e = this.c.next();
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
      if (e in simple) out += simple[e];
      else if (e === 'x') {
        const m = /^[0-9a-fA-F]{1,2}/.exec(this.c.src.slice(this.c.i));
        if (m) {
          out += String.fromCharCode(parseInt(m[0], 16));
          this.c.i += m[0].length;
        } else out += '\\x';
      } else if (e === 'u' || e === 'U') {
        const m = (e === 'u' ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(this.c.src.slice(this.c.i));
        if (m) {
          out += String.fromCodePoint(parseInt(m[0], 16));
          this.c.i += m[0].length;
        } else out += '\\' + e;
      } else if (e >= '0' && e <= '7') {
        let digits = e;
        while (digits.length < 3 && this.c.peek() >= '0' && this.c.peek() <= '7') digits += this.c.next();
        out += String.fromCharCode(parseInt(digits, 8) & 0xff);
      } else if (e === 'c') {
        const k = this.c.next();
        out += String.fromCharCode(k.toUpperCase().charCodeAt(0) ^ 0x40);
      } else out += '\\' + e;
    }
  }

  protected readDoubleQuoted(): DblQuoted {
    this.c.next(); // "
    return { kind: 'DblQuoted', parts: this.readExpandable(true) };
  }

  /**
   * Parses a here-document body (or other text where only `$`, backticks and the
   * escapes `\$ \` \\ \newline` are special).
   */
  parseExpandableText(): Word {
    const start = this.c.i;
    const parts = this.readExpandable(false);
    return { kind: 'Word', parts: parts.length ? [{ kind: 'DblQuoted', parts }] : [], pos: this.c.posAt(start), end: this.c.pos() };
  }

  /**
   * The inside of "..." (`quoted`: ends at the closing quote, where `\"` is an escape too)
   * or a here-document body (to the end of the text). Everything is quoted text but `$`,
   * backticks and the backslash escapes.
   */
  private readExpandable(quoted: boolean): WordPart[] {
    const parts: WordPart[] = [];
    for (;;) {
      const ch = this.c.peek();
      if (ch === '') {
        if (quoted) this.c.incomplete('unterminated double quote');
        return parts;
      }
      if (quoted && ch === '"') {
        this.c.next();
        return parts;
      }
      if (ch === '\\') {
        const e = this.c.peek(1);
        if (e === '$' || e === '`' || e === '\\' || (quoted && e === '"')) {
          this.c.i += 2;
          pushLit(parts, e, true);
          continue;
        }
        if (e === '\n') {
          this.c.i += 2;
          continue;
        }
        if (e === '' && quoted) this.c.incomplete('unterminated double quote');
        this.c.next();
        pushLit(parts, '\\', true);
        continue;
      }
      if (ch === '$') {
        const d = this.readDollar(true);
        if (d) parts.push(d);
        else pushLit(parts, this.c.next(), true);
        continue;
      }
      if (ch === '`') {
        parts.push(this.readBacktick(quoted));
        continue;
      }
      pushLit(parts, this.c.next(), true);
    }
  }

  /** At `$`: returns the expansion, or null when the `$` is literal. */
  private readDollar(inDouble: boolean): WordPart | null {
    const next = this.c.peek(1);
    if (next === '{') return this.readBraceParam();
    if (next === '(') {
      if (this.c.peek(2) === '(') {
        const arith = this.tryReadArith();
        if (arith) return arith;
      }
      this.c.i += 2;
      const body = this.parseSubstBody();
      return { kind: 'CmdSubst', body, backtick: false } satisfies CmdSubst;
    }
    if (isNameStart(next)) {
      this.c.next();
      let name = '';
      while (isNameChar(this.c.peek())) name += this.c.next();
      return { kind: 'ParamExp', name, short: true } satisfies ParamExp;
    }
    if ((next >= '0' && next <= '9') || '@*#?$!-'.includes(next)) {
      if (next === '') return null;
      this.c.i += 2;
      return { kind: 'ParamExp', name: next, short: true };
    }
    void inDouble;
    return null;
  }

  /** At `$((`: reads an arithmetic expansion, or returns null (cursor unchanged) when
   * the text is really `$( (subshell) )`. */
  private tryReadArith(): ArithExp | null {
    const save = this.c.i;
    this.c.i += 3;
    const from = this.c.i;
    let depth = 0;
    for (;;) {
      const ch = this.c.next();
      if (ch === '') this.c.incomplete('unterminated arithmetic expansion');
      if (ch === '(') depth++;
      else if (ch === ')') {
        if (depth === 0) {
          if (this.c.peek() === ')') {
            const expr = this.c.src.slice(from, this.c.i - 1);
            this.c.next();
            return { kind: 'ArithExp', expr };
          }
          this.c.i = save;
          return null;
        }
        depth--;
      } else if (ch === "'" || ch === '"') {
        const close = this.c.src.indexOf(ch, this.c.i);
        if (close < 0) this.c.incomplete('unterminated quote');
        this.c.i = close + 1;
      }
    }
  }

  private readBraceParam(): ParamExp {
    const start = this.c.i;
    try {
      return this.readBraceParamInner(start);
    } catch (e) {
      if (!(e instanceof ParseError) || e.incomplete) throw e;
      // Skip to the closing brace; the error surfaces at expansion time, as in bash.
      const close = this.c.src.indexOf('}', start);
      if (close < 0) this.c.incomplete('unterminated ${');
      this.c.i = close + 1;
      return { kind: 'ParamExp', name: '', bad: this.c.src.slice(start, close + 1) };
    }
  }

  private readBraceParamInner(start: number): ParamExp {
    this.c.i += 2; // ${
    const exp: ParamExp = { kind: 'ParamExp', name: '' };
    if (this.c.peek() === '#' && this.c.peek(1) !== '}' && !(this.c.peek(1) === ':' || this.c.peek(1) === '-' || this.c.peek(1) === '=' || this.c.peek(1) === '+' || this.c.peek(1) === '?') ) {
      this.c.next();
      exp.length = true;
    } else if (this.c.peek() === '!' && this.c.peek(1) !== '}') {
      this.c.next();
      exp.indirect = true;
    }
    // The parameter name: a name, digits, or one special character.
    const ch = this.c.peek();
    if (isNameStart(ch)) {
      while (isNameChar(this.c.peek())) exp.name += this.c.next();
      if (this.c.peek() === '[') exp.index = this.readSubscript();
    } else if (ch >= '0' && ch <= '9') {
      while (this.c.peek() >= '0' && this.c.peek() <= '9') exp.name += this.c.next();
    } else if (ch !== '' && '@*#?$!-'.includes(ch)) {
      exp.name = this.c.next();
    } else {
      if (ch === '') this.c.incomplete('unterminated ${');
      throw this.c.error('bad substitution', false, start);
    }
    if (this.c.peek() === '}') {
      this.c.next();
      return exp;
    }
    if (exp.length) {
      if (this.c.eof) this.c.incomplete('unterminated ${');
      throw this.c.error('bad substitution', false, start);
    }
    const op = this.readParamOp();
    if (!op) {
      if (this.c.eof) this.c.incomplete('unterminated ${');
      throw this.c.error('bad substitution', false, start);
    }
    exp.op = op;
    if (op === '/' || op === '//' || op === '/#' || op === '/%') {
      exp.arg = this.parseWord('param-pattern') ?? emptyWord(this.c.pos());
      if (this.c.peek() === '/') {
        this.c.next();
        exp.arg2 = this.parseWord('param') ?? emptyWord(this.c.pos());
      }
    } else if (op === ':') {
      exp.arg = this.parseSubstringPart();
      if (this.c.peek() === ':') {
        this.c.next();
        exp.arg2 = this.parseSubstringPart();
      }
    } else {
      exp.arg = this.parseWord('param') ?? emptyWord(this.c.pos());
    }
    if (this.c.peek() !== '}') {
      if (this.c.eof) this.c.incomplete('unterminated ${');
      throw this.c.error('bad substitution', false, start);
    }
    this.c.next();
    return exp;
  }

  /** `[...]` after a name: the subscript text, brackets balanced. */
  protected readSubscript(): string {
    this.c.next(); // [
    const from = this.c.i;
    let depth = 0;
    for (;;) {
      const ch = this.c.next();
      if (ch === '') this.c.incomplete('unterminated array subscript');
      if (ch === '[') depth++;
      else if (ch === ']') {
        if (depth === 0) return this.c.src.slice(from, this.c.i - 1);
        depth--;
      }
    }
  }

  /** `${X:off:len}` parts are arithmetic text up to `:` or `}`. */
  private parseSubstringPart(): Word {
    const start = this.c.i;
    let depth = 0;
    while (!this.c.eof) {
      const ch = this.c.peek();
      if (depth === 0 && (ch === ':' || ch === '}')) break;
      if (ch === '(') depth++;
      if (ch === ')') depth--;
      this.c.next();
    }
    const text = this.c.src.slice(start, this.c.i);
    return { kind: 'Word', parts: [{ kind: 'ArithExp', expr: text }], pos: this.c.posAt(start), end: this.c.pos() };
  }

  private readParamOp(): ParamOp | null {
    const two = this.c.src.slice(this.c.i, this.c.i + 2);
    const ops2: ParamOp[] = [':-', ':=', ':?', ':+', '##', '%%', '//', '/#', '/%', '^^', ',,'];
    if ((ops2 as string[]).includes(two)) {
      this.c.i += 2;
      return two as ParamOp;
    }
    const one = this.c.peek();
    if ('-=?+#%/^,:'.includes(one) && one !== '') {
      this.c.next();
      return one as ParamOp;
    }
    return null;
  }

  private readBacktick(inDouble: boolean): CmdSubst {
    const startPos = this.c.pos();
    this.c.next(); // `
    let text = '';
    for (;;) {
      const ch = this.c.next();
      if (ch === '') this.c.incomplete('unterminated backquote');
      if (ch === '`') break;
      if (ch === '\\') {
        const e = this.c.peek();
        if (e === '$' || e === '`' || e === '\\' || (inDouble && e === '"')) {
          text += this.c.next();
          continue;
        }
        if (e === '\n') {
          this.c.next();
          continue;
        }
      }
      text += ch;
    }
    return { kind: 'CmdSubst', body: this.parseNested(text, startPos.line), backtick: true };
  }
}

function pushLit(parts: WordPart[], value: string, escaped: boolean): void {
  const last = parts[parts.length - 1];
  if (last && last.kind === 'Lit' && Boolean(last.escaped) === escaped) {
    last.value += value;
    return;
  }
  const lit: Lit = { kind: 'Lit', value };
  if (escaped) lit.escaped = true;
  parts.push(lit);
}

export function emptyWord(pos: { line: number; col: number; offset: number }): Word {
  return { kind: 'Word', parts: [], pos, end: pos };
}

/** The text of a word made only of unquoted, unescaped literals (reserved words, names), else null. */
export function plainLiteral(w: Word): string | null {
  if (w.parts.length !== 1) return w.parts.length === 0 ? null : null;
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

export { isName };
