// The shell's variables: attributes, arrays, dynamic scoping and namerefs, with bash's rules.
//
// Scoping is shallow binding: one map holds the binding each name has right now, and every
// function call keeps the bindings its `local`s shadowed, to put back on return. A lookup
// is one Map.get whatever the call depth. `unset` is bash's dynamic unset: a local of the
// current function becomes unset but stays local; a local of a calling function is popped,
// which shows the binding beneath it.
import { VarMap } from './var-map.js';
import { AssocArray, IndexedArray } from './arrays.js';

export { AssocArray, IndexedArray };
export { VarMap };

export { A, attrLetters, copyVar, isName, VarError, type AssignHooks, type Dynamic, type Variable } from './var-types.js';
import { A, copyVar, VarError, type AssignHooks, type Variable } from './var-types.js';

interface Scope {
  readonly map: Map<string, Variable | null>;
  readonly prev: Scope | null;
  readonly depth: number;
  readonly owner: VarStore;
  readonly epoch: number;
}

export class VarStore {
  readonly vars = new VarMap();
  /**
   * The function scopes, innermost first: scope k+1 remembers what its locals shadowed
   * (null: nothing was bound). A persistent list, so that a clone (a subshell) shares the
   * scopes with its parent in O(1) and whichever writes to one first copies it (and the
   * scopes above it) — a subshell of a deep recursion then costs its variables, not one map
   * per active function.
   */
  private scopes: Scope | null = null;
  /** Scopes tagged with this store and epoch are this store's own to change. */
  private epoch = 0;
  /** Set by the owner: passed to dynamic variables, arithmetic for -i. */
  host: unknown = null;
  hooks: AssignHooks = { arith: (t) => t };
  /** `set -a`: every assignment exports (read from the owner's options). */
  get allexport(): boolean {
    return (this.host as { options?: { allexport?: boolean } } | null)?.options?.allexport === true;
  }

  get level(): number {
    return this.scopes ? this.scopes.depth : 0;
  }

  clone(): VarStore {
    const s = new VarStore();
    for (const [k, v] of this.vars) s.vars.set(k, copyVar(v));
    // A subshell keeps the scopes (locals stay local in it) but never pops into the parent.
    s.scopes = this.scopes;
    this.epoch++;
    return s;
  }

  /**
   * The map of scope `depth` (1 = outermost function), made this store's own first: a
   * shared scope is copied with its variables (they go back into `vars` on pop), and so are
   * the shared scopes above it, which point down at it.
   */
  private frame(depth: number): Map<string, Variable | null> {
    const path: Scope[] = [];
    let n = this.scopes;
    while (n && n.depth > depth) {
      path.push(n);
      n = n.prev;
    }
    if (!n) throw new Error(`no scope ${depth}`);
    if (this.mine(n) && path.every((p) => this.mine(p))) return n.map;
    let below = this.own(n, n.prev);
    const target = below;
    for (let k = path.length - 1; k >= 0; k--) below = this.own(path[k]!, below);
    this.scopes = below;
    return target.map;
  }

  private mine(n: Scope): boolean {
    return n.owner === this && n.epoch === this.epoch;
  }

  private own(n: Scope, prev: Scope | null): Scope {
    if (this.mine(n) && n.prev === prev) return n;
    const map = new Map<string, Variable | null>();
    for (const [name, v] of n.map) map.set(name, v ? copyVar(v) : null);
    return { map, prev, depth: n.depth, owner: this, epoch: this.epoch };
  }

  // ---- reading -----------------------------------------------------------------------

  /** The binding visible now, namerefs not followed. */
  raw(name: string): Variable | undefined {
    return this.vars.get(name);
  }

  /** Follows namerefs to the name (possibly `a[i]`) really meant. */
  resolveName(name: string): string {
    let n = name;
    for (let i = 0; i < 16; i++) {
      const v = this.vars.get(n);
      if (!v || !(v.attrs & A.nameref) || v.value === undefined || v.value === '') return n;
      n = v.value;
    }
    throw new VarError(`warning: ${name}: circular name reference`, 'nameref');
  }

  /**
   * resolveName for a read: a circular reference is a warning and reads as unset (bash);
   * writes go through resolveName, whose error abandons the command line.
   */
  private readName(name: string): string | null {
    try {
      return this.resolveName(name);
    } catch (e) {
      if (!(e instanceof VarError) || e.kind !== 'nameref') throw e;
      this.hooks.warn?.(e.message.replace(/^warning: /, ''));
      return null;
    }
  }

