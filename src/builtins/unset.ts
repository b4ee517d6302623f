// unset: variables (with bash's dynamic-scope rules), array elements, functions, namerefs.
import { A, VarError } from '../lib/vars.js';
import { type Builtin, writeNow } from './types.js';

/** The call-stack arrays bash will not let go (its nounset attribute). */
const NOT_UNSETTABLE = new Set(['BASH_ARGC', 'BASH_ARGV', 'BASH_LINENO', 'BASH_SOURCE']);

export const unsetBuiltin: Builtin = {
  name: 'unset',
  synopsis: 'unset [-f] [-v] [-n] [NAME...]',
  description:
    "Remove variables (default, or -v), array elements ('a[i]', 'm[key]'; 'a[@]' empties the array) or functions (-f). Without -v/-f a name that is not a variable is tried as a function. -n unsets a nameref itself rather than what it refers to. A local of a calling function is unset there, showing the variable below it.",
  special: true,
  flags: [
    { flag: '-v', description: 'variables only' },
    { flag: '-f', description: 'functions only' },
    { flag: '-n', description: 'the nameref itself' },
  ],
  examples: [
    { command: 'X=1; unset X; echo "[${X-unset}]"', description: 'remove a variable', output: '[unset]\n' },
    { command: "a=(1 2 3); unset 'a[-1]'; echo ${a[@]}", description: 'remove the last element', output: '1 2\n' },
  ],
  async run(ctx) {
    let mode: 'any' | 'v' | 'f' = 'any';
    let ref = false;
    let args = ctx.args;
    const prefix = ctx.errorPrefix ?? '';
    const seen = new Set<string>();
    while (args.length && /^-[vfn]+$/.test(args[0]!)) {
      for (const c of args[0]!.slice(1)) {
        seen.add(c);
        if (c === 'n') ref = true;
        else mode = c as 'v' | 'f';
      }
      args = args.slice(1);
    }
    if (seen.has('f') && seen.has('v')) {
      await writeNow(ctx.stderr, `${prefix}unset: cannot simultaneously unset a function and a variable\n`);
      return 1;
    }
    if (args[0] === '--') args = args.slice(1);
    else if (args[0]?.startsWith('-') && args[0].length > 1) {
      // bash names the first bad letter (`-fz` is `-z`).
      const bad = [...args[0].slice(1)].find((c) => !'vfn'.includes(c)) ?? args[0].slice(1, 2);
      await writeNow(ctx.stderr, `${prefix}unset: -${bad}: invalid option\n`);
      return 2;
    }
    const sh = ctx.shell;
    let status = 0;
    let errors = '';
    for (const name of args) {
      try {
        if (mode === 'f') {
          sh.unsetFunction(name);
          continue;
        }
        // unset -n only ever unsets a nameref: anything else (an element too) is left alone.
        if (ref && !((sh.vars.raw(name)?.attrs ?? 0) & A.nameref)) continue;
        const element = /^([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]$/s.exec(name);
        if (element) {
          const [, base, sub] = element;
          // (On an associative array, bash 5.2 unsets the element whose key is `@` or `*`.)
          if ((sub === '@' || sub === '*') && !sh.vars.lookup(base!)?.assoc) {
            const v = sh.vars.lookup(base!);
            if (v?.arr) v.arr.clear();
            else sh.vars.unset(base!);
            continue;
          }
          await sh.unsetElement(base!, sub!);
          continue;
        }
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
          if (mode === 'v') {
            errors += `${prefix}unset: \`${name}': not a valid identifier\n`;
            status = 1;
          } else sh.unsetFunction(name);
          continue;
        }
        if (NOT_UNSETTABLE.has(name)) {
          errors += `${prefix}unset: ${name}: cannot unset\n`;
          status = 1;
          continue;
        }
        if (mode === 'any' && sh.vars.raw(name) === undefined && sh.functionSource(name) !== undefined) {
          sh.unsetFunction(name);
          continue;
        }
        sh.vars.unset(name, ref);
      } catch (e) {
        // An arithmetic error in a subscript is the shell's to report (it ends the command line).
        if ((e as { action?: string }).action !== undefined) {
          if (errors) await writeNow(ctx.stderr, errors);
          throw e;
        }
        if (e instanceof VarError || e instanceof Error) {
          // bash names only the subscript in this message.
          errors += `${prefix}unset: ${(e as Error).message.replace(/^[A-Za-z_][A-Za-z0-9_]*(\[.*\]: bad array subscript)$/s, '$1')}\n`;
          status = 1;
          continue;
        }
        throw e;
      }
    }
    if (errors) await writeNow(ctx.stderr, errors);
    return status;
  },
};
