// A plain line-reading prompt, used when stdin is a terminal. The ink REPL replaces it;
// this keeps an interactive aosh usable without it. Incomplete input continues on the
// next line with a "> " prompt, as in bash.
import { createInterface } from 'node:readline';
import { ExitSignal, type ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { parse, ParseError } from './parser.js';

export async function runLineRepl(shell: Shell, ctx: ShellContext): Promise<number> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true, historySize: 1000 });
  rl.on('SIGINT', () => {
    rl.write('', { ctrl: true, name: 'u' });
    process.stderr.write('^C\n');
    rl.prompt();
  });
  let buffer = '';
  const prompt = (): void => {
    rl.setPrompt(buffer ? '> ' : `aosh:${ctx.cwd}${ctx.lastStatus ? ` [${ctx.lastStatus}]` : ''}$ `);
    rl.prompt();
  };
  prompt();
  for await (const line of rl) {
    buffer += (buffer ? '\n' : '') + line;
    try {
      parse(buffer, { interactive: true });
    } catch (e) {
      if (e instanceof ParseError && e.incomplete) {
        prompt();
        continue;
      }
    }
    const src = buffer;
    buffer = '';
    rl.pause();
    try {
      await shell.runSource(src, ctx, '');
    } catch (e) {
      if (e instanceof ExitSignal) {
        rl.close();
        return e.status;
      }
      throw e;
    }
    rl.resume();
    prompt();
  }
  process.stderr.write('exit\n');
  return ctx.lastStatus;
}
