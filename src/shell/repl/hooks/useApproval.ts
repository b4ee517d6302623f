// The approval request being asked, if any, from the REPL's queue of kernel requests.
import { useEffect, useState } from 'react';
import type { ApprovalAnswer, ApprovalDecision, ApprovalRequest } from '../../../kernel/approvals.js';

export interface ApprovalQueue {
  current(): ApprovalRequest | null;
  subscribe(fn: () => void): () => void;
  decide(d: ApprovalDecision | ApprovalAnswer): void;
}

export function useApproval(queue: ApprovalQueue | null): ApprovalRequest | null {
  const [req, setReq] = useState<ApprovalRequest | null>(() => queue?.current() ?? null);
  useEffect(() => {
    if (!queue) return;
    setReq(queue.current());
    return queue.subscribe(() => setReq(queue.current()));
  }, [queue]);
  return req;
}
