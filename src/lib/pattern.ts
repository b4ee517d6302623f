// Shell patterns: `case`, `[[ == ]]`, `${x#pat}`, `${x/pat/rep}` and pathname expansion.
// A pattern here is a string in which quoted characters are escaped with a backslash, so
// "a*"'*' becomes `a*\*`: only the unquoted star is special. With extglob, `?(..)`,
// `*(..)`, `+(..)`, `@(..)` and `!(..)` are special too.
//
// Patterns compile to a RegExp (cached); `!(...)` cannot be written as one, so patterns
// using it run on a small backtracking matcher instead.
import { CLASSES, collatingSymbol } from './bracket-names.js';
import { globDirectory, type GlobOptions } from './glob.js';

export { type GlobOptions };

export interface MatchOptions {
  extglob?: boolean;
  /** nocasematch / nocaseglob. */
  nocase?: boolean;
  /** Pathname matching: `*`, `?` and brackets never match `/`. */
  path?: boolean;
  /**
   * (Internal) nocase without the regex `i` flag: letters match both cases by themselves, and
   * `[:upper:]`/`[:lower:]` keep their case, as in bash. Used when a pattern has those classes.
   */
  fold?: boolean;
}

/** Under nocase, patterns with these classes are folded by hand (see MatchOptions.fold). */
const CASED_CLASS = /\[:(?:upper|lower):\]/;

/** The regex options for a pattern: the `i` flag for nocase, unless it must be folded by hand. */
function foldOptions(pat: string, opts: MatchOptions): { opts: MatchOptions; flags: string } {
  if (!opts.nocase) return { opts, flags: 'u' };
  if (!CASED_CLASS.test(pat)) return { opts, flags: 'iu' };
  return { opts: { ...opts, fold: true }, flags: 'u' };
}

/** One literal character as regex source; under fold, both of its cases. */
function litSource(ch: string, fold: boolean | undefined): string {
  if (fold) {
    const lo = ch.toLowerCase();
    const up = ch.toUpperCase();
    if ((lo !== ch || up !== ch) && [...lo].length === 1 && [...up].length === 1) return `[${classEscape(lo)}${classEscape(up)}]`;
  }
  return escapeRegex(ch);
}

function classEscape(c: string): string {
  return /[\]\\^\-[]/.test(c) ? '\\' + c : c;
}

/** Escapes every pattern-special character so the text matches only itself. */
export function quotePattern(text: string): string {
  let needs = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // \ * ? [ ] ( ) | @ ! + and & (a quoted & in ${x/p/&} is literal); - and ^ (`[a"-"z]` is no range)
    if (c === 92 || c === 42 || c === 63 || c === 91 || c === 93 || c === 40 || c === 41 || c === 124 || c === 64 || c === 33 || c === 43 || c === 38 || c === 45 || c === 94) {
      needs = true;
      break;
    }
  }
  return needs ? text.replace(/[\\*?[\]()|@!+&^-]/g, (c) => '\\' + c) : text;
}

/** Removes the escaping backslashes: the literal text the pattern stands for. */
export function unescapePattern(pat: string): string {
  return pat.includes('\\') ? pat.replace(/\\(.)/gsu, '$1') : pat;
}

/** Whether the pattern has an unescaped `*`, `?`, a bracket expression or (extglob) a group. */
export function hasGlob(pat: string, extglob = false): boolean {
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '*' || c === '?') return true;
    if (c === '[' && bracketEnd(pat, i) > 0) return true;
    if (extglob && pat[i + 1] === '(' && (c === '@' || c === '!' || c === '+') && groupEnd(pat, i + 1) > 0) return true;
  }
  return false;
}

/** Index of the `]` closing the bracket expression starting at `i`, or -1. */
export function bracketEnd(pat: string, i: number): number {
  let j = i + 1;
  if (pat[j] === '!' || pat[j] === '^') j++;
  if (pat[j] === ']') j++;
  for (; j < pat.length; j++) {
    const c = pat[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '[' && (pat[j + 1] === ':' || pat[j + 1] === '=' || pat[j + 1] === '.')) {
      const close = pat.indexOf(pat[j + 1] + ']', j + 2);
      if (close > 0) {
        j = close + 1;
        continue;
      }
    }
    if (c === ']') return j;
  }
  return -1;
}

