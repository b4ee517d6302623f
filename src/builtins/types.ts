// What a builtin is: one file per builtin describing itself (name, synopsis, flags,
// examples) and a run function. Builtins get narrow interfaces, never the whole shell.
import type { Kernel } from '../kernel/kernel.js';
import type { VarStore } from '../lib/vars.js';
import type { FlagDoc } from './flags.js';

// Flags are declared once and drive parsing, help, completion and usage errors (flags.ts).
export type { FlagDoc } from './flags.js';

export interface Example {
  command: string;
  description: string;
  /** Exact expected stdout when the example runs as a test (omit to assert status only). */
  output?: string;
  /** Expected exit status (default 0). */
  status?: number;
}

/** Output side of a builtin: writes reach the fd in order; await for back-pressure. */
export interface OutputStream {
  readonly fd: number;
  readonly isTTY: boolean;
  write(data: string | Uint8Array): Promise<void>;
  /**
   * The same write without a promise when it completed at once (a file, a terminal, a
   * command substitution); a promise only when it has to wait (a full pipe).
   */
  writeNow?(data: string | Uint8Array): void | Promise<void>;
}

/** Writes through writeNow when the stream has it. */
export function writeNow(out: OutputStream, data: string | Uint8Array): void | Promise<void> {
  return out.writeNow ? out.writeNow(data) : out.write(data);
}

/** One read of `read`/`mapfile`: up to a delimiter and/or a number of characters. */
export interface ReadSpec {
  /** The delimiter ('' means NUL). */
  delim: string;
  /** At most this many characters (-1: no limit). */
  count: number;
  /** Backslash escapes are kept as `\c` pairs (and backslash-newline is removed). */
  backslash: boolean;
  /** -N: the delimiter does not end the read. */
  ignoreDelim?: boolean;
  /** A single-byte locale (C): -n/-N count bytes, not UTF-8 characters. */
  bytes?: boolean;
}

/** Input side: reads never take more than asked from a shared fd (so `read` leaves the rest). */
export interface InputStream {
  readonly fd: number;
  readonly isTTY: boolean;
  /** Everything until EOF. */
  readAll(): Promise<Buffer>;
  /** One line without its newline, or null at EOF (a last line without newline is returned). */
  readLine(): Promise<string | null>;
  /** One line and whether EOF ended it (no newline seen), for `read`'s exit status. */
  readRawLine(): Promise<{ line: string; eof: boolean }>;
  /** A read that never takes more than it needs from a shared fd; eof: input ended first. */
  read(spec: ReadSpec, signal?: AbortSignal, timeoutMs?: number): Promise<{ text: string; eof: boolean; timedOut?: boolean }>;
  /** `read -t 0`: whether input is ready now. */
  ready?(): boolean;
  /** The same read done at once when the source allows (memory, a regular file), else null. */
  readSync(spec: ReadSpec): { text: string; eof: boolean } | null;
}

/**
 * An argument of a declaration builtin (declare, local, export, readonly, typeset). The
 * shell expands `name=value` arguments as assignments (no splitting, tilde after = and :)
 * and array literals element by element; the builtin applies them.
 */
export interface DeclArg {
  /** A plain argument (an option, or a name): its text. */
  word?: string;
  name?: string;
  /** `name[sub]=value`: the subscript text. */
  index?: string;
  append?: boolean;
  value?: string;
  /** `name=(...)`: the expanded elements. */
  array?: Array<{ key?: string; append?: boolean; value: string }>;
}

/** A job as the job-control builtins see it. */
export interface JobView {
  id: number;
  command: string;
  state: 'running' | 'stopped' | 'done';
  status: number | null;
  /** The signal the job's last process died of ("SIGTERM"), once done. */
  signal?: string | null;
  pids: number[];
  entryIds: number[];
  /** Resolves to the job's status when all its entries have ended. */
  done: Promise<number>;
}

/** The narrow view of the shell a builtin may use. Changes stay in the context the builtin runs in
 * (a pipeline stage or subshell gets a copy, as in bash). */
