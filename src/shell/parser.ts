// Recursive-descent parser: source text -> positioned AST (ast.ts).
//
// Why not shell-quote's parse()? It flattens a command line into strings and operator
// objects and loses what the executor needs: which parts were quoted (globbing, field
// splitting), nested $(...) scripts, here-documents, reserved words. So the parser reads
// characters itself, like mvdan/sh; shell-quote's quote() is used where words are printed
// back for a shell to read (xtrace, `type`, spawn command lines).
import type {
  AndOr, Assign, Case, CaseItem, Command, FunctionDef, Pipeline, Pos, Redirect, Script, SimpleCommand, Stmt,
  TestCommand, TestToken, Word,
} from './ast.js';
import { ParseError, isName } from './source.js';
import { plainLiteral } from './word-parser.js';
import { TokenParser, isRedirectOp, type ParseOptions } from './token-parser.js';

export { ParseError };

export type { ParseOptions };

/** Words that end a list (what the caller expects next). */
type Terminator = string;

const DECLARATIONS = new Set(['declare', 'typeset', 'local', 'readonly', 'export']);

export function parse(src: string, opts: ParseOptions = {}): Script {
  return new Parser(src, opts).parseScript();
}

export class Parser extends TokenParser {
  constructor(src: string, opts: ParseOptions = {}, firstLine = 1) {
    super(src, opts, firstLine);
  }

  /**
   * Parses the next complete command line (statements up to a newline) for incremental
   * execution, as bash does: a syntax error on line 3 does not stop lines 1-2 from running.
   * Returns null at end of input.
   */
  nextChunk(): Stmt[] | null {
    this.skipSeparators();
    if (this.c.eof) return null;
    const body = this.parseList([], true);
    // parseList stops after the line's newline, at end of input, or before a stray token.
    if (!this.c.eof && (body.length === 0 || this.c.src[this.c.i - 1] !== '\n')) {
      const op = this.peekOp();
      throw this.c.error(`syntax error near unexpected token \`${op ?? this.peekWordText()}'`);
    }
    if (this.c.eof) this.finishHeredocsAtEof();
    return body;
  }

  parseScript(): Script {
    const start = this.c.pos();
    const body = this.parseList([]);
    this.skipBlanksAndComments();
    if (!this.c.eof) {
      const op = this.peekOp();
      throw this.c.error(`syntax error near unexpected token \`${op ?? this.peekWordText()}'`);
    }
    this.finishHeredocsAtEof();
    return { kind: 'Script', body, pos: start, end: this.c.pos() };
  }

  // ---- lists ---------------------------------------------------------------------

