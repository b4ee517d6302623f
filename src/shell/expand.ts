// Word expansion, in bash's order: brace, tilde, parameters, command substitution,
// arithmetic (left to right), then field splitting of unquoted results, then pathname
// expansion, then quote removal. Parameter expansion itself is in param.ts.
//
// Everything here runs synchronously unless a command substitution has to wait for a
// process; then the rest of the word continues when it is done (see maybe.ts).
import { homedir } from 'node:os';
import type { ArithExp, ParamExp, Word, WordPart } from './ast.js';
import { ArithError, evalArith, numToString, type ArithEnv, type Num } from './arith.js';
import { globFiles, hasGlob, unescapePattern } from '../lib/pattern.js';
import { braceExpand } from './brace.js';
import type { ShellContext } from './context.js';
import { ShellError } from './errors.js';
import { FieldBuilder, IFS_DEFAULT, fieldPattern, hasPatternChar, splitWhiteInto, type Field } from './fields.js';
import { andThen, type MP } from './maybe.js';
import { expandParam } from './param.js';
import { Parser } from './parser.js';
import type { Shell } from './executor.js';
import { arithEnvFor } from './arith-env.js';
import { substBody } from './subst.js';

export { ShellError as ExpansionError };

/** Expansion modes (bit flags). */
export const QUOTED = 1;
/** Field splitting applies to unquoted results. */
export const SPLIT = 2;
/** An assignment value: tilde expansion after `=` and every `:`. */
export const ASSIGN = 4;
/** A `name=value` argument: the same, for the part after its first `=`. */
export const ASSIGN_WORD = 8;
/** No tilde expansion at all (the values of associative array literals). */
export const NO_TILDE = 16;
/** A here-document body: bash joins `$*` there with spaces, not IFS (arrays' `${a[*]}` keep IFS). */
export const HEREDOC = 32;

export class Expander {
  constructor(
    readonly shell: Shell,
    readonly ctx: ShellContext,
  ) {}

  get ifs(): string {
    const v = this.ctx.store.get('IFS');
    return v === undefined ? IFS_DEFAULT : v;
  }

  // ---- entry points --------------------------------------------------------------------

