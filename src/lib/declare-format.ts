// `declare -p` lines in bash's exact format, shared by declare, local -p, export -p,
// readonly -p and ${a[@]@A}.
import { byteLocaleOf, doubleQuote } from './quote.js';
import { A, attrLetters, type Variable, type VarStore } from './vars.js';

/**
 * An associative array key as declare prints it: bare unless it holds a shell metacharacter
 * (bash's sh_contains_shell_metas: blanks, quotes, operators, glob and expansion characters,
 * `~` at the start or after `=`/`:`, `#` at the start), else double-quoted.
 */
export function assocKey(k: string, bytes = false): string {
  return k !== '' && !/[\x00-\x1f\x7f\udc80-\udcff '"\\|&;()<>!{}*[?\]^$`]|^#|^@$|(?:^|[=:])~/.test(k) && !(bytes && /[^\x00-\x7f]/.test(k)) ? k : doubleQuote(k, bytes);
}

/** The value part of a declare line (`="..."`, `=(...)`), or '' when unset. */
export function declareValue(v: Variable, store: VarStore, name: string): string {
  if (v.noValue) return '';
  // (Under a C locale bytes past ASCII print as octal escapes.)
  const bytes = byteLocaleOf((n) => store.get(n));
  if (v.attrs & A.assoc || v.assoc) {
    const table = v.assoc ?? v.dyn?.assoc?.(store.host);
    if (!table) return '';
    const entries = table.entries();
    if (entries.length === 0) return '=()';
    return '=(' + entries.map(([k, x]) => `[${assocKey(k, bytes)}]=${doubleQuote(x, bytes)} `).join('') + ')';
  }
  if (v.dyn?.array) {
    const vals = v.dyn.array(store.host);
    if (vals.length === 0 && v.dyn.unsetWhenEmpty) return '';
    return '=(' + vals.map((x, i) => `[${i}]=${doubleQuote(x, bytes)}`).join(' ') + ')';
  }
  if (v.attrs & A.array || v.arr) {
    if (!v.arr) return '';
    return '=(' + v.arr.entries().map(([i, x]) => `[${i}]=${doubleQuote(x, bytes)}`).join(' ') + ')';
  }
  const value = v.dyn ? v.dyn.get(store.host) : v.value;
  void name;
  return value === undefined ? '' : `=${doubleQuote(value, bytes)}`;
}

export function declareLine(name: string, v: Variable, store: VarStore): string {
  let attrs = v.attrs;
  if (v.arr) attrs |= A.array;
  if (v.assoc) attrs |= A.assoc;
  if (v.dyn?.array) attrs |= A.array;
  const letters = attrLetters(attrs);
  return `declare -${letters || '-'} ${name}${declareValue(v, store, name)}`;
}
