// pushd, popd, dirs: bash's directory stack. The stack is the shell context's (a subshell
// works on a copy), kept in bash's own order (bottom first; the last entry is DIRSTACK[1],
// the current directory is DIRSTACK[0]) so that bash's rotations carry over as they are.
// Changing directory is `cd` itself (cd.ts, through the kernel's fs view), run under this
// builtin's name so its errors read "pushd: DIR: No such file or directory" as in bash.
import { cdBuiltin } from './cd.js';
import { type Builtin, type BuiltinContext, writeNow } from './types.js';

const USAGE: Record<string, string> = {
  dirs: 'dirs: usage: dirs [-clpv] [+N] [-N]\n',
  pushd: 'pushd: usage: pushd [-n] [+N | -N | dir]\n',
  popd: 'popd: usage: popd [-n] [+N | -N]\n',
};

function say(ctx: BuiltinContext, text: string, status: number): number | Promise<number> {
  const w = writeNow(ctx.stderr, text);
  return w ? w.then(() => status) : status;
}

function error(ctx: BuiltinContext, msg: string, status = 1, usage = false): number | Promise<number> {
  return say(ctx, `${ctx.errorPrefix ?? ''}${ctx.name}: ${msg}\n${usage ? USAGE[ctx.name] : ''}`, status);
}

/** bash's legal_number: optional blanks and sign, decimal digits. */
function legalNumber(s: string): number | null {
  return /^\s*[+-]?\d+\s*$/.test(s) ? Number(s) : null;
}

/** bash's polite_directory_format: $HOME (longer than "/") shown as ~. */
function polite(ctx: BuiltinContext, dir: string): string {
  const home = ctx.shell.getVar('HOME') ?? '';
  if (home.length > 1 && dir.startsWith(home) && (dir.length === home.length || dir[home.length] === '/')) return '~' + dir.slice(home.length);
  return dir;
}

/** bash's pushd_error. */
function stackError(ctx: BuiltinContext, arg: string): number | Promise<number> {
  return error(ctx, ctx.shell.dirStack.length === 0 ? 'directory stack empty' : `${arg}: directory stack index out of range`);
}

/** `cd` as pushd and popd use it (bash's cd_builtin / cd_to_string): errors under our name. */
async function cd(ctx: BuiltinContext, args: string[]): Promise<number> {
  return cdBuiltin.run(Object.create(ctx, { args: { value: args } }) as BuiltinContext);
}

/** What `dirs` with no arguments prints: the current directory, then the stack from the top. */
function listing(ctx: BuiltinContext): string {
  const st = ctx.shell.dirStack;
  let s = polite(ctx, ctx.shell.cwd);
  for (let i = st.length - 1; i >= 0; i--) s += ' ' + polite(ctx, st[i]!);
  return s + '\n';
}

async function cdAndShow(ctx: BuiltinContext, dir: string): Promise<number> {
  const st = await cd(ctx, [dir]);
  if (st === 0) await ctx.stdout.write(listing(ctx));
  return st;
}

export const dirsBuiltin: Builtin = {
  name: 'dirs',
  synopsis: 'dirs [-clpv] [+N] [-N]',
  description:
    'Show the directory stack (pushd/popd): the current directory first, $HOME as ~. +N shows the Nth entry from the left (0 is the current directory), -N from the right.',
  special: true,
  flags: [
    { flag: '-c', description: 'clear the stack' },
    { flag: '-l', description: 'full paths, no ~' },
    { flag: '-p', description: 'one entry a line' },
    { flag: '-v', description: 'one entry a line, numbered' },
  ],
  examples: [
    { command: 'cd /; pushd /tmp >/dev/null; dirs -l', description: 'the stack, newest first', output: '/tmp /\n' },
    { command: 'cd /; pushd /tmp >/dev/null; dirs -v -l', description: 'numbered', output: ' 0  /tmp\n 1  /\n' },
  ],
  run(ctx) {
    let long = false;
    let clear = false;
    let vflag = 0;
    let indexFlag = 0;
    let desired = -1;
    let w = '';
    const st = ctx.shell.dirStack;
    const n = st.length;
    for (const a of ctx.args) {
      if (a === '-l') long = true;
      else if (a === '-c') clear = true;
      else if (a === '-v') vflag |= 2;
      else if (a === '-p') vflag |= 1;
      else if (a === '--') break;
      else if (a[0] === '+' || a[0] === '-') {
        w = a.slice(1);
        const num = legalNumber(w);
        if (num === null) return error(ctx, `${a}: invalid number`, 2, true);
        // bash's get_dirstack_index
        const sign = a[0] === '+' ? 1 : -1;
        indexFlag = sign > 0 ? 1 : 2;
        if (num === 0 && sign > 0) desired = 0;
        else if (num === n) {
          indexFlag = sign > 0 ? 2 : 1;
          desired = 0;
        } else if (num >= 0 && num <= n) desired = sign > 0 ? n - num : num;
        else desired = -1;
      } else return error(ctx, `${a}: invalid option`, 2, true);
    }
    if (clear) {
      ctx.shell.dirStack = [];
      return 0;
    }
    if (indexFlag && (desired < 0 || desired > n)) return stackError(ctx, w);
    const fmt = (d: string): string => (long ? d : polite(ctx, d));
    let out = '';
    if (indexFlag === 0 || (indexFlag === 1 && desired === 0)) {
      out += vflag & 2 ? ` 0  ${fmt(ctx.shell.cwd)}` : fmt(ctx.shell.cwd);
      if (indexFlag) return writeThen(ctx, out + '\n');
    }
    if (indexFlag) out += vflag & 2 ? `${String(n - desired).padStart(2)}  ${fmt(st[desired]!)}` : fmt(st[desired]!);
    else {
      for (let i = n - 1; i >= 0; i--) {
        if (vflag >= 2) out += `\n${String(n - i).padStart(2)}  ${fmt(st[i]!)}`;
        else out += (vflag & 1 ? '\n' : ' ') + fmt(st[i]!);
      }
    }
    return writeThen(ctx, out + '\n');
  },
};

