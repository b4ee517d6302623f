import type { Builtin } from './types.js';

export const execBuiltin: Builtin = {
  name: 'exec',
  synopsis: 'exec [COMMAND [ARGS...]]',
  description:
    'Without a command, make the redirections permanent for the rest of the shell (exec >log 2>&1). With a command, run it and exit with its status (aosh keeps its kernel, so it cannot replace itself).',
  special: true,
  examples: [{ command: '(exec echo replaced; echo never)', description: 'the rest of the shell does not run', output: 'replaced\n' }],
  async run(ctx) {
    const args = ctx.args[0] === '--' ? ctx.args.slice(1) : ctx.args;
    if (args.length === 0) return 0; // the executor applies exec's redirections to the shell itself
    // The interactive shell survives a command that cannot run (not found, not executable),
    // as bash's does: one line and status 127/126, not the end of the session.
    const sh = ctx.shell;
    const kind = sh.lookup(args[0]!)?.kind;
    const runnable = kind === 'builtin' || kind === 'file' || sh.pathLookup(args[0]!, false).length > 0;
    if (!runnable && sh.interactive && !sh.inSubshell) return sh.runCommand(args, { skipFunctions: true, skipBuiltins: false });
    const status = await ctx.shell.runCommand(args, { skipFunctions: true, skipBuiltins: false });
    return ctx.shell.exit(status);
  },
};
