// Builtin stdin: FdInput reads a shell fd for `read`, `mapfile` and the like. A memory
// source is read in place; a regular file by pread at an offset the shell keeps (one call a
// line, as bash's read and lseek); a pipe takes what FIONREAD says is there synchronously,
// and waits on libuv's thread pool only when it is empty.
import { fstatSync, readSync } from 'node:fs';
import { isTTY as fdIsTTY } from '../lib/tty.js';
import { decodeBytes, encodeString } from '../lib/bytes.js';
import { ReadState, readFromMemory, type ReadResult, type ReadSpec } from './read-spec.js';
import type { InputStream } from '../builtins/types.js';
import { isVirtual, knownSync, materialize, MemSource, readAllFd, readOnce, sleep, virtualOf } from './io.js';

/** O_NONBLOCK on an fd (the kernel's native addon), set by the shell. */
let setNonBlocking: ((fd: number, on: boolean) => void) | null = null;

export function setNonBlockingFactory(f: (fd: number, on: boolean) => void): void {
  setNonBlocking = f;
}

/** Bytes readable now on an fd (the native addon's FIONREAD), set by the shell. */
let bytesReadable: ((fd: number) => number) | null = null;

export function setBytesReadableFactory(f: (fd: number) => number): void {
  bytesReadable = f;
}

/** A record from a pipe up to a delimiter, never past it (the native addon's pipeTake), set by the shell. */
let pipeTake: ((fd: number, delim: number, max: number) => Buffer | null) | null = null;

export function setPipeTakeFactory(f: ((fd: number, delim: number, max: number) => Buffer | null) | null): void {
  pipeTake = f;
}

/** Bytes readable on an OS fd now (FIONREAD), or -1 when that cannot be told. */
export function readableNow(fd: number): number {
  if (bytesReadable === null) return -1;
  try {
    return bytesReadable(fd);
  } catch {
    return -1;
  }
}

/**
 * Offsets the shell knows for regular files it opened for reading (`< file`, `exec 3< f`):
 * `pos` is where the shell's own reads have got to, `real` the file offset itself, which
 * lags behind until someone else could see it (the fd given to a process, read whole,
 * written): then the offset is moved up to `pos` and forgotten. A `read` in a loop is then
 * one pread per line, as bash's read is one read and one lseek.
 */
const knownPos = new Map<number, { pos: number; real: number }>();
const AHEAD = Buffer.alloc(4096);
const SKIP = Buffer.alloc(65536);

/**
 * The line at `pos` of a regular file when it ends within `size` bytes and needs no byte-wise
 * reading (no backslash to honour, no NUL): its text and length in bytes. undefined: no
 * delimiter in the `size` bytes read (a longer line); null: read it byte by byte.
 */
function lineAt(fd: number, pos: number, size: number, delim: number, escapes: boolean): { text: string; bytes: number } | null | undefined {
  let n: number;
  try {
    n = readSync(fd, AHEAD, 0, size, pos);
  } catch {
    return null;
  }
  let ascii = true;
  for (let i = 0; i < n; i++) {
    const c = AHEAD[i]!;
    if (c === delim) return { text: ascii ? AHEAD.toString('latin1', 0, i) : decodeBytes(AHEAD.subarray(0, i)), bytes: i };
    if (c === 0 || (c === 92 && escapes)) return null;
    if (c >= 0x80) ascii = false;
  }
  return n === size ? undefined : null;
}

/** A regular file the shell has just opened for reading: its offset is 0. */
export function trackOffset(fd: number): void {
  knownPos.set(fd, { pos: 0, real: 0 });
}

/** Something other than the shell's own reads may use fd's offset: make it true, and forget it. */
export function untrackOffset(fd: number): void {
  if (knownPos.size === 0) return;
  const k = knownPos.get(fd);
  if (!k) return;
  knownPos.delete(fd);
  // Node has no lseek: reading what the shell already took moves the offset there.
  while (k.real < k.pos) {
    let n: number;
    try {
      n = readSync(fd, SKIP, 0, Math.min(SKIP.length, k.pos - k.real), null);
    } catch {
      return;
    }
    if (n === 0) return;
    k.real += n;
  }
}

/** The fd is being closed: nothing to move. */
export function forgetOffset(fd: number): void {
  if (knownPos.size) knownPos.delete(fd);
}

/** The byte the synchronous reads of a pipe take (used only between a read and its use). */
const ONE = Buffer.alloc(1);

export class FdInput implements InputStream {
  private regular: boolean | undefined;
  private tty: boolean | undefined;
  /** false: the fd is no pipe pipeTake can look into (a socket, a terminal). */
  private teeable: boolean | undefined;
  /** A record begun from a pipe by readSync, for read() to finish. */
  private carry: { st: ReadState; bytes: number[] } | null = null;

  constructor(private readonly target: number) {}

