// Running agents: one summary line, or a table when expanded (Ctrl-T).
import { Box, Text } from 'ink';

export interface AgentRow {
  id: number;
  name: string;
  state: string;
  /** Percent of one CPU since the last sample, null when unknown. */
  cpu: number | null;
  /** Bytes, null when unknown. */
  memory: number | null;
  /** CPU time used, as ps shows it. */
  cpuSeconds?: number | null;
  /** The last line the agent wrote to its log (background output). */
  output?: string | null;
}

export interface StatusPanelProps {
  agents: readonly AgentRow[];
  expanded: boolean;
  columns: number;
  color: boolean;
}

export function formatBytes(n: number | null): string {
  if (n === null) return '-';
  if (n < 1024) return `${n}B`;
  const units = ['K', 'M', 'G', 'T'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)}${units[u]}`;
}

const cpuText = (c: number | null): string => (c === null ? '-' : `${c.toFixed(c < 10 ? 1 : 0)}%`);

export function StatusPanel({ agents, expanded, columns, color }: StatusPanelProps) {
  if (!agents.length) return expanded ? <Text dimColor={color}>no agents running (Ctrl-T hides this panel)</Text> : null;
  if (!expanded) {
    const items = agents.map((a) => `${a.name}#${a.id} ${a.state === 'running' ? cpuText(a.cpu) : a.state}`).join('  ');
    const line = `● ${agents.length} running: ${items}`;
    return (
      <Text color={color ? 'yellow' : undefined} wrap="truncate-end">
        {line.length > columns ? line.slice(0, Math.max(1, columns - 1)) + '…' : line}
      </Text>
    );
  }
  const withOutput = agents.some((a) => a.output);
  const rows = [
    ['ID', 'NAME', 'STATE', 'CPU', 'TIME', 'MEM', ...(withOutput ? ['OUTPUT'] : [])],
    ...agents.map((a) => [String(a.id), a.name, a.state, cpuText(a.cpu), a.cpuSeconds == null ? '-' : `${a.cpuSeconds.toFixed(2)}s`, formatBytes(a.memory), ...(withOutput ? [a.output ?? ''] : [])]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return (
    <Box flexDirection="column" borderStyle={columns >= 40 ? 'round' : undefined} borderColor={color ? 'yellow' : undefined}>
      {rows.map((r, i) => (
        <Text key={i} bold={i === 0 && color} wrap="truncate-end">
          {r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')}
        </Text>
      ))}
    </Box>
  );
}
