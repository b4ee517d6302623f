// What bash takes from its environment when it starts, besides the variables themselves:
// SHELLOPTS and BASHOPTS turn on the options they list (a child started with them exported
// inherits the parent's `set -o` and `shopt` settings), and a non-interactive shell first
// reads the file $BASH_ENV names.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { Parser } from './parser.js';

/** SHELLOPTS / BASHOPTS from the environment: each option they name is turned on. */
export function importOptionLists(ctx: ShellContext, env: NodeJS.ProcessEnv): void {
  for (const name of (env.SHELLOPTS ?? '').split(':')) {
    if (name && name in ctx.options) ctx.options[name as keyof ShellContext['options']] = true;
  }
  for (const name of (env.BASHOPTS ?? '').split(':')) {
    if (name && name in ctx.shopt && name !== 'login_shell') ctx.shopt[name as keyof ShellContext['shopt']] = true;
  }
}

/**
 * A non-interactive shell (outside posix and privileged mode) runs the file $BASH_ENV names,
 * the value expanded as in double quotes, before its script or -c string; a missing file
 * is passed over in silence. An `exit` in it ends the shell (ExitSignal).
 */
export async function sourceBashEnv(shell: Shell, ctx: ShellContext): Promise<void> {
  const raw = ctx.store.get('BASH_ENV');
  if (!raw || ctx.options.posix || ctx.options.privileged) return;
  let file = raw;
  if (/[$`\\]/.test(raw)) {
    const r = shell.expander(ctx).string(new Parser(raw).parseExpandableText());
    file = typeof r === 'string' ? r : await r;
  }
  if (!file) return;
  let text: string;
  try {
    text = readFileSync(resolve(ctx.cwd, file), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') void shell.errorLine(ctx, `${file}: ${(e as Error).message}`);
    return;
  }
  await shell.runSource(text, ctx, file);
}