  get fd(): number {
    // Whoever takes the OS fd may read it past what the shell knows.
    untrackOffset(this.target);
    return materialize(this.target);
  }

  get isTTY(): boolean {
    if (isVirtual(this.target)) return false;
    this.tty ??= fdIsTTY(this.target);
    return this.tty;
  }

  private isRegular(): boolean {
    if (this.regular === undefined) {
      // A pipe the shell made, or an fd already found to be no file: no fstat per `read`.
      if (knownSync(this.target) === false) return (this.regular = false);
      try {
        this.regular = fstatSync(this.target).isFile();
      } catch {
        this.regular = false;
      }
    }
    return this.regular;
  }

  private mem(): MemSource | null {
    if (!isVirtual(this.target)) return null;
    const v = virtualOf(this.target);
    return v instanceof MemSource && v.pipeRd === null ? v : null;
  }

  async readAll(): Promise<Buffer> {
    // A closed fd reads as empty (`mapfile a <&-` gives an empty array and 0, as bash).
    if (this.target === -1) return Buffer.alloc(0);
    const m = this.mem();
    if (m) {
      const rest = m.data.slice(m.pos);
      m.pos = m.data.length;
      return encodeString(rest);
    }
    untrackOffset(this.target);
    return readAllFd(this.fd);
  }

  /** Reads per `spec` synchronously when the source allows it (memory, a regular file); else null. */
  readSync(spec: ReadSpec): ReadResult | null {
    const m = this.mem();
    if (m) return readFromMemory(m, spec);
    // (A file in knownPos is one the shell opened: no fstat needed.)
    const known = knownPos.get(this.target);
    if (known !== undefined) {
      const r = this.readAhead(known, new ReadState(spec), []);
      if (r) return r;
    }
    if (isVirtual(this.target)) return null;
    if (!this.isRegular()) return this.fromPipeNow(spec);
    const bytes: number[] = [];
    const st = new ReadState(spec);
    const one = Buffer.alloc(1);
    for (;;) {
      let n: number;
      try {
        n = readSync(this.target, one, 0, 1, null);
      } catch {
        n = 0;
      }
      if (n === 0) return { text: st.finish(bytes), eof: true };
      if (st.push(one[0]!, bytes)) return { text: st.finish(bytes), eof: false };
    }
  }

  /**
   * A pipe or terminal: what it holds now (FIONREAD says how much) can be read a byte at a time
   * without waiting, so a `cmd | while read` loop takes most lines synchronously, without the
   * O_NONBLOCK dance of read() (four fcntl calls a line). Null when the record is not complete
   * yet: what was taken waits in `carry` for read() to go on with.
   */
  private fromPipeNow(spec: ReadSpec): ReadResult | null {
    if (pipeTake !== null && this.teeable !== false) {
      const c = this.carry ?? { st: new ReadState(spec), bytes: [] };
      const delim = c.st.lineDelim();
      if (delim >= 0 && delim < 256) return this.takeFromPipe(c, delim, spec);
    }
    let avail = readableNow(this.target);
    if (avail <= 0) return null;
    const c = this.carry ?? { st: new ReadState(spec), bytes: [] };
    this.carry = c;
    for (; avail > 0; avail--) {
      let n: number;
      try {
        n = readSync(this.target, ONE, 0, 1, null);
      } catch {
        return null;
      }
      if (n === 0 || c.st.push(ONE[0]!, c.bytes)) {
        this.carry = null;
        return { text: c.st.finish(c.bytes), eof: n === 0 };
      }
    }
    return null;
  }

  /**
   * A line from a pipe in one call (pipeTake: what is there, up to the delimiter) instead of a
   * read per byte. Null when the record is not complete yet (it waits in `carry` for read()),
   * or when the fd is no pipe (the byte-wise way then, from now on).
   */
  private takeFromPipe(c: { st: ReadState; bytes: number[] }, delim: number, spec: ReadSpec): ReadResult | null {
    for (;;) {
      let got: Buffer | null;
      try {
        got = pipeTake!(this.target, delim, 65536);
      } catch {
        got = null;
      }
      if (got === null) {
        this.teeable = false;
        this.carry = c;
        return this.fromPipeNow(spec);
      }
      if (got.length === 0) {
        this.carry = c;
        return null;
      }
      // The delimiter is the last byte taken; escaped (`\` before it), the record goes on.
      for (let i = 0; i < got.length; i++) {
        if (c.st.push(got[i]!, c.bytes)) {
          this.carry = null;
          return { text: c.st.finish(c.bytes), eof: false };
        }
      }
    }
  }

