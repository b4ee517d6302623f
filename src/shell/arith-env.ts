// The variables arithmetic reads and writes, for one context: scalars, indexed elements
// (subscripts evaluated as arithmetic) and associative elements (subscripts as keys).
import type { ArithEnv } from './arith.js';
import { ExitSignal, type ShellContext } from './context.js';

export function arithEnvFor(ctx: ShellContext): ArithEnv {
  const store = ctx.store;
  return {
    get: (n) => store.get(n),
    set: (n, v) => store.assign(n, v),
    getElement: (n, sub, evalIndex) => {
      const v = store.lookup(n);
      if (v?.assoc) return v.assoc.get(assocKey(sub));
      let i = Number(evalIndex());
      const arr = store.indexed(n);
      if (!arr) return undefined;
      if (i < 0) i += arr.maxIndex() + 1;
      // Out of range from the end: bash's "bad array subscript", which set -e makes fatal.
      if (i < 0 && ctx.options.errexit) throw new ExitSignal(1);
      return arr.get(i);
    },
    setElement: (n, sub, evalIndex, value) => {
      const v = store.lookup(n);
      if (v?.assoc) store.setKey(n, assocKey(sub), value);
      else store.setIndex(n, Number(evalIndex()), value);
    },
    hasValue: (n) => {
      const v = store.lookup(n);
      if (v === undefined || v.noValue) return false;
      return v.value !== undefined || v.arr !== undefined || v.assoc !== undefined || v.dyn !== undefined;
    },
    get nounset() {
      return ctx.options.nounset;
    },
  };
}

/** A subscript of an associative array inside arithmetic: the key text (already expanded, backslashes quoting). */
function assocKey(sub: string): string {
  return sub.replace(/^(["'])(.*)\1$/s, '$2').replace(/\\(.)/gs, '$1');
}
