import { UsageError } from '../kernel/errors.js';
import { procToJson, refreshUsage, type ProcEntry } from '../kernel/process-table.js';
import { parseFlags } from './flags.js';
import type { Builtin } from './types.js';

const PROCPS_ALL = new Set(['aux', 'auxw', 'auxww', 'axu', 'ax', 'au', 'x', '-aux', '-e', '-ef', '-eF', '-ely', '-efl', '-A', '-f', '-ax']);

export const psBuiltin: Builtin = {
  name: 'ps',
  synopsis: 'ps [-a] [--json] [--watch [SECONDS]]',
  description:
    "List the kernel's processes and tasks (procps' `ps aux` and `ps -ef` give the same table): id, name, pid, state (running, stopped, exited, killed, oom-killed), status, isolation (full, userns, none), cpu seconds, memory (current/peak), pids, uptime and command. Usage comes from each stage's cgroup. -a includes ended entries; --json prints an array with id, name, pid, state, exit_code, signal, command, started_at, ended_at, isolation, limits, cpu_seconds, uptime_seconds, memory_bytes, memory_peak_bytes, pids...",
  flags: [
    { flag: '-a, --all', description: 'include ended processes' },
    { flag: '--json', description: 'machine-readable JSON array' },
    {
      flag: '-w, --watch [SECONDS]',
      description: 'redraw every SECONDS (default 1) until interrupted (Ctrl-C); with --json, one array per line',
      optional: /^\d+(\.\d+)?$/,
      parse: (v) => {
        const n = Number(v);
        if (!(n > 0)) throw new Error(`not a positive number of seconds: ${v}`);
        return n;
      },
    },
  ],
  examples: [
    { command: 'ps --json | head -c 1', description: 'JSON output', output: '[' },
    { command: "ps aux | head -1 | awk '{print $1, $2, $3}'", description: "procps' ps aux and ps -ef show the same table", output: 'ID NAME PID\n' },
    { command: 'spawn --name nap sleep 5 >/dev/null; ps --watch 0.2 --json | head -3 | grep -c nap; kill nap', description: 'watch the agents (here: three frames)', output: '3\n' },
  ],
  async run(ctx) {
    // procps habits (`ps aux`, `ps -ef`): every live process is what they ask for, which is
    // this table (a stage's own /bin/ps would see only its pid namespace).
    const args = ctx.args.filter((a) => !PROCPS_ALL.has(a));
    const { opts, rest } = parseFlags(args, psBuiltin.flags, { interleave: true });
    if (rest.length) throw new UsageError(`unexpected argument: ${rest[0]} (usage: ${psBuiltin.synopsis})`);
    const all = opts.all === true;
    const json = opts.json === true;
    const watch = opts.watch === undefined ? null : opts.watch === true ? 1 : (opts.watch as number);
    const render = (): string => {
      const entries = ctx.kernel.procs.list(all);
      for (const e of entries) refreshUsage(e);
      if (json) return JSON.stringify(entries.map((e) => procToJson(e))) + '\n';
      const rows = [['ID', 'NAME', 'PID', 'STATE', 'STATUS', 'ISOLATION', 'CPU', 'MEM', 'PIDS', 'UPTIME', 'COMMAND']];
      for (const e of entries) rows.push(row(e));
      return formatTable(rows);
    };
    if (watch === null) {
      await ctx.stdout.write(render());
      return 0;
    }
    // Like watch(1): until interrupted (Ctrl-C, kill) or until the reader goes away (EPIPE).
    const clear = ctx.stdout.isTTY && !json ? '\x1b[H\x1b[2J' : '';
    for (;;) {
      await ctx.stdout.write(clear + render());
      if (ctx.signal.aborted) return 130;
      const stopped = await new Promise<boolean>((resolve) => {
        const onAbort = (): void => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          ctx.signal.removeEventListener('abort', onAbort);
          resolve(false);
        }, watch! * 1000);
        ctx.signal.addEventListener('abort', onAbort, { once: true });
      });
      if (stopped) return 130;
    }
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

export function bytes(n: number | null | undefined): string {
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
