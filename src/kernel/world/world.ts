// One world: the namespaces, the filesystem built from its plan, and the processes that
// live in it (native/world/: the zygote that forks stages, the fs helper that makes file
// operations for aosh itself). Built once per permission set and never changed: a `cd` of
// the shell moves the next stage's working directory, not its sandbox.
//
// Every door of aosh that touches files for the session uses `fs` (open-in-world): the
// same mounts, hidden paths, read-only parts and symlink resolution a stage gets, because
// the operation runs in the world, with a stage's credentials.
import { closeSync, constants, openSync, readFileSync } from 'node:fs';

import { openFifo, type FileStat, type FileView } from '../fs-view.js';
import type { NativeAddon, WorldEvent } from '../native.js';
import type { WorldNet } from '../net/world-net.js';
import { isUnder, planWorld, prepareMountPoints, PlanError, type WorldInput, type WorldPolicy } from './plan.js';
import { execClosure, resolvePrograms } from './programs.js';

const FS = { open: 1, stat: 2, lstat: 3, access: 4, readdir: 5, realpath: 6, mkdir: 7, rename: 8, unlink: 9 } as const;
const START_USERNS = 1;
const START_NETNS = 2;
export const STAGE_NEW_SESSION = 1;
export const STAGE_CONNECT_FILTER = 2;
export const STAGE_LANDLOCK = 4;
export const STAGE_EXEC_LIST = 8;

/** A world that could not be built as asked: the command fails with this line, status 126. */
export class WorldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorldError';
  }
}

export interface StageRequest {
  file: string;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  fds: number[];
  cgroupFds: number[];
  newSession: boolean;
  /** The shell's umask and ulimits for the command (kernel.ts SpawnSpec). */
  umask?: number;
  /** Signals the command starts with ignored (bit N-1: signal N). */
  ignoreSignals?: number;
  rlimits?: Array<[number, number, number]>;
}

export interface Denial {
  /** 'fs' (the shell's own file operation), 'unix' (a stage's connect), ... */
  kind: string;
  detail: string;
  /** The stage, when a stage hit it. */
  stage?: number;
  /** The note for the shell, when the reporter words it (the net proxy does). */
  note?: string;
  /** The journal record, when not the generic `denied` one. */
  record?: { type: string; fields: Record<string, unknown> };
}

export class World {
  readonly policy: WorldPolicy;
  /** The permission set this world was built from. */
  readonly perms: WorldInput['perms'];
  /** --allow-run=...: the only files a stage may execute (with their interpreters); null: any. */
  readonly execAllow: string[] | null;
  /** Landlock ABI of the kernel (0: none). */
  readonly landlock!: number;
  readonly user: boolean;
  readonly fs!: FileView;
  private readonly ctl: number;
  private readonly evt: number;
  private readonly pidfd: number;
  private readonly helper!: number;
  private readonly watch!: { ref(): void; unref(): void; close(): void };
  private readonly exits = new Map<number, (code: number | null, signal: number | null) => void>();
  private nextId = 1;
  private closed = false;
  /** The socket's [dev, ino] (always connectable from the stages). */
  private readonly sockets: Array<[number, number]> = [];
  onDenied: ((d: Denial) => void) | undefined;
  onClosed: (() => void) | undefined;
  /** --allow-net=HOST,…: the world's filtering proxy (net/world-net.ts), set by Worlds. */
  net: WorldNet | undefined;
  private readonly endHooks: Array<() => void> = [];

  /** Runs once when the world has ended (closed, or its zygote died). */
  onEnded(fn: () => void): void {
    if (this.closed) fn();
    else this.endHooks.push(fn);
  }

  private ended(): void {
    for (const fn of this.endHooks.splice(0)) fn();
  }

