import type { Builtin } from './types.js';

export const pwdBuiltin: Builtin = {
  name: 'pwd',
  synopsis: 'pwd [-LP]',
  description: 'Print the current working directory.',
  flags: [
    { flag: '-L', description: 'print $PWD when it names the current directory (default)' },
    { flag: '-P', description: 'print the physical directory, without symbolic links' },
  ],
  examples: [{ command: 'cd / && pwd', description: 'after cd', output: '/\n' }],
  async run(ctx) {
    if (ctx.args.includes('-P')) {
      await ctx.stdout.write(ctx.kernel.fs.realpath(ctx.shell.cwd) + '\n');
      return 0;
    }
    await ctx.stdout.write(ctx.shell.cwd + '\n');
    return 0;
  },
};
