// A program's environment in the order bash builds it (`env` with no arguments shows it):
// bash flattens its variable tables innermost first — the command's prefix assignments
// (a table of 4 buckets), each function's locals and prefix assignments (4 buckets each),
// then the globals (1024 buckets) — each table in bucket order, newest first within a
// bucket; then the exported functions (512 buckets); `_` comes last.
import { bucketOrder } from '../lib/bash-hash.js';
import type { ShellContext } from './context.js';

const TEMP_BUCKETS = 4;
const GLOBAL_BUCKETS = 1024;
const FUNCTION_BUCKETS = 512;

/** `prefix`: the command's own assignments; `shared`: the shell's exported variables and functions. */
export function bashEnvOrder(ctx: ShellContext, prefix: Record<string, string>, shared: Record<string, string>): Record<string, string> {
  const byLevel = new Map<number, string[]>();
  const functions: string[] = [];
  for (const k of Object.keys(shared)) {
    if (k in prefix) continue;
    if (k.startsWith('BASH_FUNC_') && k.endsWith('%%')) {
      functions.push(k.slice(10, -2));
      continue;
    }
    const v = ctx.store.vars.get(k);
    // A function's prefix assignments (`x=1 f`) share its table with its locals.
    const level = v ? v.level + (v.temp ? 1 : 0) : 0;
    let keys = byLevel.get(level);
    if (!keys) byLevel.set(level, (keys = []));
    keys.push(k);
  }
  const env: Record<string, string> = {};
  for (const k of bucketOrder(Object.keys(prefix), TEMP_BUCKETS)) env[k] = prefix[k]!;
  for (const level of [...byLevel.keys()].sort((a, b) => b - a)) {
    for (const k of bucketOrder(byLevel.get(level)!, level > 0 ? TEMP_BUCKETS : GLOBAL_BUCKETS)) env[k] = shared[k]!;
  }
  for (const f of bucketOrder(functions, FUNCTION_BUCKETS)) env[`BASH_FUNC_${f}%%`] = shared[`BASH_FUNC_${f}%%`]!;
  return env;
}
