// ${x@OP} transformations: Q (quoted), E (escapes), P (prompt), A (assignment), K/k (keys
// and values), a (attributes), U/u/L (case).
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { A, attrLetters } from '../lib/vars.js';
import { doubleQuote, quoteReusable } from '../lib/quote.js';
import { caseFold } from '../lib/case-fold.js';
import { ShellError } from './errors.js';
import type { Expander } from './expand.js';
import { expandEscapes } from '../lib/escapes.js';
import { assocKey, declareLine } from '../lib/declare-format.js';
import type { MP } from './maybe.js';
import { parse } from './parser.js';
import { byteLocale } from './locale.js';
import { setZoneReader, strftime } from '../lib/strftime.js';

export const TRANSFORMS = 'QEPAKakULu';

/** A scalar (or one element of a list) transformed. */
export function transformValue(ex: Expander, op: string, v: string, s: { list: boolean; name: string }): string {
  switch (op) {
    case 'Q': return quoteReusable(v, byteLocale(ex));
    case 'E': return expandEscapes(v, 'ansic').text;
    case 'P': return promptExpand(ex, v);
    case 'U': return caseFold(v, true, true, asciiUnderC(ex, v));
    case 'L': return caseFold(v, false, true, asciiUnderC(ex, v));
    case 'u': return caseFold(v, true, false, asciiUnderC(ex, v));
    case 'K': return quoteReusable(v, byteLocale(ex));
    case 'k': return quoteReusable(v, byteLocale(ex));
    case 'a': return attrsOf(ex, s.name);
    case 'A': {
      const base = s.name.replace(/\[.*$/s, '');
      const vr = ex.ctx.store.lookup(base);
      const letters = vr ? attrLetters(vr.attrs) : '';
      const q = quoteReusable(v, byteLocale(ex));
      return letters ? `declare -${letters} ${s.name}=${q}` : `${s.name}=${q}`;
    }
    default:
      throw new ShellError(`\${${s.name}@${op}}: bad substitution`, 'discard', 1);
  }
}

/** Under a byte locale a case change touches ASCII letters only. */
function asciiUnderC(ex: Expander, v: string): ((ch: string) => boolean) | null {
  return /[^\x00-\x7f]/.test(v) && byteLocale(ex) ? (ch) => ch < '\x80' : null;
}

function attrsOf(ex: Expander, name: string): string {
  const base = name.replace(/\[.*$/s, '');
  const v = ex.ctx.store.lookup(base);
  return v ? attrLetters(v.attrs) : '';
}

/**
 * List forms that work on the whole array: `${a[@]@A}` (one declare line), `${a[@]@K}` and
 * `${a[@]@k}` (key/value pairs). Returns null for the per-element operators.
 */
export function transformList(ex: Expander, op: string, name: string): string[] | null {
  const store = ex.ctx.store;
  const v = store.lookup(name);
  // An array declared with no value (`declare -A m`) still shows its attributes, once.
  if (op === 'a') return v && v.noValue && (v.arr || v.assoc) ? [attrLetters(v.attrs)] : null;
  if (op === 'A') {
    if (name === '@' || name === '*') return ex.ctx.positional.length ? [`set -- ${ex.ctx.positional.map((p) => quoteReusable(p, byteLocale(ex))).join(' ')}`] : [];
    // A scalar's `${s[@]@A}` is `${s@A}`: `s='v'` (bash).
    if (v && !v.arr && !v.assoc && !v.dyn) return null;
    // (A nameref shows what it refers to, under that name.)
    return v ? [declareLine(store.resolveName(name), v, store)] : [];
  }
  if (op !== 'K' && op !== 'k') return null;
  if (!v) return [];
  // A scalar's `${x[@]@K}` (and @k) is its value quoted, as `${x@K}` (bash).
  if (!v.arr && !v.assoc) return null;
  const pairs: Array<[string, string]> = v.assoc ? v.assoc.entries() : (store.indexed(name)?.entries() ?? []).map(([k, x]) => [String(k), x]);
  if (op === 'k') return pairs.flatMap(([k, x]) => [k, x]);
  // No elements: no word at all from "${a[@]@K}", as from "${a[@]}".
  if (!pairs.length) return [];
  // One word, as declare -p writes the pairs (an associative array's ends with a blank).
  const bytes = byteLocale(ex);
  const text = pairs.map(([k, x]) => `${v.assoc ? assocKey(k, bytes) : k} ${doubleQuote(x, bytes)}`).join(' ');
  return [v.assoc && pairs.length ? text + ' ' : text];
}

/**
 * Quotes decoded prompt text as the inside of a double-quoted word, leaving $(...) and `...`
 * as they are. `escapes`: a backslash in the text keeps quoting the next character (${x@P}).
 */
export function asDoubleQuoted(text: string, escapes = false): string {
  let out = '';
  let depth = 0;
  let tick = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '$' && text[i + 1] === '(') {
      depth++;
      out += '$(';
      i++;
      continue;
    }
    if (depth > 0) {
      if (c === '(') depth++;
      if (c === ')') depth--;
      out += c;
      continue;
    }
    if (c === '`') tick = !tick;
    if (escapes && c === '\\' && i + 1 < text.length) {
      out += c + text[++i];
      continue;
    }
    if (!tick && (c === '"' || c === '\\')) out += '\\';
    out += c;
  }
  return out;
}

