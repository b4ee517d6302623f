// An MCP stdio transport whose server is a kernel stage: started with kernel.spawn (so it
// is sandboxed with the permissions it was given, shows in `ps`, and dies with the session)
// on three kernel pipes. The SDK's StdioClientTransport would start it with child_process,
// outside the kernel; this one speaks the same newline-delimited JSON-RPC.
import { Socket } from 'node:net';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Kernel, ProcHandle, SpawnSpec } from '../kernel/kernel.js';
import type { World } from '../kernel/world/world.js';
import { isLive, type ProcEntry } from '../kernel/process-table.js';

const isEnded = (e: ProcEntry): boolean => !isLive(e);

/** Bytes of a server's stderr kept for error messages and `mcp ls`. */
const STDERR_KEEP = 16 * 1024;
/** One JSON-RPC line may not exceed this (a runaway server cannot exhaust memory). */
const MAX_LINE = 16 * 1024 * 1024;
const KILL_GRACE_MS = 2000;
/** After the server exits, how long children of it may keep its stdout open. */
const DRAIN_MS = 200;

export interface StageExit {
  code: number | null;
  signal: string | null;
}

export class StageTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;

  private handle: ProcHandle | undefined;
  private stdin: Socket | undefined;
  private stdout: Socket | undefined;
  private stderrSock: Socket | undefined;
  private buf: Buffer = Buffer.alloc(0);
  private errTail = '';
  private closed = false;
  /** Set once the stage has ended. */
  exit: StageExit | undefined;

  constructor(
    private readonly kernel: Kernel,
    private readonly spec: Omit<SpawnSpec, 'fds'>,
  ) {}

  get entry(): ProcEntry | undefined {
    return this.handle?.entry;
  }

  /** Resolves when the stage has ended, or after `ms` (whichever first): true when it ended. */
  async ended(ms: number): Promise<boolean> {
    if (this.exit) return true;
    if (!this.handle) return false;
    let t: NodeJS.Timeout | undefined;
    await Promise.race([this.handle.done, new Promise<void>((r) => (t = setTimeout(r, ms)))]);
    clearTimeout(t);
    return this.exit !== undefined || isEnded(this.handle.entry);
  }

  /** The last lines the server wrote on stderr (for error messages). */
  stderrTail(lines = 3): string {
    return this.errTail.trimEnd().split('\n').slice(-lines).join(' | ');
  }

  async start(): Promise<void> {
    const native = this.kernel.native;
    const fds: number[] = [];
    const pipe = (): [number, number] => {
      const p = native.pipe();
      fds.push(p[0], p[1]);
      return p;
    };
    let inR: number, inW: number, outR: number, outW: number, errR: number, errW: number;
    try {
      [inR, inW] = pipe();
      [outR, outW] = pipe();
      [errR, errW] = pipe();
    } catch (err) {
      for (const fd of fds) native.close(fd);
      throw err;
    }
    // Its own world (its permissions, its own /tmp) and its own AGNT endpoint with the same
    // ceiling: the session's socket would carry the session's permissions.
    const label = this.spec.name ?? 'mcp';
    const endpoint = this.kernel.sockets.forAgent(label, this.spec.permissions!, this.spec.cwd);
    let world: World | undefined;
    try {
      world = this.kernel.sandboxed ? this.kernel.worlds.createAgentWorld(label, this.spec.permissions!, this.spec.cwd, endpoint.path) : undefined;
      this.handle = this.kernel.spawn({ ...this.spec, ...(world ? { world } : {}), fds: [inR, outW, errW] });
    } catch (err) {
      for (const fd of [inW, outR, errR]) native.close(fd);
      endpoint.close();
      if (world) this.kernel.worlds.closeWorld(world);
      throw err;
    } finally {
      for (const fd of [inR, outW, errW]) native.close(fd);
    }
    void this.handle.done.then(() => {
      endpoint.close();
      if (world) this.kernel.worlds.closeWorld(world);
    });
    this.stdin = new Socket({ fd: inW, readable: false, writable: true });
    this.stdin.on('error', () => undefined); // EPIPE once the server is gone: reported by the exit
    this.stdout = new Socket({ fd: outR, readable: true, writable: false });
    this.stdout.on('data', (c: Buffer) => this.onData(c));
    this.stdout.on('error', () => undefined);
    const stdoutDone = new Promise<void>((r) => {
      this.stdout!.once('end', r);
      this.stdout!.once('close', r);
    });
    this.stderrSock = new Socket({ fd: errR, readable: true, writable: false });
    this.stderrSock.on('data', (c: Buffer) => {
      this.errTail = (this.errTail + c.toString('utf8')).slice(-STDERR_KEEP);
    });
    this.stderrSock.on('error', () => undefined);
    void this.handle.done.then(async (e) => {
      this.exit = { code: e.exitCode, signal: e.signal };
      // Whatever it printed last is read before the close is reported.
      let t: NodeJS.Timeout | undefined;
      await Promise.race([stdoutDone, new Promise<void>((r) => (t = setTimeout(r, DRAIN_MS)))]);
      clearTimeout(t);
      this.finish();
    });
  }

  private onData(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      const nl = this.buf.indexOf(10);
      if (nl < 0) break;
      const line = this.buf.subarray(0, nl).toString('utf8').replace(/\r$/, '');
      this.buf = this.buf.subarray(nl + 1);
      if (!line.trim()) continue;
      let msg: JSONRPCMessage;
      try {
        msg = JSONRPCMessageSchema.parse(JSON.parse(line));
      } catch {
        // Servers that log to stdout by mistake: not a message, said once per line.
        this.onerror?.(new Error(`not a JSON-RPC message on stdout: ${line.slice(0, 200)}`));
        continue;
      }
      this.onmessage?.(msg);
    }
    if (this.buf.length > MAX_LINE) {
      this.onerror?.(new Error(`a message longer than ${MAX_LINE} bytes: closing the connection`));
      void this.close();
    }
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.stdin || this.closed || this.stdin.destroyed) return reject(new Error('the server is not running'));
      this.stdin.write(JSON.stringify(message) + '\n', (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Ends the server: stdin closed, then SIGTERM, then SIGKILL after a grace period. */
  async close(): Promise<void> {
    const h = this.handle;
    this.stdin?.end();
    if (h && !this.exit) {
      try {
        this.kernel.signal(h.entry, 15);
      } catch {
        // already gone
      }
      const grace = setTimeout(() => {
        try {
          this.kernel.signal(h.entry, 9);
        } catch {
          // gone
        }
      }, KILL_GRACE_MS);
      grace.unref();
      await h.done;
      clearTimeout(grace);
    }
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.stdin?.destroy();
    this.stdout?.destroy();
    this.stderrSock?.destroy();
    this.onclose?.();
  }
}
