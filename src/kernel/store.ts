// The kernel's key-value store behind STORE/FETCH/DELETE/KEYS (spec §3.14), persisted with
// lowdb in $AOSH_HOME/store.json. lowdb's TextFile writes through steno: the whole document
// goes to a temp file that is then renamed over store.json, so a crash leaves either the old
// or the new file, never a torn one.
//
// Scopes (REF semantics, Q27/Q28): "global" and "session" entries live under the key itself;
// an "agent" entry under `agent:<owner conn-id>:<key>`. Writes overwrite without an ownership
// check and the last writer becomes the owner. FETCH tries the plain key, then the caller's
// agent key. DELETE removes the first candidate the caller owns or that is global. KEYS
// matches the prefix against the internal key and strips `agent:<id>:`.
//
// What persists: only "global" entries. Owners are conn-ids, which restart at 1 with every
// kernel, so "agent" and "session" entries (owner-bound) are meaningful only for the kernel
// run that wrote them and are kept in memory: "session" means this aosh session.
//
// Faults stay inside their request:
// - values arrive as JSON already checked (syscalls/json.ts) and stay JSON: the file is built
//   by concatenation and can never fail to encode because of what one client stored;
// - a write is prepared (limits checked, bytes reserved), then committed: a global change is
//   visible only once it is on disk, and a change whose file write failed is never applied,
//   so it can neither reach store.json later nor poison anybody else's STORE;
// - global writes are group-committed: one file write carries every change that arrived
//   while the previous write ran, in order.
import { mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { TextFile } from 'lowdb/node';
import { formatBytes, type KernelLimits } from './limits.js';

export type Scope = 'global' | 'agent' | 'session';

export interface StoreEntry {
  /** The value as JSON text. */
  json: string;
  scope: Scope;
  owner: number;
  /** Epoch ms; null = no expiry. */
  expires_at: number | null;
}

export interface FetchResult {
  exists: boolean;
  value: unknown;
  scope?: Scope;
}

/** A refused or failed store write; `message` is the sentence the client gets. */
export class StoreError extends Error {
  constructor(
    readonly code: 'ETOOBIG' | 'EFULL' | 'EIO',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** A write whose limits were checked: commit() applies it (after the disk, for global), abort() drops it. */
export interface PreparedWrite {
  commit(): Promise<void>;
  abort(): void;
}

interface Change {
  key: string;
  entry: StoreEntry | null;
  resolve: () => void;
  reject: (err: Error) => void;
}

const ENTRY_OVERHEAD = 64;

function entryBytes(key: string, e: StoreEntry): number {
  return Buffer.byteLength(key) + Buffer.byteLength(e.json) + ENTRY_OVERHEAD;
}

export class KvStore {
  private readonly entries = new Map<string, StoreEntry>();
  private readonly used: Record<Scope, number> = { global: 0, session: 0, agent: 0 };
  /** Bytes admitted by prepare() and not yet committed or aborted. */
  private readonly reserved: Record<Scope, number> = { global: 0, session: 0, agent: 0 };
  private queue: Change[] = [];
  private flushing = false;

  private constructor(
    private readonly file: TextFile | null,
    private readonly path: string,
    private readonly limits: Pick<KernelLimits, 'storeValueBytes' | 'storeScopeBytes'>,
  ) {}

  /** Opens the store; without a file it is memory-only. A corrupt file is moved aside. */
  static async open(file?: string, limits: Pick<KernelLimits, 'storeValueBytes' | 'storeScopeBytes'> = { storeValueBytes: 1 << 20, storeScopeBytes: 16 << 20 }): Promise<KvStore> {
    if (!file) return new KvStore(null, '', limits);
    // $AOSH_HOME may not exist yet (a fresh user): private, as all of aosh's state.
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const tf = new TextFile(file);
    const kv = new KvStore(tf, file, limits);
    let text: string | null = null;
    try {
      text = await tf.read();
      if (text !== null) kv.load(JSON.parse(text) as unknown);
    } catch {
      renameSync(file, `${file}.corrupt-${Date.now()}`);
      kv.entries.clear();
      kv.used.global = 0;
    }
    return kv;
  }

  /** Entries of a store.json (version 1: {entries: {key: {value, scope, owner, expires_at}}}). */
  private load(doc: unknown): void {
    const entries = (doc as { entries?: unknown })?.entries;
    if (!entries || typeof entries !== 'object') return;
    for (const [k, e] of Object.entries(entries as Record<string, Record<string, unknown>>)) {
      if (!e || typeof e !== 'object') continue;
      let json: string | undefined;
      try {
        json = JSON.stringify(e.value ?? null);
      } catch {
        continue; // a value no STORE could have accepted (hand-edited file): skip it
      }
      const entry: StoreEntry = { json: json ?? 'null', scope: 'global', owner: typeof e.owner === 'number' ? e.owner : 0, expires_at: typeof e.expires_at === 'number' ? e.expires_at : null };
      this.entries.set(k, entry);
      this.used.global += entryBytes(k, entry);
    }
  }

  static normalizeScope(s: unknown): Scope {
    return s === 'agent' || s === 'session' ? s : 'global';
  }

  /**
   * Checks a write against the limits and reserves its bytes; throws StoreError (ETOOBIG,
   * EFULL) when it does not fit. Nothing is visible until commit().
   */
  prepare(caller: number, key: string, json: string, scope: Scope, ttlSeconds?: number, now = Date.now()): PreparedWrite {
    const valueBytes = Buffer.byteLength(json);
    if (valueBytes > this.limits.storeValueBytes) {
      throw new StoreError('ETOOBIG', `value too large: ${valueBytes} bytes as JSON (limit ${formatBytes(this.limits.storeValueBytes)}, AOSH_LIMIT_STORE_VALUE_BYTES)`);
    }
    const internal = scope === 'agent' ? `agent:${caller}:${key}` : key;
    const entry: StoreEntry = { json, scope, owner: caller, expires_at: ttlSeconds === undefined ? null : now + Math.trunc(ttlSeconds) * 1000 };
    const size = entryBytes(internal, entry);
    const before = this.entries.get(internal);
    const freed = before && before.scope === scope ? entryBytes(internal, before) : 0;
    const fits = (): boolean => this.used[scope] + this.reserved[scope] + size - freed <= this.limits.storeScopeBytes;
    if (!fits()) this.sweep(scope, now);
    if (!fits()) {
      throw new StoreError('EFULL', `store scope "${scope}" is full: ${formatBytes(this.used[scope] + this.reserved[scope])} of ${formatBytes(this.limits.storeScopeBytes)} used (AOSH_LIMIT_STORE_SCOPE_BYTES); delete keys or use a ttl`);
    }
    this.reserved[scope] += size;
    let open = true;
    const unreserve = (): void => {
      if (!open) return;
      open = false;
      this.reserved[scope] -= size;
    };
    return {
      abort: unreserve,
      commit: async () => {
        if (!open) throw new StoreError('EIO', 'store write already finished');
        try {
          const prev = this.entries.get(internal);
          if (scope === 'global' || prev?.scope === 'global') await this.enqueue(internal, entry);
          else this.apply(internal, entry);
        } finally {
          unreserve();
        }
      },
    };
  }

  /** prepare() + commit(): for callers with nothing to do in between. */
  async store(caller: number, key: string, json: string, scope: Scope, ttlSeconds?: number, now = Date.now()): Promise<void> {
    await this.prepare(caller, key, json, scope, ttlSeconds, now).commit();
  }

  /** The value as JSON text, when present and visible to the caller. */
  fetchJson(caller: number, key: string, now = Date.now()): { json: string; scope: Scope } | null {
    for (const k of [key, `agent:${caller}:${key}`]) {
      const e = this.live(k, now);
      if (!e) continue;
      if (e.scope === 'agent' && e.owner !== caller) continue;
      return { json: e.json, scope: e.scope };
    }
    return null;
  }

  fetch(caller: number, key: string, now = Date.now()): FetchResult {
    const r = this.fetchJson(caller, key, now);
    return r ? { exists: true, value: JSON.parse(r.json) as unknown, scope: r.scope } : { exists: false, value: null };
  }

  /**
   * The delete the caller may do for `key` (the first candidate it owns or that is global),
   * or null when there is nothing it may delete. commit() resolves once a global delete is
   * on disk.
   */
  prepareDelete(caller: number, key: string, now = Date.now()): PreparedWrite | null {
    for (const k of [key, `agent:${caller}:${key}`]) {
      const e = this.live(k, now);
      if (!e) continue;
      if (e.owner !== caller && e.scope !== 'global') continue;
      return {
        abort: () => undefined,
        commit: async () => {
          if (e.scope === 'global') await this.enqueue(k, null, e);
          else if (this.entries.get(k) === e) this.apply(k, null);
        },
      };
    }
    return null;
  }

  async delete(caller: number, key: string, now = Date.now()): Promise<boolean> {
    const d = this.prepareDelete(caller, key, now);
    if (!d) return false;
    await d.commit();
    return true;
  }

  keys(caller: number, prefix = '', now = Date.now()): string[] {
    const out: string[] = [];
    for (const k of [...this.entries.keys()]) {
      const e = this.live(k, now);
      if (!e) continue;
      if (e.scope === 'agent' && e.owner !== caller) continue;
      if (!k.startsWith(prefix)) continue;
      out.push(e.scope === 'agent' ? k.replace(/^agent:\d+:/, '') : k);
    }
    return out;
  }

  /** Drops a closed connection's agent-scope entries: only their owner could read them. */
  dropOwner(caller: number): void {
    const prefix = `agent:${caller}:`;
    for (const [k, e] of this.entries) if (e.scope === 'agent' && e.owner === caller && k.startsWith(prefix)) this.apply(k, null);
  }

  /** Bytes held per scope (committed), for limits and diagnostics. */
  usage(): Record<Scope, number> & { entries: number } {
    return { ...this.used, entries: this.entries.size };
  }

  /** The entry if present and unexpired; expired entries are removed lazily (Q28). */
  private live(k: string, now: number): StoreEntry | undefined {
    const e = this.entries.get(k);
    if (!e) return undefined;
    if (e.expires_at !== null && e.expires_at <= now) {
      if (e.scope === 'global') void this.enqueue(k, null, e).catch(() => undefined);
      else this.apply(k, null);
      return undefined;
    }
    return e;
  }

  /** Removes expired entries of a scope (before refusing a write for lack of room). */
  private sweep(scope: Scope, now: number): void {
    for (const [k, e] of [...this.entries]) if (e.scope === scope && e.expires_at !== null && e.expires_at <= now) this.live(k, now);
  }

  /** Makes a change visible, keeping the byte counts exact. */
  private apply(k: string, entry: StoreEntry | null): void {
    const prev = this.entries.get(k);
    if (prev) this.used[prev.scope] -= entryBytes(k, prev);
    if (entry) {
      this.entries.set(k, entry);
      this.used[entry.scope] += entryBytes(k, entry);
    } else {
      this.entries.delete(k);
    }
  }

  /**
   * Queues a change to a global entry; resolves once it is on disk and applied. `expect`
   * (expiry): only delete if the entry is still that one when the batch is written.
   */
  private enqueue(key: string, entry: StoreEntry | null, expect?: StoreEntry): Promise<void> {
    if (!this.file) {
      if (!expect || this.entries.get(key) === expect) this.apply(key, entry);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({
        key,
        entry,
        resolve: () => {
          if (!expect || this.entries.get(key) === expect) this.apply(key, entry);
          resolve();
        },
        reject,
      });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue;
        this.queue = [];
        // The document: committed global entries with this batch's changes on top.
        const doc = new Map<string, StoreEntry>();
        for (const [k, e] of this.entries) if (e.scope === 'global') doc.set(k, e);
        for (const c of batch) {
          if (c.entry && c.entry.scope === 'global') doc.set(c.key, c.entry);
          else doc.delete(c.key);
        }
        try {
          await this.file!.write(render(doc));
        } catch (err) {
          const e = new StoreError('EIO', `not stored: ${this.path} could not be written (${(err as Error).message})`);
          for (const c of batch) c.reject(e);
          continue;
        }
        for (const c of batch) c.resolve();
      }
    } finally {
      this.flushing = false;
    }
  }
}

/** store.json, version 1, pretty enough to read: one entry per line. */
function render(doc: Map<string, StoreEntry>): string {
  const lines: string[] = [];
  for (const [k, e] of doc) lines.push(`    ${JSON.stringify(k)}: {"value": ${e.json}, "scope": "global", "owner": ${e.owner}, "expires_at": ${e.expires_at ?? 'null'}}`);
  return `{\n  "version": 1,\n  "entries": {\n${lines.join(',\n')}\n  }\n}\n`;
}
