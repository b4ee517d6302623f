// The ShellAccess a builtin receives: a narrow view bound to one context.
import { constants } from 'node:fs';
import { isFile } from '../kernel/fs-view.js';
import { resolve } from 'node:path';
import type { ShellAccess } from '../builtins/types.js';
import type { Word } from './ast.js';
import { getBuiltin } from '../builtins/index.js';
import { A, IndexedArray, VarError } from '../lib/vars.js';
import { BreakSignal, ContinueSignal, DiscardSignal, ExitSignal, ReturnSignal, type ShellContext, type ShellOptions } from './context.js';
import { argFrames, shownFrames } from './specials.js';
import type { Shell } from './executor.js';
import { invokeBuiltin, runExternalWords, stageAttrs } from './simple.js';
import { arithFailure } from './expand.js';
import { decodeBytes } from '../lib/bytes.js';
import { FdInput } from './io.js';
import { numToString } from './arith.js';
import { nextTrappedSignal, runTrap, signalSubshell, syncSignalHandlers } from './traps.js';
import { subscriptKey } from './param.js';
import { functionText } from './printer.js';
import { isSetForTest } from './cond.js';
import { Parser, parse } from './parser.js';
import { commandSubst } from './subst.js';
import { isBinaryScript, scriptText } from './source.js';
import { diskPath } from '../lib/disk-path.js';
import { execIgnore } from '../lib/which.js';
import { jobsAccess } from './jobs-access.js';
import { errnoText } from './redirect.js';

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', '{', '}', '!', '[[', ']]', 'coproc']);

export function makeShellAccess(shell: Shell, ctx: ShellContext): ShellAccess {
  return new Access(shell, ctx);
}

class Access implements ShellAccess {
  constructor(
    private readonly sh: Shell,
    private readonly ctx: ShellContext,
  ) {}

  // ---- variables -----------------------------------------------------------------------
  get vars() {
    return this.ctx.store;
  }
  getVar(n: string): string | undefined {
    return this.ctx.store.get(n);
  }
  setVar(n: string, v: string): void {
    this.ctx.store.assign(n, v);
  }
  unsetVar(n: string): void {
    this.ctx.store.unset(n);
  }
  setArray(n: string, els: string[]): void {
    this.ctx.store.setArray(n, IndexedArray.from(els));
  }
  makeAssoc(n: string): void {
    const v = this.ctx.store.declare(n, false);
    if (!v.assoc) {
      v.attrs |= A.assoc;
    }
  }
  async unsetElement(n: string, sub: string): Promise<void> {
    const store = this.ctx.store;
    const v = store.lookup(n);
    const ex = this.sh.expander(this.ctx);
    if (v?.assoc) {
      const k = subscriptKey(ex, sub);
      store.unsetKey(n, k instanceof Promise ? await k : k);
      return;
    }
    // (An unset name has no element: bash does not even evaluate the subscript.)
    if (!v) return;
    let i: number;
    try {
      i = Number(await ex.arith(sub));
    } catch (e) {
      throw arithFailure(e);
    }
    // A scalar is element 0; any other element of it is an error (bash).
    if (v && !v.arr && !v.dyn && v.value !== undefined && i !== 0) throw new Error(`${n}: not an array variable`);
    store.unsetIndex(n, i);
  }
  exportVar(n: string, v?: string): void {
    if (v !== undefined) this.ctx.store.assign(n, v);
    this.ctx.store.declare(n, false).attrs |= A.export;
  }
  makeLocal(n: string): void {
    if (this.ctx.funcDepth === 0) throw new Error('can only be used in a function');
    this.ctx.store.makeLocal(n);
  }
  markReadonly(n: string): void {
    this.ctx.store.declare(n, false).attrs |= A.readonly;
  }
  variables(): Array<{ name: string; value: string | undefined; exported: boolean; readonly: boolean }> {
    const store = this.ctx.store;
    return store.names().map((name) => {
      const v = store.raw(name)!;
      return { name, value: store.get(name), exported: (v.attrs & A.export) !== 0, readonly: (v.attrs & A.readonly) !== 0 };
    });
  }
  environment(): Record<string, string> {
    return this.ctx.environment();
  }

