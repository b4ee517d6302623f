import { formatTable } from './ps.js';
import { fail, type Builtin, type BuiltinContext } from './types.js';

const USAGE = 'usage: pipe ls [--json] | pipe mk NAME | pipe write NAME | pipe read [-n N] NAME | pipe rm NAME';

export const pipeBuiltin: Builtin = {
  name: 'pipe',
  synopsis: 'pipe ls [--json] | pipe mk NAME | pipe write NAME | pipe read [-n N] NAME | pipe rm NAME',
  description:
    'Kernel channels. "pipe ls" lists the live channels between pipeline stages (bytes moved) and the named channels (bytes and messages in and out, readers, writers). Named channels connect running agents: "pipe write NAME" sends its standard input, one message per line (many writers fan in); "pipe read NAME" prints every message (each reader gets all of them: fan-out) until the channel is removed or its last writer is done.',
  flags: [
    { flag: '--json', description: 'machine-readable output for ls' },
    { flag: '-n N', description: 'read: stop after N messages' },
  ],
  examples: [
    { command: 'pipe ls --json | head -c 1', description: 'channels as JSON', output: '{' },
    { command: 'pipe mk news; echo hello | pipe write news; pipe read -n 1 news; pipe rm news', description: 'a named channel', output: 'hello\n' },
  ],
  async run(ctx) {
    const [sub, ...rest] = ctx.args;
    switch (sub) {
      case 'ls':
        return list(ctx, rest);
      case 'mk':
      case 'rm': {
        if (rest.length !== 1) return fail(ctx, USAGE, 2);
        if (sub === 'rm') return ctx.kernel.named.remove(rest[0]!) ? 0 : fail(ctx, `${rest[0]}: no such channel`);
        try {
          ctx.kernel.named.create(rest[0]!);
          return 0;
        } catch (e) {
          return fail(ctx, (e as Error).message);
        }
      }
      case 'write':
        return write(ctx, rest);
      case 'read':
        return read(ctx, rest);
      default:
        return fail(ctx, sub === undefined ? `missing subcommand (${USAGE})` : `unknown subcommand: ${sub} (${USAGE})`, 2);
    }
  },
};

async function list(ctx: BuiltinContext, rest: string[]): Promise<number> {
  const json = rest.includes('--json');
  const stages = ctx.kernel.channels.list().map((c) => c.info());
  const named = ctx.kernel.named.list().map((c) => c.info());
  if (json) {
    const out = {
      channels: stages.map((c) => ({ id: c.id, name: c.name, writer: c.writer, reader: c.reader, bytes: c.bytes, state: c.state })),
      named,
    };
    await ctx.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  const rows = [['CHANNEL', 'WRITER', 'READER', 'BYTES', 'MSGS', 'STATE']];
  for (const c of stages) rows.push([c.name, c.writer || '-', c.reader || '-', String(c.bytes), '-', c.state]);
  for (const c of named) rows.push([c.name, `${c.writers} writer(s)`, `${c.readers} reader(s)`, `${c.bytes_in}/${c.bytes_out}`, `${c.messages_in}/${c.messages_out}`, 'named']);
  await ctx.stdout.write(formatTable(rows));
  return 0;
}

async function write(ctx: BuiltinContext, rest: string[]): Promise<number> {
  if (rest.length !== 1) return fail(ctx, USAGE, 2);
  const ch = ctx.kernel.named.get(rest[0]!);
  if (!ch) return fail(ctx, `${rest[0]}: no such channel (create it with pipe mk)`);
  const w = ch.openWriter();
  try {
    for (;;) {
      const { line, eof } = await ctx.stdin.readRawLine();
      if (eof && line === '') break;
      w.write(line);
      if (eof) break;
      if (ctx.signal.aborted) break;
    }
  } finally {
    w.close();
  }
  return 0;
}

async function read(ctx: BuiltinContext, rest: string[]): Promise<number> {
  let limit = Infinity;
  const names: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '-n') {
      const n = Number(rest[++i]);
      if (!Number.isInteger(n) || n < 0) return fail(ctx, `-n: not a count: ${rest[i]}`, 2);
      limit = n;
    } else names.push(rest[i]!);
  }
  if (names.length !== 1) return fail(ctx, USAGE, 2);
  const ch = ctx.kernel.named.get(names[0]!);
  if (!ch) return fail(ctx, `${names[0]}: no such channel`);
  const onAbort = (): void => ch.remove();
  for await (const line of ch.read(limit)) {
    await ctx.stdout.write(line + '\n');
    if (ctx.signal.aborted) break;
  }
  void onAbort;
  return 0;
}
