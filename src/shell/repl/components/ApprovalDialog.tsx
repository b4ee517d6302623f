// A kernel approval request: allow once, allow for the session, deny, or deny with a reason
// typed for the agent. A write's detail is a unified diff, coloured line by line.
import { Box, Text } from 'ink';
import type { ApprovalRequest } from '../../../kernel/approvals.js';
import { APPROVAL_CHOICES } from '../approval-keys.js';

export { APPROVAL_CHOICES };

export interface ApprovalDialogProps {
  request: ApprovalRequest;
  selected: number;
  /** The reason being typed, when the user chose to deny with one. */
  reason?: string | null;
  columns: number;
  /** Terminal rows: the diff gets what the dialog's other lines leave (at least 20). */
  rows?: number;
  color: boolean;
}

function lineColor(line: string): string | undefined {
  if (line.startsWith('+++') || line.startsWith('---')) return undefined;
  if (line.startsWith('@@')) return 'cyan';
  if (line.startsWith('+')) return 'green';
  if (line.startsWith('-')) return 'red';
  return undefined;
}

export function ApprovalDialog({ request, selected, reason = null, columns, rows, color }: ApprovalDialogProps) {
  const all = request.detail ? request.detail.split('\n') : [];
  const room = Math.max(20, (rows ?? 0) - APPROVAL_CHOICES.length - 6);
  const detail = all.length > room ? [...all.slice(0, room - 1), `[... ${all.length - room + 1} more lines]`] : all;
  const label = (c: (typeof APPROVAL_CHOICES)[number]): string => (c.choice === 'session' && request.sessionScope ? `${c.label}: ${request.sessionScope}` : c.label);
  return (
    <Box flexDirection="column" borderStyle={columns >= 40 ? 'round' : undefined} borderColor={color ? 'yellow' : undefined} paddingX={columns >= 40 ? 1 : 0}>
      <Text bold>{`${request.requester} asks to ${request.kind}:`}</Text>
      <Text color={color ? 'cyan' : undefined}>{request.title}</Text>
      {detail.map((line, i) => (
        <Text key={i} color={color ? lineColor(line) : undefined}>
          {line}
        </Text>
      ))}
      {reason !== null ? (
        <>
          <Text>{`Reason for the agent: ${reason}▏`}</Text>
          <Text dimColor>Enter denies with this reason · Esc goes back</Text>
        </>
      ) : (
        APPROVAL_CHOICES.map((c, i) => (
          <Text key={c.choice} inverse={i === selected}>
            {`${i === selected ? '›' : ' '} ${label(c)} (${c.key})`}
          </Text>
        ))
      )}
    </Box>
  );
}