/** Index of the `)` closing the extglob group whose `(` is at `open`, or -1. */
function groupEnd(pat: string, open: number): number {
  let depth = 0;
  for (let j = open; j < pat.length; j++) {
    const c = pat[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '[') {
      const e = bracketEnd(pat, j);
      if (e > 0) {
        j = e;
        continue;
      }
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
  }
  return -1;
}

/** Splits the inside of a group on top-level `|`. */
function alternatives(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let j = 0; j < body.length; j++) {
    const c = body[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '[') {
      const e = bracketEnd(body, j);
      if (e > 0) {
        j = e;
        continue;
      }
    }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(body.slice(start, j));
      start = j + 1;
    }
  }
  out.push(body.slice(start));
  return out;
}

function escapeRegex(c: string): string {
  // Only syntax characters may be escaped in a unicode regex ('-' may not, outside a class).
  return /[.*+?^${}()|[\]\\/]/.test(c) ? '\\' + c : c;
}

function bracketSource(pat: string, i: number, end: number, path: boolean, fold = false): string {
  let body = pat.slice(i + 1, end);
  let negate = false;
  if (body[0] === '!' || body[0] === '^') {
    negate = true;
    body = body.slice(1);
  }
  let cls = '';
  const chars = [...body];
  // Whether the last element was a single character (a `-` after a class or a range is itself).
  let single = false;
  let rangeEnd = false;
  for (let k = 0; k < chars.length; k++) {
    const b = chars[k]!;
    const wasSingle = single;
    single = !rangeEnd;
    rangeEnd = false;
    if (b === '[' && (chars[k + 1] === ':' || chars[k + 1] === '=' || chars[k + 1] === '.')) {
      const kind = chars[k + 1]!;
      const rest = chars.slice(k + 2).join('');
      const close = rest.indexOf(kind + ']');
      if (close >= 0) {
        const name = rest.slice(0, close);
        single = kind !== ':';
        if (kind === ':') cls += CLASSES[name] ?? '';
        else cls += [...(kind === '.' ? collatingSymbol(name) : name)].map((c) => (/[\]\\^-]/.test(c) ? '\\' + c : c)).join('');
        k += 2 + [...name].length + 1;
        continue;
      }
    }
    if (b === '\\' && k + 1 < chars.length) {
      // An escaped character is itself (regex-escaped only where a class needs it: `\!` may not be).
      const e = chars[++k]!;
      cls += /[\]\\^\-[]/.test(e) ? '\\' + e : e;
      continue;
    }
    if (b === '-' && k > 0 && k < chars.length - 1 && wasSingle) {
      single = false;
      rangeEnd = true;
      cls += '-';
      // Folding a range of letters adds the same range in the other case (`[a-c]` gets A-C).
      const lo = chars[k - 1]!;
      const hi = chars[k + 1]!;
      if (fold && /^[a-zA-Z]$/.test(lo) && /^[a-zA-Z]$/.test(hi) && (lo <= 'Z') === (hi <= 'Z')) {
        const other = (c: string): string => (c <= 'Z' ? c.toLowerCase() : c.toUpperCase());
        cls += `${hi}${other(lo)}-${other(hi)}`;
        k++;
      }
      continue;
    }
    cls += /[\]\\^\-[]/.test(b) ? '\\' + b : b;
    if (fold && chars[k + 1] !== '-') {
      const lo = b.toLowerCase();
      const up = b.toUpperCase();
      for (const v of [lo, up]) if (v !== b && [...v].length === 1) cls += classEscape(v);
    }
  }
  if (negate) return path ? `[^/${cls}]` : `[^${cls}]`;
  return `[${cls}]`;
}

