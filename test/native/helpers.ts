// Shared helpers for the native addon tests: spawn through the addon, read pipes.
import { createReadStream, openSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadNative, nativeStatus, type ExitStatus, type NativeAddon, type SpawnRequest } from '../../src/kernel/native.js';

const loaded = loadNative();
if (!loaded && process.env.CI === 'true') {
  // CI must never skip the process tests silently.
  throw new Error(`native addon missing in CI:\n${nativeStatus().error}`);
}
/** Null when the addon is not built: the suites then skip, saying why. */
export const native: NativeAddon | null = loaded;
export const skipReason = loaded ? '' : `native addon not built (${nativeStatus().error})`;

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const childScript = path.join(root, 'test', 'fixtures', 'child.mjs');
export const addonPath = nativeStatus().path ?? '';

export function addon(): NativeAddon {
  if (!native) throw new Error(skipReason);
  return native;
}

let devNull = -1;
/** A /dev/null fd (opened once, O_CLOEXEC like every fd Node opens). */
export function nullFd(): number {
  if (devNull < 0) devNull = openSync('/dev/null', 'r+');
  return devNull;
}

/** Reads fd to EOF and closes it. */
export function readAll(fd: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    createReadStream('', { fd, autoClose: true })
      .on('data', (c) => chunks.push(c as Buffer))
      .on('end', () => resolve(Buffer.concat(chunks)))
      .on('error', reject);
  });
}

export interface Started {
  pid: number;
  exit: Promise<ExitStatus>;
}

/** spawn() with a promise for the exit status. */
export function start(req: Partial<SpawnRequest> & Pick<SpawnRequest, 'file' | 'argv'>): Started {
  let resolveExit!: (s: ExitStatus) => void;
  const exit = new Promise<ExitStatus>((r) => (resolveExit = r));
  const full: SpawnRequest = {
    env: ['PATH=/usr/bin:/bin'],
    cwd: root,
    fds: [nullFd(), 1, 2],
    ...req,
  };
  const { pid } = addon().spawn(full, resolveExit);
  return { pid, exit };
}

/** Runs a program with stdout captured; stdin is /dev/null, stderr is ours. */
export async function run(
  file: string,
  argv: string[],
  extra: Partial<SpawnRequest> = {},
): Promise<{ pid: number; status: ExitStatus; stdout: string }> {
  const [r, w] = addon().pipe();
  let child: Started;
  try {
    child = start({ file, argv, fds: [nullFd(), w, 2], ...extra });
  } finally {
    addon().close(w);
  }
  const [stdout, status] = await Promise.all([readAll(r), child.exit]);
  return { pid: child.pid, status, stdout: stdout.toString() };
}

/** Runs test/fixtures/child.mjs with the given actions. */
export function runChild(actions: string[], extra: Partial<SpawnRequest> = {}) {
  return run(process.execPath, ['node', childScript, ...actions], extra);
}

/** Fields after "(comm)" in /proc/<pid>/stat: [state, ppid, pgrp, session, ...]. */
export function procStat(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}
