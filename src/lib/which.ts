// PATH search, shared by the shell (commands) and `spawn` (agents are programs even when a
// builtin has the same name). Looked up in the session's filesystem view (default the host's).
import { constants } from 'node:fs';
import { resolve } from 'node:path';
import { hostView, isFile, type FileView } from '../kernel/fs-view.js';
import { matchPattern } from './pattern.js';

const HOST = hostView();

/**
 * The executable file NAME resolves to in PATH (relative entries against cwd), or null.
 * `ignored`: full paths the search passes over (bash's EXECIGNORE patterns).
 */
export function searchPath(name: string, path: string, cwd: string, fs: Pick<FileView, 'access' | 'stat'> = HOST, ignored?: (full: string) => boolean): string | null {
  return searchPathEntry(name, path, cwd, fs, ignored)?.full ?? null;
}

/** searchPath's match, with the PATH entry it was found under (relative entries stay so). */
export function searchPathEntry(name: string, path: string, cwd: string, fs: Pick<FileView, 'access' | 'stat'> = HOST, ignored?: (full: string) => boolean): { full: string; dir: string } | null {
  for (const dir of path.split(':')) {
    const full = resolve(cwd, dir || '.', name);
    if (!fs.access(full, constants.X_OK) || ignored?.(full)) continue;
    const st = fs.stat(full);
    if (st && isFile(st)) return { full, dir };
  }
  return null;
}

/**
 * The first regular file NAME names in PATH, executable or not: bash runs that when no
 * executable one exists, so the user hears "Permission denied" rather than "not found".
 */
export function searchPathFile(name: string, path: string, cwd: string, fs: Pick<FileView, 'stat'> = HOST, ignored?: (full: string) => boolean): string | null {
  for (const dir of path.split(':')) {
    const full = resolve(cwd, dir || '.', name);
    if (ignored?.(full)) continue;
    const st = fs.stat(full);
    if (st && isFile(st)) return full;
  }
  return null;
}

/** EXECIGNORE: a colon-separated list of patterns; a full path matching one is no command. */
export function execIgnore(value: string | undefined): ((full: string) => boolean) | undefined {
  const pats = (value ?? '').split(':').filter((p) => p !== '');
  if (!pats.length) return undefined;
  return (full) => pats.some((p) => matchPattern(p, full, { extglob: true }));
}
