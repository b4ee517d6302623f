// suspend: bash stops itself until a SIGCONT. A script has no job control to come back to
// (bash says so, status 1); the interactive REPL is not suspended either: it owns the
// terminal's modes and the agents' panel, so it says why instead of stopping half-drawn.
import type { Builtin } from './types.js';

export const suspendBuiltin: Builtin = {
  name: 'suspend',
  synopsis: 'suspend [-f]',
  description: 'Stop the shell until it gets SIGCONT, as bash does: not offered. In a script there is no job control (status 1, as bash); at the REPL, Ctrl-Z stops the foreground job instead.',
  flags: [{ flag: '-f', description: 'accepted for bash compatibility; aosh still does not suspend itself' }],
  examples: [{ command: 'suspend', description: 'in a script: no job control', status: 1 }],
  async run(ctx) {
    const first = ctx.args[0];
    const bad = first !== undefined && first !== '--' && /^-./.test(first) ? [...first.slice(1)].find((c) => c !== 'f') : undefined;
    if (bad !== undefined) {
      await ctx.stderr.write(`${ctx.errorPrefix ?? ''}suspend: -${bad}: invalid option\nsuspend: usage: suspend [-f]\n`);
      return 2;
    }
    const why = ctx.shell.interactive ? 'the interactive aosh does not suspend itself (Ctrl-Z stops the foreground job)' : 'no job control';
    await ctx.stderr.write(`${ctx.errorPrefix ?? ''}suspend: cannot suspend: ${why}\n`);
    return 1;
  },
};