  /**
   * Expands words into fields (arguments of a command, `for` items, array literals).
   * `assignWords`: a `name=~/x` word gets assignment tilde expansion (not in array literals).
   */
  fields(words: readonly Word[], assignWords = true): MP<string[]> {
    const out: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      // The common cases first: a plain literal, a lone "$x".
      const simple = simpleWord(w);
      if (simple !== null) {
        out.push(simple);
        continue;
      }
      const list = this.ctx.options.braceexpand ? braceExpand(w) : [w];
      for (let k = 0; k < list.length; k++) {
        const r = this.wordFields(list[k]!, out, assignWords);
        if (r) return r.then(() => this.fieldsFrom(words, list, i, k + 1, out, assignWords));
      }
    }
    return out;
  }

  private async fieldsFrom(words: readonly Word[], list: Word[], i: number, k: number, out: string[], assignWords: boolean): Promise<string[]> {
    for (; k < list.length; k++) {
      const r = this.wordFields(list[k]!, out, assignWords);
      if (r) await r;
    }
    const rest = this.fields(words.slice(i + 1), assignWords);
    out.push(...(rest instanceof Promise ? await rest : rest));
    return out;
  }

  /** One word (after brace expansion) into `out`: split, then globbed. */
  private wordFields(w: Word, out: string[], assignWords: boolean): void | Promise<void> {
    const p0 = w.parts.length === 1 ? w.parts[0]! : null;
    if (p0?.kind === 'CmdSubst') {
      // `for x in $(cmd)`: the output goes straight into words, without a Field for each.
      const s = this.shell.commandSubst(substBody(this.shell, p0, this.ctx), this.ctx);
      if (s instanceof Promise) return s.then((t) => this.splitInto(trimNewlines(t), out));
      return this.splitInto(trimNewlines(s), out);
    }
    if (p0?.kind === 'DblQuoted' && p0.parts.length === 1 && !this.ctx.options.nounset) {
      // "${a[@]}" and "$@", the usual way through a list: its elements, one word each.
      const q = p0.parts[0]!;
      if (q.kind === 'ParamExp' && q.op === undefined && !q.length && !q.indirect && !q.names && !q.bad) {
        if (q.name === '@' && q.index === undefined) {
          for (const v of this.ctx.positional) out.push(v);
          return;
        }
        const c = q.name.charCodeAt(0);
        if (q.index === '@' && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) {
          const v = this.ctx.store.lookup(q.name);
          const values = v?.assoc ? v.assoc.values() : (this.ctx.store.indexed(q.name)?.values() ?? []);
          for (const x of values) out.push(x);
          return;
        }
      }
    }
    if (p0?.kind === 'ParamExp' && p0.short && !this.ctx.options.nounset) {
      // `f $i`, `for x in $list`: a variable's value split (and globbed) directly.
      const c = p0.name.charCodeAt(0);
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) {
        const v = this.ctx.store.get(p0.name);
        if (v !== undefined && v !== '') this.splitInto(v, out);
        // (An unset name that exists, as a nameref to `a[@]` can be, takes the general path.)
        if (v !== undefined || this.ctx.store.raw(p0.name) === undefined) return;
      }
    }
    const b = new FieldBuilder(this.ifs, this.ctx.shopt.extglob);
    // posix mode keeps assignment tilde rules to real assignments (`echo a=~` stays).
    const mode = SPLIT | (assignWords && !this.ctx.options.posix && looksLikeAssignment(w) ? ASSIGN_WORD : 0);
    const r = this.parts(w.parts, b, mode, 0);
    if (r) return r.then(() => this.globFields(b.finish(), out));
    return this.globFields(b.finish(), out);
  }

  /** An unquoted expansion's whole text as words: split on IFS, then globbed. */
  private splitInto(text: string, out: string[]): void {
    const ifs = this.ifs;
    const extglob = this.ctx.shopt.extglob;
    if (ifs === IFS_DEFAULT && (this.ctx.options.noglob || !hasPatternChar(text, extglob))) return splitWhiteInto(text, out);
    const b = new FieldBuilder(ifs, extglob);
    b.split(text);
    this.globFields(b.finish(), out);
  }

  private globFields(fields: Field[], out: string[]): void {
    for (const f of fields) {
      if (f.glob && !this.ctx.options.noglob && hasGlob(fieldPattern(f), this.ctx.shopt.extglob)) {
        const matches = this.glob(fieldPattern(f));
        if (matches.length) {
          for (const m of matches) out.push(m);
          continue;
        }
        if (this.ctx.shopt.failglob) throw new ShellError(`no match: ${f.text}`, 'discard', 1);
        if (this.ctx.shopt.nullglob) continue;
      }
      out.push(f.text);
    }
  }

  /** `compgen`: as compgen -G globs, in bash's glob order and without dotglob or GLOBIGNORE. */
  glob(pat: string, compgen = false): string[] {
    const s = this.ctx.shopt;
    return globFiles(pat, this.ctx.cwd, this.shell.kernel.fs, {
      dotglob: s.dotglob && !compgen,
      extglob: s.extglob,
      globstar: s.globstar,
      nocaseglob: s.nocaseglob,
      globskipdots: s.globskipdots,
      ignore: compgen ? undefined : this.ctx.store.get('GLOBIGNORE'),
      unsorted: compgen,
    });
  }

  /** A word as one string: no field splitting, no globbing (assignments, here-strings, case words). */
  string(word: Word, mode = 0): MP<string> {
    const simple = simpleWord(word);
    if (simple !== null) return simple;
    if (word.parts.length === 1) {
      // Assignments like n=$((n+1)) and x=$y: no field building needed.
      const p = word.parts[0]!;
      if (p.kind === 'ArithExp') {
        const v = this.arith(p.expr);
        return v instanceof Promise ? v.then(numToString) : numToString(v);
      }
      if (p.kind === 'ParamExp' && p.short && !this.ctx.options.nounset) {
        const c = p.name.charCodeAt(0);
        if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) {
          const v = this.ctx.store.get(p.name);
          if (v !== undefined || this.ctx.store.raw(p.name) === undefined) return v ?? '';
        }
      }
    }
    const b = new FieldBuilder('', this.ctx.shopt.extglob);
    const r = this.parts(word.parts, b, mode, 0);
    if (r) return r.then(() => joinFields(b.finish()));
    return joinFields(b.finish());
  }

  /** A word as a pattern: quoted characters escaped, the rest active (case, [[ == ]], ${x#pat}). */
  pattern(word: Word, mode = 0, quoteAll = false): MP<string> {
    const extglob = this.ctx.shopt.extglob;
    // `quoteAll`: every quoted character backslashed, not only the special ones (the same
    // pattern, as xtrace shows it: `[[ a == \q* ]]` for "q"*).
    if (quoteAll) {
      const qb = new FieldBuilder('', extglob, (s) => s.replace(/[^]/gu, '\\$&'));
      const qr = this.parts(word.parts, qb, mode, 0);
      const qdone = (): string => qb.finish().map(fieldPattern).join(' ');
      return qr ? qr.then(qdone) : qdone();
    }
    // A pattern with nothing to expand (`0)`, `'a b'|x*)`) is the same text every time.
    const known = staticPatterns.get(word);
    if (known && known.extglob === extglob) return known.pattern;
    const b = new FieldBuilder('', extglob);
    const r = this.parts(word.parts, b, mode, 0);
    const done = (): string => b.finish().map(fieldPattern).join(' ');
    if (r) return r.then(done);
    const pattern = done();
    if (known === undefined) staticPatterns.set(word, isStaticWord(word) ? { extglob, pattern } : null);
    else if (known !== null) staticPatterns.set(word, { extglob, pattern });
    return pattern;
  }

  /**
   * The replacement of `${x/pat/rep}` under patsub_replacement: quoted `\` and `&` are
   * escaped (so a quoted `&` is literal); an expansion's own backslashes stay for the
   * replacement to read (`\&` and `\\` there are escapes, any other backslash is kept).
   */
  replacementText(word: Word): MP<string> {
    const b = new FieldBuilder('', false, (s) => s.replace(/[\\&]/g, '\\$&'));
    const r = this.parts(word.parts, b, 0, 0);
    const done = (): string => b.finish().map(fieldPattern).join(' ');
    if (r) return r.then(done);
    return done();
  }

  /**
   * Expands, splits and globs a redirection target; bash requires exactly one word. A script
   * in posix mode neither splits nor globs it (`> $f` with f='a b*' is that file).
   */
  target(word: Word): MP<string[]> {
    if (this.ctx.options.posix && !this.shell.interactive) return andThen(this.string(word), (s) => [s]);
    // `> f{1,2}` brace-expands to two words: an ambiguous redirect, as in bash.
    if (this.ctx.options.braceexpand && braceExpand(word).length > 1) return this.fields([word]);
    const out: string[] = [];
    const r = this.wordFields(word, out, true);
    if (r) return r.then(() => out);
    return out;
  }

  // ---- parts ----------------------------------------------------------------------------

  parts(parts: readonly WordPart[], b: FieldBuilder, mode: number, from: number): void | Promise<void> {
    for (let i = from; i < parts.length; i++) {
      // For tilde expansion: 0 not first, 1 first of several parts, 2 the word's only part.
      const r = this.part(parts[i]!, b, mode, i === 0 ? (parts.length === 1 ? 2 : 1) : 0);
      if (r) return r.then(() => this.parts(parts, b, mode, i + 1));
    }
  }

  private part(p: WordPart, b: FieldBuilder, mode: number, first: number): void | Promise<void> {
    switch (p.kind) {
      case 'Lit': {
        if (p.escaped || mode & QUOTED) {
          b.quoted(p.value);
          return;
        }
        let v = p.value;
        if (mode & ASSIGN_WORD && first) {
          const eq = v.indexOf('=');
          v = v.slice(0, eq + 1) + this.tildeAssign(v.slice(eq + 1), true);
        } else if (mode & ASSIGN_WORD) v = this.tildeAssign(v, false);
        else if (mode & ASSIGN) v = this.tildeAssign(v, first > 0);
        else if (first && v.charCodeAt(0) === 126 /* ~ */ && !(mode & NO_TILDE)) {
          v = this.tildeWord(v, first === 2);
          // An empty HOME makes `~` an empty word, not no word.
          if (v === '') b.ensure();
        }
        b.unquoted(v);
        return;
      }
      case 'SglQuoted':
        b.quoted(p.value);
        return;
      case 'DblQuoted': {
        const inner = (mode | QUOTED) & ~(ASSIGN | ASSIGN_WORD);
        if (p.parts.length === 1 && isAtList(p.parts[0]!)) return this.parts(p.parts, b, inner, 0);
        if (!p.parts.some(isAtList) || p.parts.some((q) => q.kind === 'Lit')) {
          b.ensure();
          return this.parts(p.parts, b, inner, 0);
        }
        // "$x$@": when "$@" is no words and the rest expands to nothing, the word goes away (bash).
        const had = b.hasCurrent;
        const nFields = b.fields.length;
        const items = b.listItems;
        b.ensure();
        const done = (): void => {
          if (!had && b.fields.length === nFields && b.listItems === items) b.dropEmpty();
        };
        const r = this.parts(p.parts, b, inner, 0);
        return r ? r.then(done) : done();
      }
      case 'ParamExp':
        return expandParam(this, p, b, mode);
      case 'CmdSubst': {
        const out = this.shell.commandSubst(substBody(this.shell, p, this.ctx), this.ctx);
        if (out instanceof Promise) return out.then((s) => this.add(trimNewlines(s), b, mode));
        this.add(trimNewlines(out), b, mode);
        return;
      }
      case 'ArithExp': {
        const v = this.arithPart(p);
        if (v instanceof Promise) return v.then((n) => this.add(numToString(n), b, mode));
        this.add(numToString(v), b, mode);
        return;
      }
      case 'ProcSubst': {
        const path = this.shell.procSubst(p, this.ctx);
        this.add(path, b, mode | QUOTED);
        return;
      }
    }
  }

  /** Adds an expansion result: quoted text, or split on IFS when splitting applies. */
  add(value: string, b: FieldBuilder, mode: number): void {
    if (mode & QUOTED) b.quoted(value);
    else if (mode & SPLIT) b.split(value);
    else b.unquoted(value);
  }

  // ---- tilde -----------------------------------------------------------------------------

  private home(): string {
    return this.ctx.store.get('HOME') ?? homedir();
  }

  /** `~`, `~/x`, `~user`, `~+`, `~-` at the start of a word. */
  private tildeWord(v: string, wholeWord: boolean): string {
    // The prefix ends at a slash or a colon (bash: `~:x` and `~root:x` expand too).
    const m = /[/:]/.exec(v);
    const slash = m ? m.index : -1;
    if (slash < 0 && !wholeWord) return v;
    const prefix = slash < 0 ? v.slice(1) : v.slice(1, slash);
    const r = this.tildePrefix(prefix);
    return r === null ? v : r + (slash < 0 ? '' : v.slice(slash));
  }

  tildePrefix(user: string): string | null {
    if (user === '') return this.home();
    if (user === '+') return this.ctx.store.get('PWD') ?? this.ctx.cwd;
    if (user === '-') return this.ctx.store.get('OLDPWD') ?? null;
    if (/^[+-]?[0-9]+$/.test(user)) {
      // ~N, ~+N, ~-N: a directory stack entry, as `dirs +N` / `dirs -N` number them.
      const dirs = [this.ctx.cwd, ...[...this.ctx.dirStack].reverse()];
      const n = Number(user.replace(/^[+-]/, ''));
      const i = user[0] === '-' ? dirs.length - 1 - n : n;
      return i >= 0 && i < dirs.length ? dirs[i]! : null;
    }
    return userHome(user, this.shell);
  }

  /** In an assignment value: a tilde prefix after the `=` and after every unquoted `:`. */
  tildeAssign(v: string, first: boolean): string {
    if (!v.includes('~')) return v;
    const segs = v.split(':');
    for (let k = 0; k < segs.length; k++) {
      const s = segs[k]!;
      if (s.charCodeAt(0) !== 126 || (k === 0 && !first)) continue;
      const slash = s.indexOf('/');
      const prefix = slash < 0 ? s.slice(1) : s.slice(1, slash);
      const r = this.tildePrefix(prefix);
      if (r !== null) segs[k] = r + (slash < 0 ? '' : s.slice(slash));
    }
    return segs.join(':');
  }

  // ---- arithmetic ------------------------------------------------------------------------

  arithEnv(): ArithEnv {
    return (this.ctx.cache.arith as ArithEnv | undefined) ?? (this.ctx.cache.arith = arithEnvFor(this.ctx));
  }

  /** Evaluates arithmetic text, expanding `$`, backticks and quotes in it first. */
  arith(text: string): MP<Num> {
    let needs = expansionNeeded.get(text);
    if (needs === undefined) {
      needs = needsExpansion(text);
      if (expansionNeeded.size > 2000) expansionNeeded.clear();
      expansionNeeded.set(text, needs);
    }
    if (!needs) return this.arithText(text);
    return andThen(this.arithSource(arithWord(text)), (t) => this.arithText(t));
  }

  /** Arithmetic text with its `$`, backticks and quotes expanded, not yet evaluated. */
  arithExpanded(text: string): MP<string> {
    return needsExpansion(text) ? this.arithSource(arithWord(text)) : text;
  }

  /**
   * Expands arithmetic text. What an expansion inside a subscript gives has its brackets and
   * backslashes quoted, as bash does, so `m[$k]` is one element whatever k holds (`a]b`).
   */
  private arithSource(w: Word): MP<string> {
    if (!w.parts.some((p) => (p.kind === 'Lit' && p.value.includes('[')) || p.kind === 'DblQuoted')) return this.string(w);
    let plan = arithPlans.get(w);
    if (!plan) arithPlans.set(w, (plan = arithPlan(w)));
    return this.arithPieces(plan, 0, '');
  }

  /** One piece after another: an expansion may have side effects (`${i:=1}`, `$(...)`). */
  private arithPieces(plan: readonly ArithPiece[], k: number, acc: string): MP<string> {
    for (; k < plan.length; k++) {
      const x = plan[k]!;
      if (typeof x === 'string') {
        acc += x;
        continue;
      }
      const r = this.string(x.word);
      if (r instanceof Promise) {
        const next = k + 1;
        return r.then((t) => this.arithPieces(plan, next, acc + (x.inSub ? quoteSubscript(t) : t)));
      }
      acc += x.inSub ? quoteSubscript(r) : r;
    }
    return acc;
  }

  private arithPart(p: ArithExp): MP<Num> {
    return this.arith(p.expr);
  }

  /**
   * An array subscript as arithmetic. An error in it is bash's jump to the top level, not an
   * arithmetic failure: `(( a[1/0] ))` does not just fail, and -c ends its whole string.
   */
  subscriptArith(text: string): MP<Num> {
    // (An error expanding it, `a[$((1/0))]`, is an ordinary one.)
    return andThen(this.arithExpanded(text), (t) => {
      try {
        return evalArith(t, this.arithEnv());
      } catch (e) {
        if (e instanceof ArithError && !e.unbound) e.subscript = true;
        throw arithFailure(e);
      }
    });
  }

  /** Evaluates already-expanded arithmetic text; errors abort the command line (bash). */
  arithText(text: string): Num {
    try {
      return evalArith(text, this.arithEnv());
    } catch (e) {
      throw arithFailure(e);
    }
  }
}

