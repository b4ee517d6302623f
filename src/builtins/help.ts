import { hasGlob, matchPattern } from '../lib/pattern.js';
import { VERSION } from '../version.js';
import { type Documented, parseFlags, suggest } from './flags.js';
import { KEYWORD_TOPICS } from './help-keywords.js';
import { firstSentence, helpWidth, renderHelp, wrap } from './help-text.js';
import type { Builtin } from './types.js';

export const helpBuiltin: Builtin = {
  name: 'help',
  synopsis: 'help [-dms] [PATTERN ...] | help NAME SUBCOMMAND',
  description:
    'List the builtins, or show the synopsis, description, flags and examples of the topics (builtins and reserved words) matching each PATTERN ' +
    '(the same text as NAME --help). A PATTERN is a glob, or else a prefix when nothing matches it whole. ' +
    'help NAME SUBCOMMAND shows a subcommand (help pipe read). Help is wrapped to the terminal width.',
  flags: [
    { flag: '-d', description: 'a short description of each topic: NAME - DESCRIPTION' },
    { flag: '-m', description: 'each topic in a man-page-like format (NAME, SYNOPSIS, DESCRIPTION)' },
    { flag: '-s', description: 'only the synopsis of each topic: NAME: SYNOPSIS' },
  ],
  examples: [
    { command: 'help true | head -1', description: 'help for one builtin', output: 'true\n' },
    { command: 'help -s pwd', description: 'the synopsis only', output: 'pwd: pwd [-LP]\n' },
    { command: 'help -d "read*"', description: 'the topics starting with read, one line each' },
    { command: 'help pipe read | head -1', description: 'help for a subcommand', output: 'pipe read [-n N] NAME\n' },
  ],
  async run(ctx) {
    const { opts, rest } = parseFlags(ctx.args, helpBuiltin.flags);
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
    const plain = !opts.d && !opts.m && !opts.s;
    const [name, subName] = rest as [string, string | undefined];
    const b = getBuiltin(name);
    if (plain && b?.subcommands && subName !== undefined) {
      const sub = b.subcommands.find((s) => s.name === subName);
      if (!sub) {
        await ctx.stderr.write(`help: ${name} has no subcommand ${subName}${suggest(subName, b.subcommands.map((s) => s.name))}\n`);
        return 1;
      }
      await ctx.stdout.write(renderHelp(sub, width, name));
      return 0;
    }
    // As bash: every topic whose name matches a pattern (a glob, without extglob), or
    // when none does, every topic it is a prefix of; in the topics' sorted order.
    const topics: Documented[] = [...listBuiltins(), ...KEYWORD_TOPICS].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    let out = '';
    if (hasGlob(name, true)) out += `Shell commands matching keyword${rest.length > 1 ? 's' : ''} \`${rest.join(', ')}'\n\n`;
    let found = 0;
    for (const pattern of rest) {
      let hits = topics.filter((t) => t.name === pattern || matchPattern(pattern, t.name));
      if (hits.length === 0) hits = topics.filter((t) => t.name.startsWith(pattern));
      found += hits.length;
      for (const t of hits) out += opts.d ? `${t.name} - ${firstSentence(t.description)}\n` : opts.m ? manPage(t, width) : opts.s ? `${t.name}: ${t.synopsis}\n` : (found > 1 ? '\n' : '') + renderHelp(t, width);
    }
    if (found === 0) {
      // The header (for a glob) is printed all the same.
      if (out) await ctx.stdout.write(out);
      const last = rest[rest.length - 1]!;
      await ctx.stderr.write(`${ctx.errorPrefix ?? ''}help: no help topics match \`${last}'${suggest(last, topics.map((x) => x.name))}\n`);
      return 1;
    }
    await ctx.stdout.write(out);
    return 0;
  },
};

/** help -m: the sections of a manual page, as bash lays them out. */
function manPage(t: Documented, width: number): string {
  const body = renderHelp(t, width - 4).split('\n').slice(2).join('\n').trimEnd();
  const indent = (s: string): string => s.split('\n').map((l) => (l ? `    ${l}` : l)).join('\n');
  return (
    `NAME\n    ${t.name} - ${firstSentence(t.description)}\n\nSYNOPSIS\n    ${t.synopsis}\n\nDESCRIPTION\n${indent(body)}\n\n` +
    `SEE ALSO\n    help ${t.name.split(' ')[0]}, ${t.name.split(' ')[0]} --help\n\nIMPLEMENTATION\n    aosh, version ${VERSION}\n\n`
  );
}
