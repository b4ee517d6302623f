// Parameter expansion: `$x`, `${x...}` with every operator bash has, on scalars, positional
// parameters and arrays. A parameter is first resolved to a subject (one value, or a list
// for `$@`, `${a[@]}` ...), then the operator is applied, per element for lists.
import type { ParamExp, Word } from './ast.js';
import { A, attrLetters, VarError } from '../lib/vars.js';
import { quoteReusable } from '../lib/quote.js';
import { matchPattern, replacePattern, trimPattern } from '../lib/pattern.js';
import { caseFold, caseToggle } from '../lib/case-fold.js';
import { ShellError } from './errors.js';
import { ExitSignal } from './context.js';
import type { Expander } from './expand.js';
import { ASSIGN, ASSIGN_WORD, HEREDOC, NO_TILDE, QUOTED, SPLIT } from './expand.js';
import type { FieldBuilder } from './fields.js';
import { andThen, type MP } from './maybe.js';
import { promptString, TRANSFORMS, transformList, transformValue } from './transform.js';
import { byteLocale, fromByteChars, toByteChars } from './locale.js';
import { Parser } from './parser.js';
import { addList, localeLength, substring } from './param-slice.js';

/** What a parameter stands for before its operator applies. */
export type Subject =
  | { list: false; value: string | undefined; name: string }
  | { list: true; values: string[]; star: boolean; name: string; keys?: number[] };

export function expandParam(ex: Expander, p: ParamExp, b: FieldBuilder, mode: number): void | Promise<void> {
  if (p.bad !== undefined) throw new ShellError(`${p.bad}: bad substitution`, 'discard', 1);
  // The fast path: `$x`, `${x}`, `"$x"`.
  if (p.op === undefined && !p.length && !p.indirect && p.index === undefined && !p.names) {
    const name = p.name;
    const c = name.charCodeAt(0);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) {
      const v = ex.ctx.store.get(name);
      if (v !== undefined) {
        ex.add(v, b, mode);
        return;
      }
      if (!refToList(ex, name)) {
        if (ex.ctx.options.nounset) throw unbound(name);
        if (mode & QUOTED) b.ensure();
        return;
      }
    }
  }
  // `${#a[@]}`: the count, without listing the elements (loop conditions ask it each time).
  if (p.length && p.op === undefined && !p.indirect && !p.names && (p.index === '@' || p.index === '*')) {
    const v = ex.ctx.store.lookup(p.name);
    if (v && !v.dyn && (v.arr || v.assoc) && !v.noValue) {
      ex.add(String(v.arr ? v.arr.size : v.assoc!.size), b, mode);
      return;
    }
  }
  return andThen(subject(ex, p), (s) => apply(ex, p, s.list && s.star && s.name === '*' && mode & HEREDOC ? { ...s, star: false } : s, b, mode));
}

/** bash names a special parameter as written: `$1` and `$!` unbraced, `1` and `!` in `${...}`. */
function unbound(name: string, short = true): ShellError {
  return new ShellError(`${short && /^(?:[0-9]+|!)$/.test(name) ? '$' : ''}${name}: unbound variable`, 'fatal', 127);
}

