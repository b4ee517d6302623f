// The printer: commands back to text in bash's layout (`type f`, `declare -f`, `set`):
// function bodies one statement a line, indented by four, `elif` as a nested if, words as
// they were written. Words are printed from the source they were parsed from.
import { RESERVED } from './token-parser.js';
import type { AndOr, Assign, CaseItem, CmdSubst, Command, CondNode, FunctionDef, Pipeline, ProcSubst, Redirect, Stmt, Word, WordPart } from './ast.js';
import { expandEscapes } from '../lib/escapes.js';

class Printer {
  out = '';
  private indentation = 0;
  private skipIndent = 0;
  private insideFunction = 0;
  private wasHeredoc = false;
  private deferred: Redirect[] = [];
  private printingConnection = 0;
  /** How far each level indents: 4, or 0 for the one-line-per-command form of an exported
   *  function (bash's named_function_string without FUNC_MULTILINE: every line indented by 1). */
  private step = 4;

  /** Printing the body of a `$( )`: statements written on separate lines stay so (bash). */
  substBody = false;

  constructor(private readonly src: string) {}

  /**
   * A word as bash prints it: as written, except that `$'…'` and `$"…"` become plain quotes
   * and the bodies of `$( )`, `<( )` and `>( )` are printed anew from their commands.
   */
  private text(w: Word): string {
    const raw = this.src.slice(w.pos, w.end);
    if (!/\$['"(]|[<>]\(|\\\n/.test(raw)) return raw;
    return this.rewrite(w.pos, w.end, substsOf(w.parts));
  }

  private rewrite(from: number, to: number, subs: Array<CmdSubst | ProcSubst>): string {
    const s = this.src;
    let out = '';
    // Open double quotes and `${`s, innermost last: a `${` is 'pattern' when its operator
    // takes a pattern (# % / ^ ,), else 'plain'.
    const open: Array<'dq' | 'plain' | 'pattern'> = [];
    let k = 0;
    for (let i = from; i < to; ) {
      while (k < subs.length && subs[k]!.at! < i) k++;
      const sub = subs[k];
      if (sub && sub.at === i && sub.to! <= to) {
        const p = new Printer(s);
        p.substBody = true;
        p.list(sub.body);
        // `$((a) )` was read as arithmetic first, and bash keeps such text as written; a body
        // that starts with a subshell gets a blank so that it does not read as `$((`.
        if (sub.kind === 'CmdSubst' && s.startsWith('$((', i)) out += s.slice(i, sub.to);
        else out += (sub.kind === 'CmdSubst' ? '$(' : `${sub.dir}(`) + (p.out.startsWith('(') ? ' ' : '') + p.out + ')';
        i = sub.to!;
        k++;
        continue;
      }
      const c = s[i]!;
      if (c === '\\') {
        // A line continuation is gone once read (outside single quotes).
        if (s[i + 1] !== '\n') out += s.slice(i, i + 2);
        i += 2;
        continue;
      }
      const top = open[open.length - 1];
      const inDq = open.includes('dq');
      if (c === "'" && !inDq) {
        const e = s.indexOf("'", i + 1);
        const stop = e < 0 || e >= to ? to : e + 1;
        out += s.slice(i, stop);
        i = stop;
      } else if (c === '"') {
        if (top === 'dq') open.pop();
        else open.push('dq');
        out += c;
        i++;
      } else if (c === '`') {
        let e = i + 1;
        while (e < to && s[e] !== '`') e += s[e] === '\\' ? 2 : 1;
        out += s.slice(i, e + 1);
        i = e + 1;
      } else if (c === '$' && s[i + 1] === '{') {
        open.push(braceKind(s, i + 2));
        out += '${';
        i += 2;
      } else if (c === '}' && top !== undefined && top !== 'dq') {
        open.pop();
        out += c;
        i++;
      } else if (c === '$' && s[i + 1] === "'" && top !== 'dq') {
        let e = i + 2;
        while (e < to && s[e] !== "'") e += s[e] === '\\' ? 2 : 1;
        const text = expandEscapes(s.slice(i + 2, e), 'ansic').text;
        // In "${x:-$'…'}" bash keeps the bare text (quotes would be literal there); else
        // single quotes, its single-quoter writing a lone quote as \' rather than ''\'''.
        if (inDq && top === 'plain') out += text;
        else out += text === "'" ? "\\'" : `'${text.replace(/'/g, "'\\''")}'`;
        i = e + 1;
      } else if (c === '$' && s[i + 1] === '"' && !inDq) {
        out += '"';
        open.push('dq');
        i += 2;
      } else {
        out += c;
        i++;
      }
    }
    return out;
  }

  /** `x=…`, `a=(…)` (elements one space apart, as bash prints them), `a[i]+=…`. */
  private assignText(a: Assign): string {
    if (!a.array) return this.src.slice(a.pos, a.value.pos) + this.text(a.value);
    const elems = a.array.map((e) => (e.key !== undefined ? `[${e.key}]${e.append ? '+' : ''}=` : '') + this.text(e.value));
    return `${a.name}${a.append ? '+' : ''}=(${elems.join(' ')})`;
  }

  private put(s: string): void {
    this.out += s;
  }

  private indent(n: number): void {
    this.out += ' '.repeat(n);
  }

  private newline(s: string): void {
    this.out += '\n';
    this.indent(this.indentation);
    this.out += s;
  }

  private semicolon(): void {
    const last = this.out[this.out.length - 1];
    if (this.out.length > 0 && (last === '&' || last === '\n')) return;
    this.out += ';';
  }

  /** A list of statements as bash's right-nested `;` / `&` connections. */
  list(stmts: readonly Stmt[]): void {
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i]!;
      const last = i === stmts.length - 1;
      this.startCommand();
      if (last && !s.background) {
        this.andOr(s.andOr);
        break;
      }
      this.printingConnection++;
      this.andOr(s.andOr);
      if (s.background) {
        this.flushDeferred(' &');
        if (!last) {
          this.put(' ');
          this.skipIndent++;
        }
      } else if (this.substBody && !this.insideFunction && onSeparateLines(this.src, s, stmts[i + 1]!)) {
        // `$(a\nb)` prints as written, a newline between (`$(a; b)` keeps its `;`); after a
        // here-document's body that newline leaves an empty line.
        if (this.deferred.length) {
          this.flushDeferred('');
          this.put('\n');
        } else if (!this.out.endsWith('\n')) this.put('\n');
        this.wasHeredoc = false;
      } else {
        if (this.deferred.length === 0) {
          if (!this.wasHeredoc) this.put(';');
          else this.wasHeredoc = false;
        } else {
          this.flushDeferred(this.insideFunction ? '' : ';');
          // bash's lists nest to the left: a later statement's bodies are printed before its
          // `;` (which they then take the place of), the first one's at it, so the next `;`
          // is the one left out.
          if (i > 0) this.wasHeredoc = false;
        }
        if (this.insideFunction) this.put('\n');
        else {
          this.put(' ');
          this.skipIndent++;
        }
      }
      this.printingConnection--;
    }
    if (this.deferred.length) this.flushDeferred('');
  }

