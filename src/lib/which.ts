// PATH search, shared by the shell (commands) and `spawn` (agents are programs even when a
// builtin has the same name).
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** The executable file NAME resolves to in PATH (relative entries against cwd), or null. */
export function searchPath(name: string, path: string, cwd: string): string | null {
  for (const dir of path.split(':')) {
    const full = resolve(cwd, dir || '.', name);
    try {
      accessSync(full, constants.X_OK);
      if (statSync(full).isFile()) return full;
    } catch {
      // not here
    }
  }
  return null;
}