/** Translates a pattern to regex source (no anchors); null when it needs the matcher (`!(`). */
export function patternSource(pat: string, opts: MatchOptions = {}): string | null {
  const any = opts.path ? '[^/]' : '[\\s\\S]';
  let out = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '\\') {
      if (i + 1 < pat.length) {
        const cp = pat.codePointAt(i + 1)!;
        const ch = String.fromCodePoint(cp);
        out += litSource(ch, opts.fold);
        i += ch.length;
      } else out += '\\\\';
      continue;
    }
    if (opts.extglob && pat[i + 1] === '(' && '?*+@!'.includes(c)) {
      const end = groupEnd(pat, i + 1);
      if (end > 0) {
        if (c === '!') return null;
        const alts = alternatives(pat.slice(i + 2, end)).map((a) => patternSource(a, opts));
        if (alts.some((a) => a === null)) return null;
        const group = `(?:${alts.join('|')})`;
        out += c === '?' ? group + '?' : c === '*' ? group + '*' : c === '+' ? group + '+' : group;
        i = end;
        continue;
      }
    }
    if (c === '*') {
      out += any + '*';
      // Runs of stars are one; under extglob the last may open a group (`ab**(e|f)`).
      while (pat[i + 1] === '*' && !(opts.extglob && pat[i + 2] === '(')) i++;
      continue;
    }
    if (c === '?') {
      out += any;
      continue;
    }
    if (c === '[') {
      const end = bracketEnd(pat, i);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      out += bracketSource(pat, i, end, opts.path ?? false, opts.fold);
      i = end;
      continue;
    }
    const cp = pat.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    out += litSource(ch, opts.fold);
    i += ch.length - 1;
  }
  return out;
}

type Matcher = (text: string) => boolean;

const cache = new Map<string, Matcher>();

