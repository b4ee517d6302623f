// The prompt and the line being edited (with earlier lines of a multi-line command).
import { Box, Text } from 'ink';
import type { PromptParts } from '../prompt.js';
import { CONTINUATION } from '../prompt.js';
import { nextBoundary } from '../editor.js';
import { wrapCells, type Segment } from '../cells.js';

export interface PromptLineProps {
  parts: PromptParts;
  /** Lines already entered for this command (the parser wants more). */
  pending: readonly string[];
  buffer: string;
  cursor: number;
  /** False once the line is submitted: no cursor in the frame left in the scrollback. */
  active: boolean;
  color: boolean;
  /** After the last line: the ^C the terminal would have echoed where the cursor is. */
  suffix?: string;
  /** The terminal's width: rows are cut there. */
  columns: number;
}

/** The prompt's own segments (colours when asked). */
function promptSegments(parts: PromptParts, color: boolean): Segment[] {
  if (parts.custom !== undefined) return [{ text: parts.custom }];
  return [
    { text: parts.cwd, color: color ? 'cyan' : undefined, bold: color || undefined },
    { text: parts.status, color: color ? 'red' : undefined },
    { text: parts.agents, color: color ? 'yellow' : undefined },
    { text: parts.symbol },
  ].filter((x) => x.text);
}

/** A line of the buffer with the cursor (inverse) on the character under it, when it is on this line. */
function bodySegments(text: string, cursor: number, active: boolean): Segment[] {
  if (!active || cursor < 0) return [{ text }];
  // The whole character under the cursor (an emoji is two UTF-16 units).
  const end = nextBoundary(text, cursor);
  const at = cursor < text.length ? text.slice(cursor, end) : undefined;
  return [{ text: text.slice(0, cursor) }, { text: at === undefined || at === '\n' ? ' ' : at, inverse: true }, { text: at === undefined ? '' : text.slice(end) }];
}

function Row({ segments }: { segments: Segment[] }) {
  return (
    <Text>
      {segments.map((g, j) => (
        <Text key={j} color={g.color} bold={g.bold} inverse={g.inverse}>
          {g.text}
        </Text>
      ))}
    </Text>
  );
}

export function PromptLine({ parts, pending, buffer, cursor, active, color, suffix, columns }: PromptLineProps) {
  // Every physical line: pending lines, then the buffer's own lines (a recalled multi-line entry).
  const lines = [...pending, ...buffer.split('\n')];
  const firstBufferLine = pending.length;
  let offset = 0;
  const rows: Segment[][] = [];
  lines.forEach((line, i) => {
    const prefix = i === 0 ? promptSegments(parts, color) : [{ text: CONTINUATION }];
    let body: Segment[];
    if (i < firstBufferLine) body = [{ text: line }];
    else {
      const start = offset;
      offset += line.length + 1;
      const c = cursor >= start && cursor <= start + line.length ? cursor - start : -1;
      body = bodySegments(line, c, active);
    }
    const tail = suffix && i === lines.length - 1 ? [{ text: suffix }] : [];
    // Cut at the last column, character by character, as the terminal (and bash) wraps.
    rows.push(...wrapCells([...prefix, ...body, ...tail].filter((x) => x.text), columns));
  });
  return (
    <Box flexDirection="column">
      {rows.map((r, i) => (
        <Row key={i} segments={r} />
      ))}
    </Box>
  );
}

export function SearchLine({ query, match, color }: { query: string; match: string | null; color: boolean }) {
  return (
    <Text>
      <Text color={color ? 'magenta' : undefined}>{match === null && query ? '(failed reverse-i-search)' : '(reverse-i-search)'}</Text>
      {/* readline's quoting: a backtick, then a quote */}
      {`\`${query}': `}
      {match ?? ''}
    </Text>
  );
}