  /** The variable behind a name (namerefs followed). */
  lookup(name: string): Variable | undefined {
    let v = this.vars.get(name);
    const self = this.selfRef(name, v);
    if (self) v = self.outer;
    else if (v !== undefined && v.attrs & A.nameref) {
      const target = this.readName(name);
      v = target === null ? undefined : this.vars.get(target);
    }
    if (v?.dyn?.assoc) v.assoc = v.dyn.assoc(this.host);
    return v;
  }

  /**
   * A function's `local -n ref=ref` (bash warns, and allows it there): it stands for the
   * variable of that name outside the function (the binding its local shadows, at the
   * bottom). Returns that binding's holder, or null when `name` is no such nameref.
   */
  private selfRef(name: string, v: Variable | undefined): { outer: Variable | undefined } | null {
    if (!v || !(v.attrs & A.nameref) || v.value !== name || v.level === 0) return null;
    this.hooks.warn?.(`${name}: circular name reference`);
    let outer: Variable | undefined;
    for (let n = this.scopes; n; n = n.prev) if (n.map.has(name)) outer = n.map.get(name) ?? undefined;
    return { outer };
  }

  /** `$name`: the scalar value, element 0 of an array. */
  get(name: string): string | undefined {
    let v = this.vars.get(name);
    if (v === undefined) return undefined;
    const self = this.selfRef(name, v);
    if (self) return self.outer?.value;
    if (v.attrs & A.nameref) {
      const target = this.readName(name);
      if (target === null) return undefined;
      const br = target.indexOf('[');
      if (br > 0 && target.endsWith(']')) return this.element(target.slice(0, br), target.slice(br + 1, -1));
      v = this.vars.get(target);
      if (v === undefined) return undefined;
    }
    if (v.dyn) return v.dyn.get(this.host);
    if (v.arr) return v.arr.get(0);
    if (v.assoc) return v.assoc.get('0');
    return v.value;
  }

  /** An element by already-evaluated subscript text (for namerefs to `a[i]`). */
  private element(name: string, sub: string): string | undefined {
    const v = this.lookup(name);
    if (!v) return undefined;
    if (v.assoc) return v.assoc.get(sub);
    const i = Number(sub);
    if (v.arr) return v.arr.get(i < 0 ? i + v.arr.maxIndex() + 1 : i);
    return i === 0 ? v.value : undefined;
  }

  isSet(name: string): boolean {
    const v = this.lookup(name);
    if (!v) return false;
    if (v.dyn) return v.dyn.get(this.host) !== undefined || (v.dyn.array?.(this.host).length ?? 0) > 0;
    if (v.arr) return v.arr.has(0);
    if (v.assoc) return v.assoc.has('0');
    return v.value !== undefined;
  }

  /** Elements of an indexed array as [index, value] (a scalar is element 0). */
  indexed(name: string): IndexedArray | undefined {
    const v = this.lookup(name);
    if (!v) return undefined;
    if (v.arr) return v.arr;
    if (v.dyn?.array) return IndexedArray.from(v.dyn.array(this.host));
    const s = v.dyn ? v.dyn.get(this.host) : v.value;
    if (v.assoc || s === undefined) return undefined;
    return IndexedArray.from([s]);
  }

  // ---- writing -----------------------------------------------------------------------

  /** Applies the variable's -i/-l/-u/-c attributes to an assigned value. */
  transform(attrs: number, value: string): string {
    if (attrs & A.integer) value = this.hooks.arith(value);
    if (attrs & A.lower) value = value.toLowerCase();
    else if (attrs & A.upper) value = value.toUpperCase();
    else if (attrs & A.capitalize) value = value.slice(0, 1).toUpperCase() + value.slice(1).toLowerCase();
    return value;
  }

  /** The binding an assignment writes to, created global when there is none. */
  private target(name: string): Variable {
    let v = this.vars.get(name);
    // A function's `local -n a=a` stands for the global a (as in assign()).
    if (this.selfRef(name, v)) return this.global(name);
    if (v && v.attrs & A.nameref && v.value) {
      name = this.resolveName(name);
      v = this.vars.get(name);
    }
    if (v === undefined) {
      // (allexport marks scalar assignments only: assign() does that, arrays stay unexported.)
      v = { value: undefined, attrs: 0, level: 0 };
      this.insertGlobal(name, v);
    }
    return v;
  }

