// The audit journal: append-only JSONL under $AOSH_HOME/journal/, hash-chained and crash-safe.
//
// Record: {"seq","ts","session","type",...fields,"prev","hash"} on one line. `prev` is the
// previous record's hash; `hash` = SHA-256 of the line's text without its `,"hash":"…"` suffix
// (so verification is byte-exact, no canonical-JSON rules). The first record of a file has
// prev = 64 zeros.
//
// Durability: append() resolves only after the line is written and fdatasync'd, and callers
// answer a syscall only after that, so `kill -9` of aosh never loses a record whose syscall
// was answered. Appends that arrive while a flush is in flight wait for the next one and are
// written and synced together (group commit): one fdatasync per batch, not per record.
//
// Files: one process at a time owns `audit.jsonl` (lock file `audit.lock` holding its pid;
// a lock whose pid is dead is stale and taken over). A second concurrent aosh writes its own
// chain to `audit-<pid>-<time>.jsonl` rather than interleaving two chains in one file.
//
// Torn tail after a crash (a batch write cut short): on open, the bytes after the last valid
// record are left in place (they are evidence, never rewritten), a newline is added if they
// lack one, and the next record is `journal.recovered` carrying their offset, length and
// SHA-256, chained to the last good record. `verify` reports such a region as recovered (the
// chain is intact); a torn region at the very end of a file is reported as a torn tail (also
// intact: nothing in it was ever acknowledged); anything else is a broken link.
import { createHash } from 'node:crypto';
import { closeSync, constants as fsc, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, unlinkSync, writeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { fsPromises } from '../lib/tty.js';
import { join } from 'node:path';
import { fsyncDir } from './fsutil.js';

export const GENESIS = '0'.repeat(64);
const HASH_SUFFIX = /,"hash":"([0-9a-f]{64})"\}$/;

export interface JournalRecord {
  seq: number;
  ts: string;
  session: string;
  type: string;
  prev: string;
  hash: string;
  [field: string]: unknown;
}

export interface JournalOptions {
  /** Session id written into every record (default: pid + start time). */
  session?: string;
}

interface Pending {
  line: string;
  record: JournalRecord;
  resolve: (r: JournalRecord) => void;
  reject: (e: Error) => void;
  /** false: written at once but not fdatasync'd on its own (process records). */
  durable: boolean;
}

export class Journal {
  private seq: number;
  private last: string;
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private failed: Error | null = null;
  private closed = false;
  /** Records durably written by this instance (for tests and `audit` stats). */
  written = 0;
  /** fdatasync calls made (group commit: written / syncs = average batch). */
  syncs = 0;
  private readonly observers = new Set<(r: JournalRecord) => void>();

  private constructor(
    readonly file: string,
    private readonly fh: FileHandle,
    readonly session: string,
    state: { seq: number; last: string },
    private readonly lockFile: string | null,
  ) {
    this.seq = state.seq;
    this.last = state.last;
  }

  /** Opens (creating if needed) the journal in `dir`, recovering a torn tail. */
  static async open(dir: string, opts: JournalOptions = {}): Promise<Journal> {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const session = opts.session ?? `${process.pid}-${Date.now().toString(36)}`;
    let file = join(dir, 'audit.jsonl');
    const lockFile = join(dir, 'audit.lock');
    const locked = takeLock(lockFile);
    if (!locked) file = join(dir, `audit-${process.pid}-${Date.now().toString(36)}.jsonl`);
    const isNew = !existsSync(file);
    const state = isNew ? { seq: 0, last: GENESIS, torn: null } : scanTail(file);
    const fh = await fsPromises().open(file, 'a', 0o600);
    if (isNew) fsyncDir(dir);
    const j = new Journal(file, fh, session, state, locked ? lockFile : null);
    if (state.torn) {
      // Keep the torn bytes; start the next record on a fresh line and say what was cut.
      if (!state.torn.endsWithNewline) await fh.write('\n');
      await j.append('journal.recovered', { torn_offset: state.torn.offset, torn_bytes: state.torn.length, torn_sha256: state.torn.sha256 });
    }
    return j;
  }

  /** Hash of the last record appended (durable or pending). */
  get head(): string {
    return this.last;
  }

