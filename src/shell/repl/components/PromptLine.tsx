// The prompt and the line being edited (with earlier lines of a multi-line command).
import { Box, Text } from 'ink';
import type { PromptParts } from '../prompt.js';
import { CONTINUATION } from '../prompt.js';
import { nextBoundary } from '../editor.js';

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
}

export function PromptText({ parts, color }: { parts: PromptParts; color: boolean }) {
  if (parts.custom !== undefined) return <Text>{parts.custom}</Text>;
  return (
    <Text>
      <Text color={color ? 'cyan' : undefined} bold={color}>
        {parts.cwd}
      </Text>
      {parts.status ? <Text color={color ? 'red' : undefined}>{parts.status}</Text> : null}
      {parts.agents ? <Text color={color ? 'yellow' : undefined}>{parts.agents}</Text> : null}
      <Text>{parts.symbol}</Text>
    </Text>
  );
}

function WithCursor({ text, cursor, active }: { text: string; cursor: number; active: boolean }) {
  if (!active || cursor < 0) return <Text>{text}</Text>;
  // The whole character under the cursor (an emoji is two UTF-16 units).
  const end = nextBoundary(text, cursor);
  const at = cursor < text.length ? text.slice(cursor, end) : undefined;
  return (
    <Text>
      {text.slice(0, cursor)}
      <Text inverse>{at === undefined || at === '\n' ? ' ' : at}</Text>
      {at === undefined ? '' : text.slice(end)}
    </Text>
  );
}

export function PromptLine({ parts, pending, buffer, cursor, active, color, suffix }: PromptLineProps) {
  // Every physical line: pending lines, then the buffer's own lines (a recalled multi-line entry).
  const lines = [...pending, ...buffer.split('\n')];
  const firstBufferLine = pending.length;
  let offset = 0;
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => {
        const prefix = i === 0 ? <PromptText parts={parts} color={color} /> : <Text>{CONTINUATION}</Text>;
        let body;
        if (i < firstBufferLine) body = <Text>{line}</Text>;
        else {
          const start = offset;
          offset += line.length + 1;
          const c = cursor >= start && cursor <= start + line.length ? cursor - start : -1;
          body = <WithCursor text={line} cursor={c} active={active} />;
        }
        return (
          <Text key={i}>
            {prefix}
            {body}
            {suffix && i === lines.length - 1 ? suffix : null}
          </Text>
        );
      })}
    </Box>
  );
}

export function SearchLine({ query, match, color }: { query: string; match: string | null; color: boolean }) {
  return (
    <Text>
      <Text color={color ? 'magenta' : undefined}>{match === null && query ? '(failed reverse-i-search)' : '(reverse-i-search)'}</Text>
      {`'${query}': `}
      {match ?? ''}
    </Text>
  );
}
