// The generic `--help` (and quiet EPIPE) every builtin gets, around its run function (the registry wraps each
// builtin with this, so the shell needs no hook). Two conventions, as users know them:
//  - bash's own builtins (cd, read, printf ...) print their help when the FIRST argument is
//    `--help`, with status 2, as bash does; echo, true, false, test, [ and : never do
//    (`echo --help` prints "--help");
//  - aosh's builtins (spawn, ps, think ...) print it for -h/--help anywhere among their
//    flags (`ps -a --help`, `pipe ls --help`), with status 0; never for an operand
//    (`spawn sleep --help` passes it to sleep).
import { UsageError } from '../kernel/errors.js';
import { helpWanted } from './flags.js';
import { helpWidth, renderHelp } from './help-text.js';
import type { Builtin, BuiltinContext, OutputStream } from './types.js';

/** Builtins bash has: `--help` as bash treats it. */
const BASH = new Set(
  ('alias bg bind break builtin caller cd command compgen complete compopt continue declare dirs disown enable eval exec exit export fc fg ' +
    'getopts hash help history jobs kill let local logout mapfile popd printf pushd pwd read readarray readonly return set shift shopt source ' +
    'suspend times trap type typeset ulimit umask unalias unset wait .').split(' '),
);
/** bash's own builtins report errors as bash does ("NAME: line N: read: ..."); aosh's do not. */
export function isBashBuiltin(name: string): boolean {
  return BASH.has(name) || NEVER.has(name);
}

/** Builtins that take `--help` as an ordinary argument, as in bash. */
const NEVER = new Set(['echo', 'true', 'false', 'test', '[', ':']);

/**
 * Runs the builtin; a reader gone from its stdout (EPIPE, `conv ls | head -1`) ends it as
 * SIGPIPE ends a process: silently, whatever the builtin's own error handling would have
 * printed, and with status 141 (the EPIPE reaches invokeBuiltin, which ends the stage).
 */
async function runQuietOnEpipe(b: Builtin, ctx: BuiltinContext): Promise<number> {
  let broken: unknown = null;
  const out = ctx.stdout;
  const err = ctx.stderr;
  const stdout: OutputStream = {
    fd: out.fd,
    isTTY: out.isTTY,
    write: async (d) => {
      try {
        await out.write(d);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EPIPE') broken = e;
        throw e;
      }
    },
  };
  const stderr: OutputStream = { fd: err.fd, isTTY: err.isTTY, write: async (d) => (broken ? undefined : err.write(d)) };
  let status: number;
  try {
    // The context's own fields are getters on its class (lazy streams): keep them, swap two.
    status = await b.run(Object.create(ctx, { stdout: { value: stdout }, stderr: { value: stderr } }) as BuiltinContext);
  } catch (e) {
    if (broken) throw broken;
    // parseFlags' errors: one line naming the builtin, status 2.
    if (!(e instanceof UsageError)) throw e;
    await err.write(`${b.name}: ${e.message}\n`);
    return e.exitStatus;
  }
  if (broken) throw broken;
  return status;
}

export function withHelp(b: Builtin): Builtin {
  if (NEVER.has(b.name)) return b;
  const bash = BASH.has(b.name);
  // bash's builtins run as they are, synchronously when they can (the interpreter's fast
  // path: `read`, `printf`, `local` in a loop must not cost a promise each); their EPIPE
  // ends the stage in invokeBuiltin like any builtin's.
  const run = bash ? (ctx: BuiltinContext) => b.run(ctx) : (ctx: BuiltinContext) => runQuietOnEpipe(b, ctx);
  return {
    ...b,
    run: (ctx) => {
      const want = bash ? (ctx.args[0] === '--help' ? {} : null) : helpWanted(b, ctx.args);
      if (!want) return run(ctx);
      return ctx.stdout.write(renderHelp(want.sub ?? b, helpWidth(ctx.stdout.isTTY), want.sub ? b.name : undefined)).then(() => (bash ? 2 : 0));
    },
  };
}