function writeThen(ctx: BuiltinContext, text: string): number | Promise<number> {
  const w = writeNow(ctx.stdout, text);
  return w ? w.then(() => 0) : 0;
}

export const pushdBuiltin: Builtin = {
  name: 'pushd',
  synopsis: 'pushd [-n] [+N | -N | DIR]',
  description:
    'Push the current directory on the directory stack and change to DIR; with no argument swap the top two entries; +N/-N rotate the stack so that entry N is on top. Prints the stack (dirs) when the directory changed. -n: change the stack only, not the directory.',
  special: true,
  flags: [{ flag: '-n', description: 'do not change directory, only the stack' }],
  examples: [
    { command: 'cd /; pushd /tmp; pwd', description: 'push and change directory', output: '/tmp /\n/tmp\n' },
    { command: 'cd /; pushd /tmp >/dev/null; pushd >/dev/null; pwd', description: 'swap the top two', output: '/\n' },
  ],
  async run(ctx) {
    const sh = ctx.shell;
    const orig = ctx.args;
    let list = orig;
    let skipopt = false;
    if (list[0] === '--') {
      list = list.slice(1);
      skipopt = true;
    }
    if (list.length === 0) {
      const st = sh.dirStack;
      if (st.length === 0) return error(ctx, 'no other directory');
      const temp = st[st.length - 1]!;
      const next = [...st];
      next[next.length - 1] = sh.cwd;
      // bash swaps before the cd: when it fails, the stack holds the current directory twice.
      sh.dirStack = next;
      return cdAndShow(ctx, temp);
    }
    let nocd = false;
    let rotate: number | null = null;
    let k = 0;
    for (; !skipopt && k < list.length; k++) {
      const a = list[k]!;
      if (a === '-n') nocd = true;
      else if (a === '--') {
        k++;
        break;
      } else if (a === '-') break;
      else if (a[0] === '+' || a[0] === '-') {
        let num = legalNumber(a.slice(1));
        if (num === null) return error(ctx, `${a}: invalid number`, 2, true);
        const n = sh.dirStack.length;
        if (a[0] === '-') num = n - num;
        if (num > n || num < 0) return stackError(ctx, a);
        rotate = num;
        break;
      } else if (a[0] === '-') return error(ctx, `${a}: invalid option`, 2, true);
      else break;
    }
    if (rotate !== null) {
      // bash rotates its list num times, the current directory taking part as its top.
      if (rotate === 0) return nocd ? 0 : cdAndShow(ctx, sh.cwd);
      const st = [...sh.dirStack];
      let temp = sh.cwd;
      for (let num = rotate; num > 0; num--) {
        const top = st[st.length - 1]!;
        st.pop();
        st.unshift(temp);
        temp = top;
      }
      // As in bash, the stack is rotated whether or not the cd then works.
      sh.dirStack = st;
      return nocd ? 0 : cdAndShow(ctx, temp);
    }
    const rest = list.slice(k);
    if (rest.length === 0) return 0;
    const before = sh.cwd;
    if (!nocd) {
      const r = await cd(ctx, skipopt ? orig : rest);
      if (r !== 0) return r;
    }
    sh.dirStack = [...sh.dirStack, nocd ? rest[0]! : before];
    await ctx.stdout.write(listing(ctx));
    return 0;
  },
};

export const popdBuiltin: Builtin = {
  name: 'popd',
  synopsis: 'popd [-n] [+N | -N]',
  description:
    'Remove the top entry of the directory stack and change to the new top; +N/-N remove entry N (counted as dirs shows them) instead. Prints the stack. -n: change the stack only, not the directory.',
  special: true,
  flags: [{ flag: '-n', description: 'do not change directory, only the stack' }],
  examples: [
    { command: 'cd /; pushd /tmp >/dev/null; popd; pwd', description: 'back where pushd started', output: '/\n/\n' },
    { command: 'popd 2>/dev/null; echo "status $?"', description: 'an empty stack', output: 'status 1\n' },
  ],
  async run(ctx) {
    const sh = ctx.shell;
    let nocd = false;
    let which = 0;
    let plus = true;
    let word: string | null = null;
    for (const a of ctx.args) {
      if (a === '-n') nocd = true;
      else if (a === '--') break;
      else if (a[0] === '+' || a[0] === '-') {
        plus = a[0] === '+';
        const num = legalNumber(a.slice(1));
        if (num === null) return error(ctx, `${a}: invalid number`, 2, true);
        which = num;
        word = a;
      } else if (a !== '') return error(ctx, `${a}: invalid argument`, 2, true);
      else break;
    }
    const st = [...sh.dirStack];
    const n = st.length;
    if (which > n || (n === 0 && which === 0)) return stackError(ctx, word ?? '');
    if ((plus && which === 0) || (!plus && which === n)) {
      if (!nocd) {
        const r = await cd(ctx, [st[n - 1]!]);
        if (r !== 0) return r;
      }
      st.pop();
    } else {
      const i = plus ? n - which : which;
      if (i < 0 || i > n) return stackError(ctx, word ?? '');
      st.splice(i, 1);
    }
    sh.dirStack = st;
    await ctx.stdout.write(listing(ctx));
    return 0;
  },
};
