// ulimit: resource limits, as bash 5.2 shows and sets them. aosh never calls setrlimit on
// its own process (the kernel serves other sessions): the limits the shell sets live in
// its context (a subshell's stay there) and are set in every stage started afterwards,
// just before execve. What the shell starts from is aosh's own limits (/proc/self/limits),
// which is what a stage inherits. Stages have no capabilities, so raising a hard limit
// fails as it does for an unprivileged bash.
import { readFileSync } from 'node:fs';
import { type Builtin, type BuiltinContext, writeNow } from './types.js';

/** -1 stands for RLIM_INFINITY throughout (as in the stage plan). */
const INF = -1;
/** bash's POSIXBLK: 1024-byte blocks, 512 in posix mode. */
const POSIXBLK = -2;

interface Limit {
  opt: string;
  /** RLIMIT_* on Linux; -1 for the pipe size (not a real limit). */
  res: number;
  factor: number;
  desc: string;
  units?: string;
}

/** bash's table, in its order (ulimit -a lists them so). */
const LIMITS: Limit[] = [
  { opt: 'R', res: 15, factor: 1, desc: 'real-time non-blocking time', units: 'microseconds' },
  { opt: 'c', res: 4, factor: POSIXBLK, desc: 'core file size', units: 'blocks' },
  { opt: 'd', res: 2, factor: 1024, desc: 'data seg size', units: 'kbytes' },
  { opt: 'e', res: 13, factor: 1, desc: 'scheduling priority' },
  { opt: 'f', res: 1, factor: POSIXBLK, desc: 'file size', units: 'blocks' },
  { opt: 'i', res: 11, factor: 1, desc: 'pending signals' },
  { opt: 'l', res: 8, factor: 1024, desc: 'max locked memory', units: 'kbytes' },
  { opt: 'm', res: 5, factor: 1024, desc: 'max memory size', units: 'kbytes' },
  { opt: 'n', res: 7, factor: 1, desc: 'open files' },
  { opt: 'p', res: -1, factor: 512, desc: 'pipe size', units: '512 bytes' },
  { opt: 'q', res: 12, factor: 1, desc: 'POSIX message queues', units: 'bytes' },
  { opt: 'r', res: 14, factor: 1, desc: 'real-time priority' },
  { opt: 's', res: 3, factor: 1024, desc: 'stack size', units: 'kbytes' },
  { opt: 't', res: 0, factor: 1, desc: 'cpu time', units: 'seconds' },
  { opt: 'u', res: 6, factor: 1, desc: 'max user processes' },
  { opt: 'v', res: 9, factor: 1024, desc: 'virtual memory', units: 'kbytes' },
  { opt: 'x', res: 10, factor: 1, desc: 'file locks' },
];
const BY_OPT = new Map(LIMITS.map((l) => [l.opt, l]));
/** PIPE_BUF: `ulimit -p` reports it in 512-byte blocks. */
const PIPE_SIZE = 4096;

let own: Map<number, { soft: number; hard: number }> | undefined;

/** aosh's own limits (what a stage inherits), by RLIMIT_* number, read once. */
function ownLimits(): Map<number, { soft: number; hard: number }> {
  if (own) return own;
  own = new Map();
  try {
    // "Max open files            1024                 524288               files": the
    // lines are in RLIMIT_* order, the values at fixed columns after the name.
    const lines = readFileSync('/proc/self/limits', 'utf8').split('\n').slice(1);
    lines.forEach((line, res) => {
      const [soft, hard] = line.slice(26).trim().split(/\s+/);
      if (soft === undefined || hard === undefined) return;
      const num = (v: string): number => (v === 'unlimited' ? INF : Number(v));
      own!.set(res, { soft: num(soft), hard: num(hard) });
    });
  } catch {
    // no /proc: every limit reads as unlimited
  }
  return own;
}

function current(ctx: BuiltinContext, res: number): { soft: number; hard: number } {
  return ctx.shell.rlimits?.get(res) ?? ownLimits().get(res) ?? { soft: INF, hard: INF };
}

function factorOf(ctx: BuiltinContext, l: Limit): number {
  return l.factor === POSIXBLK ? (ctx.shell.getOption('posix') ? 512 : 1024) : l.factor;
}

/** bash's printone: with the description when several limits are shown. */
function printOne(ctx: BuiltinContext, l: Limit, value: number, desc: boolean): string {
  let s = '';
  if (desc) s = `${l.desc.padEnd(20)} ${(l.units ? `(${l.units}, -${l.opt}) ` : `(-${l.opt}) `).padStart(20)}`;
  return s + (value === INF ? 'unlimited' : String(Math.floor(value / factorOf(ctx, l)))) + '\n';
}

function valueOf(ctx: BuiltinContext, l: Limit, hard: boolean): number {
  if (l.res < 0) return PIPE_SIZE;
  const c = current(ctx, l.res);
  return hard ? c.hard : c.soft;
}

/** "< hard" with unlimited as the largest value. */
const above = (a: number, b: number): boolean => b !== INF && (a === INF || a > b);

