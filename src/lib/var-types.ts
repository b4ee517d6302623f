// What a variable is: its attribute bits, the binding record VarStore keeps per name, and
// the hooks an assignment calls (vars.ts holds the store itself).
import type { AssocArray, IndexedArray } from './arrays.js';

/** Attribute bits (declare's letters). */
export const A = {
  export: 1,
  readonly: 2,
  integer: 4,
  lower: 8,
  upper: 16,
  capitalize: 32,
  nameref: 64,
  array: 128,
  assoc: 256,
  trace: 512,
} as const;

/** Computed on every read (RANDOM, LINENO, FUNCNAME ...); assigning may have an effect. */
export interface Dynamic {
  get(host: unknown): string | undefined;
  /** Array-valued specials (FUNCNAME, BASH_SOURCE, PIPESTATUS ...). */
  array?(host: unknown): string[];
  /** Associative specials (BASH_ALIASES, BASH_CMDS): refreshed when looked up. */
  assoc?(host: unknown): AssocArray;
  /** An empty array value shows as declared but unset (FUNCNAME at the top level). */
  unsetWhenEmpty?: boolean;
  /** An empty array value is no variable at all to declare (PIPESTATUS before any command:
   *  `declare -p` says not found, listings leave it out). */
  absentWhenEmpty?: boolean;
  set?(host: unknown, value: string): void;
  /** `NAME[i]=v` on an array special that takes it (DIRSTACK); `NAME=(...)` assigns each element so. */
  setIndex?(host: unknown, i: number, value: string): void;
  /** `NAME[key]=v` / `unset 'NAME[key]'` on an associative special (BASH_ALIASES, BASH_CMDS). */
  setKey?(host: unknown, key: string, value: string): void;
  unsetKey?(host: unknown, key: string): void;
  /** The shell sets it anew after every command (PIPESTATUS): `unset` leaves it special. */
  keepOnUnset?: boolean;
}

export interface Variable {
  /** Scalar value; undefined for a declared-but-unset variable and for arrays. */
  value: string | undefined;
  arr?: IndexedArray;
  assoc?: AssocArray;
  attrs: number;
  /** The function-call depth that made this binding (0: global). */
  level: number;
  dyn?: Dynamic;
  /** An array declared without a value (`declare -a x`): `declare -p` shows no `=()`. */
  noValue?: boolean;
  /** A prefix assignment's binding (`x=1 f`): a `local x` in the call starts with its value. */
  temp?: boolean;
  /** That binding was exported or made readonly (`x=1 export x`): it outlives the command. */
  propagate?: boolean;
  /** A prefix assignment to a builtin other than eval/source (`x=1 set`): bash keeps those out
   *  of the variable listings (set, declare, export -p); named lookups still see them. */
  unlisted?: boolean;
  /** A special bash keeps out of the listings until it is assigned (its att_invisible): `set`
   *  and `declare` skip it, `declare -p` names it without a value (RANDOM, LINENO, BASHPID...). */
  invisible?: boolean;
  /** A special whose listing shows bash's empty storage, not its value (`BASH_ALIASES=()`,
   *  DIRSTACK, GROUPS): `declare -p NAME` still shows the value. */
  listedEmpty?: boolean;
  /** OPTIND's binding: where getopts is inside a group of options (`-abc`), past the dash.
   *  Each binding has its own (a `local OPTIND` leaves the caller's), and any assignment to
   *  OPTIND starts it over (bash's sv_optind). */
  getoptsPos?: number;
}

export class VarError extends Error {
  constructor(
    message: string,
    /** 'readonly' and 'subscript' abort the command line in bash; 'arith' too. */
    readonly kind: 'readonly' | 'subscript' | 'invalid' | 'arith' | 'nameref' = 'invalid',
  ) {
    super(message);
  }
}

export function isName(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}

/** Value transformations an assignment applies (integer, case attributes). */
export interface AssignHooks {
  /** Evaluates arithmetic for -i variables; returns the decimal result. */
  arith(text: string): string;
  /** Evaluates an array subscript (its errors go further than arith's); arith when not given. */
  index?(text: string): string;
  /** PATH was assigned or unset. */
  pathChanged?(): void;
  /** GLOBIGNORE was assigned (its new value) or unset (undefined): bash's dotglob follows it. */
  globIgnoreChanged?(value: string | undefined): void;
  /** POSIXLY_CORRECT was assigned (true) or unset (false): bash's posix mode follows it. */
  posixlyCorrect?(on: boolean): void;
  /** BASH_XTRACEFD is about to be assigned this value, or unset (undefined). */
  xtraceFdChanged?(value: string | undefined): void;
  /** A warning for the shell's stderr (`x: circular name reference` when x is read). */
  warn?(message: string): void;
}

/** A binding's copy for a cloned store (a subshell): arrays are copied, not shared. */
export function copyVar(v: Variable): Variable {
  const c: Variable = { value: v.value, attrs: v.attrs, level: v.level };
  if (v.noValue) c.noValue = true;
  if (v.temp) c.temp = true;
  if (v.arr) c.arr = v.arr.clone();
  if (v.assoc) c.assoc = v.assoc.clone();
  if (v.dyn) c.dyn = v.dyn;
  if (v.invisible) c.invisible = true;
  if (v.listedEmpty) c.listedEmpty = true;
  if (v.getoptsPos !== undefined) c.getoptsPos = v.getoptsPos;
  return c;
}

/** declare's letters for a variable's attributes, in bash's order. */
export function attrLetters(attrs: number): string {
  let s = '';
  if (attrs & A.array) s += 'a';
  if (attrs & A.assoc) s += 'A';
  if (attrs & A.integer) s += 'i';
  if (attrs & A.nameref) s += 'n';
  if (attrs & A.readonly) s += 'r';
  if (attrs & A.trace) s += 't';
  if (attrs & A.export) s += 'x';
  if (attrs & A.capitalize) s += 'c';
  if (attrs & A.lower) s += 'l';
  if (attrs & A.upper) s += 'u';
  return s;
}
