// Typed kernel event bus. The REPL, the AGNT protocol's SUBSCRIBE/POLL_EVENTS and the
// dashboard all read from here; the kernel is the only publisher of process events.
import { EventEmitter } from 'node:events';

import type { PermissionSet } from './permissions.js';

export interface KernelEvents {
  spawned: { id: number; name: string; pid: number | null; command: string };
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
}

export type KernelEventName = keyof KernelEvents;
export interface KernelEvent<K extends KernelEventName = KernelEventName> {
  type: K;
  time: number;
  data: KernelEvents[K];
}

export class EventBus {
  private readonly emitter = new EventEmitter();
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
