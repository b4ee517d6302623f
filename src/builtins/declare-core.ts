// What declare, typeset, local, export and readonly share: option letters that set (-) or
// clear (+) attributes, `name=value` and `name=(...)` arguments (expanded by the shell as
// assignments, see DeclArg), and `-p` listings in bash's exact format.
import { ErrorLines } from './ordered.js';

/** Marks a message printed without the builtin's name (`x: readonly variable`, as an assignment says it). */
const BARE = '\u0000';
import { A, AssocArray, IndexedArray, attrLetters, isName, VarError, type Variable, type VarStore } from '../lib/vars.js';
import { declareLine } from '../lib/declare-format.js';
import { byteLocaleOf, quoteForSet } from '../lib/quote.js';
import type { BuiltinContext, DeclArg } from './types.js';
import { writeNow } from './types.js';

const LETTER_ATTR: Record<string, number> = {
  a: A.array, A: A.assoc, i: A.integer, l: A.lower, u: A.upper, c: A.capitalize, n: A.nameref, r: A.readonly, t: A.trace, x: A.export,
};

export interface DeclareMode {
  /** Which builtin: its own default attributes and rules. */
  kind: 'declare' | 'local' | 'export' | 'readonly';
  /** Option letters it accepts. */
  letters: string;
}

interface Parsed {
  on: Set<string>;
  off: Set<string>;
  args: DeclArg[];
}

/** No options given (shared, never changed: runDeclare copies it before adding to it). */
const NO_FLAGS = new Set<string>();

/** Splits options from arguments; returns an error message for a bad option. */
function parseArgs(ctx: BuiltinContext, letters: string): Parsed | string {
  const decl: DeclArg[] = ctx.decl ?? ctx.args.map((w) => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(.*)\])?(\+?)=(.*)$/s.exec(w);
    return m ? { name: m[1]!, index: m[2], append: m[3] === '+', value: m[4]!, word: w } : { word: w };
  });
  // `local x=1 y`, the common case: no options, nothing to allocate.
  const w0 = decl[0]?.word;
  if (w0 === undefined || decl[0]!.name !== undefined || !/^[-+]./.test(w0)) return { on: NO_FLAGS, off: NO_FLAGS, args: decl };
  const on = new Set<string>();
  const off = new Set<string>();
  let i = 0;
  for (; i < decl.length; i++) {
    const w = decl[i]!.word;
    if (w === undefined || decl[i]!.name !== undefined && decl[i]!.value !== undefined && !w.startsWith('-') && !w.startsWith('+')) break;
    if (w === '--') {
      i++;
      break;
    }
    if (!/^[-+]./.test(w)) break;
    for (const f of w.slice(1)) {
      if (!letters.includes(f)) return `${w[0]}${f}: invalid option`;
      (w[0] === '-' ? on : off).add(f);
    }
  }
  // Two of -u, -l and -c together cancel out (bash sets none of them).
  if (Number(on.has('u')) + Number(on.has('l')) + Number(on.has('c')) > 1) {
    on.delete('u');
    on.delete('l');
    on.delete('c');
  }
  return { on, off, args: decl.slice(i) };
}

