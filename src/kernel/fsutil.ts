// Crash-safe writes (DESIGN.md "State on disk"): temp file + fsync + rename, fsync'd
// appends, and directory syncs. Shared by the journal, agent runs and conversations.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Replaces a file atomically; `durable` also fsyncs it (skip for derived files). Private: 0600 in 0700 directories. */
export function writeFileAtomic(path: string, data: string | Uint8Array, durable = true): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeFileSync(fd, data);
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Appends and fsyncs (a crash never loses an acknowledged line). */
export function appendDurable(path: string, data: string): void {
  const fd = openSync(path, 'a', 0o600);
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsyncs a directory so a rename or a new file in it survives a crash. */
export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some filesystems refuse fsync on directories; the files' own syncs still hold
  }
}
