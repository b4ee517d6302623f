// POSIX extended regular expressions (as `[[ =~ ]]` uses them, through glibc's regcomp) in
// JavaScript's dialect: bracket expressions with [:classes:], a literal backslash inside
// brackets, `]` first in a bracket, GNU's \< \> \w \s \b, and unknown escapes as literals.

const CLASSES: Record<string, string> = {
  alpha: '\\p{L}', digit: '0-9', alnum: '\\p{L}\\p{Nd}', upper: '\\p{Lu}', lower: '\\p{Ll}', space: '\\s',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9a-fA-F', cntrl: '\\x00-\\x1f\\x7f', print: '\\P{C}', graph: '\\p{L}\\p{N}\\p{P}\\p{S}', word: '\\p{L}\\p{Nd}_',
};

const cache = new Map<string, RegExp | null>();

export function compileEre(src: string, nocase = false): RegExp | null {
  const key = (nocase ? 'i:' : ':') + src;
  if (cache.has(key)) return cache.get(key)!;
  let re: RegExp | null;
  try {
    // s: glibc's . matches a newline too (bash compiles without REG_NEWLINE).
    re = new RegExp(toJs(src), nocase ? 'isu' : 'su');
  } catch {
    // A BadEre, or what JavaScript rejects besides (a range out of order, a bad backreference).
    re = null;
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}

/** What glibc's regcomp rejects (bash's =~ then fails with status 2). */
class BadEre extends Error {}

/** glibc's RE_DUP_MAX: the largest count of an interval. */
const DUP_MAX = 32767;

/**
 * Translates an ERE to JavaScript. Quantifiers follow glibc: one needs something to repeat
 * (`*a`, `(+a)`, `a|*`, `^*` are errors), a second one repeats the first (`a**`, `a+?` is
 * `(a+)?`, never JavaScript's lazy `+?`), `{` must start a valid interval (`{,n}` counts
 * from 0), an unmatched `)` is literal, and an unclosed `[` or an unknown class is an error.
 */
function toJs(s: string): string {
  let out = '';
  let atom = -1; // where the last atom starts in out (-1: nothing to repeat here)
  let quantified = false; // the last thing written was a quantifier
  const groups: number[] = [];
  const startAtom = (text: string): void => {
    atom = out.length;
    out += text;
    quantified = false;
  };
  const anchor = (text: string): void => {
    out += text;
    atom = -1;
    quantified = false;
  };
  const quantifier = (text: string): void => {
    if (atom < 0) throw new BadEre();
    if (quantified) out = out.slice(0, atom) + '(?:' + out.slice(atom) + ')';
    out += text;
    quantified = true;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      const e = s[++i];
      if (e === undefined) throw new BadEre();
      if (e === '<' || e === '>') anchor('\\b');
      else if (e === 'b' || e === 'B') anchor('\\' + e);
      else if ('wWsS'.includes(e) || (e >= '1' && e <= '9')) startAtom('\\' + e);
      else startAtom(escapeLiteral(e));
      continue;
    }
    if (c === '[') {
      const end = bracketEnd(s, i);
      if (end < 0) throw new BadEre();
      startAtom(bracket(s.slice(i + 1, end)));
      i = end;
      continue;
    }
    if (c === '{') {
      const m = /^\{(\d*)(,(\d*))?\}/.exec(s.slice(i));
      if (!m || (m[1] === '' && m[2] === undefined)) throw new BadEre();
      const min = m[1] === '' ? 0 : Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? null : Number(m[3]);
      if (min > DUP_MAX || (max !== null && (max > DUP_MAX || max < min))) throw new BadEre();
      quantifier(max === min ? `{${min}}` : `{${min},${max ?? ''}}`);
      i += m[0].length - 1;
      continue;
    }
    if (c === '*' || c === '+' || c === '?') quantifier(c);
    else if (c === '(') {
      groups.push(out.length);
      anchor('(');
    } else if (c === ')') {
      const open = groups.pop();
      if (open === undefined) startAtom('\\)');
      else {
        out += ')';
        atom = open;
        quantified = false;
      }
    } else if (c === '|') anchor('|');
    else if (c === '^' || c === '$') anchor(c);
    else if (c === '.') startAtom('.');
    else startAtom(escapeLiteral(c));
  }
  return out;
}

function escapeLiteral(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? '\\' + c : c;
}

function bracketEnd(s: string, i: number): number {
  let j = i + 1;
  if (s[j] === '^') j++;
  if (s[j] === ']') j++;
  for (; j < s.length; j++) {
    if (s[j] === '[' && (s[j + 1] === ':' || s[j + 1] === '=' || s[j + 1] === '.')) {
      const close = s.indexOf(s[j + 1] + ']', j + 2);
      if (close > 0) {
        j = close + 1;
        continue;
      }
    }
    if (s[j] === ']') return j;
  }
  return -1;
}

function bracket(body: string): string {
  let neg = '';
  if (body.startsWith('^')) {
    neg = '^';
    body = body.slice(1);
  }
  let out = '';
  for (let k = 0; k < body.length; k++) {
    const b = body[k]!;
    if (b === '[' && (body[k + 1] === ':' || body[k + 1] === '=' || body[k + 1] === '.')) {
      const kind = body[k + 1]!;
      const close = body.indexOf(kind + ']', k + 2);
      if (close > 0) {
        const name = body.slice(k + 2, close);
        const cls = kind === ':' ? CLASSES[name] : [...name].length === 1 ? escapeClassChar(name) : undefined;
        if (cls === undefined) throw new BadEre();
        out += cls;
        k = close + 1;
        continue;
      }
    }
    if (b === '-' && k > 0 && k < body.length - 1) {
      out += '-';
      continue;
    }
    out += escapeClassChar(b);
  }
  return `[${neg}${out}]`;
}

function escapeClassChar(c: string): string {
  return /[\]\\^\-[]/.test(c) ? '\\' + c : c;
}

/** Escapes text so it matches literally in an ERE (quoted parts of a =~ operand). */
export function quoteEre(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
