import type { Builtin, BuiltinContext } from './types.js';
import { evalTestArgs, TestSyntaxError } from '../lib/test-expr.js';

async function run(ctx: BuiltinContext): Promise<number> {
  let args = ctx.args;
  if (ctx.name === '[') {
    if (args[args.length - 1] !== ']') {
      await ctx.stderr.write("[: missing `]'\n");
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return evalTestArgs(args, { cwd: ctx.shell.cwd, isSet: (n) => ctx.shell.getVar(n) !== undefined, fs: ctx.kernel.fs }) ? 0 : 1;
  } catch (e) {
    if (e instanceof TestSyntaxError) {
      await ctx.stderr.write(`${ctx.name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

const description = 'Evaluate a conditional expression: status 0 when true, 1 when false, 2 on a usage error. File tests (-e -f -d -r -w -x -s -L), strings (-z -n = != < >), integers (-eq -ne -lt -le -gt -ge), ! -a -o and parentheses.';

export const testBuiltin: Builtin = {
  name: 'test',
  synopsis: 'test EXPR',
  description,
  examples: [{ command: 'test 3 -gt 2 && echo bigger', description: 'compare integers', output: 'bigger\n' }],
  run,
};

export const bracketBuiltin: Builtin = {
  name: '[',
  synopsis: '[ EXPR ]',
  description,
  examples: [{ command: '[ -d / ] && echo dir', description: 'file test', output: 'dir\n' }],
  run,
};
