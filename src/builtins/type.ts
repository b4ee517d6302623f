import { describe } from './command.js';
import { fail, type Builtin } from './types.js';

export const typeBuiltin: Builtin = {
  name: 'type',
  synopsis: 'type [-t|-p|-a] NAME...',
  description: 'Tell how each NAME would be interpreted: keyword, function (with its definition), builtin or file. -t prints only the kind; -p only the path of a file.',
  flags: [
    { flag: '-t', description: 'print one word: keyword, function, builtin or file' },
    { flag: '-p', description: 'print the path when NAME is a file' },
  ],
  examples: [
    { command: 'type echo', description: 'a builtin', output: 'echo is a shell builtin\n' },
    { command: 'type -t if', description: 'the kind only', output: 'keyword\n' },
  ],
  async run(ctx) {
    let mode = '';
    const names: string[] = [];
    for (const a of ctx.args) {
      if (a.startsWith('-') && a.length > 1 && !/^-[tpaPf]+$/.test(a) && names.length === 0) return fail(ctx, `${a}: invalid option (usage: type [-tpa] name ...)`, 2);
      if (/^-[tpaPf]+$/.test(a)) mode = a.includes('t') ? 't' : a.includes('p') || a.includes('P') ? 'p' : mode;
      else names.push(a);
    }
    let status = 0;
    for (const name of names) {
      const r = ctx.shell.lookup(name);
      if (!r) {
        if (mode === '') await ctx.stderr.write(`type: ${name}: not found\n`);
        status = 1;
        continue;
      }
      if (mode === 't') await ctx.stdout.write(r.kind + '\n');
      else if (mode === 'p') {
        if (r.kind === 'file') await ctx.stdout.write(r.path + '\n');
      } else {
        await ctx.stdout.write(describe(name, r) + '\n');
        if (r.kind === 'function' && r.body) await ctx.stdout.write(r.body + '\n');
      }
    }
    return status;
  },
};
