// Registered names and per-connection FIFO mailboxes (spec §3.10–3.13, §7).
//
// Divergences from REF, on purpose:
// - (spec Q9 SHOULD) a connection's names are freed, its mailbox dropped and it stops being
//   a BROADCAST recipient when it disconnects, so a demo can be run twice against one
//   kernel. Messages sent by number to a conn-id that has already disconnected are accepted
//   (as REF does) but dropped. Nothing here remembers a closed connection: whether a conn-id
//   is gone is asked of the server (its counter and its open connections).
// - (spec §3.12 says mailboxes are unbounded) mailboxes are bounded in messages and bytes,
//   per mailbox, per sending agent and for the whole kernel (limits.ts). A SEND that does
//   not fit is refused with success:false and the reason — backpressure: the sender learns
//   that its reader is behind, and the kernel never grows without limit. The protocol has
//   no blocking send (RECV never blocks either), so refusing is the only honest answer.
//
// Messages are kept as their JSON bytes (json.ts): the limits count exactly what is held.
import { formatBytes, type KernelLimits } from '../limits.js';

export interface Queued {
  from: number;
  from_name: string;
  /** The message as JSON. */
  json: Buffer;
  at: number;
  /** Who pays for it in the per-agent limit (the sender's endpoint). */
  agent: string;
}

interface Mailbox {
  items: Queued[];
  /** Index of the first unread item (items before it are read; compacted now and then). */
  head: number;
  bytes: number;
}

export type SendResult = { ok: true } | { ok: false; error: string };

export class Registry {
  private readonly byName = new Map<string, number>();
  /** Names per conn-id in registration order; the last is its from_name. */
  private readonly names = new Map<number, string[]>();
  private readonly mailboxes = new Map<number, Mailbox>();
  /** Unread bytes per sending agent (entries go when they reach 0). */
  private readonly perAgent = new Map<string, number>();
  private queued = 0;

  constructor(
    private readonly limits: KernelLimits,
    /** True for a conn-id that was handed out and whose connection has closed. */
    private readonly isGone: (conn: number) => boolean = () => false,
  ) {}

