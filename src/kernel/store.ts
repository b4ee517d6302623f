// The kernel's key-value store behind STORE/FETCH/DELETE/KEYS (spec §3.14), persisted with
// lowdb in $AOSH_HOME/store.json. lowdb's JSONFile writes through steno: the whole document
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
import { mkdirSync, renameSync } from 'node:fs';
import { Low } from 'lowdb';
import { dirname } from 'node:path';
import { JSONFile } from 'lowdb/node';

export type Scope = 'global' | 'agent' | 'session';

export interface StoreEntry {
  value: unknown;
  scope: Scope;
  owner: number;
  /** Epoch ms; null = no expiry. */
  expires_at: number | null;
}

interface StoreFile {
  version: 1;
  entries: Record<string, StoreEntry>;
}

export interface FetchResult {
  exists: boolean;
  value: unknown;
  scope?: Scope;
}

export class KvStore {
  private readonly entries = new Map<string, StoreEntry>();

  private constructor(private readonly db: Low<StoreFile> | null) {
    if (db) for (const [k, e] of Object.entries(db.data.entries)) this.entries.set(k, e);
  }

  /** Opens the store; without a file it is memory-only. A corrupt file is moved aside. */
  static async open(file?: string): Promise<KvStore> {
    if (!file) return new KvStore(null);
    // $AOSH_HOME may not exist yet (a fresh user): private, as all of aosh's state.
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const db = new Low<StoreFile>(new JSONFile<StoreFile>(file), { version: 1, entries: {} });
    try {
      await db.read();
    } catch {
      renameSync(file, `${file}.corrupt-${Date.now()}`);
      db.data = { version: 1, entries: {} };
    }
    if (!db.data || typeof db.data.entries !== 'object' || db.data.entries === null) db.data = { version: 1, entries: {} };
    return new KvStore(db);
  }

  static normalizeScope(s: unknown): Scope {
    return s === 'agent' || s === 'session' ? s : 'global';
  }

  /** Stores a value; resolves once a global write is on disk. */
  async store(caller: number, key: string, value: unknown, scope: Scope, ttlSeconds?: number, now = Date.now()): Promise<void> {
    const internal = scope === 'agent' ? `agent:${caller}:${key}` : key;
    const before = this.entries.get(internal);
    const expires = ttlSeconds === undefined ? null : now + Math.trunc(ttlSeconds) * 1000;
    this.entries.set(internal, { value: value === undefined ? null : value, scope, owner: caller, expires_at: expires });
    if (scope === 'global' || before?.scope === 'global') await this.persist();
  }

  fetch(caller: number, key: string, now = Date.now()): FetchResult {
    for (const k of [key, `agent:${caller}:${key}`]) {
      const e = this.live(k, now);
      if (!e) continue;
      if (e.scope === 'agent' && e.owner !== caller) continue;
      return { exists: true, value: e.value, scope: e.scope };
    }
    return { exists: false, value: null };
  }

  async delete(caller: number, key: string, now = Date.now()): Promise<boolean> {
    for (const k of [key, `agent:${caller}:${key}`]) {
      const e = this.live(k, now);
      if (!e) continue;
      if (e.owner !== caller && e.scope !== 'global') continue;
      this.entries.delete(k);
      if (e.scope === 'global') await this.persist();
      return true;
    }
    return false;
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

  /** Drops an agent's owner-bound entries (called when its connection closes, if wanted). */
  dropOwner(caller: number): void {
    for (const [k, e] of this.entries) if (e.owner === caller && e.scope === 'agent') this.entries.delete(k);
  }

  /** The entry if present and unexpired; expired entries are removed lazily (Q28). */
  private live(k: string, now: number): StoreEntry | undefined {
    const e = this.entries.get(k);
    if (!e) return undefined;
    if (e.expires_at !== null && e.expires_at <= now) {
      this.entries.delete(k);
      if (e.scope === 'global') void this.persist().catch(() => undefined);
      return undefined;
    }
    return e;
  }

  private async persist(): Promise<void> {
    if (!this.db) return;
    const entries: Record<string, StoreEntry> = {};
    for (const [k, e] of this.entries) if (e.scope === 'global') entries[k] = e;
    this.db.data = { version: 1, entries };
    await this.db.write();
  }
}
