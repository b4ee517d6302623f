// Compound commands: groups, if, loops, case, select, (( )) and [[ ]].
import type { ArithFor, Case, Command, For, If, Stmt, While, Word } from './ast.js';
import { BreakSignal, ContinueSignal, ExitSignal, type ShellContext } from './context.js';
import { isName } from './source.js';
import type { Shell } from './executor.js';
import { ShellError } from './errors.js';
import { ArithError, evalArith, isZero, numToString } from './arith.js';
import { runCond } from './cond.js';
import { arithFailure } from './expand.js';
import { localeMatch } from './locale.js';
import { A, VarError } from '../lib/vars.js';
import { runTrap } from './traps.js';
import { andThen, type MP } from './maybe.js';
import { headWords, xtraceLine } from './xtrace.js';
import { runSelect } from './select.js';

export function runCompound(shell: Shell, cmd: Command, ctx: ShellContext): MP<number> {
  switch (cmd.kind) {
    case 'Group':
      return shell.runStmts(cmd.body, ctx);
    case 'If':
      return runIf(shell, cmd, ctx, 0);
    case 'While':
      return runWhile(shell, cmd, ctx);
    case 'For':
      if (!isName(cmd.name)) {
        // bash checks the name when the loop runs: status 1, or the end of a posix shell.
        void shell.errorLine(ctx, `\`${cmd.name}': not a valid identifier`);
        if (ctx.options.posix) throw new ExitSignal(2);
        return 1;
      }
      return cmd.select ? withDebug(shell, ctx, () => `select ${cmd.name} in ${headWords(ctx, cmd.items)}`, () => runSelect(shell, cmd, ctx)) : runFor(shell, cmd, ctx);
    case 'ArithFor':
      return runArithFor(shell, cmd, ctx);
    case 'Case':
      return withDebug(shell, ctx, () => `case ${ctx.stmtSrc.slice(cmd.word.pos, cmd.word.end)} in `, () => runCase(shell, cmd, ctx));
    case 'ArithCommand':
      if (cmd.line !== undefined) ctx.lineno = cmd.line;
      return withDebug(shell, ctx, cmd, () => {
        // Traced once expanded, as bash shows it: `((  x = 3  ))` for `(( x = $(echo 3) ))`.
        const trace = ctx.options.xtrace ? (t: string): void => void shell.writeTrace(ctx, xtraceLine(shell, ctx, [`(( ${t} ))`], true)) : undefined;
        return arithCommand(shell, ctx, cmd.expr, '((', trace);
      });
    case 'TestCommand':
      if (cmd.line !== undefined) ctx.lineno = cmd.line;
      return withDebug(shell, ctx, cmd, () => runCond(shell, cmd.expr, ctx));
    default:
      throw new Error(`unexpected command kind ${cmd.kind}`);
  }
}

/**
 * The DEBUG trap runs before (( )), [[ ]], case and each for iteration too, with
 * $BASH_COMMAND the command (or its head: `case WORD in `, `for NAME in WORDS`).
 */
export function withDebug(shell: Shell, ctx: ShellContext, what: Command | string | (() => string), fn: () => MP<number>): MP<number> {
  if (ctx.inTrap !== null) return fn();
  // $BASH_COMMAND follows these as it does simple commands, DEBUG trap or not.
  ctx.currentCmd = typeof what === 'function' ? what() : what;
  ctx.currentSrc = ctx.stmtSrc;
  const debug = ctx.traps.get('DEBUG');
  if (debug === undefined || debug === '') return fn();
  return andThen(runTrap(shell, ctx, 'DEBUG', debug, ctx.lastStatus), fn);
}

/** `(( expr ))` and `let`: status 0 when non-zero; an error is a message and status 1. */
export function arithCommand(shell: Shell, ctx: ShellContext, expr: string, what: string, trace?: (expanded: string) => void): MP<number> {
  const ex = shell.expander(ctx);
  const fail = (e: unknown): number => {
    if (e instanceof ShellError && e.action === 'discard') {
      void shell.errorLine(ctx, `${what}: ${e.message}`);
      return 1;
    }
    if (e instanceof ArithError) {
      if (e.subscript) throw arithFailure(e);
      void shell.errorLine(ctx, `${what}: ${e.describe()}`);
      return 1;
    }
    if (e instanceof VarError) {
      void shell.errorLine(ctx, e.message);
      return 1;
    }
    throw e;
  };
  let r: MP<number | bigint>;
  try {
    r = trace
      ? andThen(ex.arithExpanded(expr), (t) => {
          trace(t);
          return ex.arithText(t);
        })
      : ex.arith(expr);
  } catch (e) {
    return fail(e);
  }
  if (r instanceof Promise) return r.then((v) => (isZero(v) ? 1 : 0), fail);
  return isZero(r) ? 1 : 0;
}

