import { type Builtin, writeNow } from './types.js';

export const execBuiltin: Builtin = {
  name: 'exec',
  synopsis: 'exec [-cl] [-a NAME] [COMMAND [ARGS...]]',
  description:
    'Without a command, make the redirections permanent for the rest of the shell (exec >log 2>&1). With a command, run it and exit with its status (aosh keeps its kernel, so it cannot replace itself). -a NAME passes NAME as its argv[0], -l puts a dash before it (a login shell), -c runs it with an empty environment.',
  special: true,
  examples: [{ command: '(exec echo replaced; echo never)', description: 'the rest of the shell does not run', output: 'replaced\n' }],
  async run(ctx) {
    const prefix = ctx.errorPrefix ?? '';
    let args = ctx.args;
    let argv0: string | undefined;
    let login = false;
    let clearEnv = false;
    // bash's options, in any order before the command: -a NAME, -c, -l.
    while (args.length && args[0]!.startsWith('-') && args[0] !== '-') {
      const a = args[0]!;
      args = args.slice(1);
      if (a === '--') break;
      for (let i = 1; i < a.length; i++) {
        const f = a[i]!;
        if (f === 'c') clearEnv = true;
        else if (f === 'l') login = true;
        else if (f === 'a') {
          const rest = a.slice(i + 1);
          if (rest === '' && args.length === 0) {
            await writeNow(ctx.stderr, `${prefix}exec: -a: option requires an argument\n`);
            return 2;
          }
          argv0 = rest || args.shift()!;
          break;
        } else {
          await writeNow(ctx.stderr, `${prefix}exec: -${f}: invalid option\n`);
          return 2;
        }
      }
    }
    if (args.length === 0) return 0; // the executor applies exec's redirections to the shell itself
    const sh = ctx.shell;
    // exec runs programs only: a builtin with no file of its name (`exec cd`, `exec :`) is
    // not found, as in bash.
    const kind = sh.lookup(args[0]!)?.kind;
    const runnable = kind === 'file' || sh.pathLookup(args[0]!, false).length > 0;
    if (!runnable) {
      // The interactive shell survives a command that cannot run (not found, not executable),
      // as bash's does: one line and status 127/126, not the end of the session.
      if (sh.interactive && !sh.inSubshell) return sh.runCommand(args, { skipFunctions: true, skipBuiltins: true });
      if (!args[0]!.includes('/')) {
        await writeNow(ctx.stderr, `${prefix}exec: ${args[0]}: not found\n`);
        // shopt -s execfail: a script goes on after an exec that failed.
        return sh.shopt.execfail ? 127 : sh.exit(127);
      }
      // A path that is no executable file: the attempt reports why (126 or 127), naming it
      // from the root as bash's exec does (`./f` is $PWD/f).
      const name = args[0]!;
      const full = name.startsWith('/') ? name : `${sh.cwd === '/' ? '' : sh.cwd}/${name.startsWith('./') ? name.slice(2) : name}`;
      const failed = await sh.runCommand([full, ...args.slice(1)], { skipFunctions: true, skipBuiltins: true });
      return sh.shopt.execfail ? failed : sh.exit(failed);
    } else {
      // The shell is replaced, so its EXIT trap never runs (it does when exec fails).
      sh.traps.delete('EXIT');
    }
    if (login) argv0 = '-' + (argv0 ?? args[0]!);
    // The program takes the shell's place, so its SHLVL is one less (bash).
    const level = sh.getVar('SHLVL');
    if (level !== undefined && /^\d+$/.test(level)) {
      try {
        sh.setVar('SHLVL', String(Math.max(0, Number(level) - 1)));
      } catch {
        // (a readonly SHLVL stays as it is)
      }
    }
    const status = await sh.runCommand(args, { skipFunctions: true, skipBuiltins: true, argv0, clearEnv });
    return sh.exit(status);
  },
};
