// Assignments: `x=v`, `x+=v`, `a[i]=v`, `a=(...)` with bash's rules for arrays (sparse
// indices, `[k]=v` elements, appends, associative arrays from key/value pairs) and the
// order bash evaluates them in: each right side is expanded, then assigned, left to right.
import type { ArrayElem, Assign, Word, WordPart } from './ast.js';
import { braceExpand } from './brace.js';
import type { DeclArg } from '../builtins/types.js';
import type { ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { ASSIGN, NO_TILDE } from './expand.js';
import { subscriptKey } from './param.js';
import { A, AssocArray, IndexedArray } from '../lib/vars.js';
import { ShellError } from './errors.js';
import { andThen, type MP } from './maybe.js';
import { quoteTraceValue, xtraceLine } from './xtrace.js';
import { Parser } from './parser.js';

/** Performs assignments in order (each sees the ones before it). */
export function assignAll(shell: Shell, assigns: readonly Assign[], ctx: ShellContext): MP<void> {
  for (let i = 0; i < assigns.length; i++) {
    const r = assignOne(shell, assigns[i]!, ctx);
    if (r) return r.then(() => assignAll(shell, assigns.slice(i + 1), ctx));
  }
}

function assignOne(shell: Shell, a: Assign, ctx: ShellContext): void | Promise<void> {
  const ex = shell.expander(ctx);
  const store = ctx.store;
  if (a.array && a.index !== undefined) throw new ShellError(`${a.name}[${a.index}]: cannot assign list to array member`, 'discard', 1);
  if (a.array) {
    // bash traces a compound assignment as written, before expanding it: `a=(1 "$x")`.
    if (ctx.options.xtrace) traceAssign(shell, ctx, arrayAssignText(ctx, a, a.array));
    return andThen(expandElems(shell, a.array, ctx, store.lookup(a.name)?.assoc !== undefined), (elems) => {
      assignArray(shell, ctx, a.name, elems, a.append);
    });
  }
  if (a.index !== undefined) {
    const v = store.lookup(a.name);
    if (v?.assoc) {
      return andThen(subscriptKey(ex, a.index), (key) =>
        andThen(ex.string(a.value, ASSIGN), (value) => {
          if (key === '') throw new ShellError(`${a.name}[${a.index}]: bad array subscript`, 'discard', 1);
          if (ctx.options.xtrace) traceAssign(shell, ctx, `${a.name}[${key}]${a.append ? '+' : ''}=${quoteTraceValue(ctx, value)}`);
          store.setKey(a.name, key, value, a.append);
        }),
      );
    }
    // `a[]=v`, `a[@]=v`: no element to assign (bash: an error that ends the command list).
    if (/^\s*$|^[@*]$/.test(a.index)) throw new ShellError(`${a.name}[${a.index}]: bad array subscript`, 'discard', 1);
    return andThen(ex.subscriptArith(a.index), (n) =>
      andThen(ex.string(a.value, ASSIGN), (value) => {
        if (ctx.options.xtrace) traceAssign(shell, ctx, `${a.name}[${String(n)}]${a.append ? '+' : ''}=${quoteTraceValue(ctx, value)}`);
        store.setIndex(a.name, Number(n), value, a.append);
      }),
    );
  }
  const value = ex.string(a.value, ASSIGN);
  if (value instanceof Promise) {
    return value.then((v) => {
      if (ctx.options.xtrace) traceAssign(shell, ctx, `${a.name}${a.append ? '+' : ''}=${quoteTraceValue(ctx, v)}`);
      store.assign(a.name, v, a.append);
    });
  }
  if (ctx.options.xtrace) traceAssign(shell, ctx, `${a.name}${a.append ? '+' : ''}=${quoteTraceValue(ctx, value)}`);
  store.assign(a.name, value, a.append);
}

export interface Elem {
  /** The subscript, expanded (a key, or index text for indexed arrays). */
  key?: string;
  append?: boolean;
  value: string;
}

/** Expands the elements of an array literal, left to right. */
export function expandElems(shell: Shell, items: readonly ArrayElem[], ctx: ShellContext, assoc: boolean): MP<Elem[]> {
  const ex = shell.expander(ctx);
  const out: Elem[] = [];
  const step = (i: number): MP<Elem[]> => {
    for (; i < items.length; i++) {
      const it = items[i]!;
      let r: MP<unknown>;
      // Brace expansion sees the whole `[k]=v` word of an indexed array: when it expands a
      // group, what it makes are plain words (`[0]=a [0]=b`), not subscripted elements.
      const spread = it.key !== undefined && !assoc && ctx.options.braceexpand ? bracedElement(it) : null;
      if (spread) {
        r = andThen(ex.fields(spread, false), (fields) => {
          for (const f of fields) out.push({ value: f });
        });
      } else if (it.key !== undefined) {
        const key = it.key;
        // Values and subscripts are expanded first; indexed subscripts are evaluated as
        // arithmetic only when the elements are assigned (bash's order).
        const k = assoc ? subscriptKey(ex, key) : /[$`]/.test(key) ? ex.string(arithTextWord(key)) : key;
        // bash expands tildes in `[i]=~` values of indexed arrays only, never in associative ones.
        r = andThen(k, (kk) => andThen(ex.string(it.value, assoc ? NO_TILDE : ASSIGN), (v) => void out.push({ key: kk, append: it.append, value: v })));
      } else {
        r = andThen(ex.fields([it.value], false), (fields) => {
          for (const f of fields) out.push({ value: f });
        });
      }
      if (r instanceof Promise) {
        const k = i;
        return r.then(() => step(k + 1));
      }
    }
    return out;
  };
  return step(0);
}

function bracedElement(it: ArrayElem): Word[] | null {
  if (!it.key!.includes('{') && !it.value.parts.some((p) => p.kind === 'Lit' && p.value.includes('{'))) return null;
  const prefix: WordPart = { kind: 'Lit', value: `[${it.key}]${it.append ? '+' : ''}=` };
  const whole: Word = { ...it.value, parts: [prefix, ...it.value.parts] };
  const words = braceExpand(whole);
  // (Even one word back, from `{1..1}`, counts: the group was expanded.)
  return words.length === 1 && words[0] === whole ? null : words;
}

function arithTextWord(text: string): import('./ast.js').Word {
  return new Parser(text).parseArithText();
}

/** Replaces (or with `append`, extends) an array with expanded elements. */
export function assignArray(shell: Shell, ctx: ShellContext, name: string, elems: Elem[], append: boolean): void {
  const store = ctx.store;
  const v = store.lookup(name);
  if (v?.assoc || (v && v.attrs & 256 /* A.assoc */)) {
    const m = append && v.assoc ? v.assoc : new AssocArray();
    if (elems.length && elems.every((e) => e.key === undefined)) {
      // `m=(k1 v1 k2 v2)`: key/value pairs (bash 5.1).
      for (let i = 0; i < elems.length; i += 2) m.set(elems[i]!.value, store.transform(v.attrs, elems[i + 1]?.value ?? ''));
    } else {
      for (const e of elems) {
        const key = e.key;
        // Mixed with [k]=v elements, a bare word has no key: bash skips it.
        if (key === undefined) {
          void shell.errorLine(ctx, `${name}: ${e.value}: must use subscript when assigning associative array`);
          continue;
        }
        if (key === '') {
          void shell.errorLine(ctx, `${name}[${key}]: bad array subscript`);
          continue;
        }
        m.set(key, e.append ? (m.get(key) ?? '') + e.value : store.transform(v.attrs, e.value));
      }
    }
    if (!(append && v.assoc)) store.setAssoc(name, m);
    else v.noValue = undefined; // `declare -A m; m+=(k v)`: now it has a value
    return;
  }
  // Appending to an array extends it in place (a loop of `a+=(x)` must stay linear).
  const inPlace = append && v?.arr !== undefined && !(v.attrs & A.readonly);
  const arr = inPlace ? v!.arr! : append ? (store.indexed(name)?.clone() ?? new IndexedArray()) : new IndexedArray();
  let next = append ? arr.maxIndex() + 1 : 0;
  const attrs = v?.attrs ?? 0;
  const arith = (t: string): number => Number(shell.expander(ctx).arithText(t));
  for (const e of elems) {
    if (e.key !== undefined) {
      // A bad subscript skips that element with a message; the others are assigned (bash).
      if (e.key.trim() === '' || e.key === '@' || e.key === '*') {
        void shell.errorLine(ctx, `[${e.key}]=${e.value}: ${e.key.trim() ? 'cannot assign to non-numeric index' : 'bad array subscript'}`);
        continue;
      }
      let i = arith(e.key);
      if (i < 0) {
        i += arr.maxIndex() + 1;
        if (i < 0) {
          void shell.errorLine(ctx, `[${e.key}]=${e.value}: bad array subscript`);
          continue;
        }
      }
      const val = e.append ? store.transform(attrs & ~4, (arr.get(i) ?? '') + e.value) : store.transform(attrs, e.value);
      arr.set(i, attrs & 4 && e.append ? store.transform(attrs, `${arr.get(i) || 0}+(${e.value})`) : val);
      next = i + 1;
    } else arr.set(next++, store.transform(attrs, e.value));
  }
  if (inPlace) v!.noValue = undefined;
  else store.setArray(name, arr);
}

/** A declaration builtin's `name=value` argument, expanded but not assigned (the builtin does). */
export function expandAssign(shell: Shell, a: Assign, ctx: ShellContext): MP<DeclArg> {
  const ex = shell.expander(ctx);
  if (a.array) {
    // The kind of array decides how subscripts are read: the builtin's -A, or the variable's.
    return andThen(expandElems(shell, a.array, ctx, declaresAssoc(ctx, a.name)), (elems) => ({ name: a.name, append: a.append, array: elems }));
  }
  return andThen(ex.string(a.value, ASSIGN), (value): MP<DeclArg> => {
    if (a.index === undefined) {
      const arr = arrayFromText(shell, ctx, a.name, a.append, value);
      if (arr) return arr;
    }
    return { name: a.name, append: a.append, value, index: a.index };
  });
}

/**
 * `declare -a x="(1 2)"`, `declare -a "$n=(1 2)"`: an array's value in parentheses is read
 * again as a compound assignment and expanded (bash); null when it is no such value.
 */
export function arrayFromText(shell: Shell, ctx: ShellContext, name: string, append: boolean, value: string): MP<DeclArg> | null {
  if (!value.startsWith('(') || !value.endsWith(')') || !declaresArray(ctx, name)) return null;
  const items = new Parser(value).parseArrayText();
  if (!items) return null;
  return andThen(expandElems(shell, items, ctx, declaresAssoc(ctx, name)), (elems) => ({ name, append, array: elems }));
}

/** Whether `name` is (or is being declared) an array of either kind. */
function declaresArray(ctx: ShellContext, name: string): boolean {
  const v = ctx.store.lookup(name);
  return v?.arr !== undefined || v?.assoc !== undefined || ctx.declaringArray === true || ctx.declaringAssoc === true;
}

/** Whether `name` is (or is being declared) an associative array. Set by declare before expansion. */
function declaresAssoc(ctx: ShellContext, name: string): boolean {
  return ctx.store.lookup(name)?.assoc !== undefined || ctx.declaringAssoc === true;
}

/** `name=(…)` from the statement's source, elements one space apart. */
function arrayAssignText(ctx: ShellContext, a: Assign, elems: readonly ArrayElem[]): string {
  const src = ctx.stmtSrc;
  const text = elems.map((e) => (e.key !== undefined ? `[${e.key}]${e.append ? '+' : ''}=` : '') + src.slice(e.value.pos, e.value.end));
  return `${a.name}${a.append ? '+' : ''}=(${text.join(' ')})`;
}

export function traceAssign(shell: Shell, ctx: ShellContext, text: string): void {
  void shell.writeTrace(ctx, xtraceLine(shell, ctx, [text], true));
}


