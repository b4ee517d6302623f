// Builtin stdio. A shell fd maps to an OS fd, or to a virtual one living in memory:
//  - a capture (the stdout of `$(...)`): builtins append text to it synchronously; when an
//    external process needs it, it becomes a pipe whose output is appended in order;
//  - a memory source (a here-string or here-document): builtins read it synchronously; an
//    external process gets a pipe fed with what is left.
// Writes to files, terminals and the shell's own inherited stdio are synchronous, as
// bash's are; writes to pipes aosh made (between stages) go through libuv's thread pool, so
// a builtin blocked on a full pipe never blocks the event loop that drains it.
import { closeSync, fstatSync, read, write, writeSync } from 'node:fs';
import { isTTY as fdIsTTY } from '../lib/tty.js';
import { decodeBytes, encodeString } from '../lib/bytes.js';

export type { ReadResult, ReadSpec } from './read-spec.js';
export { FdInput, readableNow, setBytesReadableFactory, setNonBlockingFactory, setPipeTakeFactory, trackOffset, untrackOffset } from './fd-input.js';
import { forgetOffset, untrackOffset } from './fd-input.js';
import type { OutputStream } from '../builtins/types.js';

/** Virtual fds are at or below this number. */
const VIRTUAL_BASE = -1000;

export class Capture {
  readonly kind = 'capture';
  chunks: string[] = [];
  /** Once an external process writes here: the pipe and the reader appending its output. */
  pipe: { rd: number; wr: number; reading: Promise<void> } | null = null;
  /** Async writes to the pipe still in flight (kept in order). */
  private tail: Promise<void> | null = null;

  write(s: string): void | Promise<void> {
    if (!this.pipe) {
      this.chunks.push(s);
      return;
    }
    const wr = this.pipe.wr;
    const buf = encodeString(s);
    const p = (this.tail ?? Promise.resolve()).then(() => writeAll(wr, buf));
    this.tail = p.catch(() => undefined);
    return p;
  }

  /** Everything written so far; waits for the pipe's writers to close it. */
  async finish(): Promise<string> {
    if (!this.pipe) return this.chunks.join('');
    if (this.tail) await this.tail.catch(() => undefined);
    safeClose(this.pipe.wr);
    forgetFd(this.pipe.wr);
    await this.pipe.reading;
    return this.chunks.join('');
  }

  finishSync(): string | null {
    return this.pipe ? null : this.chunks.join('');
  }
}

export class MemSource {
  readonly kind = 'mem';
  pos = 0;
  /** Once an external process reads here: the pipe's read end (fed with the rest). */
  pipeRd: number | null = null;

  constructor(public data: string) {}
}

type Virtual = Capture | MemSource;

const virtuals = new Map<number, Virtual>();
let nextVirtual = VIRTUAL_BASE;

export function isVirtual(fd: number): boolean {
  return fd <= VIRTUAL_BASE;
}

export function newCapture(): { fd: number; capture: Capture } {
  const fd = nextVirtual--;
  const capture = new Capture();
  virtuals.set(fd, capture);
  return { fd, capture };
}

export function newMemSource(text: string): number {
  const fd = nextVirtual--;
  virtuals.set(fd, new MemSource(text));
  return fd;
}

export function virtualOf(fd: number): Virtual | undefined {
  return virtuals.get(fd);
}

export function releaseVirtual(fd: number): void {
  const v = virtuals.get(fd);
  if (v instanceof MemSource && v.pipeRd !== null) safeClose(v.pipeRd);
  virtuals.delete(fd);
}

/** Where pipes come from (the kernel's native addon), set by the shell. */
let pipeFactory: (() => [number, number]) | null = null;

export function setPipeFactory(f: () => [number, number]): void {
  pipeFactory = f;
}

function makePipe(): [number, number] {
  if (!pipeFactory) throw new Error('no pipe factory');
  const p = pipeFactory();
  markFd(p[0], false);
  markFd(p[1], false);
  return p;
}

/**
 * The OS fd an external process gets for a shell fd: a virtual fd becomes a pipe (once),
 * fed from or drained into memory.
 */
export function materialize(fd: number): number {
  if (!isVirtual(fd)) return fd;
  const v = virtuals.get(fd);
  if (!v) return -1;
  if (v instanceof Capture) {
    if (!v.pipe) {
      const [rd, wr] = makePipe();
      const reading = readAllFd(rd).then((buf) => {
        v.chunks.push(decodeBytes(buf));
        safeClose(rd);
        forgetFd(rd);
      });
      v.pipe = { rd, wr, reading };
    }
    return v.pipe.wr;
  }
  if (v.pipeRd === null) {
    const [rd, wr] = makePipe();
    const rest = encodeString(v.data.slice(v.pos));
    v.pos = v.data.length;
    v.pipeRd = rd;
    void writeAll(wr, rest)
      .catch(() => undefined)
      .finally(() => {
        safeClose(wr);
        forgetFd(wr);
      });
  }
  return v.pipeRd;
}

// ---- OS fd writes ------------------------------------------------------------------------

