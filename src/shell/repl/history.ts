// Command history: an append-only file ($AOSH_HOME/history), one entry per line; a
// multi-line entry is stored with its newlines escaped (\n) and backslashes doubled.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function escapeEntry(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function unescapeEntry(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

export class History {
  private readonly list: string[] = [];

  constructor(
    readonly file: string | null,
    private readonly max = 10_000,
  ) {}

  /** Reads the file (missing is fine); consecutive duplicates are collapsed. */
  load(): this {
    if (!this.file) return this;
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return this;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      const entry = unescapeEntry(line);
      if (this.list[this.list.length - 1] !== entry) this.list.push(entry);
    }
    if (this.list.length > this.max) this.list.splice(0, this.list.length - this.max);
    return this;
  }

  get entries(): readonly string[] {
    return this.list;
  }

  /** `history -c`: forgets everything, the file too. */
  clear(): void {
    this.list.length = 0;
    this.rewrite();
  }

  /** `history -d N` (1-based). */
  delete(position: number): boolean {
    if (position < 1 || position > this.list.length) return false;
    this.list.splice(position - 1, 1);
    this.rewrite();
    return true;
  }

  private rewrite(): void {
    if (!this.file) return;
    try {
      writeFileSync(this.file, this.list.map((e) => escapeEntry(e) + '\n').join(''));
    } catch {
      // an unwritable history must never break the session
    }
  }

  /** Adds an entry (not blank, not equal to the previous one) and appends it to the file. */
  add(entry: string): boolean {
    const e = entry.replace(/\s+$/, '');
    if (!e.trim() || this.list[this.list.length - 1] === e) return false;
    this.list.push(e);
    if (this.list.length > this.max) this.list.shift();
    if (this.file) {
      try {
        mkdirSync(dirname(this.file), { recursive: true });
        appendFileSync(this.file, escapeEntry(e) + '\n');
      } catch {
        // an unwritable history must never break the session
      }
    }
    return true;
  }
}