  /** `name=value` (`append`: `name+=value`). */
  assign(name: string, value: string, append = false): void {
    const ref = this.vars.get(name);
    if (this.selfRef(name, ref)) {
      const g = this.global(name);
      if (g.attrs & A.readonly) throw new VarError(`${name}: readonly variable`, 'readonly');
      g.value = append ? (g.value ?? '') + value : value;
      return;
    }
    if (ref && ref.attrs & A.nameref && ref.value) {
      const target = this.resolveName(name);
      const br = target.indexOf('[');
      if (br > 0 && target.endsWith(']')) {
        const base = target.slice(0, br);
        const sub = target.slice(br + 1, -1);
        const tv = this.lookup(base);
        if (tv?.assoc) return this.setKey(base, sub, value, append);
        return this.setIndex(base, Number((this.hooks.index ?? this.hooks.arith)(sub)), value, append);
      }
      name = target;
    }
    const v = this.target(name);
    if (v.attrs & A.readonly) throw new VarError(`${name}: readonly variable`, 'readonly');
    if (this.allexport) v.attrs |= A.export;
    v.invisible = undefined;
    if (name === 'OPTIND') v.getoptsPos = undefined;
    if (name === 'PATH') this.hooks.pathChanged?.();
    if (name === 'GLOBIGNORE') this.hooks.globIgnoreChanged?.(append ? (v.value ?? '') + value : value);
    if (name === 'BASH_XTRACEFD') this.hooks.xtraceFdChanged?.(append ? (v.value ?? '') + value : value);
    if (name === 'POSIXLY_CORRECT') this.hooks.posixlyCorrect?.(true);
    if (v.dyn) {
      if (v.dyn.set) {
        v.dyn.set(this.host, value);
        return;
      }
      // Assigning a special that cannot take a value turns it into a plain variable (bash).
      v.dyn = undefined;
    }
    if (v.arr || v.assoc) {
      if (v.arr) return this.setIndex(name, 0, value, append);
      return this.setKey(name, '0', value, append);
    }
    if (append) {
      if (v.attrs & A.integer) value = this.hooks.arith(`${v.value || '0'}+(${value})`);
      else value = (v.value ?? '') + this.transform(v.attrs & ~A.integer, value);
      v.value = v.attrs & A.integer ? this.transform(v.attrs & ~A.integer, value) : value;
      return;
    }
    v.value = v.attrs & (A.integer | A.lower | A.upper | A.capitalize) ? this.transform(v.attrs, value) : value;
  }

  /** `a[i]=v` on an indexed array (a scalar becomes one; negative i counts from the end). */
  setIndex(name: string, i: number, value: string, append = false): void {
    const v = this.target(name);
    if (v.attrs & A.readonly) throw new VarError(`${name}: readonly variable`, 'readonly');
    if (v.assoc) return this.setKey(name, String(i), value, append);
    if (v.dyn?.setIndex) return v.dyn.setIndex(this.host, i, append ? (v.dyn.array?.(this.host)[i] ?? '') + value : value);
    if (!v.arr) {
      v.arr = new IndexedArray();
      if (v.value !== undefined) v.arr.set(0, v.value);
      v.value = undefined;
      v.attrs |= A.array;
      v.dyn = undefined;
    }
    if (i < 0) {
      const j = i + v.arr.maxIndex() + 1;
      if (j < 0) throw new VarError(`${name}[${i}]: bad array subscript`, 'subscript');
      i = j;
    }
    v.noValue = undefined;
    if (append) value = v.attrs & A.integer ? this.hooks.arith(`${v.arr.get(i) || '0'}+(${value})`) : (v.arr.get(i) ?? '') + value;
    v.arr.set(i, v.attrs & (A.integer | A.lower | A.upper | A.capitalize) && !append ? this.transform(v.attrs, value) : value);
  }

  /** `m[key]=v` on an associative array. */
  setKey(name: string, key: string, value: string, append = false): void {
    const v = this.target(name);
    if (v.attrs & A.readonly) throw new VarError(`${name}: readonly variable`, 'readonly');
    if (v.dyn?.setKey) return v.dyn.setKey(this.host, key, append ? (v.dyn.assoc?.(this.host).get(key) ?? '') + value : value);
    if (!v.assoc) {
      v.assoc = new AssocArray();
      v.attrs |= A.assoc;
    }
    v.noValue = undefined;
    if (append) value = v.attrs & A.integer ? this.hooks.arith(`${v.assoc.get(key) || '0'}+(${value})`) : (v.assoc.get(key) ?? '') + value;
    v.assoc.set(key, v.attrs & (A.integer | A.lower | A.upper | A.capitalize) && !append ? this.transform(v.attrs, value) : value);
  }

