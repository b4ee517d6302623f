// logout: exit a login shell. aosh shells are not login shells unless `shopt login_shell`
// says so; then it is `exit`, as in bash.
import { exitBuiltin } from './exit.js';
import { type Builtin, writeNow } from './types.js';

export const logoutBuiltin: Builtin = {
  name: 'logout',
  synopsis: 'logout [N]',
  description: 'Exit a login shell with status N (as exit). In a shell that is not a login shell it refuses, with status 1.',
  special: true,
  examples: [{ command: 'logout 2>/dev/null; echo "status $?"', description: 'not a login shell', output: 'status 1\n' }],
  run(ctx) {
    if (ctx.shell.loginShell) return exitBuiltin.run(ctx);
    const w = writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}logout: not login shell: use \`exit'\n`);
    return w ? w.then(() => 1) : 1;
  },
};
