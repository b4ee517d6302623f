// Compound commands: groups, if, loops, case, (( )) and [[ ]].
import type { ArithFor, Case, Command, For, If, Stmt, TestCommand, While } from './ast.js';
import { BreakSignal, ContinueSignal, type ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { ExpansionError } from './expand.js';
import { matchPattern } from '../lib/pattern.js';
import { evalArith } from './arith.js';
import { evalCond, TestSyntaxError, type CondToken } from '../lib/test-expr.js';

export async function runCompound(shell: Shell, cmd: Command, ctx: ShellContext): Promise<number> {
  switch (cmd.kind) {
    case 'Group':
      return shell.runStmts(cmd.body, ctx);
    case 'If':
      return runIf(shell, cmd, ctx);
    case 'While':
      return runWhile(shell, cmd, ctx);
    case 'For':
      return runFor(shell, cmd, ctx);
    case 'ArithFor':
      return runArithFor(shell, cmd, ctx);
    case 'Case':
      return runCase(shell, cmd, ctx);
    case 'ArithCommand': {
      try {
        const v = await shell.expander(ctx).arith(cmd.expr);
        return v !== 0n ? 0 : 1;
      } catch (e) {
        if (!(e instanceof ExpansionError) || e.kind !== 'arith') throw e;
        await shell.errorLine(ctx, `((: ${e.message}`);
        return 1;
      }
    }
    case 'TestCommand':
      return runTest(shell, cmd, ctx);
    default:
      throw new Error(`unexpected command kind ${cmd.kind}`);
  }
}

/** Runs a condition list: set -e does not apply inside it. */
async function runCondition(shell: Shell, stmts: Stmt[], ctx: ShellContext): Promise<number> {
  const outer = ctx.errexitSuppressed;
  ctx.errexitSuppressed = true;
  try {
    return await shell.runStmts(stmts, ctx);
  } finally {
    ctx.errexitSuppressed = outer;
  }
}

async function runIf(shell: Shell, cmd: If, ctx: ShellContext): Promise<number> {
  for (const clause of cmd.clauses) {
    if ((await runCondition(shell, clause.cond, ctx)) === 0) return shell.runStmts(clause.body, ctx);
  }
  if (cmd.elseBody) return shell.runStmts(cmd.elseBody, ctx);
  return 0;
}

/**
 * Runs a loop body; returns 'break' or 'continue' when a signal for this loop level
 * arrived, re-throwing signals meant for outer loops.
 */
async function loopBody(shell: Shell, body: Stmt[], ctx: ShellContext): Promise<'next' | 'break'> {
  try {
    await shell.runStmts(body, ctx);
    return 'next';
  } catch (e) {
    if (e instanceof BreakSignal) {
      if (e.levels > 1) {
        e.levels--;
        throw e;
      }
      return 'break';
    }
    if (e instanceof ContinueSignal) {
      if (e.levels > 1) {
        e.levels--;
        throw e;
      }
      return 'next';
    }
    throw e;
  }
}

async function inLoop<T>(ctx: ShellContext, fn: () => Promise<T>): Promise<T> {
  ctx.loopDepth++;
  try {
    return await fn();
  } finally {
    ctx.loopDepth--;
  }
}

async function runWhile(shell: Shell, cmd: While, ctx: ShellContext): Promise<number> {
  return inLoop(ctx, async () => {
    let status = 0;
    for (;;) {
      const c = await runCondition(shell, cmd.cond, ctx);
      if (cmd.until ? c === 0 : c !== 0) break;
      ctx.lastStatus = 0;
      const r = await loopBody(shell, cmd.body, ctx);
      status = ctx.lastStatus;
      if (r === 'break') break;
      await yieldEvery();
    }
    return status;
  });
}

async function runFor(shell: Shell, cmd: For, ctx: ShellContext): Promise<number> {
  const items = cmd.items === null ? [...ctx.positional] : await shell.expander(ctx).fields(cmd.items);
  return inLoop(ctx, async () => {
    let status = 0;
    for (const item of items) {
      ctx.set(cmd.name, item);
      const r = await loopBody(shell, cmd.body, ctx);
      status = ctx.lastStatus;
      if (r === 'break') break;
    }
    return status;
  });
}

async function runArithFor(shell: Shell, cmd: ArithFor, ctx: ShellContext): Promise<number> {
  const ex = shell.expander(ctx);
  return inLoop(ctx, async () => {
    let status = 0;
    if (cmd.init) await ex.arith(cmd.init);
    for (;;) {
      if (cmd.cond && (await ex.arith(cmd.cond)) === 0n) break;
      const r = await loopBody(shell, cmd.body, ctx);
      status = ctx.lastStatus;
      if (r === 'break') break;
      if (cmd.step) await ex.arith(cmd.step);
      await yieldEvery();
    }
    return status;
  });
}

async function runCase(shell: Shell, cmd: Case, ctx: ShellContext): Promise<number> {
  const ex = shell.expander(ctx);
  const word = await ex.string(cmd.word);
  let status = 0;
  let fallthrough = false;
  for (let i = 0; i < cmd.items.length; i++) {
    const item = cmd.items[i]!;
    let matched = fallthrough;
    if (!matched) {
      for (const p of item.patterns) {
        if (matchPattern(await ex.pattern(p), word)) {
          matched = true;
          break;
        }
      }
    }
    if (!matched) continue;
    status = await shell.runStmts(item.body, ctx);
    if (item.terminator === ';;') return status;
    fallthrough = item.terminator === ';&';
  }
  return status;
}

async function runTest(shell: Shell, cmd: TestCommand, ctx: ShellContext): Promise<number> {
  const ex = shell.expander(ctx);
  const toks: CondToken[] = [];
  let prevOp = '';
  for (const t of cmd.tokens) {
    if ('op' in t) {
      toks.push({ op: t.op });
      prevOp = '';
      continue;
    }
    // The right side of == / != is a pattern (quoted parts literal); =~ takes the regex text.
    if (prevOp === '==' || prevOp === '=' || prevOp === '!=') toks.push({ str: await ex.string(t.word), pattern: await ex.pattern(t.word) });
    else if (prevOp === '=~') toks.push({ str: await regexText(shell, ctx, t.word) });
    else toks.push({ str: await ex.string(t.word) });
    const last = toks[toks.length - 1] as { str: string };
    prevOp = last.str;
  }
  try {
    return evalCond(toks, {
      cwd: ctx.cwd,
      setMatch: (groups) => ctx.setArray('BASH_REMATCH', groups),
      isSet: (name) => ctx.get(name) !== undefined,
      arith: (expr) => arithSync(shell, ctx, expr),
      fs: shell.kernel.fs,
    })
      ? 0
      : 1;
  } catch (e) {
    if (e instanceof TestSyntaxError) {
      await shell.errorLine(ctx, `[[: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

/** Quoted parts of a =~ regex match literally, as in bash. */
async function regexText(shell: Shell, ctx: ShellContext, word: import('./ast.js').Word): Promise<string> {
  let out = '';
  for (const p of word.parts) {
    const text = await shell.expander(ctx).string({ ...word, parts: [p] });
    const quoted = p.kind === 'SglQuoted' || p.kind === 'DblQuoted' || (p.kind === 'Lit' && p.escaped);
    out += quoted ? text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : text;
  }
  return out;
}

/** [[ a -eq b ]] evaluates its operands as arithmetic (variables only; no substitutions left by now). */
function arithSync(_shell: Shell, ctx: ShellContext, expr: string): bigint {
  return evalArith(expr, { get: (n) => ctx.get(n), set: (n, v) => ctx.set(n, v) });
}

let iterations = 0;
/** Long-running loops of builtins give the event loop a turn now and then (signals, I/O). */
async function yieldEvery(): Promise<void> {
  if (++iterations % 256 === 0) await new Promise<void>((r) => setImmediate(r));
}

export { ExpansionError };
