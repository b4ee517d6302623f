import { fail, writeNow, type Builtin } from './types.js';
import { VarError } from '../lib/vars.js';

// Where getopts is inside a group of options (-abc) is kept out of sight with OPTIND's
// binding (getoptsPos), which any assignment to OPTIND clears: OPTIND=1 starts over.

const USAGE = 'getopts: usage: getopts optstring name [arg ...]\n';

export const getoptsBuiltin: Builtin = {
  name: 'getopts',
  synopsis: 'getopts OPTSTRING NAME [ARGS...]',
  description:
    'Parse options from the positional parameters (or ARGS), one per call: sets NAME to the option letter, OPTARG to its argument (letters followed by ":" in OPTSTRING take one), and advances OPTIND. Status 1 when the options are done. An unknown option sets NAME to "?" (with a leading ":" in OPTSTRING, silently, and OPTARG to the letter).',
  special: true,
  examples: [
    {
      command: 'set -- -v -f out.txt rest; while getopts vf: o; do echo "$o ${OPTARG-}"; done; shift $((OPTIND-1)); echo "$@"',
      description: 'a typical option loop',
      output: 'v \nf out.txt\nrest\n',
    },
  ],
  async run(ctx) {
    let argv = ctx.args;
    if (argv[0] === '--') argv = argv.slice(1);
    else if (argv[0] !== undefined && argv[0].length > 1 && argv[0].startsWith('-')) {
      await writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}getopts: ${argv[0].slice(0, 2)}: invalid option\n`);
      return 2;
    }
    const [optstring, name, ...given] = argv;
    // The usage line alone has no shell prefix (bash).
    if (optstring === undefined || name === undefined) return writeNow(ctx.stderr, USAGE)?.then(() => 2) ?? 2;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return fail(ctx, `\`${name}': not a valid identifier`, 1);
    // NAME readonly: bash says so and returns 2, OPTIND still moving on.
    let nameFailed = false;
    const setName = (v: string): void => {
      try {
        ctx.shell.setVar(name, v);
      } catch (e) {
        if (!(e instanceof VarError)) throw e;
        nameFailed = true;
        void writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}${e.message}\n`);
      }
    };
    const status = (n: number): number => (nameFailed ? 2 : n);
    // A readonly OPTARG or OPTIND is reported (set) or passed over (unset); getopts goes on.
    const setSpecial = (n: string, v: string | undefined): void => {
      try {
        if (v === undefined) ctx.shell.unsetVar(n);
        else ctx.shell.setVar(n, v);
      } catch (e) {
        if (!(e instanceof VarError)) throw e;
        if (v !== undefined) void writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}${e.message}\n`);
      }
    };
    // Messages name the shell ($0), as bash's do; OPTERR=0 silences them.
    const complain = (msg: string): Promise<void> | void =>
      ctx.shell.getVar('OPTERR') === '0' ? undefined : ctx.stderr.write(`${ctx.shell.scriptName}: ${msg}\n`);
    const args = given.length ? given : ctx.shell.positional;
    const silent = optstring.startsWith(':');
    const spec = silent ? optstring.slice(1) : optstring;
    let optind = Number(ctx.shell.getVar('OPTIND') ?? '1');
    if (!Number.isInteger(optind) || optind < 1) optind = 1;
    const state = { optind, pos: ctx.shell.vars.lookup('OPTIND')?.getoptsPos ?? 1 };
    const done = (): number => {
      setName('?');
      setSpecial('OPTARG', undefined);
      return 1; // (the end of the options is 1 even then)
    };
    const arg = args[optind - 1];
    // OPTIND past the end: bash pulls it back to one past the last argument.
    if (optind > args.length + 1) setIndex(args.length + 1, 1);
    if (arg === undefined || arg === '-' || !arg.startsWith('-') || arg.length < 2) return done();
    if (arg === '--') {
      setIndex(optind + 1, 1);
      return done();
    }
    const letter = arg[state.pos]!;
    let nextInd = optind;
    let nextPos = state.pos + 1;
    if (nextPos >= arg.length) {
      nextInd++;
      nextPos = 1;
    }
    const at = spec.indexOf(letter);
    if (at < 0 || letter === ':') {
      setName('?');
      if (silent) setSpecial('OPTARG', letter);
      else {
        setSpecial('OPTARG', undefined);
        await complain(`illegal option -- ${letter}`);
      }
      setIndex(nextInd, nextPos);
      return status(0);
    }
    if (spec[at + 1] === ':') {
      let value: string | undefined;
      if (state.pos + 1 < arg.length) {
        value = arg.slice(state.pos + 1);
        nextInd = optind + 1;
      } else {
        value = args[optind];
        nextInd = optind + 2;
      }
      nextPos = 1;
      if (value === undefined) {
        setIndex(optind + 1, 1);
        if (silent) {
          setName(':');
          setSpecial('OPTARG', letter);
        } else {
          setName('?');
          setSpecial('OPTARG', undefined);
          await complain(`option requires an argument -- ${letter}`);
        }
        return status(0);
      }
      setSpecial('OPTARG', value);
    } else setSpecial('OPTARG', undefined);
    setName(letter);
    setIndex(nextInd, nextPos);
    return status(0);

    function setIndex(ind: number, pos: number): void {
      setSpecial('OPTIND', String(ind));
      const cell = ctx.shell.vars.lookup('OPTIND');
      if (cell) cell.getoptsPos = pos;
    }
  },
};
