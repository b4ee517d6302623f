// Word parsing: quotes, escapes, parameter expansions, command and arithmetic
// substitutions, process substitutions, extglob groups. The command parser (parser.ts)
// extends this class and supplies the parsing of substitution bodies, which are scripts.
import type { ArithExp, CmdSubst, DblQuoted, ParamExp, ParamOp, ProcSubst, Stmt, Word, WordPart } from './ast.js';
import { Cursor, ParseError, isName, isNameChar, isNameStart, isWordBreak } from './source.js';
import { expandEscapes } from '../lib/escapes.js';
import { emptyWord, endsWithExtglobChar, hasQuoting, markPlain, matchedBracket, plainLiteral, pushLit, staticText } from './word-util.js';

/** What ends a word being parsed, beyond the ordinary unquoted word breaks. */
export type WordMode =
  | 'normal'
  /** Inside `${X:-...}`: ends at an unbalanced `}`; blanks and operators are literal. */
  | 'param'
  /**
   * `${X:-...}` inside double quotes or a here-document: single quotes are plain characters
   * (they only hide a `}`), a backslash escapes just `$ \` " \ }` and newline.
   */
  | 'param-dq'
  /** A `${X/pat/rep}` pattern: also ends at `/`. */
  | 'param-pattern'
  /** The right side of `=~` in `[[ ]]`: parentheses and `|` are literal. */
  | 'regex'
  /** An array subscript or other text where only quotes and expansions are special. */
  | 'subscript';

const TRANSFORM_OPS = 'QEPAKakULu';

export abstract class WordParser {
  /**
   * Where each `$(…)`, `<(…)` and `>(…)` read so far starts and ends in the source: set -v
   * leaves out the lines after their first, as bash's reader does (executor.ts).
   */
  readonly substSpans: Array<[number, number]> = [];
  protected c: Cursor;
  /** REPL input: a trailing backslash asks for another line instead of being literal. */
  protected interactive = false;
  /** extglob groups (`@(a|b)` ...) are part of words (shopt extglob at parse time, or in [[ ]]). */
  protected extglob = false;
  /** Inside "..." or a here-document body (changes how `${X:-word}` words are read). */
  /** Inside "..." ('dq') or a here-document body or like text ('text'). */
  private inDq: false | 'dq' | 'text' = false;

  constructor(src: string, firstLine = 1) {
    this.c = new Cursor(src, firstLine);
  }

  /** Parses a `$( ... )` body; the cursor is just after `$(`; consumes the closing `)`. */
  /** The list of a `$(` or `<(` at the cursor, up to its `)`; `text` unless an alias was expanded in it. */
  protected abstract parseSubstBody(): { body: Stmt[]; text?: string; line: number };
  /** Parses a backtick body given its unescaped text. */
  protected abstract parseNested(src: string, line: number): Stmt[];