/** An ArithError as the shell reports it (discarding the command line, as bash does). */
export function arithFailure(e: unknown): unknown {
  if (e instanceof ArithError) {
    const err = new ShellError(e.describe(), e.unbound ? 'fatal' : e.subscript ? 'abort' : 'discard', e.unbound ? 127 : 1);
    err.posixFatal = true;
    return err;
  }
  return e;
}

const arithWords = new Map<string, Word>();

/** Patterns of words without expansions, by word (null: the word has some). */
const staticPatterns = new WeakMap<Word, { extglob: boolean; pattern: string } | null>();

/** Literal text and quotes only; no `~` (HOME may change), no expansion of any kind. */
function isStaticWord(word: Word): boolean {
  for (const p of word.parts) {
    if (p.kind === 'SglQuoted') continue;
    if (p.kind === 'Lit' && !p.value.includes('~')) continue;
    if (p.kind === 'DblQuoted' && p.parts.every((q) => q.kind === 'Lit')) continue;
    return false;
  }
  return true;
}
const expansionNeeded = new Map<string, boolean>();

/** Arithmetic text with `$` in it, parsed once as double-quoted-like text. */
function arithWord(text: string): Word {
  let w = arithWords.get(text);
  if (!w) {
    w = new Parser(text).parseArithText();
    if (arithWords.size > 1000) arithWords.clear();
    arithWords.set(text, w);
  }
  return w;
}

