// The state one shell context runs with: variables, functions, positional parameters,
// options, the fd table and the working directory. A subshell or pipeline stage runs in
// a clone (bash forks; aosh copies), so its changes never leak back.
import type { FunctionDef } from './ast.js';

export interface Variable {
  value: string | undefined;
  /** Indexed array elements (sparse); `value` mirrors element 0 for plain `$a`. */
  array?: Array<string | undefined>;
  /** Associative array (`declare -A`): keys in insertion order. */
  assoc?: Map<string, string>;
  exported: boolean;
  readonly?: boolean;
}

export interface ShellOptions {
  errexit: boolean;
  pipefail: boolean;
  nounset: boolean;
  xtrace: boolean;
  noglob: boolean;
  noclobber: boolean;
  allexport: boolean;
  /** Line editing keys of the interactive prompt (`set -o vi` / `set -o emacs`, one of them on). */
  emacs: boolean;
  vi: boolean;
}

export const OPTION_LETTERS: Record<string, keyof ShellOptions> = {
  e: 'errexit', u: 'nounset', x: 'xtrace', f: 'noglob', C: 'noclobber', a: 'allexport',
};

export class ShellContext {
  vars = new Map<string, Variable>();
  /** One frame per active function call: the variables `local` shadowed, to restore on return. */
  localFrames: Array<Map<string, Variable | undefined>> = [];
  functions = new Map<string, FunctionDef>();
  positional: string[] = [];
  scriptName = 'aosh';
  options: ShellOptions = { errexit: false, pipefail: false, nounset: false, xtrace: false, noglob: false, noclobber: false, allexport: false, emacs: true, vi: false };
  /** Shell fd -> OS fd. */
  fds = new Map<number, number>([[0, 0], [1, 1], [2, 2]]);
  cwd = process.cwd();
  lastStatus = 0;
  /** Line of the statement running now ($LINENO). */
  lineno = 0;
  /** Status of the last command substitution in the command being expanded (for `x=$(false)`). */
  substStatus: number | null = null;
  lastBackground = '';
  loopDepth = 0;
  funcDepth = 0;
  /** Depth of `.`/`source`: `return` is allowed there too. */
  sourceDepth = 0;
  /** trap actions: EXIT, INT, TERM ... A subshell starts with none (as in bash) and runs its own EXIT trap. */
  traps = new Map<string, string>();
  subshellDepth = 0;
  /** Inside an if/while condition, `&&`/`||` left side or `!`: set -e does not fire. */
  errexitSuppressed = false;
  /** The kernel process-table id of the task this context runs as, if any. */
  taskId: number | null = null;
  /** Job number this context's processes belong to (null: none yet). */
  job: number | null = null;
  /**
   * Launch mode (pipeline stages, background jobs): the command is started and handed
   * over here instead of being waited for. Not inherited by clones.
   */
  launch: ((h: import('../kernel/kernel.js').ProcHandle) => void) | null = null;
  /** Fds this context owns (channel ends): closed once a process has them, or when it ends. */
  ownedFds: number[] = [];
  /** Aborted when the task running this context is killed. */
  abort: AbortSignal | null = null;

  clone(): ShellContext {
    const c = new ShellContext();
    for (const [k, v] of this.vars) c.vars.set(k, v.array ? { ...v, array: [...v.array] } : v.assoc ? { ...v, assoc: new Map(v.assoc) } : { ...v });
    c.localFrames = [];
    c.functions = new Map(this.functions);
    c.positional = [...this.positional];
    c.scriptName = this.scriptName;
    c.options = { ...this.options };
    c.fds = new Map(this.fds);
    c.cwd = this.cwd;
    c.lastStatus = this.lastStatus;
    c.lastBackground = this.lastBackground;
    c.loopDepth = 0;
    c.funcDepth = this.funcDepth;
    c.sourceDepth = this.sourceDepth;
    c.subshellDepth = this.subshellDepth + 1;
    c.errexitSuppressed = this.errexitSuppressed;
    c.job = this.job;
    c.taskId = this.taskId;
    c.abort = this.abort;
    return c;
  }

  get(name: string): string | undefined {
    return this.vars.get(name)?.value;
  }

