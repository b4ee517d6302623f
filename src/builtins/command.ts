// command: run a command skipping functions (and with -p, a default PATH), or tell how a
// name resolves (-v in a form the shell can use, -V in words).
import { type Builtin, type BuiltinContext, hashedShown, writeNow } from './types.js';
import { isFile } from '../kernel/fs-view.js';

/** `command -p`: the default PATH that finds the standard utilities (confstr _CS_PATH). */
const STANDARD_PATH = ['/bin', '/usr/bin'];

function standardLookup(ctx: BuiltinContext, name: string): string | undefined {
  if (name.includes('/')) return undefined;
  for (const dir of STANDARD_PATH) {
    const p = `${dir}/${name}`;
    const st = ctx.kernel.fs.stat(p);
    if (st && isFile(st) && ctx.kernel.fs.access(p, 1)) return p;
  }
  return undefined;
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', '{', '}', '!', '[[', ']]', 'coproc']);

export const commandBuiltin: Builtin = {
  name: 'command',
  synopsis: 'command [-pVv] NAME [ARGS...]',
  description:
    'Run NAME skipping shell functions (-p: with a default PATH). With -v print how NAME would be found (the path of a file, else the name; an alias as its definition), with -V describe it as type does; the status is 0 when any NAME was found (bash 5.2), else 1.',
  flags: [
    { flag: '-v', description: 'print the path or name that NAME resolves to' },
    { flag: '-V', description: 'describe NAME verbosely (like type)' },
    { flag: '-p', description: 'search a default PATH' },
  ],
  examples: [
    { command: 'command -v cd', description: 'a builtin', output: 'cd\n' },
    { command: 'command -v no_such_cmd_x || echo missing', description: 'not found', output: 'missing\n' },
    { command: 'ls() { echo function; }; command ls -d /', description: 'skip a function', output: '/\n' },
  ],
  async run(ctx) {
    let args = ctx.args;
    let mode: '' | 'v' | 'V' = '';
    let standard = false;
    const prefix = ctx.errorPrefix ?? '';
    while (args[0]?.startsWith('-') && args[0] !== '--' && args[0].length > 1) {
      for (const f of args[0].slice(1)) {
        if (f === 'v') mode = 'v'; // (-v and -V: the last one given counts)
        else if (f === 'V') mode = 'V';
        else if (f === 'p') standard = true;
        else {
          await writeNow(ctx.stderr, `${prefix}command: -${f}: invalid option\n`);
          return 2;
        }
      }
      args = args.slice(1);
    }
    if (args[0] === '--') args = args.slice(1);
    if (args.length === 0) return 0;
    const sh = ctx.shell;
    if (mode) {
      let missing = 0;
      let out = '';
      for (const name of args) {
        // Aliases count only while they expand (not in a script unless expand_aliases; bash).
        const alias = sh.shopt.expand_aliases !== false ? sh.aliases.get(name) : undefined;
        if (alias !== undefined) {
          out += mode === 'v' ? `alias ${name}='${alias.replace(/'/g, "'\\''")}'\n` : `${name} is aliased to \`${alias}'\n`;
          continue;
        }
        if (KEYWORDS.has(name)) {
          out += mode === 'v' ? `${name}\n` : `${name} is a shell keyword\n`;
          continue;
        }
        const fn = sh.functionSource(name);
        if (fn !== undefined) {
          out += mode === 'v' ? `${name}\n` : `${name} is a function\n${fn}\n`;
          continue;
        }
        const r = sh.lookup(name);
        if (r?.kind === 'builtin') {
          out += mode === 'v' ? `${name}\n` : `${name} is a shell builtin\n`;
          continue;
        }
        const hashed = standard ? undefined : sh.hashed.get(name);
        if (hashed) hashed.hits++;
        const path = standard && !name.includes('/') ? standardLookup(ctx, name) : (hashed ? hashedShown(hashed.path) : sh.pathLookup(name, false, true)[0]);
        if (path !== undefined) {
          // -V names a program found under a relative PATH entry from the root (bash).
          const full = mode === 'V' && !hashed && !name.includes('/') && !path.startsWith('/') ? `${sh.cwd === '/' ? '' : sh.cwd}/${path.replace(/^\.\//, '')}` : path;
          out += mode === 'v' ? `${path}\n` : hashed ? `${name} is hashed (${path})\n` : `${name} is ${full}\n`;
          continue;
        }
        if (out) {
          await writeNow(ctx.stdout, out);
          out = '';
        }
        if (mode === 'V') await writeNow(ctx.stderr, `${prefix}command: ${name}: not found\n`);
        missing++;
      }
      if (out) await writeNow(ctx.stdout, out);
      return missing < args.length ? 0 : 1;
    }
    if (standard && sh.lookup(args[0]!)?.kind !== 'builtin') {
      const path = standardLookup(ctx, args[0]!);
      if (path !== undefined) {
        // bash remembers the program found in the standard path (a later plain `ls` runs it).
        if (sh.options().hashall && !args[0]!.includes('/')) sh.hashed.set(args[0]!, { path, hits: 1 });
        return sh.runCommand([path, ...args.slice(1)], { skipFunctions: true, skipBuiltins: true, argv0: args[0] });
      }
    }
    return sh.runCommand(args, { skipFunctions: true, notFoundHook: true });
  },
};

export function describe(name: string, r: { kind: string; path?: string }): string {
  switch (r.kind) {
    case 'keyword': return `${name} is a shell keyword`;
    case 'function': return `${name} is a function`;
    case 'builtin': return `${name} is a shell builtin`;
    case 'alias': return `${name} is an alias`;
    default: return `${name} is ${r.path}`;
  }
}