  /** A regular file at a known offset (see knownPos): read ahead with pread, keep what is taken. */
  private readAhead(k: { pos: number; real: number }, st: ReadState, bytes: number[]): ReadResult | null {
    const fd = this.target;
    // The common case (`while read -r l`): the whole line is in one read-ahead; take it
    // with one scan instead of byte by byte. Anything else (a long line, a backslash to
    // honour, -n/-N) goes the general way below.
    const delim = st.lineDelim();
    if (delim >= 0 && bytes.length === 0) {
      // Most lines are short: a small read first (the syscall's copy is most of its cost).
      let line = lineAt(fd, k.pos, 256, delim, st.escapes());
      if (line === undefined) line = lineAt(fd, k.pos, AHEAD.length, delim, st.escapes());
      if (line) {
        k.pos += line.bytes + 1;
        return { text: line.text, eof: false };
      }
    }
    let done = false;
    let eof = false;
    while (!done) {
      let n: number;
      try {
        n = readSync(fd, AHEAD, 0, AHEAD.length, k.pos);
      } catch {
        // Not a file any more (the number was closed and reused behind the shell's back).
        if (bytes.length === 0) {
          knownPos.delete(fd);
          return null;
        }
        n = 0;
      }
      if (n === 0) {
        eof = true;
        break;
      }
      let i = 0;
      while (i < n && !done) done = st.push(AHEAD[i++]!, bytes);
      k.pos += i;
    }
    return { text: st.finish(bytes), eof };
  }

  /**
   * Reads per `spec`, a byte at a time, so the shared offset stops right after it (as bash).
   * A pipe or terminal is read without blocking the thread (O_NONBLOCK for the read, then
   * restored), so a timeout or an abort never leaves a read pending that would swallow a later byte. `timeoutMs`: give up
   * then, with `timedOut` and what was read so far.
   */
  async read(spec: ReadSpec, signal?: AbortSignal, timeoutMs?: number): Promise<ReadResult & { timedOut?: boolean }> {
    // A closed fd (`read x <&-`): EBADF, as read(2) says it.
    if (this.target === -1) throw Object.assign(new Error('Bad file descriptor'), { code: 'EBADF' });
    const sync = this.readSync(spec);
    if (sync) return sync;
    const fd = this.fd;
    // What readSync took from a pipe already (the record's start) goes on from there.
    const { st, bytes } = this.carry ?? { st: new ReadState(spec), bytes: [] };
    this.carry = null;
    const one = Buffer.alloc(1);
    const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
    // A terminal too: a blocking read left in flight after Ctrl-C would swallow the first
    // key typed at the next prompt ("echo" ran as "cho").
    const nb = setNonBlocking !== null;
    if (nb) setNonBlocking!(fd, true);
    let taken = 0;
    try {
      let wait = 0.2;
      for (;;) {
        if (signal?.aborted) return { text: st.finish(bytes), eof: true };
        let n: number;
        if (nb) {
          try {
            n = readSync(fd, one, 0, 1, null);
          } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') n = 0;
            else {
              const now = Date.now();
              if (now >= deadline) return { text: st.finish(bytes), eof: false, timedOut: true };
              await sleep(Math.min(wait, deadline - now));
              wait = Math.min(wait * 2, 10);
              continue;
            }
          }
          wait = 0.2;
        } else {
          const r = timeoutMs === undefined ? readOnce(fd, one, 1) : Promise.race([readOnce(fd, one, 1), sleep(Math.max(0, deadline - Date.now())).then(() => -2)]);
          n = await r;
          if (n === -2) return { text: st.finish(bytes), eof: false, timedOut: true };
        }
        if (n === -1) continue;
        if (n === 0) return { text: st.finish(bytes), eof: true };
        if (st.push(one[0]!, bytes)) return { text: st.finish(bytes), eof: false };
        // Input that never runs dry (`read -t 1 x </dev/zero`): the timeout still applies,
        // and signals (Ctrl-C, SIGTERM) get their turn.
        if ((++taken & 4095) === 0) {
          if (Date.now() >= deadline) return { text: st.finish(bytes), eof: false, timedOut: true };
          await new Promise((r) => setImmediate(r));
        }
      }
    } finally {
      if (nb) setNonBlocking!(fd, false);
    }
  }

  /** `read -t 0`: whether input is ready (a memory source or file always is; a pipe with data). */
  ready(): boolean {
    if (this.mem() || this.isRegular()) return true;
    try {
      const st = fstatSync(this.target);
      if (st.isCharacterDevice() && !this.isTTY) return true;
    } catch {
      return false;
    }
    if (isVirtual(this.target) || bytesReadable === null) return false;
    // A pipe, socket or terminal: bytes written and not read yet (EOF alone is not input, as in bash).
    try {
      return bytesReadable(this.target) > 0;
    } catch {
      return false;
    }
  }

  async readRawLine(): Promise<{ line: string; eof: boolean }> {
    const r = await this.read({ delim: '\n', count: -1, backslash: false });
    return { line: r.text, eof: r.eof };
  }

  async readLine(): Promise<string | null> {
    const { line, eof } = await this.readRawLine();
    return eof && line === '' ? null : line;
  }
}
