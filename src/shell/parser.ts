// Recursive-descent parser: source text -> positioned AST (ast.ts).
//
// Why not shell-quote's parse()? It flattens a command line into strings and operator
// objects and loses what the executor needs: which parts were quoted (globbing, field
// splitting), nested $(...) scripts, here-documents, reserved words. So the parser reads
// characters itself, like mvdan/sh; shell-quote's quote() is used where words are printed
// back for a shell to read (xtrace, `type`, spawn command lines).
//
// Aliases are expanded here, as bash does: the alias text replaces the word in the source
// and is read again, so an alias can hold several commands or open a compound command.
import {
  NONE,
  type AndOr, type Assign, type Command, type Pipeline, type Pos, type Redirect, type Script, type SimpleCommand, type Stmt,
  type Word, type ArrayElem,
} from './ast.js';
import { ParseError, isName } from './source.js';
import { plainLiteral } from './word-parser.js';
import { ASSIGN_SUBSCRIPT, subscriptClose } from './word-util.js';
import { isRedirectOp, type ParseOptions } from './token-parser.js';
import { CompoundParser } from './compound-parser.js';

export { ParseError };

export type { ParseOptions };

/** Words that end a list (what the caller expects next). */
type Terminator = string;

const DECLARATIONS = new Set(['declare', 'typeset', 'local', 'readonly', 'export']);

export function parse(src: string, opts: ParseOptions = {}): Script {
  return new Parser(src, opts).parseScript();
}

/** Lines longer than this are parsed and run in pieces (see nextChunk). */
const LONG_LINE = 1 << 18;
const STREAM_STMTS = 2048;

export class Parser extends CompoundParser {
  /** nextChunk stopped inside a long line; the next call continues it. */
  private midLine = false;
  /** Aliases being expanded now and where their text ends (no alias expands inside itself). */
  private aliasActive: Array<{ name: string; end: number }> = [];
  /** The last alias expanded ended in a blank: the next word is checked for an alias too. */
  private aliasNext = false;
  /** Where that alias's text ends (the next word starts at or after it). */
  private aliasNextAt = 0;
  /** How many aliases this parser has expanded (a substitution's text is kept only when none was). */
  private aliasExpansions = 0;

  constructor(src: string, opts: ParseOptions = {}, firstLine = 1) {
    super(src, opts, firstLine);
  }

  /** After a ParseError with discardLine: go on at the start of the next line, at the top level. */
  skipLine(): void {
    const nl = this.c.src.indexOf('\n', this.c.i);
    this.c.i = nl < 0 ? this.c.src.length : nl + 1;
    this.midLine = false;
  }

  /** How far into the source the parser has read (set -v prints what each chunk took). */
  get offset(): number {
    return this.c.i;
  }

  /**
   * Parses the next complete command line (statements up to a newline) for incremental
   * execution, as bash does: a syntax error on line 3 does not stop lines 1-2 from running.
   * Returns null at end of input.
   */
  nextChunk(): Stmt[] | null {
    const cont = this.midLine;
    this.midLine = false;
    if (!cont) this.extglob = this.opts.extglob?.() ?? false;
    this.skipSeparators();
    if (this.c.eof) return null;
    // A line of megabytes (a generated script) is run a few thousand commands at a time, so
    // its syntax tree never exists whole. bash would parse it all first: only a syntax error
    // late in such a line tells the difference (the commands before it have run).
    let limit = Infinity;
    if (!cont) {
      const nl = this.c.src.indexOf('\n', this.c.i);
      if ((nl < 0 ? this.c.src.length : nl) - this.c.i > LONG_LINE) limit = STREAM_STMTS;
    } else limit = STREAM_STMTS;
    const body = this.parseList(NONE, true, limit);
    if (this.midLine) return body;
    // parseList stops after the line's newline, at end of input, or before a stray token.
    if (!this.c.eof && (body.length === 0 || this.c.src[this.c.i - 1] !== '\n')) {
      const op = this.peekOp();
      throw this.c.error(`syntax error near unexpected token \`${op ?? this.peekWordText()}'`);
    }
    if (this.c.eof) this.finishHeredocsAtEof();
    return body;
  }

