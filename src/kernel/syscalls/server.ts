// The syscall server: Unix-socket endpoints speaking AGNT, the kernel services behind them,
// and the bookkeeping (conn-ids, connections, journal, store).
//
// Identity: every stage (and every SPAWNed agent) gets its own socket path, and a
// connection's identity is the endpoint it came in on. Node exposes no SO_PEERCRED; a token
// in the environment needs a handshake the protocol does not have (seed agents must run
// unchanged); matching the peer pid through /proc/net/unix + /proc/PID/fd is racy, costs a
// /proc walk per connect and breaks across network and PID namespaces (a sandboxed stage's
// sockets are not in aosh's /proc/net/unix). A per-stage path has none of those problems: the
// directory is 0700, a sandbox binds only its own stage's socket (at $AOSH_SOCKET and at
// /tmp/agentos.sock), and processes the stage starts inherit its identity, as they should.
import { chmodSync, lstatSync, rmSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { EventBus } from '../events.js';
import { Journal, journalDir } from '../journal.js';
import { allowAll, type PermissionSet } from '../permissions.js';
import { KvStore } from '../store.js';
import { loadLimits, type KernelLimits } from '../limits.js';
import { BufferBudget, Connection, type ConnHost } from './connection.js';
import type { ConnState, Endpoint, Services } from './context.js';
import { EventHub } from './event-hub.js';
import { installLastResort, rateLimitedLog, type FaultLog } from './fault.js';
import { Registry } from './registry.js';
import { WorldRegistry } from './world/registry.js';
import { sessionDir } from './runtime-dir.js';
import type { ProcessOps, StageIdentity, ThinkHandler } from './types.js';

export interface SyscallServerOptions {
  /** $AOSH_HOME: store.json and journal/ live there. Without it: memory store, no journal. */
  home?: string;
  /** Socket directory for this session (default: a fresh one under runtimeBase()). */
  dir?: string;
  cwd?: string;
  ops?: ProcessOps | null;
  think?: ThinkHandler | null;
  kernelEvents?: EventBus | null;
  /** Use this journal instead of opening $AOSH_HOME/journal (the lead may share one). */
  journal?: Journal | null;
  /** Ceiling of the session endpoint (default: allow all). */
  sessionPermissions?: PermissionSet;
  /** The kernel's limits (default: loadLimits() from $AOSH_HOME/config.json and AOSH_LIMIT_*). */
  limits?: Partial<KernelLimits>;
  /** Where contained faults and refused connections are reported (default: stderr, rate-limited). */
  log?: FaultLog;
}

export class SyscallServer implements Services, ConnHost {
  readonly limits: KernelLimits;
  readonly registry: Registry;
  readonly hub: EventHub;
  readonly worlds: WorldRegistry;
  readonly buffers: BufferBudget;
  readonly log: FaultLog;
  readonly ops: ProcessOps | null;
  think: ThinkHandler | null;
  readonly kernelEvents: EventBus | null;
  readonly cwd: string;
  private readonly home: string | undefined;
  private dirPath: string | undefined;
  private nextConn = 1;
  private nextSock = 1;
  private readonly conns = new Map<number, Connection>();
  /** Open connections per endpoint path (entries go with their last connection). */
  private readonly perEndpoint = new Map<string, Set<Connection>>();
  private uninstallLastResort: (() => void) | null = null;
  private readonly endpoints = new Set<EndpointImpl>();
  private journalP: Promise<Journal | null> | null;
  private storeP: Promise<KvStore> | null = null;
  private session: Promise<Endpoint> | null = null;
  private closed = false;

  constructor(private readonly opts: SyscallServerOptions = {}) {
    this.limits = loadLimits({ home: opts.home, overrides: opts.limits });
    this.log = opts.log ?? rateLimitedLog();
    // A conn-id below the counter that is no longer open belongs to a client that has gone.
    this.registry = new Registry(this.limits, (id) => id < this.nextConn && !this.conns.has(id));
    this.hub = new EventHub(this.limits);
    this.worlds = new WorldRegistry(this.limits);
    this.buffers = new BufferBudget(() => this.limits.connectionBufferBytes, () => this.conns.values());
    this.ops = opts.ops ?? null;
    this.think = opts.think ?? null;
    this.kernelEvents = opts.kernelEvents ?? null;
    this.cwd = opts.cwd ?? process.cwd();
    this.home = opts.home;
    this.dirPath = opts.dir;
    this.journalP = opts.journal !== undefined ? Promise.resolve(opts.journal) : null;
  }

  /** The session's socket directory (created on first use). */
  get dir(): string {
    this.dirPath ??= sessionDir();
    return this.dirPath;
  }

  /** Hook for the LLM layer: THINK answers offline until this is set. */
  setThinkHandler(fn: ThinkHandler | null): void {
    this.think = fn;
  }

  /** The journal (opened on first use), or null when there is no $AOSH_HOME. */
  journal(): Promise<Journal | null> {
    this.journalP ??= this.home ? Journal.open(journalDir(this.home)) : Promise.resolve(null);
    return this.journalP;
  }

  store(): Promise<KvStore> {
    this.storeP ??= KvStore.open(this.home ? join(this.home, 'store.json') : undefined, this.limits);
    return this.storeP;
  }

  async audit(type: string, fields: Record<string, unknown>): Promise<void> {
    const j = await this.journal();
    if (j) await j.append(type, fields);
  }

  /** What a connection's handlers see (ConnHost). */
  get svc(): Services {
    return this;
  }

  connection(id: number): ConnState | undefined {
    return this.conns.get(id);
  }

  /** Live connections (for `ps`-like views and tests). */
  connections(): ConnState[] {
    return [...this.conns.values()];
  }

  /** The session-wide endpoint (the shell's own identity), started lazily. */
  sessionEndpoint(): Promise<Endpoint> {
    this.session ??= this.openEndpoint({ label: 'aosh', procId: null, ceiling: this.opts.sessionPermissions ?? allowAll(), cwd: this.cwd });
    return this.session;
  }

  /** A stage's own endpoint: its connections start at `standard` within `ceiling`. */
  endpointFor(stage: { label: string; procId?: number | null; ceiling: PermissionSet; cwd?: string }): Promise<Endpoint> {
    return this.openEndpoint({ label: stage.label, procId: stage.procId ?? null, ceiling: stage.ceiling, cwd: stage.cwd });
  }

  /**
   * Listens on a new socket whose connections act for `identity`. `path` overrides the
   * generated one (e.g. `aosh kernel --agentos-socket /tmp/agentos.sock`); an existing
   * socket file there is replaced (REF), any other file is refused.
   */
  async openEndpoint(identity: StageIdentity, path?: string): Promise<Endpoint> {
    if (this.closed) throw new Error('syscall server is closed');
    // "s" keeps these apart from the kernel's lazy endpoints (agent-socket.ts), which share the directory.
    const sockPath = path ?? join(this.dir, `s${this.nextSock++}.sock`);
    if (path) removeStaleSocket(path);
    const server = createServer({ noDelay: true } as never, (sock) => this.accept(sock, ep));
    const ep = new EndpointImpl(sockPath, identity, server, (e) => this.endpoints.delete(e));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ path: sockPath, backlog: 511 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', () => undefined);
    chmodSync(sockPath, 0o600);
    this.endpoints.add(ep);
    return ep;
  }

  /**
   * Serves a connection accepted by a listener outside this server (the kernel's lazy
   * endpoints in agent-socket.ts, which exist before this module is even loaded).
   */
  adopt(sock: Socket, identity: StageIdentity, path: string): void {
    this.serve(sock, identity, path);
  }

  private accept(sock: Socket, ep: EndpointImpl): void {
    this.serve(sock, ep.identity, ep.path);
  }

  private serve(sock: Socket, identity: StageIdentity, path: string): void {
    if (this.closed) {
      sock.destroy();
      return;
    }
    this.uninstallLastResort ??= installLastResort();
    const id = this.nextConn++;
    const conn = new Connection(id, sock, identity, path, this, (c) => this.forget(c));
    this.conns.set(id, conn);
    let set = this.perEndpoint.get(path);
    if (!set) this.perEndpoint.set(path, (set = new Set()));
    set.add(conn);
    if (set.size > this.limits.endpointConnections || this.conns.size > this.limits.connections) this.scheduleEnforce();
  }

  private enforcing = false;

  /**
   * A connection storm must not use up the kernel's fds: over a limit, the connections that
   * have done the least make room (evictIdlest). Refusing new connections instead would
   * lock every fresh client out for as long as a storm holds its connections open. The
   * limits are enforced two turns of the event loop after the accepts, once the new
   * connections' first bytes have been read: a client that connected and sent its request
   * in the same burst as a storm has been answered by then, and is not taken for the storm.
   */
  private scheduleEnforce(): void {
    if (this.enforcing) return;
    this.enforcing = true;
    setImmediate(() =>
      setImmediate(() => {
        this.enforcing = false;
        for (const [path, set] of this.perEndpoint) {
          const label = [...set][0]?.identity.label ?? path;
          while (set.size > this.limits.endpointConnections) {
            if (!this.evictIdlest(set, `${label} has ${set.size} open (limit ${this.limits.endpointConnections}, AOSH_LIMIT_ENDPOINT_CONNECTIONS)`)) break;
          }
        }
        while (this.conns.size > this.limits.connections) {
          let biggest: Set<Connection> | undefined;
          for (const set of this.perEndpoint.values()) if (!biggest || set.size > biggest.size) biggest = set;
          if (!biggest || !this.evictIdlest(biggest, `the kernel has ${this.conns.size} open (limit ${this.limits.connections}, AOSH_LIMIT_CONNECTIONS)`)) break;
        }
      }),
    );
  }

  /**
   * Closes the connection of `set` that has done the least: fewest requests answered, then
   * least recently active (accepted or sent bytes), one with a request in flight last. A
   * storm's connections have done nothing; an agent's long-lived connection has answered
   * many requests; a fresh client is the most recent. Returns false when nothing was closed.
   */
  private evictIdlest(set: Set<Connection>, why: string): boolean {
    let victim: Connection | undefined;
    const less = (a: Connection, b: Connection): boolean =>
      a.waiting !== b.waiting ? !a.waiting : a.served !== b.served ? a.served < b.served : a.lastActive < b.lastActive;
    for (const c of set) if (!c.ending && (!victim || less(c, victim))) victim = c;
    if (!victim) return false;
    this.log(`aosh: kernel: closed connection ${victim.id} (${victim.identity.label}) to make room: ${why}`);
    victim.drop();
    // Out of the counts now: its 'close' event comes a turn later.
    set.delete(victim);
    this.conns.delete(victim.id);
    return true;
  }

  /** A connection went away: every per-connection entry goes with it (spec Q9 SHOULD). */
  private forget(c: Connection): void {
    this.conns.delete(c.id);
    const set = this.perEndpoint.get(c.socketPath);
    set?.delete(c);
    if (set && set.size === 0) this.perEndpoint.delete(c.socketPath);
    this.registry.disconnect(c.id);
    this.hub.disconnect(c.id);
    // Agent-scope keys are readable by their owner only, and conn-ids are never reused.
    void this.storeP?.then((s) => s.dropOwner(c.id), () => undefined);
  }

  /** Counts of per-connection state, for leak tests and diagnostics. */
  stats(): { connections: number; endpoints: number; bufferedBytes: number; registry: ReturnType<Registry['stats']>; events: ReturnType<EventHub['stats']> } {
    return { connections: this.conns.size, endpoints: this.perEndpoint.size, bufferedBytes: this.buffers.total, registry: this.registry.stats(), events: this.hub.stats() };
  }

  /** Stops every endpoint, drops every connection, flushes and closes the journal. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.endpoints].map((e) => e.close()));
    for (const c of this.conns.values()) c.close();
    const j = await this.journalP?.catch(() => null);
    await j?.close();
    this.uninstallLastResort?.();
    if (this.dirPath && !this.opts.dir) rmSync(this.dirPath, { recursive: true, force: true });
  }
}

class EndpointImpl implements Endpoint {
  private done: Promise<void> | null = null;
  constructor(
    readonly path: string,
    readonly identity: StageIdentity,
    private readonly server: Server,
    private readonly onClose: (e: EndpointImpl) => void,
  ) {}

  close(): Promise<void> {
    if (!this.done) {
      // server.close() stops accepting at once; its callback would wait for every open
      // connection to end, which is not what closing an endpoint means here.
      this.onClose(this);
      this.server.close();
      try {
        unlinkSync(this.path);
      } catch {
        // already gone
      }
      this.done = Promise.resolve();
    }
    return this.done;
  }
}

function removeStaleSocket(path: string): void {
  try {
    const st = lstatSync(path);
    if (!st.isSocket()) throw new Error(`${path} exists and is not a socket`);
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
