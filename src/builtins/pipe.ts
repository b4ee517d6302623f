import { UsageError } from '../kernel/errors.js';
import { parseFlags, suggest, values } from './flags.js';
import { formatTable } from './ps.js';
import { fail, type Builtin, type BuiltinContext, type Subcommand } from './types.js';

const USAGE = 'usage: pipe ls [--json] | pipe mk NAME | pipe write NAME | pipe read [-n N] NAME | pipe rm NAME';

const SUBCOMMANDS: Subcommand[] = [
  {
    name: 'ls',
    synopsis: 'pipe ls [--json]',
    description: 'The live channels between pipeline stages (bytes moved) and the named channels (bytes and messages in and out, readers, writers).',
    flags: [{ flag: '--json', description: 'machine-readable output: {"channels": [...], "named": [...]}' }],
  },
  { name: 'mk', synopsis: 'pipe mk NAME', description: 'Create a named channel.' },
  { name: 'write', synopsis: 'pipe write NAME', description: 'Send standard input to the channel, one message per line (many writers fan in).' },
  {
    name: 'read',
    synopsis: 'pipe read [-n N] NAME',
    description: 'Print every message of the channel (each reader gets all of them: fan-out) until it is removed or its last writer is done.',
    flags: [{ flag: '-n N', key: 'count', description: 'stop after N messages', parse: values.count }],
  },
  { name: 'rm', synopsis: 'pipe rm NAME', description: 'Remove a named channel (its readers end).' },
];

/** One NAME operand, or a usage error. */
function oneName(sub: string, rest: string[]): string {
  if (rest.length !== 1) throw new UsageError(`${sub}: ${rest.length ? 'too many arguments' : 'missing NAME'} (usage: ${SUBCOMMANDS.find((s) => s.name === sub)!.synopsis})`);
  return rest[0]!;
}

export const pipeBuiltin: Builtin = {
  name: 'pipe',
  synopsis: 'pipe ls [--json] | pipe mk NAME | pipe write NAME | pipe read [-n N] NAME | pipe rm NAME',
  description:
    'Kernel channels. "pipe ls" lists the live channels between pipeline stages (bytes moved) and the named channels (bytes and messages in and out, readers, writers). Named channels connect running agents: "pipe write NAME" sends its standard input, one message per line (many writers fan in); "pipe read NAME" prints every message (each reader gets all of them: fan-out) until the channel is removed or its last writer is done.',
  subcommands: SUBCOMMANDS,
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
        const name = oneName(sub, parseFlags(rest, []).rest);
        if (sub === 'rm') return ctx.kernel.named.remove(name) ? 0 : fail(ctx, `${name}: no such channel`);
        try {
          ctx.kernel.named.create(name);
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
        return fail(ctx, sub === undefined ? `missing subcommand (${USAGE})` : `unknown subcommand: ${sub}${suggest(sub, SUBCOMMANDS.map((c) => c.name))} (${USAGE})`, 2);
    }
  },
};

async function list(ctx: BuiltinContext, rest: string[]): Promise<number> {
  const { opts, rest: extra } = parseFlags(rest, SUBCOMMANDS[0]!.flags, { interleave: true });
  if (extra.length) throw new UsageError(`ls: unexpected argument: ${extra[0]}`);
  const json = opts.json === true;
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
  const name = oneName('write', parseFlags(rest, []).rest);
  const ch = ctx.kernel.named.get(name);
  if (!ch) return fail(ctx, `${name}: no such channel (create it with pipe mk)`);
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
  const { opts, rest: operands } = parseFlags(rest, SUBCOMMANDS[3]!.flags, { interleave: true });
  const limit = (opts.count as number | undefined) ?? Infinity;
  const name = oneName('read', operands);
  const ch = ctx.kernel.named.get(name);
  if (!ch) return fail(ctx, `${name}: no such channel`);
  const onAbort = (): void => ch.remove();
  for await (const line of ch.read(limit)) {
    await ctx.stdout.write(line + '\n');
    if (ctx.signal.aborted) break;
  }
  void onAbort;
  return 0;
}
