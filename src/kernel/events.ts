// Typed kernel event bus. The REPL, the AGNT protocol's SUBSCRIBE/POLL_EVENTS and the
// dashboard all read from here; the kernel is the only publisher of process events.
import { EventEmitter } from 'node:events';

import type { PermissionSet } from './permissions.js';

export interface KernelEvents {
  /** startSeconds: how long kernel.spawn took to start the stage (processes only). */
  spawned: { id: number; name: string; kind: 'process' | 'task'; pid: number | null; command: string; startSeconds?: number };
  exited: { id: number; name: string; exitCode: number | null; signal: string | null; state: string };
  'oom-killed': { id: number; name: string };
  stopped: { id: number; name: string };
  continued: { id: number; name: string };
  restarted: { id: number; name: string; restarts: number };
  failed: { id: number; name: string; reason: string };
  denied: { id: number | null; name: string | null; rule: string; action: string };
  /** SET_PERMS changed a connection's permissions (only ever narrower). */
  'perms-changed': { socket: string; name: string; perms: Pick<PermissionSet, 'allow' | 'deny'> };
  message: { from: string; to: string; channel?: string; bytes: number };
  custom: { type: string; source: string; data: unknown };
  /** One finished LLM call (any caller: think, a stage's THINK, the agent loop), ok or not. */
  llm: LlmCallEvent;
}

export interface LlmCallEvent {
  agent: string;
  provider: string;
  model: string;
  ok: boolean;
  /** The error's class of failure when !ok ("budget", "provider", "aborted", ...). */
  error?: string;
  inputTokens: number;
  outputTokens: number;
  usd: number;
  /** Time queued in the scheduler before dispatch, and the whole call. */
  waitSeconds: number;
  seconds: number;
  /** The answer's text (the agent's last completed response), clipped. */
  answer?: string;
}

/**
 * Observers of paths too hot for an event object per call. Each slot is null until a face
 * (dashboard, /metrics) attaches, so an unobserved path pays one property read.
 */
export interface Probes {
  /** One AGNT request answered: opcode and seconds from dispatch to reply. */
  socketRequest: ((op: number, seconds: number) => void) | null;
}

export type KernelEventName = keyof KernelEvents;
export interface KernelEvent<K extends KernelEventName = KernelEventName> {
  type: K;
  time: number;
  data: KernelEvents[K];
}

export class EventBus {
  private readonly emitter = new EventEmitter();
  readonly probes: Probes = { socketRequest: null };
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  emit<K extends KernelEventName>(type: K, data: KernelEvents[K]): void {
    const event: KernelEvent<K> = { type, time: Date.now(), data };
    this.emitter.emit(type, event);
    this.emitter.emit('*', event);
  }
  on<K extends KernelEventName>(type: K, fn: (e: KernelEvent<K>) => void): () => void {
    this.emitter.on(type, fn);
    return () => this.emitter.off(type, fn);
  }
  onAny(fn: (e: KernelEvent) => void): () => void {
    this.emitter.on('*', fn);
    return () => this.emitter.off('*', fn);
  }
}
