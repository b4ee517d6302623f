import { quote } from 'shell-quote';
import { fail, type Builtin } from './types.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const exportBuiltin: Builtin = {
  name: 'export',
  synopsis: 'export [-n] [NAME[=VALUE]...] | export -p',
  description: 'Mark variables for export to the environment of commands. With no names (or -p) list exported variables; -n removes the export mark.',
  special: true,
  flags: [
    { flag: '-p', description: 'list exported variables in a reusable form' },
    { flag: '-n', description: 'remove the export mark' },
  ],
  examples: [{ command: "export GREETING=hi; sh -c 'echo $GREETING'", description: 'visible to child processes', output: 'hi\n' }],
  async run(ctx) {
    let args = ctx.args;
    let unexport = false;
    while (args[0]?.startsWith('-') && args[0] !== '--') {
      if (args[0] === '-n') unexport = true;
      else if (args[0] !== '-p') return fail(ctx, `${args[0]}: invalid option (usage: export [-n] [name[=value] ...] or export -p)`, 2);
      args = args.slice(1);
    }
    if (args[0] === '--') args = args.slice(1);
    if (args.length === 0) {
      for (const v of ctx.shell.variables()) {
        if (!v.exported) continue;
        await ctx.stdout.write(v.value === undefined ? `declare -x ${v.name}\n` : `declare -x ${v.name}=${dq(v.value)}\n`);
      }
      return 0;
    }
    let status = 0;
    for (const a of args) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(0, eq) : a;
      if (!NAME.test(name)) {
        await ctx.stderr.write(`export: \`${a}': not a valid identifier\n`);
        status = 1;
        continue;
      }
      if (unexport) {
        const value = ctx.shell.getVar(name);
        ctx.shell.unsetVar(name);
        if (value !== undefined) ctx.shell.setVar(name, value);
        continue;
      }
      ctx.shell.exportVar(name, eq >= 0 ? a.slice(eq + 1) : undefined);
    }
    return status;
  },
};

/** bash's `declare -p` quoting: double quotes with \ " $ ` escaped. */
export function dq(v: string): string {
  return '"' + v.replace(/[\\"$`]/g, (c) => '\\' + c) + '"';
}

export { quote };
