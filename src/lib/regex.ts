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
    re = new RegExp(toJs(src), nocase ? 'iu' : 'u');
  } catch {
    re = null;
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}

function toJs(s: string): string {
  let out = '';
  let groups = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      const e = s[i + 1];
      i++;
      if (e === undefined) {
        out += '\\\\';
        continue;
      }
      if (e === '<' || e === '>') out += '\\b';
      else if ('wWsSbB'.includes(e)) out += '\\' + e;
      else if (e >= '1' && e <= '9') out += '\\' + e;
      else if (e === 'n') out += 'n';
      else if (e === 't') out += 't';
      else out += escapeLiteral(e);
      continue;
    }
    if (c === '[') {
      const end = bracketEnd(s, i);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      out += bracket(s.slice(i + 1, end));
      i = end;
      continue;
    }
    if (c === '(') groups++;
    if (c === '{' && !/^\{\d+(,\d*)?\}/.test(s.slice(i))) {
      out += '\\{';
      continue;
    }
    if (c === '}' && !/\{\d+(,\d*)?$/.test(s.slice(0, i))) {
      out += '\\}';
      continue;
    }
    if (c === '/' || c === '-') {
      out += c === '/' ? '\\/' : '-';
      continue;
    }
    out += c;
  }
  void groups;
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
        out += kind === ':' ? (CLASSES[name] ?? '') : escapeClassChar(name);
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
