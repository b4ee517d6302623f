// Prefix assignments (`X=1 Y=$X cmd`): expanded left to right, each seen by the ones after
// it, then bound for as long as a function or builtin runs (an external gets them in its
// environment instead). A readonly name is reported and left alone, as bash does.
import type { Assign } from './ast.js';
import type { Shell } from './executor.js';
import { A, type Variable } from '../lib/vars.js';
import { ExitSignal, type ShellContext } from './context.js';
import { expandElems } from './assign.js';
import { ASSIGN } from './expand.js';
import type { MP } from './maybe.js';

export const NO_PREFIX: PrefixAssign[] = [];

export interface PrefixAssign {
  name: string;
  value: string;
}

export function expandPrefix(shell: Shell, assigns: readonly Assign[], ctx: ShellContext): MP<PrefixAssign[]> {
  const ex = shell.expander(ctx);
  const out: PrefixAssign[] = [];
  const step = (i: number): MP<PrefixAssign[]> => {
    for (; i < assigns.length; i++) {
      const a = assigns[i]!;
      if (a.index !== undefined) {
        // `a[1]=x cmd`: bash refuses the binding (the command still runs) and assigns nothing.
        const w = shell.errorLine(ctx, `\`${a.name}[${a.index}]': not a valid identifier`);
        if (w instanceof Promise) {
          const k = i;
          return w.then(() => step(k + 1));
        }
        continue;
      }
      if (a.array) {
        // `a=(x y) cmd`: a temporary scalar with the expanded elements in parentheses, as bash
        // binds it (`a=(x y) env` shows a=(x y)); the shell's own `a` is untouched.
        const elems = expandElems(shell, a.array, ctx, false);
        const push = (list: Array<{ key?: string; value: string }>): void => {
          out.push({ name: a.name, value: `(${list.map((e) => (e.key !== undefined ? `[${e.key}]=${e.value}` : e.value)).join(' ')})` });
        };
        if (elems instanceof Promise) {
          const k = i;
          return elems.then((l) => {
            push(l);
            return step(k + 1);
          });
        }
        push(elems);
        continue;
      }
      const v = ex.string(a.value, ASSIGN);
      const push = (value: string): void => {
        const cur = a.append ? (ctx.store.get(a.name) ?? '') : '';
        out.push({ name: a.name, value: cur + value });
        // The assignments after it see it (`a=1 b=$a cmd`): bound for the expansion only.
        if (i < assigns.length - 1) shown.push(showTemporarily(ctx, a.name, cur + value));
      };
      if (v instanceof Promise) {
        const k = i;
        return v.then((s) => {
          push(s);
          return step(k + 1);
        });
      }
      push(v);
    }
    return out;
  };
  const shown: Array<() => void> = [];
  const undo = (): void => {
    for (let k = shown.length - 1; k >= 0; k--) shown[k]!();
  };
  if (assigns.length === 1) return step(0);
  let r: MP<PrefixAssign[]>;
  try {
    r = step(0);
  } catch (e) {
    undo();
    throw e;
  }
  if (r instanceof Promise) return r.finally(undo);
  undo();
  return r;
}

/** Binds name=value over the current binding (not a readonly one); returns the undo. */
export function showTemporarily(ctx: ShellContext, name: string, value: string): () => void {
  const store = ctx.store;
  const old = store.vars.get(name);
  if (old && old.attrs & (A.readonly | A.nameref)) return () => undefined;
  store.vars.set(name, { value, attrs: (old?.attrs ?? 0) & ~(A.array | A.assoc), level: store.level });
  return () => {
    if (old) store.vars.set(name, old);
    else store.vars.delete(name);
  };
}

/**
 * `R=1 cmd` with R readonly: bash reports it and runs the command without that assignment,
 * but under set -e the shell exits with 1 before running it.
 */
export function writableAssigns(shell: Shell, ctx: ShellContext, assigns: PrefixAssign[]): PrefixAssign[] {
  if (!assigns.length || !assigns.some((a) => (ctx.store.vars.get(a.name)?.attrs ?? 0) & A.readonly)) return assigns;
  return assigns.filter((a) => {
    if (!((ctx.store.vars.get(a.name)?.attrs ?? 0) & A.readonly)) return true;
    void shell.errorLine(ctx, `${a.name}: readonly variable`);
    if (ctx.options.errexit) throw new ExitSignal(1);
    return false;
  });
}

/** Prefix assignments (`X=1 cmd`) for a function or builtin last only as long as it runs. */
export function withTempVars(shell: Shell, ctx: ShellContext, assigns: PrefixAssign[], fn: () => MP<number>, unlisted = false): MP<number> {
  if (!assigns.length) return fn();
  const store = ctx.store;
  const saved: Array<[string, Variable | undefined]> = [];
  try {
    for (const a of assigns) {
      const old = store.vars.get(a.name);
      if (old && old.attrs & A.readonly) {
        // bash reports it, leaves the variable alone and still runs the command.
        void shell.errorLine(ctx, `${a.name}: readonly variable`);
        continue;
      }
      saved.push([a.name, old]);
      const v: Variable = { value: undefined, attrs: A.export | ((old?.attrs ?? 0) & (A.integer | A.lower | A.upper)), level: store.level, temp: true };
      if (unlisted) v.unlisted = true;
      store.vars.set(a.name, v);
      store.assign(a.name, a.value);
      v.attrs |= A.export;
    }
  } catch (e) {
    restore();
    throw e;
  }
  function restore(): void {
    for (let i = saved.length - 1; i >= 0; i--) {
      const [k, old] = saved[i]!;
      const now = store.vars.get(k);
      if (now?.temp && now.propagate) {
        // Exported or made readonly while bound: it stays, in place of what it hid.
        now.temp = now.propagate = now.unlisted = undefined;
        now.level = old ? old.level : 0;
        continue;
      }
      if (old) store.vars.set(k, old);
      else store.vars.delete(k);
      if (k === 'POSIXLY_CORRECT') store.hooks.posixlyCorrect?.(old?.value !== undefined);
    }
  }
  let r: MP<number>;
  try {
    r = fn();
  } catch (e) {
    restore();
    throw e;
  }
  if (r instanceof Promise) return r.finally(restore);
  restore();
  return r;
}

