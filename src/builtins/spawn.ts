import { fail, type Builtin } from './types.js';

export const spawnBuiltin: Builtin = {
  name: 'spawn',
  synopsis: 'spawn [--name NAME] [--] CMD [ARGS...]',
  description:
    'Start CMD in the background as a kernel process (an agent), print "[ID] NAME pid=PID" and set $!. It shows in ps and can be stopped with kill NAME. Its output goes to the shell\'s stdout/stderr unless redirected.',
  flags: [{ flag: '--name NAME', description: 'the name used by ps, kill and wait (default: the command name)' }],
  examples: [{ command: 'spawn --name napper sleep 5 >/dev/null; kill napper; wait napper; echo $?', description: 'start, stop and wait for a named agent', output: '143\n' }],
  async run(ctx) {
    let args = ctx.args;
    let name: string | undefined;
    while (args.length && args[0]!.startsWith('--')) {
      if (args[0] === '--') {
        args = args.slice(1);
        break;
      }
      if (args[0] === '--name') {
        name = args[1];
        if (!name) return fail(ctx, '--name needs a value', 2);
        args = args.slice(2);
      } else if (args[0]!.startsWith('--name=')) {
        name = args[0]!.slice(7);
        args = args.slice(1);
      } else return fail(ctx, `unknown option: ${args[0]}`, 2);
    }
    if (args.length === 0) return fail(ctx, 'usage: spawn [--name NAME] [--] CMD [ARGS...]', 2);
    const r = ctx.shell.lookup(args[0]!);
    if (!r || r.kind !== 'file') return fail(ctx, `${args[0]}: command not found`, 127);
    const entry = await ctx.shell.spawnBackground(args, r.path!, name);
    ctx.shell.setLastBackground(String(entry.pid ?? entry.id));
    await ctx.stdout.write(`[${entry.id}] ${entry.name} pid=${entry.pid}\n`);
    return 0;
  },
};
