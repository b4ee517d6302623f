// Kernel approval requests waiting for the user, one shown at a time.
import type { ApprovalAnswer, ApprovalDecision, ApprovalRequest } from '../../kernel/approvals.js';
import type { ApprovalQueue } from './hooks/useApproval.js';

export class ApprovalQueueImpl implements ApprovalQueue {
  private readonly waiting: Array<{ req: ApprovalRequest; resolve: (d: ApprovalDecision | ApprovalAnswer) => void }> = [];
  private readonly listeners = new Set<() => void>();

  ask(req: ApprovalRequest): Promise<ApprovalDecision | ApprovalAnswer> {
    return new Promise((resolve) => {
      this.waiting.push({ req, resolve });
      this.notify();
    });
  }

  current(): ApprovalRequest | null {
    return this.waiting[0]?.req ?? null;
  }

  decide(d: ApprovalDecision | ApprovalAnswer): void {
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
