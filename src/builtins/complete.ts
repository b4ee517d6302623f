// complete and compopt: programmable completion specs per command name (bash 5.2). The specs
// live in the shell's state (a subshell gets a copy); Tab in the REPL uses them, compgen
// generates from them. `complete -p` prints them in bash's reusable form.
import { COMP_OPTIONS, DEFAULT_CMD, EMPTY_CMD, INITIAL_WORD, copySpec } from '../lib/compspec.js';
import { COMPLETE_USAGE, CompError, parseComp, printOptions, printSpec } from './complete-core.js';
import { type Builtin, type BuiltinContext, writeNow } from './types.js';

function finish(ctx: BuiltinContext, out: string, errors: string, status: number): number | Promise<number> {
  const o = out ? writeNow(ctx.stdout, out) : undefined;
  const e = errors ? writeNow(ctx.stderr, errors) : undefined;
  if (o || e) return Promise.all([o, e]).then(() => status);
  return status;
}

export const completeBuiltin: Builtin = {
  name: 'complete',
  synopsis: COMPLETE_USAGE,
  description:
    'Say how arguments of each NAME are completed: actions (-A, or -a -b -c -d -e -f -g -j -k -s -u -v), a word list (-W), a glob (-G), a shell function (-F, called with the command, the word and the previous word, COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT set, answering in COMPREPLY) or a command (-C); -X filters, -P/-S add a prefix/suffix, -o sets options. -D, -E and -I name the default, empty-line and first-word specs. With -p or no arguments print specs reusably; -r removes them.',
  special: true,
  flags: [
    { flag: '-p', description: 'print the specs (of NAMEs, or all) as complete commands' },
    { flag: '-r', description: 'remove the specs of NAMEs (all without NAME)' },
    { flag: '-D', description: 'the default spec, for commands without one' },
    { flag: '-E', description: 'the spec for an empty line' },
    { flag: '-I', description: 'the spec for the first word of a command' },
    { flag: '-o OPTION', description: 'bashdefault, default, dirnames, filenames, noquote, nosort, nospace or plusdirs' },
    { flag: '-A ACTION', description: 'alias, arrayvar, binding, builtin, command, directory, disabled, enabled, export, file, function, group, helptopic, hostname, job, keyword, running, service, setopt, shopt, signal, stopped, user, variable' },
    { flag: '-a -b -c -d -e -f -g -j -k -s -u -v', description: 'shortcuts for -A alias, builtin, command, directory, export, file, group, job, keyword, service, user, variable' },
    { flag: '-G GLOBPAT', description: 'file names matching the pattern' },
    { flag: '-W WORDLIST', description: 'words split at IFS and expanded, those starting with the word' },
    { flag: '-F FUNCTION', description: 'a shell function that fills COMPREPLY' },
    { flag: '-C COMMAND', description: 'a command whose output lines are the completions' },
    { flag: '-X FILTERPAT', description: 'remove the completions matching the pattern (& is the word; a leading ! keeps them instead)' },
    { flag: '-P PREFIX', description: 'put PREFIX before each completion' },
    { flag: '-S SUFFIX', description: 'put SUFFIX after each completion' },
  ],
  examples: [
    { command: "complete -o nospace -W 'start stop' svc; complete -p svc", description: 'a word list, printed back', output: "complete -o nospace -W 'start stop' svc\n" },
    { command: '_git() { COMPREPLY=(); }; complete -F _git git; complete -r git; complete -p git 2>/dev/null || echo removed', description: 'a function spec, removed', output: 'removed\n' },
  ],
  run(ctx) {
    const table = ctx.shell.completions;
    const prefix = ctx.errorPrefix ?? '';
    if (ctx.args.length === 0) return finish(ctx, table.names().map((n) => printSpec(n, table.get(n)!)).join(''), '', 0);
    let p;
    try {
      p = parseComp(ctx.args, 'complete');
    } catch (e) {
      if (!(e instanceof CompError)) throw e;
      return finish(ctx, '', `${prefix}complete: ${e.message}\n${e.usage ? `complete: usage: ${COMPLETE_USAGE}\n` : ''}`, 2);
    }
    const names = p.special ? [p.special] : p.rest;
    let out = '';
    let errors = '';
    let status = 0;
    const missing = (n: string): void => {
      errors += `${prefix}complete: ${n}: no completion specification\n`;
      status = 1;
    };
    if (p.p || (names.length === 0 && !p.given)) {
      if (names.length === 0) return finish(ctx, table.names().map((n) => printSpec(n, table.get(n)!)).join(''), '', 0);
      for (const n of names) {
        const s = table.get(n);
        if (s) out += printSpec(n, s);
        else missing(n);
      }
      return finish(ctx, out, errors, status);
    }
    if (p.r) {
      if (names.length === 0) table.clear();
      for (const n of names) if (!table.delete(n) && table.created) missing(n);
      return finish(ctx, out, errors, status);
    }
    if (names.length === 0) return finish(ctx, '', `complete: usage: ${COMPLETE_USAGE}\n`, 2);
    for (const n of names) table.set(n, copySpec(p.spec));
    return 0;
  },
};

