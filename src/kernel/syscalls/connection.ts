// One client connection: decodes frames, runs each through the dispatch table and answers in
// request order. Synchronous handlers (NOOP, IPC, ...) answer inline; when a handler returns a
// promise (THINK, EXEC, HTTP, ...) this connection waits for it before taking its next frame,
// while other connections carry on — the per-connection order the protocol requires without
// ever blocking the kernel (spec §1.8, Q17).
//
// Fault boundaries (DESIGN.md "Faults stay inside their request"):
// - every request is dispatched inside try/catch and its answer is encoded without throwing:
//   a failure becomes that request's error answer;
// - every socket event runs inside the connection's fault context (fault.ts): an error that
//   escapes anyway is one logged line and the end of this connection only;
// - a protocol error (bad magic) first flushes the answers already computed, then closes;
// - backpressure, not buffering: a connection stops reading while its client does not read
//   its answers or has a full frame waiting, and all connections together hold at most
//   limits.connectionBufferBytes (BufferBudget closes the biggest holder beyond that).
import type { Socket } from 'node:net';
import { formatBytes, type KernelLimits } from '../limits.js';
import { clonePermissions, intersect, levelPermissions, type PermissionSet } from '../permissions.js';
import { FrameDecoder, HEADER_SIZE, MAX_PAYLOAD, ProtocolError, encodeFrame, encodeHeader } from './codec.js';
import type { ConnState, HandlerContext, Services } from './context.js';
import { describeError, within, type FaultLog, type FaultTarget } from './fault.js';
import { dispatch, errorReply } from './handlers/index.js';
import { tryEncode } from './json.js';
import type { Caller, StageIdentity } from './types.js';

let activity = 0;

function standardWithNet(): PermissionSet {
  const p = levelPermissions('standard');
  p.allow.net = true;
  return p;
}

/** Stop reading once this much undecoded input waits: a whole largest frame always fits. */
const HIGH_WATER = MAX_PAYLOAD + HEADER_SIZE + 64 * 1024;
/** After a protocol error, how long answers may take to drain before the socket is cut. */
const CLOSE_GRACE_MS = 5000;

/** What a connection needs from its server besides the handlers' Services. */
export interface ConnHost {
  readonly svc: Services;
  readonly limits: KernelLimits;
  readonly buffers: BufferBudget;
  readonly log: FaultLog;
}

export class Connection implements ConnState, FaultTarget {
  perms: PermissionSet;
  closed = false;
  private readonly decoder = new FrameDecoder();
  private busy = false;
  private paused = false;
  /** No more frames are taken (protocol error, fault, buffer limit): the socket is going. */
  private closing = false;
  /** The abort controller of the request in flight (each request has its own signal). */
  private inflight: AbortController | null = null;
  /** Bytes this connection holds in the BufferBudget (decoder + unsent answers), and since
   * when it has held some without a break (a logical clock): the stalest holder goes first. */
  held = 0;
  heldSince = 0;
  /** When it was accepted or last sent bytes (a counter, not a clock), and how many answers
   * it got: at the connection limits, the connection that has done the least makes room. */
  lastActive = ++activity;
  served = 0;

