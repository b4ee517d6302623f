// The kernel's worlds: the session's (built on first need: the first stage or the first
// file operation of the shell) and one per agent started with `spawn`/SPAWN (each agent
// has its own socket, so its own identity and ceiling, and its own /tmp). A world that
// cannot be built makes the command that needed it fail with the reason; nothing ever
// runs outside it (DESIGN.md: no silent downgrade).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import type { NativeAddon } from '../native.js';
import { nativeStatus, packageRoot } from '../native.js';
import type { PermissionSet } from '../permissions.js';
import { runtimeBase, sessionDir } from '../syscalls/runtime-dir.js';
import type { NetMode } from './plan.js';
import { World, WorldError, type Denial } from './world.js';

export interface WorldRequest {
  label: string;
  perms: PermissionSet;
  cwd: string;
  /** The AGNT socket of this world's stages (host path), bound at /tmp/agentos.sock. */
  socket?: string;
  /** -A: everything allowed but aosh's own state. */
  allowAll?: boolean;
}

/** Where stages find the kernel inside every world. */
export const SOCKET_IN_WORLD = '/tmp/agentos.sock';

export function netMode(perms: PermissionSet): NetMode {
  if (perms.deny.net === true) return 'none';
  if (perms.allow.net === true) return 'host';
  return Array.isArray(perms.allow.net) ? 'proxy' : 'none';
}

function sharesHostTmp(perms: PermissionSet): boolean {
  const w = perms.allow.write;
  return Array.isArray(w) && w.some((p) => p === '/tmp' || p === '/tmp/');
}

export class Worlds {
  private sessionWorld: World | undefined;
  private readonly all = new Set<World>();
  private readonly tmpDirs = new Map<World, string>();
  /** Set by the kernel: a stage of some world hit the sandbox. */
  onDenied: ((world: World, d: Denial) => void) | undefined;

  constructor(
    private readonly native: () => NativeAddon,
    private readonly aoshHome: string | undefined,
    private readonly sessionRequest: () => WorldRequest,
  ) {}

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
    const native = this.native();
    const home = process.env.HOME || homedir();
    const aoshHome = this.aoshHome ?? process.env.AOSH_HOME ?? path.join(home, '.aosh');
    // aosh's state must exist before the world is built: a path is hidden only if it exists
    // then (the journal, opened later, lands inside the hidden directory).
    mkdirSync(aoshHome, { recursive: true, mode: 0o700 });
    const shared = sharesHostTmp(req.perms);
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
    let world: World;
    try {
      world = World.build(
        native,
        req.label,
        {
          perms: req.perms,
          cwd: req.cwd,
          home,
          kernelState,
          tmpHost,
          socket: req.socket,
          packageRoot: packageRoot(),
          pathDirs: (process.env.PATH ?? '/usr/bin:/bin').split(':').filter((d) => d.startsWith('/')),
          net: netMode(req.perms),
          allowAll: req.allowAll ?? false,
        },
        nativeStatus().worldBinary,
      );
    } catch (err) {
      if (tmpHost) rmSync(tmpHost, { recursive: true, force: true });
      throw err instanceof WorldError ? err : new WorldError(`cannot build the sandbox: ${(err as Error).message}`);
    }
    world.onDenied = (d) => this.onDenied?.(world, d);
    this.all.add(world);
    if (tmpHost) this.tmpDirs.set(world, tmpHost);
    world.onClosed = () => this.forget(world);
    return world;
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