/**
 * ${x@P} in full: the prompt escapes, then (promptvars) the result expanded as the inside of
 * double quotes, `$(…)`, `${…}`, `$((…))` and backslashes, as PS1 gets them. An expansion
 * error is reported and leaves the decoded text; $? is left as it was.
 */
export function promptString(ex: Expander, v: string): MP<string> {
  const decoded = promptExpand(ex, v);
  // (shopt -u promptvars: the escapes only, as bash's prompts then.)
  if (!/[$`\\]/.test(decoded) || !ex.ctx.shopt.promptvars) return decoded;
  let word;
  try {
    const cmd = parse(`: "${asDoubleQuoted(decoded, true)}"`).body[0]?.andOr.first.commands[0];
    word = cmd?.kind === 'Simple' ? cmd.words[1] : undefined;
  } catch {
    return decoded;
  }
  if (!word) return decoded;
  const status = ex.ctx.lastStatus;
  const substStatus = ex.ctx.substStatus;
  const failed = (e: unknown): string => {
    // (A readonly `${r:=v}` still discards the command line, as in bash.)
    if (!(e instanceof ShellError) || e.message.endsWith(': readonly variable')) throw e;
    void ex.shell.errorLine(ex.ctx, e.message);
    return decoded;
  };
  const done = (): void => {
    ex.ctx.lastStatus = status;
    ex.ctx.substStatus = substStatus;
  };
  try {
    const r = ex.string(word);
    if (r instanceof Promise) return r.catch(failed).finally(done);
    done();
    return r;
  } catch (e) {
    done();
    return failed(e);
  }
}

/** A name from outside (a directory, the host) quoted for the double-quoted expansion that follows. */
function quoted(s: string): string {
  return s.replace(/[\\$`"]/g, '\\$&');
}

/** ${x@P}: the prompt escapes bash expands in PS1. */
export function promptExpand(ex: Expander, s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i === s.length - 1) {
      out += c;
      continue;
    }
    const e = s[++i]!;
    switch (e) {
      case 'u': out += quoted(safeUser()); break;
      case 'h': out += quoted(ex.shell.kernel.hostname.split('.')[0]!); break;
      case 'H': out += quoted(ex.shell.kernel.hostname); break;
      case 'w': out += quoted(tildeCwd(ex)); break;
      case 'W': { const w = tildeCwd(ex); out += quoted(w === '~' || w === '/' ? w : basename(w)); break; }
      case '$': out += process.getuid?.() === 0 ? '#' : '\\$'; break;
      case 's': out += quoted(basename(ex.ctx.scriptName)); break;
      case 'v': out += '5.2'; break;
      case 'V': out += '5.2.0'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\x07'; break;
      case 'e': out += '\x1b'; break;
      case '\\': out += '\\'; break;
      case '[': case ']': break;
      case 't': out += now(ex, '%H:%M:%S'); break;
      case 'T': out += now(ex, '%I:%M:%S'); break;
      case 'A': out += now(ex, '%H:%M'); break;
      case '@': out += now(ex, '%I:%M %p'); break;
      case 'd': out += now(ex, '%a %b %d'); break;
      case 'D': {
        if (s[i + 1] !== '{') {
          out += '\\D';
          break;
        }
        // `\D{fmt}`: strftime; an empty format is the locale's time, an unclosed one runs to the end.
        const close = s.indexOf('}', i + 2);
        const fmt = s.slice(i + 2, close < 0 ? s.length : close);
        i = close < 0 ? s.length : close;
        out += now(ex, fmt === '' ? '%X' : fmt);
        break;
      }
      case 'j': out += String(ex.shell.jobs.list().length); break;
      case 'l': out += 'tty'; break;
      case '#': out += String(ex.ctx.commandNumber); break;
      case '!': out += '1'; break;
      default:
        if (e >= '0' && e <= '7') {
          // Three octal digits, or fewer at the very end; otherwise the backslash is literal.
          let j = i;
          while (j - i < 3 && s[j]! >= '0' && s[j]! <= '7') j++;
          if (j - i < 3 && j < s.length) {
            out += '\\' + e;
            break;
          }
          const n = parseInt(s.slice(i, j), 8) & 0xff;
          // (A NUL ends nothing here, but bash's C string drops it.)
          if (n !== 0) out += String.fromCharCode(n);
          i = j - 1;
        } else out += '\\' + e;
    }
  }
  return out;
}

/** The current time in FORMAT, in the zone TZ names (the shell's variable, as printf's %T). */
function now(ex: Expander, format: string): string {
  setZoneReader((p) => ex.shell.kernel.fs.readFile(p));
  const tz = ex.ctx.store.raw('TZ') ? ex.ctx.store.get('TZ') : process.env.TZ;
  return strftime(format, Math.floor(Date.now() / 1000), tz);
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? '');
  }
}

function tildeCwd(ex: Expander): string {
  const pwd = ex.ctx.store.get('PWD') ?? ex.ctx.cwd;
  const home = ex.ctx.store.get('HOME');
  if (home && (pwd === home || pwd.startsWith(home + '/'))) return '~' + pwd.slice(home.length);
  return pwd;
}

export { A };
