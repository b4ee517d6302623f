// A script read from standard input (`aosh < script.sh`, `cat script | aosh`), as bash
// reads it: a line at a time, one byte per read, and each complete command runs before the
// next line is read. So the commands share that input with the shell: `read x` takes the
// script's next line, `cat` the rest of the script, and the shell goes on after what they
// left (bash does the same: unbuffered reads on a pipe, an lseek back on a file).
import { readSync } from 'node:fs';
import type { ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { parse, ParseError } from './parser.js';

const ONE = Buffer.alloc(1);

/** The next line of fd 0 with its newline, null at end of input. */
function readLine(): string | null {
  const bytes: number[] = [];
  for (;;) {
    let n: number;
    try {
      n = readSync(0, ONE, 0, 1, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A non-blocking pipe with nothing in it yet: wait a little (a writer is behind).
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      n = 0;
    }
    if (n === 0) break;
    bytes.push(ONE[0]!);
    if (ONE[0] === 10) break;
  }
  return bytes.length ? Buffer.from(bytes).toString('utf8') : null;
}

/** Whether the text needs more lines to be a complete command (an open `if`, quote, here-document). */
function incomplete(shell: Shell, ctx: ShellContext, text: string): boolean {
  // A backslash-newline goes on on the next line (the parser takes it as the end).
  const tail = /(\\*)\n$/.exec(text);
  if (tail && tail[1]!.length % 2 === 1) return true;
  try {
    parse(text, { ...shell.parserOptions(ctx, 'stdin'), interactive: true });
  } catch (e) {
    return e instanceof ParseError && e.incomplete;
  }
  return false;
}

/** Runs fd 0 as a script; the last status, or an ExitSignal as runSource throws it. */
export async function runStdinScript(shell: Shell, ctx: ShellContext): Promise<number> {
  let text = '';
  let firstLine = 1;
  for (;;) {
    const line = readLine();
    if (line !== null) {
      text += line;
      if (incomplete(shell, ctx, text)) continue;
    }
    // At the end of input an incomplete command is run anyway: its error is bash's.
    if (text !== '') await shell.runSource(text, ctx, 'stdin', firstLine);
    if (line === null) return ctx.lastStatus;
    firstLine += text.split('\n').length - 1;
    text = '';
  }
}