  /** Replaces the whole value with an indexed array. */
  setArray(name: string, arr: IndexedArray): void {
    const v = this.target(name);
    if (v.attrs & A.readonly) throw new VarError(`${name}: readonly variable`, 'readonly');
    if (v.dyn?.setIndex) {
      for (const [i, value] of arr.entries()) v.dyn.setIndex(this.host, i, value);
      return;
    }
    v.arr = arr;
    v.assoc = undefined;
    v.value = undefined;
    v.dyn = undefined;
    v.noValue = undefined;
    v.attrs = (v.attrs | A.array) & ~A.assoc;
  }

  setAssoc(name: string, m: AssocArray): void {
    const v = this.target(name);
    if (v.attrs & A.readonly) throw new VarError(`${name}: readonly variable`, 'readonly');
    v.assoc = m;
    v.arr = undefined;
    v.value = undefined;
    v.noValue = undefined;
    v.attrs = (v.attrs | A.assoc) & ~A.array;
  }

  /** The variable to change attributes on (created unset when missing). */
  declare(name: string, local: boolean): Variable {
    if (local && this.level > 0) return this.makeLocal(name);
    let v = this.vars.get(name);
    if (v && v.attrs & A.nameref && v.value) v = this.vars.get(this.resolveName(name)) ?? this.target(this.resolveName(name));
    if (!v) {
      v = { value: undefined, attrs: 0, level: 0 };
      this.insertGlobal(name, v);
    }
    return v;
  }

  /** `declare -g`: the global binding, even under a local of the same name. */
  global(name: string): Variable {
    let outermost = 0;
    for (let n = this.scopes; n; n = n.prev) if (n.map.has(name)) outermost = n.depth;
    if (outermost) {
      const f = this.frame(outermost);
      let v = f.get(name);
      if (!v) {
        v = { value: undefined, attrs: 0, level: 0 };
        f.set(name, v);
      }
      return v;
    }
    let v = this.vars.get(name);
    if (!v) {
      v = { value: undefined, attrs: 0, level: 0 };
      this.vars.set(name, v);
    }
    return v;
  }

  /**
   * Runs `fn` with `v` (from global()) as the visible binding of `name`, then puts back
   * the local it hides: `declare -g x=1` under a local x assigns the global through the
   * ordinary assignment paths.
   */
  asVisible<T>(name: string, v: Variable, fn: () => T): T {
    const cur = this.vars.get(name);
    if (cur === v) return fn();
    this.vars.set(name, v);
    try {
      return fn();
    } finally {
      if (cur) this.vars.set(name, cur);
      else this.vars.delete(name);
    }
  }

  /** Adds a global binding when some function scopes are active (under any locals). */
  private insertGlobal(name: string, v: Variable): void {
    this.vars.set(name, v);
    // No frame can hold `name` here: a frame entry would mean a visible local binding.
  }

  // ---- scopes ------------------------------------------------------------------------

  pushScope(): void {
    this.scopes = { map: new Map(), prev: this.scopes, depth: this.level + 1, owner: this, epoch: this.epoch };
  }

  popScope(): void {
    if (!this.scopes) return;
    const f = this.frame(this.scopes.depth);
    this.scopes = this.scopes!.prev;
    for (const [name, old] of f) {
      if (old === null) this.vars.delete(name);
      else this.vars.set(name, old);
      if (name === 'POSIXLY_CORRECT') this.hooks.posixlyCorrect?.(old?.value !== undefined);
    }
  }

  /** `local NAME`: a binding of the current function (unset, no attributes, unless inherited). */
  makeLocal(name: string): Variable {
    const level = this.level;
    const cur = this.vars.get(name);
    if (cur && cur.level === level) return cur;
    const frame = this.frame(level);
    if (!frame.has(name)) frame.set(name, cur ?? null);
    // A local shadowing an exported variable is exported too; one shadowing a prefix
    // assignment (`x=1 f`) also starts with its value (bash).
    const v: Variable = { value: cur?.temp ? cur.value : undefined, attrs: cur && cur.attrs & A.export ? A.export : 0, level };
    // bash keeps the special behaviour of a few variables made local (IFS-like plain ones lose it).
    if (cur?.dyn && name !== 'LINENO' && name !== 'DIRSTACK') v.dyn = cur.dyn;
    this.vars.set(name, v);
    return v;
  }

