import { type Builtin, noOptions } from './types.js';

export const evalBuiltin: Builtin = {
  name: 'eval',
  synopsis: 'eval [ARG...]',
  description: 'Join the arguments with spaces and run the result as shell code in the current shell.',
  special: true,
  examples: [{ command: "cmd='echo hi'; eval \"$cmd\"", description: 'run a string', output: 'hi\n' }],
  async run(ctx) {
    const { args, error } = noOptions(ctx);
    if (error !== undefined) return error;
    const src = args.join(' ');
    if (src.trim() === '') return 0;
    return ctx.shell.eval(src, 'eval');
  },
};
