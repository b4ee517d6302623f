import type { Builtin } from './types.js';

/** Parses a status argument the way bash does: modulo 256, non-numbers are an error (2). */
export function parseStatus(arg: string | undefined, fallback: number): number | null {
  if (arg === undefined) return fallback;
  if (!/^[+-]?\d+$/.test(arg.trim())) return null;
  return ((Number(arg) % 256) + 256) % 256;
}

export const exitBuiltin: Builtin = {
  name: 'exit',
  synopsis: 'exit [N]',
  description: 'Exit the shell (or the current subshell) with status N (default: the last status).',
  special: true,
  examples: [{ command: '(exit 3); echo $?', description: 'exit a subshell', output: '3\n' }],
  async run(ctx) {
    const status = parseStatus(ctx.args[0], ctx.shell.lastStatus);
    if (status === null) {
      await ctx.stderr.write(`exit: ${ctx.args[0]}: numeric argument required\n`);
      return ctx.shell.exit(2);
    }
    if (ctx.args.length > 1) {
      await ctx.stderr.write('exit: too many arguments\n');
      return 1;
    }
    return ctx.shell.exit(status!);
  },
};

export const returnBuiltin: Builtin = {
  name: 'return',
  synopsis: 'return [N]',
  description: 'Return from a function (or a sourced file) with status N (default: the last status).',
  special: true,
  examples: [{ command: 'f() { return 4; }; f; echo $?', description: 'function status', output: '4\n' }],
  async run(ctx) {
    const status = parseStatus(ctx.args[0], ctx.shell.lastStatus);
    if (status === null) {
      await ctx.stderr.write(`return: ${ctx.args[0]}: numeric argument required\n`);
      return ctx.shell.returnFromFunction(2);
    }
    if (!ctx.shell.inFunction) {
      await ctx.stderr.write("return: can only `return' from a function or sourced script\n");
      return 2;
    }
    return ctx.shell.returnFromFunction(status!);
  },
};
