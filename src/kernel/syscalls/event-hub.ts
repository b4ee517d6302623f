// Event subscriptions and queues for SUBSCRIBE/UNSUBSCRIBE/POLL_EVENTS/EMIT (spec §3.18).
// A copy of each event goes to every connection subscribed to its type at that moment.
// Divergence from REF: queues are capped (oldest dropped) and freed on disconnect.

export const EVENT_TYPES = ['AGENT_SPAWNED', 'AGENT_EXITED', 'MESSAGE_RECEIVED', 'STATE_CHANGED', 'SYSCALL_BLOCKED', 'RESOURCE_WARNING', 'CUSTOM'] as const;
export type AgntEventType = (typeof EVENT_TYPES)[number];

export interface AgntEvent {
  type: AgntEventType;
  data: unknown;
  /** conn-id of the source, 0 = kernel. */
  source_agent_id: number;
  /** Monotonic ms (CLOCK_MONOTONIC: time since boot), as REF. */
  timestamp: number;
  /** Added at POLL time (spec Q13 MAY). */
  age_ms?: number;
}

export const EVENT_QUEUE_LIMIT = 10_000;

/** Unknown strings count as CUSTOM (REF). */
export function eventType(s: string): AgntEventType {
  return (EVENT_TYPES as readonly string[]).includes(s) ? (s as AgntEventType) : 'CUSTOM';
}

export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1_000_000n);
}

export class EventHub {
  private readonly subs = new Map<number, Set<AgntEventType>>();
  private readonly queues = new Map<number, AgntEvent[]>();

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
  }

  emit(type: AgntEventType, data: unknown, source: number): void {
    const ev: AgntEvent = { type, data, source_agent_id: source, timestamp: monotonicMs() };
    for (const [conn, set] of this.subs) {
      if (!set.has(type)) continue;
      let q = this.queues.get(conn);
      if (!q) this.queues.set(conn, (q = []));
      q.push(ev);
      if (q.length > EVENT_QUEUE_LIMIT) q.shift();
    }
  }

  poll(conn: number, max: number): AgntEvent[] {
    const q = this.queues.get(conn);
    if (!q || max <= 0) return [];
    const now = monotonicMs();
    return q.splice(0, max).map((e) => ({ ...e, age_ms: now - e.timestamp }));
  }

  disconnect(conn: number): void {
    this.subs.delete(conn);
    this.queues.delete(conn);
  }
}
