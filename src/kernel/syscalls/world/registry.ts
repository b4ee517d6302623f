// The world engine's state (spec §6.1): worlds by id, and which world each conn-id is in.
// One per syscall server. Membership is per conn-id and, as in REF (Q9), never cleared on
// disconnect; a conn-id is never reused, so a departed member only keeps its world from a
// plain (unforced) DESTROY, exactly as in REF.
import type { KernelLimits } from '../../limits.js';
import { formatBytes } from '../../limits.js';
import { BadRequest } from '../handlers/util.js';
import { baseSeed, Chaos, fnv, prng } from './chaos.js';
import { worldId } from './glob.js';
import { NetworkMock } from './netmock.js';
import { arr, obj, str } from './values.js';
import { ByteBudget, VirtualFs } from './vfs.js';

/** Members one world records (departed ones included, Q9); a JOIN beyond is refused. */
export const MAX_MEMBERS = 10_000;
/** Longest explicit `new_world_id` accepted by WORLD_RESTORE. */
const MAX_ID_CHARS = 256;

export class World {
  syscallCount = 0;
  /** Members as the world records them (a restored world's list is not wired into routing). */
  readonly agents = new Set<number>();

  constructor(
    readonly id: string,
    readonly name: string,
    readonly description: string,
    /** The config as the client sent it (snapshots return it), within world_config_bytes. */
    readonly configJson: Buffer,
    readonly vfs: VirtualFs,
    readonly net: NetworkMock,
    readonly chaos: Chaos,
  ) {}

  summary(): Record<string, unknown> {
    return {
      id: this.id,
      name: this.name,
      description: this.description,
      agent_count: this.agents.size,
      syscall_count: this.syscallCount,
      vfs_enabled: this.vfs.enabled,
      network_mock_enabled: this.net.enabled,
      chaos_enabled: this.chaos.enabled,
    };
  }

  state(): Record<string, unknown> {
    return {
      world_id: this.id,
      name: this.name,
      agent_count: this.agents.size,
      syscall_count: this.syscallCount,
      vfs_metrics: this.vfs.metrics(),
      network_metrics: this.net.metrics(),
      chaos_metrics: this.chaos.metrics(),
      agents: [...this.agents].sort((a, b) => a - b),
    };
  }

  /** The snapshot of spec §6.6 without `config` (the handler splices the config in as sent). */
  snapshot(): Record<string, unknown> {
    return {
      id: this.id,
      name: this.name,
      description: this.description,
      vfs: this.vfs.snapshot(),
      network: this.net.snapshot(),
      chaos: this.chaos.snapshot(),
      agents: [...this.agents].sort((a, b) => a - b),
      snapshot_time: Date.now(),
    };
  }
}

export class WorldRegistry {
  private readonly worlds = new Map<string, World>();
  /** conn-id -> the world that routes its READ/WRITE/HTTP. */
  private readonly member = new Map<number, World>();
  /** The global id counter (spec §6.1): every create, and every restore without an id. */
  private counter = 0;
  readonly total: ByteBudget;
  private readonly seed: number;

  constructor(private readonly limits: KernelLimits, seed: number = baseSeed()) {
    this.total = new ByteBudget(limits.worldsBytes);
    this.seed = seed;
  }

  private tooMany(): string | null {
    const max = this.limits.worlds;
    return this.worlds.size >= max ? `too many worlds: ${this.worlds.size} exist (limit ${max}, AOSH_LIMIT_WORLDS)` : null;
  }

  /**
   * Builds a world's parts from a config (or a snapshot, `fromSnapshot`). All or nothing: a
   * refused config gives its bytes back and leaves no world behind.
   */
  private build(id: string, name: string, description: string, configJson: Buffer, parts: { vfs: Record<string, unknown>; net: Record<string, unknown>; chaos: Record<string, unknown> }, fromSnapshot: boolean): World {
    const l = this.limits;
    const vfs = new VirtualFs({ files: l.worldFiles, fileBytes: l.worldFileBytes, worldBytes: l.worldBytes, total: this.total });
    const net = new NetworkMock();
    // One PRNG stream per world, from the kernel's seed and the world's id.
    const chaos = new Chaos(prng(fnv(`${this.seed}:${id}`)));
    try {
      vfs.load(parts.vfs, fromSnapshot ? 'files' : 'initial_files');
      net.load(parts.net);
      chaos.load(parts.chaos);
      if (fromSnapshot) chaos.loadEvents(parts.chaos);
    } catch (err) {
      vfs.release();
      throw err;
    }
    return new World(id, name, description, configJson, vfs, net, chaos);
  }

