// What the processes started by the MCP server's spawn tool print (stdout and stderr, as a
// terminal would interleave them), kept for the aosh://proc/ID/output resources. Bounded:
// the last TAIL_BYTES of each process, and the logs of at most KEEP_ENDED ended processes.
import { Socket } from 'node:net';

export const TAIL_BYTES = 256 * 1024;
export const KEEP_ENDED = 64;

export class OutputLog {
  private chunks: Buffer[] = [];
  private kept = 0;
  total = 0;
  ended = false;

  constructor(
    readonly id: number,
    readonly name: string,
  ) {}

  append(c: Buffer): void {
    this.total += c.length;
    this.chunks.push(c);
    this.kept += c.length;
    while (this.kept - this.chunks[0]!.length >= TAIL_BYTES) this.kept -= this.chunks.shift()!.length;
  }

  text(): string {
    let buf = Buffer.concat(this.chunks);
    if (buf.length > TAIL_BYTES) buf = buf.subarray(buf.length - TAIL_BYTES);
    const omitted = this.total - buf.length;
    return (omitted > 0 ? `[... ${omitted} earlier bytes not kept ...]\n` : '') + buf.toString('utf8');
  }
}

export class OutputLogs {
  private readonly logs = new Map<number, OutputLog>();

  /** Reads `fd` (a pipe's read end, owned from now on) into a new log; onData fires per chunk. */
  capture(id: number, name: string, fd: number, onData: (log: OutputLog) => void, onEnd: (log: OutputLog) => void): OutputLog {
    const log = new OutputLog(id, name);
    this.logs.set(id, log);
    const sock = new Socket({ fd, readable: true, writable: false });
    sock.on('data', (c: Buffer) => {
      log.append(c);
      onData(log);
    });
    const end = (): void => {
      if (log.ended) return;
      log.ended = true;
      this.prune();
      onEnd(log);
    };
    sock.on('end', end);
    sock.on('close', end);
    sock.on('error', end);
    return log;
  }

  get(id: number): OutputLog | undefined {
    return this.logs.get(id);
  }

  list(): OutputLog[] {
    return [...this.logs.values()];
  }

  private prune(): void {
    const ended = this.list().filter((l) => l.ended);
    for (const l of ended.slice(0, Math.max(0, ended.length - KEEP_ENDED))) this.logs.delete(l.id);
  }
}