/** A piece of arithmetic text: literal, or an expansion (inside a subscript or not). */
type ArithPiece = string | { word: Word; inSub: boolean };
/** The pieces of each arithmetic word (words come from arithWord's cache: made once). */
const arithPlans = new WeakMap<Word, ArithPiece[]>();

function arithPlan(w: Word): ArithPiece[] {
  const pieces: ArithPiece[] = [];
  let depth = 0;
  const walk = (parts: readonly WordPart[], quoted: boolean): void => {
    for (const p of parts) {
      if (p.kind === 'Lit') {
        pieces.push(p.value);
        for (let i = 0; i < p.value.length; i++) {
          const c = p.value[i];
          if (c === '\\') i++;
          else if (c === '[') depth++;
          else if (c === ']' && depth > 0) depth--;
        }
      } else if (p.kind === 'DblQuoted') walk(p.parts, true);
      else {
        const part: WordPart = quoted ? { kind: 'DblQuoted', parts: [p] } : p;
        pieces.push({ word: { ...w, parts: [part] }, inSub: depth > 0 });
      }
    }
  };
  walk(w.parts, false);
  return pieces;
}

function quoteSubscript(t: string): string {
  return t.replace(/[\\[\]]/g, '\\$&');
}

function needsExpansion(text: string): boolean {
  return text.includes('$') || text.includes('`') || text.includes("'") || text.includes('\\');
}

