// Help text from a command's own declaration (synopsis, description, flags, subcommands,
// examples), wrapped to the terminal's width. `help NAME`, `NAME --help`, `aosh help` and
// `aosh NAME --help` all print this.
import type { Documented, FlagDoc } from './flags.js';

/** Width to wrap help at: the terminal's when writing to one, else $COLUMNS, else 80. */
export function helpWidth(isTTY: boolean, env: Record<string, string | undefined> = process.env): number {
  const cols = isTTY ? process.stdout.columns || process.stderr.columns : Number(env.COLUMNS);
  return Math.max(40, Math.min(Number.isFinite(cols) && cols > 0 ? cols : 80, 120));
}

/** Wraps text to width; every line starts with indent (the first with first, when given). */
export function wrap(text: string, width: number, indent = '', first = indent): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = out.length ? indent : first;
    let empty = true;
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (!empty && line.length + 1 + word.length > width) {
        out.push(line);
        line = indent + word;
      } else {
        line += (empty ? '' : ' ') + word;
      }
      empty = false;
    }
    out.push(line);
  }
  return out.join('\n');
}

/** A two-column table (flag, description) with the descriptions wrapped beside the first column. */
function table(rows: Array<[string, string]>, width: number): string {
  const col = Math.min(Math.max(...rows.map(([a]) => a.length)) + 4, 30);
  return rows
    .map(([a, b]) => {
      const pad = '  ' + a;
      if (pad.length + 2 > col) return pad + '\n' + wrap(b, width, ' '.repeat(col));
      return wrap(b, width, ' '.repeat(col), pad.padEnd(col));
    })
    .join('\n');
}

export function renderHelp(doc: Documented, width = 80, parent?: string): string {
  const name = parent ? `${parent} ${doc.name}` : doc.name;
  let out = `${doc.synopsis}\n\n${wrap(doc.description, width, '  ')}\n`;
  const flags = (doc.flags ?? []).filter((f) => !f.hidden);
  if (flags.length) out += `\nOptions:\n${table(flags.map((f) => [f.flag, f.description]), width)}\n`;
  if (doc.subcommands?.length) {
    out += `\nSubcommands (${name} SUBCOMMAND --help for more):\n`;
    out += table(doc.subcommands.map((s) => [s.synopsis.replace(new RegExp(`^${doc.name} `), ''), firstSentence(s.description)]), width) + '\n';
  }
  if (doc.examples?.length) {
    out += '\nExamples:\n';
    for (const e of doc.examples) out += `  ${e.command}\n${wrap(e.description, width, '      # ')}\n`;
  }
  return out;
}

export function firstSentence(s: string): string {
  const line = s.split('\n')[0]!;
  const i = line.indexOf('. ');
  return i >= 0 ? line.slice(0, i + 1) : line;
}

/** `aosh --help` / `aosh help`: usage, options and subcommands from the CLI's own tables. */
export function renderCliHelp(
  flags: readonly FlagDoc[],
  subcommands: Record<string, { summary: string }>,
  head: string,
  tail: string,
  builtins: readonly string[],
  width = helpWidth(process.stdout.isTTY === true),
): string {
  const opts = table(flags.filter((f) => !f.hidden).map((f) => [f.flag, f.description]), width);
  const subs = table(Object.entries(subcommands).map(([name, row]) => [name, row.summary]), width);
  return `${head}\n\nOptions:\n${opts}\n\nSubcommands (aosh help NAME, or aosh NAME --help):\n${subs}\n\nBuiltins (aosh help NAME; inside a session: help NAME or NAME --help):\n${wrap(builtins.join(' '), width, '  ')}\n\n${tail}`;
}