  private constructor(
    private readonly native: NativeAddon,
    readonly label: string,
    input: WorldInput,
    binary: string,
  ) {
    let plan;
    try {
      plan = planWorld(input);
    } catch (err) {
      throw new WorldError(err instanceof PlanError ? err.message : `cannot plan the world: ${(err as Error).message}`);
    }
    this.policy = plan.policy;
    this.perms = input.perms;
    const run = input.perms.allow.run;
    this.execAllow = Array.isArray(run) ? execClosure([...resolvePrograms(run, input.pathDirs, input.cwd), '/bin/sh']) : null;
    prepareMountPoints(plan);
    this.user = process.getuid?.() !== 0;
    let handles;
    try {
      handles = native.worldStart(binary, (this.user ? START_USERNS : 0) | (input.net === 'host' ? 0 : START_NETNS));
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { step?: string };
      // Inside another sandbox (an aosh stage: no capabilities, a seccomp filter) no namespace
      // can be made; that sandbox still holds whatever runs there.
      const nested = e.code === 'EPERM' && process.env.AOSH_SOCKET !== undefined ? ': this aosh runs in an aosh stage, whose sandbox holds it already; run it with --no-sandbox' : '; run with --no-sandbox to go without one';
      throw new WorldError(`cannot create the sandbox's namespaces (${e.step ?? e.syscall ?? 'start'}: ${e.code ?? e.message})${nested}`);
    }
    this.ctl = handles.ctl;
    this.evt = handles.evt;
    this.pidfd = handles.pidfd;
    // Watching from the start: if the build fails, the zygote is killed and still reaped.
    this.watch = native.worldWatch(this.evt, this.pidfd, (e) => this.onEvent(e));
    let built;
    try {
      built = native.worldBuild(this.ctl, plan.ops);
    } catch (err) {
      this.kill();
      const e = err as NodeJS.ErrnoException & { step?: string; index?: number };
      const op = e.index !== undefined ? plan.ops[e.index] : undefined;
      const where = op ? ` ${op[2] || op[3]}` : '';
      throw new WorldError(`cannot build the sandbox: ${e.step ?? 'mount'}${where}: ${e.code ?? e.message}`);
    }
    this.helper = built.helper;
    this.landlock = built.landlock;
    if (input.socket) {
      try {
        const st = this.fs0().stat('/tmp/agentos.sock');
        if (st) this.sockets.push([st.dev, st.ino]);
      } catch {
        // no socket: stages simply cannot reach the kernel over it
      }
    }
    this.fs = this.fs0();
  }

  /** Builds a world (synchronously: the first command that needs it waits a few ms). */
  static build(native: NativeAddon, label: string, input: WorldInput, binary: string | undefined): World {
    if (!binary) throw new WorldError('the world process (native/build/Release/aosh-world) is missing; run: npm run build:native');
    return new World(native, label, input, binary);
  }

  get alive(): boolean {
    return !this.closed;
  }

  /**
   * Where the world's hiding mounts are now. A command may rename a directory that holds
   * one (`mv deep z/z/z/deep`): the mount follows the directory, `policy.hidden` keeps the
   * old name, and a world built later (an agent's) would find the file only if its own scan
   * got that far — which 20,000 empty directories made it not. Read from the zygote's
   * mountinfo: a hidden file is a bind of the root tmpfs' mode-000 file, a hidden directory
   * a mode-000 tmpfs, and no command can mount anything.
   */
  hiddenNow(): string[] {
    if (this.closed) return [];
    let text: string;
    try {
      text = readFileSync(`/proc/${hostPid(this.pidfd)}/mountinfo`, 'utf8');
    } catch {
      return [];
    }
    const out: string[] = [];
    const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
    for (const line of text.split('\n')) {
      const [pre, post] = line.split(' - ');
      if (!pre || !post) continue;
      const f = pre.split(' ');
      const [fstype, , superOpts = ''] = post.split(' ');
      if (fstype !== 'tmpfs' || f.length < 5) continue;
      if (f[3]!.startsWith('/.aosh-hidden') || /(^|,)mode=0?00(,|$)/.test(superOpts)) out.push(unescape(f[4]!));
    }
    return out;
  }

