// Word expansion, in bash's order: tilde, parameters, command substitution, arithmetic,
// then field splitting of unquoted results, then pathname expansion, then quote removal.
import { homedir } from 'node:os';
import { readFileSync } from 'node:fs';
import type { ParamExp, Stmt, Word, WordPart } from './ast.js';
import { ArithError, evalArith } from './arith.js';
import { globFiles, hasGlob, matchPattern, quotePattern, replacePattern, trimPattern } from '../lib/pattern.js';
import { Parser } from './parser.js';
import { braceExpand } from './brace.js';
import type { FileView } from '../kernel/fs-view.js';

/** What expansion needs from the shell context. */
export interface ExpandEnv {
  getVar(name: string): string | undefined;
  setVar(name: string, value: string): void;
  /** $1..$n */
  positional(): string[];
  /** $0, $?, $$, $!, $- */
  special(name: string): string | undefined;
  commandSubst(body: Stmt[]): Promise<string>;
  readonly cwd: string;
  readonly nounset: boolean;
  readonly noglob: boolean;
  /** The filesystem as the session's stages see it (globs, ~user). */
  readonly fs?: FileView;
  /** Elements of an indexed array (a plain variable is a one-element array). */
  getArray?(name: string): Array<string | undefined> | undefined;
  /** An associative array (`declare -A`), or undefined. */
  getAssoc?(name: string): Map<string, string> | undefined;
}

/** An expansion failure: the command is not run; a non-interactive shell exits when `fatal`. */
export class ExpansionError extends Error {
  constructor(
    message: string,
    readonly fatal: boolean,
    /** bash exits a -c/script shell with 127 for ${X?} and set -u errors, 1 for arithmetic. */
    readonly kind: 'param' | 'arith' = 'param',
  ) {
    super(message);
    this.name = 'ExpansionError';
  }
}

interface Field {
  pattern: string;
  literal: string;
  glob: boolean;
}

const IFS_DEFAULT = ' \t\n';

class FieldBuilder {
  readonly fields: Field[] = [];
  private cur: Field | null = null;

  constructor(private readonly ifs: string) {}

  ensure(): Field {
    this.cur ??= { pattern: '', literal: '', glob: false };
    return this.cur;
  }

  quoted(s: string): void {
    const f = this.ensure();
    f.pattern += quotePattern(s);
    f.literal += s;
  }

  unquoted(s: string): void {
    if (s === '') return;
    const f = this.ensure();
    f.pattern += s;
    f.literal += s;
    if (/[*?[]/.test(s)) f.glob = true;
  }

  /** Ends the current field if it has content. */
  end(): void {
    if (this.cur) this.fields.push(this.cur);
    this.cur = null;
  }

  /** Ends the current field even when empty (a non-whitespace IFS delimiter, "$@" boundaries). */
  endForce(): void {
    this.fields.push(this.cur ?? { pattern: '', literal: '', glob: false });
    this.cur = null;
  }

  /** Adds the result of an unquoted expansion, splitting it on IFS. */
  split(s: string): void {
    const ifs = this.ifs;
    if (ifs === '') {
      this.unquoted(s);
      return;
    }
    const isIfs = (c: string): boolean => ifs.includes(c);
    const isWs = (c: string): boolean => (c === ' ' || c === '\t' || c === '\n') && ifs.includes(c);
    let i = 0;
    const n = s.length;
    while (i < n) {
      const c = s[i]!;
      if (!isIfs(c)) {
        let j = i;
        while (j < n && !isIfs(s[j]!)) j++;
        this.unquoted(s.slice(i, j));
        i = j;
        continue;
      }
      let j = i;
      while (j < n && isWs(s[j]!)) j++;
      let hard = false;
      if (j < n && isIfs(s[j]!) && !isWs(s[j]!)) {
        hard = true;
        j++;
        while (j < n && isWs(s[j]!)) j++;
      }
      if (hard) this.endForce();
      else this.end();
      i = j;
    }
  }

  finish(): Field[] {
    this.end();
    return this.fields;
  }
}

export interface WordOptions {
  /** Field splitting and pathname expansion (false for assignments, case words, here-docs). */
  split: boolean;
}

export class Expander {
  constructor(private readonly env: ExpandEnv) {}

  private get ifs(): string {
    return this.env.getVar('IFS') ?? IFS_DEFAULT;
  }

