// `aosh -i` without a terminal: what bash -i does over a pipe (`bash -i < script`). The
// commands come from stdin as for any script on stdin (stdin-script.ts), and the shell is
// interactive: PS1 (PS2 for a command's further lines) goes to stderr before each line,
// followed by the line as read (bash's readline echoes input that is not a terminal's), `!`
// history expansion applies to each line, aliases expand, and an error ends the command,
// not the shell. The terminal session (repl/) is the same shell with its line editor.
import type { ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { andThen, type MP } from './maybe.js';
import { Parser } from './parser.js';
import { expandHistory } from './repl/hist-expand.js';
import type { StdinHooks } from './stdin-script.js';
import type { Word } from './ast.js';

let prompts: { ps1: Word; ps2: Word } | undefined;

export function interactivePipeHooks(shell: Shell, ctx: ShellContext): StdinHooks {
  const history: string[] = [];
  let more = false;
  const write = (text: string): void => void shell.writeStderr(ctx, text);
  return {
    prompt(cont) {
      more = cont;
      const ps = (prompts ??= { ps1: new Parser('"${PS1@P}"').parseWord()!, ps2: new Parser('"${PS2@P}"').parseWord()! });
      // The prompt's expansions leave $? as it was (bash).
      const status = ctx.lastStatus;
      let text: MP<string>;
      try {
        text = shell.expander(ctx).string(cont ? ps.ps2 : ps.ps1);
      } catch {
        text = ctx.get(cont ? 'PS2' : 'PS1') ?? '';
      }
      return andThen(text, (t) => {
        ctx.lastStatus = status;
        if (t) write(t);
      });
    },
    line(text) {
      let line = text;
      if (ctx.options.histexpand && (line.includes('!') || (!more && line.startsWith('^')))) {
        const body = line.endsWith('\n') ? line.slice(0, -1) : line;
        const h = expandHistory(body, history);
        if (h.kind === 'error') {
          write(`${body}\naosh: ${h.message}\n`);
          return null;
        }
        if (h.kind === 'expanded') {
          line = h.text + (line.endsWith('\n') ? '\n' : '');
          if (h.printOnly) {
            write(`${body}\n${h.text}\n`);
            history.push(h.text);
            return null;
          }
        }
      }
      write(line.endsWith('\n') ? line : line + '\n');
      return line;
    },
    command(text) {
      const entry = text.replace(/\n$/, '');
      if (entry.trim()) history.push(entry);
    },
  };
}
