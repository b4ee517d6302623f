import { fail, type Builtin } from './types.js';

export const shiftBuiltin: Builtin = {
  name: 'shift',
  synopsis: 'shift [N]',
  description: 'Drop the first N positional parameters (default 1). Fails (status 1) when N is larger than $#.',
  special: true,
  examples: [{ command: 'set -- a b c; shift; echo "$@"', description: 'drop $1', output: 'b c\n' }],
  async run(ctx) {
    const arg = ctx.args[0] ?? '1';
    if (!/^\d+$/.test(arg)) return fail(ctx, `${arg}: numeric argument required`, 1);
    const n = Number(arg);
    if (n > ctx.shell.positional.length) return 1;
    ctx.shell.positional = ctx.shell.positional.slice(n);
    return 0;
  },
};
