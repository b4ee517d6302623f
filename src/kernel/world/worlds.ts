// The kernel's worlds: the session's (built on first need: the first stage or the first
// file operation of the shell) and one per agent started with `spawn`/SPAWN (each agent
// has its own socket, so its own identity and ceiling, and its own /tmp). A world that
// cannot be built makes the command that needed it fail with the reason; nothing ever
// runs outside it (DESIGN.md: no silent downgrade).
import { existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { isTTY } from '../../lib/tty.js';
import { homedir, userInfo } from 'node:os';
import path from 'node:path';

import type { NativeAddon } from '../native.js';
import { nativeStatus, packageRoot } from '../native.js';
import { intersect, type PermissionSet } from '../permissions.js';
import { runtimeBase, sessionDir } from '../syscalls/runtime-dir.js';
import { sharesHostTmp, type NetMode, type WorldPolicy } from './plan.js';
import { World, WorldError, type Denial } from './world.js';
import { resolvePrograms } from './programs.js';
import { PROXY_PORT, WorldNet } from '../net/world-net.js';
import type { Refusal } from '../net/policy.js';

export interface WorldRequest {
  label: string;
  perms: PermissionSet;
  cwd: string;
  /** The AGNT socket of this world's stages (host path), bound at /tmp/agentos.sock. */
  socket?: string;
  /** -A: everything allowed but aosh's own state. */
  allowAll?: boolean;
  /** The world this one derives from: it never gets more (see WorldInput.ceiling). */
  ceiling?: WorldPolicy;
}

/** Where stages find the kernel inside every world. */
export const SOCKET_IN_WORLD = '/tmp/agentos.sock';

export function netMode(perms: PermissionSet): NetMode {
  if (perms.deny.net === true) return 'none';
  if (perms.allow.net === true) return 'host';
  return Array.isArray(perms.allow.net) ? 'proxy' : 'none';
}

let terminalPath: string | null | undefined;
/** The terminal aosh runs on (its stdin, stdout or stderr), as a host path; undefined without one. */
function sessionTerminal(): string | undefined {
  if (terminalPath === undefined) {
    terminalPath = null;
    for (const fd of [0, 1, 2]) {
      try {
        if (!isTTY(fd)) continue;
        const p = readlinkSync(`/proc/self/fd/${fd}`);
        if (/^\/dev\/(pts\/\d+|tty\w*)$/.test(p)) {
          terminalPath = p;
          break;
        }
      } catch {
        // not a terminal we can name
      }
    }
  }
  return terminalPath ?? undefined;
}

/** What the kernel gives its worlds manager. */
export interface WorldsContext {
  native(): NativeAddon;
  aoshHome: string | undefined;
  /** The session's permissions: every world's ceiling. */
  permissions: PermissionSet;
  /** The session's start directory. */
  startDir: string;
  /** Endpoints for worlds that need a socket identity of their own. */
  sockets(): { session(): { path: string }; forAgent(label: string, ceiling: PermissionSet, cwd: string): { path: string; close(): void } };
  /** The agents-as-files tree (host directory), bound read-only at /aos; made on first call. */
  aosDir?(): string;
  /** Sandbox worlds alive at once (limits.ts `sandboxes`); unlimited when absent. */
  maxWorlds?(): number;
  /** One warning line for the user, said once per key. */
  warnOnce?(key: string, line: string): void;
}

export class Worlds {
  private sessionWorld: World | undefined;
  private readonly all = new Set<World>();
  private readonly tmpDirs = new Map<World, string>();
  /** Set by the kernel: a stage of some world hit the sandbox. */
  onDenied: ((world: World, d: Denial) => void) | undefined;

  constructor(private readonly ctx: WorldsContext) {}

  private sessionRequest(): WorldRequest {
    const perms = this.ctx.permissions;
    return { label: 'session', perms, cwd: this.ctx.startDir, socket: this.ctx.sockets().session().path, allowAll: perms.level === 'unrestricted' };
  }
  private readonly socketWorlds = new Map<string, World>();

  /**
   * A world of its own for an agent (spawn, SPAWN): its permissions (never more than the
   * session's), its socket bound at /tmp/agentos.sock, its own /tmp. Closed with closeWorld.
   */
  createAgentWorld(label: string, perms: PermissionSet, cwd: string, socket: string, parent?: World): World {
    const from = parent?.alive ? parent : this.session();
    const eff = intersect(from === this.sessionWorld ? this.ctx.permissions : from.perms, perms);
    const world = this.create({ label, perms: eff, cwd, socket, ceiling: ceilingOf(from) });
    this.socketWorlds.set(socket, world);
    this.worldKeys.set(world, this.permsKey(eff, cwd));
    return world;
  }

  private readonly permWorlds = new Map<string, World>();
  private readonly worldKeys = new WeakMap<World, string>();

  private permsKey(perms: PermissionSet, cwd: string): string {
    return JSON.stringify([perms.allow, perms.deny, cwd]);
  }

  /**
   * The world for a permission set (the agent loop's tools, an EXEC after SET_PERMS): the
   * session's when the set is the session's, else one built once per distinct set and
   * start directory, with a socket of its own whose ceiling is that set (its stages can
   * never reach the kernel with more than it).
   */
  worldFor(perms: PermissionSet | undefined, cwd = this.ctx.startDir, label = 'agent', ceiling?: World): World {
    const eff = perms ? intersect(this.ctx.permissions, perms) : this.ctx.permissions;
    const key = this.permsKey(eff, cwd);
    if (key === this.permsKey(this.ctx.permissions, this.ctx.startDir)) return this.session();
    const known = this.permWorlds.get(key);
    if (known?.alive) {
      this.lastUsed.set(known, ++this.useTick);
      return known;
    }
    const ep = this.ctx.sockets().forAgent(label, eff, cwd);
    let world: World;
    try {
      world = this.create({ label, perms: eff, cwd, socket: ep.path, ceiling: ceilingOf(ceiling ?? this.session()) });
    } catch (err) {
      ep.close();
      throw err;
    }
    this.socketWorlds.set(ep.path, world);
    this.permWorlds.set(key, world);
    this.lastUsed.set(world, ++this.useTick);
    this.worldKeys.set(world, key);
    world.onEnded(() => ep.close());
    return world;
  }

  /**
   * The world an EXEC (or READ/WRITE) of this caller runs in: its endpoint's, unless
   * SET_PERMS narrowed what the sandbox enforces (the allow lists: read, write, net, run).
   * The connection's blocked globs and command fragments are the protocol's own checks,
   * made at the op (as REF does), not a different world.
   */
  worldForCaller(socket: string, perms: PermissionSet, cwd: string, label: string): World {
    const own = this.socketWorlds.get(socket);
    const base = own?.alive ? own.perms : this.ctx.permissions;
    const eff = intersect(base, { ...perms, deny: { net: false, read: false, write: false, run: false, env: false } });
    const key = this.permsKey(eff, cwd);
    if (own?.alive && this.worldKeys.get(own) === key) return own;
    if (!own && key === this.permsKey(this.ctx.permissions, this.ctx.startDir)) return this.session();
    return this.worldFor(eff, cwd, label, own?.alive ? own : undefined);
  }

  /** Ends an agent's world: everything in it is killed, its socket mapping forgotten. */
  closeWorld(world: World): void {
    for (const [s, w] of this.socketWorlds) if (w === world) this.socketWorlds.delete(s);
    this.close(world);
  }

  /** The world whose stages reach the kernel on this socket (the caller of a syscall). */
  worldForSocket(socket: string): World {
    return this.socketWorlds.get(socket) ?? this.session();
  }



  /** The session's world, built on first use; throws WorldError when it cannot be built. */
  session(): World {
    if (this.sessionWorld?.alive) return this.sessionWorld;
    this.sessionWorld = this.create(this.sessionRequest());
    return this.sessionWorld;
  }

  /** The session's world if it exists already (no build). */
  peekSession(): World | undefined {
    return this.sessionWorld?.alive ? this.sessionWorld : undefined;
  }

  create(req: WorldRequest): World {
    this.makeRoom();
    const native = this.ctx.native();
    const home = process.env.HOME || homedir();
    const aoshHome = this.ctx.aoshHome ?? process.env.AOSH_HOME ?? path.join(home, '.aosh');
    // aosh's state must exist before the world is built: a path is hidden only if it exists
    // then (the journal, opened later, lands inside the hidden directory).
    mkdirSync(aoshHome, { recursive: true, mode: 0o700 });
    // A derived world shares the host's /tmp only if its ceiling does.
    const shared = sharesHostTmp(req.perms, req.cwd, home) && (req.ceiling === undefined || req.ceiling.tmp === 'host');
    const tmpHost = shared ? null : sessionDir();
    if (tmpHost) removeAtExit(tmpHost);
    if (shared && req.socket && !existsSync(SOCKET_IN_WORLD)) {
      // The bind needs a mount point on the host's /tmp; an empty placeholder, removed at exit.
      try {
        writeFileSync(SOCKET_IN_WORLD, '', { flag: 'wx', mode: 0o600 });
        removeAtExit(SOCKET_IN_WORLD);
      } catch {
        // someone else's: the plan binds over it (and refuses a symlink)
      }
    }
    const base = path.dirname(runtimeBase());
    const kernelState = [aoshHome, base, path.join('/tmp', `aosh-${process.getuid?.() ?? 0}`)];
    if (process.env.XDG_RUNTIME_DIR) kernelState.push(path.join(process.env.XDG_RUNTIME_DIR, 'aosh'));
    const pathDirs = (process.env.PATH ?? '/usr/bin:/bin').split(':').filter((d) => d.startsWith('/'));
    const deniedRun = req.perms.deny.run;
    let world: World;
    try {
      world = World.build(
        native,
        req.label,
        {
          perms: req.perms,
          cwd: req.cwd,
          home,
          otherHomes: otherHomes(home),
          kernelState,
          tmpHost,
          socket: req.socket,
          packageRoot: packageRoot(),
          pathDirs,
          net: netMode(req.perms),
          deniedPrograms: Array.isArray(deniedRun) ? resolvePrograms(deniedRun, pathDirs, req.cwd) : [],
          allowAll: req.allowAll ?? false,
          ceiling: req.ceiling,
          terminal: sessionTerminal(),
          // aosh's state mirror, for every world that may read beyond a list of its own:
          // --allow-read=P confines reads to P (and the system), so such a world has no /aos.
          aos: req.perms.allow.read === true ? this.ctx.aosDir?.() : undefined,
        },
        nativeStatus().worldBinary,
      );
    } catch (err) {
      if (tmpHost) rmSync(tmpHost, { recursive: true, force: true });
      throw err instanceof WorldError ? err : new WorldError(`cannot build the sandbox: ${(err as Error).message}`);
    }
    world.onDenied = (d) => this.onDenied?.(world, d);
    // A scan that stopped early leaves deeper .env files visible: say so when it happens,
    // not only in `aosh sandbox` (a command may have made the tree that big on purpose).
    for (const n of world.policy.notes) if (n.startsWith('.env scan')) this.ctx.warnOnce?.('env-scan', `aosh: warning: ${n} (see aosh sandbox)`);
    if (netMode(req.perms) === 'proxy') {
      try {
        world.net = this.openNet(world, req);
      } catch (err) {
        world.close();
        if (tmpHost) rmSync(tmpHost, { recursive: true, force: true });
        throw err;
      }
    }
    this.all.add(world);
    if (tmpHost) this.tmpDirs.set(world, tmpHost);
    world.onClosed = () => this.forget(world);
    return world;
  }

  /**
   * --allow-net=HOST,…: a listener on the world's own 127.0.0.1 (its network namespace has
   * nothing else), served by the kernel's filtering proxy. A world whose proxy cannot be
   * set up is not built (no silent "no network" instead of the list).
   */
  private openNet(world: World, req: WorldRequest): WorldNet {
    let listener: { fd: number; port: number };
    try {
      listener = world.listen(PROXY_PORT);
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { step?: string };
      throw new WorldError(`cannot start the network proxy of ${req.label} (${e.step ?? 'listen'}: ${e.code ?? e.message})`);
    }
    const net = new WorldNet({
      label: req.label,
      perms: req.perms,
      listener,
      onRefused: (r) => this.netRefused(world, r),
      tunnel: this.ctx.native().tunnel,
      onFailed: (reason) => {
        this.onDenied?.(world, { kind: 'proxy', detail: reason, note: `the sandbox of ${req.label} has ended: ${reason}` });
        this.close(world);
      },
    });
    world.onEnded(() => net.close());
    return net;
  }

  private netRefused(world: World, r: Refusal): void {
    this.onDenied?.(world, {
      kind: 'proxy',
      detail: `${r.host}:${r.port}`,
      note: r.message,
      record: { type: 'net.denied', fields: { host: r.host, port: r.port, agent: world.label, reason: r.reason, address: r.address ?? null, message: r.message } },
    });
  }

  /** The worlds that have a filtering proxy (`net ls`), the session's first. */
  netWorlds(): World[] {
    return [...this.all].filter((w) => w.net).sort((a, b) => (a === this.sessionWorld ? -1 : b === this.sessionWorld ? 1 : 0));
  }

  /**
   * SET_PERMS narrowed a connection of an agent's socket: that agent's world's proxy narrows
   * too (its open connections are judged again). The session's socket is shared by every
   * stage of the session, so one stage narrowing itself does not change the others' proxy.
   */
  narrowNet(socket: string, perms: Pick<PermissionSet, 'allow' | 'deny'>): boolean {
    const world = this.socketWorlds.get(socket);
    return world?.net ? world.net.narrow(perms) : false;
  }

  /** When each narrowed-set world was last handed out, to close the idlest first. */
  private readonly lastUsed = new Map<World, number>();
  private useTick = 0;

  /**
   * Every world is a zygote, an fs helper, a socket and a /tmp on the host: without a bound,
   * an agent alternating SET_PERMS (each time a little narrower) and EXEC made the kernel
   * keep one more world per call until the host ran out of processes and memory (DESIGN.md
   * "Faults stay inside their request"). Over the limit, idle worlds of narrowed sets are
   * closed (the next use builds them again, with an empty /tmp); when none is idle the new
   * world is refused, one line naming the limit.
   */
  private makeRoom(): void {
    const max = this.ctx.maxWorlds?.() ?? Infinity;
    if (this.all.size < max) return;
    const idle = [...this.permWorlds.entries()].filter(([, w]) => w.alive && w.idle).sort(([, a], [, b]) => (this.lastUsed.get(a) ?? 0) - (this.lastUsed.get(b) ?? 0));
    for (const [key, w] of idle) {
      if (this.all.size < max) break;
      this.permWorlds.delete(key);
      this.lastUsed.delete(w);
      this.close(w);
    }
    if (this.all.size >= max) throw new WorldError(`too many sandboxes: ${this.all.size} alive (limit ${max}, AOSH_LIMIT_SANDBOXES)`);
  }

  /** Ends a world (an agent's, when the agent is done): everything in it is killed. */
  close(world: World): void {
    world.close();
    this.forget(world);
  }

  closeAll(): void {
    for (const w of [...this.all]) this.close(w);
  }

  private forget(world: World): void {
    this.all.delete(world);
    const tmp = this.tmpDirs.get(world);
    this.tmpDirs.delete(world);
    if (tmp) {
      rmSync(tmp, { recursive: true, force: true });
      leftovers.delete(tmp);
    }
  }
}

/** A derived world's ceiling: the parent's policy, with its hidden paths where they are now. */
function ceilingOf(w: World): WorldPolicy {
  return { ...w.policy, hidden: [...new Set([...w.policy.hidden, ...w.hiddenNow()])] };
}

/**
 * Homes besides $HOME whose credentials a world hides: the account's own from passwd (when
 * $HOME is set elsewhere) and, for root, who can read them all, every account's.
 */
function otherHomes(home: string): string[] {
  const out = new Set<string>();
  try {
    out.add(userInfo().homedir);
  } catch {
    // no passwd entry
  }
  if (process.getuid?.() === 0) {
    try {
      for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
        const dir = line.split(':')[5];
        if (dir && dir !== '/' && (dir === '/root' || dir.startsWith('/home/'))) out.add(dir);
      }
    } catch {
      // no /etc/passwd: $HOME's and the account's are still hidden
    }
  }
  out.delete(home);
  return [...out];
}

/** Paths removed when aosh exits (one hook for every kernel of the process). */
const leftovers = new Set<string>();
let hooked = false;
function removeAtExit(p: string): void {
  leftovers.add(p);
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const l of leftovers) rmSync(l, { recursive: true, force: true });
  });
}
