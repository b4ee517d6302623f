// The agent loop's records in the audit journal ($AOSH_HOME/journal, hash-chained), on the
// kernel's chain when the kernel has one (it then closes it), else on a journal of its own.
import { Journal, journalDir } from '../journal.js';

export class AgentAudit {
  private journal: Promise<Journal | null> | null = null;
  private warned = false;

  constructor(
    private readonly home: string,
    private readonly warn: (msg: string) => void,
    private readonly shared?: () => Promise<Journal | null>,
  ) {}

  private open(): Promise<Journal | null> {
    this.journal ??= (this.shared ? this.shared() : Journal.open(journalDir(this.home))).catch((err: Error) => {
      this.warnOnce(`audit journal unavailable: ${err.message}`);
      return null;
    });
    return this.journal;
  }

  private warnOnce(msg: string): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(msg);
  }

  /** Appends a record and waits until it is durable; failures warn once and never stop the run. */
  async record(type: string, fields: Record<string, unknown>): Promise<void> {
    const j = await this.open();
    if (!j) return;
    try {
      await j.append(type, fields);
    } catch (err) {
      this.warnOnce(`audit journal write failed: ${(err as Error).message}`);
    }
  }

  async close(): Promise<void> {
    if (!this.journal || this.shared) return;
    const j = await this.journal;
    await j?.close().catch(() => undefined);
  }
}