  /** Parses statements until one of `terms` (reserved words or operators like `)`) or EOF. */
  private parseList(terms: Terminator[], oneLine = false): Stmt[] {
    const out: Stmt[] = [];
    for (;;) {
      if (oneLine && out.length) {
        this.skipBlanksAndComments();
        if (this.c.peek() === '\n') {
          this.c.i++;
          this.readHeredocBodies();
          return out;
        }
      }
      this.skipSeparators();
      if (this.c.eof) return out;
      if (this.atTerminator(terms)) return out;
      const stmt = this.parseStmt();
      out.push(stmt);
      this.skipBlanksAndComments();
      const op = this.peekOp();
      if (op === ';' || op === '&') {
        this.c.i += 1;
        if (op === '&') stmt.background = true;
        stmt.end = this.c.pos();
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
  private parseBody(terms: Terminator[]): Stmt[] {
    const body = this.parseList(terms);
    if (body.length === 0) {
      this.skipSeparatorsNewlinesOnly();
      if (this.c.eof) this.c.incomplete(`unexpected end of input: a command was expected`);
      const op = this.peekOp();
      throw this.c.error(`syntax error near unexpected token \`${this.peekReserved() ?? (op === '\n' ? 'newline' : op) ?? this.peekWordText()}'`);
    }
    return body;
  }

  private atTerminator(terms: Terminator[]): boolean {
    if (!terms.length) {
      // At top level, a stray closing token is an error reported by the caller.
      const op = this.peekOp();
      if (op === ')' || op === ';;' || op === ';&' || op === ';;&') return true;
      const r = this.peekReserved();
      return r !== null && ['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}', 'in'].includes(r);
    }
    const op = this.peekOp();
    if (op !== null && terms.includes(op)) return true;
    const r = this.peekReserved();
    if (r !== null && terms.includes(r)) return true;
    if (r !== null && ['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}'].includes(r)) {
      throw this.c.error(`syntax error near unexpected token \`${r}'`);
    }
    if (op === ')' || op === ';;' || op === ';&' || op === ';;&') throw this.c.error(`syntax error near unexpected token \`${op}'`);
    return false;
  }

  private parseStmt(): Stmt {
    const start = this.c.pos();
    const andOr = this.parseAndOr();
    return { kind: 'Stmt', andOr, background: false, pos: start, end: this.c.pos() };
  }

  private parseAndOr(): AndOr {
    const start = this.c.pos();
    const first = this.parsePipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      this.skipBlanksAndComments();
      const op = this.peekOp();
      if (op !== '&&' && op !== '||') break;
      this.c.i += 2;
      this.skipSeparatorsNewlinesOnly();
      if (this.c.eof) this.c.incomplete(`unexpected end of input after \`${op}'`);
      rest.push({ op, pipeline: this.parsePipeline() });
    }
    return { kind: 'AndOr', first, rest, pos: start, end: this.c.pos() };
  }

  private parsePipeline(): Pipeline {
    this.skipBlanksAndComments();
    const start = this.c.pos();
    let negated = false;
    let timed: Pipeline['timed'];
    if (this.peekReserved() === 'time') {
      this.c.i += 4;
      this.skipBlanks();
      timed = 'bash';
      if (this.c.startsWith('-p') && /[\s;&|]|^$/.test(this.c.peek(2))) {
        this.c.i += 2;
        timed = 'posix';
      }
      this.skipBlanksAndComments();
    }
    while (this.peekReserved() === '!') {
      this.c.i += 1;
      negated = !negated;
      this.skipBlanksAndComments();
    }
    this.skipBlanksAndComments();
    if ((negated || timed) && (this.c.eof || this.peekOp() === '\n' || this.peekOp() === ';' || this.peekOp() === '&')) {
      // A lone `!` is a valid (empty) pipeline whose status is 1, as in bash.
      return { kind: 'Pipeline', negated, timed, commands: [], stderrToo: [], pos: start, end: this.c.pos() };
    }
    const commands: Command[] = [this.parseCommand()];
    const stderrToo: boolean[] = [];
    for (;;) {
      this.skipBlanksAndComments();
      const op = this.peekOp();
      if (op !== '|' && op !== '|&') break;
      this.c.i += op.length;
      stderrToo.push(op === '|&');
      this.skipSeparatorsNewlinesOnly();
      if (this.c.eof) this.c.incomplete('unexpected end of input after `|\'');
      commands.push(this.parseCommand());
    }
    return { kind: 'Pipeline', negated, timed, commands, stderrToo, pos: start, end: this.c.pos() };
  }

  // ---- commands ------------------------------------------------------------------

  private parseCommand(): Command {
    this.skipBlanksAndComments();
    if (this.c.eof) this.c.incomplete('unexpected end of input');
    const start = this.c.pos();
    const op = this.peekOp();
    if (op === '(') {
      if (this.c.peek(1) === '(') {
        const arith = this.tryArithCommand(start);
        if (arith) return arith;
      }
      this.c.i += 1;
      const body = this.parseBody([')']);
      this.expectOp(')', '(');
      return this.withRedirects({ kind: 'Subshell', body, redirects: [], pos: start, end: this.c.pos() });
    }
    if (op !== null && !isRedirectOp(op)) throw this.c.error(`syntax error near unexpected token \`${op}'`);
    const r = this.peekReserved();
    switch (r) {
      case '{': {
        this.c.i += 1;
        const body = this.parseBody(['}']);
        this.expectReserved('}', '{');
        return this.withRedirects({ kind: 'Group', body, redirects: [], pos: start, end: this.c.pos() });
      }
      case 'if':
        return this.parseIf(start);
      case 'while':
      case 'until':
        return this.parseWhile(start, r === 'until');
      case 'for':
        return this.parseFor(start);
      case 'case':
        return this.parseCase(start);
      case 'function':
        return this.parseFunctionKeyword(start);
      case '[[':
        return this.parseTest(start);
      case null:
        break;
      default:
        throw this.c.error(`syntax error near unexpected token \`${r}'`);
    }
    return this.parseSimple(start);
  }

  private withRedirects<T extends Command & { redirects: Redirect[] }>(cmd: T): T {
    for (;;) {
      this.skipBlanks();
      const r = this.tryRedirect();
      if (!r) break;
      cmd.redirects.push(r);
    }
    cmd.end = this.c.pos();
    return cmd;
  }

  private parseSimple(start: Pos): Command {
    const cmd: SimpleCommand = { kind: 'Simple', assigns: [], words: [], redirects: [], pos: start, end: start };
    for (;;) {
      this.skipBlanks();
      if (this.c.eof) break;
      const redirect = this.tryRedirect();
      if (redirect) {
        cmd.redirects.push(redirect);
        continue;
      }
      const op = this.peekOp();
      if (op !== null) {
        if (op === '(' && cmd.words.length === 1 && cmd.assigns.length === 0) {
          const name = plainLiteral(cmd.words[0]!);
          if (name !== null) return this.parseFunctionBody(start, name);
        }
        if (op === '(' ) throw this.c.error("syntax error near unexpected token `('");
        break;
      }
      if (this.c.peek() === '#') break;
      const wordStart = this.c.i;
      const word = this.parseWord();
      if (!word) break;
      if (cmd.words.length === 0) {
        const assign = toAssign(word) ?? this.subscriptAssign(word);
        if (assign) {
          // `a=(x y z)`: the word stops at `(`; the elements follow up to `)`.
          if (assign.value.parts.length === 0 && assign.index === undefined && this.c.peek() === '(') assign.array = this.parseArrayLiteral();
          cmd.assigns.push(assign);
          continue;
        }
      }
      void wordStart;
      // `declare -A m=(...)`, `local a=(...)`: an array literal as a declaration argument.
      if (cmd.words.length > 0 && this.c.peek() === '(' && DECLARATIONS.has(plainLiteral(cmd.words[0]!) ?? '')) {
        const assign = toAssign(word);
        if (assign && assign.value.parts.length === 0 && assign.index === undefined) {
          assign.array = this.parseArrayLiteral();
          (cmd.arrayArgs ??= []).push(assign);
          cmd.words.push({ kind: 'Word', parts: [{ kind: 'Lit', value: assign.name }], pos: word.pos, end: word.end });
          continue;
        }
      }
      cmd.words.push(word);
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirects.length === 0) {
      if (this.c.eof) this.c.incomplete('unexpected end of input');
      const op = this.peekOp();
      throw this.c.error(`syntax error near unexpected token \`${op === '\n' ? 'newline' : op ?? this.peekWordText()}'`);
    }
    cmd.end = this.c.pos();
    return cmd;
  }

  /** `a[$i]=v`: a subscript with expansions splits the first literal; read it from the source. */
  private subscriptAssign(word: Word): Assign | null {
    const first = word.parts[0];
    if (!first || first.kind !== 'Lit' || first.escaped || !/^[A-Za-z_][A-Za-z0-9_]*\[/.test(first.value)) return null;
    const raw = this.c.src.slice(word.pos.offset, word.end.offset);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\[([^\]]*)\](\+?)=/.exec(raw);
    if (!m) return null;
    const value = new Parser(raw.slice(m[0].length), this.opts, word.pos.line).parseWord() ?? { kind: 'Word' as const, parts: [], pos: word.end, end: word.end };
    return { kind: 'Assign', name: m[1]!, index: m[2]!, append: m[3] === '+', value, pos: word.pos, end: word.end };
  }

  private parseFunctionBody(start: Pos, name: string): FunctionDef {
    this.c.i += 1; // (
    this.skipBlanks();
    if (this.c.peek() !== ')') {
      if (this.c.eof) this.c.incomplete('unexpected end of input in function definition');
      throw this.c.error("syntax error near unexpected token `('");
    }
    this.c.i += 1;
    return this.finishFunction(start, name);
  }

  private parseFunctionKeyword(start: Pos): FunctionDef {
    this.c.i += 'function'.length;
    this.skipBlanks();
    const w = this.parseWord();
    const name = w ? plainLiteral(w) : null;
    if (!name) {
      if (this.c.eof) this.c.incomplete('unexpected end of input after `function\'');
      throw this.c.error('syntax error: function name expected');
    }
    this.skipBlanks();
    if (this.c.startsWith('(')) {
      this.c.i += 1;
      this.skipBlanks();
      if (this.c.peek() !== ')') throw this.c.error("syntax error near unexpected token `('");
      this.c.i += 1;
    }
    return this.finishFunction(start, name);
  }

  private finishFunction(start: Pos, name: string): FunctionDef {
    this.skipSeparatorsNewlinesOnly();
    if (this.c.eof) this.c.incomplete('unexpected end of input in function definition');
    const body = this.parseCommand();
    if (body.kind === 'Simple' || body.kind === 'FunctionDef') {
      throw this.c.error('syntax error: function body must be a compound command', false, body.pos.offset);
    }
    const source = this.c.src.slice(start.offset, this.c.i);
    return { kind: 'FunctionDef', name, body, source, pos: start, end: this.c.pos() };
  }

  private parseIf(start: Pos): Command {
    this.c.i += 2;
    const clauses: Array<{ cond: Stmt[]; body: Stmt[] }> = [];
    let elseBody: Stmt[] | null = null;
    for (;;) {
      const cond = this.parseBody(['then']);
      this.expectReserved('then', 'if');
      const body = this.parseBody(['elif', 'else', 'fi']);
      clauses.push({ cond, body });
      const r = this.peekReserved();
      if (r === 'elif') {
        this.c.i += 4;
        continue;
      }
      if (r === 'else') {
        this.c.i += 4;
        elseBody = this.parseBody(['fi']);
      }
      this.expectReserved('fi', 'if');
      break;
    }
    return this.withRedirects({ kind: 'If', clauses, elseBody, redirects: [], pos: start, end: this.c.pos() });
  }

  private parseWhile(start: Pos, until: boolean): Command {
    this.c.i += 5; // 'while' or 'until'
    const cond = this.parseBody(['do']);
    this.expectReserved('do', until ? 'until' : 'while');
    const body = this.parseBody(['done']);
    this.expectReserved('done', 'do');
    return this.withRedirects({ kind: 'While', until, cond, body, redirects: [], pos: start, end: this.c.pos() });
  }

  private parseFor(start: Pos): Command {
    this.c.i += 3;
    this.skipBlanks();
    if (this.c.startsWith('((')) return this.parseArithFor(start);
    const nameWord = this.parseWord();
    const name = nameWord ? plainLiteral(nameWord) : null;
    if (!name || !isName(name)) {
      if (this.c.eof) this.c.incomplete('unexpected end of input after `for\'');
      throw this.c.error(`syntax error: \`${name ?? this.peekWordText()}': not a valid identifier`);
    }
    this.skipBlanksAndComments();
    let items: Word[] | null = null;
    // `for x; do`, `for x do`, `for x <newline> in ...`
    if (this.c.peek() === ';') this.c.i += 1;
    this.skipSeparatorsNewlinesOnly();
    if (this.peekReserved() === 'in') {
      this.c.i += 2;
      items = [];
      for (;;) {
        this.skipBlanks();
        const op = this.peekOp();
        if (op === ';' || op === '\n' || this.c.eof) break;
        if (this.c.peek() === '#') break;
        const w = this.parseWord();
        if (!w) throw this.c.error(`syntax error near unexpected token \`${op ?? this.peekWordText()}'`);
        items.push(w);
      }
      this.skipBlanksAndComments();
      if (this.c.peek() === ';') this.c.i += 1;
    }
    this.skipSeparatorsNewlinesOnly();
    if (this.c.eof) this.c.incomplete('unexpected end of input in `for\'');
    this.expectReserved('do', 'for');
    const body = this.parseBody(['done']);
    this.expectReserved('done', 'do');
    return this.withRedirects({ kind: 'For', name, items, body, redirects: [], pos: start, end: this.c.pos() });
  }

  private parseArithFor(start: Pos): Command {
    this.c.i += 2;
    const text = this.readUntilDoubleParen('for ((');
    const parts = text.split(';');
    if (parts.length !== 3) throw this.c.error('syntax error: expected `for ((init; cond; step))\'');
    this.skipBlanksAndComments();
    if (this.c.peek() === ';') this.c.i += 1;
    this.skipSeparatorsNewlinesOnly();
    if (this.c.eof) this.c.incomplete('unexpected end of input in `for\'');
    let body: Stmt[];
    if (this.peekReserved() === '{') {
      this.c.i += 1;
      body = this.parseBody(['}']);
      this.expectReserved('}', '{');
    } else {
      this.expectReserved('do', 'for');
      body = this.parseBody(['done']);
      this.expectReserved('done', 'do');
    }
    return this.withRedirects({
      kind: 'ArithFor', init: parts[0]!.trim(), cond: parts[1]!.trim(), step: parts[2]!.trim(), body, redirects: [], pos: start, end: this.c.pos(),
    });
  }

  private parseCase(start: Pos): Command {
    this.c.i += 4;
    this.skipBlanks();
    const word = this.parseWord();
    if (!word) {
      if (this.c.eof) this.c.incomplete('unexpected end of input after `case\'');
      throw this.c.error(`syntax error near unexpected token \`${this.peekOp() ?? this.peekWordText()}'`);
    }
    this.skipSeparatorsNewlinesOnly();
    if (this.c.eof) this.c.incomplete('unexpected end of input in `case\'');
    if (this.peekReserved() !== 'in') throw this.c.error(`syntax error near unexpected token \`${this.peekWordText()}'`);
    this.c.i += 2;
    const items: CaseItem[] = [];
    for (;;) {
      this.skipSeparatorsNewlinesOnly();
      if (this.c.eof) this.c.incomplete('unexpected end of input in `case\'');
      if (this.peekReserved() === 'esac') {
        this.c.i += 4;
        break;
      }
      if (this.c.peek() === '(') this.c.i += 1;
      const patterns: Word[] = [];
      for (;;) {
        this.skipBlanks();
        const w = this.parseWord();
        if (!w) {
          if (this.c.eof) this.c.incomplete('unexpected end of input in `case\'');
          throw this.c.error(`syntax error near unexpected token \`${this.peekOp() ?? this.peekWordText()}'`);
        }
        patterns.push(w);
        this.skipBlanks();
        if (this.c.peek() === '|') {
          this.c.i += 1;
          continue;
        }
        if (this.c.peek() === ')') {
          this.c.i += 1;
          break;
        }
        if (this.c.eof) this.c.incomplete('unexpected end of input in `case\'');
        throw this.c.error(`syntax error near unexpected token \`${this.peekOp() ?? this.peekWordText()}'`);
      }
      const body = this.parseList([';;', ';&', ';;&', 'esac']);
      this.skipBlanksAndComments();
      const op = this.peekOp();
      let terminator: CaseItem['terminator'] = ';;';
      if (op === ';;' || op === ';&' || op === ';;&') {
        this.c.i += op.length;
        terminator = op;
      } else if (this.peekReserved() !== 'esac') {
        if (this.c.eof) this.c.incomplete('unexpected end of input in `case\'');
        throw this.c.error(`syntax error near unexpected token \`${op ?? this.peekWordText()}'`);
      }
      items.push({ patterns, body, terminator });
    }
    const node: Case = { kind: 'Case', word, items, redirects: [], pos: start, end: this.c.pos() };
    return this.withRedirects(node);
  }

  private tryArithCommand(start: Pos): Command | null {
    const save = this.c.i;
    this.c.i += 2;
    try {
      const expr = this.readUntilDoubleParen('((');
      return this.withRedirects({ kind: 'ArithCommand', expr, redirects: [], pos: start, end: this.c.pos() });
    } catch (e) {
      if (e instanceof ParseError && e.incomplete) throw e;
      this.c.i = save;
      return null;
    }
  }

  private parseTest(start: Pos): TestCommand {
    this.c.i += 2;
    const tokens: TestToken[] = [];
    let regexNext = false;
    for (;;) {
      this.skipBlanks();
      while (this.c.peek() === '\n' || (this.c.peek() === '\\' && this.c.peek(1) === '\n')) this.c.i += this.c.peek() === '\n' ? 1 : 2;
      this.skipBlanks();
      if (this.c.eof) this.c.incomplete('unexpected end of input in `[[\'');
      if (this.c.startsWith(']]') && (this.c.peek(2) === '' || /[\s;&|)]/.test(this.c.peek(2)))) {
        this.c.i += 2;
        break;
      }
      const op = ['&&', '||', '(', ')', '!', '<', '>'].find((o) => this.c.startsWith(o) && (o !== '!' || /[\s]/.test(this.c.peek(1))));
      if (op && !regexNext) {
        this.c.i += op.length;
        tokens.push({ op });
        continue;
      }
      const w = this.parseWord(regexNext ? 'regex' : 'normal');
      if (!w) throw this.c.error(`syntax error in conditional expression near \`${this.c.peek()}'`);
      regexNext = plainLiteral(w) === '=~';
      tokens.push({ word: w });
    }
    if (tokens.length === 0) throw this.c.error('syntax error: empty `[[ ]]\'');
    return this.withRedirects({ kind: 'TestCommand', tokens, redirects: [], pos: start, end: this.c.pos() });
  }

  // ---- substitutions (hooks for WordParser) ----------------------------------------

  protected parseSubstBody(): Stmt[] {
    const body = this.parseList([')']);
    this.skipSeparatorsNewlinesOnly();
    if (this.c.eof) this.c.incomplete('unterminated $(');
    this.expectOp(')', '$(');
    return body;
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
    const pos = this.c.posAt(this.c.i);
    if (quoted) return { kind: 'Word', parts: [{ kind: 'SglQuoted', value: body }], pos, end: pos };
    const sub = new Parser(body, this.opts, line);
    return sub.parseExpandableText();
  }
}


/** `NAME=...`, `NAME+=...` or `NAME[i]=...` at the start of an unquoted word makes an assignment. */
function toAssign(word: Word): Assign | null {
  const first = word.parts[0];
  if (!first || first.kind !== 'Lit' || first.escaped) return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]*)\])?(\+?)=/.exec(first.value);
  if (!m) return null;
  const restLit = first.value.slice(m[0].length);
  const parts = restLit ? [{ ...first, value: restLit }, ...word.parts.slice(1)] : word.parts.slice(1);
  const assign: Assign = {
    kind: 'Assign',
    name: m[1]!,
    append: m[3] === '+',
    value: { kind: 'Word', parts, pos: word.pos, end: word.end },
    pos: word.pos,
    end: word.end,
  };
  if (m[2] !== undefined) assign.index = m[2];
  return assign;
}
