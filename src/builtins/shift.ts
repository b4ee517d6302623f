import { type Builtin, writeNow } from './types.js';

export const shiftBuiltin: Builtin = {
  name: 'shift',
  synopsis: 'shift [N]',
  description: 'Drop the first N positional parameters (default 1). Status 1, and nothing dropped, when N is larger than $# (with shopt shift_verbose, a message says so).',
  special: true,
  examples: [{ command: 'set -- a b c; shift; echo "$@"', description: 'drop $1', output: 'b c\n' }],
  run(ctx) {
    const prefix = ctx.errorPrefix ?? '';
    const err = (msg: string, status: number): number | Promise<number> => {
      const w = writeNow(ctx.stderr, `${prefix}shift: ${msg}\n`);
      return w ? w.then(() => status) : status;
    };
    const args = ctx.args[0] === '--' ? ctx.args.slice(1) : ctx.args;
    if (args.length > 1) {
      // bash drops the rest of the input line, which under -c is the rest of the string;
      // a script file or stdin goes on with its next line.
      const end = (): never => (ctx.shell.commandString ? ctx.shell.exit(1) : ctx.shell.discardLine(1));
      const w = writeNow(ctx.stderr, `${prefix}shift: too many arguments\n`);
      return w ? w.then(end) : end();
    }
    const arg = args[0] ?? '1';
    if (!/^\s*[+-]?\d+\s*$/.test(arg) || arg.trim().replace(/^[+-]/, '').length > 18) return err(`${arg}: numeric argument required`, 1);
    const n = Number(arg);
    if (n < 0) return err(`${arg}: shift count out of range`, 1);
    // (A bare `shift` is named without a count.)
    if (n > ctx.shell.positional.length) return ctx.shell.shopt.shift_verbose ? err(`${args[0] === undefined ? '' : `${arg}: `}shift count out of range`, 1) : 1;
    ctx.shell.positional = ctx.shell.positional.slice(n);
    return 0;
  },
};