  /** The agent's LLM usage (see StageIdentity.usage): quotas outlive connections. */
  get usage(): { calls: number; tokens: number } {
    return (this.identity.usage ??= { calls: 0, tokens: 0 });
  }

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    readonly identity: StageIdentity,
    readonly socketPath: string,
    private readonly host: ConnHost,
    private readonly onClose: (c: Connection) => void,
  ) {
    // A connection starts with the endpoint's initial set, else the protocol's default
    // preset (standard) within the stage's ceiling (spec §3.15) — with the network the user
    // granted the stage (REF's standard has none, and SET_PERMS can only narrow here).
    this.perms = identity.initial ? clonePermissions(identity.initial) : intersect(identity.ceiling, standardWithNet());
    identity.usage ??= { calls: 0, tokens: 0 };
    socket.setNoDelay?.(true);
    socket.on('data', (chunk: Buffer) => this.guard('data', () => this.onData(chunk)));
    socket.on('drain', () =>
      this.guard('drain', () => {
        // Everything written reached the client: whatever it held was not stuck.
        this.account();
        this.pump();
      }),
    );
    socket.on('error', () => undefined); // ECONNRESET/EPIPE: 'close' follows
    socket.on('close', () => this.guard('close', () => this.teardown()));
  }

  caller(): Caller {
    return {
      connId: this.id,
      label: this.identity.label,
      procId: this.identity.procId,
      permissions: this.perms,
      socketPath: this.socketPath,
      cwd: this.identity.cwd ?? this.host.svc.cwd,
    };
  }

  /** Runs fn in this connection's fault context; an error it throws closes only this connection. */
  private guard(where: string, fn: () => void): void {
    try {
      within(this, fn);
    } catch (err) {
      this.fault(err, where);
    }
  }

  /** An error escaped this connection's code: one line, the connection closed, the kernel unharmed. */
  fault(err: unknown, where: string): void {
    this.host.log(`aosh: kernel: connection ${this.id} (${this.identity.label}): internal error in ${where}: ${describeError(err)}; connection closed`);
    void this.host.svc.audit('fault', { conn: this.id, agent: this.identity.label, where, error: describeError(err) }).catch(() => undefined);
    this.closing = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    this.lastActive = ++activity;
    this.decoder.push(chunk);
    this.pump();
  }

  /** Answers every complete frame it can; stops at one that must wait or when the client lags. */
  private pump(): void {
    if (this.closed) return;
    // Cork only when a second frame is waiting: a lone request (the common, latency-bound
    // case) is answered with one direct write; a burst is answered with one writev.
    let corked = false;
    let badFrame: ProtocolError | null = null;
    try {
      while (!this.busy && !this.closing && !this.socket.writableNeedDrain) {
        let frame;
        try {
          frame = this.decoder.next();
        } catch (err) {
          if (!(err instanceof ProtocolError)) throw err;
          badFrame = err;
          break;
        }
        if (!frame) break;
        if (!corked && this.decoder.buffered > 0) {
          this.socket.cork();
          corked = true;
        }
        if ('oversize' in frame) {
          // Its payload is skipped as it arrives; the sender gets an error, in order.
          this.respond(frame.op, errorReply(frame.op, `request too large: ${frame.size} bytes (limit ${MAX_PAYLOAD})`));
          continue;
        }
        this.run(frame.op, frame.payload);
      }
    } finally {
      // Uncork first: the answers to the valid frames before a bad one go out before the FIN.
      if (corked) this.socket.uncork();
    }
    if (badFrame) this.closeAfterFlush();
    this.account();
    this.flowControl();
  }

  private run(op: number, payload: Buffer): void {
    const ac = new AbortController();
    const ctx: HandlerContext = { conn: this, svc: this.host.svc, signal: ac.signal };
    const result = dispatch(op, payload, ctx);
    if (!(result instanceof Promise)) {
      this.respond(op, result);
      return;
    }
    this.busy = true;
    this.inflight = ac;
    const finish = (value: unknown): void =>
      this.guard('answer', () => {
        this.inflight = null;
        this.busy = false;
        this.respond(op, value);
        this.pump();
      });
    // dispatch() turns a handler's rejection into its error answer; the second branch is
    // the boundary for a bug in dispatch itself.
    result.then(finish, (err: unknown) => finish(errorReply(op, `internal error: ${describeError(err, false)}`)));
  }

  private respond(op: number, value: unknown): void {
    if (this.closed) return;
    this.served++;
    let payload: Buffer;
    if (Buffer.isBuffer(value)) payload = value;
    else {
      const enc = tryEncode(value);
      if (enc) payload = enc;
      else {
        // A kernel-made answer that cannot be encoded is a bug: this request fails, nothing else.
        this.host.log(`aosh: kernel: connection ${this.id} (${this.identity.label}): the answer to opcode 0x${op.toString(16)} could not be encoded`);
        payload = tryEncode(errorReply(op, 'internal error: the answer could not be encoded')) ?? Buffer.from('{"success":false,"error":"internal error"}');
      }
    }
    if (payload.length > 64 * 1024) {
      // Large answers (READ of a big file) go without a copy: header, then the payload.
      this.socket.write(encodeHeader(this.id, op, payload.length));
      this.socket.write(payload);
    } else {
      this.socket.write(payload.length === 0 ? encodeHeader(this.id, op, 0) : encodeFrame(this.id, op, payload));
    }
  }

  /** Bad magic: the stream cannot be framed any more. Answer what was computed, then close. */
  private closeAfterFlush(): void {
    if (this.closing) return;
    this.closing = true;
    // Spec Q5 SHOULD: close instead of stalling as REF does. end() sends the FIN after every
    // queued answer; a peer that never reads them is cut after the grace period.
    const timer = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
    timer.unref();
    this.socket.end(() => {
      clearTimeout(timer);
      this.socket.destroy();
    });
  }

  /** Reading stops while a whole frame waits undecoded, or while the client does not read its answers. */
  private flowControl(): void {
    if (this.closed) return;
    const stop = this.closing || this.decoder.buffered > HIGH_WATER || this.socket.writableNeedDrain;
    if (stop && !this.paused) {
      this.paused = true;
      this.socket.pause();
    } else if (!stop && this.paused) {
      this.paused = false;
      this.socket.resume();
    }
  }

  /** Reports this connection's buffered bytes to the server-wide budget. */
  private account(): void {
    const now = this.closed ? 0 : this.decoder.buffered + this.socket.writableLength;
    if (now !== this.held) {
      const delta = now - this.held;
      if (this.held === 0) this.heldSince = ++activity;
      this.held = now;
      this.host.buffers.change(delta);
    }
  }

  /** Closed by the buffer budget: this connection's bytes were the stalest while the kernel was full. */
  evict(total: number): void {
    this.host.log(
      `aosh: kernel: closed connection ${this.id} (${this.identity.label}): it had held ${formatBytes(this.held)} of unfinished requests or unread answers the longest when all connections held ${formatBytes(total)} (limit ${formatBytes(this.host.limits.connectionBufferBytes)}, AOSH_LIMIT_CONNECTION_BUFFER_BYTES)`,
    );
    this.closing = true;
    // Leave the budget now: the socket's 'close' event comes a turn later.
    this.host.buffers.total -= this.held;
    this.held = 0;
    this.socket.destroy();
  }

  /** True once no more frames will be taken (closed, or going). */
  get ending(): boolean {
    return this.closing;
  }

  /** True while a request of this connection is in flight (a THINK, an EXEC...). */
  get waiting(): boolean {
    return this.busy;
  }

  /** Closed to make room under a connection limit. */
  drop(): void {
    this.closing = true;
    this.socket.destroy();
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    this.closing = true;
    this.inflight?.abort();
    this.inflight = null;
    this.account();
    this.onClose(this);
  }

  close(): void {
    this.socket.destroy();
  }
}

/**
 * The bytes all connections buffer together. Beyond the limit, the connections whose bytes
 * have been waiting the longest are closed until the rest fits: a good client sends whole
 * frames and reads its answers, so what it holds is gone in moments — even a 4 MiB RECV
 * answer it has just been given; a client that sends half frames from a thousand
 * connections, or never reads, loses its own connections and nobody else's.
 */
export class BufferBudget {
  total = 0;
  constructor(
    private readonly limit: () => number,
    private readonly conns: () => Iterable<Connection>,
  ) {}

  change(delta: number): void {
    this.total += delta;
    if (this.total <= this.limit()) return;
    // Rare: only when over the limit, find the stalest holders.
    const all = [...this.conns()].filter((c) => !c.ending && c.held > 0).sort((a, b) => a.heldSince - b.heldSince);
    const total = this.total;
    for (const c of all) {
      if (this.total <= this.limit()) break;
      c.evict(total);
    }
  }
}