export interface ShellAccess {
  getVar(name: string): string | undefined;
  setVar(name: string, value: string): void;
  unsetVar(name: string): void;
  /** Arrays: `read -a`, `unset a[i]`. */
  setArray(name: string, elements: string[]): void;
  /** `declare -A NAME`. */
  makeAssoc(name: string): void;
  /** `unset 'a[i]'` / `unset 'm[key]'`: the subscript is arithmetic for an indexed array, a key for an associative one. */
  unsetElement(name: string, subscript: string): Promise<void>;
  exportVar(name: string, value?: string): void;
  /** `local NAME` inside a function. Throws when not in a function. */
  makeLocal(name: string): void;
  markReadonly(name: string): void;
  /** name, value and flags of every variable, sorted by name. */
  variables(): Array<{ name: string; value: string | undefined; exported: boolean; readonly: boolean }>;
  /** Exported variables, as a child process would see them. */
  environment(): Record<string, string>;
  cwd: string;
  positional: string[];
  /** `set ARGS`: new positional parameters, marked as set (see `source`). */
  setPositional(args: string[]): void;
  readonly scriptName: string;
  readonly lastStatus: number;
  /** In an EXIT trap: the status the shell is leaving with (a bare `exit` there keeps it). */
  readonly exitTrapStatus?: number;
  /** While a trap handler other than DEBUG runs: $? as it was before the handler (a bare `return` gives it). */
  readonly trapSavedStatus?: number;
  readonly interactive: boolean;
  /** The script is a -c string (bash ends some errors' discards there, not at the line). */
  readonly commandString: boolean;
  /** In a subshell, pipeline stage or command substitution (bash's are non-interactive). */
  readonly inSubshell: boolean;
  getOption(name: string): boolean | undefined;
  setOption(name: string, on: boolean): boolean;
  options(): Record<string, boolean>;
  functionSource(name: string): string | undefined;
  unsetFunction(name: string): boolean;
  readonly loopDepth: number;
  readonly inFunction: boolean;
  /** Leaves `levels` loops; the loop's status is `status` (bash: 0, or 1 after a bad count). */
  breakLoop(levels: number, status?: number): never;
  /** Abandons the rest of the command line with this status (bash's jump to top level). */
  discardLine(status: number): never;
  continueLoop(levels: number): never;
  returnFromFunction(status: number): never;
  /** Runs source text in the current context; a syntax error is reported and gives 2. */
  /** Synchronous when what it runs is (a loop of `eval` waits for no promise per call). */
  eval(source: string, origin: string): number | Promise<number>;
  /** `.`/`source`: runs a file in the current context with optional new positional parameters. */
  /** `name`: the builtin's (`source` or `.`), for its messages. */
  source(path: string, args: string[] | null, name?: string): Promise<number>;
  /** Runs argv as a command, skipping functions (`command`), optionally builtins too. */
  runCommand(argv: string[], opts: { skipFunctions: boolean; skipBuiltins?: boolean; argv0?: string; clearEnv?: boolean; notFoundHook?: boolean }): Promise<number>;
  /** Resolves a command name to what would run. */
  lookup(name: string): { kind: 'builtin' | 'function' | 'file' | 'keyword' | 'alias'; path?: string; body?: string } | null;
  /** NAME is an enabled builtin (whatever alias or function shadows it). */
  hasBuiltin(name: string): boolean;
  jobs: {
    list(): JobView[];
    /** %N, %+, %-, %name, a pid, or a kernel id. */
    find(spec: string): JobView | undefined;
    /** %text naming several jobs. */
    ambiguous?(spec: string): boolean;
    current(): JobView | undefined;
    forget(id: number): void;
    /** fg/bg: continue a job (SIGCONT); in the foreground, wait for it (a new Ctrl-Z stops it again). */
    resume?(id: number, foreground: boolean): Promise<number>;
    /** A job of the shell a subshell was made in (not the subshell's to wait for). */
    isHidden?(spec: string): boolean;
    /** `wait` learnt of the job's end: a script names a signal death (as bash). */
    ended?(job: JobView): void | Promise<void>;
  };
  /** Evaluates an arithmetic expression (let, ((...))). Throws on a bad expression. */
  arith(expr: string): Promise<bigint>;
  /** Trap actions by condition name (EXIT, INT, TERM...), shared with the running context. */
  readonly traps: Map<string, string>;
  /** Starts argv in the background as a kernel process, like `&` (spawn). */
  spawnBackground(argv: string[], file: string, name?: string): Promise<import('../kernel/process-table.js').ProcEntry>;
  setLastBackground(value: string): void;
  /** Ends the current shell context (script, subshell) with this status. */
  exit(status: number): never;
  /** `kill -SIG $BASHPID` in a subshell (run in this process): its trap, its end, or nothing. */
  signalSubshell(sig: number): void;
  /** The next trapped signal to the shell (128+N), for `wait`; null when none can come. */
  nextTrappedSignal(): { arrived: Promise<number>; cancel: () => void } | null;

