import { constants } from 'node:fs';
import { isDir } from '../kernel/fs-view.js';
import { dirname, resolve } from 'node:path';
import { fail, type Builtin } from './types.js';
import { VarError } from '../lib/vars.js';

export const cdBuiltin: Builtin = {
  name: 'cd',
  synopsis: 'cd [-L|-P] [DIR | -]',
  description: 'Change the working directory of the shell (default $HOME; "-" goes back to $OLDPWD and prints it). Sets PWD and OLDPWD. -P resolves symbolic links (as set -P does for every cd); -L, the default, takes `..` lexically.',
  special: true,
  examples: [{ command: 'cd /tmp && pwd', description: 'change directory', output: '/tmp\n' }],
  async run(ctx) {
    let args = ctx.args;
    // -P (or set -P): symbolic links are resolved; -L (the default): `..` is taken lexically.
    let physical = ctx.shell.options().physical === true;
    // Combined as bash takes them (-LP, -Pe): the last of -L/-P wins; -e changes nothing here
    // (it is about a current directory that cannot be determined).
    while (args[0] !== undefined && /^-[LPe]+$/.test(args[0])) {
      for (const c of args[0].slice(1)) if (c !== 'e') physical = c === 'P';
      args = args.slice(1);
    }
    if (args[0] === '--') args = args.slice(1);
    else if (args[0] !== undefined && args[0] !== '-' && args[0].startsWith('-')) return fail(ctx, `-${/[^LPe]/.exec(args[0].slice(1))![0]}: invalid option`, 2);
    if (args.length > 1) return fail(ctx, 'too many arguments');
    let target = args[0];
    let print = false;
    if (target === undefined) {
      const home = ctx.shell.getVar('HOME');
      if (home === undefined) return fail(ctx, 'HOME not set');
      target = home;
    } else if (target === '-') {
      const old = ctx.shell.getVar('OLDPWD');
      if (old === undefined) return fail(ctx, 'OLDPWD not set');
      target = old;
      print = true;
    }
    // An empty name (`cd ""`, an empty HOME or OLDPWD) stays where it is, but bash still
    // sets OLDPWD and PWD as after any cd (and `cd -` prints the empty name).
    if (target === '') {
      const status = setPwdVars(ctx, ctx.shell.cwd, ctx.shell.cwd);
      if (print) await ctx.stdout.write('\n');
      return status;
    }
    let dir = lexical(ctx.shell.cwd, target);
    /** What a printing cd prints, when not the new directory. */
    let cdable: string | undefined;
    // CDPATH for relative names that do not start with ./ or ../
    const cdpath = ctx.shell.getVar('CDPATH');
    if (cdpath && !target.startsWith('/') && !target.startsWith('.')) {
      for (const base of cdpath.split(':')) {
        const candidate = resolve(ctx.shell.cwd, base || '.', target);
        if (isDirectory(ctx, candidate)) {
          dir = candidate;
          // With -P bash prints the name it found, not where the links lead.
          if (base) print = true;
          if (base && physical) cdable = candidate;
          break;
        }
      }
    }
    // shopt -s cdable_vars: a name that is no directory may be a variable holding one.
    if (ctx.shell.shopt.cdable_vars && !isDirectory(ctx, dir) && /^[A-Za-z_]\w*$/.test(target)) {
      const v = ctx.shell.getVar(target);
      if (v) {
        target = cdable = v; // printed as the variable holds it
        dir = lexical(ctx.shell.cwd, v);
        print = true;
      }
    }
    if (physical) {
      // The path as given (not normalized first: `lnk/..` is the link target's parent).
      const raw = dir === lexical(ctx.shell.cwd, target) ? (target.startsWith('/') ? target : `${ctx.shell.cwd}/${target}`) : dir;
      try {
        dir = physicalPath(ctx, raw);
        if (/^\/\/(?!\/)/.test(raw)) dir = '/' + dir;
      } catch {
        // missing: reported below as for -L
      }
    }
    let st = ctx.kernel.fs.stat(dir);
    // A relative name that is not there lexically may be there on disk (`cd link; cd ../x`
    // where x is beside the link's target): bash then tries it as given, and PWD is physical.
    if (!st && !physical && !target.startsWith('/')) {
      try {
        const onDisk = physicalPath(ctx, `${ctx.kernel.fs.realpath(ctx.shell.cwd)}/${target}`);
        const there = ctx.kernel.fs.stat(onDisk);
        if (there && isDir(there)) {
          dir = onDisk;
          st = there;
        }
      } catch {
        // not there either: reported below
      }
    }
    if (!st) return fail(ctx, `${target}: ${ctx.kernel.fs.lstat(dir) ? 'Permission denied' : underFile(ctx, dir) ? 'Not a directory' : 'No such file or directory'}`);
    if (!isDir(st)) return fail(ctx, `${target}: Not a directory`);
    // chdir(2) needs search permission, as in bash (a hidden directory refuses it).
    if (!ctx.kernel.fs.access(dir, constants.X_OK)) return fail(ctx, `${target}: Permission denied`);
    const old = ctx.shell.cwd;
    ctx.shell.cwd = dir;
    const status = setPwdVars(ctx, old, dir);
    if (print) await ctx.stdout.write((cdable ?? dir) + '\n');
    return status;
  },
};

/** OLDPWD and PWD after a cd; a readonly one is reported and makes the status 1 (the directory has changed). */
function setPwdVars(ctx: Parameters<Builtin['run']>[0], old: string, dir: string): number {
  let status = 0;
  for (const [name, value] of [['OLDPWD', old], ['PWD', dir]] as const) {
    try {
      ctx.shell.setVar(name, value);
    } catch (e) {
      if (!(e instanceof VarError)) throw e;
      void ctx.stderr.write(`${ctx.errorPrefix ?? ''}${e.message}\n`);
      status = 1;
    }
  }
  return status;
}

/** Whether some leading part of a missing path is a file (ENOTDIR: `cd file/x`). */
function underFile(ctx: Parameters<Builtin['run']>[0], path: string): boolean {
  for (let p = dirname(path); p !== '/'; p = dirname(p)) {
    const st = ctx.kernel.fs.stat(p);
    if (st) return !isDir(st);
  }
  return false;
}

/**
 * TARGET taken from CWD with `.` and `..` removed lexically. A path starting with exactly two
 * slashes keeps them (POSIX leaves `//` to the system; bash's PWD keeps it: cd //tmp).
 */
function lexical(cwd: string, target: string): string {
  const p = target.startsWith('/') ? target : cwd.endsWith('/') ? cwd + target : `${cwd}/${target}`;
  const dir = resolve(p);
  return /^\/\/(?!\/)/.test(p) ? '/' + dir : dir;
}

/** The path with each symbolic link resolved before the `..` after it (realpath(3)). */
function physicalPath(ctx: Parameters<Builtin['run']>[0], path: string): string {
  let cur = '/';
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    // cur has no links left, so its parent is the lexical one.
    if (part === '..') cur = dirname(cur);
    else cur = ctx.kernel.fs.realpath(cur === '/' ? `/${part}` : `${cur}/${part}`);
  }
  return cur;
}

function isDirectory(ctx: Parameters<Builtin['run']>[0], p: string): boolean {
  const st = ctx.kernel.fs.stat(p);
  return st !== null && isDir(st);
}
