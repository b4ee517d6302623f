// History expansion at the interactive prompt, as bash's `set -H` does it before the line is
// parsed: `!!`, `!N`, `!-N`, `!STRING`, `!?STRING?`, word designators (`!$`, `!^`, `!*`,
// `!!:N`, `!!:N-M`, `!!:N*`) and modifiers (`:h :t :r :e :p :s/a/b/ :gs/a/b/ :&`), and the
// quick substitution `^old^new^` at the start of a line. Not inside single quotes, not after
// a backslash, and not for a `!` followed by a blank, `=`, `(` or the end of the line.

export type HistResult =
  | { kind: 'same' }
  | { kind: 'expanded'; text: string; printOnly: boolean }
  | { kind: 'error'; message: string };

/** The words of a history entry, as bash's history library splits them (quotes kept). */
export function historyWords(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    let w = '';
    if ('|&;<>()'.includes(line[i]!)) {
      // Operators are words of their own (`ls | wc` has three).
      const two = line.slice(i, i + 2);
      const op = ['||', '&&', ';;', '>>', '<<', '&>', '|&'].includes(two) ? two : line[i]!;
      words.push(op);
      i += op.length;
      continue;
    }
    while (i < line.length && !/\s/.test(line[i]!) && !'|&;<>()'.includes(line[i]!)) {
      const c = line[i]!;
      if (c === '\\' && i + 1 < line.length) {
        w += c + line[i + 1]!;
        i += 2;
      } else if (c === "'" || c === '"') {
        const end = line.indexOf(c, i + 1);
        const stop = end < 0 ? line.length : end + 1;
        w += line.slice(i, stop);
        i = stop;
      } else {
        w += c;
        i++;
      }
    }
    words.push(w);
  }
  return words;
}

class HistError extends Error {}

function findEvent(spec: string, entries: readonly string[]): string {
  const last = entries.length;
  const n = /^-?\d+$/.test(spec) ? Number(spec) : NaN;
  if (spec === '!') {
    if (last === 0) throw new HistError('!!: event not found');
    return entries[last - 1]!;
  }
  if (!Number.isNaN(n)) {
    const idx = n < 0 ? last + n : n - 1;
    if (idx < 0 || idx >= last || n === 0) throw new HistError(`!${spec}: event not found`);
    return entries[idx]!;
  }
  const contains = spec.startsWith('?');
  const needle = contains ? spec.slice(1).replace(/\?$/, '') : spec;
  for (let i = last - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (contains ? e.includes(needle) : e.startsWith(needle)) return e;
  }
  throw new HistError(`!${spec}: event not found`);
}

function selectWords(words: string[], sel: string, whole: string): string {
  if (sel === '') return whole;
  const idx = (t: string): number => (t === '$' ? words.length - 1 : t === '^' ? 1 : Number(t));
  const bad = (): never => {
    throw new HistError(`:${sel}: bad word specifier`);
  };
  let m: RegExpExecArray | null;
  if (sel === '*') return words.slice(1).join(' ');
  if ((m = /^(\d+|\^|\$)$/.exec(sel))) {
    const i = idx(m[1]!);
    if (i < 0 || i >= words.length) bad();
    return words[i]!;
  }
  if ((m = /^(\d+|\^)?-(\d+|\$)?$/.exec(sel))) {
    const a = m[1] === undefined ? 0 : idx(m[1]);
    // `N-` is N to the next-to-last word (bash).
    const b = m[2] === undefined ? words.length - 2 : idx(m[2]);
    if (a < 0 || b >= words.length || a > b + 1) bad();
    return words.slice(a, b + 1).join(' ');
  }
  if ((m = /^(\d+|\^)\*$/.exec(sel))) {
    const a = idx(m[1]!);
    if (a > words.length) bad();
    return words.slice(a).join(' ');
  }
  return bad();
}

interface Mods {
  text: string;
  printOnly: boolean;
  lastSub: { from: string; to: string } | null;
}

function substitute(text: string, from: string, to: string, global: boolean, said: string): string {
  if (from === '') throw new HistError(':s: no previous substitution');
  const rep = to.replace(/\\&/g, '\u0000').replace(/&/g, from).replace(/\u0000/g, '&');
  if (!text.includes(from)) throw new HistError(`:s${said}: substitution failed`);
  return global ? text.split(from).join(rep) : text.replace(from, () => rep);
}

