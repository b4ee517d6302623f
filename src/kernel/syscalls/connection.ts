// One client connection: decodes frames, runs each through the dispatch table and answers in
// request order. Synchronous handlers (NOOP, IPC, ...) answer inline; when a handler returns a
// promise (THINK, EXEC, HTTP, ...) this connection waits for it before taking its next frame,
// while other connections carry on — the per-connection order the protocol requires without
// ever blocking the kernel (spec §1.8, Q17).
import type { Socket } from 'node:net';
import { clonePermissions, intersect, levelPermissions, type PermissionSet } from '../permissions.js';
import { FrameDecoder, MAX_PAYLOAD, ProtocolError, encodeFrame, encodeHeader } from './codec.js';
import type { ConnState, HandlerContext, Services } from './context.js';
import { dispatch, errorReply } from './handlers/index.js';
import type { Caller, StageIdentity } from './types.js';

function standardWithNet(): PermissionSet {
  const p = levelPermissions('standard');
  p.allow.net = true;
  return p;
}

/** Stop reading from a client that has this much undecoded input while it waits. */
const HIGH_WATER = 4 * MAX_PAYLOAD;

export class Connection implements ConnState {
  perms: PermissionSet;
  closed = false;
  private readonly decoder = new FrameDecoder();
  private busy = false;
  private paused = false;
  private readonly ac = new AbortController();
  private readonly ctx: HandlerContext;

  /** The agent's LLM usage (see StageIdentity.usage): quotas outlive connections. */
  get usage(): { calls: number; tokens: number } {
    return (this.identity.usage ??= { calls: 0, tokens: 0 });
  }

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    readonly identity: StageIdentity,
    readonly socketPath: string,
    private readonly svc: Services,
    private readonly onClose: (c: Connection) => void,
  ) {
    // A connection starts with the endpoint's initial set, else the protocol's default
    // preset (standard) within the stage's ceiling (spec §3.15) — with the network the user
    // granted the stage (REF's standard has none, and SET_PERMS can only narrow here).
    this.perms = identity.initial ? clonePermissions(identity.initial) : intersect(identity.ceiling, standardWithNet());
    identity.usage ??= { calls: 0, tokens: 0 };
    this.ctx = { conn: this, svc, signal: this.ac.signal };
    socket.setNoDelay?.(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.maybeResume());
    socket.on('error', () => undefined); // ECONNRESET/EPIPE: 'close' follows
    socket.on('close', () => this.teardown());
  }

  caller(): Caller {
    return {
      connId: this.id,
      label: this.identity.label,
      procId: this.identity.procId,
      permissions: this.perms,
      socketPath: this.socketPath,
      cwd: this.identity.cwd ?? this.svc.cwd,
    };
  }

  private onData(chunk: Buffer): void {
    this.decoder.push(chunk);
    if (this.decoder.buffered > HIGH_WATER && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    this.pump();
  }

  /** Answers every complete frame it can; stops at the first one that must wait. */
  private pump(): void {
    if (this.busy || this.closed) return;
    // Cork only when a second frame is waiting: a lone request (the common, latency-bound
    // case) is answered with one direct write; a burst is answered with one writev.
    let corked = false;
    try {
      for (;;) {
        let frame;
        try {
          frame = this.decoder.next();
        } catch (err) {
          // Bad magic: the byte stream cannot be framed any more. Close this connection only
          // (spec Q5 SHOULD), rather than stall it as REF does.
          if (err instanceof ProtocolError) this.socket.destroy();
          return;
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
        const op = frame.op;
        // The dashboard's request counters and latency histogram: one read when nobody observes.
        const probe = this.svc.kernelEvents?.probes.socketRequest ?? null;
        const t0 = probe ? performance.now() : 0;
        const result = dispatch(op, frame.payload, this.ctx);
        if (result instanceof Promise) {
          this.busy = true;
          void result.then((value) => {
            this.busy = false;
            this.respond(op, value);
            if (probe) probe(op, (performance.now() - t0) / 1000);
            this.pump();
          });
          break;
        }
        this.respond(op, result);
        if (probe) probe(op, (performance.now() - t0) / 1000);
      }
    } finally {
      if (corked) this.socket.uncork();
    }
    this.maybeResume();
  }

  private respond(op: number, value: unknown): void {
    if (this.closed) return;
    const payload = Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value) ?? 'null', 'utf8');
    let ok: boolean;
    if (payload.length > 64 * 1024) {
      // Large answers (READ of a big file) go without a copy: header, then the payload.
      this.socket.write(encodeHeader(this.id, op, payload.length));
      ok = this.socket.write(payload);
    } else {
      ok = this.socket.write(payload.length === 0 ? encodeHeader(this.id, op, 0) : encodeFrame(this.id, op, payload));
    }
    if (!ok && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
  }

  private maybeResume(): void {
    if (!this.paused || this.closed) return;
    if (this.socket.writableNeedDrain || this.decoder.buffered > HIGH_WATER) return;
    this.paused = false;
    this.socket.resume();
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    this.ac.abort();
    this.onClose(this);
  }

  close(): void {
    this.socket.destroy();
  }
}