/** Whether writes to an fd may block the thread (files, terminals, inherited stdio). */
const syncFds = new Map<number, boolean>();
const pendingWrites = new Map<number, Promise<void>>();
const inherited = new Map<number, number>();

/** Records the shell's own stdio at start-up (writes to those may block, as bash's do). */
export function recordInheritedFds(): void {
  for (const fd of [0, 1, 2]) {
    try {
      inherited.set(fd, fstatSync(fd).ino);
    } catch {
      // closed
    }
  }
}

export function markFd(fd: number, sync: boolean): void {
  syncFds.set(fd, sync);
}

export function forgetFd(fd: number): void {
  syncFds.delete(fd);
}

function probe(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    if (st.isFile() || st.isCharacterDevice() || st.isBlockDevice()) return true;
    return inherited.get(fd) === st.ino;
  } catch {
    return false;
  }
}

/** Decides once per fd how to write it (an fd aosh opened is registered when opened). */
/** How fd is written, when that is decided already (a pipe aosh made: false). */
export function knownSync(fd: number): boolean | undefined {
  return syncFds.get(fd);
}

export function writesSync(fd: number): boolean {
  let s = syncFds.get(fd);
  if (s === undefined) {
    s = probe(fd);
    syncFds.set(fd, s);
  }
  return s;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function writeOnce(fd: number, buf: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    write(fd, buf, 0, buf.length, null, (err, n) => {
      if (!err) return resolve(n);
      // An inherited non-blocking fd: wait a little and retry.
      if (err.code === 'EAGAIN') return void sleep(1).then(() => resolve(0));
      reject(err);
    });
  });
}

async function writeAll(fd: number, buf: Buffer): Promise<void> {
  while (buf.length > 0) {
    const n = await writeOnce(fd, buf);
    buf = buf.subarray(n);
  }
}

/** Writes to an OS fd: synchronously when that is safe, else in order through the pool. */
export function writeOsFd(fd: number, data: string | Uint8Array): void | Promise<void> {
  untrackOffset(fd);
  let buf = typeof data === 'string' ? encodeString(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const pending = pendingWrites.get(fd);
  if (!pending && writesSync(fd)) {
    try {
      while (buf.length > 0) buf = buf.subarray(writeSync(fd, buf));
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
  const p = (pending ?? Promise.resolve()).then(() => writeAll(fd, buf));
  // The chain for later writes never rejects (the caller gets this write's error).
  const tracked: Promise<void> = p.then(
    () => {
      if (pendingWrites.get(fd) === tracked) pendingWrites.delete(fd);
    },
    () => {
      if (pendingWrites.get(fd) === tracked) pendingWrites.delete(fd);
    },
  );
  pendingWrites.set(fd, tracked);
  return p;
}

/** The writes to an OS fd still in flight (close it after them, or their data is lost). */
export function pendingWritesOf(fd: number): Promise<void> | undefined {
  return pendingWrites.get(fd);
}

/** Writes to a shell fd's target (OS fd or capture). */
export function writeFd(fd: number, data: string | Uint8Array): void | Promise<void> {
  if (isVirtual(fd)) {
    const v = virtuals.get(fd);
    if (v instanceof Capture) return v.write(typeof data === 'string' ? data : decodeBytes(data));
    throw Object.assign(new Error('EBADF: bad file descriptor'), { code: 'EBADF' });
  }
  if (fd < 0) throw Object.assign(new Error('EBADF: bad file descriptor'), { code: 'EBADF' });
  return writeOsFd(fd, data);
}

export class FdOutput implements OutputStream {
  private tty: boolean | undefined;

  constructor(private readonly target: number) {}

  /** The OS fd (a capture becomes a pipe when someone needs a real fd). */
  get fd(): number {
    return materialize(this.target);
  }

  get isTTY(): boolean {
    if (isVirtual(this.target)) return false;
    this.tty ??= fdIsTTY(this.target);
    return this.tty;
  }

  write(data: string | Uint8Array): Promise<void> {
    try {
      return writeFd(this.target, data) ?? RESOLVED;
    } catch (e) {
      return Promise.reject(e);
    }
  }

  writeNow(data: string | Uint8Array): void | Promise<void> {
    return writeFd(this.target, data);
  }
}

const RESOLVED = Promise.resolve();

// ---- reading -------------------------------------------------------------------------------

export function readOnce(fd: number, buf: Buffer, len: number): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buf, 0, len, null, (err, n) => {
      if (!err) return resolve(n);
      if (err.code === 'EAGAIN') return void sleep(1).then(() => resolve(-1));
      if (err.code === 'EIO' || err.code === 'EBADF') return resolve(0);
      reject(err);
    });
  });
}

export async function readAllFd(fd: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (;;) {
    const buf = Buffer.allocUnsafe(65536);
    const n = await readOnce(fd, buf, buf.length);
    if (n === -1) continue;
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
  }
  return Buffer.concat(chunks);
}

export function safeClose(fd: number): void {
  forgetOffset(fd);
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}