  /** Expands words into fields (arguments of a command, `for` items). */
  async fields(words: Word[]): Promise<string[]> {
    const out: string[] = [];
    for (const w of words.flatMap(braceExpand)) {
      const b = new FieldBuilder(this.ifs);
      await this.parts(w.parts, b, false, true, true);
      for (const f of b.finish()) {
        if (f.glob && !this.env.noglob && hasGlob(f.pattern)) {
          const matches = globFiles(f.pattern, this.env.cwd, this.env.fs);
          if (matches.length) {
            out.push(...matches);
            continue;
          }
        }
        out.push(f.literal);
      }
    }
    return out;
  }

  /** Expands a word to one string: no field splitting, no globbing (assignments, here-docs, redirect targets). */
  async string(word: Word): Promise<string> {
    const b = new FieldBuilder('');
    await this.parts(word.parts, b, false, true, false);
    return b.finish().map((f) => f.literal).join(' ');
  }

  /** Expands a word into a pattern: quoted parts match literally. */
  async pattern(word: Word): Promise<string> {
    const b = new FieldBuilder('');
    await this.parts(word.parts, b, false, true, false);
    return b.finish().map((f) => f.pattern).join(' ');
  }

  /** Evaluates arithmetic text after expanding the parameters and substitutions in it. */
  async arith(expr: string): Promise<bigint> {
    const text = expr.includes('$') || expr.includes('`') ? await this.string(new Parser(expr).parseExpandableText()) : expr;
    try {
      return evalArith(text, { get: (n) => this.env.getVar(n), set: (n, v) => this.env.setVar(n, v) });
    } catch (e) {
      if (e instanceof ArithError) throw new ExpansionError(`${text.trim()}: ${e.message}`, true, 'arith');
      throw e;
    }
  }

  private async parts(parts: WordPart[], b: FieldBuilder, quoted: boolean, first: boolean, split: boolean): Promise<void> {
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      switch (p.kind) {
        case 'Lit': {
          let v = p.value;
          if (i === 0 && first && !quoted && !p.escaped && v.startsWith('~')) v = this.tilde(v);
          if (quoted || p.escaped) b.quoted(v);
          else b.unquoted(v);
          break;
        }
        case 'SglQuoted':
          b.quoted(p.value);
          break;
        case 'DblQuoted':
          if (!(p.parts.length === 1 && isAllParams(p.parts[0]!))) b.ensure();
          await this.parts(p.parts, b, true, false, split);
          break;
        case 'ParamExp':
          await this.param(p, b, quoted, split);
          break;
        case 'CmdSubst': {
          const out = (await this.env.commandSubst(p.body)).replace(/\n+$/, '');
          this.add(out, b, quoted, split);
          break;
        }
        case 'ArithExp':
          this.add((await this.arith(p.expr)).toString(), b, quoted, split);
          break;
      }
    }
  }

  private add(value: string, b: FieldBuilder, quoted: boolean, split: boolean): void {
    if (quoted) b.quoted(value);
    else if (split) b.split(value);
    else b.unquoted(value);
  }

  private tilde(v: string): string {
    const slash = v.indexOf('/');
    const user = slash < 0 ? v.slice(1) : v.slice(1, slash);
    const rest = slash < 0 ? '' : v.slice(slash);
    if (user === '') return (this.env.getVar('HOME') ?? homedir()) + rest;
    if (user === '+') return (this.env.getVar('PWD') ?? this.env.cwd) + rest;
    if (user === '-') return (this.env.getVar('OLDPWD') ?? v.slice(0, slash < 0 ? undefined : slash)) + rest;
    const home = userHome(user);
    return home === null ? v : home + rest;
  }

  private lookup(name: string): string | undefined {
    if (/^[0-9]+$/.test(name)) {
      const n = Number(name);
      if (n === 0) return this.env.special('0');
      return this.env.positional()[n - 1];
    }
    if (name === '@' || name === '*') {
      const pos = this.env.positional();
      return pos.length ? pos.join(name === '*' ? this.ifs.slice(0, 1) : ' ') : undefined;
    }
    if (name === '#') return String(this.env.positional().length);
    if (name.length === 1 && '?$!-'.includes(name)) return this.env.special(name);
    return this.env.getVar(name);
  }