function trimNewlines(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 10) end--;
  return end === s.length ? s : s.slice(0, end);
}

function joinFields(fields: Field[]): string {
  if (fields.length === 1) return fields[0]!.text;
  if (fields.length === 0) return '';
  return fields.map((f) => f.text).join(' ');
}

/** The text of a word that needs no expansion at all, or null. */
function simpleWord(w: Word): string | null {
  if (w.parts.length !== 1) return w.parts.length === 0 ? '' : null;
  const p = w.parts[0]!;
  if (p.kind === 'SglQuoted') return p.value;
  if (p.kind === 'Lit' && p.plain) return p.value;
  return null;
}

// `+`/`:+` too: "${@:+w}" is no field when there are no parameters (the operator adds one when used).
const LIST_KEEPING: readonly string[] = ['#', '##', '%', '%%', '/', '//', '/#', '/%', '^', '^^', ',', ',,', '~', '~~', ':', '@', '+', ':+'];

/** `"$@"`, `"${a[@]}"`, `"${!a[@]}"`, `"${!pre@}"`: no field at all when there is nothing to expand. */
function isAtList(p: WordPart): boolean {
  // The operators that keep a list a list (slices, pattern ops, case, @Q…): nothing in, nothing out.
  if (p.kind !== 'ParamExp' || p.length || (p.op !== undefined && LIST_KEEPING.indexOf(p.op) < 0)) return false;
  if (p.names) return p.names === '@';
  return p.indirect ? p.index === '@' : p.name === '@' || p.index === '@';
}

/** `name=...` as a command argument: bash does tilde expansion after `=` and `:` there too. */
function looksLikeAssignment(w: Word): boolean {
  const p = w.parts[0];
  return p !== undefined && p.kind === 'Lit' && !p.escaped && /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(p.value) && p.value.includes('~');
}

let passwd: Map<string, string> | null = null;

function userHome(user: string, shell: Shell): string | null {
  if (!passwd) {
    passwd = new Map();
    try {
      for (const line of shell.kernel.fs.readFile('/etc/passwd').toString('utf8').split('\n')) {
        const f = line.split(':');
        if (f.length > 5 && !passwd.has(f[0]!)) passwd.set(f[0]!, f[5]!);
      }
    } catch {
      // no passwd file: ~user stays as it is
    }
  }
  return passwd.get(user) ?? null;
}

export type { ParamExp };
export { unescapePattern };
