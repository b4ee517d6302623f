// What a syscall handler sees: its connection's state and the kernel services, both narrow.
import type { EventBus } from '../events.js';
import type { KernelLimits } from '../limits.js';
import type { KvStore } from '../store.js';
import type { PermissionSet } from '../permissions.js';
import type { EventHub } from './event-hub.js';
import type { Registry } from './registry.js';
import type { Caller, ProcessOps, StageIdentity, ThinkHandler } from './types.js';
import type { WorldRegistry } from './world/registry.js';

export interface ConnState {
  readonly id: number;
  readonly identity: StageIdentity;
  /** The socket path this connection came in on (children inherit it). */
  readonly socketPath: string;
  /** Current permissions: never more than identity.ceiling. */
  perms: PermissionSet;
  /** LLM usage counted against perms.llm quotas: the agent's, never reset (not by SET_PERMS nor a reconnect). */
  readonly usage: { calls: number; tokens: number };
  readonly closed: boolean;
  caller(): Caller;
}

export interface Endpoint {
  readonly path: string;
  readonly identity: StageIdentity;
  /** Stops listening (open connections stay until their peer closes). */
  close(): Promise<void>;
}

export interface Services {
  /** The kernel's resource limits (limits.ts). */
  readonly limits: KernelLimits;
  readonly registry: Registry;
  readonly hub: EventHub;
  /** Simulated worlds and their members (spec §6), in memory only. */
  readonly worlds: WorldRegistry;
  readonly ops: ProcessOps | null;
  readonly think: ThinkHandler | null;
  /** The kernel's event bus, when running inside a Kernel (denials are published there). */
  readonly kernelEvents: EventBus | null;
  /** Default cwd for relative paths. */
  readonly cwd: string;
  store(): Promise<KvStore>;
  /** Appends an audit record; resolves once durable. Rejects if the journal cannot write. */
  audit(type: string, fields: Record<string, unknown>): Promise<void>;
  openEndpoint(identity: StageIdentity): Promise<Endpoint>;
  connection(id: number): ConnState | undefined;
}

export interface HandlerContext {
  conn: ConnState;
  svc: Services;
  /**
   * This request's own signal, aborted when its connection closes (long EXEC/HTTP/THINK may
   * stop early). One per request: an SDK that adds a listener per call adds it here, and it
   * goes away with the request instead of piling up on a connection-long signal.
   */
  signal: AbortSignal;
}

/** A raw Buffer is sent as is (NOOP, EXIT); anything else is JSON-encoded. */
export type Reply = Buffer | unknown;

export type Handler = (payload: Buffer, ctx: HandlerContext) => Reply | Promise<Reply>;
