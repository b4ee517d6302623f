// `audit verify` checks the hash chain of the audit journal; `audit tail` shows its latest
// records. The journal lives in $AOSH_HOME/journal (src/kernel/journal.ts).
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
// The journal module (and node:crypto) loads only when audit runs: keep `aosh -c` start-up light.
import type { JournalRecord } from '../kernel/journal.js';
import { UsageError } from '../kernel/errors.js';
import { parseFlags, suggest, values } from './flags.js';
import { fail, type Builtin, type BuiltinContext, type Subcommand } from './types.js';

const SUBCOMMANDS: Subcommand[] = [
  {
    name: 'verify',
    synopsis: 'audit verify [--json]',
    description: 'Check the hash chain of every journal file and name the first broken link (status 1 when broken).',
    flags: [{ flag: '--json', description: 'the verification results as JSON' }],
  },
  {
    name: 'tail',
    synopsis: 'audit tail [-n N] [--json]',
    description: 'Print the latest records of the journal.',
    flags: [
      { flag: '-n, --lines N', description: 'how many records (default 10)', parse: values.count },
      { flag: '--json', description: 'one JSON object per record' },
    ],
  },
];

const RESERVED = new Set(['seq', 'ts', 'session', 'type', 'prev', 'hash']);

function homeOf(ctx: BuiltinContext): string {
  return ctx.kernel.home ?? ctx.shell.getVar('AOSH_HOME') ?? process.env.AOSH_HOME ?? join(homedir(), '.aosh');
}

async function verify(ctx: BuiltinContext, args: string[]): Promise<number> {
  const { opts, rest: extra } = parseFlags(args, SUBCOMMANDS[0]!.flags, { interleave: true });
  const json = opts.json === true;
  if (extra.length) throw new UsageError(`verify: unexpected argument: ${extra[0]}`);
  const { journalDir, journalFiles, verifyFile } = await import('../kernel/journal.js');
  const dir = journalDir(homeOf(ctx));
  const files = journalFiles(dir);
  if (files.length === 0) {
    await ctx.stdout.write(json ? '[]\n' : `no journal in ${dir}\n`);
    return 0;
  }
  const results = files.map(verifyFile);
  if (json) {
    await ctx.stdout.write(JSON.stringify(results) + '\n');
  } else {
    for (const r of results) {
      const name = basename(r.file);
      if (r.ok) await ctx.stdout.write(`${name}: ok, ${r.records} records, head ${r.head.slice(0, 16)}\n`);
      else await ctx.stdout.write(`${name}: BROKEN at line ${r.broken!.line}${r.broken!.seq !== null ? ` (seq ${r.broken!.seq})` : ''}: ${r.broken!.reason}\n`);
      for (const rec of r.recovered) await ctx.stdout.write(`${name}: note: torn write at line ${rec.line} (${rec.bytes} bytes) recovered after a crash\n`);
      if (r.tornTail) await ctx.stdout.write(`${name}: warning: torn last line ${r.tornTail.line} (${r.tornTail.bytes} bytes, never acknowledged)\n`);
    }
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

async function tail(ctx: BuiltinContext, args: string[]): Promise<number> {
  const { opts, rest } = parseFlags(args, SUBCOMMANDS[1]!.flags, { interleave: true });
  if (rest.length) throw new UsageError(`tail: unexpected argument: ${rest[0]}`);
  const n = (opts.lines as number | undefined) ?? 10;
  const json = opts.json === true;
  const { journalDir, readRecords } = await import('../kernel/journal.js');
  const records = n === 0 ? [] : readRecords(journalDir(homeOf(ctx))).slice(-n);
  for (const r of records) await ctx.stdout.write((json ? JSON.stringify(r) : formatRecord(r)) + '\n');
  return 0;
}

export function formatRecord(r: JournalRecord): string {
  const fields = Object.entries(r)
    .filter(([k]) => !RESERVED.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s|"/.test(v) ? v : JSON.stringify(v)}`);
  return `${r.ts}  #${r.seq}  ${r.type}  ${fields.join(' ')}`;
}

export const auditBuiltin: Builtin = {
  name: 'audit',
  synopsis: 'audit verify [--json] | audit tail [-n N] [--json]',
  description:
    'Inspects the audit journal ($AOSH_HOME/journal): every spawn, exit, kill, world-changing syscall and denial, hash-chained. ' +
    '`verify` checks the chain and names the first broken link (status 1 when broken); `tail` prints the latest records.',
  subcommands: SUBCOMMANDS,
  examples: [
    { command: 'audit verify', description: 'check the hash chain of every journal file' },
    { command: 'audit tail -n 20', description: 'the last 20 records' },
    { command: 'audit tail --json -n 1', description: 'the newest record as JSON' },
  ],
  async run(ctx) {
    const [sub, ...rest] = ctx.args;
    if (sub === 'verify') return verify(ctx, rest);
    if (sub === 'tail') return tail(ctx, rest);
    if (sub === undefined) return fail(ctx, `missing subcommand (usage: ${auditBuiltin.synopsis})`, 2);
    return fail(ctx, `unknown subcommand: ${sub}${suggest(sub, ['verify', 'tail'])} (expected verify or tail)`, 2);
  },
};
