// trap: handlers for EXIT, ERR, DEBUG, RETURN and signals, listed as bash lists them.
import { singleQuote } from '../lib/quote.js';
import { signalNumber } from '../kernel/signals.js';
import { type Builtin, type BuiltinContext, writeNow } from './types.js';

/** Signals in number order (kill -l / trap -l). */
const SIGNALS = [
  'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM', 'STKFLT',
  'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO', 'PWR', 'SYS',
];

/** The canonical name of a trap condition ("SIGINT", "2", "int" -> "INT"; "0" -> "EXIT"), or null. */
export function trapName(spec: string): string | null {
  const u = spec.toUpperCase();
  if (u === '0' || u === 'EXIT' || u === 'SIGEXIT') return 'EXIT';
  if (u === 'ERR' || u === 'DEBUG' || u === 'RETURN') return u;
  if (/^\d+$/.test(u)) {
    const n = Number(u);
    return n >= 1 && n <= SIGNALS.length ? SIGNALS[n - 1]! : n >= 34 && n <= 64 ? rtName(n) : null;
  }
  const bare = u.startsWith('SIG') ? u.slice(3) : u;
  if (SIGNALS.includes(bare)) return bare;
  // RTMIN+N / RTMAX-N: by number, so each real-time signal has one name (bash's).
  const rt = /^RTM(IN|AX)(?:([+-])(\d+))?$/.exec(bare);
  if (rt) {
    const off = rt[3] === undefined ? 0 : Number(rt[3]) * (rt[2] === '-' ? -1 : 1);
    const n = (rt[1] === 'IN' ? 34 : 64) + off;
    if (rt[3] !== undefined && Number(rt[3]) === 0) return null;
    if ((rt[1] === 'IN' && off < 0) || (rt[1] === 'AX' && off > 0) || n < 34 || n > 64) return null;
    return rtName(n);
  }
  return null;
}

function rtName(n: number): string {
  return n <= 49 ? (n === 34 ? 'RTMIN' : `RTMIN+${n - 34}`) : n === 64 ? 'RTMAX' : `RTMAX-${64 - n}`;
}

function signum(name: string): number {
  const i = SIGNALS.indexOf(name);
  if (i >= 0) return i + 1;
  const rt = /^RTM(IN|AX)(?:([+-])(\d+))?$/.exec(name);
  if (!rt) return 100;
  return (rt[1] === 'IN' ? 34 : 64) + (rt[3] === undefined ? 0 : Number(rt[3]) * (rt[2] === '-' ? -1 : 1));
}

/** How trap -p orders and names them: EXIT, signals by number (SIGINT ...), DEBUG, ERR, RETURN. */
function order(name: string): number {
  if (name === 'EXIT') return 0;
  if (name === 'DEBUG') return 200;
  if (name === 'ERR') return 201;
  if (name === 'RETURN') return 202;
  return signum(name);
}

/** Every condition in trap -p's order (posix mode lists them all): EXIT, 1 to 64, DEBUG, ERR, RETURN. */
const ALL_CONDITIONS = ['EXIT', ...SIGNALS, '32', '33', ...Array.from({ length: 31 }, (_, i) => rtName(34 + i)), 'DEBUG', 'ERR', 'RETURN'];

function display(name: string): string {
  return name === 'EXIT' || name === 'DEBUG' || name === 'ERR' || name === 'RETURN' ? name : `SIG${name}`;
}

/** `trap -l`, `kill -l`: five signals a line, as bash lays them out (its last line too ends in a tab). */
export function listing(): string {
  const items: string[] = [];
  for (let i = 1; i <= 64; i++) {
    if (i === 32 || i === 33) continue;
    const name = i <= SIGNALS.length ? SIGNALS[i - 1]! : rtName(i);
    items.push(`${String(i).padStart(2)}) SIG${name}`);
  }
  let out = '';
  for (let i = 0; i < items.length; i++) out += items[i] + ((i + 1) % 5 === 0 ? '\n' : i === items.length - 1 ? '\t\n' : '\t');
  return out;
}

function write(ctx: BuiltinContext, text: string, errors: string, status: number): number | Promise<number> {
  const o = text ? writeNow(ctx.stdout, text) : undefined;
  const e = errors ? writeNow(ctx.stderr, errors) : undefined;
  if (o || e) return Promise.all([o, e]).then(() => status);
  return status;
}

