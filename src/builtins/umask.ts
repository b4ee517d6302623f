// umask: the file-creation mask of this shell. It is the shell context's own (a subshell's
// change never leaks back), applied to the files the shell creates itself (redirections,
// through the fs view) and handed to every stage started afterwards (set in the stage just
// before execve). aosh's own process umask is never changed: it serves other sessions.
import { type Builtin, type BuiltinContext, writeNow } from './types.js';

const USAGE = 'umask: usage: umask [-p] [-S] [mode]\n';

/** bash's print_symbolic_umask: the permissions the mask lets through. */
export function symbolicUmask(mask: number): string {
  const bits = ~mask & 0o777;
  const part = (shift: number): string => (bits & (4 << shift) ? 'r' : '') + (bits & (2 << shift) ? 'w' : '') + (bits & (1 << shift) ? 'x' : '');
  return `u=${part(6)},g=${part(3)},o=${part(0)}`;
}

/** bash's read_octal: at most 07777, octal digits only; -1 when it is not. */
function readOctal(s: string): number {
  let v = 0;
  let digits = 0;
  for (const c of s) {
    if (c < '0' || c > '7') return -1;
    v = v * 8 + Number(c);
    digits++;
    if (v > 0o7777) return -1;
  }
  return digits ? v : -1;
}

/**
 * bash's parse_symbolic_mode on the complement of the mask ("u=rwx,g+w,o-r"): the new
 * mask, or an error message.
 */
export function parseSymbolic(mode: string, mask: number): number | string {
  let bits = ~mask & 0o777;
  let i = 0;
  for (;;) {
    let who = 0;
    while ('agou'.includes(mode[i] ?? '\0')) {
      const c = mode[i++];
      who |= c === 'u' ? 0o700 : c === 'g' ? 0o070 : c === 'o' ? 0o007 : 0o777;
    }
    const op = mode[i++] ?? '\0';
    if (op !== '+' && op !== '-' && op !== '=') return `\`${op}': invalid symbolic mode operator`;
    let perm = 0;
    while ('rwx'.includes(mode[i] ?? '\0')) {
      const c = mode[i++];
      perm |= c === 'r' ? 0o444 : c === 'w' ? 0o222 : 0o111;
    }
    const next = mode[i];
    if (next !== undefined && next !== ',') return `\`${next}': invalid symbolic mode character`;
    if (who) perm &= who;
    if (op === '+') bits |= perm;
    else if (op === '-') bits &= ~perm;
    else {
      bits &= ~(who || 0o777);
      bits |= perm;
    }
    if (next === undefined) break;
    i++;
  }
  return ~bits & 0o777;
}

function done(ctx: BuiltinContext, out: string, err: string, status: number): number | Promise<number> {
  const o = out ? writeNow(ctx.stdout, out) : undefined;
  const e = err ? writeNow(ctx.stderr, err) : undefined;
  return o || e ? Promise.all([o, e]).then(() => status) : status;
}

export const umaskBuiltin: Builtin = {
  name: 'umask',
  synopsis: 'umask [-p] [-S] [MODE]',
  description:
    "Show or set the file-creation mask: the permission bits taken away from files and directories the shell and the commands it starts create. MODE is octal (022) or symbolic as in chmod (u=rwx,g=rx,o=). Local to a subshell; aosh's own process is never changed.",
  special: true,
  flags: [
    { flag: '-S', description: 'show the mask symbolically (the permissions it lets through)' },
    { flag: '-p', description: 'show it as a umask command that sets it again' },
  ],
  examples: [
    { command: 'umask 027; umask', description: 'set and show the mask', output: '0027\n' },
    { command: 'umask 022; umask -S', description: 'symbolic form', output: 'u=rwx,g=rx,o=rx\n' },
    { command: 'umask 077; (umask 022); umask', description: 'a subshell keeps its change', output: '0077\n' },
    { command: 'umask 027; rm -f umask.ex; echo > umask.ex; stat -c %a umask.ex; rm umask.ex', description: 'files the shell creates get it', output: '640\n' },
    { command: 'umask 077; rm -rf umask.d; mkdir umask.d; stat -c %a umask.d; rmdir umask.d', description: 'and so do the commands it starts', output: '700\n' },
  ],
  run(ctx) {
    const prefix = ctx.errorPrefix ?? '';
    let symbolic = false;
    let reusable = false;
    let i = 0;
    // bash's internal_getopt: -S and -p, combinable; `--` ends them.
    for (; i < ctx.args.length; i++) {
      const a = ctx.args[i]!;
      if (a === '--') {
        i++;
        break;
      }
      if (a.length < 2 || a[0] !== '-') break;
      for (const c of a.slice(1)) {
        if (c === 'S') symbolic = true;
        else if (c === 'p') reusable = true;
        else return done(ctx, '', `${prefix}umask: -${c}: invalid option\n${USAGE}`, 2);
      }
    }
    const arg = ctx.args[i];
    if (arg !== undefined) {
      let mask: number;
      if (/^[0-9]/.test(arg)) {
        mask = readOctal(arg);
        if (mask < 0) return done(ctx, '', `${prefix}umask: ${arg}: octal number out of range\n`, 1);
      } else {
        const r = parseSymbolic(arg, ctx.shell.umask);
        if (typeof r === 'string') return done(ctx, '', `${prefix}umask: ${r}\n`, 1);
        mask = r;
      }
      ctx.shell.umask = mask & 0o777;
      return done(ctx, symbolic ? symbolicUmask(ctx.shell.umask) + '\n' : '', '', 0);
    }
    const m = ctx.shell.umask;
    const text = (reusable ? `umask${symbolic ? ' -S' : ''} ` : '') + (symbolic ? symbolicUmask(m) : m.toString(8).padStart(4, '0')) + '\n';
    return done(ctx, text, '', 0);
  },
};
