// Following the files of one agent for its page: stdout/stderr (when the kernel holds its
// output), and the tree's log and output. Polled by size every TAIL_MS while a page watches:
// cheaper and more predictable than one inotify watch per file, and a replaced file (the
// tree's atomic writes) shows as a new inode, which sends the whole file again.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentFile } from './protocol.js';

export const FILES: AgentFile[] = ['stdout', 'stderr', 'log', 'output'];
/** What a page gets at first, and at most per poll, per file. */
export const FIRST_BYTES = 64 * 1024;
const STEP_BYTES = 256 * 1024;

interface Seen {
  size: number;
  ino: number;
}

export class AgentTail {
  private readonly seen = new Map<AgentFile, Seen>();

  constructor(readonly dir: string | null) {}

  /** The last FIRST_BYTES of each file that exists. */
  initial(): Partial<Record<AgentFile, string>> {
    const out: Partial<Record<AgentFile, string>> = {};
    if (!this.dir) return out;
    for (const f of FILES) {
      const st = stat(join(this.dir, f));
      if (!st) continue;
      const from = Math.max(0, st.size - FIRST_BYTES);
      out[f] = readRange(join(this.dir, f), from, st.size - from);
      this.seen.set(f, { size: st.size, ino: st.ino });
    }
    return out;
  }

  /** What changed since the last call: appended bytes, or a whole file that was replaced. */
  poll(): { file: AgentFile; data: string; reset: boolean }[] {
    const out: { file: AgentFile; data: string; reset: boolean }[] = [];
    if (!this.dir) return out;
    for (const f of FILES) {
      const path = join(this.dir, f);
      const st = stat(path);
      if (!st) continue;
      const prev = this.seen.get(f);
      if (prev && prev.ino === st.ino && prev.size === st.size) continue;
      if (!prev || prev.ino !== st.ino || st.size < prev.size) {
        const from = Math.max(0, st.size - FIRST_BYTES);
        out.push({ file: f, data: readRange(path, from, st.size - from), reset: true });
        this.seen.set(f, { size: st.size, ino: st.ino });
        continue;
      }
      const n = Math.min(STEP_BYTES, st.size - prev.size);
      out.push({ file: f, data: readRange(path, prev.size, n), reset: false });
      this.seen.set(f, { size: prev.size + n, ino: st.ino });
    }
    return out;
  }
}

function stat(path: string): Seen | null {
  try {
    const st = statSync(path);
    return st.isFile() ? { size: st.size, ino: st.ino } : null;
  } catch {
    return null;
  }
}

function readRange(path: string, from: number, length: number): string {
  if (length <= 0) return '';
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const buf = Buffer.alloc(length);
    const n = readSync(fd, buf, 0, length, from);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
