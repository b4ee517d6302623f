import { type Builtin, failNow } from './types.js';

export const evalBuiltin: Builtin = {
  name: 'eval',
  synopsis: 'eval [ARG...]',
  description: 'Join the arguments with spaces and run the result as shell code in the current shell.',
  special: true,
  examples: [{ command: "cmd='echo hi'; eval \"$cmd\"", description: 'run a string', output: 'hi\n' }],
  run(ctx) {
    // eval takes no options: a first `--` is skipped, `-x` is an invalid option (status 2).
    let args = ctx.args;
    if (args[0] === '--') args = args.slice(1);
    else if (args[0] !== undefined && /^-./.test(args[0])) {
      return failNow(ctx, `${args[0].slice(0, 2)}: invalid option\neval: usage: eval [arg ...]`, 2);
    }
    const src = args.join(' ');
    if (src.trim() === '') return 0;
    return ctx.shell.eval(src, 'eval');
  },
};
