// bash runs the last command of `bash -c '…'`, of a `( )` or `$( )` body, and a lone `cmd &`
// without a fork of its own: the program takes the shell's place, so it gets the shell's
// SHLVL less one (as after `exec`), and a shell it starts is at the same level again.
// aosh keeps running, but gives the program the environment bash would have given it.
import type { SimpleCommand, Stmt } from './ast.js';
import type { ShellContext } from './context.js';
import { A } from '../lib/vars.js';

/** The simple command a list ends with, when bash would run it without forking. */
export function tailCommand(stmts: readonly Stmt[]): SimpleCommand | null {
  const last = stmts[stmts.length - 1];
  if (!last || last.background) return null;
  const { first, rest } = last.andOr;
  const p = rest.length ? rest[rest.length - 1]!.pipeline : first;
  if (p.negated || p.timed || p.commands.length !== 1) return null;
  const cmd = p.commands[0]!;
  return cmd.kind === 'Simple' ? cmd : null;
}

/** A lone simple command started with `&` (bash's child runs it without another fork). */
export function backgroundTail(stmt: Stmt): SimpleCommand | null {
  return stmt.andOr.rest.length ? null : tailCommand([{ ...stmt, background: false }]);
}

/**
 * SHLVL for a program the current command runs, when that command is its context's tail and
 * bash would run it in the shell's place: no redirections of its own, and no trap that must
 * run after it (EXIT or ERR, even ignored; a caught signal). undefined: the shell's own.
 */
export function tailShellLevel(ctx: ShellContext): string | undefined {
  const cmd = ctx.tailCmd;
  if (cmd === null || ctx.currentCmd !== cmd || cmd.redirects.length > 0) return undefined;
  for (const [name, action] of ctx.traps) {
    if (name === 'EXIT' || name === 'ERR') return undefined;
    if (action !== '' && name !== 'DEBUG' && name !== 'RETURN') return undefined;
  }
  const v = ctx.store.vars.get('SHLVL');
  if (!v || v.value === undefined || v.attrs & A.readonly || !/^[0-9]+$/.test(v.value)) return undefined;
  return String(Math.max(0, Number(v.value) - 1));
}
