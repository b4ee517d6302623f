// command_not_found_handle: bash calls this function when a command name (without a slash)
// is found nowhere, in the child it forked for the command: a subshell whose changes do not
// come back, given the command and its arguments. Its status is the command's; an `exit` in
// it ends only that child (and, as the child leaves with exit(2), runs no EXIT trap).
import type { FunctionDef } from './ast.js';
import { BreakSignal, ContinueSignal, DiscardSignal, ExitSignal, ReturnSignal, type ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { callFunction } from './functions.js';
import type { MP } from './maybe.js';
import { withTempVars, type PrefixAssign } from './prefix-assign.js';
import { hideJobs } from './subshell-run.js';

export const NOT_FOUND_HOOK = 'command_not_found_handle';

export function runNotFoundHook(shell: Shell, ctx: ShellContext, fn: FunctionDef, words: string[], assigns: PrefixAssign[]): MP<number> {
  const sub = ctx.clone();
  hideJobs(shell, sub);
  // (a child forked for a simple command: $BASH_SUBSHELL stays)
  sub.uncounted++;
  const status = (e: unknown): number => {
    if (e instanceof ExitSignal || e instanceof DiscardSignal || e instanceof ReturnSignal) return e.status;
    if (e instanceof BreakSignal || e instanceof ContinueSignal) return sub.lastStatus;
    throw e;
  };
  let r: MP<number>;
  try {
    const call = (): MP<number> => callFunction(shell, fn, words, sub);
    r = assigns.length ? withTempVars(shell, sub, assigns, call) : call();
  } catch (e) {
    return status(e);
  }
  return r instanceof Promise ? r.catch(status) : r;
}
