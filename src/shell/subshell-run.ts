// Subshells: `( )` runs in a cloned context, and a context that ends runs its queued
// signal traps and then its EXIT trap (bash's order), whichever way it ended.
import type { Redirect, Stmt } from './ast.js';
import type { Shell } from './executor.js';
import { BreakSignal, ContinueSignal, DiscardSignal, ExitSignal, ReturnSignal, type CallFrame, type ShellContext } from './context.js';
import { applyRedirects } from './redirect.js';
import { closeProcSubsts } from './subst.js';
import { NO_EXIT_TRAP, takeFatal, takePendingSignals } from './traps.js';
import { andThen, type MP } from './maybe.js';
import { tailCommand } from './tail-exec.js';

/** A subshell (`( )`, a pipeline stage) has a job table of its own: the shell's jobs are not in it. */
export function hideJobs(shell: Shell, sub: ShellContext): void {
  const ids = shell.jobs.ids();
  if (ids.length) sub.hiddenJobs = new Set([...(sub.hiddenJobs ?? []), ...ids]);
}

/** `( ... )`: a cloned context; exit inside ends only the subshell. */
export function runSubshell(shell: Shell, body: readonly Stmt[], ctx: ShellContext, redirects: readonly Redirect[] = []): MP<number> {
  const sub = ctx.clone();
  sub.tailCmd = tailCommand(body);
  hideJobs(shell, sub);
  return andThen(applyRedirects(sub, redirects, shell.expander(sub), shell.kernel), (applied) => {
    sub.fds = applied.fds;
    const end = (status: number, e?: unknown): MP<number> => andThen(takeLastSignals(shell, sub, status), (st) => andThen(runExitTrap(shell, sub, st, e instanceof ExitSignal ? e.callStack : undefined), (s) => {
      applied.cleanup();
      closeProcSubsts(sub);
      return s;
    }));
    let r: MP<number>;
    try {
      r = shell.runStmts(body, sub);
    } catch (e) {
      return end(subshellStatus(e, sub), e);
    }
    if (r instanceof Promise) return r.then((s) => end(s), (e) => end(subshellStatus(e, sub), e));
    return end(r);
  });
}

/**
 * A subshell ending with a signal for its trap still queued (it came while the last command
 * ran): the trap runs now, before the EXIT trap, as bash runs it when that command returns.
 */
export function takeLastSignals(shell: Shell, ctx: ShellContext, status: number): MP<number> {
  if (!ctx.selfSignals?.length && ctx.selfFatal === null) return status;
  const exited = (e: unknown): number => {
    if (e instanceof ExitSignal) return e.status;
    throw e;
  };
  try {
    takeFatal(ctx, true);
    const r = takePendingSignals(shell, ctx);
    return r instanceof Promise ? r.then(() => status, exited) : status;
  } catch (e) {
    return exited(e);
  }
}

/** Runs the EXIT trap of a context that is ending; returns the final status. */
export function runExitTrap(shell: Shell, ctx: ShellContext, status: number, callStack?: CallFrame[]): MP<number> {
  const action = ctx.traps.get('EXIT');
  if (action === undefined || action === '') return status;
  ctx.traps.delete('EXIT');
  // A job or stage ended by a signal (kill %1) runs its EXIT trap first, as bash's subshell
  // does, but for KILL and the core-dumping ones; its commands must not see the abort.
  const abort = ctx.abort;
  if (abort?.aborted) {
    if (NO_EXIT_TRAP.has(Number(abort.reason))) return status;
    ctx.abort = null;
  }
  ctx.lastStatus = status;
  ctx.exitTrapStatus = status;
  // The trap runs where `exit` was called: FUNCNAME and friends as they were there.
  if (callStack) ctx.callStack = callStack;
  // A trap handler, as the signal ones are: $BASH_COMMAND stays the last command run
  // before it, no DEBUG trap runs in it.
  ctx.inTrap = 'EXIT';
  ctx.trapSavedStatus = status;
  let r: MP<number>;
  try {
    // The action counts its own lines from 1, as bash's EXIT and signal traps do.
    r = shell.evalString(action, ctx, 'trap', 1);
  } catch (e) {
    if (e instanceof ExitSignal) return e.byError ? status : e.status;
    throw e;
  }
  if (r instanceof Promise) return r.then(() => status, (e) => {
    if (e instanceof ExitSignal) return e.byError ? status : e.status;
    throw e;
  });
  return status;
}


/** The status a subshell ends with when something unwinds out of it. */
export function subshellStatus(e: unknown, sub: ShellContext): number {
  if (e instanceof ExitSignal) return e.status;
  if (e instanceof DiscardSignal) return e.status;
  if (e instanceof BreakSignal || e instanceof ContinueSignal) return sub.lastStatus;
  if (e instanceof ReturnSignal) return e.status;
  throw e;
}

