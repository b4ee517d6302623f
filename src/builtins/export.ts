import { runDeclare } from './declare-core.js';
import type { Builtin } from './types.js';


export const exportBuiltin: Builtin = {
  name: 'export',
  synopsis: 'export [-fn] [NAME[=VALUE]...] | export -p',
  description: 'Mark variables for export to the environment of commands. With no names (or -p) list exported variables; -n removes the export mark.',
  special: true,
  flags: [
    { flag: '-p', description: 'list exported variables in a reusable form' },
    { flag: '-n', description: 'remove the export mark' },
  ],
  examples: [{ command: "export GREETING=hi; sh -c 'echo $GREETING'", description: 'visible to child processes', output: 'hi\n' }],
  run: (ctx) => runDeclare(ctx, { kind: 'export', letters: 'aAfnp' }),
};

/** bash's `declare -p` quoting: double quotes with \ " $ ` escaped. */
export function dq(v: string): string {
  return '"' + v.replace(/[\\"$`]/g, (c) => '\\' + c) + '"';
}

