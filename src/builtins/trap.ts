import type { Builtin } from './types.js';

export const trapBuiltin: Builtin = {
  name: 'trap',
  synopsis: "trap ['COMMANDS'|-] [EXIT|INT|TERM|HUP ...]",
  description: 'Run COMMANDS when the shell exits (EXIT/0) or receives a signal; "-" resets. With no arguments, list the traps.',
  special: true,
  examples: [{ command: "(trap 'echo bye' EXIT; echo hi)", description: 'run code on exit', output: 'hi\nbye\n' }],
  async run(ctx) {
    const args = ctx.args[0] === '--' ? ctx.args.slice(1) : ctx.args;
    if (args.length === 0 || args[0] === '-p') {
      for (const [sig, action] of ctx.shell.traps) {
        await ctx.stdout.write(`trap -- '${action.replace(/'/g, "'\\''")}' ${sig}\n`);
      }
      return 0;
    }
    const [action, ...sigs] = args.length === 1 ? ['-', ...args] : args;
    for (const raw of sigs) {
      const sig = normalize(raw);
      if (!sig) {
        await ctx.stderr.write(`trap: ${raw}: invalid signal specification\n`);
        return 1;
      }
      if (action === '-') ctx.shell.traps.delete(sig);
      else ctx.shell.traps.set(sig, action!);
    }
    return 0;
  },
};

function normalize(s: string): string | null {
  const u = s.toUpperCase().replace(/^SIG/, '');
  const byNumber: Record<string, string> = { '0': 'EXIT', '1': 'HUP', '2': 'INT', '3': 'QUIT', '15': 'TERM' };
  if (byNumber[u]) return byNumber[u]!;
  return ['EXIT', 'HUP', 'INT', 'QUIT', 'TERM', 'USR1', 'USR2', 'ERR', 'DEBUG', 'RETURN', 'PIPE', 'CHLD', 'ALRM', 'WINCH'].includes(u) ? u : null;
}