  /**
   * Appends a record; resolves once it is on disk (written + fdatasync). The chain order is
   * the call order. Rejects (and every later append too) if the journal cannot be written:
   * callers must then refuse the syscall rather than answer without a record.
   */
  append(type: string, fields: Record<string, unknown> = {}, opts: { durable?: boolean } = {}): Promise<JournalRecord> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closed) return Promise.reject(new Error('audit journal is closed'));
    const seq = ++this.seq;
    const prev = this.last;
    const rest = { ...fields };
    for (const k of ['seq', 'ts', 'session', 'type', 'prev', 'hash']) delete rest[k];
    // Insertion order is the key order on disk: header, the caller's fields, prev.
    const obj = { seq, ts: new Date().toISOString(), session: this.session, type, ...rest, prev };
    const body = JSON.stringify(obj);
    const hash = sha256(body);
    this.last = hash;
    const line = `${body.slice(0, -1)},"hash":"${hash}"}\n`;
    const record = { ...obj, hash } as JournalRecord;
    for (const fn of this.observers) {
      try {
        fn(record);
      } catch {
        // an observer (the dashboard's audit tail) must never fail an append
      }
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ line, record, resolve, reject, durable: opts.durable ?? true });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length) {
        const batch = this.pending;
        this.pending = [];
        try {
          await this.fh.write(batch.map((p) => p.line).join(''));
          // Records of answered syscalls are synced before they resolve; process records
          // (durable: false) ride along with the next sync, or the one at close.
          if (batch.some((p) => p.durable)) {
            await this.fh.datasync();
            this.syncs++;
          }
          this.written += batch.length;
        } catch (err) {
          this.failed = new Error(`audit journal write failed: ${(err as Error).message}`);
          for (const p of [...batch, ...this.pending.splice(0)]) p.reject(this.failed);
          return;
        }
        for (const p of batch) p.resolve(p.record);
      }
    } finally {
      this.flushing = null;
    }
  }

  /**
   * Calls fn with every record as it is appended (in chain order, before it is durable):
   * the dashboard's live audit tail and the denial counters. Returns the unsubscribe function.
   */
  observe(fn: (r: JournalRecord) => void): () => void {
    this.observers.add(fn);
    return () => this.observers.delete(fn);
  }

  /** Waits for pending records, closes the file and releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.flushing) await this.flushing;
    // Unsynced process records are in the page cache: they survive a kill -9 of aosh (the
    // crash the journal promises to survive); the next durable record syncs them to disk.
    await this.fh.close();
    if (this.lockFile) {
      try {
        unlinkSync(this.lockFile);
      } catch {
        // already gone
      }
    }
  }
}

function sha256(s: string | Buffer): string {
  return createHash('sha256').update(s).digest('hex');
}

function takeLock(lockFile: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, fsc.O_CREAT | fsc.O_EXCL | fsc.O_WRONLY, 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      const pid = Number(readFileSafe(lockFile).trim());
      if (pid > 0 && pid !== process.pid && pidAlive(pid)) return false;
      if (pid === process.pid) return false; // another Journal in this process owns it
      try {
        unlinkSync(lockFile); // stale: its owner died (e.g. kill -9)
      } catch {
        // raced with another taker; retry once
      }
    }
  }
  return false;
}

function readFileSafe(f: string): string {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return '';
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}


interface Torn {
  offset: number;
  length: number;
  sha256: string;
  endsWithNewline: boolean;
}

/** Finds the last valid record of a file and any torn bytes after it. */
/**
 * The last valid record and what follows it. Reads only the end of the file (doubling the
 * window while no valid record is in it): the journal grows with every command, and opening
 * it must not cost more as it does.
 */
function scanTail(file: string): { seq: number; last: string; torn: Torn | null } {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    for (let window = Math.min(size, 256 * 1024); ; window = Math.min(size, window * 4)) {
      const base = size - window;
      const buf = Buffer.alloc(window);
      readSync(fd, buf, 0, window, base);
      const lines = splitLines(buf);
      // The first line of a window that starts mid-file may be cut: never trust it.
      const first = base > 0 ? 1 : 0;
      for (let i = lines.length - 1; i >= first; i--) {
        const rec = parseLine(lines[i]!.text);
        if (!rec) continue;
        const end = lines[i]!.offset + lines[i]!.raw.length;
        const rest = buf.subarray(end);
        const torn = rest.length ? { offset: base + end, length: rest.length, sha256: sha256(rest), endsWithNewline: rest[rest.length - 1] === 0x0a } : null;
        return { seq: rec.seq, last: rec.hash, torn };
      }
      if (base === 0) {
        const torn = buf.length ? { offset: 0, length: buf.length, sha256: sha256(buf), endsWithNewline: buf[buf.length - 1] === 0x0a } : null;
        return { seq: 0, last: GENESIS, torn };
      }
    }
  } finally {
    closeSync(fd);
  }
}

interface Line {
  offset: number;
  /** The bytes including the newline, if any. */
  raw: Buffer;
  text: string;
}

