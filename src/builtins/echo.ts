// echo: bash's, including its option rules (only words made of n, e, E after '-' are
// options) and echo -e escapes (\0NNN, \xHH, \uHHHH, \UHHHHHHHH, \c stops the output).
import { expandEscapes } from '../lib/escapes.js';
import { type Builtin, writeNow } from './types.js';

export const echoBuiltin: Builtin = {
  name: 'echo',
  synopsis: 'echo [-neE] [ARG...]',
  description: 'Write the arguments, separated by spaces and followed by a newline. -n: no newline; -e: interpret backslash escapes (\\n \\t \\0NNN \\xHH \\uHHHH, \\c stops); -E: do not (default, unless shopt xpg_echo).',
  flags: [
    { flag: '-n', description: 'do not output the trailing newline' },
    { flag: '-e', description: 'interpret backslash escapes (\\n, \\t, \\c, \\0NNN, \\xHH, \\uHHHH)' },
    { flag: '-E', description: 'do not interpret backslash escapes' },
  ],
  examples: [
    { command: 'echo hello world', description: 'print words', output: 'hello world\n' },
    { command: "echo -e 'a\\tb'", description: 'with escapes', output: 'a\tb\n' },
    { command: 'echo -n no newline', description: 'without newline', output: 'no newline' },
  ],
  run(ctx) {
    const args = ctx.args;
    let newline = true;
    let escapes = ctx.shell.shopt.xpg_echo === true;
    let i = 0;
    // posix mode with xpg_echo: echo takes no options at all (bash).
    const options = !(escapes && ctx.shell.getOption('posix'));
    for (; options && i < args.length; i++) {
      const a = args[i]!;
      if (a.length < 2 || a.charCodeAt(0) !== 45 || !/^-[neE]+$/.test(a)) break;
      for (let k = 1; k < a.length; k++) {
        const f = a[k];
        if (f === 'n') newline = false;
        else if (f === 'e') escapes = true;
        else escapes = false;
      }
    }
    let text = i === 0 ? args.join(' ') : args.slice(i).join(' ');
    if (escapes && text.includes('\\')) {
      const r = expandEscapes(text, 'echo');
      text = r.text;
      if (r.stop) newline = false;
    }
    const w = writeNow(ctx.stdout, newline ? text + '\n' : text);
    return w ? w.then(() => 0) : 0;
  },
};

/** echo -e escapes; `\c` stops output. */
export function interpretEscapes(s: string): { text: string; stop: boolean } {
  const r = expandEscapes(s, 'echo');
  return { text: r.text, stop: r.stop };
}
