// The state one shell context runs with: variables, functions, aliases, positional
// parameters, options, the fd table and the working directory. A subshell or pipeline stage
// runs in a clone (bash forks; aosh copies), so its changes never leak back.
import { CompTable, type CompletionState } from '../lib/compspec.js';
import type { Command, FunctionDef, SimpleCommand } from './ast.js';
import { A, IndexedArray, VarStore, type Variable } from '../lib/vars.js';
import { ArithError, evalArith, numToString, type ArithEnv } from './arith.js';
import { arithEnvFor } from './arith-env.js';
import { ShellError } from './errors.js';
import { functionText } from './printer.js';
import { ownUmask } from '../kernel/fs-view.js';
import { installSpecials, newPid } from './specials.js';

export { A };
export type { Variable };
export { argFrames, commandNow, newPid } from './specials.js';

/** `set -o` options (the names `set -o` prints). */
export interface ShellOptions {
  allexport: boolean;
  braceexpand: boolean;
  /** Line editing keys of the interactive prompt (`set -o vi` / `set -o emacs`). */
  emacs: boolean;
  errexit: boolean;
  errtrace: boolean;
  functrace: boolean;
  hashall: boolean;
  histexpand: boolean;
  history: boolean;
  ignoreeof: boolean;
  'interactive-comments': boolean;
  keyword: boolean;
  monitor: boolean;
  noclobber: boolean;
  noexec: boolean;
  noglob: boolean;
  nolog: boolean;
  notify: boolean;
  nounset: boolean;
  onecmd: boolean;
  physical: boolean;
  pipefail: boolean;
  posix: boolean;
  privileged: boolean;
  verbose: boolean;
  vi: boolean;
  xtrace: boolean;
}

export function defaultOptions(): ShellOptions {
  return {
    allexport: false, braceexpand: true, emacs: false, errexit: false, errtrace: false, functrace: false, hashall: true,
    histexpand: false, history: false, ignoreeof: false, 'interactive-comments': true, keyword: false, monitor: false,
    noclobber: false, noexec: false, noglob: false, nolog: false, notify: false, nounset: false, onecmd: false,
    physical: false, pipefail: false, posix: false, privileged: false, verbose: false, vi: false, xtrace: false,
  };
}

/** Single-letter forms (`set -e`), in the order `$-` lists them (bash's flags table). */
export const OPTION_LETTERS: Record<string, keyof ShellOptions> = {
  a: 'allexport', b: 'notify', e: 'errexit', f: 'noglob', h: 'hashall', k: 'keyword', m: 'monitor', n: 'noexec',
  p: 'privileged', t: 'onecmd', u: 'nounset', v: 'verbose', x: 'xtrace', B: 'braceexpand', C: 'noclobber',
  E: 'errtrace', H: 'histexpand', P: 'physical', T: 'functrace',
};

/** `shopt` options with bash 5.2's defaults for a non-interactive shell, in bash's table order. */
export function defaultShopts(): Record<string, boolean> {
  const order = [
    'autocd', 'assoc_expand_once', 'cdable_vars', 'cdspell', 'checkhash', 'checkjobs', 'checkwinsize', 'cmdhist', 'compat31', 'compat32',
    'compat40', 'compat41', 'compat42', 'compat43', 'compat44', 'complete_fullquote', 'direxpand', 'dirspell', 'dotglob', 'execfail',
    'expand_aliases', 'extdebug', 'extglob', 'extquote', 'failglob', 'force_fignore', 'globasciiranges', 'globskipdots', 'globstar',
    'gnu_errfmt', 'histappend', 'histreedit', 'histverify', 'hostcomplete', 'huponexit', 'inherit_errexit', 'interactive_comments',
    'lastpipe', 'lithist', 'localvar_inherit', 'localvar_unset', 'login_shell', 'mailwarn', 'no_empty_cmd_completion', 'nocaseglob',
    'nocasematch', 'noexpand_translation', 'nullglob', 'patsub_replacement', 'progcomp', 'progcomp_alias', 'promptvars',
    'restricted_shell', 'shift_verbose', 'sourcepath', 'varredir_close', 'xpg_echo',
  ];
  const on = new Set(['checkwinsize', 'cmdhist', 'complete_fullquote', 'extquote', 'force_fignore', 'globasciiranges', 'globskipdots', 'hostcomplete', 'interactive_comments', 'patsub_replacement', 'progcomp', 'promptvars', 'sourcepath']);
  const s: Record<string, boolean> = {};
  for (const n of order) s[n] = on.has(n);
  return s;
}