  private async param(p: ParamExp, b: FieldBuilder, quoted: boolean, split: boolean, element?: { value: string | undefined }): Promise<void> {
    if (p.bad !== undefined) throw new ExpansionError(`${p.bad}: bad substitution`, true, 'arith');
    if (p.index !== undefined && !element) return this.arrayParam(p, b, quoted, split);
    let name = p.name;
    if (p.indirect) {
      const target = this.lookup(name) ?? '';
      if (!/^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])$/.test(target)) throw new ExpansionError(`${name}: invalid indirect expansion`, true);
      name = target;
    }
    const isList = !element && (name === '@' || name === '*');
    if (p.length && element) {
      this.add(String([...(element.value ?? '')].length), b, quoted, split);
      return;
    }
    if (p.length) {
      const v = isList ? String(this.env.positional().length) : String([...(this.lookup(name) ?? '')].length);
      if (!isList && this.env.nounset && this.lookup(name) === undefined) throw new ExpansionError(`${name}: unbound variable`, true);
      this.add(v, b, quoted, split);
      return;
    }
    const value = element ? element.value : this.lookup(name);
    const op = p.op;
    if (op === undefined) {
      if (value === undefined && this.env.nounset && !isList) throw new ExpansionError(`${name}: unbound variable`, true);
      this.addParam(name, value ?? '', b, quoted, split);
      return;
    }
    const unsetOrNull = value === undefined || (op.startsWith(':') && value === '');
    switch (op) {
      case ':-':
      case '-':
        if (unsetOrNull) await this.argWord(p.arg, b, quoted, split);
        else this.addParam(name, value!, b, quoted, split);
        return;
      case ':=':
      case '=': {
        if (!unsetOrNull) {
          this.addParam(name, value!, b, quoted, split);
          return;
        }
        if (!/^[A-Za-z_]/.test(name)) throw new ExpansionError(`$${name}: cannot assign in this way`, true);
        const v = p.arg ? await this.string(p.arg) : '';
        this.env.setVar(name, v);
        this.add(v, b, quoted, split);
        return;
      }
      case ':?':
      case '?': {
        if (!unsetOrNull) {
          this.addParam(name, value!, b, quoted, split);
          return;
        }
        const msg = p.arg && p.arg.parts.length ? await this.string(p.arg) : value === undefined ? 'parameter not set' : 'parameter null or not set';
        throw new ExpansionError(`${name}: ${msg}`, true);
      }
      case ':+':
      case '+':
        if (!unsetOrNull) await this.argWord(p.arg, b, quoted, split);
        else if (quoted) b.ensure();
        return;
      default:
        break;
    }
    if (value === undefined && this.env.nounset && !isList) throw new ExpansionError(`${name}: unbound variable`, true);
    if (isList && op === ':') {
      // ${@:off:len} slices the parameter list ($0 is at offset 0), it does not cut each one.
      const list = [this.env.special('0') ?? '', ...this.env.positional()];
      let off = Number(p.arg ? await this.arithWord(p.arg) : 0n);
      if (off < 0) off = Math.max(0, list.length + off);
      else if (off === 0 && name !== '@' && name !== '*') off = 1;
      const len = p.arg2 ? Number(await this.arithWord(p.arg2)) : list.length;
      if (len < 0) throw new ExpansionError(`${len}: substring expression < 0`, true);
      const slice = list.slice(off, off + len);
      if (name === '@' && quoted) this.addList(slice, b);
      else this.add(slice.join(name === '*' && quoted ? this.ifs.slice(0, 1) : ' '), b, quoted, split);
      return;
    }
    const values = isList ? this.env.positional() : [value ?? ''];
    const results: string[] = [];
    for (const v of values) results.push(await this.transform(v, p));
    if (isList && name === '@' && quoted) this.addList(results, b);
    else this.add(isList ? results.join(name === '*' ? this.ifs.slice(0, 1) : ' ') : results[0]!, b, quoted, split);
  }

  /** `${a[i]}`, `${a[@]}`, `${#a[@]}`, `${!a[@]}` and operators on them. */
  /** The key of `${m[KEY]}` in an associative array: the subscript expanded as a word. */
  async subscriptKey(text: string): Promise<string> {
    const w = new Parser(text).parseWord('param');
    return w ? this.string(w) : '';
  }

  private async arrayParam(p: ParamExp, b: FieldBuilder, quoted: boolean, split: boolean): Promise<void> {
    const assoc = this.env.getAssoc?.(p.name);
    const arr = assoc ? [...assoc.values()] : (this.env.getArray?.(p.name) ?? []);
    const keys = assoc ? [...assoc.keys()] : Object.keys(arr).map(Number);
    if (p.index === '@' || p.index === '*') {
      let values = p.indirect ? keys.map(String) : assoc ? (arr as string[]) : (keys as number[]).map((k) => arr[k]!);
      if (p.length) {
        this.add(String(values.length), b, quoted, split);
        return;
      }
      if (p.op === ':') {
        let off = Number(p.arg ? await this.arithWord(p.arg) : 0n);
        if (off < 0) off = Math.max(0, values.length + off);
        const len = p.arg2 ? Number(await this.arithWord(p.arg2)) : values.length;
        values = values.slice(off, off + len);
      } else if (p.op && !['-', ':-', '=', ':=', '?', ':?', '+', ':+'].includes(p.op)) {
        const out: string[] = [];
        for (const v of values) out.push(await this.transform(v, p));
        values = out;
      } else if (p.op) {
        const empty = values.length === 0;
        if (p.op.endsWith('+') ? !empty : empty) return this.argWord(p.arg, b, quoted, split);
        if (p.op.endsWith('+')) return;
      }
      if (p.index === '@' && quoted) this.addList(values, b);
      else if (quoted) b.quoted(values.join(this.ifs.slice(0, 1)));
      else if (split) {
        values.forEach((v, i) => {
          if (i > 0) b.end();
          b.split(v);
        });
      } else b.unquoted(values.join(' '));
      return;
    }
    if (assoc) return this.param({ ...p, index: undefined }, b, quoted, split, { value: assoc.get(await this.subscriptKey(p.index!)) });
    let i = Number(await this.arith(p.index!));
    if (i < 0) i += arr.length;
    return this.param({ ...p, index: undefined }, b, quoted, split, { value: i >= 0 ? arr[i] : undefined });
  }

  private async transform(v: string, p: ParamExp): Promise<string> {
    const op = p.op!;
    switch (op) {
      case '#':
      case '##':
        return trimPattern(v, p.arg ? await this.pattern(p.arg) : '', 'prefix', op === '##');
      case '%':
      case '%%':
        return trimPattern(v, p.arg ? await this.pattern(p.arg) : '', 'suffix', op === '%%');
      case '/':
      case '//':
      case '/#':
      case '/%':
        return replacePattern(v, p.arg ? await this.pattern(p.arg) : '', p.arg2 ? await this.string(p.arg2) : '', op);
      case '^^':
        return v.toUpperCase();
      case ',,':
        return v.toLowerCase();
      case '^':
        return v.slice(0, 1).toUpperCase() + v.slice(1);
      case ',':
        return v.slice(0, 1).toLowerCase() + v.slice(1);
      case ':': {
        const chars = [...v];
        let off = Number(p.arg ? await this.arithWord(p.arg) : 0n);
        if (off < 0) off = Math.max(0, chars.length + off);
        if (off > chars.length) return '';
        if (!p.arg2) return chars.slice(off).join('');
        const len = Number(await this.arithWord(p.arg2));
        if (len < 0) {
          const endIdx = chars.length + len;
          if (endIdx < off) throw new ExpansionError(`${len}: substring expression < 0`, true);
          return chars.slice(off, endIdx).join('');
        }
        return chars.slice(off, off + len).join('');
      }
      default:
        return v;
    }
  }

  private async arithWord(w: Word): Promise<bigint> {
    const part = w.parts[0];
    return part && part.kind === 'ArithExp' ? this.arith(part.expr) : this.arith(await this.string(w));
  }

  /** The word after `:-`/`:+`: expanded in the surrounding quoting context. */
  private async argWord(arg: Word | undefined, b: FieldBuilder, quoted: boolean, split: boolean): Promise<void> {
    if (!arg) {
      if (quoted) b.ensure();
      return;
    }
    if (quoted) {
      b.ensure();
      await this.parts(arg.parts, b, true, false, split);
      return;
    }
    // Unquoted: literal text in the default word is split like an expansion result.
    for (const part of arg.parts) {
      if (part.kind === 'Lit' && !part.escaped) {
        if (split) b.split(part.value);
        else b.unquoted(part.value);
      } else await this.parts([part], b, false, false, split);
    }
  }

  private addParam(name: string, value: string, b: FieldBuilder, quoted: boolean, split: boolean): void {
    if (name === '@' || (name === '*' && !quoted)) {
      const pos = this.env.positional();
      if (quoted) this.addList(pos, b);
      else if (split) {
        pos.forEach((v, i) => {
          if (i > 0) b.end();
          b.split(v);
        });
      } else b.unquoted(pos.join(' '));
      return;
    }
    this.add(value, b, quoted, split);
  }

  /** "$@": one field per element, joined to the text around it at the ends. */
  private addList(values: string[], b: FieldBuilder): void {
    values.forEach((v, i) => {
      if (i > 0) b.endForce();
      b.quoted(v);
    });
  }
}

/** `"$@"` and `"${a[@]}"` make no field at all when there is nothing to expand. */
function isAllParams(p: WordPart): boolean {
  return p.kind === 'ParamExp' && (p.name === '@' || p.index === '@') && !p.op && !p.length && !p.indirect;
}

function userHome(user: string): string | null {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[0] === user) return f[5] ?? null;
    }
  } catch {
    // no passwd file: leave ~user as it is
  }
  return null;
}

/** Case-pattern match for `case` and `[[ == ]]`. */
export { matchPattern };