  // ---- shell state ---------------------------------------------------------------------
  get umask(): number {
    return this.ctx.umask;
  }
  set umask(m: number) {
    this.ctx.umask = m & 0o777;
  }
  get rlimits(): Map<number, { soft: number; hard: number }> | null {
    return this.ctx.rlimits;
  }
  set rlimits(m: Map<number, { soft: number; hard: number }> | null) {
    this.ctx.rlimits = m;
  }
  get dirStack(): string[] {
    return this.ctx.dirStack;
  }
  set dirStack(d: string[]) {
    this.ctx.dirStack = d;
  }
  /** `local -`: the function's `set` options come back as they are now when it returns. */
  localOptions(): void {
    const frame = this.ctx.topCall;
    if (frame && frame.func !== null && !frame.savedOptions) frame.savedOptions = { ...this.ctx.options };
  }
  /** The last process substitution's end (bash's `wait` waits for it too). */
  lastProcSubst(): Promise<unknown> | undefined {
    return this.ctx.lastProcSubst?.done;
  }
  get loginShell(): boolean {
    return this.ctx.shopt.login_shell === true;
  }
  get cwd(): string {
    return this.ctx.cwd;
  }
  set cwd(dir: string) {
    this.ctx.cwd = dir;
  }
  get positional(): string[] {
    return this.ctx.positional;
  }
  set positional(p: string[]) {
    this.ctx.positional = p;
  }
  setPositional(args: string[]): void {
    this.ctx.positional = args;
    this.ctx.positionalChanged = true;
  }
  get scriptName(): string {
    return this.ctx.scriptName;
  }
  get lastStatus(): number {
    return this.ctx.lastStatus;
  }
  get exitTrapStatus(): number | undefined {
    return this.ctx.exitTrapStatus;
  }
  get trapSavedStatus(): number | undefined {
    return this.ctx.trapSavedStatus;
  }
  get commandString(): boolean {
    return this.sh.flagsSuffix.includes('c');
  }
  get interactive(): boolean {
    return this.sh.interactive;
  }
  get inSubshell(): boolean {
    return this.ctx.subshellDepth > 0;
  }
  get lineno(): number {
    return this.ctx.lineno;
  }
  getOption(name: string): boolean | undefined {
    return name in this.ctx.options ? this.ctx.options[name as keyof ShellOptions] : undefined;
  }
  setOption(name: string, on: boolean): boolean {
    if (!(name in this.ctx.options)) return false;
    this.ctx.options[name as keyof ShellOptions] = on;
    if (on && (name === 'vi' || name === 'emacs')) this.ctx.options[name === 'vi' ? 'emacs' : 'vi'] = false; // one keymap at most, as in bash
    // bash keeps POSIXLY_CORRECT in step with posix mode (programs it runs read it).
    if (name === 'posix') {
      if (on) this.ctx.store.assign('POSIXLY_CORRECT', 'y');
      else this.ctx.store.unset('POSIXLY_CORRECT');
      posixShopts(this.ctx, on, this.sh.interactive);
    }
    // ignoreeof is $IGNOREEOF being set: the option sets it to 10 and unsets it (bash).
    if (name === 'ignoreeof') {
      if (on) this.ctx.store.assign('IGNOREEOF', '10');
      else this.ctx.store.unset('IGNOREEOF');
    }
    return true;
  }
  options(): Record<string, boolean> {
    return { ...this.ctx.options, ignoreeof: this.ctx.store.get('IGNOREEOF') !== undefined };
  }
  get aliases(): Map<string, string> {
    return this.ctx.aliases;
  }
  get hashed(): Map<string, { path: string; hits: number }> {
    return this.ctx.hashed;
  }
  /** Builtins turned off with `enable -n`. */
  get disabledBuiltins(): Set<string> {
    return this.ctx.disabledBuiltins;
  }
  get shopt(): Record<string, boolean> {
    return this.ctx.shopt;
  }
  initArgFrames(): void {
    argFrames(this.ctx);
  }
  get funcDepth(): number {
    return this.ctx.funcDepth;
  }
  get loopDepth(): number {
    return this.ctx.loopDepth;
  }
  get inFunction(): boolean {
    return this.ctx.funcDepth > 0 || this.ctx.sourceDepth > 0;
  }

