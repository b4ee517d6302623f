// Compound commands: if, while/until, for/select, for ((...)), case, (( )) and function
// definitions. The parser (parser.ts) supplies lists, commands and redirections.
import type { ArithCommand, Case, CaseItem, Command, For, FunctionDef, Pos, Redirect, Stmt, Word } from './ast.js';
import { ParseError } from './source.js';
import { CondParser } from './cond-parser.js';
import { plainLiteral } from './word-parser.js';

export abstract class CompoundParser extends CondParser {
  protected abstract parseList(terms: readonly string[], oneLine?: boolean): Stmt[];
  protected abstract parseBody(terms: readonly string[]): Stmt[];
  protected abstract parseCommand(): Command;
  protected abstract override withRedirects<T extends Command & { redirects: Redirect[] }>(cmd: T): T;

  protected parseIf(start: Pos): Command {
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
    return this.withRedirects({ kind: 'If', clauses, elseBody, redirects: [], pos: start, end: this.c.i });
  }

  protected parseWhile(start: Pos, until: boolean): Command {
    this.c.i += 5; // 'while' or 'until'
    const cond = this.parseBody(['do']);
    this.expectReserved('do', until ? 'until' : 'while');
    const body = this.parseBody(['done']);
    this.expectReserved('done', 'do');
    return this.withRedirects({ kind: 'While', until, cond, body, redirects: [], pos: start, end: this.c.i });
  }

  protected parseFor(start: Pos, select: boolean): Command {
    this.c.i += select ? 6 : 3;
    this.skipBlanks();
    if (!select && this.c.startsWith('((')) return this.parseArithFor(start);
    const wordStart = this.c.i;
    const nameWord = this.parseWord();
    // A word that is no name (`for 1x in`, `for $v in`) fails when the loop runs, as in bash.
    const name = nameWord ? (plainLiteral(nameWord) ?? this.c.src.slice(wordStart, this.c.i)) : null;
    if (!name) throw this.c.error(`syntax error near unexpected token \`${this.tokenHere()}'`);
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
    let body: Stmt[];
    if (this.peekReserved() === '{') {
      this.c.i += 1;
      body = this.parseBody(['}']);
      this.expectReserved('}', '{');
    } else {
      this.expectReserved('do', select ? 'select' : 'for');
      body = this.parseBody(['done']);
      this.expectReserved('done', 'do');
    }
    const node: For = this.withRedirects<For>({ kind: 'For', name, items, body, redirects: [], pos: start, end: this.c.i });
    if (select) node.select = true;
    return node;
  }

  private parseArithFor(start: Pos): Command {
    // $LINENO in all three expressions is the line of `for` (bash's word_lineno).
    const line = this.c.lineAt(start);
    this.c.i += 2;
    const text = this.readUntilDoubleParen('for ((');
    const parts = splitArithFor(text);
    if (parts.length !== 3) throw this.c.error(parts.length < 3 ? 'syntax error: arithmetic expression required' : "syntax error: `;' unexpected");
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
      // Leading blanks go, trailing ones stay: bash prints and traces the text so.
      kind: 'ArithFor', init: parts[0]!.trimStart(), cond: parts[1]!.trimStart(), step: parts[2]!.trimStart(), body, redirects: [], pos: start, end: this.c.i, line,
    });
  }

  protected parseCase(start: Pos): Command {
    this.c.i += 4;
    this.skipBlanks();
    const word = this.parseWord();
    if (!word) throw this.c.error(`syntax error near unexpected token \`${this.tokenHere()}'`);
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
        if (!w) throw this.c.error(`syntax error near unexpected token \`${this.tokenHere()}'`);
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
        throw this.c.error(`syntax error near unexpected token \`${this.tokenHere()}'`);
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
    const node: Case = { kind: 'Case', word, items, redirects: [], pos: start, end: this.c.i };
    return this.withRedirects(node);
  }

  protected tryArithCommand(start: Pos): ArithCommand | null {
    const save = this.c.i;
    this.c.i += 2;
    try {
      const expr = this.readUntilDoubleParen('((');
      // bash reads `(( … ))` as one token: the command's line ($LINENO) is where it ends.
      const line = this.c.lineAt(this.c.i);
      return this.withRedirects({ kind: 'ArithCommand', expr, redirects: [], pos: start, end: this.c.i, line });
    } catch (e) {
      if (e instanceof ParseError && e.incomplete) throw e;
      this.c.i = save;
      return null;
    }
  }

  // ---- function definitions (`f() body`, `function f body`) ----------------------

  protected parseFunctionBody(start: Pos, name: string): FunctionDef {
    this.c.i += 1; // (
    this.skipBlanks();
    if (this.c.peek() !== ')') throw this.c.error(`syntax error near unexpected token \`${this.tokenHere()}'`);
    this.c.i += 1;
    return this.finishFunction(start, name);
  }

  protected parseFunctionKeyword(start: Pos): FunctionDef {
    this.c.i += 'function'.length;
    this.skipBlanks();
    const w = this.parseWord();
    const name = w ? plainLiteral(w) : null;
    const bad = w && !name && w.end > w.pos;
    if (!name && !bad) throw this.c.error(`syntax error near unexpected token \`${this.tokenHere()}'`);
    this.skipBlanks();
    if (this.c.startsWith('(')) {
      // `function f ()`, else the `(` opens the body: `function f ( cmd )`, `function f (( x ))`.
      const save = this.c.i;
      this.c.i += 1;
      this.skipBlanks();
      if (this.c.peek() === ')') this.c.i += 1;
      else this.c.i = save;
    }
    if (!name) return { ...this.finishFunction(start, this.c.src.slice(w!.pos, w!.end)), badName: true };
    return this.finishFunction(start, name);
  }

  private finishFunction(start: Pos, name: string): FunctionDef {
    this.skipSeparatorsNewlinesOnly();
    if (this.c.eof) this.c.incomplete('unexpected end of input in function definition');
    const body = this.parseCommand();
    if (body.kind === 'Simple' || body.kind === 'FunctionDef') {
      // (bash's grammar wants a compound command: the first token of anything else is wrong)
      this.c.i = body.pos;
      throw this.c.error(`syntax error near unexpected token \`${this.tokenHere()}'`, false, body.pos);
    }
    const source = this.c.src.slice(start, this.c.i);
    return { kind: 'FunctionDef', name, body, source, pos: start, end: this.c.i, line: this.c.lineAt(start), src: this.c.src };
  }
}

/** `init; cond; step` of for ((...)): split on the semicolons outside parentheses. */
function splitArithFor(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ';' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}
