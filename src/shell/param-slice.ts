// `${x:off:len}` and the list results of parameter expansion: slicing characters (bytes
// under a byte locale), positional parameters and array elements with bash's bounds, and
// joining or splitting lists as `$@`, `$*` and `${a[@]}` are.
import { decodeBytes, encodeString } from '../lib/bytes.js';
import type { ParamExp, Word } from './ast.js';
import { numToString } from './arith.js';
import { ShellError } from './errors.js';
import type { Expander } from './expand.js';
import { QUOTED, SPLIT } from './expand.js';
import type { FieldBuilder } from './fields.js';
import { andThen, type MP } from './maybe.js';
import { byteLocale } from './locale.js';
import type { Subject } from './param.js';

/** `${x:off:len}`; on lists it slices elements (arrays by index, `$@` from $0). */
export function substring(ex: Expander, p: ParamExp, s: Subject, b: FieldBuilder, mode: number): void | Promise<void> {
  const off = p.arg ? arithOf(ex, p.arg, p) : 0;
  return andThen(off, (o) => {
    const len = p.arg2 ? arithOf(ex, p.arg2, p) : null;
    return andThen(len, (l) => {
      let offset = Number(o);
      const length = l === null ? null : Number(l);
      // `${x[@]:off}` of a scalar slices its characters, as `${x:off}` does (bash).
      const v = s.list && p.index !== undefined ? ex.ctx.store.lookup(p.name) : undefined;
      const scalarList = v !== undefined && !v.arr && !v.assoc && !v.dyn && v.value !== undefined;
      if (!s.list || scalarList) {
        const chars = localeChars(ex, (scalarList ? v.value : !s.list ? s.value : '') ?? '');
        if (offset < 0) offset += chars.length;
        // A negative offset before the start expands to nothing, as one past the end does.
        if (offset < 0 || offset > chars.length) return ex.add('', b, mode);
        let end = chars.length;
        if (length !== null) {
          end = length < 0 ? chars.length + length : offset + length;
          if (length < 0 && end < offset) throw negativeLength(p, l!);
        }
        return ex.add(joinChars(ex, chars.slice(offset, end)), b, mode);
      }
      let values: string[];
      if (s.name === '@' || s.name === '*') {
        const all = [ex.ctx.scriptName, ...s.values];
        if (offset < 0) offset += all.length;
        // An offset outside the list expands to nothing before the length is looked at (bash).
        if (offset < 0 || offset > all.length) return addList(ex, [], s.star, b, mode);
        if (length !== null && length < 0) throw negativeLength(p, l!);
        values = all.slice(offset, length === null ? undefined : offset + length);
      } else if (s.keys) {
        // Indexed arrays: the offset is an index; elements from the first index >= offset.
        const keys = s.keys;
        const max = keys.length ? keys[keys.length - 1]! : -1;
        // bash's bound: the highest index, or one past it for a negative offset.
        const bound = max + (offset < 0 ? 1 : 0);
        if (offset < 0) offset = bound + offset;
        if (offset < 0 || offset > bound) return addList(ex, [], s.star, b, mode);
        if (length !== null && length < 0) throw negativeLength(p, l!);
        let start = 0;
        while (start < keys.length && keys[start]! < offset) start++;
        values = s.values.slice(start, length === null ? undefined : start + length);
        if (offset < 0) values = [];
      } else {
        // Associative arrays: a negative offset past the start counts from the first element.
        if (offset < 0) offset = Math.max(0, s.values.length + offset);
        values = s.values.slice(offset, length === null ? undefined : offset + length);
      }
      return addList(ex, values, s.star, b, mode);
    });
  });
}

/** bash quotes the length as written (`${x:0:n}` says `n: substring expression < 0`). */
function negativeLength(p: ParamExp, l: number | bigint): ShellError {
  const part = p.arg2?.parts.length === 1 ? p.arg2.parts[0] : undefined;
  return new ShellError(`${part?.kind === 'ArithExp' ? part.expr : numToString(l)}: substring expression < 0`, 'discard', 1);
}

/** An offset or length; bash names the parameter when evaluating it fails (`x: 1/0: division by 0 ...`). */
function arithOf(ex: Expander, w: Word, p: ParamExp): MP<number | bigint> {
  const part = w.parts[0];
  // (An error in the word's own expansion, as in `${x:$((1/0))}`, names nothing.)
  const text = w.parts.length === 1 && part!.kind === 'ArithExp' ? ex.arithExpanded(part.expr) : ex.string(w);
  return andThen(text, (t) => {
    try {
      return ex.arithText(t);
    } catch (e) {
      if (e instanceof ShellError && e.action === 'discard') {
        const label = `${p.indirect ? '!' : ''}${p.name}${p.index !== undefined ? `[${p.index}]` : ''}`;
        throw new ShellError(`${label}: ${e.message}`, e.action, e.status);
      }
      throw e;
    }
  });
}

/** A list result: `"$@"`-like (one field each) when quoted @, joined by IFS[0] for "$*". */
export function addList(ex: Expander, values: readonly string[], star: boolean, b: FieldBuilder, mode: number): void {
  if (mode & QUOTED) {
    if (star) {
      b.quoted(values.join(ex.ifs.slice(0, 1)));
      return;
    }
    b.listItems += values.length;
    for (let i = 0; i < values.length; i++) {
      if (i > 0) b.endForce();
      b.quoted(values[i]!);
    }
    return;
  }
  if (!(mode & SPLIT)) {
    b.unquoted(values.join(star ? ex.ifs.slice(0, 1) : ' '));
    return;
  }
  if (ex.ifs === '') {
    for (let i = 0; i < values.length; i++) {
      if (i > 0) b.end();
      b.unquoted(values[i]!);
    }
    return;
  }
  // Split, the elements are joined with IFS's first character and split as one expansion:
  // with `IFS=:` the empty elements of ('' '' a) are empty words, `a:` and b make a, '' and b.
  b.split(values.join(ex.ifs[0]!));
}

export function localeLength(ex: Expander, s: string): number {
  if (byteLocale(ex) && /[^\x00-\x7f]/.test(s)) return encodeString(s).length;
  return charLength(s);
}

/** The characters of s, or under a byte locale its bytes (each as the string of that byte). */
function localeChars(ex: Expander, s: string): string[] {
  if (byteLocale(ex) && /[^\x00-\x7f]/.test(s)) return [...encodeString(s)].map((c) => String.fromCharCode(c));
  return [...s];
}

function joinChars(ex: Expander, chars: string[]): string {
  if (!byteLocale(ex) || !chars.some((c) => c.charCodeAt(0) > 0x7f)) return chars.join('');
  return decodeBytes(Uint8Array.from(chars, (c) => c.charCodeAt(0)));
}

/** Length in characters (code points), as bash counts in a UTF-8 locale. */
export function charLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00) n--;
  }
  return n;
}