  // ---- functions -------------------------------------------------------------------------
  functionSource(n: string): string | undefined {
    const f = this.ctx.functions.get(n);
    return f ? functionText(f) : undefined;
  }
  unsetFunction(n: string): boolean {
    if (this.ctx.functionsReadonly?.has(n)) throw new Error(`${n}: cannot unset: readonly function`);
    return this.ctx.functions.delete(n);
  }
  functionNames(): string[] {
    return [...this.ctx.functions.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  markFunction(name: string, flag: 'readonly' | 'export' | 'trace', on: boolean): boolean {
    if (!this.ctx.functions.has(name)) return false;
    const set = flag === 'readonly' ? (this.ctx.functionsReadonly ??= new Set()) : flag === 'trace' ? (this.ctx.functionsTraced ??= new Set()) : (this.ctx.functionsExported ??= new Set());
    if (on) set.add(name);
    else set.delete(name);
    return true;
  }
  functionOrigin(name: string): { line: number; file: string } | undefined {
    const f = this.ctx.functions.get(name);
    return f ? { line: f.line ?? 0, file: f.file ?? this.ctx.sourceName } : undefined;
  }
  functionFlags(name: string): { readonly: boolean; exported: boolean; traced: boolean } | undefined {
    if (!this.ctx.functions.has(name)) return undefined;
    return {
      readonly: this.ctx.functionsReadonly?.has(name) ?? false,
      exported: this.ctx.functionsExported?.has(name) ?? false,
      traced: this.ctx.functionsTraced?.has(name) ?? false,
    };
  }

  // ---- control flow ------------------------------------------------------------------------
  breakLoop(n: number, status = 0): never {
    this.ctx.lastStatus = status;
    throw new BreakSignal(Math.min(n, this.ctx.loopDepth), status);
  }
  discardLine(status: number): never {
    throw new DiscardSignal(status);
  }
  continueLoop(n: number): never {
    this.ctx.lastStatus = 0;
    throw new ContinueSignal(Math.min(n, this.ctx.loopDepth));
  }
  returnFromFunction(status: number): never {
    throw new ReturnSignal(status);
  }
  exit(status: number): never {
    throw new ExitSignal(status, this.ctx.callStack, true);
  }
  signalSubshell(sig: number): void {
    signalSubshell(this.ctx, sig);
  }
  nextTrappedSignal(): { arrived: Promise<number>; cancel: () => void } | null {
    // A subshell's traps are not the process's: only the main shell's wait is interrupted.
    return this.ctx.subshellDepth === 0 ? nextTrappedSignal() : null;
  }

  eval(source: string, origin: string): number | Promise<number> {
    if (origin !== 'eval') return this.sh.evalString(source, this.ctx, origin);
    const ctx = this.ctx;
    ctx.evalDepth++;
    let r: number | Promise<number>;
    try {
      r = this.sh.evalString(source, ctx, origin);
    } catch (e) {
      ctx.evalDepth--;
      throw e;
    }
    if (r instanceof Promise) return r.finally(() => void ctx.evalDepth--);
    ctx.evalDepth--;
    return r;
  }

  async source(path: string, args: string[] | null, name = 'source'): Promise<number> {
    const ctx = this.ctx;
    let bytes: Uint8Array;
    let file = path;
    const dev = this.resolvePath(path);
    const found = 'fd' in dev || path.includes('/') ? diskPath(ctx.cwd, path) : this.findSourceFile(path);
    if (found === null && ctx.options.posix) {
      // Posix mode does not look in the current directory for a name without a slash.
      await this.sh.errorLine(ctx, `${name}: ${path}: file not found`);
      if (!this.sh.interactive) throw new ExitSignal(1);
      return 1;
    }
    try {
      if ('fd' in dev) {
        bytes = await new FdInput(dev.fd).readAll();
      } else {
        file = found ?? diskPath(ctx.cwd, path);
        bytes = this.sh.kernel.fs.readFile(file);
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A directory is the builtin's own complaint (`.: d: is a directory`); others are the file's.
      await this.sh.errorLine(ctx, code === 'EISDIR' ? `${name}: ${path}: is a directory` : `${path}: ${errnoText(e)}`);
      // POSIX: a special builtin's error ends a non-interactive shell; bash does so for a
      // file `.` cannot find (not for a directory).
      if (code !== 'EISDIR' && ctx.options.posix && !this.sh.interactive) throw new ExitSignal(1);
      return 1;
    }
    if (isBinaryScript(bytes, true)) {
      await this.sh.errorLine(ctx, `${name}: ${path}: cannot execute binary file`);
      return 126;
    }
    const text = scriptText(decodeBytes(bytes));
    const savedPositional = ctx.positional;
    const savedChanged = ctx.positionalChanged;
    if (args) ctx.positional = args;
    ctx.positionalChanged = false;
    ctx.sourceDepth++;
    ctx.pushCall({ func: null, source: path, line: ctx.lineno });
    // BASH_ARGV: a file sourced without arguments is a frame of its name; one with arguments
    // is a frame of them only under extdebug (bash's _evalfile and source).
    const framesBelow = !args || ctx.shopt.extdebug ? shownFrames(ctx) : undefined;
    if (framesBelow !== undefined) ctx.argFrames = [...(framesBelow ?? []), args ?? [!path.includes('/') && found ? found : path]];
    const savedLine = ctx.lineno;
    let status: number;
    let trapStatus: number | undefined;
    try {
      status = await this.sh.runSource(text, ctx, path);
      // A file of no commands (blank lines, comments) returns 0, whatever $? was before.
      if (!/^[ \t]*[^\s#]/m.test(text)) status = ctx.lastStatus = 0;
    } catch (e) {
      if (!(e instanceof ReturnSignal)) throw e;
      status = e.status;
      trapStatus = ctx.lastStatus; // the RETURN trap sees $? from before `return N`
    }
    try {
      // The RETURN trap runs when a sourced file is done, too.
      const ret = ctx.traps.get('RETURN');
      if (ret) {
        const r = runTrap(this.sh, ctx, 'RETURN', ret, trapStatus ?? status);
        if (r instanceof Promise) await r;
      }
      return status;
    } finally {
      ctx.popCall();
      if (framesBelow !== undefined) ctx.argFrames = framesBelow;
      ctx.sourceDepth--;
      ctx.lineno = savedLine;
      // bash keeps what `set` made of them in the file; `shift` alone is undone.
      if (args && !ctx.positionalChanged) ctx.positional = savedPositional;
      ctx.positionalChanged = savedChanged || ctx.positionalChanged;
    }
  }

  /** `.` without a slash searches PATH, then (bash, not POSIX mode) the current directory. */
  private findSourceFile(name: string): string | null {
    if (!this.ctx.shopt.sourcepath) return null;
    for (const dir of (this.ctx.store.get('PATH') ?? '').split(':')) {
      const full = resolve(this.ctx.cwd, dir || '.', name);
      const st = this.sh.kernel.fs.stat(full);
      if (st && isFile(st)) return full;
    }
    return null;
  }

  async runCommand(argv: string[], opts: { skipFunctions: boolean; skipBuiltins?: boolean; argv0?: string; clearEnv?: boolean; notFoundHook?: boolean }): Promise<number> {
    if (!opts.skipFunctions) {
      const fn = this.ctx.functions.get(argv[0]!);
      if (fn) {
        const { callFunction } = await import('./functions.js');
        const r = callFunction(this.sh, fn, argv.slice(1), this.ctx);
        return r instanceof Promise ? await r : r;
      }
    }
    const b = opts.skipBuiltins || this.ctx.disabledBuiltins.has(argv[0]!) ? undefined : getBuiltin(argv[0]!);
    if (b) {
      const r = invokeBuiltin(this.sh, b, argv, this.ctx);
      return r instanceof Promise ? await r : r;
    }
    return runExternalWords(this.sh, argv, this.ctx, { argv0: opts.argv0, clearEnv: opts.clearEnv }, opts.notFoundHook);
  }

  lookup(name: string): { kind: 'builtin' | 'function' | 'file' | 'keyword' | 'alias'; path?: string; body?: string } | null {
    const ctx = this.ctx;
    if (ctx.aliases.has(name)) return { kind: 'alias', body: ctx.aliases.get(name) };
    if (KEYWORDS.has(name)) return { kind: 'keyword' };
    const fn = ctx.functions.get(name);
    if (fn) return { kind: 'function', body: functionText(fn) };
    if (getBuiltin(name) && !ctx.disabledBuiltins.has(name)) return { kind: 'builtin' };
    // A lookup does not hash (bash's type and command -v do not).
    const path = ctx.hashed.get(name)?.path ?? this.pathLookup(name, false, true)[0];
    if (path) return { kind: 'file', path };
    return null;
  }

  hasBuiltin(name: string): boolean {
    return getBuiltin(name) !== undefined && !this.ctx.disabledBuiltins.has(name);
  }

  pathLookup(name: string, all: boolean, fallback = false): string[] {
    const out: string[] = [];
    let lose: string | undefined;
    if (name.includes('/')) {
      const p = resolve(this.ctx.cwd, name);
      const st = this.sh.kernel.fs.stat(p);
      return st && isFile(st) && this.sh.kernel.fs.access(p, constants.X_OK) ? [name] : [];
    }
    const ignored = execIgnore(this.ctx.store.get('EXECIGNORE'));
    for (const dir of (this.ctx.store.get('PATH') ?? '').split(':')) {
      const full = resolve(this.ctx.cwd, dir || '.', name);
      if (ignored?.(full)) continue;
      // A relative entry is shown as bash joins it (`.` or an empty one: ./ls; `b`: b/ls).
      const shown = dir.startsWith('/') ? full : `${dir === '' ? '.' : dir.replace(/\/$/, '')}/${name}`;
      if (!this.sh.kernel.fs.access(full, constants.X_OK)) {
        if (fallback && lose === undefined && this.sh.kernel.fs.stat(full) && isFile(this.sh.kernel.fs.stat(full)!)) lose = shown;
        continue;
      }
      const st = this.sh.kernel.fs.stat(full);
      if (!st || !isFile(st)) continue;
      out.push(shown);
      if (!all) break;
    }
    // bash's "file to lose on": with no executable match, the first plain file of that name.
    if (!out.length && lose !== undefined) out.push(lose);
    return out;
  }

  resolvePath(path: string): { fd: number } | { path: string } {
    const dev = /^\/dev\/(?:fd\/(\d+)|(stdin|stdout|stderr))$/.exec(path);
    if (!dev) return { path };
    const n = dev[1] !== undefined ? Number(dev[1]) : { stdin: 0, stdout: 1, stderr: 2 }[dev[2] as 'stdin'];
    const fd = this.ctx.fds.get(n);
    return fd === undefined ? { path } : { fd };
  }

  get completions() {
    return this.ctx.completions;
  }
  get completionState() {
    return this.ctx.completionState;
  }
  async expandWords(words: string[]): Promise<string[]> {
    const ctx = this.ctx;
    const parsed = words.map((w) => {
      try {
        return new Parser(w).parseWord('subscript') ?? { kind: 'Word' as const, parts: [], pos: 0, end: 0 };
      } catch {
        return { kind: 'Word', parts: [{ kind: 'Lit', value: w, escaped: true }], pos: 0, end: w.length } as Word;
      }
    });
    const noglob = ctx.options.noglob;
    ctx.options.noglob = true;
    try {
      const r = this.sh.expander(ctx).fields(parsed);
      return r instanceof Promise ? await r : r;
    } finally {
      ctx.options.noglob = noglob;
    }
  }
  async commandOutput(source: string): Promise<string> {
    let body;
    try {
      body = parse(source).body;
    } catch (e) {
      await this.sh.errorLine(this.ctx, e instanceof Error ? e.message : String(e));
      return '';
    }
    const r = commandSubst(this.sh, body, this.ctx);
    return r instanceof Promise ? await r : r;
  }
  glob(pattern: string, compgen = false): string[] {
    return this.sh.expander(this.ctx).glob(pattern, compgen);
  }
  isSet(name: string): boolean {
    return isSetForTest(this.sh, this.ctx, name);
  }

  inputFor(fd: number): FdInput {
    return new FdInput(this.ctx.fds.get(fd) ?? -1);
  }

  callFrames(): Array<{ func: string | null; source: string; line: number }> {
    return this.ctx.callStack.reverse();
  }

  get jobs(): ShellAccess['jobs'] {
    return jobsAccess(this.sh, this.ctx);
  }

  async arith(expr: string): Promise<bigint> {
    const r = this.sh.expander(this.ctx).arith(expr);
    return BigInt(r instanceof Promise ? await r : r);
  }

  setElement(n: string, sub: string, value: string): void | Promise<void> {
    const store = this.ctx.store;
    const v = store.lookup(n);
    const ex = this.sh.expander(this.ctx);
    if (v?.assoc || (v && v.attrs & A.assoc)) {
      const set = (k: string): void => {
        if (k === '') throw new VarError(`${n}[${sub}]: bad array subscript`, 'subscript');
        store.setKey(n, k, value);
      };
      const k = subscriptKey(ex, sub);
      return k instanceof Promise ? k.then(set) : set(k);
    }
    try {
      const i = ex.arith(sub);
      if (i instanceof Promise) return i.then((x) => store.setIndex(n, Number(x), value), (e) => Promise.reject(arithFailure(e)));
      store.setIndex(n, Number(i), value);
    } catch (e) {
      throw arithFailure(e);
    }
  }

  arithText(text: string): string {
    try {
      return numToString(this.sh.expander(this.ctx).arithText(text));
    } catch (e) {
      throw arithFailure(e);
    }
  }

  get traps(): Map<string, string> {
    return this.ctx.traps;
  }

  trapsChanged(): void {
    this.ctx.displayTraps = null;
    syncSignalHandlers(this.ctx);
  }

  get displayTraps(): Map<string, string> | null {
    return this.ctx.displayTraps;
  }

  async spawnBackground(argv: string[], file: string, name?: string): Promise<import('../kernel/process-table.js').ProcEntry> {
    const { materialize } = await import('./io.js');
    const fds = [0, 1, 2].map((i) => {
      const f = this.ctx.fds.get(i);
      return f === undefined ? -1 : materialize(f);
    });
    const h = this.sh.kernel.spawn({ file, argv, env: this.ctx.environment(), cwd: this.ctx.cwd, fds, name, command: argv.join(' '), parent: this.ctx.taskId, ...stageAttrs(this.ctx, this.sh.interactive) });
    return h.entry;
  }

  setLastBackground(v: string): void {
    this.ctx.lastBackground = v;
  }
}

/**
 * What posix mode turns on with it, as bash 5.2 does: aliases expand in scripts too, `$( )`
 * inherits set -e, shift reports a count out of range. Leaving it turns shift_verbose off,
 * expand_aliases back to whether the shell is interactive, and keeps inherit_errexit.
 */
export function posixShopts(ctx: ShellContext, on: boolean, interactive: boolean): void {
  if (on) ctx.shopt.inherit_errexit = true;
  ctx.shopt.shift_verbose = on;
  ctx.shopt.expand_aliases = on || interactive;
}
