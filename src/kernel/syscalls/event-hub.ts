// Event subscriptions and queues for SUBSCRIBE/UNSUBSCRIBE/POLL_EVENTS/EMIT (spec §3.18).
// A copy of each event goes to every connection subscribed to its type at that moment.
//
// Divergence from REF (queues unbounded, never cleared): queues are bounded in events and
// bytes per subscriber and in bytes for all queues together (limits.ts). Events are
// notifications, so a queue that is full drops its oldest events — the emitter is never
// refused because some subscriber does not poll — and the next POLL_EVENTS says how many
// were dropped (`dropped`, an aosh extension). Queues go when their connection does.
//
// An event's data is kept as JSON (json.ts), encoded once and shared by every queue.
import type { KernelLimits } from '../limits.js';
import { raw, str, tryEncode } from './json.js';

export const EVENT_TYPES = ['AGENT_SPAWNED', 'AGENT_EXITED', 'MESSAGE_RECEIVED', 'STATE_CHANGED', 'SYSCALL_BLOCKED', 'RESOURCE_WARNING', 'CUSTOM'] as const;
export type AgntEventType = (typeof EVENT_TYPES)[number];

export interface AgntEvent {
  type: AgntEventType;
  /** The event's data as JSON. */
  json: Buffer;
  /** conn-id of the source, 0 = kernel. */
  source_agent_id: number;
  /** Monotonic ms (CLOCK_MONOTONIC: time since boot), as REF. */
  timestamp: number;
}

/** Unknown strings count as CUSTOM (REF). */
export function eventType(s: string): AgntEventType {
  return (EVENT_TYPES as readonly string[]).includes(s) ? (s as AgntEventType) : 'CUSTOM';
}

export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1_000_000n);
}

interface Queue {
  items: AgntEvent[];
  head: number;
  bytes: number;
  dropped: number;
}

const NULL_JSON = Buffer.from('null');

export class EventHub {
  private readonly subs = new Map<number, Set<AgntEventType>>();
  private readonly queues = new Map<number, Queue>();
  private total = 0;

  constructor(private readonly limits: KernelLimits) {}

  subscribe(conn: number, types: string[]): void {
    let set = this.subs.get(conn);
    if (!set) this.subs.set(conn, (set = new Set()));
    for (const t of types) set.add(eventType(t));
  }

  unsubscribe(conn: number, types: string[] | 'all'): void {
    const set = this.subs.get(conn);
    if (!set) return;
    if (types === 'all') set.clear();
    else for (const t of types) set.delete(eventType(t));
    if (set.size === 0) this.subs.delete(conn);
  }

  /**
   * Emits an event. `data` is a value (kernel events) or its JSON already checked against
   * the limits (EMIT). A kernel value that cannot be encoded becomes null, never a throw.
   */
  emit(type: AgntEventType, data: unknown, source: number): void {
    const json = Buffer.isBuffer(data) ? data : (tryEncode(data) ?? NULL_JSON);
    const ev: AgntEvent = { type, json, source_agent_id: source, timestamp: monotonicMs() };
    for (const [conn, set] of this.subs) if (set.has(type)) this.enqueue(conn, ev);
  }

  private enqueue(conn: number, ev: AgntEvent): void {
    const L = this.limits;
    let q = this.queues.get(conn);
    if (!q) this.queues.set(conn, (q = { items: [], head: 0, bytes: 0, dropped: 0 }));
    const size = ev.json.length;
    // Make room: oldest first, for this queue's limits and for all queues together.
    while (q.head < q.items.length && (q.items.length - q.head >= L.eventQueueEvents || q.bytes + size > L.eventQueueBytes || this.total + size > L.eventsBytes)) {
      this.take(q);
      q.dropped++;
    }
    if (q.items.length - q.head >= L.eventQueueEvents || q.bytes + size > L.eventQueueBytes || this.total + size > L.eventsBytes) {
      q.dropped++; // it does not fit even in an empty queue: drop it for this subscriber
      return;
    }
    q.items.push(ev);
    q.bytes += size;
    this.total += size;
  }

  private take(q: Queue): AgntEvent {
    const ev = q.items[q.head]!;
    q.items[q.head] = undefined as unknown as AgntEvent;
    q.head++;
    q.bytes -= ev.json.length;
    this.total -= ev.json.length;
    if (q.head > 1024 && q.head * 2 > q.items.length) {
      q.items = q.items.slice(q.head);
      q.head = 0;
    }
    return ev;
  }

  /**
   * The POLL_EVENTS answer as JSON: up to `max` of the oldest events, at most about
   * limits.answerBytes of them (never fewer than one when any waits).
   */
  pollAnswer(conn: number, max: number): Buffer {
    const q = this.queues.get(conn);
    const now = monotonicMs();
    const parts: (string | Buffer)[] = ['{"success":true,"events":['];
    let n = 0;
    let bytes = 0;
    while (q && max > 0 && q.head < q.items.length && n < max) {
      const next = q.items[q.head]!;
      if (n > 0 && bytes + next.json.length > this.limits.answerBytes) break;
      const ev = this.take(q);
      bytes += ev.json.length;
      parts.push(`${n ? ',' : ''}{"type":${str(ev.type)},"data":`, ev.json, `,"source_agent_id":${ev.source_agent_id},"timestamp":${ev.timestamp},"age_ms":${now - ev.timestamp}}`);
      n++;
    }
    parts.push(`],"count":${n}`);
    if (q && q.dropped > 0) {
      parts.push(`,"dropped":${q.dropped}`);
      q.dropped = 0;
    }
    parts.push('}');
    if (q && q.head === q.items.length && q.dropped === 0) this.queues.delete(conn);
    return raw(parts);
  }

  disconnect(conn: number): void {
    this.subs.delete(conn);
    const q = this.queues.get(conn);
    if (q) {
      this.total -= q.bytes;
      this.queues.delete(conn);
    }
  }

  /** Sizes of everything held, for leak tests and diagnostics. */
  stats(): { subscribers: number; queues: number; queuedBytes: number } {
    return { subscribers: this.subs.size, queues: this.queues.size, queuedBytes: this.total };
  }
}
