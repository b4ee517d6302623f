import type { Builtin } from './types.js';

export const unsetBuiltin: Builtin = {
  name: 'unset',
  synopsis: 'unset [-v|-f] NAME...',
  description: 'Remove variables (default, or -v) or functions (-f). Without -v/-f a name that is not a variable is tried as a function.',
  special: true,
  examples: [{ command: 'X=1; unset X; echo "[${X-unset}]"', description: 'remove a variable', output: '[unset]\n' }],
  async run(ctx) {
    let mode: 'any' | 'v' | 'f' = 'any';
    let args = ctx.args;
    while (args[0] === '-v' || args[0] === '-f') {
      mode = args[0] === '-v' ? 'v' : 'f';
      args = args.slice(1);
    }
    if (args[0] === '--') args = args.slice(1);
    else if (args[0]?.startsWith('-') && args[0].length > 1) {
      await ctx.stderr.write(`unset: ${args[0]}: invalid option (usage: unset [-f] [-v] [name ...])\n`);
      return 2;
    }
    let status = 0;
    for (const name of args) {
      if (mode === 'f') {
        ctx.shell.unsetFunction(name);
        continue;
      }
      const element = /^([A-Za-z_][A-Za-z0-9_]*)\[(.+)\]$/.exec(name);
      if (element) {
        await ctx.shell.unsetElement(element[1]!, element[2]!);
        continue;
      }
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        await ctx.stderr.write(`unset: \`${name}': not a valid identifier\n`);
        status = 1;
        continue;
      }
      if (mode === 'any' && ctx.shell.getVar(name) === undefined && ctx.shell.unsetFunction(name)) continue;
      try {
        ctx.shell.unsetVar(name);
      } catch (e) {
        await ctx.stderr.write(`unset: ${(e as Error).message}\n`);
        status = 1;
      }
    }
    return status;
  },
};
