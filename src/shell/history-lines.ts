// What a script's command line becomes in the history once `set -o history` is on (bash
// keeps a history in scripts too, off by default): blank lines are not kept, a comment line
// is an entry of its own, and a command read over several lines is one entry, its lines
// joined as bash's cmdhist joins them: "; " where a `;` may follow, else a space (after
// `then`, `do`, `{`, `|` ...), a newline inside a here-document or a quoted string, and
// nothing where a backslash-newline was.

import { recordScriptHistory, setHistoryExpander } from '../builtins/history.js';
import type { ShellContext } from './context.js';
import { expandHistory } from './repl/hist-expand.js';

// history -p expands as the prompt does.
setHistoryExpander(expandHistory);

/** Origins whose text is not a line the script read (no history for it). */
const NO_HISTORY = new Set(['eval', 'trap', 'fc', 'PROMPT_COMMAND']);

/** A command line a script read (not a sourced file's, nor eval's): into its history. */
export function recordHistory(ctx: ShellContext, origin: string, raw: string): void {
  if (ctx.sourceDepth !== 0 || NO_HISTORY.has(origin)) return;
  const v = (n: string): string | undefined => ctx.store.get(n);
  recordScriptHistory(historyEntriesFor(raw), { HISTCONTROL: v('HISTCONTROL'), HISTIGNORE: v('HISTIGNORE'), HISTSIZE: v('HISTSIZE') });
}

// After these a line gets no `;` (bash's no_semi_successors): operators, and reserved words
// where a command starts (`echo do` ends in a plain word), `in` after `for NAME` or `case WORD`.
const NO_SEMI_END = /(?:[{(|&;)]|;;|;&|;;&|&&|\|\|)\s*$/;
const NO_SEMI_WORD = /(?:^|[;&|({]|\b(?:then|do|else|elif|if|while|until)\s)\s*(?:case|do|else|elif|if|then|until|while)\s*$/;
const NO_SEMI_IN = /\b(?:for|select|case)\s+\S+\s+in\s*$/;

/** The history entries for the raw text of one command line (with its newlines). */
export function historyEntriesFor(raw: string): string[] {
  const lines = raw.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  let i = 0;
  // Blank and comment lines before the command (the parser reads them as empty lines).
  for (; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t === '') continue;
    if (t.startsWith('#')) out.push(lines[i]!);
    else break;
  }
  if (i >= lines.length) return out;
  let entry = lines[i]!;
  let heredoc: string[] = pendingDelimiters(entry);
  let inHeredoc = false;
  for (i++; i < lines.length; i++) {
    const line = lines[i]!;
    if (inHeredoc || heredoc.length) {
      // The body and the delimiter line of a here-document keep their newlines.
      inHeredoc = true;
      entry += '\n' + line;
      if (line.replace(/^\t+/, '') === heredoc[0]) heredoc.shift();
      if (heredoc.length === 0) {
        inHeredoc = false;
        entry += '\n';
      }
      continue;
    }
    if (entry.endsWith('\n')) {
      entry += line;
    } else if (endsInBackslash(entry)) {
      entry = entry.slice(0, -1) + line;
    } else if (openQuote(entry)) {
      entry += '\n' + line;
    } else if (line.trim() === '') {
      continue;
    } else {
      const prev = entry.replace(/\s+#[^'"]*$/, '');
      entry += (NO_SEMI_END.test(prev) || NO_SEMI_WORD.test(prev) || NO_SEMI_IN.test(prev) || inArrayLiteral(entry) ? ' ' : '; ') + line;
    }
    heredoc = pendingDelimiters(line);
  }
  out.push(entry);
  return out;
}

function endsInBackslash(s: string): boolean {
  const m = /\\+$/.exec(s);
  return m !== null && m[0].length % 2 === 1;
}

/** The delimiters of the here-documents a line starts (`<<EOF`, `<<-'END'`; not `<<<`). */
function pendingDelimiters(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/<<(?!<)-?\s*(?:'([^']*)'|"([^"]*)"|\\?([^\s;&|<>()]+))/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** Whether the text leaves a single or double quote open (roughly, as a reader would). */
function openQuote(s: string): boolean {
  let q: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (q === "'") {
      if (c === "'") q = null;
    } else if (c === '\\') i++;
    else if (q === '"') {
      if (c === '"') q = null;
    } else if (c === "'" || c === '"') q = c;
    else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]!))) break;
  }
  return q !== null;
}

/** Inside `name=(` ... `)`: bash joins the elements' lines with a space. */
function inArrayLiteral(s: string): boolean {
  const at = s.search(/[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=\(/);
  if (at < 0) return false;
  let depth = 0;
  for (const c of s.slice(at)) {
    if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  return depth > 0;
}
