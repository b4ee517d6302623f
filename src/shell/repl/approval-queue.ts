// Kernel approval requests waiting for the user, one shown at a time.
import type { ApprovalAnswer, ApprovalDecision, ApprovalRequest } from '../../kernel/approvals.js';
import type { ApprovalQueue } from './hooks/useApproval.js';

export class ApprovalQueueImpl implements ApprovalQueue {
  private readonly waiting: Array<{ req: ApprovalRequest; resolve: (d: ApprovalDecision | ApprovalAnswer) => void }> = [];
  private readonly listeners = new Set<() => void>();

  /** `answered` aborts when another presenter (the web dashboard) answered first: the dialog goes. */
  ask(req: ApprovalRequest, answered?: AbortSignal): Promise<ApprovalDecision | ApprovalAnswer> {
    return new Promise((resolve) => {
      const item = { req, resolve };
      this.waiting.push(item);
      answered?.addEventListener(
        'abort',
        () => {
          const i = this.waiting.indexOf(item);
          if (i < 0) return;
          this.waiting.splice(i, 1);
          resolve('deny'); // ignored by the broker: the other answer already won
          this.notify();
        },
        { once: true },
      );
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