  // `&&`, `||` and `|` are connections in bash's printer too: a here-document body inside
  // one waits for the operator (`cat <<E |`, the body, then `  sort`).
  private andOr(a: AndOr): void {
    if (a.rest.length) this.printingConnection++;
    this.pipeline(a.first);
    for (const { op, pipeline } of a.rest) {
      this.flushDeferred(` ${op} `);
      this.pipeline(pipeline);
      // bash's connections nest to the left, and each prints its bodies after its second
      // command: `cat <<A && cat <<B || x` has B's body before the `||`.
      if (this.deferred.length) this.flushDeferred('');
    }
    if (a.rest.length) this.printingConnection--;
  }

  private startCommand(): void {
    if (this.skipIndent) this.skipIndent--;
    else this.indent(this.indentation);
  }

  private pipeline(p: Pipeline): void {
    if (p.timed) this.put(p.timed === 'posix' ? 'time -p ' : 'time ');
    if (p.negated) this.put('! ');
    const n = p.commands.length;
    if (n > 1) this.printingConnection++;
    p.commands.forEach((c, i) => {
      if (i > 0) {
        this.flushDeferred(' |');
        this.put(' ');
      }
      this.command(c, i < n - 1 && p.stderrToo[i] === true);
      // (A pipeline is connections too, nested to the right: the bodies still waiting
      // follow its last command.)
      if (i === n - 1 && n > 1 && this.deferred.length) this.flushDeferred('');
    });
    if (n > 1) this.printingConnection--;
  }

