// type: how each name would be interpreted: alias, keyword, function, builtin, file.
import { type Builtin, hashedShown, writeNow } from './types.js';

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', '{', '}', '!', '[[', ']]', 'coproc']);

export const typeBuiltin: Builtin = {
  name: 'type',
  synopsis: 'type [-afptP] NAME...',
  description:
    'Tell how each NAME would be interpreted: alias, keyword, function (with its definition), builtin or file. -t prints one word (alias, keyword, function, builtin, file); -p the path of a file (-P searches PATH even for builtins); -a every match; -f skips functions. Status 1 when a NAME is not found.',
  flags: [
    { flag: '-t', description: 'print one word: alias, keyword, function, builtin or file' },
    { flag: '-p / -P', description: 'print the path when NAME is a file (-P: search PATH anyway)' },
    { flag: '-a', description: 'every alias, keyword, function, builtin and file NAME can be' },
    { flag: '-f', description: 'do not look up functions' },
  ],
  examples: [
    { command: 'type echo', description: 'a builtin', output: 'echo is a shell builtin\n' },
    { command: 'type -t if', description: 'the kind only', output: 'keyword\n' },
  ],
  run(ctx) {
    const sh = ctx.shell;
    const prefix = ctx.errorPrefix ?? '';
    const f = new Set<string>();
    let i = 0;
    for (; i < ctx.args.length; i++) {
      const a = ctx.args[i]!;
      if (a === '--') {
        i++;
        break;
      }
      if (!a.startsWith('-') || a.length < 2) break;
      for (const c of a.slice(1)) {
        if (!'afptP'.includes(c)) {
          const w = writeNow(ctx.stderr, `${prefix}type: -${c}: invalid option\n`);
          return w ? w.then(() => 2) : 2;
        }
        // -t, -p and -P override each other: the last one given counts (bash).
        const overridden = c === 't' ? 'pP' : c === 'p' ? 'tP' : c === 'P' ? 't' : '';
        for (const o of overridden) f.delete(o);
        f.add(c);
      }
    }
    const names = ctx.args.slice(i);
    // In the order of the NAMEs, errors included, as bash prints them.
    const parts: Array<[typeof ctx.stdout, string]> = [];
    let status = 0;
    for (const name of names) {
      const found: string[] = [];
      // (A match counts even when -p prints nothing for it: `type -ap cd` is status 0.)
      let matched = false;
      const say = (kind: string, long: string): boolean => {
        matched = true;
        if (f.has('t')) found.push(kind);
        else if (!f.has('p') && !f.has('P')) found.push(long);
        return !f.has('a');
      };
      let done = false;
      if (!f.has('P')) {
        const alias = sh.aliases.get(name);
        if (alias !== undefined && sh.shopt.expand_aliases !== false && (done = say('alias', `${name} is aliased to \`${alias}'`))) {
          // first match wins without -a
        }
        if (!done && KEYWORDS.has(name)) done = say('keyword', `${name} is a shell keyword`);
        const fn = !f.has('f') ? sh.functionSource(name) : undefined;
        if (!done && fn !== undefined) done = say('function', `${name} is a function\n${fn}`);
        // (Not sh.lookup: an alias or function of the same name would hide the builtin.)
        if (!done && sh.hasBuiltin(name)) done = say('builtin', `${name} is a shell builtin`);
      }
      if (!done || f.has('a')) {
        // A look in the hash table is a hit there (bash counts them; -a does not look, but -aP does
        // and stops at the remembered path).
        const hashed = !f.has('a') || f.has('P') ? sh.hashed.get(name) : undefined;
        if (hashed) hashed.hits++;
        const paths = hashed ? [hashedShown(hashed.path)] : sh.pathLookup(name, f.has('a'), !f.has('a'));
        for (const p of paths) {
          if (f.has('t')) found.push('file');
          else if (f.has('p') || f.has('P')) found.push(p);
          else found.push(hashed ? `${name} is hashed (${p})` : `${name} is ${p}`);
          if (!f.has('a')) break;
        }
        if (paths.length) done = true;
      }
      if (found.length) parts.push([ctx.stdout, found.join('\n') + '\n']);
      if (!done && !found.length && !matched) {
        if (!f.has('t') && !f.has('p') && !f.has('P')) parts.push([ctx.stderr, `${prefix}type: ${name}: not found\n`]);
        status = 1;
      }
    }
    const flush = (k: number): number | Promise<number> => {
      for (; k < parts.length; k++) {
        const w = writeNow(parts[k]![0], parts[k]![1]);
        if (w) return w.then(() => flush(k + 1));
      }
      return status;
    };
    return flush(0);
  },
};