function splitLines(buf: Buffer): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    const end = nl < 0 ? buf.length : nl + 1;
    const raw = buf.subarray(start, end);
    out.push({ offset: start, raw, text: raw.toString('utf8').replace(/\n$/, '') });
    start = end;
  }
  return out;
}

/** A record whose own hash is right, or null (torn, garbage, or tampered). */
function parseLine(text: string): JournalRecord | null {
  const m = HASH_SUFFIX.exec(text);
  if (!m) return null;
  const body = text.slice(0, m.index) + '}';
  if (sha256(body) !== m[1]) return null;
  try {
    const rec = JSON.parse(text) as JournalRecord;
    return typeof rec.seq === 'number' && typeof rec.prev === 'string' ? rec : null;
  } catch {
    return null;
  }
}

export interface VerifyResult {
  file: string;
  ok: boolean;
  records: number;
  /** 1-based line of the first broken link, and why. */
  broken?: { line: number; seq: number | null; reason: string };
  /** Torn regions that a later `journal.recovered` record accounts for. */
  recovered: Array<{ line: number; bytes: number }>;
  /** Bytes after the last record that were never acknowledged (a crash mid-write). */
  tornTail?: { line: number; bytes: number };
  head: string;
}

/** Checks one journal file's chain from its genesis. */
export function verifyFile(file: string): VerifyResult {
  const buf = readFileSync(file);
  const lines = splitLines(buf);
  const res: VerifyResult = { file, ok: true, records: 0, recovered: [], head: GENESIS };
  let prev = GENESIS;
  let seq = 0;
  for (let i = 0; i < lines.length; i++) {
    const ln = lines[i]!;
    if (ln.text === '' && ln.raw.length <= 1 && i === lines.length - 1) continue;
    const rec = parseLine(ln.text);
    if (!rec) {
      // A run of bad lines is either accounted for by the next valid record (journal.recovered)
      // or runs to the end of the file (torn tail). Anything else breaks the chain.
      let j = i;
      while (j < lines.length && !parseLine(lines[j]!.text)) j++;
      const bytes = (j < lines.length ? lines[j]!.offset : buf.length) - ln.offset;
      if (j === lines.length) {
        res.tornTail = { line: i + 1, bytes };
        break;
      }
      const next = parseLine(lines[j]!.text)!;
      if (next.type === 'journal.recovered' && next.torn_offset === ln.offset && accountsFor(buf, ln.offset, lines[j]!.offset, next)) {
        res.recovered.push({ line: i + 1, bytes: next.torn_bytes as number });
        i = j - 1;
        continue;
      }
      return fail(res, i + 1, null, hashBroken(ln.text) ? 'record hash does not match its content' : 'unreadable line');
    }
    if (rec.prev !== prev) return fail(res, i + 1, rec.seq, `prev hash does not match record ${seq}'s hash (a record was removed, reordered or changed)`);
    if (rec.seq !== seq + 1) return fail(res, i + 1, rec.seq, `sequence jumps from ${seq} to ${rec.seq}`);
    prev = rec.hash;
    seq = rec.seq;
    res.records++;
  }
  res.head = prev;
  return res;
}

/** The recovery record names exactly these bytes (plus the newline recovery may add). */
function accountsFor(buf: Buffer, start: number, end: number, rec: JournalRecord): boolean {
  const n = rec.torn_bytes;
  if (typeof n !== 'number' || typeof rec.torn_sha256 !== 'string') return false;
  const extra = end - start - n;
  if (extra !== 0 && !(extra === 1 && buf[end - 1] === 0x0a)) return false;
  return sha256(buf.subarray(start, start + n)) === rec.torn_sha256;
}

function hashBroken(text: string): boolean {
  return HASH_SUFFIX.test(text);
}

function fail(res: VerifyResult, line: number, seq: number | null, reason: string): VerifyResult {
  res.ok = false;
  res.broken = { line, seq, reason };
  return res;
}

/** The journal files of a directory, main file last (it is the newest chain). */
export function journalFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort();
  const main = names.indexOf('audit.jsonl');
  if (main >= 0) names.push(...names.splice(main, 1));
  return names.map((n) => join(dir, n));
}

/** Every valid record of every file in `dir`, oldest first (by time, then sequence). */
export function readRecords(dir: string): JournalRecord[] {
  const out: JournalRecord[] = [];
  for (const f of journalFiles(dir)) {
    for (const ln of splitLines(readFileSync(f))) {
      const r = parseLine(ln.text);
      if (r) out.push(r);
    }
  }
  return out.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.seq - b.seq));
}

/** The journal directory for an AOSH_HOME. */
export function journalDir(home: string): string {
  return join(home, 'journal');
}
