import type { Builtin, BuiltinContext } from './types.js';

/**
 * The loop count, as bash's break/continue take it: not a number ends the shell (128);
 * a second argument abandons the command line (1); a count below 1 leaves every loop with
 * status 1. Outside a loop none of that is checked.
 */
async function loopCount(ctx: BuiltinContext, levels: number): Promise<number> {
  const arg = ctx.args[0] ?? '1';
  const prefix = `${ctx.errorPrefix ?? ''}${ctx.name}: `;
  if (!/^\s*[+-]?\d+\s*$/.test(arg)) {
    await ctx.stderr.write(`${prefix}${arg}: numeric argument required\n`);
    return ctx.shell.exit(128);
  }
  if (ctx.args.length > 1) {
    await ctx.stderr.write(`${prefix}too many arguments\n`);
    return ctx.shell.discardLine(1);
  }
  const n = Number(arg);
  if (n < 1) {
    await ctx.stderr.write(`${prefix}${arg.trim()}: loop count out of range\n`);
    return ctx.shell.breakLoop(levels, 1);
  }
  return n;
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
  async run(ctx) {
    if (ctx.shell.loopDepth === 0) return outsideLoop(ctx);
    return ctx.shell.breakLoop(await loopCount(ctx, ctx.shell.loopDepth));
  },
};

export const continueBuiltin: Builtin = {
  name: 'continue',
  synopsis: 'continue [N]',
  description: 'Go on with the next iteration of the Nth enclosing loop (default 1).',
  special: true,
  examples: [{ command: 'for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done', description: 'skip an iteration', output: '1\n3\n' }],
  async run(ctx) {
    if (ctx.shell.loopDepth === 0) return outsideLoop(ctx);
    return ctx.shell.continueLoop(await loopCount(ctx, ctx.shell.loopDepth));
  },
};
