// compgen: the completions a spec (given as options, like complete's) yields for WORD, one a
// line. Status 1 when nothing matched. -F and -C run outside Tab (bash warns they may not
// work as expected: there is no command line, COMP_CWORD is -1).
import { COMPGEN_USAGE, CompError, compgenRequest, generate, parseComp } from './complete-core.js';
import type { Builtin } from './types.js';

export const compgenBuiltin: Builtin = {
  name: 'compgen',
  synopsis: COMPGEN_USAGE,
  description:
    "Print the completions of WORD that the options select (the options of `complete`): actions such as -A function, -v, -d, -f, a word list (-W, split at IFS and expanded), a glob (-G), a function (-F) or a command (-C), filtered by -X and decorated by -P/-S. Matches are printed one a line, each action in bash's order; status 1 when there are none. Files are listed as the session's world shows them.",
  special: true,
  flags: [
    { flag: '-A ACTION', description: 'alias, arrayvar, binding, builtin, command, directory, disabled, enabled, export, file, function, group, helptopic, hostname, job, keyword, running, service, setopt, shopt, signal, stopped, user, variable' },
    { flag: '-a -b -c -d -e -f -g -j -k -s -u -v', description: 'shortcuts for -A alias, builtin, command, directory, export, file, group, job, keyword, service, user, variable' },
    { flag: '-o OPTION', description: 'plusdirs (add directories), dirnames / default (directories / files when nothing matched); the others only matter for Tab' },
    { flag: '-G GLOBPAT', description: 'file names matching the pattern' },
    { flag: '-W WORDLIST', description: 'words split at IFS and expanded, those starting with WORD' },
    { flag: '-F FUNCTION', description: 'call FUNCTION and print its COMPREPLY' },
    { flag: '-C COMMAND', description: 'run COMMAND and print its output lines' },
    { flag: '-X FILTERPAT', description: 'remove the matches of the pattern (& is WORD; a leading ! keeps them instead)' },
    { flag: '-P PREFIX', description: 'put PREFIX before each completion' },
    { flag: '-S SUFFIX', description: 'put SUFFIX after each completion' },
  ],
  examples: [
    { command: "compgen -W 'start stop status restart' st", description: 'words starting with st', output: 'start\nstop\nstatus\n' },
    { command: 'my_one=1 my_two=2; compgen -v my_', description: 'variable names', output: 'my_one\nmy_two\n' },
    { command: "compgen -P '<' -S '>' -X '*b' -W 'a b ab'", description: 'filter, then decorate', output: '<a>\n' },
    { command: "compgen -W 'x y' z", description: 'nothing matches', status: 1 },
  ],
  async run(ctx) {
    const prefix = ctx.errorPrefix ?? '';
    let p;
    try {
      p = parseComp(ctx.args, 'compgen');
    } catch (e) {
      if (!(e instanceof CompError)) throw e;
      await ctx.stderr.write(`${prefix}compgen: ${e.message}\n${e.usage ? `compgen: usage: ${COMPGEN_USAGE}\n` : ''}`);
      return 2;
    }
    if (!p.given) return 0;
    const sh = ctx.shell;
    if (!sh.completionState) {
      if (p.spec.func !== undefined) await ctx.stderr.write(`${prefix}compgen: warning: -F option may not work as you expect\n`);
      if (p.spec.command !== undefined) await ctx.stderr.write(`${prefix}compgen: warning: -C option may not work as you expect\n`);
    }
    const word = p.rest[0] ?? '';
    const env = { shell: sh, fs: ctx.kernel.fs, warn: (t: string) => ctx.stderr.write(t), errorPrefix: prefix };
    const list = await generate(env, p.spec, compgenRequest(word));
    if (list.length === 0) return 1;
    await ctx.stdout.write(list.map((x) => `${x}\n`).join(''));
    return 0;
  },
};