/** One frame of FUNCNAME / BASH_SOURCE / BASH_LINENO. */
export interface CallFrame {
  /** The function's name, or null for a sourced file. */
  func: string | null;
  /** Where the function was defined (or the sourced file). */
  source: string;
  /** The line the call (or `source`) was made on. */
  line: number;
  /** `local -`: the `set` options to put back when the function returns. */
  savedOptions?: ShellOptions;
}

/** A trap a subshell keeps: ERR under errtrace, DEBUG and RETURN under functrace. */
function inherited(name: string, o: ShellOptions): boolean {
  return name === 'ERR' ? o.errtrace : (name === 'DEBUG' || name === 'RETURN') && o.functrace;
}

export class ShellContext {
  readonly store: VarStore;
  functions = new Map<string, FunctionDef>();
  aliases = new Map<string, string>();
  /** `hash`: remembered command paths. */
  hashed = new Map<string, { path: string; hits: number }>();
  /** `complete` specs (a subshell gets a copy, as it does of functions). */
  completions = new CompTable();
  /** Set while Tab runs a completion function: what `compopt` without a name changes. */
  completionState: CompletionState | null = null;
  /** Builtins turned off with `enable -n`. */
  disabledBuiltins = new Set<string>();
  positional: string[] = [];
  scriptName = 'aosh';
  options: ShellOptions = defaultOptions();
  shopt: Record<string, boolean> = defaultShopts();
  /** Shell fd -> OS fd (or a capture, see io.ts). */
  fds = new Map<number, number>([[0, 0], [1, 1], [2, 2]]);
  cwd = process.cwd();
  /** `umask`: what files this shell and its stages create get (the kernel's own is never changed). */
  umask = ownUmask();
  /**
   * `ulimit`: the limits this shell set, by RLIMIT_* number (soft, hard; -1 unlimited). They
   * apply to stages started afterwards, never to the kernel's own process.
   */
  rlimits: Map<number, { soft: number; hard: number }> | null = null;
  /** pushd/popd: the directory stack below the current directory, bottom first (bash's order; the last is DIRSTACK[1]). */
  dirStack: string[] = [];
  lastStatus = 0;
  /** While the EXIT trap runs: the status the context ends with (not copied to subshells). */
  exitTrapStatus: number | undefined = undefined;
  /** While a trap handler (not DEBUG) runs: $? before it, what a bare `return` there returns (bash). */
  trapSavedStatus: number | undefined = undefined;
  /** Line of the command running now ($LINENO). */
  lineno = 0;
  /** PIPESTATUS of the last pipeline. */
  // Empty until the first pipeline runs, as in bash (`echo "${PIPESTATUS[@]}"` first thing prints "").
  pipeStatus: number[] = [];
  /** Status of the last command substitution in the command being expanded (for `x=$(false)`). */
  substStatus: number | null = null;
  lastBackground = '';
  /** $BASHPID where it is not this process's pid: a background job's kernel id. */
  bashPid: string | null = null;
  /** `$_`: the last argument of the previous command. */
  lastArg = '';
  loopDepth = 0;
  /**
   * Jobs of the shell a `( )` subshell was made in: bash's subshell has its own job table,
   * so `jobs` there lists none of them and `wait PID` says it is not a child.
   */
  hiddenJobs: ReadonlySet<number> | null = null;
  /** Depth of `.`/`source`: `return` is allowed there too. */
  sourceDepth = 0;
  /** evals running now (with sourceDepth and substLevel, how many PS4 characters xtrace repeats). */
  evalDepth = 0;
  /** `set` replaced the positional parameters ($@ set by `source FILE ARGS` is then kept). */
  positionalChanged = false;
  /**
   * FUNCNAME/BASH_SOURCE/BASH_LINENO frames as a persistent list (innermost first), which a
   * subshell shares with its parent: cloning a context inside a deep recursion is O(1).
   */
  private calls: CallNode | null = null;

  /** The frames, innermost last (a copy). */
  get callStack(): CallFrame[] {
    const out: CallFrame[] = [];
    for (let n = this.calls; n; n = n.prev) out.push(n.frame);
    return out.reverse();
  }

