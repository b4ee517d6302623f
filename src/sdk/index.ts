// aosh agent SDK for TypeScript / JavaScript (importable as `aosh/sdk`).
// Speaks the AGNT protocol to the kernel's syscall socket: $AOSH_SOCKET, else
// /tmp/agentos.sock. Calls may be issued concurrently: frames are pipelined on the one
// connection and answers come back in request order, as the protocol guarantees.
// Self-contained (no kernel imports) so agent programs can bundle it alone.
import { connect as netConnect, type Socket } from 'node:net';

export const MAGIC = 0x41474e54;
export const HEADER_SIZE = 17;
export const MAX_PAYLOAD = 1024 * 1024;
export const DEFAULT_SOCKET = '/tmp/agentos.sock';

export const Op = {
  NOOP: 0x00, THINK: 0x01, EXEC: 0x02, READ: 0x03, WRITE: 0x04,
  SPAWN: 0x10, KILL: 0x11, LIST: 0x12,
  SEND: 0x20, RECV: 0x21, BROADCAST: 0x22, REGISTER: 0x23,
  STORE: 0x30, FETCH: 0x31, DELETE: 0x32, KEYS: 0x33,
  GET_PERMS: 0x40, SET_PERMS: 0x41, HTTP: 0x50,
  SUBSCRIBE: 0x60, UNSUBSCRIBE: 0x61, POLL_EVENTS: 0x62, EMIT: 0x63,
  EXIT: 0xff,
} as const;

export interface Frame {
  agentId: number;
  op: number;
  payload: Buffer;
}

export type Json = Record<string, unknown>;

export function defaultSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.AOSH_SOCKET || DEFAULT_SOCKET;
}

export function encode(op: number, payload: Buffer, agentId = 0): Buffer {
  const out = Buffer.allocUnsafe(HEADER_SIZE + payload.length);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(agentId >>> 0, 4);
  out.writeUInt8(op, 8);
  out.writeBigUInt64LE(BigInt(payload.length), 9);
  payload.copy(out, HEADER_SIZE);
  return out;
}

interface Waiter {
  resolve: (f: Frame) => void;
  reject: (e: Error) => void;
}

export class AoshClient {
  /** This connection's conn-id, learned from response headers. */
  agentId = 0;
  private buf: Buffer = Buffer.alloc(0);
  private readonly waiting: Waiter[] = [];
  private closedError: Error | null = null;

  private constructor(private readonly sock: Socket) {
    sock.on('data', (c: Buffer) => this.onData(c));
    sock.on('error', (e) => this.fail(e));
    sock.on('close', () => this.fail(new Error('connection closed by kernel')));
  }

  static connect(path = defaultSocketPath()): Promise<AoshClient> {
    return new Promise((resolve, reject) => {
      const sock = netConnect(path);
      sock.once('error', reject);
      sock.once('connect', () => {
        sock.off('error', reject);
        resolve(new AoshClient(sock));
      });
    });
  }

