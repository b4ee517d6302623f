// readonly: variables (and functions, -f) that cannot be changed or unset.
import { runDeclare } from './declare-core.js';
import type { Builtin } from './types.js';

export const readonlyBuiltin: Builtin = {
  name: 'readonly',
  synopsis: 'readonly [-aAf] [-p] [NAME[=VALUE]...]',
  description: 'Mark variables read-only: later assignments and unset fail. -a/-A for arrays, -f for functions; with no names (or -p), list them as declare -p does.',
  special: true,
  examples: [{ command: "readonly X=1; (X=2) 2>/dev/null || echo refused; echo $X", description: 'assignment fails (and ends the command line)', output: 'refused\n1\n' }],
  run: (ctx) => runDeclare(ctx, { kind: 'readonly', letters: 'aAfp' }),
};