function err(ctx: BuiltinContext, msg: string): void | Promise<void> {
  return writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}${ctx.name}: ${msg}\n`);
}

/** A line of `declare -p` (or `export -p` / `readonly -p`, which bash prints the same way). */
function printVar(store: VarStore, name: string, v: Variable): string {
  return declareLine(name, v, store);
}

export function runDeclare(ctx: BuiltinContext, mode: DeclareMode): number | Promise<number> {
  const parsed = parseArgs(ctx, mode.letters);
  if (typeof parsed === 'string') {
    // One line, by aosh's rule for usage errors (bash adds a `NAME: usage:` line).
    const w = err(ctx, parsed);
    return w ? w.then(() => 2) : 2;
  }
  const { args } = parsed;
  let { on, off } = parsed;
  const sh = ctx.shell;
  const store = sh.vars;
  const out: string[] = [];
  const errs = new ErrorLines(out);
  let status = 0;
  if (mode.kind === 'local' && sh.funcDepth === 0) {
    errs.push('can only be used in a function');
    return finish(ctx, errs, 1);
  }
  if (mode.kind === 'export' || mode.kind === 'readonly') {
    if (on === NO_FLAGS) on = new Set();
    if (off === NO_FLAGS) off = new Set();
  }
  if (mode.kind === 'export' && on.has('n')) {
    // export -n: the export mark comes off (it is not a nameref here); `export -pn` lists.
    on.delete('n');
    if (args.length || !on.has('p')) off.add('x');
    else on.add('x');
  } else if (mode.kind === 'export') on.add('x');
  if (mode.kind === 'readonly') on.add('r');
  // `export -p NAME` / `readonly -p NAME`: bash ignores -p when names are given and marks them.
  if ((mode.kind === 'export' || mode.kind === 'readonly') && args.length) on.delete('p');
  const functions = on.has('f') || on.has('F');

  // (-g and -I change nothing in a listing: `declare -g` lists as `declare` does.)
  const listOn = on.has('g') || on.has('I') ? new Set([...on].filter((f) => f !== 'g' && f !== 'I')) : on;
  if (args.length === 0 && (on.has('p') || mode.kind !== 'declare' || listOn.size === 0 || functions || onlyFilters(listOn))) {
    listAll(ctx, mode, listOn, off, out);
    return finish(ctx, errs, 0);
  }

  if (functions) {
    // Attributes a function cannot have: bash names the first and fails with 1.
    const bad = [...on].find((c) => 'aAin'.includes(c));
    if (bad) {
      errs.push(`-${bad}: invalid option`);
      return finish(ctx, errs, 1);
    }
    if (args.some((a) => a.value !== undefined)) {
      errs.push('cannot use `-f\' to make functions');
      return finish(ctx, errs, 1);
    }
    for (const a of args) {
      const name = a.name ?? a.word ?? '';
      const flags = sh.functionFlags(name);
      if (!flags) {
        status = 1;
        // declare -p reports a missing name; plain -f/-F are silent; export/readonly -f complain.
        if (on.has('p')) errs.push(`${name}: not found`);
        else if (!(on.has('F') || (on.has('f') && mode.kind === 'declare'))) errs.push(`${name}: not a function`);
        continue;
      }
      if (off.has('r') && sh.functionFlags(name)?.readonly) {
        errs.push(`${name}: readonly function`);
        status = 1;
        continue;
      }
      if (mode.kind === 'export') sh.markFunction(name, 'export', !off.has('x'));
      if (on.has('r')) sh.markFunction(name, 'readonly', true);
      if (on.has('t') || off.has('t')) sh.markFunction(name, 'trace', on.has('t'));
      // `declare -pF f` prints as the -F listing does (`declare -fx f`); without -p, the bare name.
      // `declare -pf f` follows the body with that attribute line when there are attributes.
      const attrs = `${flags.readonly ? 'r' : ''}${flags.traced ? 't' : ''}${flags.exported ? 'x' : ''}`;
      if (mode.kind === 'declare' && !on.has('x') && !on.has('r') && !on.has('t') && off.size === 0) out.push(on.has('F') ? (on.has('p') ? `declare -f${attrs} ${name}\n` : fnName(sh, name) + '\n') : sh.functionSource(name)! + '\n' + (on.has('p') && attrs ? `declare -f${attrs} ${name}\n` : ''));
      else if ((on.has('x') || off.has('x')) && mode.kind === 'declare') sh.markFunction(name, 'export', on.has('x'));
    }
    return finish(ctx, errs, status);
  }

  // `export -p NAME` and `readonly -p NAME`: with names, bash ignores the -p and sets the mark.
  if (on.has('p') && (mode.kind === 'export' || mode.kind === 'readonly')) on.delete('p');
  // Inside a function, declare/typeset/local make their names local unless -g (local -g too).
  const local = (mode.kind === 'local' || (mode.kind === 'declare' && sh.funcDepth > 0)) && !on.has('g');
  if (on.has('p')) {
    for (const a of args) {
      // `declare -p x=1` looks for a variable named "x=1" (bash): none is found; but
      // `declare -p a=(1 2)` assigns the array, then prints it.
      if (a.name !== undefined && a.array !== undefined) {
        try {
          const r = declareOne(ctx, store, a.name, a, new Set([...on].filter((f) => f !== 'p')), off, local, mode);
          if (r !== null) {
            if (r) errs.push(r);
            status = 1;
            continue;
          }
        } catch (e) {
          const stop = declareFailed(ctx, errs, e);
          if (stop !== null) return stop;
          status = 1;
          continue;
        }
      }
      const assigned = a.name !== undefined && a.value !== undefined && a.array === undefined;
      const name = assigned ? `${a.name}${a.index !== undefined ? `[${a.index}]` : ''}${a.append ? '+' : ''}=${a.value}` : (a.name ?? a.word ?? '');
      const v = assigned ? undefined : store.raw(name);
      if (!v || (mode.kind === 'local' && v.level !== sh.funcDepth) || absentNow(store, v)) {
        errs.push(`${name}: not found`);
        status = 1;
        continue;
      }
      out.push(printVar(store, name, v) + '\n');
    }
    return finish(ctx, errs, status);
  }

  for (const a of args) {
    let name = a.name ?? a.word ?? '';
    let onArg = on;
    // `declare a[10]`: declares an array (the subscript is ignored, as in bash).
    const sub = a.name === undefined ? /^([A-Za-z_][A-Za-z0-9_]*)\[.*\]$/s.exec(name) : null;
    // export and readonly take names only (`export a[1]=x` is no identifier to bash).
    if ((sub || a.index !== undefined) && (mode.kind === 'export' || mode.kind === 'readonly')) {
      errs.push(`\`${a.index !== undefined ? `${a.name}[${a.index}]` : (a.word ?? name)}': not a valid identifier`);
      status = 1;
      continue;
    }
    if (sub) {
      name = sub[1]!;
      if (!on.has('A')) onArg = new Set([...on, 'a']);
    }
    // `readonly -a x` / `export -A x` with no value make no array of a new name (bash).
    if ((mode.kind === 'export' || mode.kind === 'readonly') && (on.has('a') || on.has('A')) && a.value === undefined && a.array === undefined && store.raw(name) === undefined) {
      onArg = new Set([...on].filter((f) => f !== 'a' && f !== 'A'));
    }
    if (!isName(name)) {
      errs.push(`\`${a.word ?? name}': not a valid identifier`);
      status = 1;
      continue;
    }
    // `export -n NAME` takes a mark off; it creates nothing (bash).
    if (mode.kind === 'export' && off.has('x') && a.value === undefined && a.array === undefined && store.raw(name) === undefined) continue;
    try {
      const r = declareOne(ctx, store, name, a, onArg, off, local, mode);
      if (r !== null) {
        // export and readonly say "NAME: readonly variable" as an assignment does, unprefixed.
        if (r) errs.push(((mode.kind === 'export' || mode.kind === 'readonly') && r === `${name}: readonly variable` ? BARE : '') + r);
        status = 1;
      }
    } catch (e) {
      const stop = declareFailed(ctx, errs, e);
      if (stop !== null) return stop;
      status = 1;
    }
  }
  return finish(ctx, errs, status);
}

