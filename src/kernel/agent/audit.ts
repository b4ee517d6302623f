// The agent loop's records in the audit journal ($AOSH_HOME/journal, hash-chained). The
// shell has no syscall server of its own yet, so the loop opens the Journal directly; a
// journal that another aosh holds is not shared (Journal.open writes its own chain file).
import { Journal, journalDir } from '../journal.js';

export class AgentAudit {
  private journal: Promise<Journal | null> | null = null;
  private warned = false;

  constructor(
    private readonly home: string,
    private readonly warn: (msg: string) => void,
  ) {}

  private open(): Promise<Journal | null> {
    this.journal ??= Journal.open(journalDir(this.home)).catch((err: Error) => {
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
    if (!this.journal) return;
    const j = await this.journal;
    await j?.close().catch(() => undefined);
  }
}
