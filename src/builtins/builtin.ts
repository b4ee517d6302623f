import { fail, noOptions, type Builtin } from './types.js';

export const builtinBuiltin: Builtin = {
  name: 'builtin',
  synopsis: 'builtin NAME [ARGS...]',
  description: 'Run the builtin NAME even when a function of that name exists.',
  examples: [{ command: 'echo() { builtin echo "[$*]"; }; echo hi', description: 'wrap a builtin in a function', output: '[hi]\n' }],
  async run(ctx) {
    const opts = noOptions(ctx);
    if (opts.error !== undefined) return opts.error;
    const [name, ...rest] = opts.args;
    if (!name) return 0;
    const { getBuiltin } = await import('./index.js');
    // A builtin turned off with enable -n is no builtin here either, as in bash.
    if (!getBuiltin(name) || ctx.shell.disabledBuiltins.has(name)) return fail(ctx, `${name}: not a shell builtin`, 1);
    return ctx.shell.runCommand([name, ...rest], { skipFunctions: true });
  },
};