/**
 * A declaration that threw: a variable error is reported and the next name goes on (null);
 * an arithmetic error in a value (`declare -i n=08`) is reported as the builtin's own message
 * (on its redirected stderr), then the rest of the command line is abandoned. (An error
 * evaluating a subscript or an integer's value ends a -c string instead.)
 */
function declareFailed(ctx: BuiltinContext, errs: ErrorLines, e: unknown): number | Promise<number> | null {
  if (e instanceof VarError) {
    errs.push(e.message);
    return null;
  }
  const action = (e as { action?: string }).action;
  if (action === 'discard' || action === 'abort') {
    errs.push(((e as { bare?: boolean }).bare === true ? BARE : '') + (e as Error).message);
    const end = (): never => (action === 'abort' && ctx.shell.commandString ? ctx.shell.exit(1) : ctx.shell.discardLine(1));
    const done = finish(ctx, errs, 1);
    if (done instanceof Promise) return done.then(end);
    return end();
  }
  throw e;
}

/** `declare -F NAME`: the name, and under extdebug where it was defined (`f 12 lib.sh`). */
function fnName(sh: BuiltinContext['shell'], name: string): string {
  if (!sh.shopt.extdebug) return name;
  const o = sh.functionOrigin(name);
  return o ? `${name} ${o.line} ${o.file}` : name;
}

