// The interactive session's sink for background output (builtins/background-output.ts):
// one log file per agent or job under $AOSH_HOME/logs/, a one-line notice at the next
// prompt when a log grew ("[2] w: 3 new lines in ~/.aosh/logs/…"), and the last line of
// each for the agents panel.
import { closeSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { BackgroundLog, BackgroundOutputSink } from '../../builtins/background-output.js';

interface Entry {
  path: string;
  fd: number;
  label: string;
  ids: number[];
  /** Bytes already announced. */
  seen: number;
  closed: boolean;
}

export class BackgroundLogs implements BackgroundOutputSink {
  private readonly logs: Entry[] = [];
  private seq = 0;

  constructor(
    private readonly dir: string,
    private readonly home?: string,
  ) {}

  open(name: string): BackgroundLog | null {
    const safe = name.replace(/[^\w.-]+/g, '_').slice(0, 40) || 'job';
    let fd: number;
    const path = join(this.dir, `${new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}-${process.pid}-${++this.seq}-${safe}.log`);
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      fd = openSync(path, 'a', 0o600);
    } catch {
      return null; // no log directory: the terminal, as before
    }
    const e: Entry = { path, fd, label: name, ids: [], seen: 0, closed: false };
    this.logs.push(e);
    return {
      fd,
      path,
      attach: (ids, label) => {
        e.ids = ids;
        e.label = label;
      },
      close: () => {
        if (e.closed) return;
        e.closed = true;
        try {
          closeSync(fd);
        } catch {
          // already closed
        }
      },
    };
  }

  private size(e: Entry): number {
    try {
      return e.closed ? statSize(e.path) : fstatSync(e.fd).size;
    } catch {
      return e.seen;
    }
  }

  /** Lines for the next prompt: one per log that grew since the last call. */
  notices(): string[] {
    const out: string[] = [];
    for (const e of this.logs) {
      const size = this.size(e);
      if (size <= e.seen) continue;
      const lines = countLines(e.path, e.seen, size);
      e.seen = size;
      const where = this.home && e.path.startsWith(this.home + '/') ? '~' + e.path.slice(this.home.length) : e.path;
      out.push(`${e.label}: ${lines} new line${lines === 1 ? '' : 's'} of output in ${where}`);
    }
    // Ended and announced: nothing more to watch.
    for (let i = this.logs.length - 1; i >= 0; i--) if (this.logs[i]!.closed && this.size(this.logs[i]!) <= this.logs[i]!.seen) this.logs.splice(i, 1);
    return out;
  }

  /** The last line written by the entry with this kernel id, if it has a log. */
  lastLine(id: number): string | null {
    const e = this.logs.find((x) => x.ids.includes(id));
    if (!e) return null;
    return lastLineOf(e.path, this.size(e));
  }
}

function statSize(path: string): number {
  const fd = openSync(path, 'r');
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

function readRange(path: string, from: number, to: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.max(0, to - from));
    const n = readSync(fd, buf, 0, buf.length, from);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function countLines(path: string, from: number, to: number): number {
  try {
    // Big outputs are counted in 1 MiB steps; a partial last line counts as a line.
    let n = 0;
    let last = '\n';
    for (let at = from; at < to; at += 1 << 20) {
      const chunk = readRange(path, at, Math.min(to, at + (1 << 20)));
      for (const c of chunk) if (c === '\n') n++;
      if (chunk) last = chunk[chunk.length - 1]!;
    }
    return n + (last === '\n' ? 0 : 1);
  } catch {
    return 0;
  }
}

function lastLineOf(path: string, size: number): string | null {
  try {
    const tail = readRange(path, Math.max(0, size - 4096), size).replace(/\s+$/, '');
    if (!tail) return null;
    // eslint-disable-next-line no-control-regex
    return tail.slice(tail.lastIndexOf('\n') + 1).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\x00-\x1f]/g, ' ');
  } catch {
    return null;
  }
}
