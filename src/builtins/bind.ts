// bind: readline's key bindings and variables. A script has no line editing (bash warns and
// goes on, status 0); aosh's REPL has its own line editor, not readline, so bindings are
// not taken there either: one warning, status 0, so a sourced .bashrc keeps going.
import type { Builtin } from './types.js';

const BIND_USAGE = 'bind: usage: bind [-lpsvPSVX] [-m keymap] [-f filename] [-q name] [-u name] [-r keyseq] [-x keyseq:shell-command] [keyseq:readline-function or readline-command]\n';

export const bindBuiltin: Builtin = {
  name: 'bind',
  synopsis: 'bind [-lpsvPSVX] [-m KEYMAP] [KEYSEQ:FUNCTION | "set VAR VALUE"] ...',
  description: 'readline bindings: not taken. In a script line editing is off (a warning, as bash); the interactive line editor is aosh\'s own, with fixed keys (help lists them).',
  examples: [{ command: 'bind "set bell-style none" 2>/dev/null; echo $?', description: 'a warning, status 0', output: '0\n' }],
  async run(ctx) {
    const why = ctx.shell.interactive ? "aosh's line editor is not readline: bindings are ignored" : 'line editing not enabled';
    await ctx.stderr.write(`${ctx.errorPrefix ?? ''}bind: warning: ${why}\n`);
    // bash's options (m f q u r x take a value): any other letter is a usage error, status 2.
    for (let i = 0; i < ctx.args.length; i++) {
      const a = ctx.args[i]!;
      if (a === '--' || !/^-./.test(a)) break;
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if ('mfqurx'.includes(c)) {
          if (j === a.length - 1 && i === ctx.args.length - 1) {
            await ctx.stderr.write(`${ctx.errorPrefix ?? ''}bind: -${c}: option requires an argument\n${BIND_USAGE}`);
            return 2;
          }
          if (j === a.length - 1) i++;
          break;
        }
        if (!'lpsvPSVX'.includes(c)) {
          await ctx.stderr.write(`${ctx.errorPrefix ?? ''}bind: -${c}: invalid option\n${BIND_USAGE}`);
          return 2;
        }
      }
    }
    return 0;
  },
};