function onlyFilters(on: Set<string>): boolean {
  for (const f of on) if (!'aAilnrtuxcp'.includes(f)) return false;
  return true;
}

/** Declares one name; returns an error message ('' for a silent failure), or null. */
function declareOne(ctx: BuiltinContext, store: VarStore, name: string, a: DeclArg, on: Set<string>, off: Set<string>, local: boolean, mode: DeclareMode): string | null {
  const sh = ctx.shell;
  // -aA: bash makes (and fills) an associative array, then fails to make it indexed.
  if (on.has('a') && on.has('A') && !store.raw(name)?.arr) {
    const r = declareOne(ctx, store, name, a, new Set([...on].filter((f) => f !== 'a')), off, local, mode);
    return r ?? `${name}: cannot convert associative to indexed array`;
  }
  const hasValue = a.value !== undefined || a.array !== undefined;
  const existed = store.raw(name) !== undefined;
  // A nameref's checks come before the name is created (bash leaves nothing behind).
  if (on.has('n')) {
    if (on.has('i')) return ''; // bash refuses -n with -i, silently
    if (a.value === '') return "`': not a valid identifier";
    if (a.value !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*(\[.*\])?$/s.test(a.value)) return `\`${a.value}': invalid variable name for name reference`;
    const cur = store.raw(name);
    if (cur && (cur.arr || cur.assoc) && (!local || cur.level === store.level)) return `${name}: reference variable cannot be an array`;
  }
  let v: Variable;
  if (local) {
    const cur = store.raw(name);
    if (cur && cur.level === store.level) {
      // A nameref local to this function stands for its target: `local r=7` (or `local -i r`)
      // makes the referenced name local here (bash).
      if (cur.attrs & A.nameref && cur.value && !on.has('n') && !off.has('n') && store.level > 0) {
        const target = store.resolveName(name);
        if (target !== name && /^[A-Za-z_][A-Za-z0-9_]*$/.test(target)) return declareOne(ctx, store, target, a, on, off, local, mode);
      }
      v = cur;
    } else {
      const outer = store.raw(name);
      if (outer && outer.attrs & A.readonly && (hasValue || mode.kind === 'local')) return `${name}: readonly variable`;
      v = store.makeLocal(name);
      // -I (or localvar_inherit): the local starts with the value and attributes it shadows.
      if ((sh.shopt.localvar_inherit || on.has('I')) && outer) {
        v.value = outer.value;
        v.attrs = outer.attrs & ~A.readonly;
        if (outer.arr) v.arr = outer.arr.clone();
        if (outer.assoc) v.assoc = outer.assoc.clone();
      }
    }
  } else if (on.has('g')) v = store.global(name);
  // -n/+n change the nameref itself (`declare -n p=b` re-points p), not what it references.
  else if ((on.has('n') || (off.has('n') && !hasValue)) && store.raw(name)) v = store.raw(name)!;
  else v = store.declare(name, false);
  // `x=1 export x` / `x=1 readonly x`: bash keeps the prefix assignment's variable.
  if (v.temp && (on.has('x') || on.has('r'))) v.propagate = true;
  if (v.attrs & A.nameref && !on.has('n') && !off.has('n') && v.value && !hasValue) {
    // Attributes on a nameref apply to what it references.
    const target = store.resolveName(name);
    v = store.declare(target, false);
  }
  const readonly = (v.attrs & A.readonly) !== 0;
  // An array value for a readonly name fails as the assignment `x=(...)` would: the message
  // has no builtin name and the rest of the line is dropped (bash).
  if (readonly && a.array !== undefined) throw Object.assign(new Error(`${name}: readonly variable`), { action: 'discard', bare: true });
  if (readonly && (hasValue || [...off].some((f) => f !== 'x'))) return `${name}: readonly variable`;
  if (readonly && on.has('a') && v.assoc) return `${name}: cannot convert associative to indexed array`;
  if (on.has('A') && (v.arr || (v.attrs & A.array && !v.assoc))) return `${name}: cannot convert indexed to associative array`;
  if (on.has('a') && (v.assoc || v.attrs & A.assoc)) return `${name}: cannot convert associative to indexed array`;
  if ((off.has('a') || off.has('A')) && (v.arr || v.assoc)) return `${name}: cannot destroy array variables in this way`;
  if (on.has('n') && a.value !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*(\[.*\])?$/s.test(a.value)) return `\`${a.value}': invalid variable name for name reference`;
  if (on.has('n') && a.value === name) {
    // In a function it may name a variable outside it: bash warns and allows it there.
    if (!local || store.level === 0) return `${name}: nameref variable self references not allowed`;
    void writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}${ctx.name}: warning: ${name}: circular name reference\n`);
  }
  // Attributes first (so -i, -l, -u apply to the value assigned next).
  for (const f of on) {
    const bit = LETTER_ATTR[f];
    if (bit === undefined || f === 'r') continue;
    if (f === 'a') {
      if (!v.arr && !v.assoc) {
        v.arr = v.value !== undefined ? IndexedArray.from([v.value]) : new IndexedArray();
        if (v.value === undefined && !hasValue) v.noValue = true;
        v.value = undefined;
      }
      v.attrs |= A.array;
      continue;
    }
    if (f === 'A') {
      if (!v.assoc) {
        v.assoc = new AssocArray();
        if (v.value !== undefined) v.assoc.set('0', v.value);
        else if (!hasValue) v.noValue = true;
      }
      v.value = undefined;
      v.attrs |= A.assoc;
      continue;
    }
    if (f === 'l') v.attrs &= ~(A.upper | A.capitalize);
    if (f === 'u') v.attrs &= ~(A.lower | A.capitalize);
    if (f === 'c') v.attrs &= ~(A.lower | A.upper);
    v.attrs |= bit;
  }
  // set -a: a new global scalar is exported when declared (arrays and locals are not, as in bash).
  if (!existed && !local && sh.getOption('allexport') && !v.arr && !v.assoc) v.attrs |= A.export;
  for (const f of off) {
    const bit = LETTER_ATTR[f];
    if (bit === undefined || f === 'a' || f === 'A' || f === 'r') continue;
    v.attrs &= ~bit;
  }
  // bash assigns a subscripted `declare -g a[i]=v` to the visible (local) array.
  const say = (m: string): void => void writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}${m}\n`);
  if (hasValue && on.has('g') && !local && a.index === undefined && store.raw(name) !== v) store.asVisible(name, v, () => assignValue(sh, store, name, a, v, on, say));
  else assignValue(sh, store, name, a, v, on, say);
  if (on.has('r')) v.attrs |= A.readonly;
  return null;
}

