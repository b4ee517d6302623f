// A new shell's variables: the environment (exported), and what bash sets itself: PWD,
// PPID, SHLVL, IFS, OPTIND, PS4, UID/EUID, HOSTNAME, the machine type, SHELLOPTS/BASHOPTS.
//
// aosh speaks bash 5.2's language, so it reports BASH_VERSION="5.2.0(1)-aosh" and
// BASH_VERSINFO=(5 2 0 1 aosh MACHTYPE): scripts that check for bash >= 4 (associative
// arrays) or 5 run unchanged, and `${BASH_VERSINFO[4]}` tells them it is aosh. AOSH_VERSION
// is aosh's own version.
import { statSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { A, IndexedArray } from '../lib/vars.js';
import type { ShellContext } from './context.js';
import { defaultShopts } from './context.js';
import { parse } from './parser.js';

/** A function exported by a parent shell (`export -f`): defined and exported again, as bash does. */
function importFunction(ctx: ShellContext, name: string, value: string): void {
  if (!value.startsWith('() {') || !/^[^\s$`'"|&;<>()]+$/.test(name)) return;
  try {
    const script = parse(`${name} ${value}`);
    const cmd = script.body.length === 1 ? script.body[0]!.andOr.first.commands[0] : undefined;
    if (cmd?.kind !== 'FunctionDef' || script.body[0]!.andOr.rest.length) return;
    ctx.functions.set(name, { ...cmd, file: 'environment' });
    (ctx.functionsExported ??= new Set()).add(name);
  } catch {
    // bash ignores a function it cannot parse (with a warning); so does aosh, silently
  }
}

export const BASH_COMPAT_VERSION = ['5', '2', '0', '1', 'aosh'];

function machType(): string {
  const arch = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch;
  return `${arch}-pc-linux-gnu`;
}

export interface InitOptions {
  env: NodeJS.ProcessEnv;
  /** How the shell runs: '-c' string, a script file, stdin, or the interactive REPL. */
  mode: '-c' | 'file' | 'stdin' | 'interactive';
  aoshVersion: string;
  /** The aosh executable (BASH, SHELL when unset). */
  self?: string;
  /** HOSTNAME: the name commands see (the kernel's: the world's when sandboxed); else the host's. */
  hostname?: string;
}

/** bash 5.2's value for PATH when the environment has none. */
export const DEFAULT_PATH = '/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin:.';

export function initShellVariables(ctx: ShellContext, opts: InitOptions): void {
  const store = ctx.store;
  for (const [k, v] of Object.entries(opts.env)) {
    if (v !== undefined && k.startsWith('BASH_FUNC_') && k.endsWith('%%')) importFunction(ctx, k.slice(10, -2), v);
    if (v === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) continue;
    // A special (`_`, SECONDS, RANDOM…) stays special: the value goes through its setter, as
    // in bash (`_` from the environment is $_ until the first command replaces it).
    const cur = store.vars.get(k);
    if (cur?.dyn) {
      cur.dyn.set?.(ctx, v);
      cur.attrs |= A.export;
      continue;
    }
    store.vars.set(k, { value: v, attrs: A.export, level: 0 });
  }
  const set = (name: string, value: string, attrs = 0): void => {
    const cur = store.vars.get(name);
    store.vars.set(name, { value, attrs: (cur?.attrs ?? 0) | attrs, level: 0 });
  };
  ctx.cwd = process.cwd();
  const pwd = opts.env.PWD;
  // PWD from the environment when it names the current directory (keeps symlinked paths):
  // the shell's own idea of it is that name without `.`, `..` and repeated slashes (pwd
  // prints it), PWD stays as it came (bash). Any other PWD is replaced.
  if (pwd && pwd[0] === '/' && sameFile(pwd, ctx.cwd)) ctx.cwd = /^\/\/(?!\/)/.test(pwd) ? '/' + resolve(pwd) : resolve(pwd);
  else set('PWD', ctx.cwd, A.export);
  // OLDPWD: kept from the environment when it names a directory, else declared, exported and
  // without a value (bash: `export -p` lists it; a cd then gives it one that children see).
  if (!isDirectory(opts.env.OLDPWD)) store.vars.set('OLDPWD', { value: undefined, attrs: A.export, level: 0 });
  // Started without PATH: bash's built-in default (not exported, as in bash).
  if (opts.env.PATH === undefined) set('PATH', DEFAULT_PATH);
  set('PPID', String(process.ppid), A.integer | A.readonly);
  const shlvl = Number(opts.env.SHLVL ?? '0');
  set('SHLVL', String(Number.isInteger(shlvl) && shlvl >= 0 ? shlvl + 1 : 1), A.export);
  if (store.vars.get('IFS')?.value === undefined) set('IFS', ' \t\n');
  else store.vars.get('IFS')!.attrs &= ~A.export;
  set('OPTIND', '1', A.integer);
  set('OPTERR', '1');
  if (opts.env.PS4 === undefined) set('PS4', '+ ');
  const uid = process.getuid?.() ?? 0;
  set('UID', String(uid), A.integer | A.readonly);
  set('EUID', String(process.geteuid?.() ?? uid), A.integer | A.readonly);
  // GROUPS: the primary group first, then the supplementary ones (bash's order).
  const gid = process.getgid?.() ?? 0;
  const groups = [gid, ...(process.getgroups?.() ?? []).filter((g) => g !== gid)];
  store.vars.set('GROUPS', { value: undefined, arr: IndexedArray.from(groups.map(String)), attrs: A.array, level: 0, listedEmpty: true });
  if (opts.env.COMP_WORDBREAKS === undefined) {
    set('COMP_WORDBREAKS', ' \t\n"\'@><=;|&(:');
    store.vars.get('COMP_WORDBREAKS')!.invisible = true;
  }
  // As bash: TERM=dumb (not exported) when the environment has none.
  if (opts.env.TERM === undefined) set('TERM', 'dumb');
  set('HOSTNAME', opts.hostname ?? hostname());
  set('HOSTTYPE', machType().split('-')[0]!);
  set('OSTYPE', 'linux-gnu');
  set('MACHTYPE', machType());
  set('BASH_VERSION', `${BASH_COMPAT_VERSION.slice(0, 3).join('.')}(${BASH_COMPAT_VERSION[3]})-${BASH_COMPAT_VERSION[4]}`);
  store.vars.set('BASH_VERSINFO', { value: undefined, arr: IndexedArray.from([...BASH_COMPAT_VERSION, machType()]), attrs: A.array | A.readonly, level: 0 });
  set('BASH', opts.self ?? 'aosh');
  // Where `enable -f` looks for loadable builtins (aosh has none): bash 5.2's default value.
  if (opts.env.BASH_LOADABLES_PATH === undefined) set('BASH_LOADABLES_PATH', '/usr/local/lib/bash:/usr/lib/bash:/opt/local/lib/bash:/usr/pkg/lib/bash:/opt/pkg/lib/bash:.');
  set('AOSH_VERSION', opts.aoshVersion);
  if (opts.env.SHELL === undefined) set('SHELL', opts.self ?? 'aosh');
  store.vars.set('SHELLOPTS', {
    value: undefined, attrs: A.readonly, level: 0,
    dyn: { get: (h) => optionList(h as ShellContext) },
  });
  store.vars.set('BASHOPTS', {
    value: undefined, attrs: A.readonly, level: 0,
    dyn: { get: (h) => Object.entries((h as ShellContext).shopt).filter(([, on]) => on).map(([n]) => n).join(':') },
  });
  ctx.shopt = defaultShopts();
  if (opts.mode === 'interactive') {
    ctx.shopt.expand_aliases = true;
    ctx.options.emacs = true;
  }
}

/**
 * An interactive shell without the terminal session (`aosh -i` over a pipe, with -c or a
 * script file), as bash -i starts one: aliases expand, `!` history expansion is on, and
 * PS1/PS2 have bash's defaults unless the environment set them.
 */
export function interactiveShellVariables(ctx: ShellContext): void {
  ctx.shopt.expand_aliases = true;
  ctx.options.emacs = true;
  ctx.options.histexpand = true;
  if (ctx.store.get('PS1') === undefined) ctx.store.assign('PS1', '\\s-\\v\\$ ');
  if (ctx.store.get('PS2') === undefined) ctx.store.assign('PS2', '> ');
}

function optionList(ctx: ShellContext): string {
  return Object.entries(ctx.options).filter(([, on]) => on).map(([n]) => n).join(':');
}

function isDirectory(p: string | undefined): boolean {
  try {
    return p !== undefined && p !== '' && statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}