  // ---- what the bash builtins need beyond that (declare, read, shopt, alias, hash ...) ----
  /** The variable store: attributes, arrays, scopes, namerefs. */
  readonly vars: VarStore;
  readonly aliases: Map<string, string>;
  /** `hash`: remembered command paths. */
  readonly hashed: Map<string, { path: string; hits: number }>;
  /** Builtins turned off with `enable -n`. */
  readonly disabledBuiltins: Set<string>;
  /** `shopt` options, by name. */
  readonly shopt: Record<string, boolean>;
  /** `shopt -s extdebug`: BASH_ARGV's frames are made now, from the positional parameters (bash's init_bash_argv). */
  initArgFrames(): void;
  /** The function-call depth (0 at the top level). */
  readonly funcDepth: number;
  functionNames(): string[];
  /** Marks functions (readonly -f, declare -fx): 'readonly' | 'export'. */
  markFunction(name: string, flag: 'readonly' | 'export' | 'trace', on: boolean): boolean;
  functionFlags(name: string): { readonly: boolean; exported: boolean; traced: boolean } | undefined;
  /** Where a function was defined: its first line and file (`declare -F` under extdebug). */
  functionOrigin(name: string): { line: number; file: string } | undefined;
  /** Evaluates arithmetic text that needs no more expansion; throws with bash's message. */
  arithText(text: string): string;
  /** Assigns `NAME[SUB]` as read and printf -v do: SUB expanded, as a key or as arithmetic. */
  setElement(name: string, sub: string, value: string): void | Promise<void>;
  /** The trap table changed: keep signal handlers in line with it. */
  trapsChanged(): void;
  /** What `trap -p` shows in a subshell that set no trap yet: the parent's traps. */
  readonly displayTraps: Map<string, string> | null;
  /** Every executable NAME resolves to in PATH, in order (type -a, which-like lookups); with fallback
   *  and no executable match, the first non-executable plain file (what bash's type and command -v report). */
  pathLookup(name: string, all: boolean, fallback?: boolean): string[];
  /** The OS-visible path for a shell fd path (/dev/fd/N, /dev/stdin): for builtins that open files. */
  resolvePath(path: string): { fd: number } | { path: string };
  /** FUNCNAME/BASH_SOURCE/BASH_LINENO frames, innermost first: `caller`. */
  callFrames(): Array<{ func: string | null; source: string; line: number }>;
  /** The line of the command running now. */
  readonly lineno: number;
  /** An input stream on shell fd N (read -u, mapfile -u). */
  inputFor(fd: number): InputStream;
  /** `test -v`: a variable, an array element (`a[i]`) or a positional parameter is set. */
  isSet(name: string): boolean;

