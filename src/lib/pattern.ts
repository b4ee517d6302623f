// Shell patterns: globbing of file names and matching for `case`, `[[ == ]]` and
// `${X#pat}`. A pattern here is a string in which quoted characters are escaped with a
// backslash, so "a*"'*' becomes `a*\*`: only the unquoted star is special.
import { join, isAbsolute } from 'node:path';
import { hostView, isDir as statIsDir, type FileView } from '../kernel/fs-view.js';

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9a-fA-F', cntrl: '\\x00-\\x1f\\x7f', print: '\\x20-\\x7e', graph: '\\x21-\\x7e', word: 'a-zA-Z0-9_',
};

/** Escapes every pattern-special character so the text matches only itself. */
export function quotePattern(text: string): string {
  return text.replace(/[\\*?[\]]/g, (c) => '\\' + c);
}

/** Whether the pattern has an unescaped `*`, `?` or a bracket expression. */
export function hasGlob(pat: string): boolean {
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '*' || c === '?') return true;
    if (c === '[' && bracketEnd(pat, i) > 0) return true;
  }
  return false;
}

/** Removes the escaping backslashes: the literal text the pattern stands for. */
export function unescapePattern(pat: string): string {
  return pat.replace(/\\(.)/gs, '$1');
}

/** Index of the `]` closing the bracket expression starting at `i`, or -1. */
function bracketEnd(pat: string, i: number): number {
  let j = i + 1;
  if (pat[j] === '!' || pat[j] === '^') j++;
  if (pat[j] === ']') j++;
  for (; j < pat.length; j++) {
    if (pat[j] === '\\') {
      j++;
      continue;
    }
    if (pat[j] === '[' && pat[j + 1] === ':') {
      const close = pat.indexOf(':]', j + 2);
      if (close > 0) {
        j = close + 1;
        continue;
      }
    }
    if (pat[j] === ']') return j;
  }
  return -1;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/-]/.test(c) ? '\\' + c : c;
}

/** Translates a pattern to regex source (no anchors). */
export function patternSource(pat: string): string {
  let out = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '\\') {
      if (i + 1 < pat.length) out += escapeRegex(pat[++i]!);
      else out += '\\\\';
      continue;
    }
    if (c === '*') {
      out += '[\\s\\S]*';
      while (pat[i + 1] === '*') i++;
      continue;
    }
    if (c === '?') {
      out += '[\\s\\S]';
      continue;
    }
    if (c === '[') {
      const end = bracketEnd(pat, i);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let body = pat.slice(i + 1, end);
      let negate = false;
      if (body[0] === '!' || body[0] === '^') {
        negate = true;
        body = body.slice(1);
      }
      let cls = '';
      for (let k = 0; k < body.length; k++) {
        const b = body[k]!;
        if (b === '[' && body[k + 1] === ':') {
          const close = body.indexOf(':]', k + 2);
          if (close > 0) {
            cls += CLASSES[body.slice(k + 2, close)] ?? '';
            k = close + 1;
            continue;
          }
        }
        if (b === '\\' && k + 1 < body.length) {
          cls += '\\' + body[++k];
          continue;
        }
        if (b === '-' && k > 0 && k < body.length - 1) {
          cls += '-';
          continue;
        }
        cls += /[\]\\^-]/.test(b) ? '\\' + b : b;
      }
      out += negate ? `[^${cls}]` : `[${cls}]`;
      i = end;
      continue;
    }
    out += escapeRegex(c);
  }
  return out;
}

const cache = new Map<string, RegExp>();

/** Whole-string match, as `case` and `[[ == ]]` do. */
export function matchPattern(pat: string, text: string): boolean {
  let re = cache.get(pat);
  if (!re) {
    re = new RegExp(`^${patternSource(pat)}$`, 's');
    if (cache.size > 500) cache.clear();
    cache.set(pat, re);
  }
  return re.test(text);
}

