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
import { runTrap, takePendingSignals } from './traps.js';
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
  const call = new Call(shell, fn, args, ctx);
  // A traced function runs the DEBUG trap once more as it starts (bash does).
  const debug = ctx.traps.get('DEBUG');
  if (debug && ctx.inTrap === null && (ctx.options.functrace || ctx.functionsTraced?.has(fn.name))) {
    let t: MP<void>;
    try {
      t = runTrap(shell, ctx, 'DEBUG', debug, ctx.lastStatus);
    } catch (e) {
      return call.fail(e);
    }
    if (t instanceof Promise) return t.then(() => call.run(), (e) => call.fail(e));
  }
  return call.run();
}

/**
 * One function call: what it saved of the caller's state, put back when it returns or fails.
 * An object, not closures, as every call of every loop makes one.
 */
class Call {
  private readonly hidden: Array<[string, string]> | null;
  private readonly savedPositional: string[];
  private readonly savedLoop: number;
  private readonly savedFrames: ShellContext['argFrames'];
  private readonly frame: CallFrame;
  private readonly callLine: number;

  constructor(
    private readonly shell: Shell,
    private readonly fn: FunctionDef,
    args: string[],
    private readonly ctx: ShellContext,
  ) {
    this.hidden = hideTraps(ctx, fn);
    this.savedPositional = ctx.positional;
    this.savedLoop = ctx.loopDepth;
    ctx.positional = args;
    ctx.loopDepth = 0;
    // Under extdebug, BASH_ARGV/BASH_ARGC get the call's arguments (popped on return).
    if (ctx.shopt.extdebug) argFrames(ctx);
    this.savedFrames = ctx.argFrames;
    if (ctx.shopt.extdebug) ctx.argFrames = [...argFrames(ctx), args];
    ctx.store.pushScope();
    this.frame = { func: fn.name, source: fn.file ?? ctx.sourceName, line: ctx.lineno };
    ctx.pushCall(this.frame);
    this.callLine = ctx.lineno;
  }

  run(): MP<number> {
    let r: MP<number>;
    try {
      r = this.shell.runCommand(this.fn.body, this.ctx);
    } catch (e) {
      return this.fail(e);
    }
    if (r instanceof Promise) return r.then((s) => this.signalsThenLeave(s), (e) => this.fail(e));
    return this.signalsThenLeave(r);
  }

  /**
   * A signal that came during the body's last command (`kill -USR1 $$`) has its trap run
   * before the function returns, in the function's frame (bash checks after every command).
   */
  private signalsThenLeave(status: number): MP<number> {
    if (!takePendingSignals.pending) return this.leave(status);
    let t: Promise<void> | void;
    try {
      t = takePendingSignals(this.shell, this.ctx);
    } catch (e) {
      return this.fail(e);
    }
    if (t instanceof Promise) return t.then(() => this.leave(status), (e) => this.fail(e));
    return this.leave(status);
  }

  /** The RETURN trap sees $? as it was before `return N` ran (bash), the status otherwise. */
  private leave(status: number, trapStatus = status): MP<number> {
    const ctx = this.ctx;
    const ret = ctx.traps.get('RETURN');
    if (ret !== undefined && ret !== '' && ctx.inTrap !== 'RETURN') {
      const r = runTrap(this.shell, ctx, 'RETURN', ret, trapStatus);
      if (r instanceof Promise) {
        return r.then(() => this.finish(status), (e) => {
          this.finish(status);
          throw e;
        });
      }
    }
    return this.finish(status);
  }

  private finish(status: number): number {
    this.restore();
    this.ctx.lastStatus = status;
    return status;
  }

  fail(e: unknown): MP<number> {
    if (e instanceof ReturnSignal) return this.leave(e.status, this.ctx.lastStatus);
    this.restore();
    throw e;
  }

  private restore(): void {
    const ctx = this.ctx;
    restoreTraps(ctx, this.hidden);
    ctx.store.popScope();
    ctx.popCall();
    if (this.frame.savedOptions) ctx.options = this.frame.savedOptions;
    ctx.positional = this.savedPositional;
    ctx.argFrames = this.savedFrames;
    ctx.loopDepth = this.savedLoop;
    ctx.lineno = this.callLine;
  }
}
