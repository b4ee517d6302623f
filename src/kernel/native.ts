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

export type { ExitStatus, Relay, SandboxSpec, SpawnRequest, SpawnResult } from '../../native/index.js';

/** The addon's surface (native/index.d.ts), as handed out by loadNative(). */
export interface NativeAddon {
  spawn: typeof Raw.spawn;
  pipe: typeof Raw.pipe;
  setNonBlocking: typeof Raw.setNonBlocking;
  close: typeof Raw.close;
  relay: typeof Raw.relay;
}

export interface NativeStatus {
  loaded: boolean;
  /** Paths tried, in order. */
  tried: string[];
  /** Why loading failed: one line per path tried. */
  error?: string;
  /** The path that loaded. */
  path?: string;
}

/** Candidate locations, in order: $AOSH_NATIVE_PATH, then the Release and Debug builds. */
function candidates(): string[] {
  // This file is src/kernel/native.ts (tests) or dist/kernel/native.js (build):
  // the package root is two levels up either way.
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
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
        cached = { addon: validated(raw), status: { loaded: true, tried, path: file } };
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
  if (r.sandbox !== undefined) checkSandbox(r.sandbox);
}

function checkSandbox(sb: unknown): void {
  const fn = 'spawn';
  if (typeof sb !== 'object' || sb === null) fail(fn, `req.sandbox must be an object when given, got ${describe(sb)}`);
  const s = sb as Record<string, unknown>;
  for (const k of ['user', 'pid', 'mount', 'uts', 'ipc', 'net', 'noNewPrivs', 'dropCapabilities', 'seccomp', 'newSession']) {
    if (typeof s[k] !== 'boolean') fail(fn, `req.sandbox.${k} must be a boolean, got ${describe(s[k])}`);
  }
  if (s.cgroupNamespace !== undefined && typeof s.cgroupNamespace !== 'boolean') fail(fn, 'req.sandbox.cgroupNamespace must be a boolean');
  if (s.hostname !== undefined) checkString(fn, 'req.sandbox.hostname', s.hostname, false);
  if (!Array.isArray(s.cgroupProcs)) fail(fn, 'req.sandbox.cgroupProcs must be an array of paths');
  s.cgroupProcs.forEach((p, i) => checkString(fn, `req.sandbox.cgroupProcs[${i}]`, p, true));
  if (s.fs !== undefined) {
    if (typeof s.fs !== 'object' || s.fs === null) fail(fn, 'req.sandbox.fs must be an object');
    if (s.mount !== true) fail(fn, 'req.sandbox.fs needs mount: true');
    const f = s.fs as Record<string, unknown>;
    for (const k of ['readOnlyRoot', 'proc']) if (typeof f[k] !== 'boolean') fail(fn, `req.sandbox.fs.${k} must be a boolean`);
    for (const k of ['writable', 'hidden', 'tmpfs']) {
      const list = f[k];
      if (!Array.isArray(list)) fail(fn, `req.sandbox.fs.${k} must be an array of absolute paths`);
      list.forEach((p, i) => {
        checkString(fn, `req.sandbox.fs.${k}[${i}]`, p, true);
        if (!(p as string).startsWith('/')) fail(fn, `req.sandbox.fs.${k}[${i}] must be absolute, got ${describe(p)}`);
      });
    }
    if (f.binds !== undefined) {
      if (!Array.isArray(f.binds)) fail(fn, 'req.sandbox.fs.binds must be an array of [source, target, writable]');
      f.binds.forEach((b, i) => {
        if (!Array.isArray(b) || b.length !== 3 || typeof b[2] !== 'boolean') fail(fn, `req.sandbox.fs.binds[${i}] must be [source, target, writable]`);
        checkString(fn, `req.sandbox.fs.binds[${i}][0]`, b[0], true);
        checkString(fn, `req.sandbox.fs.binds[${i}][1]`, b[1], true);
      });
    }
  }
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
    relay(from, to, onDone) {
      checkInt('relay', 'from', from, 0);
      checkInt('relay', 'to', to, 0);
      if (from === to) fail('relay', `from and to must be different fds, both are ${from}`);
      checkFunction('relay', 'onDone', onDone);
      return raw.relay(from, to, onDone);
    },
  };
}
