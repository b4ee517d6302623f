// The persisted side of budgets: $AOSH_HOME/budgets.json, read-modify-written under an
// exclusive lock file so several aosh processes share global budgets exactly. Holds
// (reservations in flight) are kept per pid; holds of dead processes are dropped.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';

export interface Bucket {
  tokens: number;
  usd: number;
}

interface FileState {
  v: 1;
  /** "key@bucket" -> spent. */
  used: Record<string, Bucket & { t: number }>;
  /** pid -> "key@bucket" -> held. */
  holds: Record<string, Record<string, Bucket>>;
}

export interface LedgerState {
  used(key: string, bucket: number): Bucket;
  /** This process's holds. */
  held(key: string, bucket: number): Bucket;
  /** Other live processes' holds (read-only). */
  others(key: string, bucket: number): Bucket;
}

const STALE_LOCK_MS = 10_000;
const PRUNE_MS = 3 * 86_400_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class LedgerFile {
  readonly path: string;
  private readonly lock: string;

  constructor(home: string) {
    mkdirSync(home, { recursive: true });
    this.path = join(home, 'budgets.json');
    this.lock = `${this.path}.lock`;
  }

  private acquire(): void {
    const deadline = Date.now() + 5_000;
    for (;;) {
      try {
        closeSync(openSync(this.lock, 'wx'));
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        try {
          if (Date.now() - statSync(this.lock).mtimeMs > STALE_LOCK_MS) unlinkSync(this.lock);
        } catch {
          /* raced with the holder: retry */
        }
        if (Date.now() > deadline) throw new Error(`cannot lock ${this.lock}`);
        Atomics.wait(sleeper, 0, 0, 2);
      }
    }
  }

  private load(): FileState {
    try {
      const s = JSON.parse(readFileSync(this.path, 'utf8')) as FileState;
      if (s && s.v === 1) return s;
    } catch {
      /* absent or unreadable: start empty */
    }
    return { v: 1, used: {}, holds: {} };
  }

  private save(s: FileState): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeFileSync(fd, JSON.stringify(s));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }

  transact<T>(fn: (state: LedgerState) => T): T {
    this.acquire();
    try {
      const s = this.load();
      const now = Date.now();
      for (const pid of Object.keys(s.holds)) if (Number(pid) !== process.pid && !alive(Number(pid))) delete s.holds[pid];
      for (const [k, v] of Object.entries(s.used)) if (!k.includes(':all:') && now - v.t > PRUNE_MS) delete s.used[k];
      const mine = (s.holds[String(process.pid)] ??= {});
      const state: LedgerState = {
        used: (k, b) => {
          const id = `${k}@${b}`;
          const v = (s.used[id] ??= { tokens: 0, usd: 0, t: now });
          v.t = now;
          return v;
        },
        held: (k, b) => (mine[`${k}@${b}`] ??= { tokens: 0, usd: 0 }),
        others: (k, b) => {
          const sum = { tokens: 0, usd: 0 };
          for (const [pid, hs] of Object.entries(s.holds)) {
            if (Number(pid) === process.pid) continue;
            const h = hs[`${k}@${b}`];
            if (h) {
              sum.tokens += h.tokens;
              sum.usd += h.usd;
            }
          }
          return sum;
        },
      };
      const out = fn(state);
      for (const [k, v] of Object.entries(mine)) if (v.tokens <= 0 && v.usd <= 0) delete mine[k];
      if (Object.keys(mine).length === 0) delete s.holds[String(process.pid)];
      this.save(s);
      return out;
    } finally {
      try {
        unlinkSync(this.lock);
      } catch {
        /* already gone */
      }
    }
  }
}
