// Programmable completion for the REPL's Tab: finds the `complete` spec of the command (or
// the -D default, or the -E empty-line spec), and generates its words in the shell's own
// context, a completion function running with COMP_WORDS, COMP_CWORD, COMP_LINE,
// COMP_POINT, COMP_KEY and COMP_TYPE set and answering in COMPREPLY, as in bash.
import { basename } from 'node:path';
import { DEFAULT_CMD, EMPTY_CMD, copySpec, type CompSpec } from '../../lib/compspec.js';
import { generate } from '../../builtins/complete-core.js';
import type { ShellContext } from '../context.js';
import type { Shell } from '../executor.js';
import { makeShellAccess } from '../shell-access.js';
import type { ProgRequest, ProgResult } from './completion.js';

/** The spec Tab uses for a command: its own (by name, then by basename), else -D; -E on an empty line. */
export function specFor(ctx: ShellContext, cmd: string): CompSpec | undefined {
  const t = ctx.completions;
  if (cmd === '') return t.get(EMPTY_CMD);
  return t.get(cmd) ?? (cmd.includes('/') ? t.get(basename(cmd)) : undefined) ?? t.get(DEFAULT_CMD);
}

/** The `programmable` completion source for a shell context (see CompletionSources). */
export function programmableSource(shell: Shell, ctx: ShellContext, warn: (text: string) => void): (req: ProgRequest) => Promise<ProgResult | null> | null {
  return (req) => {
    const found = specFor(ctx, req.cmd);
    if (!found) return null;
    return run(shell, ctx, copySpec(found), req, warn);
  };
}

async function run(shell: Shell, ctx: ShellContext, spec: CompSpec, req: ProgRequest, warn: (text: string) => void): Promise<ProgResult | null> {
  const state = { command: req.cmd, options: spec.options };
  const saved = ctx.completionState;
  ctx.completionState = state;
  try {
    const env = { shell: makeShellAccess(shell, ctx), fs: shell.kernel.fs, warn, errorPrefix: 'aosh: ' };
    const items = await generate(env, spec, req);
    return { items, options: state.options };
  } catch (e) {
    warn(`aosh: completion: ${e instanceof Error ? e.message : String(e)}\n`);
    return null;
  } finally {
    ctx.completionState = saved;
  }
}
