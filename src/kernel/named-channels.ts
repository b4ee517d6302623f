// Named channels: `pipe mk NAME`, then any number of `pipe write NAME` (fan-in) and
// `pipe read NAME` (fan-out: every reader gets every message) between running agents.
// A message is one line. Messages written while nobody reads are kept (up to a bound) for
// the first reader, like a FIFO's buffer. A reader sees end of input when the channel is
// removed, or when every writer has gone and at least one had come.

const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface NamedChannelInfo {
  name: string;
  readers: number;
  writers: number;
  bytes_in: number;
  bytes_out: number;
  messages_in: number;
  messages_out: number;
  buffered: number;
  created_at: string;
}

type Reader = {
  push(line: string): void;
  end(): void;
};

export class NamedChannel {
  readonly createdAt = Date.now();
  private readonly readers = new Set<Reader>();
  private writers = 0;
  private everWritten = false;
  private buffered: string[] = [];
  private bufferedBytes = 0;
  private removed = false;
  bytesIn = 0;
  bytesOut = 0;
  messagesIn = 0;
  messagesOut = 0;

  constructor(readonly name: string) {}

  /** Registers a writer; call the returned function when it is done. */
  openWriter(): { write(line: string): void; close(): void } {
    if (this.removed) throw new Error(`${this.name}: no such channel`);
    this.writers++;
    this.everWritten = true;
    let open = true;
    return {
      write: (line) => {
        if (!open || this.removed) return;
        this.publish(line);
      },
      close: () => {
        if (!open) return;
        open = false;
        this.writers--;
        if (this.writers === 0) this.maybeEnd();
      },
    };
  }

  /**
   * An async iterator of messages for one reader, until `limit` messages, the end of the
   * channel, or `signal` (a reader that gives up: MCP pipe_recv with a timeout).
   */
  async *read(limit = Infinity, signal?: AbortSignal): AsyncGenerator<string> {
    if (this.removed) throw new Error(`${this.name}: no such channel`);
    const queue: string[] = [...this.buffered];
    this.buffered = [];
    this.bufferedBytes = 0;
    let ended = false;
    let wake: (() => void) | null = null;
    const onAbort = (): void => {
      ended = true;
      wake?.();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) ended = true;
    const reader: Reader = {
      push: (line) => {
        queue.push(line);
        wake?.();
      },
      end: () => {
        ended = true;
        wake?.();
      },
    };
    this.readers.add(reader);
    if (this.everWritten && this.writers === 0 && !queue.length) ended = true;
    try {
      let n = 0;
      while (n < limit) {
        if (queue.length) {
          const line = queue.shift()!;
          this.bytesOut += Buffer.byteLength(line) + 1;
          this.messagesOut++;
          n++;
          yield line;
          continue;
        }
        if (ended || this.removed) return;
        await new Promise<void>((r) => (wake = r));
        wake = null;
      }
    } finally {
      this.readers.delete(reader);
      signal?.removeEventListener('abort', onAbort);
      // What this reader took but did not consume (read -n N, a reader that gave up) goes
      // back for the next reader when nobody else is reading, instead of being lost.
      if (queue.length && this.readers.size === 0 && !this.removed) {
        this.buffered.unshift(...queue);
        this.bufferedBytes += queue.reduce((n, l) => n + l.length + 1, 0);
      }
    }
  }

  private publish(line: string): void {
    this.bytesIn += Buffer.byteLength(line) + 1;
    this.messagesIn++;
    if (this.readers.size === 0) {
      // Nobody is reading: keep it for the first reader, within a bound (oldest dropped).
      this.buffered.push(line);
      this.bufferedBytes += line.length + 1;
      while (this.bufferedBytes > MAX_BUFFERED_BYTES && this.buffered.length) this.bufferedBytes -= this.buffered.shift()!.length + 1;
      return;
    }
    for (const r of this.readers) r.push(line);
  }

  private maybeEnd(): void {
    if (this.writers === 0) for (const r of this.readers) r.end();
  }

  remove(): void {
    this.removed = true;
    for (const r of this.readers) r.end();
  }

  info(): NamedChannelInfo {
    return {
      name: this.name,
      readers: this.readers.size,
      writers: this.writers,
      bytes_in: this.bytesIn,
      bytes_out: this.bytesOut,
      messages_in: this.messagesIn,
      messages_out: this.messagesOut,
      buffered: this.buffered.length,
      created_at: new Date(this.createdAt).toISOString(),
    };
  }
}

export class NamedChannels {
  private readonly channels = new Map<string, NamedChannel>();

  create(name: string): NamedChannel {
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`${name}: invalid channel name (letters, digits, _ . -)`);
    if (this.channels.has(name)) throw new Error(`${name}: channel exists`);
    const ch = new NamedChannel(name);
    this.channels.set(name, ch);
    return ch;
  }

  get(name: string): NamedChannel | undefined {
    return this.channels.get(name);
  }

  remove(name: string): boolean {
    const ch = this.channels.get(name);
    if (!ch) return false;
    ch.remove();
    this.channels.delete(name);
    return true;
  }

  list(): NamedChannel[] {
    return [...this.channels.values()];
  }
}