  /** The text `(a [k]=v ...)` as array literal elements (`declare -a x="(...)"`); null if it is not one. */
  parseArrayText(): ArrayElem[] | null {
    if (this.c.peek() !== '(') return null;
    try {
      const items = this.parseArrayLiteral();
      return this.c.eof ? items : null;
    } catch (e) {
      if (e instanceof ParseError) return null;
      throw e;
    }
  }

  parseScript(): Script {
    this.extglob = this.opts.extglob?.() ?? false;
    const start = this.c.i;
    const body = this.parseList(NONE);
    this.skipBlanksAndComments();
    if (!this.c.eof) {
      const op = this.peekOp();
      throw this.c.error(`syntax error near unexpected token \`${op ?? this.peekWordText()}'`);
    }
    this.finishHeredocsAtEof();
    return { kind: 'Script', body, pos: start, end: this.c.i };
  }

  // ---- lists ---------------------------------------------------------------------

  /** Parses statements until one of `terms` (reserved words or operators like `)`) or EOF. */
  protected override parseList(terms: readonly Terminator[], oneLine = false, limit = Infinity): Stmt[] {
    const out: Stmt[] = [];
    for (;;) {
      if (oneLine && out.length) {
        this.skipBlanksAndComments();
        if (this.c.code() === 10) {
          this.c.i++;
          this.readHeredocBodies();
          return out;
        }
        // (Not while a here-document is pending: its body comes after the line.)
        if (out.length >= limit && this.pending.length === 0 && !this.c.eof) {
          this.midLine = true;
          return out;
        }
      }
      this.skipSeparators();
      if (this.c.eof) return out;
      // An alias here may stand for the closing word (`alias end='}'`): expand it first.
      let expanded = false;
      while (this.expandAlias()) {
        expanded = true;
        this.skipBlanksAndComments();
      }
      // An alias of nothing before the end of the line is no command at all.
      if (expanded && (this.c.eof || this.c.code() === 10)) continue;
      if (this.atTerminator(terms)) return out;
      const stmt = this.parseStmt();
      out.push(stmt);
      this.skipBlanksAndComments();
      const op = this.peekOp();
      if (op === ';' || op === '&') {
        this.c.i += 1;
        if (op === '&') stmt.background = true;
        stmt.end = this.c.i;
        continue;
      }
      if (op === '\n' || this.c.eof) continue;
      if (this.atTerminator(terms)) return out;
      if (op === null && terms.length) {
        const w = this.peekWordText();
        throw this.c.error(`syntax error near unexpected token \`${w}'`);
      }
      if (op !== null && !terms.includes(op)) throw this.c.error(`syntax error near unexpected token \`${op}'`);
      return out;
    }
  }

  /** A list that must have at least one command (if/while/for bodies, groups, subshells). */
  protected override parseBody(terms: readonly Terminator[]): Stmt[] {
    const body = this.parseList(terms);
    if (body.length === 0) {
      this.skipSeparatorsNewlinesOnly();
      if (this.c.eof) this.c.incomplete(`unexpected end of input: a command was expected`);
      const op = this.peekOp();
      throw this.c.error(`syntax error near unexpected token \`${this.peekReserved() ?? (op === '\n' ? 'newline' : op) ?? this.peekWordText()}'`);
    }
    return body;
  }

  private atTerminator(terms: readonly Terminator[]): boolean {
    const op = this.peekOp();
    const r = this.peekReserved();
    if (!terms.length) {
      // At top level, a stray closing token is an error reported by the caller.
      if (op === ')' || op === ';;' || op === ';&' || op === ';;&') return true;
      return r !== null && (r === 'then' || r === 'else' || r === 'elif' || r === 'fi' || r === 'do' || r === 'done' || r === 'esac' || r === '}' || r === 'in');
    }
    if (op !== null && terms.includes(op)) return true;
    if (r !== null && terms.includes(r)) return true;
    if (r !== null && ['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}'].includes(r)) {
      throw this.c.error(`syntax error near unexpected token \`${r}'`);
    }
    if (op === ')' || op === ';;' || op === ';&' || op === ';;&') throw this.c.error(`syntax error near unexpected token \`${op}'`);
    return false;
  }

  private parseStmt(): Stmt {
    const start = this.c.i;
    const line = this.c.lineAt(start);
    const andOr = this.parseAndOr();
    return { kind: 'Stmt', andOr, background: false, pos: start, end: this.c.i, line, src: this.c.src };
  }

