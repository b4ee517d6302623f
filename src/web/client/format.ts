// Formatting for the page: sizes, durations, money, states.

export function bytes(n: number | null | undefined): string {
  if (n == null) return '–';
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export function pct(n: number | null | undefined): string {
  if (n == null) return '–';
  return n < 10 ? `${n.toFixed(1)}%` : `${Math.round(n)}%`;
}

export function usd(n: number): string {
  if (n === 0) return '$0';
  return n < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`;
}

export function count(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1e6) return `${(n / 1000).toFixed(n < 1e4 ? 1 : 0)}k`;
  return `${(n / 1e6).toFixed(1)}M`;
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  return `${h}h${String(m % 60).padStart(2, '0')}m`;
}

export function clock(t: number): string {
  const d = new Date(t);
  return d.toLocaleTimeString([], { hour12: false });
}

/** running, stopped... -> a CSS class for the badge. */
export function stateClass(state: string): string {
  return `st-${state.replace(/[^a-z-]/g, '')}`;
}

/** What ended means for a row: "0", "SIGKILL", "OOM". */
export function outcome(p: { state: string; exitCode: number | null; signal: string | null; status: number | null }): string {
  if (p.state === 'oom-killed') return 'OOM (137)';
  if (p.exitCode !== null) return `exit ${p.exitCode}`;
  if (p.signal) return p.signal;
  if (p.state === 'failed') return `failed${p.status !== null ? ` (${p.status})` : ''}`;
  return '';
}