  /** No stage runs in it (a world kept only for later EXECs may be closed and built again). */
  get idle(): boolean {
    return this.exits.size === 0;
  }

  /**
   * Starts a stage; onExit gets the command's own status. Throws an Error with .code and
   * .step ('execve', 'chdir', 'cgroup' ...), the stage not started.
   */
  spawn(req: StageRequest, onExit: (code: number | null, signal: number | null) => void): { pid: number; pidfd: number; stage: number } {
    if (this.closed) throw new WorldError(`the sandbox of ${this.label} has ended`);
    const id = this.nextId++;
    const flags =
      (req.newSession ? STAGE_NEW_SESSION : 0) | (this.policy.net === 'host' ? 0 : STAGE_CONNECT_FILTER) | (this.landlock >= 6 ? STAGE_LANDLOCK : 0) | (this.execAllow ? STAGE_EXEC_LIST : 0);
    const { pidfd, hostPid: pid } = this.native.worldSpawn(this.ctl, {
      id,
      file: req.file,
      argv: req.argv,
      env: Object.entries(req.env).map(([k, v]) => `${k}=${v}`),
      cwd: req.cwd,
      cgroupFds: req.cgroupFds,
      fds: req.fds,
      flags,
      sockets: this.sockets,
      exec: this.execAllow ?? undefined,
      umask: req.umask,
      ignoreSignals: req.ignoreSignals,
      rlimits: req.rlimits,
    });
    this.exits.set(id, onExit);
    if (this.exits.size === 1) this.watch.ref();
    return { pid: pid !== undefined && pid > 0 ? pid : hostPid(pidfd), pidfd, stage: id };
  }

  /** A listening TCP socket on the world's loopback, served from outside (the net proxy). */
  listen(port = 0): { fd: number; port: number } {
    return this.native.worldListen(this.ctl, port);
  }