  command(c: Command, stderrToo = false): void {
    switch (c.kind) {
      case 'Simple': {
        const parts = [...c.assigns.map((a) => this.assignText(a)), ...c.words.map((w, i) => {
          const d = c.declArgs?.[i];
          return d ? this.assignText(d) : this.text(w);
        })];
        this.put(parts.join(' '));
        const redirs = stderrToo ? [...c.redirects, STDERR_TO_STDOUT] : c.redirects;
        if (redirs.length) {
          if (parts.length) this.put(' ');
          this.redirects(redirs);
        }
        return;
      }
      case 'Group':
        this.put('{ ');
        if (!this.insideFunction) this.skipIndent++;
        else {
          this.put('\n');
          this.indentation += this.step;
        }
        this.list(c.body);
        if (this.insideFunction) {
          this.put('\n');
          this.indentation -= this.step;
          this.indent(this.indentation);
        } else {
          this.semicolon();
          this.put(' ');
        }
        this.put('}');
        break;
      case 'Subshell':
        this.put('( ');
        this.skipIndent++;
        this.list(c.body);
        this.put(' )');
        break;
      case 'If':
        this.ifClauses(c.clauses, 0, c.elseBody);
        break;
      case 'While':
        this.put(c.until ? 'until ' : 'while ');
        this.skipIndent++;
        this.list(c.cond);
        this.semicolon();
        this.put(' do\n');
        this.indentation += this.step;
        this.list(c.body);
        this.indentation -= this.step;
        this.semicolon();
        this.newline('done');
        break;
      case 'For':
        this.put(`${c.select ? 'select' : 'for'} ${c.name} in ${c.items === null ? '"$@"' : c.items.map((w) => this.text(w)).join(' ')}`);
        this.put(';');
        this.newline('do\n');
        this.indentation += this.step;
        this.list(c.body);
        this.semicolon();
        this.indentation -= this.step;
        this.newline('done');
        break;
      case 'ArithFor':
        // An empty expression prints as 1, as bash stores it.
        this.put(`for ((${c.init || '1'}; ${c.cond || '1'}; ${c.step || '1'}))`);
        this.newline('do\n');
        this.indentation += this.step;
        this.list(c.body);
        this.semicolon();
        this.indentation -= this.step;
        this.newline('done');
        break;
      case 'Case':
        this.put(`case ${this.text(c.word)} in `);
        this.caseItems(c.items);
        this.newline('esac');
        break;
      case 'ArithCommand':
        this.put(`((${c.expr}))`);
        break;
      case 'TestCommand':
        this.put('[[ ');
        this.condOperand(c.expr, 'top');
        this.put(' ]]');
        break;
      case 'FunctionDef':
        this.functionDef(c, true);
        return;
      case 'Coproc':
        // bash always names the array, COPROC included; redirections belong to the body.
        this.put(`coproc ${c.name} `);
        this.command(c.body, stderrToo);
        return;
    }
    if ('redirects' in c && c.redirects.length) {
      this.put(' ');
      this.redirects(c.redirects);
    }
  }

  private ifClauses(clauses: Array<{ cond: Stmt[]; body: Stmt[] }>, k: number, elseBody: Stmt[] | null): void {
    const cl = clauses[k]!;
    this.put('if ');
    this.skipIndent++;
    this.list(cl.cond);
    this.semicolon();
    this.put(' then\n');
    this.indentation += this.step;
    this.list(cl.body);
    this.indentation -= this.step;
    if (k + 1 < clauses.length || elseBody) {
      this.semicolon();
      this.newline('else\n');
      this.indentation += this.step;
      if (k + 1 < clauses.length) {
        // bash keeps elif as an if in the else branch.
        this.indent(this.indentation);
        this.ifClauses(clauses, k + 1, elseBody);
      } else this.list(elseBody!);
      this.indentation -= this.step;
    }
    this.semicolon();
    this.newline('fi');
  }

  private caseItems(items: CaseItem[]): void {
    this.indentation += this.step;
    for (const it of items) {
      this.newline('');
      this.put(it.patterns.map((w) => this.text(w)).join(' | '));
      this.put(')\n');
      this.indentation += this.step;
      if (it.body.length) this.list(it.body);
      this.indentation -= this.step;
      this.newline(it.terminator);
    }
    this.indentation -= this.step;
  }

