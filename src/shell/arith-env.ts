// The variables arithmetic reads and writes, for one context: scalars, indexed elements
// (subscripts evaluated as arithmetic) and associative elements (subscripts as keys).
import type { ArithEnv } from './arith.js';
import { ExitSignal, type ShellContext } from './context.js';

export function arithEnvFor(ctx: ShellContext): ArithEnv {
  const store = ctx.store;
  return {
    get: (n) => store.get(n),
    set: (n, v) => store.assign(n, v),
    isAssoc: (n) => store.lookup(n)?.assoc !== undefined,
    getKey: (n, sub) => store.lookup(n)?.assoc?.get(assocKey(sub)),
    setKey: (n, sub, value) => store.setKey(n, assocKey(sub), value),
    getIndex: (n, i) => {
      const arr = store.indexed(n);
      if (i < 0) {
        // Out of range from the end (or any negative index of a scalar or an unset name):
        // bash's "bad array subscript", the value 0; set -e makes it fatal.
        const real = arr !== undefined && store.lookup(n)?.arr !== undefined;
        if (real) i += arr.maxIndex() + 1;
        if (!real || i < 0) {
          ctx.warn?.(ctx, `${n}: bad array subscript`, true);
          if (ctx.options.errexit) throw new ExitSignal(1);
          return undefined;
        }
      }
      return arr?.get(i);
    },
    setIndex: (n, i, value) => store.setIndex(n, i, value),
    hasValue: (n) => {
      const v = store.lookup(n);
      if (v === undefined || v.noValue) return false;
      return v.value !== undefined || v.arr !== undefined || v.assoc !== undefined || v.dyn !== undefined;
    },
    complain: (m) => ctx.warn?.(ctx, m, true),
    get nounset() {
      return ctx.options.nounset;
    },
  };
}

const QUOTING = /["'\\]/;

/** A subscript of an associative array inside arithmetic: the key text (already expanded, backslashes quoting). */
function assocKey(sub: string): string {
  if (!QUOTING.test(sub)) return sub;
  return sub.replace(/^(["'])(.*)\1$/s, '$2').replace(/\\(.)/gs, '$1');
}
