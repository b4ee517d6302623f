// The one loader of the C++ addon (native/, see native/README.md). Nothing else
// imports it: the kernel asks loadNative() for a typed handle, gets null when
// the addon is missing, and nativeStatus() says exactly which paths were tried
// and why each failed - so isolation is never downgraded silently.
//
// Every call is validated here before it crosses into C++, and bad arguments
// throw a TypeError naming the function and the field.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type * as Raw from '../../native/index.js';

export type { ExitStatus, PlanOpTuple, Relay, SpawnRequest, Tunnel, SpawnResult, WorldEvent, WorldHandles, WorldSpawnRequest } from '../../native/index.js';

/** The addon's surface (native/index.d.ts), as handed out by loadNative(). */
export interface NativeAddon {
  spawn: typeof Raw.spawn;
  pipe: typeof Raw.pipe;
  setNonBlocking: typeof Raw.setNonBlocking;
  close: typeof Raw.close;
  bytesReadable: typeof Raw.bytesReadable;
  /** Absent from an addon built before it (reads then go a byte at a time). */
  pipeTake?: typeof Raw.pipeTake;
  relay: typeof Raw.relay;
  /** Absent from an addon built before tunnel.cc (the proxy then pipes in JS). */
  tunnel?: typeof Raw.tunnel;
  worldStart: typeof Raw.worldStart;
  worldBuild: typeof Raw.worldBuild;
  worldSpawn: typeof Raw.worldSpawn;
  worldListen: typeof Raw.worldListen;
  worldFs: typeof Raw.worldFs;
  worldWatch: typeof Raw.worldWatch;
  pidfdSignal: typeof Raw.pidfdSignal;
}

export interface NativeStatus {
  loaded: boolean;
  /** Paths tried, in order. */
  tried: string[];
  /** Why loading failed: one line per path tried. */
  error?: string;
  /** The path that loaded. */
  path?: string;
  /** The world process (aosh-world) next to the addon, when it exists. */
  worldBinary?: string;
}

/** aosh's package directory. This file is src/kernel/native.ts (tests), dist/kernel/native.js or dist/bundle/aosh.cjs: two levels down either way. */
export function packageRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** Candidate locations, in order: $AOSH_NATIVE_PATH, then the Release and Debug builds. */
function candidates(): string[] {
  const root = packageRoot();
  const list = [
    path.join(root, 'native', 'build', 'Release', 'aosh_native.node'),
    path.join(root, 'native', 'build', 'Debug', 'aosh_native.node'),
  ];
  const override = process.env.AOSH_NATIVE_PATH;
  return override ? [path.resolve(override), ...list] : list;
}

let cached: { addon: NativeAddon | null; status: NativeStatus } | undefined;

