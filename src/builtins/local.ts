// local: function-local variables (declare's options apply).
import { runDeclare } from './declare-core.js';
import type { Builtin } from './types.js';

export const localBuiltin: Builtin = {
  name: 'local',
  synopsis: 'local [-aAilnrtux] [-p] [NAME[=VALUE]...]',
  description:
    'Declare variables local to the current function: their previous values come back when it returns; functions it calls see the local ones (dynamic scope). Takes declare\'s attribute options; with no names, lists the locals.',
  special: true,
  examples: [
    { command: 'x=out; f() { local x=in; echo $x; }; f; echo $x', description: 'function-local variable', output: 'in\nout\n' },
    { command: 'f() { local -a a=(1 2); echo ${#a[@]}; }; f', description: 'a local array', output: '2\n' },
  ],
  run: (ctx) => runDeclare(ctx, { kind: 'local', letters: 'aAiIlnprtuxc' }),
};
