// Run checkpoints on disk: $AOSH_HOME/runs/<id>/
//   steps.jsonl   one step per line, appended and fsync'd before the next step starts
//   meta.json     summary for `agent runs` (temp file + fsync + rename)
//   lock          pid of the process running it (a second resume is refused while it lives)
//   snapshots/    previous contents of files the run wrote (for `agent rewind`)
// Ids are "YYYYMMDD-HHMMSS-xxxx" in UTC, so sorting ids sorts runs by start time.
import { randomBytes, createHash } from 'node:crypto';
import { closeSync, constants as fsc, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { NewStep, RunMeta, Step } from './types.js';
import { fsyncDir } from '../fsutil.js';

const ID_RE = /^\d{8}-\d{6}-[0-9a-z]{4}$/;

export function newRunId(now = new Date()): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  const rand = (randomBytes(4).readUInt32BE(0) % 36 ** 4).toString(36).padStart(4, '0');
  return `${stamp}-${rand}`;
}

/** A step's hash: over its previous hash and its own JSON without the hash field. */
export function stepHash(s: { hash?: string }): string {
  const { hash: _omit, ...rest } = s;
  return sha256(JSON.stringify(rest));
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}


/** temp + fsync + rename + directory fsync. */
export function writeAtomic(path: string, data: string | Uint8Array, dir: string): void {
  const tmp = `${path}.${process.pid}.${randomBytes(3).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDir(dir);
}

function pidAlive(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie still answers kill(0); /proc says whether it is really running.
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** Parses steps.jsonl; a torn last line (crash mid-append) is skipped. */
export function parseSteps(text: string): Step[] {
  const out: Step[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as Step);
    } catch {
      // torn write: never acknowledged, so never acted upon
    }
  }
  return out;
}

export class RunStore {
  readonly root: string;

  constructor(home: string) {
    this.root = join(home, 'runs');
  }

  dir(id: string): string {
    if (!ID_RE.test(id)) throw new Error(`not a run id: ${id}`);
    return join(this.root, id);
  }

  ids(): string[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root).filter((n) => ID_RE.test(n) && existsSync(join(this.root, n, 'meta.json'))).sort();
  }

  /** A full id from an id, a unique prefix or suffix, or "last"/"latest". */
  resolve(spec: string): string {
    const ids = this.ids();
    if (spec === 'last' || spec === 'latest') {
      const last = this.list().at(-1);
      if (!last) throw new Error('no runs yet');
      return last.id;
    }
    if (ids.includes(spec)) return spec;
    const hits = ids.filter((id) => id.startsWith(spec) || id.endsWith(spec));
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) throw new Error(`ambiguous run id: ${spec} (${hits.slice(0, 5).join(', ')}${hits.length > 5 ? ', ...' : ''})`);
    throw new Error(`no such run: ${spec}`);
  }

  create(meta: Omit<RunMeta, 'id'>): Run {
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
    let id = newRunId();
    while (existsSync(join(this.root, id))) id = newRunId();
    const dir = join(this.root, id);
    mkdirSync(dir, { mode: 0o700 });
    fsyncDir(this.root);
    const run = new Run(id, dir, { ...meta, id } as RunMeta, []);
    run.lock();
    run.saveMeta();
    return run;
  }

  /** Opens a run for reading (and, after lock(), for appending). */
  open(id: string): Run {
    const dir = this.dir(id);
    const metaText = readFileSync(join(dir, 'meta.json'), 'utf8');
    const meta = JSON.parse(metaText) as RunMeta;
    const steps = existsSync(join(dir, 'steps.jsonl')) ? parseSteps(readFileSync(join(dir, 'steps.jsonl'), 'utf8')) : [];
    return new Run(id, dir, meta, steps);
  }

  /** Every run, oldest first; a `running` run whose process is gone shows as interrupted. */
  list(): RunMeta[] {
    const out: RunMeta[] = [];
    for (const id of this.ids()) {
      try {
        const run = this.open(id);
        out.push(run.effectiveMeta());
      } catch {
        // unreadable run directory: skip
      }
    }
    return out.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  }
}

/** Runs locked by this process (a lock file holding our own pid is not stale while listed). */
const heldHere = new Set<string>();

export class Run {
  private fd: number | null = null;
  private locked = false;

  constructor(
    readonly id: string,
    readonly dir: string,
    public meta: RunMeta,
    readonly steps: Step[],
  ) {}

  get stepsFile(): string {
    return join(this.dir, 'steps.jsonl');
  }

  /** meta as `agent runs` shows it: counters from the steps, crashed runs as interrupted. */
  effectiveMeta(): RunMeta {
    const m = { ...this.meta };
    let turns = 0;
    let input = 0;
    let output = 0;
    let cost = 0;
    for (const s of this.steps) {
      if (s.kind === 'model') {
        turns = Math.max(turns, s.turn);
        input += s.usage.input;
        output += s.usage.output;
        cost += s.costUsd;
      } else if (s.kind === 'result' && s.usage) {
        input += s.usage.input;
        output += s.usage.output;
        cost += s.costUsd ?? 0;
      }
    }
    m.turns = turns;
    m.usage = { input, output };
    m.costUsd = cost;
    m.steps = this.steps.length;
    if (m.status === 'running' && !pidAlive(m.pid)) {
      m.status = 'interrupted';
      m.reason ??= `process ${m.pid} ended without finishing the run (crash or kill -9); agent --resume ${m.id} continues it`;
    }
    return m;
  }

  /** Takes runs/<id>/lock for this process; throws when another live process holds it. */
  lock(): void {
    const file = join(this.dir, 'lock');
    if (heldHere.has(this.dir)) throw new Error(`run ${this.id} is being run in this session`);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, fsc.O_CREAT | fsc.O_EXCL | fsc.O_WRONLY, 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        this.locked = true;
        heldHere.add(this.dir);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        let pid = 0;
        try {
          pid = Number(readFileSync(file, 'utf8').trim());
        } catch {
          // vanished: retry
        }
        if (pid > 0 && pid !== process.pid && pidAlive(pid)) throw new Error(`run ${this.id} is being run by process ${pid}`);
        try {
          unlinkSync(file);
        } catch {
          // raced: retry once
        }
      }
    }
    throw new Error(`cannot lock run ${this.id}`);
  }

  unlock(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
    if (!this.locked) return;
    this.locked = false;
    heldHere.delete(this.dir);
    try {
      unlinkSync(join(this.dir, 'lock'));
    } catch {
      // already gone
    }
  }

  /** Appends one step and fsyncs it; returns it with its position and time. */
  append(step: NewStep): Step {
    if (this.fd === null) {
      const file = this.stepsFile;
      const existed = existsSync(file);
      this.fd = openSync(file, 'a', 0o600);
      // A torn last line (crash mid-append) must not swallow the next record.
      if (existed) {
        const size = statSync(file).size;
        if (size > 0) {
          const last = Buffer.alloc(1);
          const rfd = openSync(file, 'r');
          try {
            readSync(rfd, last, 0, 1, size - 1);
          } finally {
            closeSync(rfd);
          }
          if (last[0] !== 0x0a) writeSync(this.fd, '\n');
        }
      } else fsyncDir(this.dir);
    }
    // A hash chain: `agent rewind` and `--resume` act on what the steps say (files to
    // restore or delete), so a steps file changed outside aosh must not be acted on.
    const prev = this.steps.length ? (this.steps[this.steps.length - 1]!.hash ?? '') : '';
    const full = { step: this.steps.length + 1, ts: new Date().toISOString(), ...step, prev } as Step;
    full.hash = stepHash(full);
    writeSync(this.fd, JSON.stringify(full) + '\n');
    fsyncSync(this.fd);
    this.steps.push(full);
    return full;
  }

  /** The first step whose hash does not follow from the ones before, or null when the chain holds. */
  verify(): number | null {
    let prev = '';
    for (const s of this.steps) {
      if (s.prev !== prev || !s.hash || stepHash(s) !== s.hash) return s.step;
      prev = s.hash;
    }
    return null;
  }

  /** Throws unless the steps verify (before acting on them: rewind, resume). */
  assertIntact(action: string): void {
    const broken = this.verify();
    if (broken !== null) throw new Error(`run ${this.id}: steps.jsonl does not verify at step ${broken} (changed outside aosh): refusing to ${action}`);
  }

  saveMeta(): void {
    this.meta.updatedAt = new Date().toISOString();
    writeAtomic(join(this.dir, 'meta.json'), JSON.stringify(this.meta, null, 2) + '\n', this.dir);
  }

  /** Keeps a file's previous content under snapshots/; returns the stored name. */
  saveSnapshot(step: number, data: Buffer): string {
    const dir = join(this.dir, 'snapshots');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const name = `${String(step).padStart(6, '0')}-${sha256(data).slice(0, 16)}`;
    writeAtomic(join(dir, name), data, dir);
    return `snapshots/${name}`;
  }
}
