// Calling shell functions: a scope for locals, new positional parameters, a frame for
// FUNCNAME/BASH_SOURCE/BASH_LINENO, the RETURN trap, and FUNCNEST.
//
// Recursion is bounded twice. FUNCNEST (or aosh's own limit when it is unset, since bash's
// is a crash) stops runaway recursion with bash's message. And a call nested deeper than a
// few dozen synchronous calls continues on a fresh stack (a microtask), so deep but legal
// recursion never overflows V8's stack: the interpreter's own frames stay shallow.
import type { FunctionDef } from './ast.js';
import { DiscardSignal, ReturnSignal, argFrames, type CallFrame, type ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { runTrap } from './traps.js';
import type { MP } from './maybe.js';

/** Nesting limit when FUNCNEST is unset (bash has none and dies of a stack overflow). */
export const DEFAULT_FUNCNEST = 10_000;

/** Synchronous function calls on the JS stack right now. */
let syncNesting = 0;
const SYNC_LIMIT = 40;

export function callFunction(shell: Shell, fn: FunctionDef, args: string[], ctx: ShellContext): MP<number> {
  const limitText = ctx.store.get('FUNCNEST');
  const limit = limitText && /^[0-9]+$/.test(limitText) && Number(limitText) > 0 ? Number(limitText) : DEFAULT_FUNCNEST;
  if (ctx.funcDepth >= limit) {
    void shell.errorLine(ctx, `${fn.name}: maximum function nesting level exceeded (${limit})`);
    throw new DiscardSignal(1);
  }
  if (syncNesting >= SYNC_LIMIT) {
    // Continue on a fresh stack.
    return Promise.resolve().then(() => enter(shell, fn, args, ctx));
  }
  syncNesting++;
  try {
    return enter(shell, fn, args, ctx);
  } finally {
    syncNesting--;
  }
}

/** Traps a function does not inherit unless traced (set -T / declare -t; set -E for ERR). */
function hideTraps(ctx: ShellContext, fn: FunctionDef): Array<[string, string]> | null {
  if (ctx.traps.size === 0) return null;
  const traced = ctx.options.functrace || ctx.functionsTraced?.has(fn.name) === true;
  let hidden: Array<[string, string]> | null = null;
  for (const name of traced ? (ctx.options.errtrace ? [] : ['ERR']) : ctx.options.errtrace ? ['DEBUG', 'RETURN'] : ['DEBUG', 'RETURN', 'ERR']) {
    const v = ctx.traps.get(name);
    if (v === undefined) continue;
    (hidden ??= []).push([name, v]);
    ctx.traps.delete(name);
  }
  return hidden;
}

/** Puts hidden traps back, unless the function set its own (trap state is global). */
function restoreTraps(ctx: ShellContext, hidden: Array<[string, string]> | null): void {
  if (!hidden) return;
  for (const [name, v] of hidden) if (!ctx.traps.has(name)) ctx.traps.set(name, v);
}

function enter(shell: Shell, fn: FunctionDef, args: string[], ctx: ShellContext): MP<number> {
  const hidden = hideTraps(ctx, fn);
  const savedPositional = ctx.positional;
  const savedLoop = ctx.loopDepth;
  ctx.positional = args;
  ctx.loopDepth = 0;
  // Under extdebug, BASH_ARGV/BASH_ARGC get the call's arguments (popped on return).
  if (ctx.shopt.extdebug) argFrames(ctx);
  const savedFrames = ctx.argFrames;
  if (ctx.shopt.extdebug) ctx.argFrames = [...argFrames(ctx), args];
  ctx.store.pushScope();
  const frame: CallFrame = { func: fn.name, source: fn.file ?? ctx.sourceName, line: ctx.lineno };
  ctx.pushCall(frame);
  const callLine = ctx.lineno;
  // The RETURN trap sees $? as it was before `return N` ran (bash), the status otherwise.
  const leave = (status: number, trapStatus = status): MP<number> => {
    const ret = ctx.traps.get('RETURN');
    const finish = (): number => {
      restoreTraps(ctx, hidden);
      ctx.store.popScope();
      ctx.popCall();
      if (frame.savedOptions) ctx.options = frame.savedOptions;
      ctx.positional = savedPositional;
      ctx.argFrames = savedFrames;
      ctx.loopDepth = savedLoop;
      ctx.lineno = callLine;
      ctx.lastStatus = status;
      return status;
    };
    if (ret !== undefined && ret !== '' && ctx.inTrap !== 'RETURN') {
      const r = runTrap(shell, ctx, 'RETURN', ret, trapStatus);
      if (r instanceof Promise) return r.then(finish, (e) => {
        finish();
        throw e;
      });
    }
    return finish();
  };
  const fail = (e: unknown): MP<number> => {
    if (e instanceof ReturnSignal) return leave(e.status, ctx.lastStatus);
    restoreTraps(ctx, hidden);
    ctx.store.popScope();
    ctx.popCall();
    if (frame.savedOptions) ctx.options = frame.savedOptions;
    ctx.positional = savedPositional;
    ctx.argFrames = savedFrames;
    ctx.loopDepth = savedLoop;
    ctx.lineno = callLine;
    throw e;
  };
  const run = (): MP<number> => {
    let r: MP<number>;
    try {
      r = shell.runCommand(fn.body, ctx);
    } catch (e) {
      return fail(e);
    }
    if (r instanceof Promise) return r.then(leave, fail);
    return leave(r);
  };
  // A traced function runs the DEBUG trap once more as it starts (bash does).
  const debug = ctx.traps.get('DEBUG');
  if (debug && ctx.inTrap === null && (ctx.options.functrace || ctx.functionsTraced?.has(fn.name))) {
    let t: MP<void>;
    try {
      t = runTrap(shell, ctx, 'DEBUG', debug, ctx.lastStatus);
    } catch (e) {
      return fail(e);
    }
    if (t instanceof Promise) return t.then(run, fail);
  }
  return run();
}
