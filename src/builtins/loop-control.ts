import type { Builtin, BuiltinContext } from './types.js';

async function levels(ctx: BuiltinContext): Promise<number | null> {
  const arg = ctx.args[0] ?? '1';
  if (!/^\d+$/.test(arg) || Number(arg) < 1) {
    await ctx.stderr.write(`${ctx.name}: ${arg}: loop count out of range\n`);
    return null;
  }
  return Number(arg);
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
    const n = await levels(ctx);
    if (n === null) return 1;
    if (ctx.shell.loopDepth === 0) return outsideLoop(ctx);
    return ctx.shell.breakLoop(n);
  },
};

export const continueBuiltin: Builtin = {
  name: 'continue',
  synopsis: 'continue [N]',
  description: 'Go on with the next iteration of the Nth enclosing loop (default 1).',
  special: true,
  examples: [{ command: 'for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done', description: 'skip an iteration', output: '1\n3\n' }],
  async run(ctx) {
    const n = await levels(ctx);
    if (n === null) return 1;
    if (ctx.shell.loopDepth === 0) return outsideLoop(ctx);
    return ctx.shell.continueLoop(n);
  },
};