/** Runs a condition list: set -e does not apply inside it. */
function runCondition(shell: Shell, stmts: readonly Stmt[], ctx: ShellContext): MP<number> {
  const outer = ctx.errexitSuppressed;
  ctx.errexitSuppressed = true;
  let r: MP<number>;
  try {
    r = shell.runStmts(stmts, ctx);
  } catch (e) {
    ctx.errexitSuppressed = outer;
    throw e;
  }
  if (r instanceof Promise) return r.finally(() => (ctx.errexitSuppressed = outer));
  ctx.errexitSuppressed = outer;
  return r;
}

function runIf(shell: Shell, cmd: If, ctx: ShellContext, k: number): MP<number> {
  for (; k < cmd.clauses.length; k++) {
    const clause = cmd.clauses[k]!;
    const c = runCondition(shell, clause.cond, ctx);
    if (c instanceof Promise) {
      const kk = k;
      return c.then((s) => (s === 0 ? shell.runStmts(clause.body, ctx) : runIf(shell, cmd, ctx, kk + 1)));
    }
    if (c === 0) return shell.runStmts(clause.body, ctx);
  }
  if (cmd.elseBody) return shell.runStmts(cmd.elseBody, ctx);
  return 0;
}

// ---- loops -----------------------------------------------------------------------------

let ticks = 0;
let lastYield = Date.now();

/** A long loop of builtins lets the event loop run now and then (signals, timers, I/O). */
function maybeYield(): Promise<void> | null {
  if (++ticks < 1024) return null;
  ticks = 0;
  const now = Date.now();
  if (now - lastYield < 20) return null;
  lastYield = now;
  return new Promise<void>((r) => setImmediate(r));
}

type Flow = 'next' | 'break';

/**
 * A break/continue signal for this loop ends or continues it; deeper levels go on up. The
 * status is then break's or continue's own (0), not the failing command's before it.
 */
function loopSignal(e: unknown, ctx: ShellContext): Flow {
  if (e instanceof BreakSignal) {
    if (e.levels > 1) {
      e.levels--;
      throw e;
    }
    ctx.lastStatus = e.status;
    return 'break';
  }
  if (e instanceof ContinueSignal) {
    if (e.levels > 1) {
      e.levels--;
      throw e;
    }
    ctx.lastStatus = 0;
    return 'next';
  }
  throw e;
}

/** One body run: 'next', 'break', or a promise of one. */
function body(shell: Shell, stmts: readonly Stmt[], ctx: ShellContext): MP<Flow> {
  let r: MP<number>;
  try {
    r = shell.runStmts(stmts, ctx);
  } catch (e) {
    return loopSignal(e, ctx);
  }
  if (r instanceof Promise) return r.then(() => 'next' as Flow, (e: unknown) => loopSignal(e, ctx));
  return 'next';
}

function inLoop(ctx: ShellContext, fn: () => MP<number>): MP<number> {
  ctx.loopDepth++;
  let r: MP<number>;
  try {
    r = fn();
  } catch (e) {
    ctx.loopDepth--;
    throw e;
  }
  if (r instanceof Promise) return r.finally(() => ctx.loopDepth--);
  ctx.loopDepth--;
  return r;
}

function runWhile(shell: Shell, cmd: While, ctx: ShellContext): MP<number> {
  return inLoop(ctx, () => {
    let status = 0;
    const step = (): MP<number> => {
      for (;;) {
        const c = runCondition(shell, cmd.cond, ctx);
        if (c instanceof Promise) return c.then((s) => afterCond(s) ?? step());
        const r = afterCond(c);
        if (r !== null) return r;
      }
    };
    // Returns the loop's status when it ends, a promise when it went async, null to go on.
    const afterCond = (c: number): MP<number> | null => {
      if (cmd.until ? c === 0 : c !== 0) return status;
      ctx.lastStatus = 0;
      const f = body(shell, cmd.body, ctx);
      if (f instanceof Promise) return f.then((flow) => (flow === 'break' ? (status = ctx.lastStatus) : ((status = ctx.lastStatus), andThen(yieldThen(), step))));
      status = ctx.lastStatus;
      if (f === 'break') return status;
      const y = maybeYield();
      if (y) return y.then(step);
      return null;
    };
    const r = step();
    return r instanceof Promise ? r : r;
  });
}

