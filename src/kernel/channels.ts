// Kernel-owned channels: the pipes between pipeline stages. Each channel is two OS pipes
// with a relay thread between them (native splice), so the kernel can count the bytes,
// list the channel in `pipe ls`, and tear it down on kill.
import type { NativeAddon, Relay } from './native.js';

export interface ChannelInfo {
  id: number;
  name: string;
  writer: string;
  reader: string;
  bytes: number;
  state: 'open' | 'closed';
  createdAt: number;
  error: string | null;
}

export class Channel {
  /** Give this fd to the stage that writes (it is the write end of the inbound pipe). */
  writeFd: number;
  /** Give this fd to the stage that reads (the read end of the outbound pipe). */
  readFd: number;
  private relay: Relay;
  private finalBytes: number | null = null;
  state: 'open' | 'closed' = 'open';
  error: string | null = null;
  readonly createdAt = Date.now();
  readonly done: Promise<number>;

  constructor(
    readonly id: number,
    public name: string,
    native: NativeAddon,
    public writer = '',
    public reader = '',
  ) {
    const [inRead, inWrite] = native.pipe();
    const [outRead, outWrite] = native.pipe();
    this.writeFd = inWrite;
    this.readFd = outRead;
    let resolve!: (n: number) => void;
    this.done = new Promise((r) => (resolve = r));
    this.relay = native.relay(inRead, outWrite, (bytes, error) => {
      this.finalBytes = bytes;
      this.state = 'closed';
      this.error = error;
      resolve(bytes);
    });
  }

  get bytes(): number {
    return this.finalBytes ?? this.relay.bytes();
  }

  cancel(): void {
    if (this.state === 'open') this.relay.cancel();
  }

  info(): ChannelInfo {
    return {
      id: this.id,
      name: this.name,
      writer: this.writer,
      reader: this.reader,
      bytes: this.bytes,
      state: this.state,
      createdAt: this.createdAt,
      error: this.error,
    };
  }
}

export class ChannelTable {
  private readonly channels = new Map<number, Channel>();
  private nextId = 1;
  /** Bytes moved by channels that have closed (and left the table): for byte counters over the session. */
  closedBytes = 0;

  constructor(private readonly native: NativeAddon) {}

  create(name?: string): Channel {
    const id = this.nextId++;
    const ch = new Channel(id, name ?? `ch${id}`, this.native);
    this.channels.set(id, ch);
    void ch.done.then((bytes) => {
      // Closed pipeline channels leave the table; `pipe ls -a` could keep them later.
      this.closedBytes += bytes;
      this.channels.delete(id);
    });
    return ch;
  }

  list(): Channel[] {
    return [...this.channels.values()];
  }

  /** Every byte every channel of this table has moved so far (open and closed). */
  totalBytes(): number {
    let n = this.closedBytes;
    for (const ch of this.channels.values()) n += ch.bytes;
    return n;
  }

  cancelAll(): void {
    for (const ch of this.channels.values()) ch.cancel();
  }
}
