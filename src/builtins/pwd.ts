import { type Builtin, writeNow } from './types.js';

export const pwdBuiltin: Builtin = {
  name: 'pwd',
  synopsis: 'pwd [-LP]',
  description: 'Print the current working directory.',
  flags: [
    { flag: '-L', description: 'print $PWD when it names the current directory (default)' },
    { flag: '-P', description: 'print the physical directory, without symbolic links' },
  ],
  examples: [{ command: 'cd / && pwd', description: 'after cd', output: '/\n' }],
  run(ctx) {
    const w = writeNow(ctx.stdout, (ctx.args.includes('-P') ? ctx.kernel.fs.realpath(ctx.shell.cwd) : ctx.shell.cwd) + '\n');
    return w ? w.then(() => 0) : 0;
  },
};
