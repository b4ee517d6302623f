// Brace expansion, bash's first expansion: `pre{a,b}post`, `{1..5}`, `{a..e}`, `{01..10..3}`,
// nested groups. Only unquoted braces count; `{}`, `{a}` and unbalanced braces stay literal.
// Works on the word's parts, so `{$x,y}` expands around the parameter (see toParts for `$x` names).
import type { Lit, Word, WordPart } from './ast.js';

/** A word flattened into unquoted characters and opaque parts (quotes, expansions). */
type Atom = { ch: string } | { part: WordPart };

const MAX_WORDS = 100_000;
const INTMAX = 2n ** 63n - 1n;

/**
 * A word's expansions, kept for the word (the parser's words do not change, and a loop's body
 * is expanded again each time round). Callers only read the list. Big ones are made anew.
 */
const known = new WeakMap<Word, Word[]>();
const KEPT_MAX = 64;

export function braceExpand(word: Word): Word[] {
  let out = known.get(word);
  if (out === undefined) {
    out = expandWord(word);
    if (out.length <= KEPT_MAX) known.set(word, out);
  }
  return out;
}

function expandWord(word: Word): Word[] {
  if (!hasBrace(word)) return [word];
  const atoms: Atom[] = [];
  for (const p of word.parts) {
    if (p.kind === 'Lit' && !p.escaped) for (const ch of p.value) atoms.push({ ch });
    else atoms.push({ part: p });
  }
  const out = expand(atoms);
  // One word back: unchanged unless a one-element sequence (`{a..a}`, `{5..5}`) was expanded.
  if (out.length === 1 && out[0]!.length === atoms.length && out[0]!.every((a, k) => a === atoms[k])) return [word];
  return out.map((a) => ({ ...word, parts: toParts(a) }));
}

function hasBrace(word: Word): boolean {
  for (const p of word.parts) if (p.kind === 'Lit' && !p.escaped && p.value.includes('{')) return true;
  return false;
}

function isCh(a: Atom | undefined, c: string): boolean {
  return a !== undefined && 'ch' in a && a.ch === c;
}

function expand(atoms: Atom[]): Atom[][] {
  for (let i = 0; i < atoms.length; i++) {
    if (!isCh(atoms[i], '{')) continue;
    // Find the matching brace, the top-level commas and whether a top-level `..` appears.
    // As in bash, a `{` without a match, or whose group has neither, is a plain character and the
    // search goes on after it (`{{a,b}` is `{a {b`, `{x}{1,2}` is `{x}1 {x}2`).
    let depth = 0;
    const commas: number[] = [];
    let dots = false;
    let close = -1;
    for (let j = i + 1; j < atoms.length; j++) {
      if (isCh(atoms[j], '{')) depth++;
      else if (isCh(atoms[j], '}')) {
        if (depth === 0) {
          close = j;
          break;
        }
        depth--;
      } else if (depth === 0 && isCh(atoms[j], ',')) commas.push(j);
      else if (depth === 0 && isCh(atoms[j], '.') && isCh(atoms[j + 1], '.')) dots = true;
    }
    if (close < 0 || (!commas.length && !dots)) continue;
    const pre = atoms.slice(0, i);
    const post = atoms.slice(close + 1);
    const inner = atoms.slice(i + 1, close);
    let alternatives: Atom[][];
    if (commas.length) {
      alternatives = [];
      let from = i + 1;
      for (const c of [...commas, close]) {
        alternatives.push(atoms.slice(from, c));
        from = c + 1;
      }
    } else if (inner.some((a) => isCh(a, ','))) {
      // bash's quirk: a `..` group with a comma only in a nested group loses its braces
      // (`{1..2{a,b}}` is `1..2a 1..2b`).
      alternatives = [inner];
    } else {
      const seq = inner.every((a) => 'ch' in a) ? sequence(inner.map((a) => (a as { ch: string }).ch).join('')) : null;
      if (!seq) {
        // Not a valid sequence: the group stays as written and expansion goes on after it.
        const group = atoms.slice(0, close + 1);
        return expand(post).map((t) => [...group, ...t]);
      }
      // A backslash in a letter range (`{Z..a}`) is quote-removed later: an empty word in bash.
      alternatives = seq.map((s) => (s === '\\' ? [{ part: { kind: 'SglQuoted', value: '' } }] : [...s].map((ch) => ({ ch }))));
    }
    const tails = expand(post);
    const out: Atom[][] = [];
    for (const alt of alternatives) {
      for (const a of expand(alt)) {
        for (const t of tails) {
          out.push([...pre, ...a, ...t]);
          if (out.length > MAX_WORDS) return out;
        }
      }
    }
    return out;
  }
  return [atoms];
}

/** `1..5`, `5..1`, `01..10`, `1..10..2`, `a..e`. */
function sequence(text: string): string[] | null {
  const num = /^([+-]?\d+)\.\.([+-]?\d+)(?:\.\.([+-]?\d+))?$/.exec(text);
  if (num) {
    // Numbers past bash's intmax_t make no sequence: the word stays as written.
    if (num.slice(1).some((n) => n !== undefined && (BigInt(n) > INTMAX || BigInt(n) < -INTMAX))) return null;
    // BigInt: the ends may be past 2^53 (bash counts in intmax_t).
    const a = BigInt(num[1]!);
    const b = BigInt(num[2]!);
    let step = BigInt(num[3] ?? 1);
    if (step < 0n) step = -step;
    if (step === 0n) step = 1n;
    // A leading zero (`01`, `-03`) pads every number to the longer end's width, sign included.
    const width = [num[1]!, num[2]!].some((s) => /^-?0\d/.test(s)) ? Math.max(num[1]!.length, num[2]!.length) : 0;
    if (a > b) step = -step;
    const out: string[] = [];
    for (let v = a; a <= b ? v <= b : v >= b; v += step) {
      out.push(width ? (v < 0n ? '-' + String(-v).padStart(width - 1, '0') : String(v).padStart(width, '0')) : String(v));
      if (out.length > MAX_WORDS) break;
    }
    return out;
  }
  const chr = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.([+-]?\d+))?$/.exec(text);
  if (chr) {
    const a = chr[1]!.charCodeAt(0);
    const b = chr[2]!.charCodeAt(0);
    const step = (Math.abs(Number(chr[3] ?? 1)) || 1) * (a > b ? -1 : 1);
    const out: string[] = [];
    for (let v = a; a <= b ? v <= b : v >= b; v += step) out.push(String.fromCharCode(v));
    return out;
  }
  return null;
}

function toParts(atoms: Atom[]): WordPart[] {
  const parts: WordPart[] = [];
  for (const a of atoms) {
    if ('ch' in a) {
      const last = parts[parts.length - 1];
      // bash expands braces on the word's text, so `$x` now followed by a name character names a
      // longer variable: `{$x,b}c` gives `$xc` and `bc`, `$x{1,2}` gives `$x1` and `$x2`.
      if (last?.kind === 'ParamExp' && last.short && /^[A-Za-z_]\w*$/.test(last.name) && /\w/.test(a.ch)) {
        parts[parts.length - 1] = { ...last, name: last.name + a.ch };
        continue;
      }
      if (last && last.kind === 'Lit' && !last.escaped) last.value += a.ch;
      else parts.push({ kind: 'Lit', value: a.ch } satisfies Lit);
    } else parts.push(a.part);
  }
  return parts;
}
