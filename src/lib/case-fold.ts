// Case modification (${v^^}, ${v,}, ${v~~}, declare -u/-l): one character for one, as
// bash's towupper/towlower; ONLY, when given, picks the characters a pattern matched.

/** Case conversion per character, as towupper/towlower do (one character for one). */
export function caseFold(v: string, upper: boolean, all: boolean, only: ((ch: string) => boolean) | null): string {
  let out = '';
  let first = true;
  for (const ch of v) {
    if ((all || first) && (only === null || only(ch))) out += foldChar(ch, upper);
    else out += ch;
    first = false;
    if (!all && only === null) {
      out += v.slice(ch.length);
      return out;
    }
  }
  return out;
}

/** `${v~~}` / `${v~}` (bash, undocumented): the case of every (or the first) matching character swapped. */
export function caseToggle(v: string, all: boolean, only: ((ch: string) => boolean) | null): string {
  let out = '';
  let first = true;
  for (const ch of v) {
    if ((all || first) && (only === null || only(ch))) out += foldChar(ch, ch === ch.toLowerCase());
    else out += ch;
    first = false;
  }
  return out;
}

function foldChar(ch: string, upper: boolean): string {
  const r = upper ? ch.toUpperCase() : ch.toLowerCase();
  if (r.length === ch.length || [...r].length === 1) return r;
  if (!upper && ch === '\u0130') return 'i';
  return ch;
}
