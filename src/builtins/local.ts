import type { Builtin } from './types.js';

export const localBuiltin: Builtin = {
  name: 'local',
  synopsis: 'local NAME[=VALUE]...',
  description: 'Declare variables local to the current function: their previous values come back when it returns.',
  special: true,
  examples: [{ command: 'x=out; f() { local x=in; echo $x; }; f; echo $x', description: 'function-local variable', output: 'in\nout\n' }],
  async run(ctx) {
    if (!ctx.shell.inFunction) {
      await ctx.stderr.write('local: can only be used in a function\n');
      return 1;
    }
    let status = 0;
    for (const a of ctx.args) {
      if (a.startsWith('-')) continue;
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(0, eq) : a;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        await ctx.stderr.write(`local: \`${a}': not a valid identifier\n`);
        status = 1;
        continue;
      }
      ctx.shell.makeLocal(name);
      if (eq >= 0) ctx.shell.setVar(name, a.slice(eq + 1));
      else ctx.shell.unsetVar(name);
    }
    return status;
  },
};
