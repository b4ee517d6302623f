// Pathname expansion over the session's filesystem view: one directory level per pattern
// segment, `**` (globstar) for any depth, dot files only when asked for (a leading `.`,
// dotglob, GLOBIGNORE), results sorted in byte order as bash sorts them in C.UTF-8.
import { isAbsolute } from 'node:path';
import { hostView, isDir as statIsDir, type FileView } from '../kernel/fs-view.js';

export interface GlobOptions {
  dotglob?: boolean;
  extglob?: boolean;
  globstar?: boolean;
  nocaseglob?: boolean;
  /** `.*` never matches `.` or `..` (bash 5.2's default). */
  globskipdots?: boolean;
  /** GLOBIGNORE: colon-separated patterns of names to drop (and dot files allowed). */
  ignore?: string;
  /** Leave the matches unsorted, each directory's names in reverse readdir order, as bash's
   *  glob_vector collects them (what `compgen -G` prints). */
  unsorted?: boolean;
}

type Fs = Pick<FileView, 'readdir' | 'stat' | 'lstat'>;

/** Splits a pattern on the slashes that are not escaped. */
function segments(pat: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '\\' && i + 1 < pat.length) {
      cur += c + pat[++i];
      continue;
    }
    if (c === '/') {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

function hasMeta(seg: string, extglob: boolean): boolean {
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '*' || c === '?' || c === '[') return true;
    if (extglob && seg[i + 1] === '(' && (c === '@' || c === '!' || c === '+')) return true;
  }
  return false;
}

function unescape(s: string): string {
  return s.includes('\\') ? s.replace(/\\(.)/gsu, '$1') : s;
}

function joinPath(base: string, name: string): string {
  if (base === '') return name;
  return base.endsWith('/') ? base + name : base + '/' + name;
}

/** `ignoreMatch`: how a GLOBIGNORE pattern matches a whole result (bash lets its `*` match `/`). */
export function globDirectory(pat: string, cwd: string, fs: Fs | undefined, opts: GlobOptions, match: (segPat: string, name: string) => boolean, ignoreMatch = match): string[] {
  const view = fs ?? hostView();
  // Not normalized: `..` is the directory's parent on disk, as for the kernel (`cd link; echo ../*`).
  const abs = (p: string): string => (isAbsolute(p) ? p : cwd.endsWith('/') ? cwd + p : `${cwd}/${p}`);
  const ignore = opts.ignore ? opts.ignore.split(':').filter((p) => p !== '') : [];
  // (A GLOBIGNORE allows dot files through dotglob, which setting it turns on.)
  const dotOk = opts.dotglob;
  const segs = segments(pat);
  const absolute = pat.startsWith('/');
  let results: string[] = [absolute ? '/' : ''];
  const readdir = (dir: string): string[] => {
    try {
      return view.readdir(dir === '' ? cwd : abs(dir));
    } catch {
      return [];
    }
  };
  const isDirectory = (p: string): boolean => {
    const st = view.stat(p === '' ? cwd : abs(p));
    return st !== null && statIsDir(st);
  };
  /** Some segment before this one had pattern characters. */
  let globbed = false;
  for (let s = absolute ? 1 : 0; s < segs.length; s++) {
    const seg = segs[s]!;
    const last = s === segs.length - 1;
    if (seg === '') {
      if (!last || s === 0) continue;
      // A trailing slash: only directories, written with the slash.
      results = results.filter((r) => r !== '' && isDirectory(r)).map((r) => (r.endsWith('/') ? r : r + '/'));
      continue;
    }
    const next: string[] = [];
    if (!hasMeta(seg, opts.extglob ?? false)) {
      const lit = unescape(seg);
      for (const r of results) next.push(joinPath(r, lit));
      // (After a glob, a name in the middle must be a directory there: `**/b/x`.)
      results = last ? next.filter((p) => view.lstat(abs(p)) !== null) : globbed ? next.filter(isDirectory) : next;
      if (!results.length) return [];
      continue;
    }
    const wasGlobbed = globbed;
    globbed = true;
    if (opts.globstar && seg === '**') {
      const dirsOnly = s === segs.length - 2 && segs[s + 1] === '';
      // Zero or more directory levels (symbolic links to directories are not followed).
      for (const r of results) {
        if (r !== '' && r !== '/' && !isDirectory(r)) continue;
        const walk = (dir: string, includeSelf: boolean, top = false): void => {
          // `d/**` matches d itself as "d/" (zero directories), then what is below; after
          // a glob (`*/b/**`) bash writes that directory without the slash.
          if (includeSelf) next.push(top && last && dir !== '' && !wasGlobbed ? (dir.endsWith('/') ? dir : dir + '/') : dir);
          for (const name of readdir(dir).sort()) {
            if (name.startsWith('.') && !dotOk) continue;
            const p = joinPath(dir, name);
            const lst = view.lstat(abs(p));
            const isD = lst !== null && statIsDir(lst);
            if (isD) walk(p, true);
            else if (last) next.push(p);
            // `**/` lists a link to a directory too (without going into it).
            else if (dirsOnly && isDirectory(p)) next.push(p);
          }
        };
        walk(r, true, true);
      }
      results = last ? next.filter((p) => p !== '') : next;
      continue;
    }
    const explicitDot = seg.startsWith('.') || seg.startsWith('\\.');
    // extglob: a dot file may match a leading group's alternatives that start with a dot.
    const dotSeg = !explicitDot && opts.extglob === true ? dotAlternatives(seg) : null;
    for (const r of results) {
      if (!last && r !== '' && r !== '/' && !isDirectory(r)) continue;
      let names = readdir(r);
      if (explicitDot && !opts.globskipdots) names = opts.unsorted ? ['.', '..', ...names] : [...names, '.', '..'];
      // (readdir lists . and .. first: reversed, they come last)
      if (opts.unsorted) names.reverse();
      for (const name of names) {
        const hidden = name.startsWith('.') && !explicitDot && !dotOk;
        if (hidden && (dotSeg === null || name === '.' || name === '..')) continue;
        if ((name === '.' || name === '..') && (opts.globskipdots || ignore.length > 0) && !explicitDot) continue;
        if (!match(hidden ? dotSeg! : seg, name)) continue;
        next.push(joinPath(r, name));
      }
    }
    results = next;
    if (!results.length) return [];
  }
  let out = results.filter((r) => r !== '' && (r !== '/' || pat === '/'));
  if (ignore.length) {
    out = out.filter((p) => {
      const base = p.replace(/\/$/, '');
      const name = base.slice(base.lastIndexOf('/') + 1);
      if (name === '.' || name === '..') return false;
      return !ignore.some((g) => ignoreMatch(g, base));
    });
  }
  return opts.unsorted ? out : [...new Set(out)].sort(byBytes);
}

function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `@(.a|b)rest` -> `@(.a)rest`: the leading group's alternatives that start with a dot, or null. */
function dotAlternatives(seg: string): string | null {
  if (!/^[?*+@!]\(/.test(seg)) return null;
  let depth = 0;
  let from = 2;
  const alts: string[] = [];
  for (let i = 1; i < seg.length; i++) {
    const c = seg[i];
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if ((c === '|' && depth === 1) || (c === ')' && depth === 1)) {
      alts.push(seg.slice(from, i));
      from = i + 1;
      if (c === ')') {
        const dots = alts.filter((a) => a.startsWith('.'));
        return dots.length ? `${seg[0]}(${dots.join('|')})${seg.slice(i + 1)}` : null;
      }
    } else if (c === ')') depth--;
  }
  return null;
}