  /** `unset NAME`, with bash's dynamic-scope rules; namerefs followed unless `ref`. */
  unset(name: string, ref = false): void {
    if (name === 'PATH') this.hooks.pathChanged?.();
    if (name === 'GLOBIGNORE') this.hooks.globIgnoreChanged?.(undefined);
    if (name === 'BASH_XTRACEFD') this.hooks.xtraceFdChanged?.(undefined);
    if (name === 'POSIXLY_CORRECT') this.hooks.posixlyCorrect?.(false);
    let v = this.vars.get(name);
    if (!ref && v && v.attrs & A.nameref && v.value) {
      const target = this.resolveName(name);
      const br = target.indexOf('[');
      if (br > 0 && target.endsWith(']')) return this.unsetElementText(target.slice(0, br), target.slice(br + 1, -1));
      name = target;
      v = this.vars.get(name);
    }
    if (!v) return;
    if (v.attrs & A.readonly) throw new VarError(`${name}: cannot unset: readonly variable`, 'readonly');
    if (v.dyn?.keepOnUnset) return;
    // shopt -s localvar_unset: a caller's local is unset in place too, as one of this function.
    const inPlace = v.level > 0 && (this.host as { shopt?: { localvar_unset?: boolean } } | null)?.shopt?.localvar_unset === true;
    if (v.level > 0 && (v.level === this.level || inPlace)) {
      // A local of the running function: unset, still local.
      this.vars.set(name, { value: undefined, attrs: 0, level: v.level });
      return;
    }
    if (v.level > 0) {
      const frame = this.frame(v.level);
      const below = frame.get(name);
      frame.delete(name);
      if (below) this.vars.set(name, below);
      else this.vars.delete(name);
      return;
    }
    this.vars.delete(name);
  }

  private unsetElementText(name: string, sub: string): void {
    const v = this.lookup(name);
    if (!v) return;
    if (v.assoc) v.assoc.delete(sub);
    else this.unsetIndex(name, Number((this.hooks.index ?? this.hooks.arith)(sub)));
  }

  unsetIndex(name: string, i: number): void {
    const v = this.lookup(name);
    if (!v) return;
    if (v.attrs & A.readonly) throw new VarError(`${name}: cannot unset: readonly variable`, 'readonly');
    if (v.assoc) {
      v.assoc.delete(String(i));
      return;
    }
    if (!v.arr) {
      if (i === 0 || i === -1) this.unset(name);
      return;
    }
    if (i < 0) {
      const j = i + v.arr.maxIndex() + 1;
      if (j < 0) throw new VarError(`${name}[${i}]: bad array subscript`, 'subscript');
      i = j;
    }
    v.arr.delete(i);
  }

  unsetKey(name: string, key: string): void {
    const v = this.lookup(name);
    if (!v) return;
    if (v.attrs & A.readonly) throw new VarError(`${name}: cannot unset: readonly variable`, 'readonly');
    if (v.dyn?.unsetKey) return v.dyn.unsetKey(this.host, key);
    v.assoc?.delete(key);
  }

  // ---- listing -----------------------------------------------------------------------

  /** Visible variable names, sorted as bash sorts them (byte order). */
  names(): string[] {
    return [...this.vars.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Exported variables with a value (arrays are never exported), as a child's environment. */
  environment(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of this.vars) {
      const value = this.exportedValue(k, v);
      if (value !== undefined) env[k] = value;
      // A local that is unset or not exported passes on what it shadows, if that is (bash
      // builds the environment from every scope).
      else if (v.level > 0) {
        const below = this.exportedBelow(k, v);
        if (below !== undefined) env[k] = below;
      }
    }
    return env;
  }

  private exportedValue(k: string, v: Variable): string | undefined {
    if (!(v.attrs & A.export) || v.arr || v.assoc) return undefined;
    return v.dyn ? v.dyn.get(this.host) : v.attrs & A.nameref ? this.get(k) : v.value;
  }

  /** The value of the nearest exported, set binding under local `v`, if any. */
  private exportedBelow(name: string, v: Variable): string | undefined {
    for (let cur: Variable | null | undefined = v; cur && cur.level > 0; ) {
      let n = this.scopes;
      while (n && n.depth !== cur.level) n = n.prev;
      cur = n?.map.get(name);
      if (cur && cur.attrs & A.export && !cur.arr && !cur.assoc && !(cur.attrs & A.nameref) && cur.value !== undefined) return cur.value;
    }
    return undefined;
  }
}
