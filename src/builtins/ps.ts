import { procToJson, refreshUsage, type ProcEntry } from '../kernel/process-table.js';
import type { Builtin } from './types.js';

export const psBuiltin: Builtin = {
  name: 'ps',
  synopsis: 'ps [-a] [--json]',
  description:
    "List the kernel's processes and tasks: id, name, pid, state (running, stopped, exited, killed, oom-killed), status, isolation (full, userns, none), cpu seconds, memory (current/peak), pids, uptime and command. Usage comes from each stage's cgroup. -a includes ended entries; --json prints an array with id, name, pid, state, exit_code, signal, command, started_at, ended_at, isolation, limits, cpu_seconds, uptime_seconds, memory_bytes, memory_peak_bytes, pids...",
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
    for (const e of entries) refreshUsage(e);
    if (json) {
      await ctx.stdout.write(JSON.stringify(entries.map((e) => procToJson(e))) + '\n');
      return 0;
    }
    const rows = [['ID', 'NAME', 'PID', 'STATE', 'STATUS', 'ISOLATION', 'CPU', 'MEM', 'PIDS', 'UPTIME', 'COMMAND']];
    for (const e of entries) rows.push(row(e));
    await ctx.stdout.write(formatTable(rows));
    return 0;
  },
};

function row(e: ProcEntry): string[] {
  const uptime = ((e.endedAt ?? Date.now()) - e.startedAt) / 1000;
  const status = e.exitCode !== null ? String(e.exitCode) : e.signal ?? '-';
  const u = e.usage;
  const cpu = u?.cpuSeconds == null ? '-' : `${u.cpuSeconds.toFixed(2)}s`;
  const mem = u?.memoryBytes == null && u?.memoryPeakBytes == null ? '-' : `${bytes(u.memoryBytes)}/${bytes(u.memoryPeakBytes)}`;
  const pids = u?.pids == null ? '-' : String(u.pids);
  return [String(e.id), e.name, e.pid === null ? '-' : String(e.pid), e.state, status, e.isolation, cpu, mem, pids, `${uptime.toFixed(1)}s`, e.command];
}

function bytes(n: number | null | undefined): string {
  if (n == null) return '-';
  if (n < 1024) return `${n}B`;
  const units = ['K', 'M', 'G', 'T'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)}${units[i]}`;
}

export function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')).join('\n') + '\n';
}
