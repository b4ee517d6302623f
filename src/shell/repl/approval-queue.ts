// Kernel approval requests waiting for the user, one shown at a time.
import type { ApprovalDecision, ApprovalRequest } from '../../kernel/approvals.js';
import type { ApprovalQueue } from './hooks/useApproval.js';

export class ApprovalQueueImpl implements ApprovalQueue {
  private readonly waiting: Array<{ req: ApprovalRequest; resolve: (d: ApprovalDecision) => void }> = [];
  private readonly listeners = new Set<() => void>();

  ask(req: ApprovalRequest): Promise<ApprovalDecision> {
    return new Promise((resolve) => {
      this.waiting.push({ req, resolve });
      this.notify();
    });
  }

  current(): ApprovalRequest | null {
    return this.waiting[0]?.req ?? null;
  }

  decide(d: ApprovalDecision): void {
    const head = this.waiting.shift();
    head?.resolve(d);
    this.notify();
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private notify(): void {
    for (const fn of [...this.listeners]) fn();
  }
}
