// Candidates for an ambiguous Tab, in columns like bash's list.
import { Box, Text } from 'ink';

export interface CompletionListProps {
  items: readonly string[];
  columns: number;
  /** At most this many rows; the rest is summarized. */
  maxRows?: number;
  color: boolean;
}

export function layoutColumns(items: readonly string[], columns: number, maxRows: number): { rows: string[]; hidden: number } {
  const width = Math.min(Math.max(...items.map((s) => s.length)) + 2, Math.max(columns, 1));
  const perRow = Math.max(1, Math.floor(columns / width));
  const total = Math.ceil(items.length / perRow);
  const shownRows = Math.min(total, maxRows);
  const rows: string[] = [];
  // Column-major, as bash lists them.
  const height = shownRows < total ? shownRows : total;
  const shown = Math.min(items.length, height * perRow);
  for (let r = 0; r < height; r++) {
    let line = '';
    for (let c = 0; c < perRow; c++) {
      const it = items[c * height + r];
      if (it === undefined || c * height + r >= shown) continue;
      line += c === perRow - 1 ? it : it.padEnd(width);
    }
    rows.push(line.trimEnd());
  }
  return { rows, hidden: items.length - shown };
}

export function CompletionList({ items, columns, maxRows = 8, color }: CompletionListProps) {
  const { rows, hidden } = layoutColumns(items, columns, maxRows);
  return (
    <Box flexDirection="column">
      {rows.map((r, i) => (
        <Text key={i}>{r}</Text>
      ))}
      {hidden > 0 ? <Text dimColor={color}>{`… ${hidden} more (${items.length} in all)`}</Text> : null}
    </Box>
  );
}
