// AGNT framing (spec §1.3): a packed 17-byte little-endian header — magic 0x41474E54 ("TNGA"
// on the wire), u32 agent id, u8 opcode, u64 payload size — then the payload. Requests over
// 1 MiB are refused. The decoder is incremental: bytes arrive in any split, several frames
// may arrive in one chunk, and a payload is copied at most once.

export const MAGIC = 0x41474e54;
export const HEADER_SIZE = 17;
export const MAX_PAYLOAD = 1024 * 1024;

export interface Frame {
  agentId: number;
  op: number;
  payload: Buffer;
}

/** The header announced more than MAX_PAYLOAD bytes; `size` of them follow on the wire. */
export interface Oversize {
  oversize: true;
  op: number;
  size: number;
}

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export class FrameDecoder {
  private chunks: Buffer[] = [];
  private length = 0;
  /** Bytes of an oversize payload still to throw away. */
  private discard = 0;

  constructor(private readonly maxPayload = MAX_PAYLOAD) {}

  push(chunk: Buffer): void {
    if (this.discard > 0) {
      const n = Math.min(this.discard, chunk.length);
      this.discard -= n;
      if (n === chunk.length) return;
      chunk = chunk.subarray(n);
    }
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** Bytes buffered but not yet returned as a frame. */
  get buffered(): number {
    return this.length;
  }

  /** True when a frame was started but not finished (at EOF: a truncated frame). */
  get incomplete(): boolean {
    return this.length > 0 || this.discard > 0;
  }

  /**
   * The next complete frame, an Oversize notice (its payload is then skipped as it arrives),
   * or null when more bytes are needed. Throws ProtocolError on a bad magic: the stream can no
   * longer be framed, so the connection must be closed.
   */
  next(): Frame | Oversize | null {
    if (this.length < HEADER_SIZE) return null;
    const head = this.peek(HEADER_SIZE);
    const magic = head.readUInt32LE(0);
    if (magic !== MAGIC) throw new ProtocolError(`bad magic 0x${magic.toString(16).padStart(8, '0')}`);
    const agentId = head.readUInt32LE(4);
    const op = head.readUInt8(8);
    // u64 as two u32 halves: no BigInt on the hot path.
    const hi = head.readUInt32LE(13);
    const n = hi * 0x1_0000_0000 + head.readUInt32LE(9);
    if (n > this.maxPayload) {
      if (hi > 0x1fffff) throw new ProtocolError('payload size is not plausible');
      this.take(HEADER_SIZE);
      const now = Math.min(n, this.length);
      this.take(now);
      this.discard = n - now;
      return { oversize: true, op, size: n };
    }
    if (this.length < HEADER_SIZE + n) return null;
    this.take(HEADER_SIZE);
    return { agentId, op, payload: this.take(n) };
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) return first;
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined;
  }

  /** Removes and returns the first n bytes (a view when they lie in one chunk). */
  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    this.length -= n;
    const first = this.chunks[0]!;
    if (first.length > n) {
      this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    if (first.length === n) {
      this.chunks.shift();
      return first;
    }
    const out = Buffer.allocUnsafe(n);
    let off = 0;
    while (off < n) {
      const c = this.chunks[0]!;
      const k = Math.min(c.length, n - off);
      c.copy(out, off, 0, k);
      off += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    return out;
  }
}

/** Header + payload in one buffer (one write); large payloads get a separate header. */
export function encodeHeader(agentId: number, op: number, size: number): Buffer {
  const h = Buffer.allocUnsafe(HEADER_SIZE);
  h.writeUInt32LE(MAGIC, 0);
  h.writeUInt32LE(agentId >>> 0, 4);
  h.writeUInt8(op & 0xff, 8);
  h.writeUInt32LE(size % 0x1_0000_0000, 9);
  h.writeUInt32LE(Math.floor(size / 0x1_0000_0000), 13);
  return h;
}

export function encodeFrame(agentId: number, op: number, payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER_SIZE + payload.length);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(agentId >>> 0, 4);
  out.writeUInt8(op & 0xff, 8);
  out.writeUInt32LE(payload.length, 9); // payloads are < 4 GiB (Buffer limit)
  out.writeUInt32LE(0, 13);
  payload.copy(out, HEADER_SIZE);
  return out;
}