  private parseAndOr(): AndOr {
    const start = this.c.i;
    const first = this.parsePipeline();
    let rest: AndOr['rest'] = NONE;
    for (;;) {
      this.skipBlanksAndComments();
      const op = this.peekOp();
      if (op !== '&&' && op !== '||') break;
      this.c.i += 2;
      this.skipSeparatorsNewlinesOnly();
      if (this.c.eof) this.c.incomplete(`unexpected end of input after \`${op}'`);
      if (rest === NONE) rest = [];
      rest.push({ op, pipeline: this.parsePipeline() });
    }
    return { kind: 'AndOr', first, rest, pos: start, end: this.c.i };
  }

  private parsePipeline(): Pipeline {
    this.skipBlanksAndComments();
    const start = this.c.i;
    let negated = false;
    let bang = false;
    let timed: Pipeline['timed'];
    // `time` and `!` in any order and number (bash's pipeline_command: `! time false`).
    for (let w = this.peekReserved(); w === 'time' || w === '!'; w = this.peekReserved()) {
      if (w === '!') {
        this.c.i += 1;
        negated = !negated;
        bang = true;
        this.skipBlanksAndComments();
        continue;
      }
      this.c.i += 4;
      this.skipBlanks();
      timed ??= 'bash';
      if (this.c.startsWith('-p') && /[\s;&|]|^$/.test(this.c.peek(2))) {
        this.c.i += 2;
        timed = 'posix';
        this.skipBlanks();
      }
      // `time -- cmd`: `--` ends time's options; bash then reports in the posix format too.
      if (this.c.startsWith('--') && /[\s;&|]|^$/.test(this.c.peek(2))) {
        this.c.i += 2;
        timed = 'posix';
      }
      this.skipBlanksAndComments();
    }
    this.skipBlanksAndComments();
    if ((bang || timed) && (this.c.eof || this.peekOp() === '\n' || this.peekOp() === ';' || this.peekOp() === '&')) {
      // A lone `!` is a valid (empty) pipeline whose status is 1 (`! !` 0), as in bash.
      return { kind: 'Pipeline', negated, timed, commands: [], stderrToo: NONE, pos: start, end: this.c.i };
    }
    const commands: Command[] = [this.parseCommand()];
    let stderrToo: boolean[] = NONE;
    for (;;) {
      this.skipBlanksAndComments();
      const op = this.peekOp();
      if (op !== '|' && op !== '|&') break;
      this.c.i += op.length;
      if (stderrToo === NONE) stderrToo = [];
      stderrToo.push(op === '|&');
      this.skipSeparatorsNewlinesOnly();
      if (this.c.eof) this.c.incomplete('unexpected end of input after `|\'');
      // After `|` bash does not reserve `time`: `echo a | time cat` runs the `time` command.
      commands.push(this.peekReserved() === 'time' ? this.parseSimple(this.c.i) : this.parseCommand());
    }
    const p: Pipeline = { kind: 'Pipeline', negated, commands, stderrToo, pos: start, end: this.c.i };
    if (timed) p.timed = timed;
    return p;
  }

  // ---- aliases ---------------------------------------------------------------------

