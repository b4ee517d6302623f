// A world's virtual filesystem (spec §6.3). Purely a map in the kernel's memory: nothing
// here ever reaches the real filesystem, whatever the path says. Every byte it holds is
// counted against the world's and the kernel's budgets (limits.ts: world_files,
// world_file_bytes, world_bytes, worlds_bytes), so a client cannot grow it without end.
import { monotonicMs } from '../event-hub.js';
import { formatBytes } from '../../limits.js';
import { BadRequest } from '../handlers/util.js';
import { globMatch, MAX_PATH_CHARS, MAX_PATTERN_CHARS, normalisePath } from './glob.js';
import { isObj, num, obj, str, strings } from './values.js';

/** Patterns per list (readonly, writable, intercept): matching cost grows with them. */
export const MAX_PATTERNS = 64;

export interface VfsFile {
  content: string;
  bytes: number;
  mode: 'r' | 'rw';
  created_at: number;
  modified_at: number;
}

/** Bytes held by all worlds' files together (one per kernel). */
export class ByteBudget {
  used = 0;
  constructor(readonly max: number) {}
}

export interface VfsLimits {
  files: number;
  fileBytes: number;
  worldBytes: number;
  total: ByteBudget;
}

/** What a file costs: its content and its path. */
function cost(path: string, bytes: number): number {
  return bytes + Buffer.byteLength(path);
}

export class VirtualFs {
  readonly files = new Map<string, VfsFile>();
  readonlyPatterns: string[] = [];
  writablePatterns: string[] = [];
  interceptPatterns: string[] = [];
  readCount = 0;
  writeCount = 0;
  bytesRead = 0;
  bytesWritten = 0;
  /** Bytes this world holds (files' content + paths). */
  used = 0;

  constructor(private readonly limits: VfsLimits) {}

  /**
   * From a create config's `virtual_filesystem` or a snapshot's `vfs` (files there carry
   * their timestamps). Loading is all or nothing: the caller drops the world on a throw, and
   * release() gives back what was counted.
   */
  load(cfg: Record<string, unknown>, filesKey: 'initial_files' | 'files'): void {
    const where = filesKey === 'files' ? 'snapshot.vfs' : 'virtual_filesystem';
    this.readonlyPatterns = strings(cfg, 'readonly_patterns', where, MAX_PATTERNS, MAX_PATTERN_CHARS);
    this.writablePatterns = strings(cfg, 'writable_patterns', where, MAX_PATTERNS, MAX_PATTERN_CHARS);
    const files = obj(cfg, filesKey, where);
    const now = monotonicMs();
    for (const [p, v] of Object.entries(files)) {
      let content: string;
      let mode: 'r' | 'rw' = 'rw';
      let created = now;
      let modified = now;
      if (typeof v === 'string') content = v;
      else if (isObj(v)) {
        content = str(v, 'content', '', `${where}.${filesKey}[${p}]`)!;
        mode = str(v, 'mode', 'rw', `${where}.${filesKey}[${p}]`) === 'r' ? 'r' : 'rw';
        created = num(v, 'created_at', now, `${where}.${filesKey}[${p}]`);
        modified = num(v, 'modified_at', now, `${where}.${filesKey}[${p}]`);
      } else throw new BadRequest(`invalid request: ${where}.${filesKey}[${p}] must be a string or an object`);
      const path = normalisePath(p);
      const err = this.put(path, content, false, created, modified);
      if (err) throw new BadRequest(`${where}.${filesKey}[${p}]: ${err}`);
      this.setMode(path, mode);
    }
    // Only an absent list takes the default (an explicit [] intercepts existing files only).
    if (cfg.intercept_patterns === undefined || cfg.intercept_patterns === null) {
      this.interceptPatterns = this.files.size || this.readonlyPatterns.length || this.writablePatterns.length ? ['/**'] : [];
    } else {
      this.interceptPatterns = strings(cfg, 'intercept_patterns', where, MAX_PATTERNS, MAX_PATTERN_CHARS);
    }
  }

  /** Enabled: at least one file or pattern of any kind. */
  get enabled(): boolean {
    return this.files.size > 0 || this.readonlyPatterns.length > 0 || this.writablePatterns.length > 0 || this.interceptPatterns.length > 0;
  }