/** The value part of one declare argument (NAME=value, NAME=(...), NAME[i]=value). */
function assignValue(sh: BuiltinContext['shell'], store: VarStore, name: string, a: DeclArg, v: Variable, on: Set<string>, say: (m: string) => void): void {
  if (a.array) assignArrayArg(sh, store, name, a, say);
  else if (a.value !== undefined) {
    if (a.index !== undefined) {
      const tv = store.lookup(name);
      if (tv?.assoc) store.setKey(name, a.index, a.value, a.append);
      else store.setIndex(name, Number(sh.arithText(a.index || '0')), a.value, a.append);
    } else if (on.has('n') || v.attrs & A.nameref) {
      v.value = a.value;
    } else {
      const before = v.attrs;
      v.attrs &= ~A.readonly;
      try {
        store.assign(name, a.value, a.append);
      } finally {
        v.attrs = before | (v.attrs & ~A.readonly);
      }
    }
  }
}

function assignArrayArg(sh: BuiltinContext['shell'], store: VarStore, name: string, a: DeclArg, say: (m: string) => void): void {
  const v = store.lookup(name)!;
  const elems = a.array!;
  if (v.assoc || v.attrs & A.assoc) {
    const m = a.append && v.assoc ? v.assoc : new AssocArray();
    if (elems.length && elems.every((e) => e.key === undefined)) {
      for (let i = 0; i < elems.length; i += 2) m.set(elems[i]!.value, store.transform(v.attrs, elems[i + 1]?.value ?? ''));
    } else {
      for (const e of elems) {
        // Mixed with [k]=v elements, a bare word has no key: bash skips it (with a message).
        if (e.key === undefined) say(`${name}: '${e.value}': must use subscript when assigning associative array`);
        if (e.key === undefined || e.key === '') continue;
        m.set(e.key, e.append ? (m.get(e.key) ?? '') + e.value : store.transform(v.attrs, e.value));
      }
    }
    const keep = v.attrs;
    v.attrs &= ~A.readonly;
    store.setAssoc(name, m);
    v.attrs = keep | A.assoc;
    return;
  }
  // Appending to an array extends it in place (a loop of `a+=(x)` must stay linear).
  const inPlace = a.append && v?.arr !== undefined && !(v.attrs & A.readonly);
  const arr = inPlace ? v!.arr! : a.append ? (store.indexed(name)?.clone() ?? new IndexedArray()) : new IndexedArray();
  let next = a.append ? arr.maxIndex() + 1 : 0;
  for (const e of elems) {
    if (e.key !== undefined) {
      let i = Number(sh.arithText(e.key || '0'));
      if (i < 0) i += arr.maxIndex() + 1;
      if (i < 0) continue; // out of range from the end: bash skips the element
      arr.set(i, e.append ? (arr.get(i) ?? '') + e.value : store.transform(v.attrs, e.value));
      next = i + 1;
    } else arr.set(next++, store.transform(v.attrs, e.value));
  }
  if (inPlace) {
    v.noValue = undefined;
    return;
  }
  const keep = v.attrs;
  v.attrs &= ~A.readonly;
  store.setArray(name, arr);
  v.attrs = keep | A.array;
}

