import { procToJson, type ProcEntry } from '../kernel/process-table.js';
import type { Builtin } from './types.js';

export const psBuiltin: Builtin = {
  name: 'ps',
  synopsis: 'ps [-a] [--json]',
  description:
    "List the kernel's processes and tasks: id, name, pid, state, status, isolation, uptime and command. -a includes ended entries; --json prints an array with id, name, pid, state, exit_code, signal, command, started_at, ended_at, isolation, limits, uptime_seconds...",
  flags: [
    { flag: '-a', description: 'include ended processes' },
    { flag: '--json', description: 'machine-readable JSON array' },
  ],
  examples: [{ command: 'ps --json | head -c 1', description: 'JSON output', output: '[' }],
  async run(ctx) {
    let all = false;
    let json = false;
    for (const a of ctx.args) {
      if (a === '-a' || a === '--all') all = true;
      else if (a === '--json') json = true;
      else {
        await ctx.stderr.write(`ps: unknown option: ${a}\n`);
        return 2;
      }
    }
    const entries = ctx.kernel.procs.list(all);
    if (json) {
      await ctx.stdout.write(JSON.stringify(entries.map((e) => procToJson(e))) + '\n');
      return 0;
    }
    const rows = [['ID', 'NAME', 'PID', 'STATE', 'STATUS', 'ISOLATION', 'UPTIME', 'COMMAND']];
    for (const e of entries) rows.push(row(e));
    await ctx.stdout.write(formatTable(rows));
    return 0;
  },
};

function row(e: ProcEntry): string[] {
  const uptime = ((e.endedAt ?? Date.now()) - e.startedAt) / 1000;
  const status = e.exitCode !== null ? String(e.exitCode) : e.signal ?? '-';
  return [String(e.id), e.name, e.pid === null ? '-' : String(e.pid), e.state, status, e.isolation, `${uptime.toFixed(1)}s`, e.command];
}

export function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')).join('\n') + '\n';
}