  /** Intercepted: the path is in the VFS already, or matches an intercept pattern. */
  intercepts(rawPath: string): boolean {
    const path = normalisePath(rawPath);
    return this.files.has(path) || this.interceptPatterns.some((p) => globMatch(p, path));
  }

  read(rawPath: string): VfsFile | null {
    const f = this.files.get(normalisePath(rawPath));
    if (!f) return null;
    this.readCount++;
    this.bytesRead += f.bytes;
    return f;
  }

  /** An existing file unless its mode is "r"; a new one if no writable patterns, or one matches. */
  writable(path: string): boolean {
    const f = this.files.get(path);
    if (f) return f.mode !== 'r';
    return this.writablePatterns.length === 0 || this.writablePatterns.some((p) => globMatch(p, path));
  }

  /**
   * WRITE (spec §6.3 steps 3–5). Returns the bytes written, or the error text: not writable,
   * or a limit.
   */
  write(rawPath: string, content: string, append: boolean): number | string {
    const path = normalisePath(rawPath);
    if (!this.writable(path)) return 'Path not writable in virtual filesystem';
    const err = this.put(path, content, append, undefined, monotonicMs());
    if (err) return err;
    const bytes = Buffer.byteLength(content);
    this.writeCount++;
    this.bytesWritten += bytes;
    return bytes;
  }

  /** Stores a file if every limit allows it; returns the refusal otherwise. */
  private put(path: string, content: string, append: boolean, created: number | undefined, modified: number): string | null {
    if (path.length > MAX_PATH_CHARS) return `path longer than ${MAX_PATH_CHARS} characters`;
    const old = this.files.get(path);
    const l = this.limits;
    if (!old && this.files.size >= l.files) return `virtual filesystem full: ${l.files} files (limit AOSH_LIMIT_WORLD_FILES)`;
    const add = Buffer.byteLength(content);
    const bytes = append && old ? old.bytes + add : add;
    if (bytes > l.fileBytes) return `file too large for the virtual filesystem: ${bytes} bytes (limit ${formatBytes(l.fileBytes)}, AOSH_LIMIT_WORLD_FILE_BYTES)`;
    const delta = cost(path, bytes) - (old ? cost(path, old.bytes) : 0);
    if (this.used + delta > l.worldBytes) return `virtual filesystem full: the world would hold ${this.used + delta} bytes (limit ${formatBytes(l.worldBytes)}, AOSH_LIMIT_WORLD_BYTES)`;
    if (l.total.used + delta > l.total.max) return `virtual filesystem full: all worlds would hold ${l.total.used + delta} bytes (limit ${formatBytes(l.total.max)}, AOSH_LIMIT_WORLDS_BYTES)`;
    this.used += delta;
    l.total.used += delta;
    const text = append && old ? old.content + content : content;
    this.files.set(path, { content: text, bytes, mode: old?.mode ?? 'rw', created_at: old?.created_at ?? created ?? modified, modified_at: modified });
    return null;
  }

  /** Marks a loaded file read-only or read-write (initial_files' `mode`, snapshots). */
  setMode(path: string, mode: 'r' | 'rw'): void {
    const f = this.files.get(path);
    if (f) f.mode = mode;
  }

  /** Gives the world's bytes back to the kernel's budget (destroy, or a failed load). */
  release(): void {
    this.limits.total.used -= this.used;
    this.used = 0;
    this.files.clear();
  }

  metrics(): Record<string, number> {
    let total = 0;
    for (const f of this.files.values()) total += f.bytes;
    return { file_count: this.files.size, read_count: this.readCount, write_count: this.writeCount, bytes_read: this.bytesRead, bytes_written: this.bytesWritten, total_size_bytes: total };
  }

  snapshot(): Record<string, unknown> {
    const files: Record<string, unknown> = {};
    for (const [p, f] of this.files) files[p] = { content: f.content, mode: f.mode, created_at: f.created_at, modified_at: f.modified_at };
    return { files, readonly_patterns: this.readonlyPatterns, writable_patterns: this.writablePatterns, intercept_patterns: this.interceptPatterns };
  }
}
