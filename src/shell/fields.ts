// Building the fields of an expanded word: quoted text is kept as it is, unquoted results of
// expansions are split on IFS, and every field remembers a pattern form (quoted characters
// escaped) for pathname expansion and pattern matching.
import { quotePattern } from '../lib/pattern.js';

export interface Field {
  /** The text after quote removal. */
  text: string;
  /** The same text as a pattern, quoted characters backslash-escaped; null while it equals `text`. */
  patText: string | null;
  /** Unquoted glob characters appear in it (pathname expansion applies). */
  glob: boolean;
}

/** A field as a pattern. */
export function fieldPattern(f: Field): string {
  return f.patText ?? f.text;
}

export const IFS_DEFAULT = ' \t\n';

function isIfsWhite(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n';
}

export class FieldBuilder {
  readonly fields: Field[] = [];
  private cur: Field | null = null;

  constructor(
    private readonly ifs: string,
    /** extglob: `(` in unquoted text makes a field a pattern too. */
    private readonly extglob = false,
    /** How quoted text is marked in the pattern form (a replacement marks only `\` and `&`). */
    private readonly quote: (s: string) => string = quotePattern,
  ) {}

  /** Elements of quoted `"$@"`-like lists added so far (0 from `"$@"` with no parameters). */
  listItems = 0;

  /** Forgets the current field if it is still empty (a `"$x$@"` that expanded to nothing at all). */
  dropEmpty(): void {
    if (this.cur && this.cur.text === '') this.cur = null;
  }

  ensure(): Field {
    this.cur ??= { text: '', patText: null, glob: false };
    return this.cur;
  }

  get hasCurrent(): boolean {
    return this.cur !== null;
  }

  quoted(s: string): void {
    const f = this.ensure();
    const q = this.quote(s);
    if (f.patText !== null) f.patText += q;
    else if (q !== s) f.patText = f.text + q;
    f.text += s;
  }

  /** Unquoted literal text (pattern characters stay active). */
  unquoted(s: string): void {
    if (s === '') return;
    const f = this.ensure();
    f.text += s;
    if (f.patText !== null) f.patText += s;
    if (!f.glob && hasPatternChar(s, this.extglob)) f.glob = true;
  }

  /** Text from a backslash escape: literal, not a pattern character. */
  escaped(s: string): void {
    this.quoted(s);
  }

  /** Ends the current field if it has content. */
  end(): void {
    if (this.cur) this.fields.push(this.cur);
    this.cur = null;
  }

  /** Ends the current field even when empty (a non-whitespace IFS delimiter, "$@" boundaries). */
  endForce(): void {
    this.fields.push(this.cur ?? { text: '', patText: null, glob: false });
    this.cur = null;
  }

  /** Adds the result of an unquoted expansion, splitting it on IFS. */
  split(s: string): void {
    const ifs = this.ifs;
    if (ifs === '') {
      this.unquoted(s);
      return;
    }
    if (ifs === IFS_DEFAULT) return this.splitWhite(s);
    const n = s.length;
    let i = 0;
    while (i < n) {
      const c = s[i]!;
      if (!ifs.includes(c)) {
        let j = i + 1;
        while (j < n && !ifs.includes(s[j]!)) j++;
        this.unquoted(s.slice(i, j));
        i = j;
        continue;
      }
      // A delimiter: IFS whitespace around at most one other IFS character.
      let j = i;
      while (j < n && isIfsWhite(s[j]!) && ifs.includes(s[j]!)) j++;
      let hard = false;
      if (j < n && ifs.includes(s[j]!) && !isIfsWhite(s[j]!)) {
        hard = true;
        j++;
        while (j < n && isIfsWhite(s[j]!) && ifs.includes(s[j]!)) j++;
      }
      if (hard) this.endForce();
      else this.end();
      i = j;
    }
  }

  /** Splitting on the default IFS (blanks and newlines only). */
  private splitWhite(s: string): void {
    const n = s.length;
    let i = 0;
    while (i < n) {
      let c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10) {
        this.end();
        do c = s.charCodeAt(++i);
        while (i < n && (c === 32 || c === 9 || c === 10));
        continue;
      }
      const j = blankAfter(s, i + 1);
      this.unquoted(i === 0 && j === n ? s : s.slice(i, j));
      i = j;
    }
  }

  finish(): Field[] {
    this.end();
    return this.fields;
  }
}

export function hasPatternChar(s: string, extglob: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // * ? [ (extglob: ()
    if (c === 42 || c === 63 || c === 91 || (extglob && c === 40)) return true;
  }
  return false;
}

/** Splits on the default IFS straight into `out` (text with no pattern characters: no Fields needed). */
export function splitWhiteInto(s: string, out: string[]): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10) {
      i++;
      continue;
    }
    const j = blankAfter(s, i + 1);
    out.push(s.slice(i, j));
    i = j;
  }
}

/** The index of the first blank (space, tab, newline) at or after `i`, or the length. */
function blankAfter(s: string, i: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10) break;
  }
  return i;
}