  /** Replaces an alias name at the cursor with its text; true when it did. */
  protected expandAlias(): boolean {
    const lookup = this.opts.aliases;
    if (!lookup) return false;
    const s = this.c.src;
    const i = this.c.i;
    let j = i;
    while (j < s.length && !/[\s;&|()<>'"`$\\=]/.test(s[j]!)) j++;
    if (j === i) return false;
    const after = s[j];
    if (after !== undefined && !/[\s;&|()<>]/.test(after)) return false;
    const name = s.slice(i, j);
    this.aliasActive = this.aliasActive.filter((a) => a.end > i);
    if (this.aliasActive.some((a) => a.name === name)) return false;
    const value = lookup(name);
    if (value === undefined) return false;
    const delta = value.length - name.length;
    for (const a of this.aliasActive) a.end += delta;
    this.c.splice(i, j, value);
    this.aliasExpansions++;
    this.aliasActive.push({ name, end: i + value.length });
    this.aliasNext = /[ \t]$/.test(value);
    this.aliasNextAt = i + value.length;
    return true;
  }

  // ---- commands ------------------------------------------------------------------

  protected override parseCommand(): Command {
    this.skipBlanksAndComments();
    if (this.c.eof) this.c.incomplete('unexpected end of input');
    while (this.expandAlias()) {
      this.skipBlanksAndComments();
      if (this.c.eof) this.c.incomplete('unexpected end of input');
    }
    const start = this.c.i;
    const op = this.peekOp();
    if (op === '(') {
      if (this.c.peek(1) === '(') {
        const arith = this.tryArithCommand(start);
        if (arith) return arith;
      }
      this.c.i += 1;
      const body = this.parseBody([')']);
      this.expectOp(')', '(');
      return this.withRedirects({ kind: 'Subshell', body, redirects: [], pos: start, end: this.c.i });
    }
    if (op !== null && !isRedirectOp(op)) throw this.c.error(`syntax error near unexpected token \`${op === '\n' ? 'newline' : op}'`);
    const r = this.peekReserved();
    switch (r) {
      case '{': {
        this.c.i += 1;
        const body = this.parseBody(['}']);
        this.expectReserved('}', '{');
        return this.withRedirects({ kind: 'Group', body, redirects: [], pos: start, end: this.c.i });
      }
      case 'if':
        return this.parseIf(start);
      case 'while':
      case 'until':
        return this.parseWhile(start, r === 'until');
      case 'for':
      case 'select':
        return this.parseFor(start, r === 'select');
      case 'case':
        return this.parseCase(start);
      case 'function':
        return this.parseFunctionKeyword(start);
      case '[[':
        return this.parseTest(start);
      case 'coproc':
        return this.parseCoproc(start);
      case null:
        break;
      default:
        throw this.c.error(`syntax error near unexpected token \`${r}'`);
    }
    return this.parseSimple(start);
  }

  /**
   * `coproc CMD`, `coproc NAME COMPOUND`, `coproc COMPOUND`. As in bash's grammar, a word
   * is a NAME only when a compound command follows it; otherwise it starts the simple command.
   */
  private parseCoproc(start: Pos): Command {
    this.c.i += 'coproc'.length;
    this.skipBlanks();
    if (this.c.eof || this.peekOp() === '\n' || this.peekOp() === ';' || this.peekOp() === '&') {
      if (this.c.eof && this.interactive) this.c.incomplete('unexpected end of input after `coproc\'');
      const op = this.peekOp();
      throw this.c.error(`syntax error near unexpected token \`${op === '\n' || op === null ? 'newline' : op}'`);
    }
    let name = 'COPROC';
    if (!this.startsCompound()) {
      const save = this.c.i;
      const w = this.parseWord();
      const lit = w ? plainLiteral(w) : null;
      this.skipBlanks();
      if (lit !== null && isName(lit) && this.startsCompound()) name = lit;
      else this.c.i = save;
    }
    const body = this.parseCommand();
    if (body.kind === 'FunctionDef') throw this.c.error('syntax error near unexpected token `(\'', false, body.pos);
    return { kind: 'Coproc', name, body, pos: start, end: this.c.i };
  }

  /** Whether a compound command starts at the cursor (what `coproc NAME` must be followed by). */
  private startsCompound(): boolean {
    if (this.peekOp() === '(') return true;
    const r = this.peekReserved();
    return r === '{' || r === 'if' || r === 'while' || r === 'until' || r === 'for' || r === 'select' || r === 'case' || r === '[[';
  }

  protected override withRedirects<T extends Command & { redirects: Redirect[] }>(cmd: T): T {
    for (;;) {
      this.skipBlanks();
      const r = this.tryRedirect();
      if (!r) break;
      cmd.redirects.push(r);
    }
    cmd.end = this.c.i;
    return cmd;
  }

  private parseSimple(start: Pos): Command {
    const cmd: SimpleCommand = { kind: 'Simple', assigns: NONE, words: NONE, redirects: NONE, pos: start, end: start };
    let decl = false;
    // $LINENO of the command, as bash's parser fixes it: where its lexer stands when it has
    // read the first element, plus one token more when that element is a word (bash needs it
    // to tell `name (` apart). So `echo "a<newline>b" $LINENO` prints 2, `true &&<newline>cmd` 2.
    let line = 0;
    const first = (): boolean => cmd.words.length + cmd.assigns.length + cmd.redirects.length === 1;
    for (;;) {
      this.skipBlanks();
      if (this.c.eof) break;
      const redirect = this.tryRedirect();
      if (redirect) {
        if (cmd.redirects === NONE) cmd.redirects = [];
        cmd.redirects.push(redirect);
        if (line === 0 && (first() || cmd.words.length === 1)) line = this.lineAfter(this.c.i);
        continue;
      }
      const op = (this.c.peek() === '<' || this.c.peek() === '>') && this.c.peek(1) === '(' ? null : this.peekOp();
      if (op !== null) {
        if (op === '(' && cmd.words.length === 1 && cmd.assigns.length === 0) {
          const name = plainLiteral(cmd.words[0]!);
          if (name !== null) return this.parseFunctionBody(start, name);
          const w = cmd.words[0]!;
          return { ...this.parseFunctionBody(start, this.c.src.slice(w.pos, w.end)), badName: true };
        }
        if (op === '(') throw this.c.error("syntax error near unexpected token `('");
        break;
      }
      if (this.c.peek() === '#') break;
      // The first word after assignments is in command position; after an alias ending in a
      // blank, so is the word that follows its text (and the first word of that alias's text).
      const commandPos = cmd.words.length === 0 && (cmd.assigns.length > 0 || cmd.redirects.length > 0);
      const nextPos = this.aliasNext && this.c.i >= this.aliasNextAt;
      if (commandPos || nextPos) {
        if (nextPos) this.aliasNext = false;
        let expanded = false;
        while (this.expandAlias()) expanded = true;
        if (expanded) {
          if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirects.length === 0) return this.parseCommand();
          continue;
        }
      }
      const word = cmd.words.length === 0 ? this.parseAssignOrWord() : this.parseWord();
      if (!word) break;
      if (line === 0 && cmd.words.length === 1) line = this.lineAfter(this.c.i);
      if (cmd.words.length === 0) {
        const assign = this.toAssign(word);
        if (assign) {
          if (cmd.assigns === NONE) cmd.assigns = [];
          cmd.assigns.push(assign);
          if (line === 0 && first()) line = this.lineAfter(this.c.i);
          continue;
        }
      } else if (decl) {
        // `declare -A m=(...)`, `local x=$y`: arguments that are assignments are expanded as such.
        const assign = this.toAssign(word);
        cmd.words.push(word);
        (cmd.declArgs ??= new Array(cmd.words.length - 1).fill(null)).push(assign);
        continue;
      }
      if (cmd.words === NONE) cmd.words = [];
      cmd.words.push(word);
      if (cmd.words.length === 1) decl = DECLARATIONS.has(plainLiteral(word) ?? '');
      if (cmd.declArgs) cmd.declArgs.push(null);
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirects.length === 0) {
      if (this.c.eof) this.c.incomplete('unexpected end of input');
      const op = this.peekOp();
      throw this.c.error(`syntax error near unexpected token \`${op === '\n' ? 'newline' : op ?? this.peekWordText()}'`);
    }
    if (line === 0) {
      // The token after a lone first word: an operator (bash peeks one character past it), a
      // newline or comment, or the end.
      const op = this.c.eof || this.c.peek() === '#' ? null : this.peekOp();
      line = op === null || op === '\n' ? this.c.lineAt(this.c.i) : this.lineAfter(this.c.i + op.length);
    }
    cmd.line = line;
    cmd.end = this.c.i;
    return cmd;
  }

  /**
   * A word before the command name. `a[i + 1]=v` is one assignment word there: blanks (and
   * any other breaking character) inside the subscript of `NAME[...]` do not break it (bash),
   * though they do in arguments.
   */
  private parseAssignOrWord(): Word | null {
    const src = this.c.src;
    const start = this.c.i;
    ASSIGN_SUBSCRIPT.lastIndex = start;
    const m = ASSIGN_SUBSCRIPT.exec(src);
    if (!m) return this.parseWord();
    // bash's lexer reads on to the matching `]` whatever comes between (`a[b c; d]` is one
    // word), and fails at the end of the input without one.
    const close = subscriptClose(src, start + m[0].length - 1);
    if (close < 0) this.c.incomplete('unterminated array subscript');
    const sub = src.slice(start + m[0].length, close);
    if (!/[\s;&|<>()]/.test(sub)) return this.parseWord();
    this.c.i = close + 1;
    const rest = this.parseWord();
    return { kind: 'Word', parts: [{ kind: 'Lit', value: src.slice(start, close + 1) }, ...(rest?.parts ?? [])], pos: start, end: this.c.i };
  }

  /**
   * `NAME=...`, `NAME+=...`, `NAME[i]=...` at the start of an unquoted word makes an
   * assignment; `NAME=(` starts an array literal.
   */
  private toAssign(word: Word): Assign | null {
    const first = word.parts[0];
    if (!first || first.kind !== 'Lit' || first.escaped) return null;
    const v = first.value;
    let j = 0;
    const c0 = v.charCodeAt(0);
    if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122) || c0 === 95)) return null;
    while (j < v.length && /[A-Za-z0-9_]/.test(v[j]!)) j++;
    const name = v.slice(0, j);
    let index: string | undefined;
    if (v[j] === '[') {
      // The subscript may hold expansions that split the first literal: read it from the source.
      const raw = this.c.src.slice(word.pos, word.end);
      const m = /^[A-Za-z_][A-Za-z0-9_]*\[/.exec(raw)!;
      const close = subscriptClose(raw, m[0].length - 1);
      if (close < 0) return null;
      const rest = raw.slice(close + 1);
      const eq = rest.startsWith('+=') ? 2 : rest.startsWith('=') ? 1 : 0;
      if (!eq) return null;
      index = raw.slice(m[0].length, close);
      const valueSrc = rest.slice(eq);
      const valueWord = valueSrc === '' ? null : new Parser(valueSrc, this.opts, this.c.lineAt(word.pos)).parseWord();
      const assign: Assign = {
        kind: 'Assign', name, index, append: eq === 2,
        value: valueWord ? { ...valueWord, pos: word.end - valueSrc.length, end: word.end } : { kind: 'Word', parts: [], pos: word.end, end: word.end },
        pos: word.pos, end: word.end,
      };
      if (valueSrc === '' && this.c.peek() === '(') {
        assign.array = this.parseArrayLiteral();
        assign.end = this.c.i;
      }
      return assign;
    }
    const append = v[j] === '+' && v[j + 1] === '=';
    if (!append && v[j] !== '=') return null;
    const restLit = v.slice(j + (append ? 2 : 1));
    const parts = restLit ? [{ ...first, value: restLit, plain: undefined }, ...word.parts.slice(1)] : word.parts.slice(1);
    if (parts.length === 1 && parts[0]!.kind === 'Lit' && !/[~*?[{(]/.test(parts[0]!.value) && !parts[0]!.escaped) parts[0]!.plain = true;
    const assign: Assign = { kind: 'Assign', name, append, value: { kind: 'Word', parts, pos: word.pos, end: word.end }, pos: word.pos, end: word.end };
    // `a=(x y z)`: the word stops at `(`; the elements follow up to `)`.
    if (parts.length === 0 && this.c.peek() === '(') {
      assign.array = this.parseArrayLiteral();
      assign.end = this.c.i;
    }
    return assign;
  }

  // ---- substitutions (hooks for WordParser) ----------------------------------------

  protected parseSubstBody(): { body: Stmt[]; text?: string; line: number } {
    const savedNext = this.aliasNext;
    this.aliasNext = false;
    const from = this.c.i;
    const line = this.c.lineAt(from);
    const expansions = this.aliasExpansions;
    let body: Stmt[];
    try {
      body = this.parseList([')']);
    } catch (e) {
      if (e instanceof ParseError && !e.incomplete) e.inSubst = true;
      throw e;
    }
    this.aliasNext = savedNext;
    this.skipSeparatorsNewlinesOnly();
    if (this.c.eof) this.c.incomplete('unterminated $(');
    const to = this.c.i;
    this.expectOp(')', '$(');
    // Once an alias's text is spliced in, the source no longer holds what was written.
    if (this.aliasExpansions !== expansions || !this.opts.aliases) return { body, line };
    return { body, text: this.c.src.slice(from, to), line };
  }

  protected parseNested(src: string, line: number): Stmt[] {
    try {
      return new Parser(src, this.opts, line).parseScript().body;
    } catch (e) {
      if (e instanceof ParseError && e.incomplete) throw this.c.error(e.message, false);
      throw e;
    }
  }

  protected heredocWord(body: string, quoted: boolean, line: number): Word {
    const pos = this.c.i;
    if (quoted) return { kind: 'Word', parts: [{ kind: 'SglQuoted', value: body }], pos, end: pos };
    const sub = new Parser(body, this.opts, line);
    return sub.parseExpandableText();
  }

}

export { isName };