function load(): { addon: NativeAddon | null; status: NativeStatus } {
  if (cached) return cached;
  const tried: string[] = [];
  const errors: string[] = [];
  if (process.platform !== 'linux') {
    errors.push(`the native addon is Linux-only (platform ${process.platform})`);
  } else {
    const require = createRequire(import.meta.url);
    for (const file of candidates()) {
      tried.push(file);
      if (!existsSync(file)) {
        errors.push(`${file}: not found (run \`npm run build:native\`)`);
        continue;
      }
      try {
        const raw = require(file) as NativeAddon;
        const world = path.join(path.dirname(file), 'aosh-world');
        cached = { addon: validated(raw), status: { loaded: true, tried, path: file, worldBinary: existsSync(world) ? world : undefined } };
        return cached;
      } catch (err) {
        errors.push(`${file}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  cached = { addon: null, status: { loaded: false, tried, error: errors.join('\n') } };
  return cached;
}

/** The addon, or null when it cannot be loaded (see nativeStatus()). Loaded once. */
export function loadNative(): NativeAddon | null {
  return load().addon;
}

/** What loadNative() found. */
export function nativeStatus(): NativeStatus {
  const { status } = load();
  return { ...status, tried: [...status.tried] };
}

// ---- argument validation ------------------------------------------------------

const INT32_MAX = 2 ** 31 - 1;

function fail(fn: string, what: string): never {
  throw new TypeError(`${fn}: ${what}`);
}

function checkInt(fn: string, name: string, v: unknown, min: number, max = INT32_MAX): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(fn, `${name} must be an integer in [${min}, ${max}], got ${describe(v)}`);
  }
  return v;
}

function checkString(fn: string, name: string, v: unknown, nonEmpty: boolean): string {
  if (typeof v !== 'string') fail(fn, `${name} must be a string, got ${describe(v)}`);
  if (nonEmpty && v.length === 0) fail(fn, `${name} must not be empty`);
  if (v.includes('\0')) fail(fn, `${name} must not contain NUL bytes`);
  return v;
}

function checkFunction(fn: string, name: string, v: unknown): void {
  if (typeof v !== 'function') fail(fn, `${name} must be a function, got ${describe(v)}`);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'number' ? String(v) : typeof v;
}

function checkSpawnRequest(req: unknown): void {
  const fn = 'spawn';
  if (typeof req !== 'object' || req === null) fail(fn, `req must be an object, got ${describe(req)}`);
  const r = req as Record<string, unknown>;
  checkString(fn, 'req.file', r.file, true);
  checkString(fn, 'req.cwd', r.cwd, true);
  if (!Array.isArray(r.argv) || r.argv.length === 0) fail(fn, 'req.argv must be a non-empty array of strings');
  r.argv.forEach((a, i) => checkString(fn, `req.argv[${i}]`, a, false));
  if (!Array.isArray(r.env)) fail(fn, 'req.env must be an array of "KEY=VALUE" strings');
  r.env.forEach((e, i) => {
    checkString(fn, `req.env[${i}]`, e, true);
    if (!(e as string).includes('=')) fail(fn, `req.env[${i}] must look like KEY=VALUE, got ${describe(e)}`);
  });
  if (!Array.isArray(r.fds)) fail(fn, 'req.fds must be an array of fds (integers >= -1)');
  r.fds.forEach((fd, i) => checkInt(fn, `req.fds[${i}]`, fd, -1));
  if (r.pgid !== undefined) checkInt(fn, 'req.pgid', r.pgid, -1);
  if (r.foregroundTty !== undefined) checkInt(fn, 'req.foregroundTty', r.foregroundTty, 0);
  if (r.pdeathsig !== undefined) checkInt(fn, 'req.pdeathsig', r.pdeathsig, 0, 64);
  checkProcAttrs(fn, r);
}

/** umask, ignored signals and rlimits of a spawn request (all optional). */
function checkProcAttrs(fn: string, r: Record<string, unknown>): void {
  if (r.umask !== undefined) checkInt(fn, 'req.umask', r.umask, 0, 0o777);
  if (r.ignoreSignals !== undefined) checkInt(fn, 'req.ignoreSignals', r.ignoreSignals, 0, 0x7fffffff);
  if (r.rlimits === undefined) return;
  if (!Array.isArray(r.rlimits)) fail(fn, 'req.rlimits must be an array of [resource, soft, hard]');
  r.rlimits.forEach((l, i) => {
    if (!Array.isArray(l) || l.length !== 3) fail(fn, `req.rlimits[${i}] must be [resource, soft, hard]`);
    checkInt(fn, `req.rlimits[${i}][0]`, l[0], 0, 63);
    checkInt(fn, `req.rlimits[${i}][1]`, l[1], -1, Number.MAX_SAFE_INTEGER);
    checkInt(fn, `req.rlimits[${i}][2]`, l[2], -1, Number.MAX_SAFE_INTEGER);
  });
}

function checkWorldSpawn(req: unknown): void {
  const fn = 'worldSpawn';
  if (typeof req !== 'object' || req === null) fail(fn, `req must be an object, got ${describe(req)}`);
  const r = req as Record<string, unknown>;
  checkInt(fn, 'req.id', r.id, 0);
  checkString(fn, 'req.file', r.file, true);
  checkString(fn, 'req.cwd', r.cwd, true);
  if (!Array.isArray(r.argv) || r.argv.length === 0) fail(fn, 'req.argv must be a non-empty array of strings');
  r.argv.forEach((a, i) => checkString(fn, `req.argv[${i}]`, a, false));
  if (!Array.isArray(r.env)) fail(fn, 'req.env must be an array of "KEY=VALUE" strings');
  r.env.forEach((e, i) => checkString(fn, `req.env[${i}]`, e, true));
  for (const k of ['cgroupFds', 'fds'] as const) {
    if (!Array.isArray(r[k])) fail(fn, `req.${k} must be an array of fds`);
    (r[k] as unknown[]).forEach((fd, i) => checkInt(fn, `req.${k}[${i}]`, fd, k === 'fds' ? -1 : 0));
  }
  if ((r.fds as unknown[]).length > 1024) fail(fn, 'req.fds: at most 1024 descriptors');
  checkInt(fn, 'req.flags', r.flags, 0);
  checkProcAttrs(fn, r);
}

/** Wraps the raw addon so that every call is checked before it reaches C++. */
function validated(raw: NativeAddon): NativeAddon {
  return {
    spawn(req, onExit) {
      checkSpawnRequest(req);
      checkFunction('spawn', 'onExit', onExit);
      return raw.spawn(req, onExit);
    },
    pipe() {
      return raw.pipe();
    },
    setNonBlocking(fd, on) {
      checkInt('setNonBlocking', 'fd', fd, 0);
      if (typeof on !== 'boolean') fail('setNonBlocking', `on must be a boolean, got ${describe(on)}`);
      raw.setNonBlocking(fd, on);
    },
    close(fd) {
      checkInt('close', 'fd', fd, 0);
      raw.close(fd);
    },
    bytesReadable(fd) {
      checkInt('bytesReadable', 'fd', fd, 0);
      return raw.bytesReadable(fd);
    },
    ...(typeof raw.pipeTake === 'function'
      ? {
          pipeTake(fd: number, delim: number, max: number) {
            checkInt('pipeTake', 'fd', fd, 0);
            checkInt('pipeTake', 'delim', delim, -1, 255);
            checkInt('pipeTake', 'max', max, 1, 1 << 20);
            return raw.pipeTake!(fd, delim, max);
          },
        }
      : {}),
    relay(from, to, onDone) {
      checkInt('relay', 'from', from, 0);
      checkInt('relay', 'to', to, 0);
      if (from === to) fail('relay', `from and to must be different fds, both are ${from}`);
      checkFunction('relay', 'onDone', onDone);
      return raw.relay(from, to, onDone);
    },
    ...(typeof raw.tunnel === 'function'
      ? {
          tunnel(a: number, b: number, onDone: (aToB: number, bToA: number, error: string | null) => void) {
            checkInt('tunnel', 'a', a, 0);
            checkInt('tunnel', 'b', b, 0);
            if (a === b) fail('tunnel', `a and b must be different fds, both are ${a}`);
            checkFunction('tunnel', 'onDone', onDone);
            return raw.tunnel!(a, b, onDone);
          },
        }
      : {}),
    worldStart(bin, flags) {
      checkString('worldStart', 'bin', bin, true);
      checkInt('worldStart', 'flags', flags, 0, 3);
      return raw.worldStart(bin, flags);
    },
    worldBuild(ctl, ops) {
      checkInt('worldBuild', 'ctl', ctl, 0);
      if (!Array.isArray(ops)) fail('worldBuild', 'ops must be an array');
      ops.forEach((op, i) => {
        if (!Array.isArray(op) || op.length !== 4) fail('worldBuild', `ops[${i}] must be [kind, flags, a, b]`);
        checkInt('worldBuild', `ops[${i}][0]`, op[0], 1, 64);
        checkInt('worldBuild', `ops[${i}][1]`, op[1], 0);
        checkString('worldBuild', `ops[${i}][2]`, op[2], false);
        checkString('worldBuild', `ops[${i}][3]`, op[3], false);
      });
      return raw.worldBuild(ctl, ops);
    },
    worldSpawn(ctl, req) {
      checkInt('worldSpawn', 'ctl', ctl, 0);
      checkWorldSpawn(req);
      return raw.worldSpawn(ctl, req);
    },
    worldListen(ctl, port) {
      checkInt('worldListen', 'ctl', ctl, 0);
      checkInt('worldListen', 'port', port, 0, 65535);
      return raw.worldListen(ctl, port);
    },
    worldFs(helper, op, cwd, p, a, b, to) {
      checkInt('worldFs', 'helper', helper, 0);
      checkInt('worldFs', 'op', op, 1, 9);
      checkString('worldFs', 'cwd', cwd, false);
      if (typeof p !== 'string') fail('worldFs', `path must be a string, got ${describe(p)}`);
      if (op === 8) checkString('worldFs', 'to', to, true);
      return raw.worldFs(helper, op, cwd, p, a, b, to);
    },
    worldWatch(evt, pidfd, onEvent) {
      checkInt('worldWatch', 'evt', evt, 0);
      checkInt('worldWatch', 'pidfd', pidfd, 0);
      checkFunction('worldWatch', 'onEvent', onEvent);
      return raw.worldWatch(evt, pidfd, onEvent);
    },
    pidfdSignal(pidfd, sig) {
      checkInt('pidfdSignal', 'pidfd', pidfd, 0);
      checkInt('pidfdSignal', 'sig', sig, 0, 64);
      raw.pidfdSignal(pidfd, sig);
    },
  };
}