export const compoptBuiltin: Builtin = {
  name: 'compopt',
  synopsis: 'compopt [-o|+o option] [-DEI] [name ...]',
  description:
    "Change the -o options of the specs of NAMEs (-o sets, +o clears), or of the completion running now when no NAME is given (inside a completion function). Without -o/+o, print the options as a compopt command. -D, -E and -I name the default, empty-line and first-word specs.",
  special: true,
  flags: [
    { flag: '-o OPTION', description: 'turn the option on' },
    { flag: '+o OPTION', description: 'turn the option off' },
    { flag: '-D', description: 'the default spec' },
    { flag: '-E', description: 'the empty-line spec' },
    { flag: '-I', description: 'the first-word spec' },
  ],
  examples: [
    { command: "complete -W 'a b' x; compopt -o nospace x; complete -p x", description: 'turn an option on', output: "complete -o nospace -W 'a b' x\n" },
  ],
  run(ctx) {
    const sh = ctx.shell;
    const prefix = ctx.errorPrefix ?? '';
    const usage = 'compopt: usage: compopt [-o|+o option] [-DEI] [name ...]\n';
    const on = new Set<string>();
    const off = new Set<string>();
    let D = false;
    let E = false;
    let I = false;
    let i = 0;
    const args = ctx.args;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--') {
        i++;
        break;
      }
      if (!/^[-+]./.test(a)) break;
      for (let k = 1; k < a.length; k++) {
        const c = a[k]!;
        if (c === 'o') {
          let v = a.slice(k + 1);
          if (!v) {
            if (i + 1 >= args.length) return finish(ctx, '', `${prefix}compopt: ${a[0]}o: option requires an argument\n${usage}`, 2);
            v = args[++i]!;
          }
          if (!(COMP_OPTIONS as readonly string[]).includes(v)) return finish(ctx, '', `${prefix}compopt: ${v}: invalid option name\n`, 2);
          if (a[0] === '-') {
            on.add(v);
            off.delete(v);
          } else {
            off.add(v);
            on.delete(v);
          }
          break;
        }
        if (a[0] === '-' && c === 'D') D = true;
        else if (a[0] === '-' && c === 'E') E = true;
        else if (a[0] === '-' && c === 'I') I = true;
        else return finish(ctx, '', `${prefix}compopt: ${a[0]}${c}: invalid option\n${usage}`, 2);
      }
    }
    const special = D ? DEFAULT_CMD : E ? EMPTY_CMD : I ? INITIAL_WORD : null;
    const names = special ? [special] : args.slice(i);
    const apply = (opts: Set<string>): void => {
      for (const o of on) opts.add(o);
      for (const o of off) opts.delete(o);
    };
    if (names.length === 0) {
      const cur = sh.completionState;
      if (!cur) return finish(ctx, '', `${prefix}compopt: not currently executing completion function\n`, 1);
      if (on.size === 0 && off.size === 0) {
        return finish(ctx, printOptions(cur.command, { actions: new Set(), options: cur.options }), '', 0);
      }
      apply(cur.options);
      return 0;
    }
    let out = '';
    let errors = '';
    let status = 0;
    for (const n of names) {
      const s = sh.completions.get(n);
      if (!s) {
        errors += `${prefix}compopt: ${n}: no completion specification\n`;
        status = 1;
        continue;
      }
      if (on.size === 0 && off.size === 0) out += printOptions(n, s);
      else apply(s.options);
    }
    return finish(ctx, out, errors, status);
  },
};