  /** Sends one raw frame; resolves with its response frame. */
  call(op: number, payload: Buffer | string = Buffer.alloc(0)): Promise<Frame> {
    if (this.closedError) return Promise.reject(this.closedError);
    const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.sock.write(encode(op, body, this.agentId));
    });
  }

  async json<T = Json>(op: number, req: unknown): Promise<T> {
    const f = await this.call(op, req === undefined ? '' : JSON.stringify(req));
    return JSON.parse(f.payload.toString('utf8')) as T;
  }

  private onData(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (this.buf.length >= HEADER_SIZE) {
      if (this.buf.readUInt32LE(0) !== MAGIC) {
        this.fail(new Error('invalid magic from kernel'));
        this.sock.destroy();
        return;
      }
      const size = Number(this.buf.readBigUInt64LE(9));
      if (this.buf.length < HEADER_SIZE + size) return;
      const frame = { agentId: this.buf.readUInt32LE(4), op: this.buf.readUInt8(8), payload: this.buf.subarray(HEADER_SIZE, HEADER_SIZE + size) };
      this.buf = this.buf.subarray(HEADER_SIZE + size);
      this.agentId = frame.agentId;
      this.waiting.shift()?.resolve(frame);
    }
  }

  private fail(err: Error): void {
    this.closedError ??= err;
    for (const w of this.waiting.splice(0)) w.reject(err);
  }

  close(): void {
    this.sock.end();
  }

  // ---- syscalls ----
  async echo(data: string | Buffer): Promise<Buffer> {
    return (await this.call(Op.NOOP, data)).payload;
  }
  think(prompt: string, opts: { system_instruction?: string; temperature?: number; model?: string; thinking_level?: string } = {}): Promise<Json> {
    return this.json(Op.THINK, { prompt, ...opts });
  }
  exec(command: string, opts: { cwd?: string; timeout?: number } = {}): Promise<Json> {
    return this.json(Op.EXEC, { command, timeout: opts.timeout ?? 30, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  }
  readFile(path: string): Promise<Json> {
    return this.json(Op.READ, { path });
  }
  writeFile(path: string, content: string, mode: 'write' | 'append' = 'write'): Promise<Json> {
    return this.json(Op.WRITE, { path, content, mode });
  }
  spawn(name: string, script: string, opts: { sandboxed?: boolean; network?: boolean; limits?: Json; permissions?: Json; level?: string } = {}): Promise<Json> {
    return this.json(Op.SPAWN, { name, script, sandboxed: opts.sandboxed ?? true, network: opts.network ?? false, ...(opts.limits ? { limits: opts.limits } : {}), ...(opts.permissions ? { permissions: opts.permissions } : {}), ...(opts.level ? { level: opts.level } : {}) });
  }
  async kill(target: { name?: string; id?: number }): Promise<boolean> {
    const res = await this.json<{ killed?: boolean }>(Op.KILL, target.name ? { name: target.name } : { id: target.id });
    return res.killed === true;
  }
  listAgents(): Promise<Array<{ id: number; name: string; pid: number; state: string; running: boolean }>> {
    return this.json(Op.LIST, undefined);
  }
  register(name: string): Promise<Json> {
    return this.json(Op.REGISTER, { name });
  }
  send(message: unknown, to: { to?: number; toName?: string }): Promise<Json> {
    return this.json(Op.SEND, { message, ...(to.to !== undefined ? { to: to.to } : {}), ...(to.toName !== undefined ? { to_name: to.toName } : {}) });
  }
  recv(max = 10): Promise<Json> {
    return this.json(Op.RECV, { max });
  }
  broadcast(message: unknown, includeSelf = false): Promise<Json> {
    return this.json(Op.BROADCAST, { message, include_self: includeSelf });
  }
  store(key: string, value: unknown, opts: { scope?: 'global' | 'agent' | 'session'; ttl?: number } = {}): Promise<Json> {
    return this.json(Op.STORE, { key, value, scope: opts.scope ?? 'global', ...(opts.ttl !== undefined ? { ttl: opts.ttl } : {}) });
  }
  fetch(key: string): Promise<Json> {
    return this.json(Op.FETCH, { key });
  }
  deleteKey(key: string): Promise<Json> {
    return this.json(Op.DELETE, { key });
  }
  listKeys(prefix = ''): Promise<Json> {
    return this.json(Op.KEYS, prefix ? { prefix } : {});
  }
  getPermissions(): Promise<Json> {
    return this.json(Op.GET_PERMS, {});
  }
  setPermissions(opts: { permissions?: Json; level?: string; agentId?: number }): Promise<Json> {
    return this.json(Op.SET_PERMS, { ...(opts.permissions ? { permissions: opts.permissions } : {}), ...(opts.level ? { level: opts.level } : {}), ...(opts.agentId !== undefined ? { agent_id: opts.agentId } : {}) });
  }
  http(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string; timeout?: number } = {}): Promise<Json> {
    return this.json(Op.HTTP, { url, method: opts.method ?? 'GET', timeout: opts.timeout ?? 30, ...(opts.headers ? { headers: opts.headers } : {}), ...(opts.body ? { body: opts.body } : {}) });
  }
  subscribe(eventTypes: string[]): Promise<Json> {
    return this.json(Op.SUBSCRIBE, { event_types: eventTypes });
  }
  unsubscribe(eventTypes: string[]): Promise<Json> {
    return this.json(Op.UNSUBSCRIBE, { event_types: eventTypes });
  }
  pollEvents(max = 10): Promise<Json> {
    return this.json(Op.POLL_EVENTS, { max });
  }
  emit(eventType: string, data: unknown = {}): Promise<Json> {
    return this.json(Op.EMIT, { event_type: eventType, data });
  }
  async exit(): Promise<string> {
    return (await this.call(Op.EXIT)).payload.toString('utf8');
  }
}

export function connect(path?: string): Promise<AoshClient> {
  return AoshClient.connect(path);
}