function yieldThen(): MP<void> {
  return maybeYield() ?? undefined;
}

function runFor(shell: Shell, cmd: For, ctx: ShellContext): MP<number> {
  const items = cmd.items === null ? [...ctx.positional] : shell.expander(ctx).fields(cmd.items);
  return andThen(items, (list) => {
    return inLoop(ctx, () => {
      let status = 0;
      const step = (i: number): MP<number> => {
        for (; i < list.length; i++) {
          // Each iteration traces the head as written, before the variable is set.
          if (ctx.options.xtrace) void shell.writeTrace(ctx, xtraceLine(shell, ctx, [`for ${cmd.name} in ${headWords(ctx, cmd.items)}`], true));
          try {
            // A nameref control variable is pointed at each word in turn (bash), not assigned through.
            const raw = ctx.store.raw(cmd.name);
            if (raw && raw.attrs & A.nameref && !(raw.attrs & A.readonly)) {
              // (only at a valid name: otherwise bash ends the loop with status 1)
              if (!/^[A-Za-z_][A-Za-z0-9_]*(\[.*\])?$/s.test(list[i]!)) throw new VarError(`\`${list[i]}': not a valid identifier`);
              raw.value = list[i]!;
            } else ctx.store.assign(cmd.name, list[i]!);
          } catch (e) {
            // (a readonly one is fatal in posix mode, as any readonly assignment: rethrown)
            if (e instanceof VarError && !(e.kind === 'readonly' && ctx.options.posix && !shell.interactive)) {
              void shell.errorLine(ctx, e.message);
              return 1;
            }
            throw e;
          }
          const debug = ctx.traps.get('DEBUG');
          if (debug !== undefined && debug !== '' && ctx.inTrap === null) {
            const k = i;
            return withDebug(shell, ctx, () => `for ${cmd.name} in ${headWords(ctx, cmd.items)}`, () => iteration(k) ?? step(k + 1));
          }
          const r = iteration(i);
          if (r !== null) return r;
        }
        return status;
      };
      const iteration = (i: number): MP<number> | null => {
        const f = body(shell, cmd.body, ctx);
        if (f instanceof Promise) {
          return f.then((flow) => {
            status = ctx.lastStatus;
            if (flow === 'break') return status;
            return andThen(yieldThen(), () => step(i + 1));
          });
        }
        status = ctx.lastStatus;
        if (f === 'break') return status;
        const y = maybeYield();
        if (y) return y.then(() => step(i + 1));
        return null;
      };
      if (list.length === 0) return 0;
      return step(0);
    });
  });
}

