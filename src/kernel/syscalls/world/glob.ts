// The small text rules of the world engine (spec §6.1, §6.3, §6.4): world ids, VFS path
// normalisation, and the two glob dialects. Globs are matched by simulating the pattern as
// a set of positions (an NFA), never through a RegExp: a pattern comes from a client, and a
// backtracking regex of many stars against a long path could stall the whole kernel.

/** Longest VFS path kept after normalisation; longer paths are refused (memory and glob cost). */
export const MAX_PATH_CHARS = 4096;
/** Longest glob a config may hold (matching cost is path length × pattern length). */
export const MAX_PATTERN_CHARS = 1024;

/**
 * World id from a create name (spec §6.1, Q29): ASCII lower-case, keep [a-z0-9_-], space to
 * `-`, drop every other character (non-ASCII included), `world` if nothing is left, at most
 * 32 characters, then `-` and the 4-digit counter. Lower-casing is ASCII-only on purpose:
 * JavaScript's toLowerCase turns `İ` or the Kelvin sign into ASCII letters, REF's byte-wise
 * tolower does not.
 */
export function worldId(name: string, counter: number): string {
  let out = '';
  for (const ch of name) {
    const c = ch.charCodeAt(0);
    if (ch.length !== 1) continue;
    if (c >= 0x41 && c <= 0x5a) out += String.fromCharCode(c + 32);
    else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || ch === '_' || ch === '-') out += ch;
    else if (ch === ' ') out += '-';
  }
  if (!out) out = 'world';
  return `${out.slice(0, 32)}-${String(counter).padStart(4, '0')}`;
}

/**
 * VFS path normalisation (spec §6.3): split on `/`, drop empty and `.` segments, `..` pops
 * one, rebuild with a leading `/`. Relative paths are not resolved against any cwd (REF).
 */
export function normalisePath(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

const LIT = 0;
const ONE = 1; // `?`: one character other than `/`
const STAR = 2; // `*`: anything but `/`
const DSTAR = 3; // `**` (VFS) or `*` (URL wildcards): anything

interface Compiled {
  kinds: Uint8Array;
  chars: string[];
}

/** Compiled patterns, keyed by dialect + text; bounded so that it cannot grow without end. */
const cache = new Map<string, Compiled>();
const CACHE_MAX = 4096;

function compile(pattern: string, urlDialect: boolean): Compiled {
  const key = (urlDialect ? 'u' : 'v') + pattern;
  const hit = cache.get(key);
  if (hit) return hit;
  const kinds: number[] = [];
  const chars: string[] = [];
  const p = pattern.toLowerCase();
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === '*') {
      const double = !urlDialect && p[i + 1] === '*';
      if (double) i++;
      const kind = urlDialect || double ? DSTAR : STAR;
      // Consecutive stars collapse; a `**` next to a `*` is a `**`.
      const last = kinds.length - 1;
      if (last >= 0 && (kinds[last] === STAR || kinds[last] === DSTAR)) {
        if (kind === DSTAR) kinds[last] = DSTAR;
        continue;
      }
      kinds.push(kind);
      chars.push('');
    } else if (ch === '?' && !urlDialect) {
      kinds.push(ONE);
      chars.push('');
    } else {
      kinds.push(LIT);
      chars.push(ch);
    }
  }
  const c = { kinds: Uint8Array.from(kinds), chars };
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, c);
  return c;
}

/** Full, case-insensitive match; O(text × pattern) with no backtracking. */
function run(c: Compiled, text: string): boolean {
  const m = c.kinds.length;
  let cur = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  const close = (set: Uint8Array): void => {
    for (let i = 0; i < m; i++) if (set[i] && (c.kinds[i] === STAR || c.kinds[i] === DSTAR)) set[i + 1] = 1;
  };
  cur[0] = 1;
  close(cur);
  const t = text.toLowerCase();
  for (let k = 0; k < t.length; k++) {
    const ch = t[k]!;
    next.fill(0);
    let any = false;
    for (let i = 0; i < m; i++) {
      if (!cur[i]) continue;
      const kind = c.kinds[i];
      // Where position i goes on `ch`: i + 1 for a literal or `?`, i itself for a star.
      const to = kind === LIT ? (c.chars[i] === ch ? i + 1 : -1) : kind === ONE ? (ch !== '/' ? i + 1 : -1) : kind === STAR && ch === '/' ? -1 : i;
      if (to >= 0) {
        next[to] = 1;
        any = true;
      }
    }
    if (!any) return false;
    close(next);
    [cur, next] = [next, cur];
  }
  return cur[m] === 1;
}

/** VFS dialect (spec §6.3): `**` anything, `*` anything but `/`, `?` one non-`/` character. */
export function globMatch(pattern: string, path: string): boolean {
  return run(compile(pattern, false), path);
}

/** Network-mock dialect (spec §6.4): `*` matches anything, `/` included; nothing else is special. */
export function wildcardMatch(pattern: string, text: string): boolean {
  return run(compile(pattern, true), text);
}