  // ---- programmable completion (complete, compgen, compopt) ----
  /** `complete` specs by command name. */
  readonly completions: import('../lib/compspec.js').CompTable;
  /** The completion Tab is computing (set while a -F function runs), else null. */
  readonly completionState: import('../lib/compspec.js').CompletionState | null;
  /** `compgen -W`: each word expanded as bash does (brace, tilde, parameters, substitutions, splitting; no globbing). */
  expandWords(words: string[]): Promise<string[]>;
  /** Runs source text as a command substitution does and returns its output (`compgen -C`). */
  commandOutput(source: string): Promise<string>;
  /** Pathname expansion of a pattern in the working directory (no match: []); `compgen`: as
   *  compgen -G globs (bash's glob order, no dotglob or GLOBIGNORE). */
  glob(pattern: string, compgen?: boolean): string[];
  /** `umask`: applied to the shell's own file creation and to stages started afterwards. */
  umask: number;
  /** `ulimit`: what this shell set, by RLIMIT_* number (-1 unlimited); stages get them, never the kernel. */
  rlimits: Map<number, { soft: number; hard: number }> | null;
  /** pushd/popd: the stack below the current directory, bottom first (bash's order). */
  dirStack: string[];
  /** `local -`: the current function's `set` options are restored when it returns. */
  localOptions(): void;
  /** The last process substitution's end, if there was one (`wait` waits for it, as bash). */
  lastProcSubst(): Promise<unknown> | undefined;
  /** Whether the shell is a login shell (`logout`). */
  readonly loginShell: boolean;
}

export interface BuiltinContext {
  name: string;
  args: string[];
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  shell: ShellAccess;
  kernel: Kernel;
  /** Aborted when the builtin is killed (kill, Ctrl-C); reason is the signal number. */
  signal: AbortSignal;
  /** True when running as a stage of a pipeline or in the background (a kernel task). */
  asTask: boolean;
  /** The kernel task the builtin runs in (a stage, a background job), or null. */
  readonly taskId?: number | null;
  /** Declaration builtins: the arguments, with assignments expanded as such (see DeclArg). */
  decl?: DeclArg[];
  /** How messages start: "NAME: line N: " in a script (as bash), "aosh: " interactively. */
  errorPrefix?: string;
}

/** A subcommand (`pipe ls`, `audit tail`): its own synopsis, flags and help. */
export interface Subcommand {
  name: string;
  synopsis: string;
  description: string;
  flags?: FlagDoc[];
  examples?: Example[];
}

export interface Builtin {
  name: string;
  /** One line: "spawn [--name NAME] [--] CMD ARGS...". */
  synopsis: string;
  description: string;
  /** Declared flags: parsed with parseFlags(ctx.args, flags) and shown by help (flags.ts). */
  flags?: FlagDoc[];
  subcommands?: Subcommand[];
  examples?: Example[];
  /** Set for builtins that need the caller's own context (cd, export, exit...). */
  special?: boolean;
  /** The exit status, or a promise of it (builtins that never wait can answer at once). */
  run(ctx: BuiltinContext): number | Promise<number>;
}

/** Writes "PREFIX NAME: message" to stderr and returns the status (2 for usage errors). */
export async function fail(ctx: BuiltinContext, message: string, status = 1): Promise<number> {
  await ctx.stderr.write(`${ctx.errorPrefix ?? ''}${ctx.name}: ${message}\n`);
  return status;
}

/** The synchronous form of fail() for builtins that answer at once. */
export function failNow(ctx: BuiltinContext, message: string, status = 1): number | Promise<number> {
  const w = writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}${ctx.name}: ${message}\n`);
  return w ? w.then(() => status) : status;
}

/**
 * bash's no_options() for builtins that take none (eval, source, builtin): a leading `--`
 * is dropped; another leading `-X` is an invalid option (one line, then status 2, returned
 * as `error`).
 */
export function noOptions(ctx: BuiltinContext): { args: string[]; error?: number | Promise<number> } {
  const a = ctx.args;
  if (a[0] === '--') return { args: a.slice(1) };
  if (a[0] !== undefined && a[0].length > 1 && a[0][0] === '-') {
    const w = writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}${ctx.name}: ${a[0].slice(0, 2)}: invalid option\n`);
    return { args: a, error: w ? w.then(() => 2) : 2 };
  }
  return { args: a };
}

/** Writes text; the status once it is written (at once when the write was). */
export function writeThen(out: OutputStream, text: string, status = 0): number | Promise<number> {
  const w = writeNow(out, text);
  return w ? w.then(() => status) : status;
}

/** A remembered path as bash's lookups give it: a relative one (PATH=b: b/ls) as ./b/ls. */
export function hashedShown(path: string): string {
  return path.startsWith('/') || path.startsWith('./') ? path : `./${path}`;
}
