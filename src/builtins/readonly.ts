import { dq } from './export.js';
import type { Builtin } from './types.js';

export const readonlyBuiltin: Builtin = {
  name: 'readonly',
  synopsis: 'readonly [NAME[=VALUE]...]',
  description: 'Mark variables read-only: later assignments and unset fail. With no names, list them.',
  special: true,
  examples: [{ command: "readonly X=1; (X=2) 2>/dev/null || echo refused; echo $X", description: 'assignment fails (and ends a script)', output: 'refused\n1\n' }],
  async run(ctx) {
    const args = ctx.args.filter((a) => a !== '-p' && a !== '--');
    if (args.length === 0) {
      for (const v of ctx.shell.variables()) if (v.readonly) await ctx.stdout.write(`declare -r ${v.name}${v.value === undefined ? '' : '=' + dq(v.value)}\n`);
      return 0;
    }
    for (const a of args) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(0, eq) : a;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        await ctx.stderr.write(`readonly: \`${a}': not a valid identifier\n`);
        return 1;
      }
      if (eq >= 0) ctx.shell.setVar(name, a.slice(eq + 1));
      ctx.shell.markReadonly(name);
    }
    return 0;
  },
};
