// `[[ ... ]]`: operands are expanded only when evaluation reaches them (so `&&` and `||`
// short-circuit expansions too), without splitting or globbing; the right side of == and
// != is a pattern, of =~ an extended regular expression whose quoted parts are literal.
import type { CondNode, Word } from './ast.js';
import type { ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { ShellError } from './errors.js';
import { arithFailure } from './expand.js';
import { andThen, type MP } from './maybe.js';
import { compileEre, quoteEre } from '../lib/regex.js';
import { binaryTest, TestSyntaxError, unaryTest, type CondEnv } from '../lib/test-expr.js';
import { A, IndexedArray } from '../lib/vars.js';
import { elementValue } from './param.js';
import { ArithError, evalArith } from './arith.js';
import { localeMatch } from './locale.js';
import { xtraceLine } from './xtrace.js';

/** set -x: bash traces each test `[[` evaluates, operands expanded (`+ [[ a == a* ]]`). */
function trace(shell: Shell, ctx: ShellContext, parts: string[], neg: boolean): void {
  // (Operands print as they are, but an empty one as ''.)
  if (ctx.options.xtrace) void shell.writeTrace(ctx, xtraceLine(shell, ctx, ['[[', ...(neg ? ['!'] : []), ...parts.map((p) => p || "''"), ']]'], true));
}

export function runCond(shell: Shell, node: CondNode, ctx: ShellContext): MP<number> {
  let r: MP<boolean>;
  try {
    r = evalNode(shell, node, ctx);
  } catch (e) {
    return condError(shell, ctx, e);
  }
  if (r instanceof Promise) return r.then((b) => (b ? 0 : 1), (e) => condError(shell, ctx, e));
  return r ? 0 : 1;
}

function condError(shell: Shell, ctx: ShellContext, e: unknown): number {
  if (e instanceof TestSyntaxError) {
    // A regex that does not compile is status 2, silently (bash prints nothing).
    if (e.message.includes('invalid regular')) return 2;
    void shell.errorLine(ctx, `[[: ${e.message}`);
    return 1;
  }
  if (e instanceof ShellError && e.action === 'discard' && e.message.includes('error token')) {
    void shell.errorLine(ctx, `[[: ${e.message}`);
    return 1;
  }
  throw e;
}

/** `neg`: the test is under an odd number of `!` with no parentheses between (xtrace shows `!`). */
function evalNode(shell: Shell, n: CondNode, ctx: ShellContext, neg = false): MP<boolean> {
  const ex = shell.expander(ctx);
  switch (n.kind) {
    case 'CondAnd':
      return andThen(evalNode(shell, n.l, ctx), (l) => (l ? evalNode(shell, n.r, ctx) : false));
    case 'CondOr':
      return andThen(evalNode(shell, n.l, ctx), (l) => (l ? true : evalNode(shell, n.r, ctx)));
    case 'CondNot':
      return andThen(evalNode(shell, n.e, ctx, !n.e.paren && !neg), (v) => !v);
    case 'CondWord':
      return andThen(ex.string(n.w), (s) => {
        trace(shell, ctx, ['-n', s], neg);
        return s !== '';
      });
    case 'CondUnary':
      return andThen(ex.string(n.arg), (s) => {
        trace(shell, ctx, [n.op, s], neg);
        if (n.op === '-v') return isSetForTest(shell, ctx, s);
        return unaryTest(n.op, s, condEnv(shell, ctx));
      });
    case 'CondBinary':
      return andThen(ex.string(n.l), (l) => binary(shell, ctx, n.op, l, n.r, neg));
  }
}

function binary(shell: Shell, ctx: ShellContext, op: string, l: string, rw: Word, neg: boolean): MP<boolean> {
  const ex = shell.expander(ctx);
  const nocase = ctx.shopt.nocasematch;
  if (op === '==' || op === '=' || op === '!=') {
    return andThen(ex.pattern(rw, 0, ctx.options.xtrace), (pat) => {
      trace(shell, ctx, [l, op, pat], neg);
      const m = localeMatch(ex, pat, l, { extglob: true, nocase });
      return op === '!=' ? !m : m;
    });
  }
  if (op === '=~') {
    return andThen(regexText(shell, ctx, rw), (src) => {
      trace(shell, ctx, [l, op, src], neg);
      const re = compileEre(src, nocase);
      if (!re) throw new TestSyntaxError(`${src}: invalid regular expression`);
      const m = re.exec(l);
      const groups = m ? [...m].map((g) => g ?? '') : [];
      // BASH_REMATCH is always the global one, even under a `local BASH_REMATCH`.
      const v = ctx.store.global('BASH_REMATCH');
      if (!(v.attrs & A.readonly)) {
        v.arr = IndexedArray.from(groups);
        v.assoc = v.value = v.noValue = undefined;
        v.attrs = (v.attrs | A.array) & ~A.assoc;
      }
      return m !== null;
    });
  }
  return andThen(ex.string(rw), (r) => {
    trace(shell, ctx, [l, op, r], neg);
    return binaryTest(op, l, r, condEnv(shell, ctx));
  });
}

/** The =~ operand: quoted parts match literally, unquoted ones are regex text. */
function regexText(shell: Shell, ctx: ShellContext, w: Word): MP<string> {
  const ex = shell.expander(ctx);
  let out = '';
  const step = (i: number): MP<string> => {
    for (; i < w.parts.length; i++) {
      const p = w.parts[i]!;
      const quoted = p.kind === 'SglQuoted' || p.kind === 'DblQuoted' || (p.kind === 'Lit' && p.escaped);
      const r = ex.string({ ...w, parts: [p] });
      if (r instanceof Promise) {
        const k = i;
        return r.then((t) => {
          out += quoted ? quoteEre(t) : t;
          return step(k + 1);
        });
      }
      out += quoted ? quoteEre(r) : r;
    }
    return out;
  };
  return step(0);
}

export function condEnv(shell: Shell, ctx: ShellContext): CondEnv {
  return {
    cwd: ctx.cwd,
    fs: shell.kernel.fs,
    shellFd: (n) => ctx.fds.get(n) ?? -1,
    isSet: (name) => isSetForTest(shell, ctx, name),
    optionOn: (name) => (ctx.options as unknown as Record<string, boolean>)[name] === true,
    isNameref: (name) => ((ctx.store.raw(name)?.attrs ?? 0) & A.nameref) !== 0,
    arith: (expr) => {
      try {
        return evalArith(expr, shell.expander(ctx).arithEnv());
      } catch (e) {
        if (e instanceof ArithError && !e.subscript && !e.unbound) throw new TestSyntaxError(e.describe());
        throw arithFailure(e);
      }
    },
  };
}

export { elementValue };

/** `-v NAME`, `-v a[i]`, `-v a[@]`, `-v 1`: whether the parameter (element) is set. */
export function isSetForTest(shell: Shell, ctx: ShellContext, name: string): boolean {
  if (/^[0-9]+$/.test(name)) {
    const n = Number(name);
    return n === 0 || n <= ctx.positional.length;
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]$/s.exec(name);
  if (!m) return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && ctx.store.isSet(name);
  const [, base, sub] = m;
  const v = ctx.store.lookup(base!);
  if (!v) return false;
  if (sub === '@' || sub === '*') return (v.assoc?.size ?? ctx.store.indexed(base!)?.size ?? 0) > 0;
  const r = elementValue(shell.expander(ctx), base!, sub!);
  if (r instanceof Promise) return false;
  return r !== undefined;
}
