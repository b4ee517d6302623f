import type { Builtin } from './types.js';

export const helpBuiltin: Builtin = {
  name: 'help',
  synopsis: 'help [BUILTIN...]',
  description: 'List the builtins, or show the synopsis, description, flags and examples of the named ones.',
  examples: [{ command: 'help true | head -1', description: 'help for one builtin', output: 'true\n' }],
  async run(ctx) {
    const { listBuiltins, getBuiltin } = await import('./index.js');
    if (ctx.args.length === 0) {
      const all = listBuiltins();
      const width = Math.max(...all.map((b) => b.name.length)) + 2;
      let out = 'aosh builtins (help NAME for synopsis, options and examples):\n\n';
      for (const b of all) out += `  ${b.name.padEnd(width)}${firstSentence(b.description)}\n`;
      await ctx.stdout.write(out);
      return 0;
    }
    let status = 0;
    for (const name of ctx.args) {
      const b = getBuiltin(name);
      if (!b) {
        await ctx.stderr.write(`help: no help topics match \`${name}'\n`);
        status = 1;
        continue;
      }
      await ctx.stdout.write(render(b));
    }
    return status;
  },
};

function firstSentence(s: string): string {
  const line = s.split('\n')[0]!;
  const i = line.indexOf('. ');
  return i >= 0 ? line.slice(0, i + 1) : line;
}

export function render(b: Builtin): string {
  let out = `${b.synopsis}\n\n  ${b.description}\n`;
  if (b.flags?.length) {
    out += '\nOptions:\n';
    const w = Math.max(...b.flags.map((f) => f.flag.length)) + 2;
    for (const f of b.flags) out += `  ${f.flag.padEnd(w)}${f.description}\n`;
  }
  if (b.examples?.length) {
    out += '\nExamples:\n';
    for (const e of b.examples) out += `  ${e.command}\n      # ${e.description}\n`;
  }
  return out;
}
