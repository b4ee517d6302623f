import { type Builtin, type BuiltinContext, noOptions } from './types.js';

async function run(ctx: BuiltinContext): Promise<number> {
  const opts = noOptions(ctx);
  if (opts.error !== undefined) return opts.error;
  const [file, ...args] = opts.args;
  if (!file) {
    await ctx.stderr.write(`${ctx.errorPrefix ?? ''}${ctx.name}: filename argument required\n`);
    return 2;
  }
  return ctx.shell.source(file, args.length ? args : null, ctx.name);
}

export const sourceBuiltin: Builtin = {
  name: 'source',
  synopsis: 'source FILE [ARGS...]',
  description: 'Read and run FILE in the current shell (its variables and functions stay). A name without a slash is searched in PATH, then the current directory.',
  special: true,
  examples: [{ command: "echo 'X=42' > lib.sh; source ./lib.sh; echo $X; rm lib.sh", description: 'load definitions', output: '42\n' }],
  run,
};

export const dotBuiltin: Builtin = {
  name: '.',
  synopsis: '. FILE [ARGS...]',
  description: 'Same as source.',
  special: true,
  examples: [{ command: "echo 'Y=7' > lib2.sh; . ./lib2.sh; echo $Y; rm lib2.sh", description: 'load definitions', output: '7\n' }],
  run,
};