function compile(pat: string, opts: MatchOptions): Matcher {
  const key = `${opts.extglob ? 'e' : ''}${opts.nocase ? 'i' : ''}${opts.path ? 'p' : ''}:${pat}`;
  let m = cache.get(key);
  if (m) return m;
  const f = foldOptions(pat, opts);
  const src = patternSource(pat, f.opts);
  if (src !== null) {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${src})$`, f.flags);
    } catch {
      re = new RegExp(`^${escapeAll(unescapePattern(pat))}$`, 'u');
    }
    m = (t) => re.test(t);
  } else {
    const nodes = parseNodes(pat, opts);
    m = (t) => matchNodes(nodes, 0, opts.nocase ? t.toLowerCase() : t, 0, (p) => p === (opts.nocase ? t.toLowerCase() : t).length);
  }
  if (cache.size > 2000) cache.clear();
  cache.set(key, m);
  return m;
}

function escapeAll(s: string): string {
  return [...s].map(escapeRegex).join('');
}

/** Whole-string match, as `case` and `[[ == ]]` do. */
export function matchPattern(pat: string, text: string, opts: MatchOptions = {}): boolean {
  if (!opts.extglob && !opts.nocase && !opts.path && !hasGlob(pat)) return unescapePattern(pat) === text;
  return compile(pat, opts)(text);
}

// ---- the backtracking matcher for !(...) ---------------------------------------------------

type PNode =
  | { k: 'lit'; s: string }
  | { k: 'any' }
  | { k: 'star' }
  | { k: 'class'; re: RegExp }
  | { k: 'ext'; op: string; alts: PNode[][] };

function parseNodes(pat: string, opts: MatchOptions): PNode[] {
  const out: PNode[] = [];
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '\\' && i + 1 < pat.length) {
      const ch = String.fromCodePoint(pat.codePointAt(i + 1)!);
      out.push({ k: 'lit', s: opts.nocase ? ch.toLowerCase() : ch });
      i += ch.length;
      continue;
    }
    if (opts.extglob && pat[i + 1] === '(' && '?*+@!'.includes(c)) {
      const end = groupEnd(pat, i + 1);
      if (end > 0) {
        out.push({ k: 'ext', op: c, alts: alternatives(pat.slice(i + 2, end)).map((a) => parseNodes(a, opts)) });
        i = end;
        continue;
      }
    }
    if (c === '*') {
      out.push({ k: 'star' });
      continue;
    }
    if (c === '?') {
      out.push({ k: 'any' });
      continue;
    }
    if (c === '[') {
      const end = bracketEnd(pat, i);
      if (end > 0) {
        out.push({ k: 'class', re: new RegExp(`^${bracketSource(pat, i, end, opts.path ?? false)}$`, opts.nocase ? 'iu' : 'u') });
        i = end;
        continue;
      }
    }
    const ch = String.fromCodePoint(pat.codePointAt(i)!);
    out.push({ k: 'lit', s: opts.nocase ? ch.toLowerCase() : ch });
    i += ch.length - 1;
  }
  return out;
}

function charAt(t: string, p: number): string {
  const cp = t.codePointAt(p);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/** Matches nodes[i..] at t[p..], calling k with each end position until it accepts. */
function matchNodes(nodes: PNode[], i: number, t: string, p: number, k: (p: number) => boolean): boolean {
  if (i === nodes.length) return k(p);
  const n = nodes[i]!;
  switch (n.k) {
    case 'lit':
      return t.startsWith(n.s, p) && matchNodes(nodes, i + 1, t, p + n.s.length, k);
    case 'any': {
      const ch = charAt(t, p);
      return ch !== '' && matchNodes(nodes, i + 1, t, p + ch.length, k);
    }
    case 'class': {
      const ch = charAt(t, p);
      return ch !== '' && n.re.test(ch) && matchNodes(nodes, i + 1, t, p + ch.length, k);
    }
    case 'star':
      for (let q = t.length; q >= p; q--) if (matchNodes(nodes, i + 1, t, q, k)) return true;
      return false;
    case 'ext': {
      const whole = (alts: PNode[][], from: number, to: number): boolean => alts.some((a) => matchNodes(a, 0, t, from, (e) => e === to));
      if (n.op === '!') {
        for (let q = t.length; q >= p; q--) if (!whole(n.alts, p, q) && matchNodes(nodes, i + 1, t, q, k)) return true;
        return false;
      }
      const once = (from: number, kk: (e: number) => boolean): boolean => n.alts.some((a) => matchNodes(a, 0, t, from, kk));
      if (n.op === '@') return once(p, (e) => matchNodes(nodes, i + 1, t, e, k));
      if (n.op === '?') return matchNodes(nodes, i + 1, t, p, k) || once(p, (e) => matchNodes(nodes, i + 1, t, e, k));
      // * and +: repeated, each repetition consuming something.
      const rep = (from: number, count: number): boolean => {
        if ((n.op === '*' || count > 0) && matchNodes(nodes, i + 1, t, from, k)) return true;
        return once(from, (e) => e > from && rep(e, count + 1));
      };
      return rep(p, 0);
    }
  }
}

// ---- prefix/suffix removal and replacement -------------------------------------------------

/** For `${X#pat}` and friends: removes the shortest/longest matching prefix or suffix. */
export function trimPattern(value: string, pat: string, side: 'prefix' | 'suffix', longest: boolean, extglob = false): string {
  const opts: MatchOptions = { extglob };
  if (!hasGlob(pat, extglob)) {
    const lit = unescapePattern(pat);
    if (side === 'prefix') return value.startsWith(lit) ? value.slice(lit.length) : value;
    return value.endsWith(lit) ? value.slice(0, value.length - lit.length) : value;
  }
  const m = compile(pat, opts);
  const n = value.length;
  const cut = (k: number): boolean => atBoundary(value, k);
  if (side === 'prefix') {
    if (longest) {
      for (let k = n; k >= 0; k--) if (cut(k) && m(value.slice(0, k))) return value.slice(k);
    } else {
      for (let k = 0; k <= n; k++) if (cut(k) && m(value.slice(0, k))) return value.slice(k);
    }
  } else if (longest) {
    for (let k = 0; k <= n; k++) if (cut(k) && m(value.slice(k))) return value.slice(0, k);
  } else {
    for (let k = n; k >= 0; k--) if (cut(k) && m(value.slice(k))) return value.slice(0, k);
  }
  return value;
}

/** Whether offset k of the string is between characters (not inside a surrogate pair). */
function atBoundary(s: string, k: number): boolean {
  if (k <= 0 || k >= s.length) return true;
  const lo = s.charCodeAt(k);
  const hi = s.charCodeAt(k - 1);
  return !(lo >= 0xdc00 && lo < 0xe000 && hi >= 0xd800 && hi < 0xdc00);
}

/** The replacement text with `&` standing for the match (patsub_replacement) and `\x` for x. */
/** patsub_replacement: `&` is the match, `\&` and `\\` are escapes, other backslashes stay. */
function replacement(rep: string, matched: string, ampersand: boolean): string {
  if (!ampersand || !(rep.includes('\\') || rep.includes('&'))) return rep;
  let out = '';
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i]!;
    if (c === '\\' && (rep[i + 1] === '\\' || rep[i + 1] === '&')) out += rep[++i];
    else if (c === '&') out += matched;
    else out += c;
  }
  return out;
}

/**
 * For `${X/pat/rep}`: replaces the first (or every, `//`) longest match; `/#` and `/%`
 * anchor it at the start or end. With `ampersand`, `rep` has its quoted `\` and `&` escaped (see replacement()).
 */
