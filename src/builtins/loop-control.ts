import type { Builtin, BuiltinContext } from './types.js';

async function levels(ctx: BuiltinContext): Promise<number | null> {
  const arg = ctx.args[0] ?? '1';
  if (!/^\d+$/.test(arg) || Number(arg) < 1) {
    await ctx.stderr.write(`${ctx.name}: ${arg}: loop count out of range\n`);
    return null;
  }
  return Number(arg);
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
    if (ctx.shell.loopDepth === 0) return 0;
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
    if (ctx.shell.loopDepth === 0) return 0;
    return ctx.shell.continueLoop(n);
  },
};
