import { failNow, type Builtin, writeThen } from './types.js';

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
    // -L/-P combine and the last wins, as in bash; set -P makes -P the default.
    let physical = ctx.shell.options().physical === true;
    for (const a of ctx.args) {
      if (a === '--' || !/^-./.test(a)) break;
      for (const c of a.slice(1)) {
        if (c === 'L' || c === 'P') physical = c === 'P';
        else return failNow(ctx, `-${c}: invalid option\npwd: usage: pwd [-LP]`, 2);
      }
    }
    let dir = ctx.shell.cwd;
    if (physical) {
      try {
        dir = ctx.kernel.fs.realpath(dir);
      } catch {
        // The directory was removed under the shell: getcwd(3) fails.
        return failNow(ctx, 'error retrieving current directory: getcwd: cannot access parent directories: No such file or directory');
      }
    }
    return writeThen(ctx.stdout, dir + '\n');
  },
};