  set callStack(frames: readonly CallFrame[]) {
    this.calls = null;
    for (const f of frames) this.pushCall(f);
  }

  /** The innermost frame. */
  get topCall(): CallFrame | undefined {
    return this.calls?.frame;
  }

  pushCall(frame: CallFrame): void {
    this.calls = { frame, prev: this.calls };
  }

  popCall(): void {
    if (this.calls) this.calls = this.calls.prev;
  }

  /** Source name given to functions defined at the top level ("environment" under -c). */
  sourceName = 'main';
  /** A script file has a "main" frame in FUNCNAME/BASH_SOURCE; -c and stdin do not. */
  mainFrame: string | null = null;
  /** trap actions: EXIT, INT, ERR ... A subshell keeps only the ignored ones (as in bash). */
  traps = new Map<string, string>();
  /** A trap handler is running (no recursion of ERR/DEBUG traps). */
  inTrap: string | null = null;
  /** Children that ended while the CHLD trap ran: their traps come with the next one (traps.ts childEnded). */
  chldDeferred = 0;
  /**
   * In a subshell, `trap -p` still shows the parent's traps (so `$(trap -p)` can save
   * them) until the subshell sets one of its own.
   */
  displayTraps: Map<string, string> | null = null;
  /**
   * The command running now (for $BASH_COMMAND), and the source it is in; a string is the
   * text itself (a loop's head, as the DEBUG trap sees it).
   */
  currentCmd: Command | string | null = null;
  /** The command this context ends with, run in the shell's place as bash would (tail-exec.ts). */
  tailCmd: SimpleCommand | null = null;
  currentSrc = '';
  /** Source text of the statement running now. */
  stmtSrc = '';
  subshellDepth = 0;
  /** Inside an if/while condition, `&&`/`||` left side or `!`: set -e does not fire. */
  errexitSuppressed = false;
  /** The last status came from a bad `for ((...))` expression: bash's set -e and ERR skip it. */
  errexitExempt = false;
  /** The last compound command failed on its own redirection (set -e and ERR see that). */
  compoundRedirectFailed = false;
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
  /** Per-context caches the executor keeps (expander, shell access); dropped on clone. */
  cache: Record<string, unknown> = {};
  /** `readonly -f` and `declare -fx` marks on functions. */
  functionsReadonly?: Set<string>;
  functionsExported?: Set<string>;
  /** `declare -ft`: functions that inherit the DEBUG and RETURN traps. */
  functionsTraced?: Set<string>;
  /** Process substitution fds given to the command being run (closed when it ends). */
  procSubstFds?: Array<{ shellFd: number; osFd: number }>;
  lastProcSubst?: import('../kernel/kernel.js').ProcHandle;
  /**
   * BASH_ARGV / BASH_ARGC frames, outermost first: the positional parameters when they were
   * first looked at (bash fills them lazily, so `shift` before that shows), then those of each
   * function called while extdebug was on (bash pushes them only then). null until then.
   */
  argFrames: string[][] | null = null;
  /** Nesting of command substitutions (set -x repeats PS4's first character per level). */
  substLevel = 0;
  /** Commands read so far by the top level of a script or stdin (the prompt's `\#`; 0 under -c). */
  commandNumber = 0;
  /** Trapped signals a subshell sent to its own $BASHPID, for its next statement (traps.ts). */
  selfSignals: string[] | null = null;
  /** An untrapped signal that kills, sent to this subshell's own $BASHPID: it dies at its next command. */
  selfFatal: number | null = null;
  /** A simple command's pipeline stage: bash's child for it exits on errors as the shell would. */
  simpleStage = false;
  /** A background job's command (jobs.ts): told when one of its redirections waits for a FIFO's other end, with what ends the wait. */
  fifoWait: ((release: () => void) => void) | null = null;
  /** $$ of a shell started in this process (a script without #!); null: this process's pid. */
  shellPid: string | null = null;
  /**
   * Subshell levels bash does not count in $BASH_SUBSHELL: a `( )` that is itself a
   * pipeline stage or a background job (one process, not two), and a simple command's stage
   * (its words are expanded before the level goes up; a function it calls counts it).
   */
  uncounted = 0;
  /** This simple stage's level is one of those not counted yet (a function call counts it). */
  stageUncounted = false;
  /** `declare -A m=(...)` is being expanded: subscripts are keys, not arithmetic. */
  declaringAssoc?: boolean;
  /** The same for `-a` (a `name="(...)"` argument is then read as an array literal). */
  declaringArray?: boolean;