/** `declare -p`, `export -p`, `readonly -p`, `local`, `declare -x` ...: every matching variable. */
function listAll(ctx: BuiltinContext, mode: DeclareMode, on: Set<string>, off: Set<string>, out: { push(text: string): void }): void {
  const sh = ctx.shell;
  const store = sh.vars;
  if (on.has('f') || on.has('F')) {
    // -x, -r and -t pick the functions with those attributes; with -f each definition is
    // followed by its attributes, as `declare -F` prints them (bash's order: r, t, x).
    const wantX = on.has('x') || mode.kind === 'export';
    const wantR = on.has('r') || mode.kind === 'readonly';
    const wantT = on.has('t');
    for (const name of sh.functionNames()) {
      const fl = sh.functionFlags(name)!;
      if ((wantX && !fl.exported) || (wantR && !fl.readonly) || (wantT && !fl.traced)) continue;
      const attrs = `${fl.readonly ? 'r' : ''}${fl.traced ? 't' : ''}${fl.exported ? 'x' : ''}`;
      if (on.has('F')) out.push(`declare -f${attrs} ${name}\n`);
      else out.push(sh.functionSource(name)! + '\n' + (attrs ? `declare -f${attrs} ${name}\n` : ''));
    }
    return;
  }
  let want = 0;
  for (const f of on) if (LETTER_ATTR[f] !== undefined) want |= LETTER_ATTR[f]!;
  const plain = mode.kind === 'declare' && on.size === 0;
  const posixListing = (mode.kind === 'export' || mode.kind === 'readonly') && sh.getOption('posix') === true;
  for (const name of store.names()) {
    const v = store.raw(name)!;
    if (v.unlisted || (mode.kind === 'local' && v.level !== store.level) || absentNow(store, v)) continue;
    let attrs = v.attrs;
    if (v.arr) attrs |= A.array;
    if (v.assoc) attrs |= A.assoc;
    if ((attrs & want) !== want) continue;
    if (off.size && [...off].some((f) => LETTER_ATTR[f] !== undefined && attrs & LETTER_ATTR[f]!)) continue;
    if (plain) {
      // `declare` alone lists like `set`: name=value.
      if (v.invisible) continue;
      const value = v.listedEmpty ? '()' : setValue(store, name, v);
      if (value !== null) out.push(`${name}=${value}\n`);
      continue;
    }
    if (mode.kind === 'export' && !(v.attrs & A.export)) continue;
    const line = v.invisible || v.listedEmpty ? listedLine(name, v, store) : printVar(store, name, v);
    out.push((posixListing ? posixLine(mode.kind, line) : line) + '\n');
  }
  // posix mode: variables only, as `set` lists them.
  if (plain && !sh.getOption('posix')) for (const name of sh.functionNames()) out.push(sh.functionSource(name)! + '\n');
}

