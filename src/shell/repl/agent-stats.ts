// CPU and memory of running agents for the status panel: from the entry's cgroup when it
// has one (cgroup v2 memory.current / cpu.stat), else from /proc/<pid>.
import { readFileSync } from 'node:fs';
import type { Kernel } from '../../kernel/kernel.js';
import { refreshUsage, type ProcEntry } from '../../kernel/process-table.js';
import type { AgentRow } from './components/StatusPanel.js';
import type { AgentSource } from './hooks/useAgents.js';

const TICKS = 100; // USER_HZ on Linux
const PAGE = 4096;

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** CPU time used (seconds) and resident memory (bytes) of one entry, when known. */
export function usageOf(e: ProcEntry & { cgroup?: string }): { cpuSeconds: number | null; memory: number | null } {
  if (e.cgroup) {
    const mem = read(`${e.cgroup}/memory.current`);
    const cpu = read(`${e.cgroup}/cpu.stat`);
    const usec = cpu ? /usage_usec (\d+)/.exec(cpu)?.[1] : undefined;
    return { cpuSeconds: usec ? Number(usec) / 1e6 : null, memory: mem ? Number(mem) : null };
  }
  if (e.pid === null) return { cpuSeconds: null, memory: null };
  const stat = read(`/proc/${e.pid}/stat`);
  const statm = read(`/proc/${e.pid}/statm`);
  let cpuSeconds: number | null = null;
  if (stat) {
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    cpuSeconds = (Number(f[11]) + Number(f[12])) / TICKS;
  }
  const memory = statm ? Number(statm.split(' ')[1]) * PAGE : null;
  return { cpuSeconds, memory };
}

export class AgentSampler implements AgentSource {
  private readonly last = new Map<number, { at: number; cpu: number }>();

  constructor(
    private readonly kernel: Kernel,
    private readonly logs?: { lastLine(id: number): string | null },
  ) {}

  sample(): AgentRow[] {
    const now = performance.now();
    const rows: AgentRow[] = [];
    const seen = new Set<number>();
    for (const e of this.kernel.procs.list()) {
      seen.add(e.id);
      // The same numbers as ps: the stage's cgroup through the kernel, else /proc.
      const ku = refreshUsage(e);
      const u = ku && (ku.cpuSeconds !== null || ku.memoryBytes !== null) ? { cpuSeconds: ku.cpuSeconds, memory: ku.memoryBytes } : usageOf(e);
      let cpu: number | null = null;
      if (u.cpuSeconds !== null) {
        const prev = this.last.get(e.id);
        if (prev && now > prev.at) cpu = Math.max(0, ((u.cpuSeconds - prev.cpu) / ((now - prev.at) / 1000)) * 100);
        this.last.set(e.id, { at: now, cpu: u.cpuSeconds });
      }
      rows.push({ id: e.id, name: e.name, state: e.state, cpu, cpuSeconds: u.cpuSeconds, memory: u.memory, output: this.logs?.lastLine(e.id) ?? null });
    }
    for (const id of this.last.keys()) if (!seen.has(id)) this.last.delete(id);
    return rows;
  }

  subscribe(fn: () => void): () => void {
    return this.kernel.events.onAny((ev) => {
      if (ev.type === 'spawned' || ev.type === 'exited' || ev.type === 'stopped' || ev.type === 'continued') fn();
    });
  }
}