/** Applies `:h :t :r :e :p :s… :gs… :&` from `mods` (starting at a ':'); returns where they end. */
function applyModifiers(line: string, at: number, m: Mods): number {
  let i = at;
  while (line[i] === ':') {
    const c = line[i + 1];
    if (c === 'h') m.text = m.text.includes('/') ? m.text.slice(0, m.text.lastIndexOf('/')) || '/' : m.text;
    else if (c === 't') m.text = m.text.slice(m.text.lastIndexOf('/') + 1);
    else if (c === 'r') m.text = m.text.replace(/\.[^./]*$/, '');
    else if (c === 'e') m.text = /\.[^./]*$/.exec(m.text)?.[0] ?? m.text; // no suffix: the word (bash)
    else if (c === 'p') m.printOnly = true;
    else if (c === '&' || (c === 'g' && line[i + 2] === '&')) {
      if (!m.lastSub) throw new HistError(':&: no previous substitution');
      m.text = substitute(m.text, m.lastSub.from, m.lastSub.to, c === 'g', '&');
      i += c === 'g' ? 1 : 0;
    } else if (c === 's' || (c === 'g' && line[i + 2] === 's')) {
      const global = c === 'g';
      let j = i + (global ? 3 : 2);
      const delim = line[j];
      if (delim === undefined) throw new HistError(':s: bad substitution');
      const part = (): string => {
        let out = '';
        j++;
        while (j < line.length && line[j] !== delim) {
          if (line[j] === '\\' && line[j + 1] === delim) j++;
          out += line[j++]!;
        }
        return out;
      };
      const from = part();
      const to = part();
      if (line[j] === delim) j++;
      m.lastSub = { from: from || (m.lastSub?.from ?? ''), to };
      m.text = substitute(m.text, m.lastSub.from, to, global, line.slice(i + (global ? 3 : 2), j));
      i = j;
      continue;
    } else break;
    i += 2;
  }
  return i;
}

/** Expands `line` against `entries` (oldest first). */
export function expandHistory(line: string, entries: readonly string[]): HistResult {
  try {
    // ^old^new^: the previous command with the first old replaced.
    if (line.startsWith('^')) {
      const parts = line.slice(1).split('^');
      if (parts.length >= 2) {
        const prev = findEvent('!', entries);
        const m: Mods = { text: substitute(prev, parts[0]!, parts[1]!, false, line), printOnly: false, lastSub: null };
        const rest = parts.slice(2).join('^');
        const end = applyModifiers(rest, 0, m);
        return { kind: 'expanded', text: m.text + rest.slice(end), printOnly: m.printOnly };
      }
    }
    let out = '';
    let changed = false;
    let printOnly = false;
    let single = false;
    let double = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (c === '\\' && !single) {
        out += c + (line[i + 1] ?? '');
        i++;
        continue;
      }
      if (c === "'" && !double) single = !single;
      else if (c === '"') double = !double;
      if (c !== '!' || single) {
        out += c;
        continue;
      }
      const next = line[i + 1];
      // `$!`, `${!name}` and `[!a]*` are the shell's, not history's.
      const prev = line[i - 1];
      const shells = prev === '$' || prev === '[' || (prev === '{' && line[i - 2] === '$');
      if (next === undefined || shells || /[\s=(]/.test(next) || (double && next === '"')) {
        out += c;
        continue;
      }
      // The event.
      let j = i + 1;
      let spec: string;
      let sel = '';
      if (next === '!') {
        spec = '!';
        j = i + 2;
      } else if (next === '$' || next === '^' || next === '*') {
        spec = '!';
        sel = next;
        j = i + 2;
      } else if (/[-\d]/.test(next)) {
        const m = /^-?\d+/.exec(line.slice(i + 1));
        if (!m) {
          out += c;
          continue;
        }
        spec = m[0];
        j = i + 1 + spec.length;
      } else if (next === '?') {
        const end = line.indexOf('?', i + 2);
        spec = end < 0 ? line.slice(i + 1) : line.slice(i + 1, end + 1);
        j = i + 1 + spec.length;
      } else {
        const m = /^[^\s:;&|<>()"'`$^*]+/.exec(line.slice(i + 1));
        if (!m) {
          out += c;
          continue;
        }
        spec = m[0];
        j = i + 1 + spec.length;
      }
      const event = findEvent(spec, entries);
      // A word designator: `:N`, `:$`, … (or directly `$ ^ * -` after the event).
      if (sel === '' && line[j] === ':' && /[\d^$*-]/.test(line[j + 1] ?? '')) {
        const m = /^(\d+-(?:\d+|\$)?|\d+\*|\^\*|\d+|\^|\$|\*|-(?:\d+|\$)?|\^-(?:\d+|\$)?)/.exec(line.slice(j + 1));
        if (m) {
          sel = m[0];
          j += 1 + m[0].length;
        }
      }
      const m: Mods = { text: selectWords(historyWords(event), sel, event), printOnly: false, lastSub: null };
      j = applyModifiers(line, j, m);
      printOnly ||= m.printOnly;
      out += m.text;
      changed = true;
      i = j - 1;
    }
    return changed ? { kind: 'expanded', text: out, printOnly } : { kind: 'same' };
  } catch (e) {
    if (e instanceof HistError) return { kind: 'error', message: e.message };
    throw e;
  }
}