  signal(pidfd: number, sig: number): void {
    try {
      this.native.pidfdSignal(pidfd, sig);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }

  /** Kills everything in the world (its PID 1, the zygote) and forgets it. */
  close(): void {
    if (this.closed) return;
    this.kill();
    this.ended();
  }

  private kill(): void {
    this.closed = true;
    try {
      this.native.pidfdSignal(this.pidfd, 9);
    } catch {
      // already gone
    }
    for (const fd of [this.ctl, this.helper].filter((f) => f !== undefined && f >= 0)) {
      try {
        closeSync(fd);
      } catch {
        // closed
      }
    }
  }

  private onEvent(e: WorldEvent): void {
    if (e.type === 'exit') {
      const cb = this.exits.get(e.id);
      this.exits.delete(e.id);
      if (this.exits.size === 0) this.watch.unref();
      cb?.(e.code, e.signal);
    } else if (e.type === 'denied') {
      this.onDenied?.({ kind: e.kind, detail: e.detail, stage: e.id });
    } else {
      // The zygote is gone (killed, or the world closed): every stage died with it.
      this.closed = true;
      for (const cb of this.exits.values()) cb(null, 9);
      this.exits.clear();
      this.watch.unref();
      for (const fd of [this.evt, this.pidfd]) {
        try {
          closeSync(fd);
        } catch {
          // closed
        }
      }
      this.onClosed?.();
      this.ended();
    }
  }

  /** Why an operation on `path` was refused, in the words of the flag that would allow it. */
  explain(path: string, code: string | undefined): string | null {
    const hidden = this.policy.hidden.find((h) => isUnder(path, h));
    if (hidden && (code === 'EACCES' || code === 'ENOENT')) return `${hidden} is hidden by the sandbox (allow with --allow-read=${hidden})`;
    if (code === 'EROFS' && /^\/proc\/(sys|sysrq-trigger|irq|bus|fs)(\/|$)/.test(path)) return `${path} is a kernel setting: read-only in every sandbox`;
    if (code === 'EROFS') {
      // A symlink in a writable directory to a read-only file: name the file it leads to.
      if (!this.closed) {
        try {
          path = this.fs.realpath(path);
        } catch {
          // missing or unresolvable: as written
        }
      }
      const w = this.policy.writable;
      return `${path} is read-only here (writable: ${w.length ? w.join(', ') : 'nothing'} and /tmp; allow with --allow-write=${parentDir(path)})`;
    }
    if (code === 'ENOENT' && this.policy.readRoots !== 'all' && !this.policy.readRoots.some((r) => isUnder(path, r) || isUnder(r, path))) {
      return `${path} is outside --allow-read=${this.policy.readRoots.join(',')}`;
    }
    return null;
  }

  private fs0(): FileView {
    const native = this.native;
    const helper = (): number => {
      if (this.closed) throw Object.assign(new Error(`the sandbox of ${this.label} has ended`), { code: 'EIO' });
      return this.helper;
    };
    const op = (kind: number, p: string, a = 0, b = 0, to?: string): unknown => native.worldFs(helper(), kind, '/', p, a, b, to);
    const reopenSync = (r: { fd: number; fifo: boolean }, flags: number): number => {
      if (!r.fifo) return r.fd;
      try {
        return openSync(`/proc/self/fd/${r.fd}`, flags & ~constants.O_CREAT);
      } finally {
        closeSync(r.fd);
      }
    };
    // The shell's umask travels with the mode (fshelper.cc: bit 31, then the mask at bit 16).
    const withMask = (mode: number, umask: number | undefined): number => (umask === undefined ? mode : (mode & 0o7777) | ((umask & 0o777) << 16) | 0x80000000);
    const view: FileView & { openAsync(p: string, flags: number, mode?: number, umask?: number, onWait?: (release: () => void) => void): Promise<number> } = {
      open: (p, flags, mode = 0o666, umask?: number) => reopenSync(op(FS.open, p, flags, withMask(mode, umask)) as { fd: number; fifo: boolean }, flags),
      // A FIFO's open waits for its other end: on the thread pool, never on the event loop.
      openAsync: async (p, flags, mode = 0o666, umask?: number, onWait?: (release: () => void) => void) => {
        const r = op(FS.open, p, flags, withMask(mode, umask)) as { fd: number; fifo: boolean };
        if (!r.fifo) return r.fd;
        try {
          // (A plain fd, not a FileHandle: one of those would close it when collected.)
          return await openFifo(`/proc/self/fd/${r.fd}`, flags & ~constants.O_CREAT, 0o666, onWait);
        } finally {
          closeSync(r.fd);
        }
      },
      stat: (p) => {
        try {
          return op(FS.stat, p) as FileStat;
        } catch {
          return null;
        }
      },
      lstat: (p) => {
        try {
          return op(FS.lstat, p) as FileStat;
        } catch {
          return null;
        }
      },
      access: (p, mode) => {
        try {
          return op(FS.access, p, mode) === 0;
        } catch {
          return false;
        }
      },
      readdir: (p) => op(FS.readdir, p) as string[],
      realpath: (p) => op(FS.realpath, p) as string,
      mkdir: (p, mode = 0o777) => void op(FS.mkdir, p, mode),
      rename: (from, to) => void op(FS.rename, from, 0, 0, to),
      unlink: (p, dir) => void op(FS.unlink, p, dir ? 1 : 0),
      readFile: (p) => {
        const fd = view.open(p, constants.O_RDONLY);
        try {
          return readFileSync(fd);
        } finally {
          closeSync(fd);
        }
      },
    };
    return view;
  }
}

function parentDir(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/** The pid (in our namespace) of the process behind a pidfd. */
export function hostPid(pidfd: number): number {
  const m = /^Pid:\s*(-?\d+)/m.exec(readFileSync(`/proc/self/fdinfo/${pidfd}`, 'utf8'));
  return m ? Number(m[1]) : -1;
}