/**
 * Expands a file-name pattern relative to cwd. Returns the sorted matches, or an empty
 * array when nothing matches (the caller keeps the word literal, as bash does).
 */
/** Expands a glob against the filesystem `fs` (the session's world; default the host's). */
export function globFiles(pat: string, cwd: string, fs: Pick<FileView, 'readdir' | 'stat'> = hostView()): string[] {
  const abs = (p: string): string => (isAbsolute(p) ? p : join(cwd, p));
  const absolute = pat.startsWith('/');
  const segments = pat.split('/');
  let results: string[] = [absolute ? '/' : ''];
  for (let s = absolute ? 1 : 0; s < segments.length; s++) {
    const seg = segments[s]!;
    const last = s === segments.length - 1;
    if (seg === '') {
      // Trailing or doubled slash: keep it on every result.
      results = results.map((r) => (r.endsWith('/') ? r : r + '/'));
      continue;
    }
    const next: string[] = [];
    if (!hasGlob(seg)) {
      const lit = unescapePattern(seg);
      for (const r of results) next.push(r === '' ? lit : r.endsWith('/') ? r + lit : r + '/' + lit);
      results = last ? next.filter((p) => exists(fs, abs(p))) : next;
      continue;
    }
    const re = new RegExp(`^${patternSource(seg)}$`, 's');
    const dotOk = seg.startsWith('.') || seg.startsWith('\\.');
    for (const r of results) {
      const dir = r === '' ? cwd : abs(r);
      let names: string[];
      try {
        names = fs.readdir(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        if (name.startsWith('.') && !dotOk) continue;
        if (!re.test(name)) continue;
        next.push(r === '' ? name : r.endsWith('/') ? r + name : r + '/' + name);
      }
    }
    results = next;
    if (!results.length) return [];
  }
  const dirsOnly = pat.endsWith('/');
  return results
    .filter((r) => (r !== '' && r !== '/') || pat === '/')
    .filter((r) => !dirsOnly || isDir(fs, abs(r)))
    .sort(byBytes);
}

function isDir(fs: Pick<FileView, 'stat'>, p: string): boolean {
  const st = fs.stat(p);
  return st !== null && statIsDir(st);
}

/** Whether a literal last segment names something (readdir succeeds or says ENOTDIR: cheaper than stat for dangling checks). */
function exists(fs: Pick<FileView, 'readdir'>, p: string): boolean {
  try {
    fs.readdir(p);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOTDIR';
  }
}

function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** For `${X#pat}` and friends: removes the shortest/longest matching prefix or suffix. */
export function trimPattern(value: string, pat: string, side: 'prefix' | 'suffix', longest: boolean): string {
  const n = value.length;
  if (side === 'prefix') {
    if (longest) {
      for (let k = n; k >= 0; k--) if (matchPattern(pat, value.slice(0, k))) return value.slice(k);
    } else {
      for (let k = 0; k <= n; k++) if (matchPattern(pat, value.slice(0, k))) return value.slice(k);
    }
  } else if (longest) {
    for (let k = 0; k <= n; k++) if (matchPattern(pat, value.slice(k))) return value.slice(0, k);
  } else {
    for (let k = n; k >= 0; k--) if (matchPattern(pat, value.slice(k))) return value.slice(0, k);
  }
  return value;
}

/** For `${X/pat/rep}`: replaces the first (or every) longest match; `#`/`%` anchor it. */
export function replacePattern(value: string, pat: string, rep: string, mode: '/' | '//' | '/#' | '/%'): string {
  const src = patternSource(pat);
  if (mode === '/#') {
    const m = new RegExp(`^(?:${src})`, 's').exec(value);
    return m ? rep + value.slice(m[0].length) : value;
  }
  if (mode === '/%') {
    for (let k = 0; k <= value.length; k++) if (matchPattern(pat, value.slice(k))) return value.slice(0, k) + rep;
    return value;
  }
  if (pat === '') return value;
  const re = new RegExp(src, mode === '//' ? 'gs' : 's');
  return value.replace(re, () => rep);
}
