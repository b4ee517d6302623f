import type { Builtin } from './types.js';

export const evalBuiltin: Builtin = {
  name: 'eval',
  synopsis: 'eval [ARG...]',
  description: 'Join the arguments with spaces and run the result as shell code in the current shell.',
  special: true,
  examples: [{ command: "cmd='echo hi'; eval \"$cmd\"", description: 'run a string', output: 'hi\n' }],
  run(ctx) {
    const src = ctx.args.join(' ');
    if (src.trim() === '') return 0;
    return ctx.shell.eval(src, 'eval');
  },
};
