import { formatTable } from './ps.js';
import type { Builtin } from './types.js';

export const pipeBuiltin: Builtin = {
  name: 'pipe',
  synopsis: 'pipe ls [--json]',
  description: 'Inspect the kernel channels. "pipe ls" lists the live channels between pipeline stages with the bytes each has moved.',
  flags: [{ flag: '--json', description: 'machine-readable JSON array' }],
  examples: [{ command: 'pipe ls --json | head -c 1', description: 'channels as JSON', output: '[' }],
  async run(ctx) {
    const [sub, ...rest] = ctx.args;
    if (sub !== 'ls') {
      await ctx.stderr.write(`pipe: ${sub === undefined ? 'missing subcommand' : `unknown subcommand: ${sub}`} (usage: pipe ls [--json])\n`);
      return 2;
    }
    const channels = ctx.kernel.channels.list().map((c) => c.info());
    if (rest.includes('--json')) {
      await ctx.stdout.write(JSON.stringify(channels.map((c) => ({ id: c.id, name: c.name, writer: c.writer, reader: c.reader, bytes: c.bytes, state: c.state }))) + '\n');
      return 0;
    }
    const rows = [['ID', 'NAME', 'WRITER', 'READER', 'BYTES', 'STATE']];
    for (const c of channels) rows.push([String(c.id), c.name, c.writer || '-', c.reader || '-', String(c.bytes), c.state]);
    await ctx.stdout.write(formatTable(rows));
    return 0;
  },
};
