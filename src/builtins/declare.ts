// declare / typeset: variables and their attributes (see declare-core.ts).
import { runDeclare } from './declare-core.js';
import type { Builtin } from './types.js';

const description =
  'Declare variables and give them attributes: -a indexed array, -A associative array, -i integer (assignments are evaluated as arithmetic), -l/-u/-c lower/upper/capitalised, -n name reference, -r readonly, -t trace, -x export; +X removes an attribute. -g makes a global from inside a function (otherwise the names are local there). -p prints declarations in a reusable form, -f/-F functions. NAME=(...) assigns an array.';

const LETTERS = 'aAfFgiIlnprtuxc';

export const declareBuiltin: Builtin = {
  name: 'declare',
  synopsis: 'declare [-aAfFgiIlnrtux] [-p] [NAME[=VALUE]...]',
  description,
  special: true,
  flags: [
    { flag: '-a / -A', description: 'indexed / associative array' },
    { flag: '-i', description: 'integer: assignments are arithmetic' },
    { flag: '-p', description: 'print the declarations (bash format)' },
    { flag: '-g', description: 'global, even inside a function' },
  ],
  examples: [
    { command: 'declare -i n=2+3; echo $n', description: 'an integer attribute evaluates the value', output: '5\n' },
    { command: 'f() { declare x=in; }; x=out; f; echo $x', description: 'local inside a function', output: 'out\n' },
    { command: 'declare -A m=([b]=2 [a]=1); declare -p m', description: 'an associative array, printed as bash prints it', output: 'declare -A m=([b]="2" [a]="1" )\n' },
  ],
  run: (ctx) => runDeclare(ctx, { kind: 'declare', letters: LETTERS }),
};

export const typesetBuiltin: Builtin = {
  name: 'typeset',
  synopsis: 'typeset [-aAfFgiIlnrtux] [-p] [NAME[=VALUE]...]',
  description: 'Same as declare.',
  special: true,
  examples: [{ command: 'typeset -u up=shout; echo $up', description: 'upper-case attribute', output: 'SHOUT\n' }],
  run: (ctx) => runDeclare(ctx, { kind: 'declare', letters: LETTERS }),
};
