// A kernel approval request: allow once, allow for the session, or deny.
import { Box, Text } from 'ink';
import type { ApprovalDecision, ApprovalRequest } from '../../../kernel/approvals.js';

export const APPROVAL_CHOICES: ReadonlyArray<{ decision: ApprovalDecision; key: string; label: string }> = [
  { decision: 'once', key: 'y', label: 'Allow once' },
  { decision: 'session', key: 'a', label: 'Allow for this session' },
  { decision: 'deny', key: 'n', label: 'Deny' },
];

export interface ApprovalDialogProps {
  request: ApprovalRequest;
  selected: number;
  columns: number;
  color: boolean;
}

export function ApprovalDialog({ request, selected, columns, color }: ApprovalDialogProps) {
  const detail = request.detail ? request.detail.split('\n').slice(0, 20) : [];
  return (
    <Box flexDirection="column" borderStyle={columns >= 40 ? 'round' : undefined} borderColor={color ? 'yellow' : undefined} paddingX={columns >= 40 ? 1 : 0}>
      <Text bold>{`${request.requester} asks to ${request.kind}:`}</Text>
      <Text color={color ? 'cyan' : undefined}>{request.title}</Text>
      {detail.map((line, i) => (
        <Text key={i} color={color ? (line.startsWith('+') ? 'green' : line.startsWith('-') ? 'red' : undefined) : undefined}>
          {line}
        </Text>
      ))}
      {APPROVAL_CHOICES.map((c, i) => (
        <Text key={c.decision} inverse={i === selected}>
          {`${i === selected ? '›' : ' '} ${c.label} (${c.key})`}
        </Text>
      ))}
    </Box>
  );
}
