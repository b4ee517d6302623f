import type { Builtin } from './types.js';

export const commandBuiltin: Builtin = {
  name: 'command',
  synopsis: 'command [-v|-V] NAME [ARGS...]',
  description: 'Run NAME skipping shell functions; with -v print how NAME would be found (a path, or the name of a builtin/function) and fail with 1 when it is not found.',
  flags: [
    { flag: '-v', description: 'print the path or name that NAME resolves to' },
    { flag: '-V', description: 'describe NAME verbosely (like type)' },
  ],
  examples: [
    { command: 'command -v cd', description: 'a builtin', output: 'cd\n' },
    { command: 'command -v no_such_cmd_x || echo missing', description: 'not found', output: 'missing\n' },
  ],
  async run(ctx) {
    let args = ctx.args;
    let mode: '' | 'v' | 'V' = '';
    while (args[0]?.startsWith('-') && args[0] !== '--' && args[0].length > 1) {
      for (const f of args[0].slice(1)) {
        if (f === 'v') mode = 'v';
        else if (f === 'V') mode = 'V';
        else if (f !== 'p') {
          await ctx.stderr.write(`command: -${f}: invalid option\n`);
          return 2;
        }
      }
      args = args.slice(1);
    }
    if (args[0] === '--') args = args.slice(1);
    if (args.length === 0) return 0;
    if (mode) {
      let status = 0;
      for (const name of args) {
        const r = ctx.shell.lookup(name);
        if (!r) {
          if (mode === 'V') await ctx.stderr.write(`command: ${name}: not found\n`);
          status = 1;
          continue;
        }
        if (mode === 'v') await ctx.stdout.write(`${r.kind === 'file' ? r.path : name}\n`);
        else await ctx.stdout.write(describe(name, r) + '\n');
      }
      return status;
    }
    return ctx.shell.runCommand(args, { skipFunctions: true });
  },
};

export function describe(name: string, r: { kind: string; path?: string }): string {
  switch (r.kind) {
    case 'keyword': return `${name} is a shell keyword`;
    case 'function': return `${name} is a function`;
    case 'builtin': return `${name} is a shell builtin`;
    default: return `${name} is ${r.path}`;
  }
}