  constructor(store?: VarStore) {
    this.store = store ?? new VarStore();
    this.store.host = this;
    // -i variables evaluate what is assigned to them in this context.
    this.store.hooks = {
      arith: (t) => {
        try {
          return numToString(evalArith(t, (this.cache.arith as ArithEnv | undefined) ?? (this.cache.arith = arithEnvFor(this))));
        } catch (e) {
          // (An integer variable's value is evaluated as bash's evalexp does outside $(( )): an error jumps to the top level.)
          throw e instanceof ArithError ? new ShellError(e.describe(), e.unbound ? 'fatal' : 'abort', e.unbound ? 127 : 1) : e;
        }
      },
      index: (t) => {
        try {
          return numToString(evalArith(t, (this.cache.arith as ArithEnv | undefined) ?? (this.cache.arith = arithEnvFor(this))));
        } catch (e) {
          throw e instanceof ArithError ? new ShellError(e.describe(), e.unbound ? 'fatal' : 'abort', e.unbound ? 127 : 1) : e;
        }
      },
      // Assigning or unsetting PATH forgets the remembered command paths, as in bash.
      pathChanged: () => this.hashed.clear(),
      // Setting GLOBIGNORE to a non-empty value turns dotglob on, unsetting it turns it off.
      globIgnoreChanged: (v) => {
        if (v === undefined) this.shopt.dotglob = false;
        else if (v !== '') this.shopt.dotglob = true;
      },
      // Unsetting BASH_XTRACEFD (or emptying it) closes the fd the trace went to (bash).
      xtraceFdChanged: (v) => {
        if (v !== undefined && v !== '') return;
        const old = this.store.get('BASH_XTRACEFD');
        if (old !== undefined && /^\d+$/.test(old)) this.fds.delete(Number(old));
      },
      warn: (m) => this.warn?.(this, m),
      posixlyCorrect: (on) => this.posixlyCorrect?.(this, on),
    };
    if (!store) installSpecials(this);
  }

  /** Writes `warning: MESSAGE` (`bare`: just MESSAGE) on the context's stderr (the shell sets it; see VarStore hooks). */
  warn: ((ctx: ShellContext, message: string, bare?: boolean) => void) | null = null;
  /** Turns posix mode on or off when POSIXLY_CORRECT is assigned or unset (the shell sets it). */
  posixlyCorrect: ((ctx: ShellContext, on: boolean) => void) | null = null;

  clone(): ShellContext {
    const c = new ShellContext(this.store.clone());
    c.warn = this.warn;
    c.posixlyCorrect = this.posixlyCorrect;
    // (A background pipeline's stages are clones: their FIFOs tell the job, too.)
    c.fifoWait = this.fifoWait;
    c.functions = new Map(this.functions);
    c.aliases = new Map(this.aliases);
    c.hashed = new Map(this.hashed);
    if (this.completions.size) c.completions = this.completions.clone();
    c.completionState = this.completionState;
    if (this.disabledBuiltins.size) c.disabledBuiltins = new Set(this.disabledBuiltins);
    c.positional = [...this.positional];
    c.scriptName = this.scriptName;
    c.options = { ...this.options };
    c.shopt = { ...this.shopt };
    if (this.functionsReadonly) c.functionsReadonly = new Set(this.functionsReadonly);
    if (this.functionsExported) c.functionsExported = new Set(this.functionsExported);
    if (this.functionsTraced) c.functionsTraced = new Set(this.functionsTraced);
    c.substLevel = this.substLevel;
    c.commandNumber = this.commandNumber;
    c.argFrames = this.argFrames && [...this.argFrames];
    c.fds = new Map(this.fds);
    c.cwd = this.cwd;
    c.umask = this.umask;
    if (this.rlimits) c.rlimits = new Map(this.rlimits);
    if (this.dirStack.length) c.dirStack = [...this.dirStack];
    c.lastStatus = this.lastStatus;
    c.lineno = this.lineno;
    c.pipeStatus = this.pipeStatus;
    c.lastBackground = this.lastBackground;
    // A subshell is a process of its own in bash: its $BASHPID differs from $$ (and from its
    // parent's). aosh runs it in this process, so it gets a number of its own (jobs then
    // take their kernel id, jobs.ts).
    c.bashPid = newPid();
    c.shellPid = this.shellPid;
    c.uncounted = this.uncounted;
    c.lastArg = this.lastArg;
    c.loopDepth = 0;
    c.hiddenJobs = this.hiddenJobs;
    c.sourceDepth = this.sourceDepth;
    c.evalDepth = this.evalDepth;
    c.calls = this.calls;
    c.sourceName = this.sourceName;
    c.mainFrame = this.mainFrame;
    // Traps are reset in a subshell, except those set to ignore the signal, and ERR under
    // set -E, DEBUG and RETURN under set -T (which carry them into subshells too).
    for (const [k, v] of this.traps) if (v === '' || inherited(k, this.options)) c.traps.set(k, v);
    c.displayTraps = this.displayTraps ?? new Map(this.traps);
    c.currentCmd = this.currentCmd;
    c.currentSrc = this.currentSrc;
    c.stmtSrc = this.stmtSrc;
    c.subshellDepth = this.subshellDepth + 1;
    c.errexitSuppressed = this.errexitSuppressed;
    c.job = this.job;
    c.taskId = this.taskId;
    c.abort = this.abort;
    return c;
  }