function runArithFor(shell: Shell, cmd: ArithFor, ctx: ShellContext): MP<number> {
  const ex = shell.expander(ctx);
  const fast = !/[$`'"\\]/.test(cmd.init + cmd.cond + cmd.step);
  // A bad expression is a message and status 1 for the loop, which goes no further (bash);
  // an error while expanding it ($((1/0)) inside) discards the command line as elsewhere.
  const evaluate = (t: string): number | bigint => {
    try {
      return evalArith(t, ex.arithEnv());
    } catch (e) {
      if (!(e instanceof ArithError) || e.unbound || e.subscript) throw arithFailure(e);
      void shell.errorLine(ctx, `((: ${e.describe()}`);
      throw new ArithForFailed();
    }
  };
  // Traced as bash traces them: `(( i<3 ))`, an empty expression as `(( 1 ))`.
  const trace = (t: string): void => void shell.writeTrace(ctx, xtraceLine(shell, ctx, [`(( ${t === '' ? '1' : t} ))`], true));
  const evalNow = (t: string): MP<number | bigint> => {
    if (cmd.line !== undefined) ctx.lineno = cmd.line;
    if (t === '') {
      if (ctx.options.xtrace) trace(t);
      return 1;
    }
    if (fast) {
      if (ctx.options.xtrace) trace(t);
      return evaluate(t);
    }
    return andThen(ex.arithExpanded(t), (e) => {
      if (ctx.options.xtrace) trace(e);
      return evaluate(e);
    });
  };
  // The DEBUG trap runs before each of the three expressions ("((1))" for an empty one).
  // $BASH_COMMAND is each expression in turn, as the DEBUG trap sees it.
  // (The command texts are made once per expression text: this runs three times an iteration.)
  const texts = new Map<string, string>();
  const commandFor = (t: string): string => {
    let c = texts.get(t);
    if (c === undefined) {
      c = `((${t || '1'}))`;
      if (texts.size < 16) texts.set(t, c);
    }
    return c;
  };
  const evalText = !ctx.traps.has('DEBUG') ? (t: string): MP<number | bigint> => {
    if (ctx.inTrap === null) ctx.currentCmd = commandFor(t);
    return evalNow(t);
  } : (t: string): MP<number | bigint> => {
    let v: number | bigint = 0;
    return andThen(withDebug(shell, ctx, `((${t || '1'}))`, () => andThen(evalNow(t), (x) => ((v = x), 0))), () => v);
  };
  const failed = (e: unknown): number => {
    if (!(e instanceof ArithForFailed)) throw e;
    ctx.errexitExempt = true;
    return 1;
  };
  let r: MP<number>;
  try {
    r = loopArithFor(shell, cmd, ctx, evalText);
  } catch (e) {
    return failed(e);
  }
  return r instanceof Promise ? r.catch(failed) : r;
}

class ArithForFailed {}

function loopArithFor(shell: Shell, cmd: ArithFor, ctx: ShellContext, evalText: (t: string) => MP<number | bigint>): MP<number> {
  return inLoop(ctx, () => {
    let status = 0;
    const check = (v: number | bigint): MP<number> | null => {
      if (isZero(v)) return status;
      const f = body(shell, cmd.body, ctx);
      if (f instanceof Promise) {
        return f.then((flow) => {
          status = ctx.lastStatus;
          if (flow === 'break') return status;
          return andThen(evalText(cmd.step), () => andThen(yieldThen(), loop));
        });
      }
      status = ctx.lastStatus;
      if (f === 'break') return status;
      const s = evalText(cmd.step);
      if (s instanceof Promise) return s.then(loop);
      const y = maybeYield();
      if (y) return y.then(loop);
      return null;
    };
    const loop = (): MP<number> => {
      for (;;) {
        const c = evalText(cmd.cond);
        if (c instanceof Promise) return c.then((v) => check(v) ?? loop());
        const r = check(c);
        if (r !== null) return r;
      }
    };
    return andThen(evalText(cmd.init), loop);
  });
}

function runCase(shell: Shell, cmd: Case, ctx: ShellContext): MP<number> {
  // Traced as written, before the word is expanded.
  if (ctx.options.xtrace) void shell.writeTrace(ctx, xtraceLine(shell, ctx, [`case ${headWords(ctx, [cmd.word])} in`], true));
  const word = shell.expander(ctx).string(cmd.word);
  if (word instanceof Promise) return word.then((w) => new CaseRun(shell, cmd, ctx, w).item(0, false));
  return new CaseRun(shell, cmd, ctx, word).item(0, false);
}

/** One execution of a `case`: which item matches, its body, and `;&` / `;;&` onwards. */
class CaseRun {
  private status = 0;
  private readonly opts: { extglob: boolean; nocase: boolean };

  constructor(
    private readonly shell: Shell,
    private readonly cmd: Case,
    private readonly ctx: ShellContext,
    private readonly word: string,
  ) {
    this.opts = { extglob: ctx.shopt.extglob, nocase: ctx.shopt.nocasematch };
  }

  item(i: number, fallthrough: boolean): MP<number> {
    const items = this.cmd.items;
    for (; i < items.length; i++) {
      if (fallthrough) return this.runItem(i);
      const m = this.matchAny(items[i]!.patterns, 0);
      if (m instanceof Promise) {
        const k = i;
        return m.then((ok) => (ok ? this.runItem(k) : this.item(k + 1, false)));
      }
      if (m) return this.runItem(i);
    }
    return this.status;
  }

  private runItem(i: number): MP<number> {
    const it = this.cmd.items[i]!;
    if (it.body.length === 0) return this.after(i, 0);
    const r = this.shell.runStmts(it.body, this.ctx);
    return r instanceof Promise ? r.then((s) => this.after(i, s)) : this.after(i, r);
  }

  private after(i: number, status: number): MP<number> {
    this.status = status;
    const t = this.cmd.items[i]!.terminator;
    if (t === ';;') return status;
    return this.item(i + 1, t === ';&');
  }

  private matchAny(pats: readonly Word[], k: number): MP<boolean> {
    const ex = this.shell.expander(this.ctx);
    for (; k < pats.length; k++) {
      const p = ex.pattern(pats[k]!);
      if (p instanceof Promise) {
        const kk = k;
        return p.then((pat) => localeMatch(ex, pat, this.word, this.opts) || this.matchAny(pats, kk + 1));
      }
      if (localeMatch(ex, p, this.word, this.opts)) return true;
    }
    return false;
  }
}

export { numToString };
