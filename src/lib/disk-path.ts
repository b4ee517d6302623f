// A name relative to the shell's directory as the kernel takes it: the shell's directory
// is logical (it may be a path through a symbolic link) but `..` in a name given to a
// command is the parent on disk — `cd link; cat ../f` reads beside the link's target, not
// beside the link — so such a name is joined to the directory without normalizing it.
import { resolve } from 'node:path';

export function diskPath(cwd: string, p: string): string {
  if (p.startsWith('/')) return p;
  if (!/(^|\/)\.\.(\/|$)/.test(p)) return resolve(cwd, p);
  return cwd.endsWith('/') ? cwd + p : `${cwd}/${p}`;
}