/** Parameters set -u never reports (`$@`, `$*` and the ones that always have a value). */
const ALWAYS_SET = /^[@*#?$_-]$/;

// ---- resolving the subject ---------------------------------------------------------------

function subject(ex: Expander, p: ParamExp): MP<Subject> {
  const ctx = ex.ctx;
  if (p.names) {
    // ${!prefix*} ${!prefix@}: the names of the variables starting with prefix.
    const names = ctx.store.names().filter((n) => n.startsWith(p.name) && ctx.store.raw(n) !== undefined && isSetForNames(ex, n));
    return { list: true, values: names, star: p.names === '*', name: p.name };
  }
  const name = p.name;
  const index = p.index;
  if (p.indirect && index !== '@' && index !== '*') {
    const raw = ctx.store.raw(name);
    if (raw && raw.attrs & A.nameref && index === undefined) {
      // ${!ref} of a nameref is the name it refers to (none yet: an invalid indirection).
      if (raw.value === undefined) throw new ShellError(`${name}: invalid indirect expansion`, 'discard', 1);
      return { list: false, value: raw.value, name };
    }
    const target = index !== undefined ? elementValue(ex, name, index) : scalar(ex, name);
    return andThen(target, (t) => {
      if (t === undefined) {
        // set -u names a missing positional parameter or array element; a variable that is
        // not there at all is an invalid indirection either way (bash).
        const exists = !/^[A-Za-z_]/.test(name) || (index !== undefined && ctx.store.lookup(name) !== undefined);
        if (exists) {
          if (ctx.options.nounset) throw unbound(`!${index !== undefined ? `${name}[${index}]` : name}`);
          return { list: false, value: undefined, name };
        }
        throw new ShellError(`${index !== undefined ? `${name}[${index}]` : name}: invalid indirect expansion`, 'discard', 1);
      }
      const m = /^([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]$/s.exec(t);
      if (m) return subject(ex, { ...p, indirect: false, name: m[1]!, index: m[2]! });
      if (!/^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!_-])$/.test(t)) throw new ShellError(`${t}: invalid variable name`, 'discard', 1);
      return subject(ex, { ...p, indirect: false, name: t, index: undefined });
    });
  }
  if (index === '@' || index === '*') {
    const star = index === '*';
    const store = ctx.store;
    const v = store.lookup(name);
    if (p.indirect) {
      // ${!a[@]}: the keys (indices) of an array.
      if (v?.assoc) return { list: true, values: v.assoc.keys(), star, name };
      const arr = store.indexed(name);
      return { list: true, values: arr ? arr.keys().map(String) : [], star, name };
    }
    if (v?.assoc) return { list: true, values: v.assoc.values(), star, name };
    const arr = store.indexed(name);
    return { list: true, values: arr ? arr.values() : [], star, name, keys: arr ? arr.keys() : [] };
  }
  if (index !== undefined) return andThen(elementValue(ex, name, index, p.length), (value) => ({ list: false, value, name: `${name}[${index}]` }));
  if (name === '@' || name === '*') return { list: true, values: ctx.positional, star: name === '*', name };
  const list = p.length ? null : refToList(ex, name);
  if (list) return subject(ex, { ...p, name: list[0], index: list[1] });
  return { list: false, value: scalar(ex, name), name };
}

/** `declare -n r='a[@]'`: `$r` is then `${a[@]}` (but `${#r}` is 0, as in bash). */
function refToList(ex: Expander, name: string): [string, string] | null {
  const raw = ex.ctx.store.raw(name);
  if (!raw || !(raw.attrs & A.nameref) || !raw.value) return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\[([@*])\]$/.exec(raw.value);
  return m ? [m[1]!, m[2]!] : null;
}

function isSetArray(ex: Expander, name: string): boolean {
  const v = ex.ctx.store.lookup(name);
  if (v === undefined || v.noValue) return false;
  // A scalar counts as unset here, as in bash; FUNCNAME outside functions is unset too.
  if (v.dyn) return ex.ctx.store.indexed(name) !== undefined && !(name === 'FUNCNAME' && ex.ctx.funcDepth === 0);
  return v.arr !== undefined || v.assoc !== undefined;
}

function isSetForNames(ex: Expander, n: string): boolean {
  const v = ex.ctx.store.raw(n)!;
  // `declare -A m` alone has no value yet: bash leaves it out.
  if (v.noValue) return false;
  return v.value !== undefined || v.arr !== undefined || v.assoc !== undefined || v.dyn !== undefined;
}

