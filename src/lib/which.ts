// PATH search, shared by the shell (commands) and `spawn` (agents are programs even when a
// builtin has the same name). Looked up in the session's filesystem view (default the host's).
import { constants } from 'node:fs';
import { resolve } from 'node:path';
import { hostView, isFile, type FileView } from '../kernel/fs-view.js';

const HOST = hostView();

/** The executable file NAME resolves to in PATH (relative entries against cwd), or null. */
export function searchPath(name: string, path: string, cwd: string, fs: Pick<FileView, 'access' | 'stat'> = HOST): string | null {
  for (const dir of path.split(':')) {
    const full = resolve(cwd, dir || '.', name);
    if (!fs.access(full, constants.X_OK)) continue;
    const st = fs.stat(full);
    if (st && isFile(st)) return full;
  }
  return null;
}

/**
 * The first regular file NAME names in PATH, executable or not: bash runs that when no
 * executable one exists, so the user hears "Permission denied" rather than "not found".
 */
export function searchPathFile(name: string, path: string, cwd: string, fs: Pick<FileView, 'stat'> = HOST): string | null {
  for (const dir of path.split(':')) {
    const full = resolve(cwd, dir || '.', name);
    const st = fs.stat(full);
    if (st && isFile(st)) return full;
  }
  return null;
}
