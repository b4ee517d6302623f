// The start-up file of an interactive aosh (bash's ~/.bashrc): --rcfile FILE, else
// $AOSH_HOME/aoshrc, else ~/.aoshrc; none with --norc. Read by the terminal session and by
// `aosh -i` without one (a pipe, -c, a script file), as bash -i reads its bashrc in each.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ExitSignal, type ShellContext } from './context.js';
import type { Shell } from './executor.js';

/** Runs the rc file, if any: null to go on, or the status an `exit` in it asked for. */
export async function sourceRc(shell: Shell, ctx: ShellContext, aoshHome = process.env.AOSH_HOME || join(homedir(), '.aosh'), write: (text: string) => void): Promise<number | null> {
  if (shell.rcFile === null) return null; // --norc
  const candidates = shell.rcFile !== undefined ? [shell.rcFile] : [join(aoshHome, 'aoshrc'), join(process.env.HOME || homedir(), '.aoshrc')];
  const file = candidates.find((f) => existsSync(f));
  if (!file) return null;
  try {
    await shell.runSource(readFileSync(file, 'utf8'), ctx, file);
  } catch (e) {
    if (e instanceof ExitSignal) return e.status;
    write(`aosh: ${file}: ${(e as Error).message}\n`);
  }
  return null;
}
