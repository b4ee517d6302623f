// Test helpers: a protocol client written from the spec (§1.3 framing, no SDK code), and a
// server factory with a private home and socket directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyscallServer, type SyscallServerOptions } from '../../src/kernel/syscalls/server.js';
import { allowAll, type PermissionSet } from '../../src/kernel/permissions.js';

export const MAGIC = 0x41474e54;

export interface RawFrame {
  magic: number;
  agentId: number;
  op: number;
  payload: Buffer;
}

export function frame(op: number, payload: Buffer | string = '', agentId = 0, magic = MAGIC, size?: number): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const h = Buffer.alloc(17);
  h.writeUInt32LE(magic, 0);
  h.writeUInt32LE(agentId, 4);
  h.writeUInt8(op, 8);
  h.writeBigUInt64LE(BigInt(size ?? body.length), 9);
  return Buffer.concat([h, body]);
}

export class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly sock: Socket) {
    sock.on('data', (c: Buffer) => {
      this.buf = Buffer.concat([this.buf, c]);
      for (const w of this.waiters.splice(0)) w();
    });
    sock.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
    sock.on('error', () => undefined);
  }

  static connect(path: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect(path);
      s.once('error', reject);
      s.once('connect', () => resolve(new RawClient(s)));
    });
  }

  write(bytes: Buffer): void {
    this.sock.write(bytes);
  }

  send(op: number, payload: Buffer | string = '', agentId = 0): void {
    this.write(frame(op, payload, agentId));
  }

  /** The next response frame; rejects on timeout or when the server closes first. */
  async recv(timeoutMs = 5000): Promise<RawFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.buf.length >= 17) {
        const size = Number(this.buf.readBigUInt64LE(9));
        if (this.buf.length >= 17 + size) {
          const f = { magic: this.buf.readUInt32LE(0), agentId: this.buf.readUInt32LE(4), op: this.buf.readUInt8(8), payload: Buffer.from(this.buf.subarray(17, 17 + size)) };
          this.buf = this.buf.subarray(17 + size);
          return f;
        }
      }
      if (this.closed) throw new Error('closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timeout');
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  async call(op: number, payload: unknown = {}): Promise<any> {
    this.send(op, payload === undefined ? '' : typeof payload === 'string' ? payload : JSON.stringify(payload));
    const f = await this.recv();
    return JSON.parse(f.payload.toString());
  }

  /** Resolves true if the server closes the connection within the time. */
  async waitClosed(timeoutMs = 2000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return this.closed;
  }

  close(): void {
    this.sock.destroy();
  }
}

export interface TestServer {
  server: SyscallServer;
  path: string;
  home: string;
  cleanup(): Promise<void>;
}

export async function startTestServer(opts: SyscallServerOptions & { ceiling?: PermissionSet } = {}): Promise<TestServer> {
  const home = mkdtempSync(join(tmpdir(), 'aosh-sys-'));
  const server = new SyscallServer({ home, cwd: home, ...opts });
  const ep = await server.openEndpoint({ label: 'test', procId: null, ceiling: opts.ceiling ?? allowAll(), cwd: home });
  return {
    server,
    path: ep.path,
    home,
    async cleanup() {
      await server.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
