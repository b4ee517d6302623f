import { parseFlags, suggest } from './flags.js';
import { firstSentence, helpWidth, renderHelp, wrap } from './help-text.js';
import type { Builtin } from './types.js';

export const helpBuiltin: Builtin = {
  name: 'help',
  synopsis: 'help [NAME [SUBCOMMAND]]',
  description:
    'List the builtins, or show the synopsis, description, flags and examples of one (the same text as NAME --help). ' +
    'help NAME SUBCOMMAND shows a subcommand (help pipe read). Help is wrapped to the terminal width.',
  examples: [
    { command: 'help true | head -1', description: 'help for one builtin', output: 'true\n' },
    { command: 'help pipe read | head -1', description: 'help for a subcommand', output: 'pipe read [-n N] NAME\n' },
  ],
  async run(ctx) {
    const { rest } = parseFlags(ctx.args, helpBuiltin.flags);
    const { listBuiltins, getBuiltin } = await import('./index.js');
    const width = helpWidth(ctx.stdout.isTTY);
    if (rest.length === 0) {
      const all = listBuiltins();
      const col = Math.max(...all.map((b) => b.name.length)) + 4;
      let out = 'aosh builtins (help NAME, or NAME --help, for synopsis, options and examples):\n\n';
      for (const b of all) out += wrap(firstSentence(b.description), width, ' '.repeat(col), `  ${b.name}`.padEnd(col)) + '\n';
      await ctx.stdout.write(out);
      return 0;
    }
    const [name, subName] = rest as [string, string | undefined];
    const b = getBuiltin(name);
    if (!b) {
      await ctx.stderr.write(`help: no help topics match \`${name}'${suggest(name, listBuiltins().map((x) => x.name))}\n`);
      return 1;
    }
    if (subName !== undefined) {
      const sub = b.subcommands?.find((s) => s.name === subName);
      if (!sub) {
        await ctx.stderr.write(`help: ${name} has no subcommand ${subName}${suggest(subName, (b.subcommands ?? []).map((s) => s.name))}\n`);
        return 1;
      }
      await ctx.stdout.write(renderHelp(sub, width, name));
      return 0;
    }
    await ctx.stdout.write(renderHelp(b, width));
    return 0;
  },
};
