// Builtin stdio over OS file descriptors. Writes and reads go through libuv's thread pool
// (fs.write/fs.read), so a builtin blocked on a full pipe never blocks the event loop that
// drains it; reads never take more than asked, so `read` leaves the rest for the next command.
import { fstatSync, read, readSync, write } from 'node:fs';
import { isTTY as fdIsTTY } from '../lib/tty.js';
import type { InputStream, OutputStream } from '../builtins/types.js';

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export class FdOutput implements OutputStream {
  private tty: boolean | undefined;

  constructor(readonly fd: number) {}

  get isTTY(): boolean {
    this.tty ??= fdIsTTY(this.fd);
    return this.tty;
  }

  async write(data: string | Uint8Array): Promise<void> {
    let buf = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    while (buf.length > 0) {
      const n = await writeOnce(this.fd, buf);
      buf = buf.subarray(n);
    }
  }
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

function readOnce(fd: number, buf: Buffer, len: number): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buf, 0, len, null, (err, n) => {
      if (!err) return resolve(n);
      if (err.code === 'EAGAIN') return void sleep(1).then(() => resolve(-1));
      if (err.code === 'EIO' || err.code === 'EBADF') return resolve(0);
      reject(err);
    });
  });
}

export class FdInput implements InputStream {
  private readonly regular: boolean;
  private tty: boolean | undefined;

  get isTTY(): boolean {
    this.tty ??= fdIsTTY(this.fd);
    return this.tty;
  }

  constructor(readonly fd: number) {
    let regular = false;
    try {
      regular = fstatSync(fd).isFile();
    } catch {
      regular = false;
    }
    this.regular = regular;
  }

  async readAll(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for (;;) {
      const buf = Buffer.allocUnsafe(65536);
      const n = await readOnce(this.fd, buf, buf.length);
      if (n === -1) continue;
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
    }
    return Buffer.concat(chunks);
  }

  /**
   * One line, read a byte at a time (as bash does on pipes) so the shared offset stops
   * right after the newline. Regular files are read synchronously: cheap and never blocking.
   */
  async readRawLine(): Promise<{ line: string; eof: boolean }> {
    const bytes: number[] = [];
    const one = Buffer.alloc(1);
    for (;;) {
      let n: number;
      if (this.regular) {
        try {
          n = readSync(this.fd, one, 0, 1, null);
        } catch {
          n = 0;
        }
      } else n = await readOnce(this.fd, one, 1);
      if (n === -1) continue;
      if (n === 0) return { line: Buffer.from(bytes).toString('utf8'), eof: true };
      if (one[0] === 10) return { line: Buffer.from(bytes).toString('utf8'), eof: false };
      bytes.push(one[0]!);
    }
  }

  async readLine(): Promise<string | null> {
    const { line, eof } = await this.readRawLine();
    return eof && line === '' ? null : line;
  }
}
