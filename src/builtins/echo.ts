import type { Builtin } from './types.js';

export const echoBuiltin: Builtin = {
  name: 'echo',
  synopsis: 'echo [-neE] [ARG...]',
  description: 'Write the arguments, separated by spaces and followed by a newline. -n: no newline; -e: interpret backslash escapes; -E: do not (default).',
  flags: [
    { flag: '-n', description: 'do not output the trailing newline' },
    { flag: '-e', description: 'interpret backslash escapes (\\n, \\t, \\c, \\0NNN, \\xHH)' },
    { flag: '-E', description: 'do not interpret backslash escapes' },
  ],
  examples: [
    { command: 'echo hello world', description: 'print words', output: 'hello world\n' },
    { command: "echo -e 'a\\tb'", description: 'with escapes', output: 'a\tb\n' },
    { command: 'echo -n no newline', description: 'without newline', output: 'no newline' },
  ],
  async run(ctx) {
    let newline = true;
    let escapes = false;
    let i = 0;
    // Like bash: only words made entirely of n, e, E after '-' are options.
    for (; i < ctx.args.length; i++) {
      const a = ctx.args[i]!;
      if (!/^-[neE]+$/.test(a)) break;
      for (const f of a.slice(1)) {
        if (f === 'n') newline = false;
        else if (f === 'e') escapes = true;
        else escapes = false;
      }
    }
    let text = ctx.args.slice(i).join(' ');
    if (escapes) {
      const r = interpretEscapes(text);
      text = r.text;
      if (r.stop) newline = false;
    }
    await ctx.stdout.write(newline ? text + '\n' : text);
    return 0;
  },
};

/** echo -e escapes; `\c` stops output. */
export function interpretEscapes(s: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i === s.length - 1) {
      out += c;
      continue;
    }
    const e = s[++i]!;
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', E: '\x1b', '\\': '\\' };
    if (e in simple) out += simple[e];
    else if (e === 'c') return { text: out, stop: true };
    else if (e === '0') {
      const m = /^[0-7]{0,3}/.exec(s.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(m || '0', 8) & 0xff);
      i += m.length;
    } else if (e === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
      if (m) {
        out += String.fromCharCode(parseInt(m[0], 16));
        i += m[0].length;
      } else out += '\\x';
    } else out += '\\' + e;
  }
  return { text: out, stop: false };
}
