// test / [: conditional expressions by POSIX's argument-count rules, then -a/-o/!/( ).
import type { Builtin, BuiltinContext } from './types.js';
import { evalTestArgs, TestSyntaxError } from '../lib/test-expr.js';
import { writeNow } from './types.js';

function run(ctx: BuiltinContext): number | Promise<number> {
  let args = ctx.args;
  const error = (msg: string): number | Promise<number> => {
    const w = writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}${ctx.name}: ${msg}\n`);
    return w ? w.then(() => 2) : 2;
  };
  if (ctx.name === '[') {
    if (args[args.length - 1] !== ']') return error("missing `]'");
    args = args.slice(0, -1);
  }
  try {
    return evalTestArgs(args, {
      cwd: ctx.shell.cwd,
      isSet: (n) => ctx.shell.isSet(n),
      optionOn: (n) => ctx.shell.getOption(n) === true,
      isNameref: (n) => ((ctx.shell.vars.raw(n)?.attrs ?? 0) & 64) !== 0,
      fs: ctx.kernel.fs,
      shellFd: (n) => {
        const r = ctx.shell.resolvePath(`/dev/fd/${n}`);
        return 'fd' in r ? r.fd : -1;
      },
    })
      ? 0
      : 1;
  } catch (e) {
    // (bash's `[` still sees its `]` when it looks past the last argument.)
    if (e instanceof TestSyntaxError) return error(ctx.name === '[' && e.message === "`)' expected" ? "`)' expected, found ]" : e.message);
    throw e;
  }
}

const description =
  'Evaluate a conditional expression: status 0 when true, 1 when false, 2 on a usage error. Files (-e -f -d -r -w -x -s -L -p -S -b -c -nt -ot -ef ...), strings (-z -n = == != < >), integers (-eq -ne -lt -le -gt -ge), variables (-v NAME, -v NAME[i]), options (-o NAME), and ! -a -o ( ).';

export const testBuiltin: Builtin = {
  name: 'test',
  synopsis: 'test EXPR',
  description,
  examples: [
    { command: 'test 3 -gt 2 && echo bigger', description: 'compare integers', output: 'bigger\n' },
    { command: "a=(x y); test -v 'a[1]' && echo set", description: 'an array element is set', output: 'set\n' },
  ],
  run,
};

export const bracketBuiltin: Builtin = {
  name: '[',
  synopsis: '[ EXPR ]',
  description,
  examples: [{ command: '[ -d / ] && echo dir', description: 'file test', output: 'dir\n' }],
  run,
};
