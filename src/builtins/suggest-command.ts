// "did you mean" for a command that was not found, in the interactive session (fish and
// zsh do this; bash scripts keep bash's exact message): builtins, functions and PATH.
import type { FileView } from '../kernel/fs-view.js';
import { suggest } from './flags.js';
import { listBuiltins } from './index.js';

/** PATH is listed through the session's file view (the world's, when sandboxed), as PATH lookups are. */
export function commandSuggestion(name: string, path: string | undefined, functions: Iterable<string>, fs: Pick<FileView, 'readdir'>): string {
  if (name.includes('/') || name.length < 3) return '';
  const names = new Set<string>([...listBuiltins().map((b) => b.name), ...functions]);
  for (const dir of (path ?? '').split(':')) {
    if (!dir) continue;
    try {
      for (const f of fs.readdir(dir)) if (Math.abs(f.length - name.length) <= 2) names.add(f);
    } catch {
      // a missing directory on PATH
    }
  }
  return suggest(name, names);
}
