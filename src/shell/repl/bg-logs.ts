// The interactive session's sink for background output (builtins/background-output.ts):
// one log file per agent or job under $AOSH_HOME/logs/, a one-line notice at the next
// prompt when output first appears and when an agent ends ("[2] w: done, status 0; 3
// lines of output in ~/.aosh/logs/…"), and the last line of each for the agents panel.
import { closeSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { BackgroundLog, BackgroundOutputSink } from '../../builtins/background-output.js';

interface Entry {
  path: string;
  fd: number;
  label: string;
  ids: number[];
  kind: 'agent' | 'job';
  /** Bytes seen at the last prompt. */
  seen: number;
  announced?: boolean;
  end?: string;
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
    const e: Entry = { path, fd, label: name, ids: [], kind: 'job', seen: 0, closed: false };
    this.logs.push(e);
    return {
      fd,
      path,
      attach: (ids, label, kind) => {
        e.ids = ids;
        e.label = label;
        e.kind = kind;
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

  private readonly endings: Entry[] = [];

  private where(e: Entry): string {
    return this.home && e.path.startsWith(this.home + '/') ? '~' + e.path.slice(this.home.length) : e.path;
  }

  /** A kernel entry ended: an agent with a log is announced at the next prompt (jobs are, by the job table). */
  ended(id: number, code: number | null, signal: string | null): void {
    const e = this.logs.find((x) => x.ids.includes(id));
    if (!e || e.kind !== 'agent') return;
    e.end = signal ? `killed by ${signal}` : `done, status ${code ?? 0}`;
    this.endings.push(e);
  }

  /**
   * Lines for the next prompt: when a log gets its first output, where it goes; when an
   * agent ended, its status and how much it wrote. Never more than one line per log.
   */
  notices(): string[] {
    const out: string[] = [];
    const ended = new Set(this.endings.splice(0));
    for (const e of this.logs) {
      const size = this.size(e);
      if (ended.has(e)) {
        const lines = countLines(e.path, 0, size);
        out.push(`${e.label}: ${e.end}${lines ? `; ${lines} line${lines === 1 ? '' : 's'} of output in ${this.where(e)}` : ''}`);
        e.seen = size;
        e.announced = true;
        continue;
      }
      if (size > 0 && !e.announced) {
        out.push(`${e.label}: output goes to ${this.where(e)} (Ctrl-T shows the last line)`);
        e.announced = true;
      }
      e.seen = size;
    }
    // Ended and announced: nothing more to watch.
    for (let i = this.logs.length - 1; i >= 0; i--) {
      const e = this.logs[i]!;
      if (e.closed && (e.kind === 'job' || e.end)) this.logs.splice(i, 1);
    }
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
    return tail.slice(tail.lastIndexOf('\n') + 1).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\x00-\x1f]/g, ' ');
  } catch {
    return null;
  }
}