  /** Parses one word at the cursor; returns null when no word starts here. */
  parseWord(mode: WordMode = 'normal'): Word | null {
    const start = this.c.i;
    const parts: WordPart[] = [];
    let group = 0; // depth inside extglob groups: blanks and | are literal there
    let regexParens = 0;
    let dqSingle = false; // 'param-dq': inside a pair of (literal) single quotes
    for (;;) {
      const ch = this.c.peek();
      if (ch === '') {
        if (group > 0) this.c.incomplete('unterminated extglob group');
        break;
      }
      if (mode === 'param-dq') {
        if (ch === "'") dqSingle = !dqSingle;
        if (ch === "'" || (dqSingle && ch === '}')) {
          pushLit(parts, this.c.next(), true);
          continue;
        }
        if (ch === '\\' && !'$`"\\}\n'.includes(this.c.peek(1) || 'x')) {
          pushLit(parts, this.c.next(), true);
          if (this.c.peek() === "'") pushLit(parts, this.c.next(), true);
          continue;
        }
      }
      if (group > 0) {
        if (ch === ')') {
          group--;
          pushLit(parts, this.c.next(), false);
          continue;
        }
        if (ch === '(' ) {
          group++;
          pushLit(parts, this.c.next(), false);
          continue;
        }
        // Everything up to the matching `)` is the pattern, newlines too (bash reads the group
        // as a matched pair: completion scripts split long alternatives over lines).
        if (ch === '|' || ch === ' ' || ch === '\t' || ch === '\n' || ch === '<' || ch === '>' || ch === ';' || ch === '&') {
          pushLit(parts, this.c.next(), false);
          continue;
        }
      } else if (mode === 'normal') {
        if (isWordBreak(ch)) {
          if ((ch === '<' || ch === '>') && this.c.peek(1) === '(') {
            parts.push(this.readProcSubst());
            continue;
          }
          if (ch === '(' && this.extglob && parts.length && endsWithExtglobChar(parts)) {
            group++;
            pushLit(parts, this.c.next(), false);
            continue;
          }
          break;
        }
      } else if (mode === 'regex') {
        if (regexParens === 0 && (ch === ' ' || ch === '\t' || ch === '\n')) break;
        if (regexParens === 0 && (this.c.startsWith('&&') || this.c.startsWith('||') || ch === ';' || ch === '&' || ch === '<' || ch === '>')) break;
        if (ch === ')' && regexParens === 0) break;
        if (ch === '(') regexParens++;
        else if (ch === ')') regexParens--;
      } else if (mode === 'param' || mode === 'param-dq' || mode === 'param-pattern') {
        // The first unquoted `}` ends the word: bash does not pair a bare `{` inside (`${x:-a{b}c}` is `a{b` + `c}`).
        if (ch === '}') break;
        if (mode === 'param-pattern' && ch === '/') break;
      }
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
        // bash: "..." inside a double-quoted `${x:-...}` word lets a backslash escape any character.
        parts.push(this.readDoubleQuoted(mode === 'param-dq'));
        continue;
      }
      if (ch === '$') {
        const n = this.c.peek(1);
        // (In a here-document's `${x:-$'...'}` bash leaves the $'...' as it is.)
        if (n === "'" && !(mode === 'param-dq' && this.inDq === 'text')) {
          this.c.next();
          parts.push({ kind: 'SglQuoted', value: this.readAnsiC() });
          continue;
        }
        if (n === '"') {
          this.c.next(); // $"..." (locale translation) is "..." here
          continue;
        }
        const dollar = this.readDollar();
        if (dollar) parts.push(dollar);
        else pushLit(parts, this.c.next(), false);
        continue;
      }
      if (ch === '`') {
        parts.push(this.readBacktick(false));
        continue;
      }
      pushLit(parts, this.c.next(), false);
    }
    if (this.c.i === start) return null;
    markPlain(parts);
    return { kind: 'Word', parts, pos: start, end: this.c.i };
  }

  private readSingleQuoted(): string {
    this.c.next(); // '
    const from = this.c.i;
    const close = this.c.src.indexOf("'", from);
    if (close < 0) {
      this.c.i = this.c.src.length;
      this.c.incomplete('unterminated single quote', from - 1);
    }
    this.c.i = close + 1;
    return this.c.src.slice(from, close);
  }

  /** `$'...'`: ANSI-C quoting. */
  private readAnsiC(): string {
    this.c.next(); // '
    const from = this.c.i;
    for (;;) {
      const ch = this.c.next();
      if (ch === '') this.c.incomplete("unterminated $'...'", from - 2);
      if (ch === "'") break;
      if (ch === '\\') this.c.next();
    }
    return expandEscapes(this.c.src.slice(from, this.c.i - 1), 'ansic').text;
  }

  protected readDoubleQuoted(anyEscape = false): DblQuoted {
    this.c.next(); // "
    return { kind: 'DblQuoted', parts: this.readExpandable(true, this.c.i - 1, anyEscape) };
  }

  /**
   * Parses a here-document body (or other text where only `$`, backticks and the
   * escapes `\$ \` \\ \newline` are special).
   */
  parseExpandableText(): Word {
    const start = this.c.i;
    const parts = this.readExpandable(false);
    return { kind: 'Word', parts: parts.length ? [{ kind: 'DblQuoted', parts }] : [], pos: start, end: this.c.i };
  }

  /** Arithmetic text with `$` in it: like a here-document body. */
  parseArithText(): Word {
    this.arithText = true;
    try {
      return this.parseExpandableText();
    } finally {
      this.arithText = false;
    }
  }

  /** In arithmetic text, bash turns `$'...'` into its text in single quotes (an error there) and `$"..."` into "...". */
  private arithText = false;

  /**
   * The inside of "..." (`quoted`: ends at the closing quote, where `\"` is an escape too)
   * or a here-document body (to the end of the text). Everything is quoted text but `$`,
   * backticks and the backslash escapes.
   */
  private readExpandable(quoted: boolean, opened?: number, anyEscape = false): WordPart[] {
    const saved = this.inDq;
    this.inDq = quoted ? 'dq' : 'text';
    try {
      return this.readExpandableParts(quoted, opened, anyEscape);
    } finally {
      this.inDq = saved;
    }
  }

  private readExpandableParts(quoted: boolean, opened?: number, anyEscape = false): WordPart[] {
    const parts: WordPart[] = [];
    for (;;) {
      // Runs of plain text at once. (The source is read afresh each time: an alias expanded
      // inside a $(...) here has spliced its text into it.)
      const s = this.c.src;
      let j = this.c.i;
      while (j < s.length) {
        const cc = s.charCodeAt(j);
        if (cc === 36 || cc === 96 || cc === 92 || (quoted && cc === 34)) break; // $ ` \ "
        j++;
      }
      if (j > this.c.i) {
        pushLit(parts, s.slice(this.c.i, j), true);
        this.c.i = j;
      }
      const ch = this.c.peek();
      if (ch === '') {
        if (quoted) this.c.incomplete('unterminated double quote', opened);
        return parts;
      }
      if (quoted && ch === '"') {
        this.c.next();
        return parts;
      }
      if (ch === '\\') {
        const e = this.c.peek(1);
        if (e === '$' || e === '`' || e === '\\' || (quoted && e === '"') || (anyEscape && e !== '' && e !== '\n')) {
          this.c.i += 2;
          pushLit(parts, e, true);
          continue;
        }
        if (e === '\n') {
          this.c.i += 2;
          continue;
        }
        if (e === '' && quoted) this.c.incomplete('unterminated double quote', opened);
        this.c.next();
        pushLit(parts, '\\', true);
        continue;
      }
      if (ch === '$') {
        if (this.arithText && this.c.peek(1) === "'") {
          this.c.next();
          pushLit(parts, `'${this.readAnsiC()}'`, true);
          continue;
        }
        if (this.arithText && this.c.peek(1) === '"') {
          this.c.next();
          continue;
        }
        const d = this.readDollar();
        if (d) parts.push(d);
        else pushLit(parts, this.c.next(), true);
        continue;
      }
      if (ch === '`') {
        parts.push(this.readBacktick(quoted));
        continue;
      }
    }
  }

  /** At `$`: returns the expansion, or null when the `$` is literal. */
  private readDollar(): WordPart | null {
    const next = this.c.peek(1);
    if (next === '{') return this.readBraceParam();
    if (next === '(') {
      if (this.c.peek(2) === '(') {
        const arith = this.tryReadArith();
        if (arith) return arith;
      }
      const at = this.c.i;
      this.c.i += 2;
      const saved = this.inDq;
      this.inDq = false; // a command substitution's words are read afresh
      try {
        const { body, text, line } = this.parseSubstBody();
        const cs: CmdSubst = { kind: 'CmdSubst', body, backtick: false, at, to: this.c.i };
        this.substSpans.push([at, this.c.i]);
        if (text !== undefined) Object.assign(cs, { text, line });
        return cs;
      } finally {
        this.inDq = saved;
      }
    }
    if (next === '[') {
      // $[expr]: the old arithmetic form, read as bash's parse_matched_pair reads it.
      const at = this.c.i;
      const close = matchedBracket(this.c.src, at + 2);
      if (typeof close === 'string') this.c.incomplete(close, close === 'unterminated $[' ? at : undefined);
      const expr = this.c.src.slice(at + 2, close);
      this.c.i = close + 1;
      return { kind: 'ArithExp', expr };
    }
    if (isNameStart(next)) {
      this.c.next();
      const from = this.c.i;
      while (isNameChar(this.c.peek())) this.c.i++;
      return { kind: 'ParamExp', name: this.c.src.slice(from, this.c.i), short: true } satisfies ParamExp;
    }
    if (next !== '' && ((next >= '0' && next <= '9') || '@*#?$!-_'.includes(next))) {
      if (next === '_' ) return null;
      this.c.i += 2;
      return { kind: 'ParamExp', name: next, short: true };
    }
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
      if (ch === '') this.c.incomplete('unterminated arithmetic expansion', save);
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
      } else if (ch === '\\') this.c.next();
    }
  }

  private readBraceParam(): ParamExp {
    const start = this.c.i;
    try {
      return this.readBraceParamInner(start);
    } catch (e) {
      // (bash names the line the innermost open `${` is on)
      if (e instanceof ParseError && e.message === 'unterminated ${' && e.openLine === null) e.openLine = this.c.lineAt(start);
      if (!(e instanceof ParseError) || e.incomplete) throw e;
      // Skip to the closing brace; the error surfaces at expansion time, as in bash.
      this.c.i = start + 2;
      let depth = 0;
      for (;;) {
        const ch = this.c.next();
        if (ch === '') this.c.incomplete('unterminated ${', start);
        if (ch === '\\') this.c.next();
        else if (ch === '{') depth++;
        else if (ch === '}' && depth-- === 0) break;
      }
      return { kind: 'ParamExp', name: '', bad: this.c.src.slice(start, this.c.i) };
    }
  }

  private readBraceParamInner(start: number): ParamExp {
    this.c.i += 2; // ${
    const exp: ParamExp = { kind: 'ParamExp', name: '' };
    const p0 = this.c.peek();
    const p1 = this.c.peek(1);
    if (p0 === '#' && p1 !== '}' && !(p1 === ':' || ((p1 === '-' || p1 === '=' || p1 === '+' || p1 === '?') && this.c.peek(2) !== '}'))) {
      this.c.next();
      exp.length = true;
    } else if (p0 === '!' && p1 !== '}' && p1 !== '' && !(p1 === '-' || p1 === '=' || p1 === '+' || p1 === '?' || p1 === ':')) {
      this.c.next();
      exp.indirect = true;
    }
    // The parameter name: a name, digits, or one special character.
    const ch = this.c.peek();
    if (isNameStart(ch)) {
      const from = this.c.i;
      while (isNameChar(this.c.peek())) this.c.i++;
      exp.name = this.c.src.slice(from, this.c.i);
      if (this.c.peek() === '[') {
        const at = this.c.i;
        try {
          exp.index = this.readSubscript();
          // `${a[]}`: an empty subscript is a bad substitution.
          if (exp.index === '') throw this.c.error('bad substitution', false, start);
        } catch (e) {
          // `${a[}`: no `]` before the brace closes: bash's bad substitution (when the command runs).
          if (e instanceof ParseError && e.incomplete && this.c.src.indexOf('}', at) >= 0) throw this.c.error('bad substitution', false, start);
          throw e;
        }
      }
      else if (exp.indirect && (this.c.peek() === '*' || this.c.peek() === '@') && this.c.peek(1) === '}') {
        exp.names = this.c.next() as '*' | '@';
        exp.indirect = false;
      }
    } else if (ch >= '0' && ch <= '9') {
      const from = this.c.i;
      while (this.c.peek() >= '0' && this.c.peek() <= '9') this.c.i++;
      exp.name = this.c.src.slice(from, this.c.i);
    } else if (ch !== '' && '@*#?$!-_'.includes(ch)) {
      exp.name = this.c.next();
    } else {
      if (ch === '') this.c.incomplete('unterminated ${');
      throw this.c.error('bad substitution', false, start);
    }
    if (this.c.peek() === '}') {
      this.c.next();
      return exp;
    }
    if (exp.length || exp.names) {
      if (this.c.eof) this.c.incomplete('unterminated ${');
      throw this.c.error('bad substitution', false, start);
    }
    const op = this.readParamOp();
    if (!op) {
      if (this.c.eof) this.c.incomplete('unterminated ${');
      throw this.c.error('bad substitution', false, start);
    }
    exp.op = op;
    if (op === '@') {
      const t = this.c.next();
      if (!TRANSFORM_OPS.includes(t) || t === '' || this.c.peek() !== '}') {
        // An unknown operator (`${x@Z}`, `${x@QQ}`): bash lets it through when the value is
        // unset and ends the script when it is set, so keep its text for the expansion to judge.
        const from = this.c.i - t.length;
        const close = this.c.src.indexOf('}', from);
        if (close < 0) this.c.incomplete('unterminated ${');
        this.c.i = close;
        exp.transform = this.c.src.slice(from, close);
      } else exp.transform = t;
    } else if (op === '/' || op === '//' || op === '/#' || op === '/%') {
      // A `/` right at the start of the pattern is part of it (`${x////-}` replaces slashes).
      const lead = (op === '/' || op === '//') && this.c.peek() === '/' ? this.c.next() : '';
      exp.arg = this.parseWord('param-pattern') ?? emptyWord(this.c.i);
      if (lead) exp.arg = { ...exp.arg, parts: [{ kind: 'Lit', value: lead }, ...exp.arg.parts] };
      if (this.c.peek() === '/') {
        this.c.next();
        exp.arg2 = this.parseWord('param') ?? emptyWord(this.c.i);
      }
    } else if (op === ':') {
      // `${x:}` has no offset at all: a bad substitution (`${x::}` is offset 0, length 0).
      if (this.c.peek() === '}') throw this.c.error('bad substitution', false, start);
      exp.arg = this.parseSubstringPart();
      if (this.c.peek() === ':') {
        this.c.next();
        // (the length runs to the `}`: `${x:1:1:1}` has the length `1:1`, an arithmetic error)
        exp.arg2 = this.parseSubstringPart(false);
      }
    } else {
      exp.arg = this.parseWord(this.inDq && '-=?+'.includes(op[op.length - 1]!) ? 'param-dq' : 'param') ?? emptyWord(this.c.i);
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
      if (ch === '\\') {
        this.c.next();
        continue;
      }
      if (ch === "'" || ch === '"') {
        let close = this.c.i;
        while (close < this.c.src.length && this.c.src[close] !== ch) close += ch === '"' && this.c.src[close] === '\\' ? 2 : 1;
        if (close < this.c.src.length) this.c.i = close + 1;
        continue;
      }
      if (ch === '$' && this.c.peek() === '(') {
        // $( ... ) or $(( ... )) inside a subscript: skip it whole.
        this.c.i--;
        this.readDollar();
        continue;
      }
      if (ch === '[') depth++;
      else if (ch === ']') {
        if (depth === 0) return this.c.src.slice(from, this.c.i - 1);
        depth--;
      }
    }
  }

  /** `${X:off:len}` parts are arithmetic text up to `:` or `}`. */
  private parseSubstringPart(colonEnds = true): Word {
    const start = this.c.i;
    let depth = 0;
    let ternary = 0; // pending `?` whose `:` is part of the expression (`${s:j?1:0:j}`)
    while (!this.c.eof) {
      const ch = this.c.peek();
      if (depth === 0 && ch === ':' && ternary > 0) {
        ternary--;
        this.c.next();
        continue;
      }
      if (depth === 0 && ((ch === ':' && colonEnds) || ch === '}')) break;
      if (ch === '?' && depth === 0) ternary++;
      // Substitutions and quotes are skipped whole (a `}` or `:` inside them does not count).
      if (ch === '$' && this.readDollar()) continue;
      if (ch === '`') {
        this.readBacktick(false);
        continue;
      }
      if (ch === '\\') this.c.next();
      else if (ch === "'" || ch === '"') {
        const close = this.c.src.indexOf(ch, this.c.i + 1);
        if (close > 0) this.c.i = close;
      }
      if (ch === '(' || ch === '{') depth++;
      if (ch === ')' || ch === '}') depth--;
      this.c.next();
    }
    const text = this.c.src.slice(start, this.c.i);
    return { kind: 'Word', parts: [{ kind: 'ArithExp', expr: text }], pos: start, end: this.c.i };
  }

  private readParamOp(): ParamOp | null {
    const two = this.c.src.slice(this.c.i, this.c.i + 2);
    const ops2: ParamOp[] = [':-', ':=', ':?', ':+', '##', '%%', '//', '/#', '/%', '^^', ',,', '~~'];
    if ((ops2 as string[]).includes(two)) {
      this.c.i += 2;
      return two as ParamOp;
    }
    const one = this.c.peek();
    if (one !== '' && '-=?+#%/^,~:@'.includes(one)) {
      this.c.next();
      return one as ParamOp;
    }
    return null;
  }

  private readBacktick(inDouble: boolean): CmdSubst {
    const line = this.c.lineAt(this.c.i);
    const opened = this.c.i;
    this.c.next(); // `
    let text = '';
    for (;;) {
      const ch = this.c.next();
      if (ch === '') this.c.incomplete('unterminated backquote', opened);
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
    try {
      return { kind: 'CmdSubst', body: this.parseNested(text, line), backtick: true, text, line };
    } catch (e) {
      // bash parses a backquoted body only when it runs: its syntax error is the
      // substitution's (status 2), not the script's.
      if (!(e instanceof ParseError)) throw e;
      return { kind: 'CmdSubst', body: [], backtick: true, text, line, invalid: true };
    }
  }

  /** `<(list)` / `>(list)`. */
  private readProcSubst(): ProcSubst {
    const at = this.c.i;
    const dir = this.c.next() as '<' | '>';
    this.c.next(); // (
    const { body, text, line } = this.parseSubstBody();
    const ps: ProcSubst = { kind: 'ProcSubst', dir, body, at, to: this.c.i };
    this.substSpans.push([at, this.c.i]);
    if (text !== undefined) Object.assign(ps, { text, line });
    return ps;
  }
}

export { emptyWord, plainLiteral, staticText, hasQuoting };
export { isName };
