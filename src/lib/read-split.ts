// How `read` splits a line into its names: IFS whitespace is trimmed and collapsed, other
// IFS characters delimit one field each, the last name takes the rest (trailing IFS
// whitespace removed; only a field when nothing but delimiters follows it). Without -r a
// backslash escapes the next character: it never splits, and the backslash goes away.
// The input keeps escapes as backslash pairs (see io.ts ReadState).

interface Ch {
  c: string;
  esc: boolean;
}

function chars(line: string, backslash: boolean): Ch[] {
  const out: Ch[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (backslash && c === '\\' && i + 1 < line.length) out.push({ c: line[++i]!, esc: true });
    else out.push({ c, esc: false });
  }
  return out;
}

/** Splits for `read NAME...`: at most `count` fields. */
export function splitRead(line: string, ifs: string, count: number, backslash: boolean): string[] {
  if (!backslash || !line.includes('\\')) return splitPlain(line, ifs, count);
  const cs = chars(line, true);
  const isIfs = (x: Ch): boolean => !x.esc && ifs.includes(x.c);
  const isWs = (x: Ch): boolean => !x.esc && (x.c === ' ' || x.c === '\t' || x.c === '\n') && ifs.includes(x.c);
  let i = 0;
  while (i < cs.length && isWs(cs[i]!)) i++;
  const fields: string[] = [];
  while (fields.length < count - 1 && i < cs.length) {
    let f = '';
    while (i < cs.length && !isIfs(cs[i]!)) f += cs[i++]!.c;
    fields.push(f);
    while (i < cs.length && isWs(cs[i]!)) i++;
    if (i < cs.length && isIfs(cs[i]!) && !isWs(cs[i]!)) {
      i++;
      while (i < cs.length && isWs(cs[i]!)) i++;
    }
  }
  if (fields.length < count) fields.push(lastField(cs.slice(i), isIfs, isWs));
  return fields;
}

/**
 * What the last name gets (bash's read.def): one more field is taken off the rest; when that
 * used the rest up (a lone trailing delimiter, IFS whitespace) the name gets the field, else
 * the whole rest with its trailing IFS whitespace removed.
 */
function lastField(rest: Ch[], isIfs: (x: Ch) => boolean, isWs: (x: Ch) => boolean): string {
  const n = rest.length;
  let j = 0;
  while (j < n && !isIfs(rest[j]!)) j++;
  const word = j;
  while (j < n && isWs(rest[j]!)) j++;
  if (j < n && isIfs(rest[j]!) && !isWs(rest[j]!)) {
    j++;
    while (j < n && isWs(rest[j]!)) j++;
  }
  let end = n;
  if (j >= n) end = word;
  else while (end > 0 && isWs(rest[end - 1]!)) end--;
  return rest.slice(0, end).map((x) => x.c).join('');
}

/** The same without escapes: works on the string directly (the `read -r` fast path). */
function splitPlain(line: string, ifs: string, count: number): string[] {
  const ws = (c: string): boolean => (c === ' ' || c === '\t' || c === '\n') && ifs.includes(c);
  const n = line.length;
  let i = 0;
  while (i < n && ws(line[i]!)) i++;
  const fields: string[] = [];
  while (fields.length < count - 1 && i < n) {
    let j = i;
    while (j < n && !ifs.includes(line[j]!)) j++;
    fields.push(line.slice(i, j));
    i = j;
    while (i < n && ws(line[i]!)) i++;
    if (i < n && ifs.includes(line[i]!) && !ws(line[i]!)) {
      i++;
      while (i < n && ws(line[i]!)) i++;
    }
  }
  if (fields.length < count) {
    let j = i;
    while (j < n && !ifs.includes(line[j]!)) j++;
    const word = j;
    while (j < n && ws(line[j]!)) j++;
    if (j < n && ifs.includes(line[j]!) && !ws(line[j]!)) {
      j++;
      while (j < n && ws(line[j]!)) j++;
    }
    let end = n;
    if (j >= n) end = word;
    else while (end > i && ws(line[end - 1]!)) end--;
    fields.push(line.slice(i, end));
  }
  return fields;
}

/** `read -a`: every field, as word splitting makes them (no trailing empty field). */
export function splitAll(line: string, ifs: string, backslash: boolean): string[] {
  const cs = chars(line, backslash);
  const isIfs = (x: Ch): boolean => !x.esc && ifs.includes(x.c);
  const isWs = (x: Ch): boolean => !x.esc && (x.c === ' ' || x.c === '\t' || x.c === '\n') && ifs.includes(x.c);
  const out: string[] = [];
  let i = 0;
  while (i < cs.length && isWs(cs[i]!)) i++;
  while (i < cs.length) {
    let f = '';
    while (i < cs.length && !isIfs(cs[i]!)) f += cs[i++]!.c;
    out.push(f);
    while (i < cs.length && isWs(cs[i]!)) i++;
    if (i < cs.length && isIfs(cs[i]!) && !isWs(cs[i]!)) {
      i++;
      while (i < cs.length && isWs(cs[i]!)) i++;
    }
  }
  return out;
}

/** Removes the backslashes of escape pairs (REPLY, -N reads). */
export function unescapeRead(line: string, backslash: boolean): string {
  if (!backslash || !line.includes('\\')) return line;
  return chars(line, true).map((x) => x.c).join('');
}