/** A special that is no variable yet (see Dynamic.absentWhenEmpty). */
function absentNow(store: VarStore, v: Variable): boolean {
  return !!v.dyn?.absentWhenEmpty && v.dyn.array!(store.host).length === 0;
}

/** A special in a listing, as bash shows it there (see Variable.invisible and listedEmpty). */
function listedLine(name: string, v: Variable, store: VarStore): string {
  const line = declareLine(name, { ...v, value: undefined, dyn: undefined, arr: undefined, assoc: undefined, noValue: true }, store);
  return v.listedEmpty ? line + '=()' : line;
}

/**
 * `export -p` / `readonly -p` in posix mode: `export NAME="v"`, the builtin's own name instead
 * of `declare` and of every attribute but -a/-A (`readonly -a A=(...)`), as bash prints them.
 */
function posixLine(kind: string, line: string): string {
  const m = /^declare -(\S+) /.exec(line);
  if (!m) return line;
  const arr = m[1]!.replace(/[^aA]/g, '');
  return `${kind} ${arr ? `-${arr} ` : ''}${line.slice(m[0].length)}`;
}

/** A variable as `set` prints it (value quoted for reuse; arrays in (...) form), or null when unset. */
export function setValue(store: VarStore, name: string, v: Variable): string | null {
  const line = declareLine(name, v, store);
  const eq = line.indexOf('=');
  if (v.arr || v.assoc || v.dyn?.array) return eq < 0 ? null : line.slice(eq + 1);
  const value = v.dyn ? v.dyn.get(store.host) : v.value;
  // An empty value is `x=` in set's listing (where %q-style quoting would give '').
  return value === undefined ? null : value === '' ? '' : quoteForSet(value, byteLocaleOf((n) => store.get(n)));
}

/** Writes the output and the messages in the order they were made (see ErrorLines). */
function finish(ctx: BuiltinContext, errs: ErrorLines, status: number): number | Promise<number> {
  // (A message starting with BARE is printed without the builtin's name.)
  const w = errs.write(ctx, (m) => `${ctx.errorPrefix ?? ''}${m.startsWith(BARE) ? m.slice(1) : `${ctx.name}: ${m}`}\n`);
  return w ? w.then(() => status) : status;
}

export { attrLetters };