  register(conn: number, name: string): { ok: true } | { ok: false; error: string } {
    const holder = this.byName.get(name);
    if (holder !== undefined && holder !== conn) return { ok: false, error: 'name already registered' };
    const L = this.limits;
    if (Buffer.byteLength(name) > L.nameBytes) return { ok: false, error: `name too long: ${Buffer.byteLength(name)} bytes (limit ${L.nameBytes}, AOSH_LIMIT_NAME_BYTES)` };
    // Names are shown on the user's terminal: no escape sequences from an agent.
    if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return { ok: false, error: 'name must not contain control characters' };
    const list = this.names.get(conn) ?? [];
    const i = list.indexOf(name);
    if (i < 0 && list.length >= L.namesPerConnection) return { ok: false, error: `too many names: this connection holds ${list.length} (limit ${L.namesPerConnection}, AOSH_LIMIT_NAMES_PER_CONNECTION)` };
    this.byName.set(name, conn);
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

  /** Queues `json` for `to`, or says why it cannot (a full mailbox, a sender over its share). */
  send(from: number, agent: string, to: number, json: Buffer): SendResult {
    if (this.isGone(to)) return { ok: true }; // accepted and dropped (see above)
    const box = this.mailboxes.get(to);
    const L = this.limits;
    const size = json.length;
    const count = box ? box.items.length - box.head : 0;
    if (count >= L.mailboxMessages) return { ok: false, error: `mailbox full: agent ${to} has ${count} unread messages (limit ${L.mailboxMessages}, AOSH_LIMIT_MAILBOX_MESSAGES); try again after it reads` };
    const boxBytes = box?.bytes ?? 0;
    if (boxBytes + size > L.mailboxBytes) {
      return { ok: false, error: `mailbox full: agent ${to} has ${formatBytes(boxBytes)} unread and this message is ${formatBytes(size)} (limit ${formatBytes(L.mailboxBytes)}, AOSH_LIMIT_MAILBOX_BYTES); try again after it reads` };
    }
    const mine = this.perAgent.get(agent) ?? 0;
    if (mine + size > L.agentQueuedBytes) {
      return { ok: false, error: `too much unread mail: this agent has ${formatBytes(mine)} of messages nobody has read yet (limit ${formatBytes(L.agentQueuedBytes)}, AOSH_LIMIT_AGENT_QUEUED_BYTES)` };
    }
    if (this.queued + size > L.queuedBytes) {
      return { ok: false, error: `kernel mailboxes full: ${formatBytes(this.queued)} unread in all mailboxes (limit ${formatBytes(L.queuedBytes)}, AOSH_LIMIT_QUEUED_BYTES)` };
    }
    let b = box;
    if (!b) this.mailboxes.set(to, (b = { items: [], head: 0, bytes: 0 }));
    b.items.push({ from, from_name: this.nameOf(from), json, at: Date.now(), agent });
    b.bytes += size;
    this.perAgent.set(agent, mine + size);
    this.queued += size;
    return { ok: true };
  }

  /**
   * Removes and returns up to `max` of the oldest messages, at most about `maxBytes` of
   * them (never fewer than one when any is waiting: a message always fits an answer).
   */
  recv(conn: number, max: number, maxBytes = Infinity): Queued[] {
    const box = this.mailboxes.get(conn);
    if (!box || max <= 0) return [];
    const out: Queued[] = [];
    let bytes = 0;
    while (box.head < box.items.length && out.length < max) {
      const q = box.items[box.head]!;
      if (out.length > 0 && bytes + q.json.length > maxBytes) break;
      bytes += q.json.length;
      out.push(q);
      box.head++;
      this.release(q);
    }
    box.bytes -= bytes;
    if (box.head === box.items.length) this.mailboxes.delete(conn);
    else if (box.head > 1024 && box.head * 2 > box.items.length) {
      box.items = box.items.slice(box.head);
      box.head = 0;
    }
    return out;
  }

  /**
   * Every conn-id holding a name, minus the sender unless includeSelf. Returns how many
   * got the message and which could not take it (full mailboxes, or the sender's share).
   */
  broadcast(from: number, agent: string, json: Buffer, includeSelf: boolean): { delivered: number; refused: number[]; error?: string } {
    let delivered = 0;
    const refused: number[] = [];
    let error: string | undefined;
    for (const conn of this.names.keys()) {
      if (conn === from && !includeSelf) continue;
      const r = this.send(from, agent, conn, json);
      if (r.ok) delivered++;
      else {
        refused.push(conn);
        error ??= r.error;
      }
    }
    return { delivered, refused, ...(error ? { error } : {}) };
  }

  /** A connection went away: free its names and its unread mail. */
  disconnect(conn: number): void {
    for (const name of this.names.get(conn) ?? []) if (this.byName.get(name) === conn) this.byName.delete(name);
    this.names.delete(conn);
    const box = this.mailboxes.get(conn);
    if (box) {
      for (let i = box.head; i < box.items.length; i++) this.release(box.items[i]!);
      this.mailboxes.delete(conn);
    }
  }

  /** Sizes of everything held, for leak tests and diagnostics. */
  stats(): { names: number; holders: number; mailboxes: number; queuedBytes: number; agents: number } {
    return { names: this.byName.size, holders: this.names.size, mailboxes: this.mailboxes.size, queuedBytes: this.queued, agents: this.perAgent.size };
  }

  private release(q: Queued): void {
    const n = q.json.length;
    this.queued -= n;
    const left = (this.perAgent.get(q.agent) ?? n) - n;
    if (left > 0) this.perAgent.set(q.agent, left);
    else this.perAgent.delete(q.agent);
  }
}
