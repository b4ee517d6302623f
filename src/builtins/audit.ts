// `audit verify` checks the hash chain of the audit journal; `audit tail` shows its latest
// records. The journal lives in $AOSH_HOME/journal (src/kernel/journal.ts).
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
// The journal module (and node:crypto) loads only when audit runs: keep `aosh -c` start-up light.
import type { JournalRecord } from '../kernel/journal.js';
import { fail, type Builtin, type BuiltinContext } from './types.js';

const RESERVED = new Set(['seq', 'ts', 'session', 'type', 'prev', 'hash']);

function homeOf(ctx: BuiltinContext): string {
  return ctx.kernel.home ?? ctx.shell.getVar('AOSH_HOME') ?? process.env.AOSH_HOME ?? join(homedir(), '.aosh');
}

async function verify(ctx: BuiltinContext, args: string[]): Promise<number> {
  const json = args.includes('--json');
  const extra = args.filter((a) => a !== '--json');
  if (extra.length) return fail(ctx, `verify: unexpected argument: ${extra[0]}`, 2);
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
  let n = 10;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '-n' || a === '--lines') {
      const v = args[++i];
      if (v === undefined || !/^\d+$/.test(v)) return fail(ctx, `tail: ${a} needs a number`, 2);
      n = Number(v);
    } else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else return fail(ctx, `tail: unexpected argument: ${a}`, 2);
  }
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
  flags: [
    { flag: '-n N', description: 'tail: how many records (default 10)' },
    { flag: '--json', description: 'one JSON object per record (tail) or the verification results (verify)' },
  ],
  examples: [
    { command: 'audit verify', description: 'check the hash chain of every journal file' },
    { command: 'audit tail -n 20', description: 'the last 20 records' },
    { command: 'audit tail --json -n 1', description: 'the newest record as JSON' },
  ],
  async run(ctx) {
    const [sub, ...rest] = ctx.args;
    if (sub === 'verify') return verify(ctx, rest);
    if (sub === 'tail') return tail(ctx, rest);
    if (sub === undefined || sub === '-h' || sub === '--help') {
      await ctx.stdout.write(`usage: ${auditBuiltin.synopsis}\n`);
      return sub === undefined ? 2 : 0;
    }
    return fail(ctx, `unknown subcommand: ${sub} (expected verify or tail)`, 2);
  },
};
