import { type Builtin, writeNow } from './types.js';

/** Parses a status argument the way bash does: modulo 256, non-numbers are an error (2). */
export function parseStatus(arg: string | undefined, fallback: number): number | null {
  if (arg === undefined) return fallback;
  const t = arg.trim();
  if (!/^[+-]?\d+$/.test(t)) return null;
  // Any 64-bit value, as bash reads it (exact: BigInt), then modulo 256.
  const n = BigInt(t);
  if (n > 9223372036854775807n || n < -9223372036854775808n) return null;
  return Number(((n % 256n) + 256n) % 256n);
}

export const exitBuiltin: Builtin = {
  name: 'exit',
  synopsis: 'exit [N]',
  description: 'Exit the shell (or the current subshell) with status N (default: the last status; modulo 256).',
  special: true,
  examples: [{ command: '(exit 3); echo $?', description: 'exit a subshell', output: '3\n' }],
  run(ctx) {
    const args = ctx.args[0] === '--' ? ctx.args.slice(1) : ctx.args;
    const prefix = ctx.errorPrefix ?? '';
    const status = parseStatus(args[0], ctx.shell.exitTrapStatus ?? ctx.shell.lastStatus);
    if (status === null) {
      const w = writeNow(ctx.stderr, `${prefix}exit: ${args[0]}: numeric argument required\n`);
      if (w) return w.then(() => ctx.shell.exit(2));
      return ctx.shell.exit(2);
    }
    if (args.length > 1) {
      // bash reports it and still leaves the shell, with status 1.
      const w = writeNow(ctx.stderr, `${prefix}exit: too many arguments\n`);
      return w ? w.then(() => ctx.shell.exit(1)) : ctx.shell.exit(1);
    }
    return ctx.shell.exit(status);
  },
};

export const returnBuiltin: Builtin = {
  name: 'return',
  synopsis: 'return [N]',
  description: 'Return from a function (or a sourced file) with status N (default: the last status; modulo 256).',
  special: true,
  examples: [{ command: 'f() { return 4; }; f; echo $?', description: 'function status', output: '4\n' }],
  run(ctx) {
    const args = ctx.args[0] === '--' ? ctx.args.slice(1) : ctx.args;
    const prefix = ctx.errorPrefix ?? '';
    // In a trap handler a bare return gives $? from before the handler (bash).
    const status = parseStatus(args[0], ctx.shell.trapSavedStatus ?? ctx.shell.lastStatus);
    // bash reads the argument first (its errors come even outside a function), then where it is.
    const outside = (): number | Promise<number> => {
      const w = writeNow(ctx.stderr, `${prefix}return: can only \`return' from a function or sourced script\n`);
      return w ? w.then(() => 2) : 2;
    };
    if (status === null) {
      const w = writeNow(ctx.stderr, `${prefix}return: ${args[0]}: numeric argument required\n`);
      if (!ctx.shell.inFunction) return w ? w.then(outside) : outside();
      if (w) return w.then(() => ctx.shell.returnFromFunction(2));
      return ctx.shell.returnFromFunction(2);
    }
    if (args.length > 1) {
      const w = writeNow(ctx.stderr, `${prefix}return: too many arguments\n`);
      return w ? w.then(() => ctx.shell.exit(1)) : ctx.shell.exit(1);
    }
    if (!ctx.shell.inFunction) return outside();
    return ctx.shell.returnFromFunction(status);
  },
};
