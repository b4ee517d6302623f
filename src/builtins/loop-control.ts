import type { Builtin, BuiltinContext } from './types.js';

/**
 * The loop count, as bash's get_numeric_arg reads it (an optional `--`, blanks and a sign
 * allowed). A count that is not a number ends the shell with 128, as bash's
 * throw_to_top_level; a second argument abandons the command line (1); one below 1 is out
 * of range: every loop ends, with status 1.
 */
async function levels(ctx: BuiltinContext): Promise<number> {
  const args = ctx.args[0] === '--' ? ctx.args.slice(1) : ctx.args;
  const arg = args[0] ?? '1';
  const prefix = `${ctx.errorPrefix ?? ''}${ctx.name}: `;
  const m = /^\s*([+-]?\d+)\s*$/.exec(arg);
  const n = m ? BigInt(m[1]!) : null;
  if (n === null || n > 9223372036854775807n || n < -9223372036854775808n) {
    await ctx.stderr.write(`${prefix}${arg}: numeric argument required\n`);
    return ctx.shell.exit(128);
  }
  if (args.length > 1) {
    await ctx.stderr.write(`${prefix}too many arguments\n`);
    return ctx.shell.discardLine(1);
  }
  if (n < 1n) {
    await ctx.stderr.write(`${prefix}${arg.trim()}: loop count out of range\n`);
    return ctx.shell.breakLoop(ctx.shell.loopDepth, 1);
  }
  return Number(n > 1000000n ? 1000000n : n);
}

/** bash says so, and goes on with status 0. */
async function outsideLoop(ctx: BuiltinContext): Promise<number> {
  await ctx.stderr.write(`${ctx.errorPrefix}${ctx.name}: only meaningful in a \`for', \`while', or \`until' loop\n`);
  return 0;
}

export const breakBuiltin: Builtin = {
  name: 'break',
  synopsis: 'break [N]',
  description: 'Leave the innermost N enclosing for, while or until loops (default 1).',
  special: true,
  examples: [{ command: 'for i in 1 2 3; do [ $i = 2 ] && break; echo $i; done', description: 'stop a loop', output: '1\n' }],
  run(ctx) {
    if (ctx.shell.loopDepth === 0) return outsideLoop(ctx);
    // Plain `break` in a loop, the common case, answers at once (no promise per iteration).
    if (ctx.args.length === 0) return ctx.shell.breakLoop(1);
    return levels(ctx).then((n) => ctx.shell.breakLoop(n));
  },
};

export const continueBuiltin: Builtin = {
  name: 'continue',
  synopsis: 'continue [N]',
  description: 'Go on with the next iteration of the Nth enclosing loop (default 1).',
  special: true,
  examples: [{ command: 'for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done', description: 'skip an iteration', output: '1\n3\n' }],
  run(ctx) {
    if (ctx.shell.loopDepth === 0) return outsideLoop(ctx);
    if (ctx.args.length === 0) return ctx.shell.continueLoop(1);
    return levels(ctx).then((n) => ctx.shell.continueLoop(n));
  },
};
