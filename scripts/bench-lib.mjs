// Shared helpers for the benchmarks: run a command N times, report median wall time.
import { spawnSync } from 'node:child_process';

export function timeRuns(cmd, args, runs, opts = {}) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], ...opts });
    const t1 = process.hrtime.bigint();
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}`);
    times.push(Number(t1 - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1], output: '' };
}

export function fmt(ms) {
  return `${ms.toFixed(1)} ms`;
}
