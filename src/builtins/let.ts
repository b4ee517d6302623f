import { type Builtin, writeNow } from './types.js';
import { VarError } from '../lib/vars.js';

export const letBuiltin: Builtin = {
  name: 'let',
  synopsis: 'let EXPR...',
  description: 'Evaluate arithmetic expressions; status 0 when the last one is non-zero, else 1 (and 1 with a message for an invalid one).',
  examples: [{ command: 'let x=2*3; echo $x', description: 'arithmetic assignment', output: '6\n' }],
  run(ctx) {
    const prefix = ctx.errorPrefix ?? '';
    // A first `--` ends the options (let has none); `-1` is an expression.
    const args = ctx.args[0] === '--' ? ctx.args.slice(1) : ctx.args;
    if (!args.length) {
      const w = writeNow(ctx.stderr, `${prefix}let: expression expected\n`);
      return w ? w.then(() => 1) : 1;
    }
    let last = '0';
    for (const expr of args) {
      try {
        last = ctx.shell.arithText(expr);
      } catch (e) {
        // An unbound variable under set -u ends the script, as everywhere else (status 127).
        // (So does a bad array subscript, which is not let's to catch.)
        const action = (e as { action?: string }).action;
        if (action === 'fatal' || action === 'abort') throw e;
        // A readonly variable's message names no builtin (as an assignment's).
        const msg = (e as Error).message;
        const w = writeNow(ctx.stderr, `${prefix}${e instanceof VarError && msg.endsWith(': readonly variable') ? '' : 'let: '}${msg}\n`);
        return w ? w.then(() => 1) : 1;
      }
    }
    return last === '0' ? 1 : 0;
  },
};