  private cond(n: CondNode): void {
    switch (n.kind) {
      case 'CondAnd':
      case 'CondOr':
        this.condOperand(n.l, n.kind);
        this.put(n.kind === 'CondAnd' ? ' && ' : ' || ');
        this.condOperand(n.r, n.kind);
        return;
      case 'CondNot': {
        // bash's parser toggles one negation flag, so `! ! x` prints as `x` (parentheses stop it).
        let e: CondNode = n.e;
        let negated = true;
        while (e.kind === 'CondNot' && !e.paren) {
          negated = !negated;
          e = e.e;
        }
        if (negated) this.put('! ');
        this.condOperand(e, negated ? 'CondNot' : 'top');
        return;
      }
      case 'CondUnary':
        this.put(`${n.op} ${this.text(n.arg)}`);
        return;
      case 'CondBinary':
        this.put(`${this.text(n.l)} ${n.op} ${this.text(n.r)}`);
        return;
      case 'CondWord':
        this.put(`-n ${this.text(n.w)}`);
        return;
    }
  }

  /** Parenthesised sub-expressions come back with their parentheses. */
  private condOperand(n: CondNode, parent: string): void {
    const implicit = (parent === 'CondAnd' && n.kind === 'CondOr') || (parent === 'CondNot' && (n.kind === 'CondAnd' || n.kind === 'CondOr'));
    const parens = n.paren ?? (implicit ? 1 : 0);
    this.put('( '.repeat(parens));
    this.cond(n);
    this.put(' )'.repeat(parens));
  }

  private redirects(rs: readonly Redirect[]): void {
    const heredocs: Redirect[] = [];
    this.wasHeredoc = false;
    rs.forEach((r, i) => {
      if (r.op === '<<' || r.op === '<<-') {
        // The header stays in place; the body follows the command line.
        this.put(this.heredocHeader(r));
        heredocs.push(r);
      } else this.put(this.redirect(r));
      if (i < rs.length - 1) this.put(' ');
    });
    if (heredocs.length && this.printingConnection) this.deferred.push(...heredocs);
    else if (heredocs.length) {
      for (const h of heredocs) this.put('\n' + (h.heredoc?.text ?? '') + (h.heredoc?.delim ?? ''));
      this.put('\n');
      this.wasHeredoc = true;
    }
  }

  private heredocHeader(r: Redirect): string {
    const fd = r.fdVar !== undefined ? `{${r.fdVar}}` : r.fd !== null && r.fd !== 0 ? String(r.fd) : '';
    const delim = r.heredoc?.delim ?? '';
    return `${fd}${r.op}${r.heredoc?.quoted ? `'${delim}'` : delim}`;
  }

  private flushDeferred(connector: string): void {
    if (this.deferred.length === 0) {
      this.put(connector);
      return;
    }
    if (connector[0] !== ';' || connector.length > 1) this.put(connector);
    this.put('\n');
    for (const h of this.deferred) this.put((h.heredoc?.text ?? '') + (h.heredoc?.delim ?? '') + '\n');
    if (connector && (connector[0] !== ';' || connector.length > 1)) this.put(' ');
    this.deferred = [];
    this.wasHeredoc = true;
  }

  private redirect(r: Redirect): string {
    const fd = (def: number): string => (r.fdVar !== undefined ? `{${r.fdVar}}` : r.fd !== null && r.fd !== def ? String(r.fd) : '');
    const explicit = (def: number): string => (r.fdVar !== undefined ? `{${r.fdVar}}` : String(r.fd ?? def));
    const t = this.text(r.target);
    switch (r.op) {
      case '<': return `${fd(0)}< ${t}`;
      case '>': return `${fd(1)}> ${t}`;
      case '>|': return `${fd(1)}>| ${t}`;
      case '>>': return `${fd(1)}>> ${t}`;
      case '<>': return `${explicit(0)}<> ${t}`;
      case '<<<': return `${fd(0)}<<< ${t}`;
      case '&>': return `&> ${t}`;
      case '&>>': return `&>> ${t}`;
      // As bash prints them: a close is always `N>&-`; a duplication of a literal fd names
      // both fds (`1>&2`, `0<&3`, `5<&3-`); to a word (`>&$x`, `<&file`) only a non-default fd.
      case '>&':
      case '<&':
        if (t === '-') return `${explicit(r.op === '>&' ? 1 : 0)}>&-`;
        if (/^\d+-?$/.test(t)) return `${explicit(r.op === '>&' ? 1 : 0)}${r.op}${t}`;
        return `${fd(r.op === '>&' ? 1 : 0)}${r.op}${t}`;
      default:
        return `${r.op}${t}`;
    }
  }

