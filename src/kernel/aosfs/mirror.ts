// conversations/ in the files view: the text files of $AOSH_HOME/conversations (meta.json,
// transcript.jsonl, transcript.md) mirrored into the tree. $AOSH_HOME itself is hidden in every
// world (it holds keys and the journal), so a symlink would dangle there; a mirror needs no
// second bind. Each file is hard-linked when the tree and $AOSH_HOME share a filesystem (no
// copy, and the appended transcript.jsonl stays current by itself), copied otherwise; files the
// store replaces atomically (meta.json, transcript.md) are linked again when the store reports a
// change. Attachments (images) are not mirrored: the transcripts name them.
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const FILES = ['meta.json', 'transcript.jsonl', 'transcript.md'] as const;
const ID_RE = /^\d{8}-\d{6}-[0-9a-f]{4}$/;
/** Conversations mirrored per turn of the event loop during the first sync. */
const BATCH = 50;

export class ConversationMirror {
  private stopped = false;
  /** Conversations mirrored (for tests and the README's promise). */
  mirrored = 0;
  /** How files got there: links where possible. */
  mode: 'link' | 'copy' | 'none' = 'none';

  constructor(
    /** $AOSH_HOME/conversations */
    private readonly source: string,
    /** <tree>/conversations */
    private readonly target: string,
    private readonly tmpDir: string,
  ) {}

  /** Mirrors everything already there, a batch per event-loop turn; resolves when done. */
  async syncAll(): Promise<void> {
    const dirs: { rel: string; dir: string }[] = [];
    for (const y of list(this.source, /^\d{4}$/))
      for (const m of list(join(this.source, y), /^\d{2}$/))
        for (const d of list(join(this.source, y, m), /^\d{2}$/))
          for (const id of list(join(this.source, y, m, d), ID_RE)) dirs.push({ rel: join(y, m, d, id), dir: join(this.source, y, m, d, id) });
    for (let i = 0; i < dirs.length; i += BATCH) {
      if (this.stopped) return;
      for (const c of dirs.slice(i, i + BATCH)) this.mirror(c.rel);
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Mirrors one conversation given its directory (called when the store changed it). */
  changed(dir: string): void {
    if (this.stopped || !dir.startsWith(this.source + '/')) return;
    this.mirror(dir.slice(this.source.length + 1));
    this.copyLatest();
  }

  private copyLatest(): void {
    const src = join(this.source, 'latest');
    if (existsSync(src)) this.place(src, join(this.target, 'latest'), false);
  }

  private mirror(rel: string): void {
    const from = join(this.source, rel);
    const to = join(this.target, rel);
    try {
      mkdirSync(to, { recursive: true });
    } catch {
      return;
    }
    for (const f of FILES) {
      const src = join(from, f);
      if (existsSync(src)) this.place(src, join(to, f), true);
    }
    this.mirrored++;
  }

  /** Puts src at dest atomically: a hard link if allowed, else a copy. */
  private place(src: string, dest: string, link: boolean): void {
    const tmp = join(this.tmpDir, `m${process.pid}.${Math.random().toString(36).slice(2, 10)}`);
    try {
      if (link && this.mode !== 'copy') {
        try {
          linkSync(src, tmp);
          this.mode = 'link';
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw err;
          this.mode = 'copy';
          copyFileSync(src, tmp);
        }
      } else {
        if (this.mode === 'none') this.mode = 'copy';
        copyFileSync(src, tmp);
      }
      renameSync(tmp, dest);
    } catch {
      rmSync(tmp, { force: true });
    }
  }

  stop(): void {
    this.stopped = true;
  }
}

function list(dir: string, re: RegExp): string[] {
  try {
    return readdirSync(dir).filter((n) => re.test(n));
  } catch {
    return [];
  }
}