const USAGE_LINE = 'trap: usage: trap [-lp] [[arg] signal_spec ...]\n';

export const trapBuiltin: Builtin = {
  name: 'trap',
  synopsis: 'trap [-lp] [[ACTION] SIGNAL_SPEC ...]',
  description:
    'Run ACTION when the shell exits (EXIT or 0), a command fails (ERR), before each command (DEBUG), when a function or sourced file returns (RETURN), or on a signal (INT, TERM, USR1, a number ...). An empty ACTION ignores the signal; "-" (or a lone signal number) resets it. With no arguments or -p, list the traps in a form the shell can read back; -l lists signal names.',
  special: true,
  flags: [
    { flag: '-p', description: 'print the traps (of the given signals)' },
    { flag: '-l', description: 'list signal names and numbers' },
  ],
  examples: [
    { command: "(trap 'echo bye' EXIT; echo hi)", description: 'run code on exit', output: 'hi\nbye\n' },
    { command: "trap 'echo caught' USR1; kill -USR1 $$; echo after", description: 'a signal handler', output: 'caught\nafter\n' },
    { command: "trap 'x' INT; trap -p INT", description: 'listing', output: "trap -- 'x' SIGINT\n" },
  ],
  run(ctx) {
    let args = ctx.args;
    const prefix = ctx.errorPrefix ?? '';
    const traps = ctx.shell.traps;
    let print = false;
    while (args.length && /^-[lp]+$/.test(args[0]!)) {
      if (args[0]!.includes('l')) return write(ctx, listing(), '', 0);
      print = true;
      args = args.slice(1);
    }
    if (args[0] === '--') args = args.slice(1);
    else if (args[0]?.startsWith('-') && args[0] !== '-' && trapName(args[0].slice(1)) === null && !/^-\d/.test(args[0])) {
      return write(ctx, '', `${prefix}trap: ${args[0].slice(0, 2)}: invalid option\n${USAGE_LINE}`, 2);
    }
    if (print || args.length === 0) {
      // A subshell still shows its parent's traps (so `$(trap -p)` can save them).
      const shown = ctx.shell.displayTraps ?? traps;
      let text = '';
      let errors = '';
      let status = 0;
      // In posix mode bash names no SIG, and `trap -p` lists every condition (`-`: the default).
      const posix = ctx.shell.getOption('posix') === true;
      const all = posix && print;
      const listed = all ? ALL_CONDITIONS : [...shown.keys()].sort((a, b) => order(a) - order(b));
      const names = args.length ? args.map((a) => [a, trapName(a)] as const) : listed.map((n) => [n, n] as const);
      for (const [spec, name] of names) {
        if (name === null) {
          errors += `${prefix}trap: ${spec}: invalid signal specification\n`;
          status = 1;
          continue;
        }
        const action = shown.get(name);
        if (action !== undefined) text += `trap -- ${singleQuote(action)} ${posix ? name : display(name)}\n`;
        else if (all) text += `trap -- - ${name}\n`;
      }
      return write(ctx, text, errors, status);
    }
    // As bash decides: a first argument that is a signal number, or a lone signal, resets
    // (`trap 2`, `trap INT`); else it is the action, and a signal must follow it.
    let action: string | null;
    let sigs: string[];
    if ((/^\d+$/.test(args[0]!) && trapName(args[0]!) !== null) || (args.length === 1 && args[0] !== '-' && trapName(args[0]!) !== null)) {
      action = null;
      sigs = args;
    } else if (args.length === 1) {
      return write(ctx, '', USAGE_LINE, 2);
    } else {
      action = args[0] === '-' ? null : args[0]!;
      sigs = args.slice(1);
    }
    let errors = '';
    let status = 0;
    for (const raw of sigs) {
      const name = trapName(raw);
      if (!name) {
        errors += `${prefix}trap: ${raw}: invalid signal specification\n`;
        status = 1;
        continue;
      }
      if (action === null) traps.delete(name);
      else traps.set(name, action);
      // In a subshell run as a task (`( trap '' TERM; … ) &`), kill must leave it to the trap.
      const num = ctx.taskId !== null ? signalNumber(name) : undefined;
      if (num !== undefined) {
        const shell = ctx.shell;
        ctx.kernel.trapSignal(ctx.taskId!, num, action === null ? undefined : action === '' ? null : () => shell.signalSubshell(num));
      }
    }
    ctx.shell.trapsChanged();
    return write(ctx, '', errors, status);
  },
};