export function replacePattern(value: string, pat: string, rep: string, mode: '/' | '//' | '/#' | '/%', opts: { extglob?: boolean; ampersand?: boolean; nocase?: boolean } = {}): string {
  const ext = opts.extglob ?? false;
  const amp = opts.ampersand ?? false;
  const nocase = opts.nocase ?? false;
  const mopts: MatchOptions = { extglob: ext, nocase };
  if (mode === '/#') {
    if (pat === '') return replacement(rep, '', amp) + value;
    const m = compile(pat, mopts);
    for (let k = value.length; k >= 0; k--) if (atBoundary(value, k) && m(value.slice(0, k))) return replacement(rep, value.slice(0, k), amp) + value.slice(k);
    return value;
  }
  if (mode === '/%') {
    if (pat === '') return value + replacement(rep, '', amp);
    const m = compile(pat, mopts);
    for (let k = 0; k <= value.length; k++) if (atBoundary(value, k) && m(value.slice(k))) return value.slice(0, k) + replacement(rep, value.slice(k), amp);
    return value;
  }
  if (pat === '') return value;
  const global = mode === '//';
  if (!hasGlob(pat, ext) && !nocase) {
    const lit = unescapePattern(pat);
    if (!global) {
      const at = value.indexOf(lit);
      return at < 0 ? value : value.slice(0, at) + replacement(rep, lit, amp) + value.slice(at + lit.length);
    }
    const r = replacement(rep, lit, amp);
    return value.split(lit).join(r);
  }
  const f = foldOptions(pat, mopts);
  const src = patternSource(pat, f.opts);
  if (src !== null && !(ext && /[?*+@]\(/.test(pat))) {
    // Greedy regex matching finds bash's longest match at the leftmost start for these patterns.
    const re = new RegExp(src, (global ? 'g' : '') + f.flags);
    let out = '';
    let last = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(value)) !== null) {
      if (m[0] === '') {
        re.lastIndex++;
        if (!global) break;
        continue;
      }
      out += value.slice(last, m.index) + replacement(rep, m[0], amp);
      last = m.index + m[0].length;
      if (!global) break;
    }
    return last === 0 && out === '' ? value : out + value.slice(last);
  }
  // Alternations: try each start, the longest match there.
  const m = compile(pat, mopts);
  let out = '';
  let i = 0;
  while (i <= value.length) {
    let found = -1;
    for (let e = value.length; e > i; e--) {
      if (atBoundary(value, e) && m(value.slice(i, e))) {
        found = e;
        break;
      }
    }
    if (found < 0) {
      if (i >= value.length) break;
      // An empty match (`?(b)` before `a`) is replaced too, then the character is kept (bash).
      const ch = String.fromCodePoint(value.codePointAt(i)!);
      if (m('')) {
        out += replacement(rep, '', amp) + ch;
        i += ch.length;
        if (!global) return out + value.slice(i);
        continue;
      }
      out += ch;
      i += ch.length;
      continue;
    }
    out += replacement(rep, value.slice(i, found), amp);
    i = found;
    if (!global) return out + value.slice(i);
  }
  return out;
}

/**
 * Expands a file-name pattern relative to cwd through the session's filesystem view.
 * Returns the sorted matches, or an empty array when nothing matches.
 */
export function globFiles(pat: string, cwd: string, fs?: Parameters<typeof globDirectory>[2], opts: GlobOptions = {}): string[] {
  return globDirectory(
    pat, cwd, fs, opts,
    (p, name) => matchPattern(p, name, { extglob: opts.extglob, nocase: opts.nocaseglob, path: true }),
    (p, name) => ignoreMatches(p, name, { extglob: opts.extglob, nocase: opts.nocaseglob, path: true }),
  );
}

/**
 * A GLOBIGNORE pattern against a whole result: as a path (`*` stops at `/`), but a `*` that
 * ends the pattern matches all the rest, slashes too (bash's matcher does that), so `a/*`
 * also ignores what is deeper under a.
 */
function ignoreMatches(pat: string, name: string, opts: MatchOptions): boolean {
  if (matchPattern(pat, name, opts)) return true;
  const m = /(?<!\\)\*+$/.exec(pat);
  if (!m || (opts.extglob && /[?*+@!]$/.test(pat.slice(0, m.index)))) return false;
  const head = pat.slice(0, m.index);
  for (let k = 0; k <= name.length; k++) if (matchPattern(head, name.slice(0, k), opts)) return true;
  return false;
}
