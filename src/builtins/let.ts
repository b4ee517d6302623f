import type { Builtin } from './types.js';

export const letBuiltin: Builtin = {
  name: 'let',
  synopsis: 'let EXPR...',
  description: 'Evaluate arithmetic expressions; status 0 when the last one is non-zero, else 1.',
  examples: [{ command: 'let x=2*3; echo $x', description: 'arithmetic assignment', output: '6\n' }],
  async run(ctx) {
    if (!ctx.args.length) {
      await ctx.stderr.write('let: expression expected\n');
      return 2;
    }
    let last = 0n;
    for (const expr of ctx.args) {
      try {
        last = await ctx.shell.arith(expr);
      } catch (e) {
        await ctx.stderr.write(`let: ${(e as Error).message}\n`);
        return 1;
      }
    }
    return last === 0n ? 1 : 0;
  },
};