  functionDef(f: FunctionDef, nested: boolean, external = false): void {
    const outer = this.indentation;
    if (external) {
      // `() { first; ...`: the environment form of an exported function.
      this.put('() { ');
      this.step = 0;
      this.indentation = 1;
    } else {
      // (A function named like a reserved word is written with `function`, to read back.)
      this.put(nested || RESERVED.has(f.name) ? `function ${f.name} () ` : `${f.name} () `);
      this.put('\n');
      this.indent(this.indentation);
      this.put('{ \n');
      this.indentation += this.step;
    }
    this.insideFunction++;
    const body = f.body;
    if (body.kind === 'Group') this.list(body.body);
    else {
      this.startCommand();
      this.command(body);
    }
    this.indentation = outer;
    this.insideFunction--;
    if (body.kind === 'Group' && body.redirects.length) {
      this.newline('} ');
      this.redirects(body.redirects);
    } else this.newline('}');
    // (A here-document's body inside is done with: the `;` after the `}` is printed.)
    if (!(body.kind === 'Group' && body.redirects.length)) this.wasHeredoc = false;
  }
}

const STDERR_TO_STDOUT: Redirect = {
  kind: 'Redirect', op: '>&', fd: 2, target: { kind: 'Word', parts: [{ kind: 'Lit', value: '1' }], pos: 0, end: 0 }, pos: 0, end: 0,
};

/** The kind of `${…}` whose text starts at j (after `${`): 'pattern' for # % / ^ , operators. */
function braceKind(s: string, j: number): 'plain' | 'pattern' {
  let p = j;
  if (s[p] === '!' || s[p] === '#') p++;
  if (/[A-Za-z_]/.test(s[p] ?? '')) while (/\w/.test(s[p] ?? '')) p++;
  else if (/\d/.test(s[p] ?? '')) while (/\d/.test(s[p] ?? '')) p++;
  else p++;
  if (s[p] === '[') {
    let depth = 0;
    for (; p < s.length; p++) {
      if (s[p] === '[') depth++;
      else if (s[p] === ']' && --depth === 0) break;
    }
    p++;
  }
  return '#%/^,'.includes(s[p] ?? '}') ? 'pattern' : 'plain';
}

/** Whether only blanks, comments and newlines (at least one) separate two statements in the source. */
function onSeparateLines(src: string, a: Stmt, b: Stmt): boolean {
  const between = src.slice(a.end, b.pos);
  if (!between.includes('\n') || /[;&]/.test(between.replace(/#[^\n]*/g, ''))) return false;
  // The statement's own `;` may be inside its extent.
  return !/[;&]\s*$/.test(src.slice(a.pos, a.end));
}

/** The substitutions directly in these parts (in quotes and `${…}` words too, not inside another). */
function substsOf(parts: readonly WordPart[], out: Array<CmdSubst | ProcSubst> = []): Array<CmdSubst | ProcSubst> {
  for (const p of parts) {
    if ((p.kind === 'CmdSubst' && !p.backtick) || p.kind === 'ProcSubst') {
      if (p.at !== undefined && p.to !== undefined) out.push(p);
    } else if (p.kind === 'DblQuoted') substsOf(p.parts, out);
    else if (p.kind === 'ParamExp') {
      if (p.arg) substsOf(p.arg.parts, out);
      if (p.arg2) substsOf(p.arg2.parts, out);
    }
  }
  return out.sort((a, b) => a.at! - b.at!);
}

/** `type f` / `declare -f f`: the function as bash prints it; `external`: as its BASH_FUNC_f%% value. */
export function functionText(f: FunctionDef, external = false): string {
  const src = f.src ?? f.source;
  const p = new Printer(src);
  p.functionDef(f, false, external);
  // `a |& b` reads back as `a 2>&1 | b`: its synthetic redirection has no source text.
  return p.out.replace(/2>&(?=\s|$)/g, '2>&1');
}

/** One command as bash prints it outside a function (the text `jobs` shows for a coproc). */
export function commandText(c: Command, src: string): string {
  const p = new Printer(src);
  p.command(c);
  return p.out.replace(/2>&(?=\s|$)/g, '2>&1');
}

/** A background statement as bash's `jobs` shows it: printed like a command outside a function. */
export function stmtText(stmt: Stmt, src: string): string {
  const p = new Printer(src);
  p.list([{ ...stmt, background: false }]);
  return p.out.replace(/2>&(?=\s|$)/g, '2>&1');
}

/** The body of a `$( )` as bash keeps it to run: printed anew, statements on their own lines. */
export function substText(body: readonly Stmt[], src: string): string {
  const p = new Printer(src);
  p.substBody = true;
  p.list(body);
  return p.out.replace(/2>&(?=\s|$)/g, '2>&1');
}
