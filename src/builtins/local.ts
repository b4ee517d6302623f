// local: function-local variables (declare's options apply).
import { runDeclare } from './declare-core.js';
import { type Builtin, failNow } from './types.js';

export const localBuiltin: Builtin = {
  name: 'local',
  synopsis: 'local [-aAilnrtux] [-p] [NAME[=VALUE]...]',
  description:
    'Declare variables local to the current function: their previous values come back when it returns; functions it calls see the local ones (dynamic scope). Takes declare\'s attribute options; with no names, lists the locals. `local -` makes the `set` options local: they come back when the function returns.',
  special: true,
  examples: [
    { command: 'x=out; f() { local x=in; echo $x; }; f; echo $x', description: 'function-local variable', output: 'in\nout\n' },
    { command: 'f() { local -a a=(1 2); echo ${#a[@]}; }; f', description: 'a local array', output: '2\n' },
    { command: 'f() { local -; set -e; }; f; false; echo still', description: 'options local to the function', output: 'still\n' },
  ],
  run: (ctx) => {
    // Outside a function that is all local says, whatever its options (bash).
    if (ctx.shell.funcDepth === 0) return failNow(ctx, 'can only be used in a function');
    // `local -`: the shell options become local to the function (bash 4.4).
    if (ctx.args.includes('-') && ctx.shell.funcDepth > 0) {
      ctx.shell.localOptions();
      ctx.args = ctx.args.filter((a) => a !== '-');
      if (ctx.decl) ctx.decl = ctx.decl.filter((d) => d.word !== '-');
      if (ctx.args.length === 0) return 0;
    }
    // -g works as for declare: the names are global (bash).
    return runDeclare(ctx, { kind: 'local', letters: 'aAgiIlnprtuxc' });
  },
};