  /** WORLD_CREATE: the config is already bounded (size and depth) by the handler. */
  create(reqName: string, config: Record<string, unknown>, configJson: Buffer): World | string {
    const full = this.tooMany();
    if (full) return full;
    const name = str(config, 'name', undefined, 'config');
    const description = str(config, 'description', '', 'config')!;
    const parts = { vfs: obj(config, 'virtual_filesystem', 'config'), net: obj(config, 'network', 'config'), chaos: obj(config, 'chaos', 'config') };
    // The id is taken only once the config is known to load: a refused create uses no number.
    const id = worldId(reqName, this.counter + 1);
    const w = this.build(id, name || id, description, configJson, parts, false);
    this.counter++;
    this.worlds.set(id, w);
    return w;
  }

  /** WORLD_RESTORE (spec §6.6). Returns null when the id exists already ("Failed to restore world"). */
  restore(snap: Record<string, unknown>, newId: string, configJson: Buffer): World | string | null {
    if (newId.length > MAX_ID_CHARS) throw new BadRequest(`invalid request: new_world_id longer than ${MAX_ID_CHARS} characters`);
    const name = str(snap, 'name', '', 'snapshot')!;
    const id = newId || worldId(name || 'unnamed', this.counter + 1);
    if (this.worlds.has(id)) return null;
    const full = this.tooMany();
    if (full) return full;
    const description = str(snap, 'description', '', 'snapshot')!;
    const parts = { vfs: obj(snap, 'vfs', 'snapshot'), net: obj(snap, 'network', 'snapshot'), chaos: obj(snap, 'chaos', 'snapshot') };
    const agents = arr(snap, 'agents', 'snapshot');
    if (agents.length > MAX_MEMBERS) throw new BadRequest(`invalid request: snapshot.agents has ${agents.length} entries (limit ${MAX_MEMBERS})`);
    const w = this.build(id, name || id, description, configJson, parts, true);
    if (!newId) this.counter++;
    // The member list is restored as a record only: those conn-ids are not routed to it (REF).
    for (const a of agents) if (typeof a === 'number' && Number.isInteger(a) && a >= 0) w.agents.add(a);
    this.worlds.set(id, w);
    return w;
  }

  get(id: string): World | undefined {
    return this.worlds.get(id);
  }

  list(): World[] {
    return [...this.worlds.values()];
  }

  /** The world routing this conn-id's calls, if any. */
  worldOf(conn: number): World | undefined {
    return this.member.get(conn);
  }

  /** WORLD_JOIN: fails if the world is missing or the caller is in a world already. */
  join(conn: number, id: string): boolean | string {
    const w = this.worlds.get(id);
    if (!w || this.member.has(conn)) return false;
    if (w.agents.size >= MAX_MEMBERS && !w.agents.has(conn)) return `world ${id} has ${w.agents.size} members (limit ${MAX_MEMBERS})`;
    w.agents.add(conn);
    this.member.set(conn, w);
    return true;
  }

  leave(conn: number): boolean {
    const w = this.member.get(conn);
    if (!w) return false;
    w.agents.delete(conn);
    this.member.delete(conn);
    return true;
  }

  /**
   * WORLD_DESTROY: fails if missing, or with members and no `force`. A forced destroy
   * detaches the members it routes (a restored world's recorded members are routed
   * elsewhere, if anywhere, and stay where they are).
   */
  destroy(id: string, force: boolean): boolean {
    const w = this.worlds.get(id);
    if (!w || (w.agents.size > 0 && !force)) return false;
    for (const a of w.agents) if (this.member.get(a) === w) this.member.delete(a);
    w.vfs.release();
    this.worlds.delete(id);
    return true;
  }

  stats(): { worlds: number; members: number; vfsBytes: string } {
    return { worlds: this.worlds.size, members: this.member.size, vfsBytes: formatBytes(this.total.used) };
  }
}
