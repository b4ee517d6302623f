// Traps: the handlers run for EXIT, ERR, DEBUG, RETURN and signals. A signal sent to aosh
// (kill -USR1 $$) is noted by a process handler and its trap runs between two commands,
// as bash runs it; $? is the same before and after a handler.
import { signalName, signalNumber } from '../kernel/signals.js';
import { DiscardSignal, ExitSignal, InterruptSignal, type ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { andThen, type MP } from './maybe.js';

/** Signals whose handlers aosh installs when they are trapped (others keep node's default). */
// (Not CHLD: the process's own SIGCHLDs come from the kernel's processes, coalesced; the CHLD
// trap runs for each child of the shell as bash counts them: childEnded below.)
const CATCHABLE = new Set(['HUP', 'INT', 'QUIT', 'TERM', 'USR1', 'USR2', 'ALRM', 'WINCH', 'CONT', 'TSTP', 'TTIN', 'TTOU', 'PIPE', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'IO', 'PWR', 'SYS', 'TRAP', 'ABRT', 'BUS', 'FPE', 'SEGV', 'ILL', 'STKFLT']);

const queue: string[] = [];

/**
 * An untrapped signal that ends the shell (TERM, HUP, INT, USR1) arrived while an EXIT trap
 * is set: as bash's handler does, the shell runs that trap before it dies. It ends at the
 * next statement of the main shell (not of a subshell or job running in this process);
 * `picked` tells the CLI, which otherwise ends it a moment later (the shell is blocked).
 */
let fatal: { status: number; picked: () => void } | null = null;

/**
 * Ctrl-C reached the interactive shell while a command line runs (no INT trap): every
 * later statement of the foreground unwinds with InterruptSignal until the REPL clears
 * it, so the rest of the line is abandoned (a `while` loop of `sleep`s ends), as in bash.
 * Background jobs (ctx.job set) go on: the terminal's Ctrl-C is not theirs.
 */
let interrupted = false;

/** Signals queued on some subshell's context (selfSignals) not taken yet: the flag stays up for them. */
let selfPending = 0;

export function requestInterrupt(): void {
  interrupted = true;
  takePendingSignals.pending = true;
}

/** A new command line, or the foreground job handled the SIGINT itself (it did not end with 130). */
export function clearInterrupt(): void {
  interrupted = false;
  takePendingSignals.pending = queue.length > 0 || fatal !== null || selfPending > 0;
}

export function requestFatal(status: number, picked: () => void): void {
  fatal = { status, picked };
  takePendingSignals.pending = true;
}

/**
 * `kill -SIG $BASHPID` in a subshell, which runs in this process: a trap of the subshell's
 * runs before its next command; untrapped, a signal that kills ends the subshell alone, with
 * 128+N as if it had died of it (bash's subshell is a process of its own).
 */
export function signalSubshell(ctx: ShellContext, sig: number): void {
  const name = signalName(sig).replace(/^SIG/, '');
  const action = ctx.traps.get(name);
  if (action === '' || sig === 0) return;
  if (action !== undefined) {
    // Signals do not queue: one already pending is not taken twice.
    if (ctx.selfSignals?.includes(name)) return;
    (ctx.selfSignals ??= []).push(name);
    selfPending++;
    takePendingSignals.pending = true;
    return;
  }
  if (!HARMLESS.has(name) && ctx.selfFatal === null) {
    // bash's subshell dies of it at its next command (see takeFatal).
    ctx.selfFatal = sig;
    selfPending++;
    takePendingSignals.pending = true;
  }
}

/**
 * A child of this shell ended: a program, or what bash forks a process for (a `( )`, a
 * substitution, each pipeline stage, an `&` job). A CHLD trap runs before the next command,
 * once for each child, as in bash; children that end while it runs are counted for the next.
 */
export function childEnded(ctx: ShellContext, count = 1): void {
  const action = ctx.traps.get('CHLD');
  if (action === undefined || action === '') return;
  if (ctx.inTrap === 'CHLD') {
    ctx.chldDeferred += count;
    return;
  }
  count += ctx.chldDeferred;
  ctx.chldDeferred = 0;
  const q = (ctx.selfSignals ??= []);
  for (let i = 0; i < count; i++) q.push('CHLD');
  selfPending += count;
  takePendingSignals.pending = true;
}

/**
 * The signal that kills a subshell (selfFatal), taken before its next command or as it ends:
 * before a command, its EXIT trap still runs, but for KILL and the signals that dump core;
 * at its end (the kill was its last command), none does (bash). Throws the subshell's end.
 */
export function takeFatal(ctx: ShellContext, atEnd: boolean): void {
  const status = fatalStatus(ctx, atEnd);
  if (status !== null) throw new ExitSignal(status);
}

/** As takeFatal, but returns the status (null: no such signal) instead of ending the context. */
export function fatalStatus(ctx: ShellContext, atEnd: boolean): number | null {
  const sig = ctx.selfFatal;
  if (sig === null) return null;
  ctx.selfFatal = null;
  selfPending--;
  if (atEnd || NO_EXIT_TRAP.has(sig)) ctx.traps.delete('EXIT');
  return 128 + sig;
}

/** Signals a shell dies of without running its EXIT trap: KILL and those that dump core. */
export const NO_EXIT_TRAP = new Set([9, 3, 4, 5, 6, 7, 8, 11, 31, 24, 25]);

/** Signals whose default action does not end a process (or stops it, which aosh does not). */
const HARMLESS = new Set(['CHLD', 'CONT', 'URG', 'WINCH', 'STOP', 'TSTP', 'TTIN', 'TTOU']);

/** A signal waits for its trap (checked before every statement). */
export const takePendingSignals = Object.assign(
  (shell: Shell, ctx: ShellContext): Promise<void> | void => {
    if (fatal && ctx.subshellDepth === 0 && ctx.job === null) {
      const f = fatal;
      fatal = null;
      f.picked();
      // The trap sees $? of the last command; the shell then ends as the signal's death.
      const r = shell.runExitTrap(ctx, ctx.lastStatus);
      const die = (): never => {
        throw new ExitSignal(f.status);
      };
      return r instanceof Promise ? r.then(die) : die();
    }
    // A signal to the shell's process is the main shell's: a subshell (which runs in this
    // process) leaves it for the main shell, which takes it when the subshell is done, as
    // bash's parent does; a subshell takes only those sent to its own $BASHPID.
    const mine = ctx.subshellDepth === 0;
    takeFatal(ctx, false);
    const sigs = mine ? queue.splice(0) : [];
    if (ctx.selfSignals?.length) {
      selfPending -= ctx.selfSignals.length;
      sigs.push(...ctx.selfSignals.splice(0));
    }
    takePendingSignals.pending = interrupted || fatal !== null || (!mine && queue.length > 0) || selfPending > 0;
    if (interrupted && ctx.job === null) throw new InterruptSignal();
    const run = (i: number): Promise<void> | void => {
      for (; i < sigs.length; i++) {
        const action = ctx.traps.get(sigs[i]!);
        if (action === undefined || action === '') continue;
        const r = runTrap(shell, ctx, sigs[i]!, action, ctx.lastStatus);
        if (r instanceof Promise) return r.then(() => run(i + 1));
      }
    };
    return run(0);
  },
  { pending: false },
);

const installed = new Map<string, () => void>();
let trappedBy: ((sig: string) => boolean) | null = null;
let ignoredBy: ((sig: string) => boolean) | null = null;

/** Whether a signal has a trap (the CLI's own handlers step aside then). */
export function isTrapped(sig: string): boolean {
  return trappedBy?.(sig) ?? false;
}

/** Whether the trap is `trap '' SIG` (ignored: the shell's commands inherit that in bash). */
export function isIgnored(sig: string): boolean {
  return ignoredBy?.(sig) ?? false;
}

/** Keeps the process handlers in line with the top-level context's traps. */
export function syncSignalHandlers(ctx: ShellContext): void {
  if (ctx.subshellDepth > 0) return;
  trappedBy = (sig) => ctx.traps.has(sig);
  ignoredBy = (sig) => ctx.traps.get(sig) === '';
  for (const sig of CATCHABLE) {
    const want = ctx.traps.has(sig);
    const have = installed.get(sig);
    if (want && !have) {
      const h = (): void => {
        if (ctx.traps.get(sig) === '') return;
        queue.push(sig);
        takePendingSignals.pending = true;
        for (const l of [...signalListeners]) l(signalNumber(sig) ?? 0);
      };
      try {
        process.on(`SIG${sig}` as NodeJS.Signals, h);
        installed.set(sig, h);
      } catch {
        // a signal node cannot catch (SIGKILL/SIGSTOP are not in the list)
      }
    } else if (!want && have) {
      process.removeListener(`SIG${sig}` as NodeJS.Signals, have);
      installed.delete(sig);
    }
  }
}

const signalListeners = new Set<(num: number) => void>();

/**
 * A trapped signal's arrival, for `wait`: bash's wait returns 128+N when one comes, and the
 * trap runs next. null when the shell traps no signal. `cancel` stops listening.
 */
export function nextTrappedSignal(): { arrived: Promise<number>; cancel: () => void } | null {
  if (installed.size === 0) return null;
  let l!: (num: number) => void;
  const arrived = new Promise<number>((resolve) => {
    l = (num) => {
      signalListeners.delete(l);
      resolve(128 + num);
    };
    signalListeners.add(l);
  });
  return { arrived, cancel: () => void signalListeners.delete(l) };
}

/** Whether any signal trap is set (after `kill` to ourselves the shell lets the handler run). */
export function anySignalTraps(): boolean {
  return installed.size > 0;
}

/**
 * Runs a trap handler in `ctx`. `$?` is `status` inside it and comes back afterwards; an
 * `exit` in the handler ends the shell.
 */
export function runTrap(shell: Shell, ctx: ShellContext, name: string, action: string, status: number): MP<void> {
  return andThen(runTrapStatus(shell, ctx, name, action, status), () => undefined);
}

/** runTrap, giving the handler's own status (extdebug's DEBUG trap decides on it). */
export function runTrapStatus(shell: Shell, ctx: ShellContext, name: string, action: string, status: number): MP<number> {
  const outer = ctx.inTrap;
  const outerSaved = ctx.trapSavedStatus;
  ctx.inTrap = name;
  // (In the DEBUG trap a bare return takes the handler's own status: it may change $?.)
  ctx.trapSavedStatus = name === 'DEBUG' ? undefined : status;
  ctx.lastStatus = status;
  const savedLine = ctx.lineno;
  // The handler is source of its own: the rest of the interrupted statement reads its words
  // (and $BASH_COMMAND) from the statement's.
  const savedSrc = ctx.stmtSrc;
  // A handler is a level deeper for set -x, as eval is.
  ctx.evalDepth++;
  const done = (own = 0): number => {
    ctx.evalDepth--;
    ctx.inTrap = outer;
    ctx.trapSavedStatus = outerSaved;
    ctx.lastStatus = status;
    ctx.lineno = savedLine;
    ctx.stmtSrc = savedSrc;
    return own;
  };
  let r: MP<number>;
  try {
    // A signal's action counts its lines from 1 (bash); ERR, DEBUG and RETURN run at the
    // line of the command they are about.
    const own = name !== 'ERR' && name !== 'DEBUG' && name !== 'RETURN';
    r = shell.evalString(action, ctx, 'trap', own ? 1 : ctx.lineno || 1);
  } catch (e) {
    done();
    if (e instanceof DiscardSignal) return e.status;
    throw e;
  }
  if (r instanceof Promise) {
    return r.then(done, (e: unknown) => {
      done();
      if (e instanceof DiscardSignal) return e.status;
      throw e;
    });
  }
  return done(r);
}

/** The canonical name of a trap condition ("SIGINT", "2", "int" -> "INT"; "0" -> "EXIT"), or null. */
export function trapName(spec: string): string | null {
  const u = spec.toUpperCase();
  if (u === '0' || u === 'EXIT' || u === 'SIGEXIT') return 'EXIT';
  if (u === 'ERR' || u === 'DEBUG' || u === 'RETURN') return u;
  if (/^\d+$/.test(u)) {
    const n = Number(u);
    if (n < 1 || n > 64) return null;
    for (const name of SIGNAL_NAMES) if (signalNumber(name) === n) return name;
    return null;
  }
  const bare = u.startsWith('SIG') ? u.slice(3) : u;
  return signalNumber(bare) !== undefined && SIGNAL_NAMES.includes(bare) ? bare : null;
}

/** Signals in number order, as `trap -l` and `kill -l` list them. */
export const SIGNAL_NAMES = [
  'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM', 'STKFLT',
  'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO', 'PWR', 'SYS',
];

/** The order `trap -p` lists traps in: EXIT first, signals by number, then DEBUG, ERR, RETURN. */
export function trapOrder(name: string): number {
  if (name === 'EXIT') return 0;
  const n = signalNumber(name);
  if (n !== undefined) return n;
  return { DEBUG: 100, ERR: 101, RETURN: 102 }[name] ?? 200;
}

export { ExitSignal };
