// A world's chaos engine (spec §6.5): failure rates, rules, injected events and latency.
// Randomness comes from a seedable PRNG, one stream per world: with AOSH_WORLD_SEED set, a
// world's rolls depend only on the seed, its id and its own calls, so tests (and a user
// replaying a failing run) see the same failures every time.
import { randomBytes } from 'node:crypto';
import { BadRequest } from '../handlers/util.js';
import { globMatch, MAX_PATTERN_CHARS } from './glob.js';
import { arr, bool, num, obj, str } from './values.js';

export const RULE_TYPES = ['file_read_fail', 'file_write_fail', 'network_timeout', 'network_fail'] as const;
export type RuleType = (typeof RULE_TYPES)[number];

/** The longest sleep one call takes (config latency, slow_io, a mock's latency_ms): a client cannot park a request for hours. */
export const MAX_SLEEP_MS = 30_000;
/** slow_io's fixed latency: REF never reads the event's params (Q30). */
export const SLOW_IO_MS = 1000;
const MAX_RULES = 64;
/** Distinct event types a world remembers; one more is refused. */
export const MAX_EVENTS = 256;

export interface Rule {
  type: string;
  pattern: string;
  probability: number;
}

/** mulberry32: tiny, fast, good enough for fault injection, and seedable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The kernel's chaos seed: AOSH_WORLD_SEED (any text, hashed) or a random one. */
export function baseSeed(env: Record<string, string | undefined> = process.env): number {
  const s = env.AOSH_WORLD_SEED;
  if (s !== undefined && s !== '') return /^\d+$/.test(s) ? Number(BigInt(s) & 0xffffffffn) : fnv(s);
  return randomBytes(4).readUInt32LE(0);
}

export function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

export class Chaos {
  enabled = false;
  failureRate = 0;
  minMs = 0;
  maxMs = 0;
  rules: Rule[] = [];
  /** Injected events by type, with their params (any JSON, already bounded by the handler). */
  readonly events = new Map<string, unknown>();
  failuresInjected = 0;
  latencyInjected = 0;

  constructor(private readonly rand: () => number) {}

  /** From a create config's `chaos`, or a snapshot's (rules there carry `pattern`). */
  load(cfg: Record<string, unknown>): void {
    this.enabled = bool(cfg, 'enabled', false, 'chaos');
    this.failureRate = num(cfg, 'failure_rate', 0, 'chaos');
    const lat = obj(cfg, 'latency', 'chaos');
    this.minMs = num(lat, 'min_ms', 0, 'chaos.latency');
    this.maxMs = num(lat, 'max_ms', 0, 'chaos.latency');
    const rules = arr(cfg, 'rules', 'chaos');
    if (rules.length > MAX_RULES) throw new BadRequest(`invalid request: chaos.rules has ${rules.length} rules (limit ${MAX_RULES})`);
    this.rules = rules.map((r, i) => {
      if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new BadRequest(`invalid request: chaos.rules[${i}] must be an object`);
      const o = r as Record<string, unknown>;
      const pattern = str(o, 'path_pattern', undefined, 'chaos rule') ?? str(o, 'url_pattern', undefined, 'chaos rule') ?? str(o, 'pattern', '*', 'chaos rule')!;
      if (pattern.length > MAX_PATTERN_CHARS) throw new BadRequest(`invalid request: chaos rule pattern longer than ${MAX_PATTERN_CHARS} characters`);
      return { type: str(o, 'type', '', 'chaos rule')!, pattern, probability: num(o, 'probability', 0, 'chaos rule') };
    });
  }

  private roll(p: number): boolean {
    return p > 0 && this.rand() < p;
  }

  /** Rules use the VFS glob dialect, but a plain `*` or `**` matches everything (a URL has `/`s). */
  private ruleFires(types: string[], target: string): boolean {
    for (const r of this.rules) {
      if (!types.includes(r.type)) continue;
      const all = r.pattern === '*' || r.pattern === '**';
      if ((all || globMatch(r.pattern, target)) && this.roll(r.probability)) return true;
    }
    return false;
  }

  private fail(eventHit: boolean, types: string[], target: string): boolean {
    if (!this.enabled) return false;
    const failed = eventHit || this.ruleFires(types, target) || this.roll(this.failureRate);
    if (failed) this.failuresInjected++;
    return failed;
  }

  shouldFailRead(path: string): boolean {
    return this.fail(this.events.has('disk_fail'), ['file_read_fail'], path);
  }

  shouldFailWrite(path: string): boolean {
    return this.fail(this.events.has('disk_fail') || this.events.has('disk_full'), ['file_write_fail'], path);
  }

  shouldFailNetwork(url: string): boolean {
    return this.fail(this.events.has('network_partition'), ['network_fail', 'network_timeout'], url);
  }

  /** The latency for one call (ms), counted in latency_injected when non-zero. */
  latencyMs(): number {
    if (!this.enabled || this.maxMs <= 0) return 0;
    let ms: number;
    if (this.events.has('slow_io')) ms = SLOW_IO_MS;
    else if (this.minMs >= this.maxMs) ms = this.minMs;
    else ms = this.minMs + Math.floor(this.rand() * (this.maxMs - this.minMs + 1));
    if (ms > 0) this.latencyInjected++;
    return Math.max(0, ms);
  }

  metrics(): Record<string, unknown> {
    return {
      enabled: this.enabled,
      failure_rate: this.failureRate,
      rule_count: this.rules.length,
      active_event_count: this.events.size,
      active_events: [...this.events.keys()].sort(),
      failures_injected: this.failuresInjected,
      latency_injected: this.latencyInjected,
    };
  }

  snapshot(): Record<string, unknown> {
    return {
      enabled: this.enabled,
      failure_rate: this.failureRate,
      latency: { min_ms: this.minMs, max_ms: this.maxMs },
      rules: this.rules.map((r) => ({ type: r.type, pattern: r.pattern, probability: r.probability })),
      active_events: [...this.events.keys()].sort(),
      event_params: this.events.size ? Object.fromEntries(this.events) : null,
    };
  }

  /** Active events from a snapshot: `active_events` names them, `event_params` holds their params. */
  loadEvents(snap: Record<string, unknown>): void {
    const names = arr(snap, 'active_events', 'chaos');
    const params = snap.event_params !== null && typeof snap.event_params === 'object' && !Array.isArray(snap.event_params) ? (snap.event_params as Record<string, unknown>) : {};
    if (names.length > MAX_EVENTS) throw new BadRequest(`invalid request: chaos.active_events has ${names.length} events (limit ${MAX_EVENTS})`);
    for (const n of names) {
      if (typeof n !== 'string') throw new BadRequest('invalid request: chaos.active_events must hold strings');
      this.events.set(n, Object.hasOwn(params, n) ? params[n] : {});
    }
  }
}
