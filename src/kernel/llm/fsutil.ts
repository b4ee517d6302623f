// Crash-safe writes (DESIGN.md "State on disk"): temp file + fsync + rename.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Replaces a file atomically; `durable` also fsyncs it (skip for derived files). */
export function writeFileAtomic(path: string, data: string | Uint8Array, durable = true): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  const fd = openSync(tmp, 'w');
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
  const fd = openSync(path, 'a');
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