  set(name: string, value: string, exported?: boolean): void {
    const v = this.vars.get(name);
    if (v?.readonly) throw new ReadonlyError(name);
    if (v) {
      v.value = value;
      if (v.array) v.array[0] = value;
      if (exported) v.exported = true;
    } else this.vars.set(name, { value, exported: exported ?? this.options.allexport });
  }

  getAssoc(name: string): Map<string, string> | undefined {
    return this.vars.get(name)?.assoc;
  }

  makeAssoc(name: string): void {
    const v = this.vars.get(name);
    if (v?.readonly) throw new ReadonlyError(name);
    if (v?.assoc) return;
    this.vars.set(name, { value: undefined, exported: false, ...(v ? { exported: v.exported } : {}), assoc: new Map() });
  }

  setAssocElement(name: string, key: string, value: string): void {
    const v = this.vars.get(name);
    if (v?.readonly) throw new ReadonlyError(name);
    if (!v?.assoc) this.makeAssoc(name);
    this.vars.get(name)!.assoc!.set(key, value);
  }

  /** Elements of an array variable (a plain variable is a one-element array, as in bash). */
  getArray(name: string): Array<string | undefined> | undefined {
    const v = this.vars.get(name);
    if (!v) return undefined;
    if (v.array) return v.array;
    return v.value === undefined ? undefined : [v.value];
  }

  setArray(name: string, elements: Array<string | undefined>): void {
    const v = this.vars.get(name);
    if (v?.readonly) throw new ReadonlyError(name);
    const entry = v ?? { value: undefined, exported: false };
    entry.array = elements;
    entry.value = elements[0];
    this.vars.set(name, entry);
  }

  setElement(name: string, index: number, value: string): void {
    const v = this.vars.get(name);
    if (v?.readonly) throw new ReadonlyError(name);
    const arr = v?.array ?? (v?.value !== undefined ? [v.value] : []);
    if (index < 0) index += arr.length;
    if (index < 0) throw new ReadonlyError(`${name}[${index}]: bad array subscript`);
    arr[index] = value;
    this.setArray(name, arr);
  }

  unsetElement(name: string, index: number | string): void {
    const assoc = this.vars.get(name)?.assoc;
    if (assoc) {
      assoc.delete(String(index));
      return;
    }
    if (typeof index === 'string') index = Number(index);
    const arr = this.vars.get(name)?.array;
    if (!arr) {
      if (index === 0) this.unset(name);
      return;
    }
    if (index < 0) index += arr.length;
    delete arr[index];
    this.vars.get(name)!.value = arr[0];
  }

  unset(name: string): void {
    const v = this.vars.get(name);
    if (v?.readonly) throw new ReadonlyError(name);
    this.vars.delete(name);
  }

  /** `local NAME`: remember the outer value so the function's return restores it. */
  makeLocal(name: string): void {
    const frame = this.localFrames[this.localFrames.length - 1];
    if (!frame) throw new Error('can only be used in a function');
    if (!frame.has(name)) {
      const old = this.vars.get(name);
      frame.set(name, old ? { ...old } : undefined);
    }
  }

  pushFrame(): void {
    this.localFrames.push(new Map());
  }

  popFrame(): void {
    const frame = this.localFrames.pop();
    if (!frame) return;
    for (const [name, old] of frame) {
      if (old === undefined) this.vars.delete(name);
      else this.vars.set(name, old);
    }
  }

  /** Exported variables as a child's environment. */
  environment(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of this.vars) if (v.exported && v.value !== undefined && !v.array) env[k] = v.value;
    return env;
  }

  optionFlags(): string {
    let s = '';
    for (const [letter, name] of Object.entries(OPTION_LETTERS)) if (this.options[name]) s += letter;
    return s + 'hB';
  }
}

export class ReadonlyError extends Error {
  constructor(readonly varName: string) {
    super(`${varName}: readonly variable`);
  }
}

/** Thrown to unwind loops, functions and the shell itself. */
export class BreakSignal {
  constructor(public levels: number) {}
}
export class ContinueSignal {
  constructor(public levels: number) {}
}
export class ReturnSignal {
  constructor(readonly status: number) {}
}
export class ExitSignal {
  constructor(readonly status: number) {}
}