  get funcDepth(): number {
    return this.store.level;
  }

  // ---- the variable API the executor uses ------------------------------------------

  get(name: string): string | undefined {
    return this.store.get(name);
  }

  /** Assigns (applying attributes); `exported` also marks it for export. */
  set(name: string, value: string, exported?: boolean): void {
    this.store.assign(name, value);
    if (exported) {
      const v = this.store.lookup(name);
      if (v) v.attrs |= A.export;
    }
  }

  unset(name: string): void {
    this.store.unset(name);
  }

  /** Replaces a variable with an indexed array of these elements. */
  setArray(name: string, elements: readonly string[]): void {
    this.store.setArray(name, IndexedArray.from(elements));
  }

  /** Exported variables as a child's environment. */
  environment(): Record<string, string> {
    const env = this.store.environment();
    // export -f: bash's BASH_FUNC_name%% variables, which a bash child (or aosh) defines again.
    if (this.functionsExported?.size) {
      for (const name of this.functionsExported) {
        const fn = this.functions.get(name);
        if (!fn) continue;
        env[`BASH_FUNC_${name}%%`] = functionText(fn, true);
      }
    }
    return env;
  }

  /** `$-`: the set letters in bash's order, `i` in its place when interactive. */
  optionFlags(interactive = false): string {
    let s = '';
    for (const [letter, name] of Object.entries(OPTION_LETTERS)) {
      if (letter === 'k' && interactive) s += 'i';
      if (this.options[name]) s += letter;
    }
    return s;
  }
}

/** Thrown to unwind loops, functions and the shell itself. */
export class BreakSignal {
  /** `status`: what the loop it leaves returns. */
  constructor(public levels: number, readonly status = 0) {}
}
export class ContinueSignal {
  constructor(public levels: number) {}
}
export class ReturnSignal {
  constructor(readonly status: number) {}
}
interface CallNode {
  readonly frame: CallFrame;
  readonly prev: CallNode | null;
}

export class ExitSignal {
  constructor(
    readonly status: number,
    /** The call stack where `exit` ran (the EXIT trap sees FUNCNAME as it was). */
    readonly callStack?: CallFrame[],
    /** The `exit` builtin (an interactive shell says "exit"), not an error or set -e. */
    readonly byExit = false,
    /** An error ended the shell, not `exit`: one in an EXIT trap leaves the exit status be. */
    readonly byError = false,
  ) {}
}
/**
 * bash's "discard the rest of the command line": a readonly assignment, an arithmetic
 * error in an expansion. Caught where a command line (or eval, or a subshell) starts.
 */
export class DiscardSignal {
  constructor(readonly status = 1) {}
}
/**
 * Ctrl-C while the interactive shell runs a command line: as in bash, the rest of the line
 * (the next iterations of a loop, the commands after `;`) is abandoned with status 130.
 */
export class InterruptSignal extends DiscardSignal {
  constructor() {
    super(130);
  }
}
