import { fail, type Builtin } from './types.js';

export const readBuiltin: Builtin = {
  name: 'read',
  synopsis: 'read [-r] [-p PROMPT] [-a ARRAY] [NAME...]',
  description:
    'Read one line from standard input and split it on IFS into the NAMEs (the last takes the rest; default REPLY). Backslash escapes the next character unless -r. Status 1 at end of input.',
  special: true,
  flags: [
    { flag: '-r', description: 'raw: backslashes are not escapes' },
    { flag: '-p PROMPT', description: 'print PROMPT on stderr first (when input is a terminal)' },
  ],
  examples: [{ command: "echo 'a b c' | { read x y; echo \"$y\"; }", description: 'split a line', output: 'b c\n' }],
  async run(ctx) {
    let raw = false;
    let prompt: string | undefined;
    let arrayName: string | undefined;
    const names: string[] = [];
    const args = ctx.args;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--') {
        names.push(...args.slice(i + 1));
        break;
      }
      if (!a.startsWith('-') || a.length < 2 || names.length) {
        names.push(a);
        continue;
      }
      // Letters may be grouped (-ra NAME); p and a take the next argument.
      for (const f of a.slice(1)) {
        if (f === 'r') raw = true;
        else if (f === 'p') prompt = args[++i];
        else if (f === 'a') arrayName = args[++i];
        else if (f === 's' || f === 'e') continue;
        else return fail(ctx, `-${f}: invalid option (usage: read [-r] [-p prompt] [-a array] [name ...])`, 2);
      }
    }
    for (const n of names) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) return fail(ctx, `\`${n}': not a valid identifier`, 1);
    if (prompt !== undefined && ctx.stdin.isTTY) await ctx.stderr.write(prompt);
    let line = '';
    let eof = false;
    // Without -r a backslash-newline continues the line.
    for (;;) {
      const r = await ctx.stdin.readRawLine();
      eof = r.eof;
      if (!raw && r.line.endsWith('\\') && !eof && !endsWithEscapedBackslash(r.line)) {
        line += r.line.slice(0, -1);
        continue;
      }
      line += r.line;
      break;
    }
    const ifs = ctx.shell.getVar('IFS') ?? ' \t\n';
    if (arrayName !== undefined) {
      ctx.shell.setArray(arrayName, splitRead(line, ifs, Number.MAX_SAFE_INTEGER, raw));
      return eof ? 1 : 0;
    }
    const fields = splitRead(line, ifs, names.length || 1, raw);
    if (names.length === 0) ctx.shell.setVar('REPLY', fields[0] ?? '');
    else names.forEach((n, k) => ctx.shell.setVar(n, fields[k] ?? ''));
    return eof ? 1 : 0;
  },
};

function endsWithEscapedBackslash(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) n++;
  return n % 2 === 0;
}

/** Splits like bash's read: into at most `count` fields, the last keeping the remainder. */
function splitRead(line: string, ifs: string, count: number, raw: boolean): string[] {
  const isWs = (c: string): boolean => (c === ' ' || c === '\t' || c === '\n') && ifs.includes(c);
  const isIfs = (c: string): boolean => ifs.includes(c);
  // Mark escaped characters so they never split, then drop the backslashes.
  const chars: Array<{ c: string; esc: boolean }> = [];
  for (let i = 0; i < line.length; i++) {
    if (!raw && line[i] === '\\' && i + 1 < line.length) {
      chars.push({ c: line[++i]!, esc: true });
    } else if (!raw && line[i] === '\\') continue;
    else chars.push({ c: line[i]!, esc: false });
  }
  let i = 0;
  while (i < chars.length && !chars[i]!.esc && isWs(chars[i]!.c)) i++;
  const fields: string[] = [];
  while (i < chars.length && fields.length < count - 1) {
    let f = '';
    while (i < chars.length && (chars[i]!.esc || !isIfs(chars[i]!.c))) f += chars[i++]!.c;
    fields.push(f);
    // consume one separator: whitespace, then at most one non-whitespace IFS char, then whitespace
    while (i < chars.length && !chars[i]!.esc && isWs(chars[i]!.c)) i++;
    if (i < chars.length && !chars[i]!.esc && isIfs(chars[i]!.c) && !isWs(chars[i]!.c)) {
      i++;
      while (i < chars.length && !chars[i]!.esc && isWs(chars[i]!.c)) i++;
    }
  }
  if (i < chars.length || fields.length < count) {
    let rest = chars.slice(i);
    // trailing IFS whitespace is removed from the last field
    let end = rest.length;
    while (end > 0 && !rest[end - 1]!.esc && isWs(rest[end - 1]!.c)) end--;
    rest = rest.slice(0, end);
    // a single trailing non-whitespace delimiter is removed when it is the only one left
    if (rest.length && !rest[rest.length - 1]!.esc && isIfs(rest[rest.length - 1]!.c) && !isWs(rest[rest.length - 1]!.c)) {
      const body = rest.slice(0, -1);
      if (!body.some((x) => !x.esc && isIfs(x.c) && !isWs(x.c))) rest = body;
    }
    if (i < chars.length) fields.push(rest.map((x) => x.c).join(''));
  }
  return fields;
}