/** A scalar parameter: a variable, a positional parameter or a special one. */
export function scalar(ex: Expander, name: string): string | undefined {
  const ctx = ex.ctx;
  const c = name.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    const n = Number(name);
    return n === 0 ? ctx.scriptName : ctx.positional[n - 1];
  }
  if (name.length === 1 && !((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) {
    switch (name) {
      case '#': return String(ctx.positional.length);
      case '?': return String(ctx.lastStatus);
      case '$': return ctx.shellPid ?? String(process.pid);
      case '!': return ctx.lastBackground || undefined;
      case '-': return ctx.optionFlags(ex.shell.interactive) + ex.shell.flagsSuffix;
      case '@': return ctx.positional.length ? ctx.positional.join(' ') : undefined;
      case '*': return ctx.positional.length ? ctx.positional.join(ex.ifs.slice(0, 1)) : undefined;
      default: break;
    }
  }
  return ctx.store.get(name);
}

/** `${a[sub]}`: a key for an associative array, arithmetic for an indexed one. */
export function elementValue(ex: Expander, name: string, sub: string, forLength = false): MP<string | undefined> {
  const store = ex.ctx.store;
  const v = store.lookup(name);
  if (v?.assoc) return andThen(subscriptKey(ex, sub), (k) => v.assoc!.get(k));
  // `${#x[1/0]}` of an unset x is 0: bash does not evaluate the subscript.
  if (forLength && v === undefined) return undefined;
  return andThen(ex.subscriptArith(sub), (n) => {
    let i = Number(n);
    const arr = store.indexed(name);
    // `${#a[-9]}` out of range (or negative on a scalar) is an error that ends the line (bash).
    if (forLength && i < 0 && v !== undefined && (!v.arr || i + v.arr.maxIndex() + 1 < 0)) throw new ShellError(`${sub}]: bad array subscript`, 'discard', 1);
    if (i < 0) {
      // Out of range from the end: bash complains and expands to nothing.
      // (A scalar is no array here: `${x[-1]}` of x=abc is the error too.)
      const real = arr !== undefined && v?.arr !== undefined;
      if (real) i += arr.maxIndex() + 1;
      if (!real || i < 0) {
        if (!(forLength && v === undefined)) void ex.shell.errorLine(ex.ctx, `${name}: bad array subscript`);
        // Under set -e that error ends the shell (status 1), even in an if condition (bash).
        if (ex.ctx.options.errexit) throw new ExitSignal(1);
        return undefined;
      }
    }
    return arr?.get(i);
  });
}

const subscriptWords = new Map<string, Word>();

/** An associative array subscript: expanded like a word in double quotes (no splitting). */
export function subscriptKey(ex: Expander, sub: string): MP<string> {
  if (!/[$`"'\\~]/.test(sub)) return sub;
  let w: Word | undefined = subscriptWords.get(sub);
  if (!w) {
    w = new Parser(sub).parseWord('subscript') ?? { kind: 'Word', parts: [], pos: 0, end: 0 };
    if (subscriptWords.size > 1000) subscriptWords.clear();
    subscriptWords.set(sub, w);
  }
  return ex.string(w);
}

// ---- applying the operator ---------------------------------------------------------------

function apply(ex: Expander, p: ParamExp, s: Subject, b: FieldBuilder, mode: number): void | Promise<void> {
  const ctx = ex.ctx;
  if (p.length) {
    if (s.list) {
      // set -u: `${#a[@]}` of an unset array (or one declared without a value) is an error.
      // (bash discards the line with status 1 here; other unbound variables end the shell.)
      if (ctx.options.nounset && !p.names && !p.indirect && p.index !== undefined && !isSetArray(ex, p.name)) throw new ShellError(`${p.name}: unbound variable`, 'discard', 1);
      return ex.add(String(s.values.length), b, mode);
    }
    // `${#a[5]}`: no such element of an array is length 0 under set -u; of a scalar (even
    // `${#x[0]}`) or an unset name it is the same error as `${#a[@]}`.
    if (ctx.options.nounset && p.index !== undefined && !p.indirect && !p.names) {
      if (!isSetArray(ex, p.name)) throw new ShellError(`${p.name}: unbound variable`, 'discard', 1);
      return ex.add(String(localeLength(ex, s.value ?? '')), b, mode);
    }
    // (`${#!}` with no background job is 0 even under set -u.)
    if (s.value === undefined && ctx.options.nounset && !ALWAYS_SET.test(s.name) && s.name !== '!') throw unbound(s.name, p.short === true);
    return ex.add(String(localeLength(ex, s.value ?? '')), b, mode);
  }
  const op = p.op;
  if (op === undefined) {
    if (s.list) return addList(ex, s.values, s.star, b, mode);
    if (s.value === undefined) {
      if (ctx.options.nounset && !(s.name === '@' || s.name === '*')) throw unbound(p.indirect ? `!${p.name}` : s.name, p.short === true);
      if (mode & QUOTED) b.ensure();
      return;
    }
    return ex.add(s.value, b, mode);
  }
  switch (op) {
    case '-':
    case ':-':
    case '=':
    case ':=':
    case '?':
    case ':?':
    case '+':
    case ':+':
      return testOp(ex, p, s, b, mode);
    default:
      break;
  }
  if (!s.list && s.value === undefined && ctx.options.nounset && !ALWAYS_SET.test(s.name)) throw unbound(s.name, p.short === true);
  if (op === ':') return substring(ex, p, s, b, mode);
  if (op === '@') {
    if (p.transform!.length !== 1 || !TRANSFORMS.includes(p.transform!)) {
      // An unknown operator is only an error when there is a value to transform; then it ends the script.
      if (s.list ? s.values.length > 0 : s.value !== undefined) throw new ShellError(`\${${p.name}@${p.transform}}: bad substitution`, 'fatal', 127);
      if (mode & QUOTED) b.ensure();
      return;
    }
    const positional = p.name === '@' || p.name === '*';
    if (s.list && (p.index !== undefined || (positional && p.transform === 'A'))) {
      const whole = transformList(ex, p.transform!, p.name);
      if (whole) return addList(ex, whole, s.star, b, mode);
    }
    if (!s.list && p.transform === 'A') return ex.add(assignmentOf(ex, s.name.replace(/\[.*$/s, ''), s.value), b, mode);
    // Transforming an unset variable gives nothing at all (@a still shows a declared one's attributes).
    if (!s.list && s.value === undefined && !(p.transform === 'a' && ex.ctx.store.raw(p.name) !== undefined)) {
      if (mode & QUOTED) b.ensure();
      return;
    }
  }
  // An unset variable stays empty under every pattern operator (`${x/#/pre}` adds nothing).
  if (!s.list && s.value === undefined && op !== '@') {
    if (mode & QUOTED) b.ensure();
    return;
  }
  const values = s.list ? s.values : [s.value ?? ''];
  if (op === '@' && p.transform === 'P') {
    // Prompt expansion may run command substitutions: each value may take a while.
    const outs = values.map((v) => promptString(ex, v));
    const put = (out: string[]): void | Promise<void> => (s.list ? addList(ex, out, s.star, b, mode) : ex.add(out[0]!, b, mode));
    return outs.some((o) => o instanceof Promise) ? Promise.all(outs).then(put) : put(outs as string[]);
  }
  return andThen(operatorArgs(ex, p), (args) => {
    const out = values.map((v) => applyOne(ex, p, s, v, args));
    if (s.list) return addList(ex, out, s.star, b, mode);
    return ex.add(out[0]!, b, mode);
  });
}

/**
 * `${x@A}` of one value: an assignment that recreates it (`declare -FLAGS` first when it has
 * attributes; an element is named by its array). Unset: just the declaration, if any.
 */
function assignmentOf(ex: Expander, ref: string, value: string | undefined): string {
  if (!/^[A-Za-z_]/.test(ref)) return '';
  // A nameref shows the variable it refers to (`x='1'` for ${r@A} with r -> x).
  const target = ex.ctx.store.resolveName(ref);
  // (bash shows nothing for a nameref to an array element.)
  if (target !== ref && target.includes('[')) return '';
  const name = target;
  const v = ex.ctx.store.lookup(name);
  const letters = v ? attrLetters(v.attrs) : '';
  if (value === undefined) return letters ? `declare -${letters} ${name}` : '';
  const q = quoteReusable(value, byteLocale(ex));
  return letters ? `declare -${letters} ${name}=${q}` : `${name}=${q}`;
}

interface OpArgs {
  pattern: string;
  replacement: string;
}

/** The pattern and replacement words of `#`, `%`, `/`, `^`, `,`, expanded once. */
function operatorArgs(ex: Expander, p: ParamExp): MP<OpArgs> {
  if (p.op === '@') return { pattern: '', replacement: '' };
  // (`${x/#~/y}`: the pattern text is `#~`, so its tilde is not at the start of a word.)
  const pat = p.arg ? ex.pattern(p.arg, p.op === '/#' || p.op === '/%' ? NO_TILDE : 0) : '';
  return andThen(pat, (pattern) => {
    if (!(p.op === '/' || p.op === '//' || p.op === '/#' || p.op === '/%') || !p.arg2) return { pattern, replacement: '' };
    const rep = ex.ctx.shopt.patsub_replacement ? ex.replacementText(p.arg2) : ex.string(p.arg2);
    return andThen(rep, (replacement) => ({ pattern, replacement }));
  });
}

function applyOne(ex: Expander, p: ParamExp, s: Subject, v: string, a: OpArgs): string {
  // Under a byte locale `?` and brackets match bytes: match on the bytes, one char each.
  // (and case changes touch only ASCII letters).
  if ('#%/^,~'.includes(p.op![0]!) && /[^\x00-\x7f]/.test(v + a.pattern + a.replacement) && byteLocale(ex)) {
    const out = applyOne1(ex, p, s, toByteChars(v), { pattern: toByteChars(a.pattern), replacement: toByteChars(a.replacement) }, true);
    return fromByteChars(out);
  }
  return applyOne1(ex, p, s, v, a, false);
}

function applyOne1(ex: Expander, p: ParamExp, s: Subject, v: string, a: OpArgs, asciiOnly: boolean): string {
  const ext = ex.ctx.shopt.extglob;
  switch (p.op) {
    case '#':
    case '##':
      return trimPattern(v, a.pattern, 'prefix', p.op === '##', ext);
    case '%':
    case '%%':
      return trimPattern(v, a.pattern, 'suffix', p.op === '%%', ext);
    case '/':
    case '//':
    case '/#':
    case '/%':
      // nocasematch applies to pattern substitution (not to # % or case changes), as in bash.
      return replacePattern(v, a.pattern, a.replacement, p.op, { extglob: ext, ampersand: ex.ctx.shopt.patsub_replacement, nocase: ex.ctx.shopt.nocasematch });
    case '^':
    case '^^':
    case ',':
    case ',,': {
      const upper = p.op[0] === '^';
      const all = p.op.length === 2;
      const pat = a.pattern;
      return caseFold(v, upper, all, casePredicate(pat, ext, asciiOnly));
    }
    case '~':
    case '~~':
      return caseToggle(v, p.op.length === 2, casePredicate(a.pattern, ext, asciiOnly));
    case '@':
      return transformValue(ex, p.transform!, v, s);
    default:
      return v;
  }
}

/** Which characters a case change applies to: those the pattern matches (all without one), ASCII ones only under a byte locale. */
function casePredicate(pat: string, extglob: boolean, asciiOnly: boolean): ((ch: string) => boolean) | null {
  if (pat === '') return asciiOnly ? (ch) => ch < '\x80' : null;
  return (ch) => (!asciiOnly || ch < '\x80') && matchPattern(pat, ch, { extglob, nocase: false });
}

/** `-`, `=`, `?`, `+` with or without `:`. */
function testOp(ex: Expander, p: ParamExp, s: Subject, b: FieldBuilder, mode: number): void | Promise<void> {
  const op = p.op!;
  const colon = op.length === 2;
  const isSet = s.list ? s.values.length > 0 : s.value !== undefined;
  // "${a[*]:-w}" tests the elements joined as the expansion joins them: with IFS empty, two
  // empty elements are null. Where words are split (and for @), bash joins with a space to test.
  const isNull = s.list ? s.values.join(s.star && (mode & QUOTED || !(mode & SPLIT)) ? ex.ifs.slice(0, 1) : ' ') === '' : s.value === '';
  const useDefault = !isSet || (colon && isNull);
  const keep = (): void | Promise<void> => {
    if (s.list) return addList(ex, s.values, s.star, b, mode);
    return ex.add(s.value!, b, mode);
  };
  switch (op[op.length - 1]) {
    case '-':
      return useDefault ? argWord(ex, p.arg, b, mode) : keep();
    case '+':
      if (useDefault) {
        // "${@:+w}" with nothing to test is no word at all, like "$@" (but "${*:+w}" is one).
        if (mode & QUOTED && !(s.list && !s.star)) b.ensure();
        return;
      }
      return argWord(ex, p.arg, b, mode);
    case '=': {
      if (!useDefault) return keep();
      // ${!x=w} assigns to the variable x names (not to an element or a special parameter).
      if (p.indirect && !s.list && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.name)) throw new ShellError(`${s.name}: invalid variable name`, 'discard', 1);
      if (s.list || !/^[A-Za-z_]/.test(s.name)) throw new ShellError(`$${s.name}: cannot assign in this way`, 'discard', 1);
      // The word is expanded as a word, not an assignment: only a leading tilde (bash).
      // (Inside double quotes not even that.)
      const value = p.arg ? ex.string(p.arg, mode & QUOTED) : '';
      return andThen(value, (v) => {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]$/s.exec(s.name);
        try {
          if (m) assignElement(ex, m[1]!, m[2]!, v);
          else ex.ctx.store.assign(s.name, v);
        } catch (e) {
          // A readonly target discards the command line with status 2 (bash's EX_BADUSAGE).
          if (e instanceof VarError && e.kind === 'readonly') throw new ShellError(e.message, 'discard', 2);
          throw e;
        }
        const now = m ? v : (ex.ctx.store.get(s.name) ?? v);
        ex.add(now, b, mode);
      });
    }
    default: {
      if (!useDefault) return keep();
      const msg = p.arg && p.arg.parts.length ? ex.string(p.arg) : colon ? 'parameter null or not set' : 'parameter not set';
      return andThen(msg, (m) => {
        throw new ShellError(`${s.name}: ${m}`, 'fatal', 127);
      });
    }
  }
}

function assignElement(ex: Expander, name: string, sub: string, value: string): void {
  const store = ex.ctx.store;
  if (store.lookup(name)?.assoc) {
    const k = subscriptKey(ex, sub);
    if (typeof k === 'string') store.setKey(name, k, value);
    return;
  }
  const n = ex.subscriptArith(sub);
  if (!(n instanceof Promise)) store.setIndex(name, Number(n), value);
}

/** The word after `:-`/`:+`: expanded in the surrounding quoting context. */
function argWord(ex: Expander, arg: Word | undefined, b: FieldBuilder, mode: number): void | Promise<void> {
  if (!arg || arg.parts.length === 0) {
    if (mode & QUOTED) b.ensure();
    return;
  }
  if (mode & QUOTED) {
    b.ensure();
    return ex.parts(arg.parts, b, mode, 0);
  }
  // Unquoted: literal text of the default word is split like an expansion result, but the
  // first part may be a tilde prefix.
  return argParts(ex, arg, b, mode, 0);
}

function argParts(ex: Expander, arg: Word, b: FieldBuilder, mode: number, from: number): void | Promise<void> {
  for (let i = from; i < arg.parts.length; i++) {
    const part = arg.parts[i]!;
    let r: void | Promise<void> = undefined;
    if (part.kind === 'Lit' && !part.escaped && !(i === 0 && part.value.startsWith('~'))) {
      // In an assignment's value a tilde after a `:` expands here too (`a=${u:-x:~}`).
      const v = mode & (ASSIGN | ASSIGN_WORD) ? ex.tildeAssign(part.value, false) : part.value;
      if (mode & SPLIT) b.split(v);
      else b.unquoted(v);
    } else r = ex.parts([part], b, mode, 0);
    if (r) return r.then(() => argParts(ex, arg, b, mode, i + 1));
  }
}
