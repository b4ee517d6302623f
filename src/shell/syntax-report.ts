// How a syntax error is reported, in bash's words: two lines ("NAME: line N: syntax error
// near unexpected token `X'" and the line quoted, a caret under it on a terminal); for input that ends too soon,
// bash's one line about the end of file; for a malformed [[ ]], its own lines.
import type { ShellContext } from './context.js';
import type { ParseError } from './parser.js';

const EOF_MATCH: Record<string, string> = {
  'unterminated single quote': "'",
  "unterminated $'...'": "'",
  'unterminated double quote': '"',
  'unterminated $(': ')',
  'unterminated arithmetic expansion': ')',
  'unterminated array assignment': ')',
  'unterminated extglob group': ')',
  'unterminated ${': '}',
  'unterminated backquote': '`',
  'unterminated array subscript': ']',
  "unterminated `(('": ')',
  'unterminated $[': ']',
  "unterminated `for (('": ')',
};

/** The line bash names: for input that ends too soon, the last line or the opening one. */
export function reportedLine(e: ParseError, source: string, firstLine: number): number {
  if (!e.incomplete || e.cond) return e.line;
  const match = EOF_MATCH[e.message];
  const lastLine = firstLine + (source.endsWith('\n') ? source.slice(0, -1) : source).split('\n').length;
  // bash reads a command substitution's body to the end before it finds it unclosed.
  return !match || e.message === 'unterminated $(' ? lastLine : (e.openLine ?? e.line);
}

/** Where the message starts ("NAME: -c: line N: ", "FILE: line N: ", "aosh: "); eval has its own. */
export function whereFor(ctx: ShellContext, e: ParseError, origin: string, source: string, firstLine: number, interactive = false): string {
  const line = reportedLine(e, source, firstLine);
  if (origin === '') return 'aosh: ';
  if (origin === '-c') return `${ctx.scriptName}: -c: line ${line}: `;
  if (origin === 'command substitution') return `${ctx.scriptName}: command substitution: line ${line}: `;
  // (the end of input at a prompt has no line: bash is interactive there)
  if (origin === 'stdin') return interactive ? `${ctx.scriptName}: ` : `${ctx.scriptName}: line ${line}: `;
  return `${origin}: line ${line}: `;
}

/**
 * The text of the report (empty for a [[ ]] error without a message). `caret`: a line
 * pointing at the token, for a person at a terminal (bash has none: scripts that capture
 * the message see bash's two lines).
 */
export function syntaxErrorText(e: ParseError, source: string, firstLine: number, where: string, caret = false): string {
  if (e.cond) return e.message ? e.message.split('\n').map((m) => `${where}${m}\n`).join('') : '';
  let msg = e.message.startsWith('syntax error') || e.message.startsWith('unexpected') ? e.message : `syntax error: ${e.message}`;
  if (e.incomplete) {
    const match = EOF_MATCH[e.message];
    if (match) msg = `unexpected EOF while looking for matching \`${match}'`;
    else if (!e.message.startsWith('unexpected EOF')) msg = 'syntax error: unexpected end of file';
    return `${where}${msg}\n`;
  }
  const lineText = source.split('\n')[e.line - firstLine] ?? '';
  const pointer = caret ? ' '.repeat(Math.max(0, e.col - 1)) + '^\n' : '';
  return `${where}${msg}\n${where}\`${lineText}'\n${pointer}`;
}

/**
 * "NAME: line N: warning: here-document at line M delimited by end-of-file (wanted `EOF')":
 * NAME is the file read, else the running function's file or $0 (eval and traps add no name
 * of their own here); at the prompt there is no line.
 */
export function heredocWarningText(ctx: ShellContext, w: { line: number; end: number; delim: string }, origin: string, interactive: boolean): string {
  const own = origin !== 'eval' && origin !== 'trap' && origin !== '-c' && origin !== 'stdin' && origin !== '';
  const file = own ? origin : (ctx.topCall?.source ?? ctx.mainFrame) || ctx.scriptName;
  const where = interactive && !ctx.topCall ? `${ctx.scriptName}: ` : `${file}: line ${w.end}: `;
  return `${where}warning: here-document at line ${w.line} delimited by end-of-file (wanted \`${w.delim}')\n`;
}
