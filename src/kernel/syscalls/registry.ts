// Registered names and per-connection FIFO mailboxes (spec §3.10–3.13, §7).
// Divergence from REF (spec Q9 SHOULD): a connection's names are freed, its mailbox dropped
// and it stops being a BROADCAST recipient when it disconnects, so a demo can be run twice
// against one kernel. Messages sent by number to a conn-id that has already disconnected are
// accepted (as REF does) but dropped, so they cannot pile up for ever.

export interface Envelope {
  from: number;
  from_name: string;
  message: unknown;
  /** Filled in at RECV time. */
  age_ms?: number;
}

interface Queued {
  from: number;
  from_name: string;
  message: unknown;
  at: number;
}

/** Per-mailbox cap: the oldest messages go first when an agent never reads its mail. */
export const MAILBOX_LIMIT = 10_000;

export class Registry {
  private readonly byName = new Map<string, number>();
  /** Names per conn-id in registration order; the last is its from_name. */
  private readonly names = new Map<number, string[]>();
  private readonly mailboxes = new Map<number, Queued[]>();
  private readonly closed = new Set<number>();
  /** Messages dropped because a mailbox was full (visible for diagnostics). */
  dropped = 0;

  register(conn: number, name: string): { ok: true } | { ok: false; error: string } {
    const holder = this.byName.get(name);
    if (holder !== undefined && holder !== conn) return { ok: false, error: 'name already registered' };
    this.byName.set(name, conn);
    const list = this.names.get(conn) ?? [];
    const i = list.indexOf(name);
    if (i >= 0) list.splice(i, 1);
    list.push(name);
    this.names.set(conn, list);
    return { ok: true };
  }

  resolve(name: string): number | undefined {
    return this.byName.get(name);
  }

  nameOf(conn: number): string {
    const list = this.names.get(conn);
    return list && list.length ? list[list.length - 1]! : '';
  }

  send(from: number, to: number, message: unknown): void {
    if (this.closed.has(to)) return;
    let box = this.mailboxes.get(to);
    if (!box) this.mailboxes.set(to, (box = []));
    box.push({ from, from_name: this.nameOf(from), message, at: Date.now() });
    if (box.length > MAILBOX_LIMIT) {
      box.shift();
      this.dropped++;
    }
  }

  recv(conn: number, max: number): Envelope[] {
    const box = this.mailboxes.get(conn);
    if (!box || max <= 0) return [];
    const now = Date.now();
    return box.splice(0, max).map((q) => ({ from: q.from, from_name: q.from_name, message: q.message, age_ms: now - q.at }));
  }

  /** Every conn-id holding a name, minus the sender unless includeSelf. Returns the count. */
  broadcast(from: number, message: unknown, includeSelf: boolean): number {
    let n = 0;
    for (const conn of this.names.keys()) {
      if (conn === from && !includeSelf) continue;
      this.send(from, conn, message);
      n++;
    }
    return n;
  }

  /** A connection went away: free its names and mailbox. */
  disconnect(conn: number): void {
    for (const name of this.names.get(conn) ?? []) if (this.byName.get(name) === conn) this.byName.delete(name);
    this.names.delete(conn);
    this.mailboxes.delete(conn);
    this.closed.add(conn);
  }
}