export const ulimitBuiltin: Builtin = {
  name: 'ulimit',
  synopsis: 'ulimit [-SHa] [-RcdefilmnpqrstuvX [LIMIT]]',
  description:
    "Show or set resource limits of the commands the shell starts (open files, processes, memory, file size, cpu time ...). LIMIT is a number in the units -a shows, `unlimited`, `soft` or `hard`. Without -H or -S a new value sets both. aosh's own process is never limited: the values travel to each stage and are set there before it runs.",
  special: true,
  flags: [
    { flag: '-a', description: 'show every limit' },
    { flag: '-H', description: 'the hard limit' },
    { flag: '-S', description: 'the soft limit (shown by default)' },
    ...LIMITS.map((l) => ({ flag: `-${l.opt} [LIMIT]`, description: `${l.desc}${l.units ? ` (${l.units})` : ''}` })),
  ],
  examples: [
    { command: 'ulimit -n 64; ulimit -n; sh -c "ulimit -n"', description: 'fewer open files for the commands started afterwards', output: '64\n64\n' },
    { command: '(ulimit -f 1; ulimit -f); ulimit -f', description: 'a subshell keeps its limits', output: '1\nunlimited\n' },
    { command: 'ulimit -a | grep -c "open files"', description: 'every limit', output: '1\n' },
  ],
  run(ctx) {
    const prefix = ctx.errorPrefix ?? '';
    let out = '';
    let err = '';
    const finish = (status: number): number | Promise<number> => {
      const o = out ? writeNow(ctx.stdout, out) : undefined;
      const e = err ? writeNow(ctx.stderr, err) : undefined;
      return o || e ? Promise.all([o, e]).then(() => status) : status;
    };
    let all = false;
    let soft = false;
    let hard = false;
    const cmds: Array<{ l: Limit; arg?: string }> = [];
    const args = ctx.args;
    let i = 0;
    // bash's internal_getopt with every limit letter taking an optional argument: the
    // rest of the word, or the next word when it does not start with '-'.
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--') {
        i++;
        break;
      }
      if (a.length < 2 || a[0] !== '-') break;
      for (let k = 1; k < a.length; k++) {
        const c = a[k]!;
        if (c === 'a') all = true;
        else if (c === 'H') hard = true;
        else if (c === 'S') soft = true;
        else {
          const l = BY_OPT.get(c);
          if (!l) {
            err = `${prefix}ulimit: -${c}: invalid option\nulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n`;
            return finish(2);
          }
          let arg: string | undefined = a.slice(k + 1) || undefined;
          if (arg === undefined && args[i + 1] !== undefined && !args[i + 1]!.startsWith('-')) arg = args[++i];
          cmds.push({ l, arg });
          break;
        }
      }
    }
    let rest = args.slice(i);
    const mode = { soft, hard };
    if (all) {
      for (const l of LIMITS) out += printOne(ctx, l, valueOf(ctx, l, hard && !soft), true);
      return finish(0);
    }
    // `ulimit` and `ulimit N` are -f.
    if (cmds.length === 0) {
      cmds.push({ l: BY_OPT.get('f')!, arg: rest[0] });
      rest = rest.slice(1);
    }
    // POSIX: an operand after a last option without a value is that option's value.
    if (rest.length && cmds[cmds.length - 1]!.arg === undefined) cmds[cmds.length - 1]!.arg = rest[0];
    const many = cmds.length > 1;
    for (const { l, arg } of cmds) {
      if (arg === undefined) {
        out += printOne(ctx, l, valueOf(ctx, l, mode.hard && !mode.soft), many);
        continue;
      }
      const cur = l.res < 0 ? { soft: PIPE_SIZE, hard: PIPE_SIZE } : current(ctx, l.res);
      let value: number;
      if (arg === 'hard') value = cur.hard;
      else if (arg === 'soft') value = cur.soft;
      else if (arg === 'unlimited') value = INF;
      else if (/^[0-9]+$/.test(arg)) {
        // Beyond what a stage plan carries: as good as unlimited, which setrlimit then
        // judges (bash's arithmetic wraps there; its answer is the same refusal).
        value = Math.min(Number(arg) * factorOf(ctx, l), Number.MAX_SAFE_INTEGER);
      } else {
        err += `${prefix}ulimit: ${arg}: invalid number\n`;
        return finish(1);
      }
      const setSoft = mode.soft || !mode.hard;
      const setHard = mode.hard || !mode.soft;
      const next = { soft: setSoft ? value : cur.soft, hard: setHard ? value : cur.hard };
      // setrlimit(2)'s answers: soft above hard is EINVAL; a higher hard limit needs a
      // capability no stage has (EPERM); the pipe size cannot be set at all.
      const why = l.res < 0 || above(next.soft, next.hard) ? 'Invalid argument' : above(next.hard, cur.hard) ? 'Operation not permitted' : null;
      if (why) {
        err += `${prefix}ulimit: ${l.desc}: cannot modify limit: ${why}\n`;
        return finish(1);
      }
      const map = new Map(ctx.shell.rlimits ?? []);
      map.set(l.res, next);
      ctx.shell.rlimits = map;
    }
    return finish(0);
  },
};
