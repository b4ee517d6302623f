import { noteSelfSignal, signalName, signalNumber } from '../kernel/signals.js';
import type { FlagDoc } from './flags.js';
import type { Builtin } from './types.js';
import { listing } from './trap.js';

const KILL_FLAGS: FlagDoc[] = [
  { flag: '-s SIG', description: 'the signal by name or number (-s KILL)', key: 'signal' },
  { flag: '-n NUM', description: 'the signal by number (-n 9)', key: 'signal' },
  { flag: '-l, -L', description: 'list signal names (kill -l 143 names the signal of a status)', key: 'list' },
  { flag: '-SIG', description: 'the signal, by name (-KILL, -INT, -SIGTERM) or number (-9), as the first word', key: 'signal', match: isSignalWord },
];

function isSignalWord(w: string): boolean {
  return /^-[A-Za-z0-9+]+$/.test(w) && !['-s', '-n', '-l', '-L'].includes(w) && signalNumber(w.slice(1)) !== undefined;
}

export const killBuiltin: Builtin = {
  name: 'kill',
  synopsis: 'kill [-SIG | -s SIG | -n NUM] ID|NAME|%JOB|PID... | kill -l',
  description:
    'Send a signal (default TERM) to kernel processes or tasks, by kernel id, name, job spec (%1) or pid. STOP and CONT pause and resume. -l lists signal names. Only the session\'s own processes can be signalled: a pid that aosh did not start (nor one of its processes) is refused, and -1 means every process of the session.',
  flags: KILL_FLAGS,
  examples: [{ command: 'sleep 5 & kill %1; wait %1; echo $?', description: 'terminate a job', output: '143\n' }],
  async run(ctx) {
    // bash's argument rules and messages: -SIG, -s SIG, -n NUM only as the first word
    // (kill -9 -1: -1 is then the pid of every session process), then pids and jobs.
    const prefix = ctx.errorPrefix ?? '';
    const USAGE = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';
    const usage = async (): Promise<number> => {
      await ctx.stderr.write(USAGE);
      return 2;
    };
    const invalid = async (spec: string): Promise<number> => {
      await ctx.stderr.write(`${prefix}kill: ${spec}: invalid signal specification\n`);
      return 1;
    };
    let args = ctx.args;
    let sig = 15;
    const first = args[0];
    if (first === '-l' || first === '-L') {
      // Options after -l are read and dropped as bash reads them (kill -l -9 lists them all).
      let specs = args.slice(1);
      while (specs[0] !== undefined && /^-./.test(specs[0])) {
        if (specs[0] === '--') {
          specs = specs.slice(1);
          break;
        }
        specs = specs.slice(specs[0] === '-s' || specs[0] === '-n' ? 2 : 1);
      }
      if (specs.length) {
        // Each: a number (or an exit status above 128) names its signal, a name its number;
        // 0 is EXIT (the trap's pseudo-signal), and 32 and 33 (glibc's own) print nothing.
        let out = '';
        let status = 0;
        for (const a of specs) {
          // A number as bash reads one: blanks around it and a sign are allowed.
          const numeric = /^\s*\+?\d+\s*$/.test(a);
          const n = numeric ? Number(a) : NaN;
          const num = numeric ? (n > 128 ? n - 128 : n) : a.toUpperCase() === 'EXIT' ? 0 : signalNumber(a);
          if (num === undefined || (numeric && (num < 0 || num > 64))) {
            if (out) await ctx.stdout.write(out);
            out = '';
            status = await invalid(a);
            continue;
          }
          if (numeric && (num === 32 || num === 33)) continue;
          out += (numeric ? (num === 0 ? 'EXIT' : signalName(num).replace(/^SIG/, '')) : String(num)) + '\n';
        }
        if (out) await ctx.stdout.write(out);
        return status;
      }
      // posix mode: the names on one line, without SIG (32 and 33 have none).
      if (ctx.shell.getOption('posix') === true) {
        const names: string[] = [];
        for (let n = 1; n <= 64; n++) if (n !== 32 && n !== 33) names.push(signalName(n).replace(/^SIG/, ''));
        await ctx.stdout.write(names.join(' ') + '\n');
        return 0;
      }
      await ctx.stdout.write(listing());
      return 0;
    }
    if (first === '-s' || first === '-n') {
      if (args[1] === undefined) {
        // bash: a missing sigspec is status 1, not the usage's 2.
        await ctx.stderr.write(`${ctx.errorPrefix ?? ''}kill: ${first}: option requires an argument\n`);
        return 1;
      }
      const n = signalNumber(args[1]);
      if (n === undefined) return invalid(args[1]);
      sig = n;
      args = args.slice(2);
    } else if (first !== undefined && first.startsWith('-') && first !== '-' && first !== '--') {
      // -sTERM and -n9 are -s TERM and -n 9 (bash); any other word is -SIG.
      const spec = /^-s[A-Za-z]|^-n\d/.test(first) ? first.slice(2) : first.slice(1);
      const n = signalNumber(spec);
      if (n === undefined) return invalid(spec);
      sig = n;
      args = args.slice(1);
    }
    if (args[0] === '--') args = args.slice(1);
    if (args.length === 0) return usage();
    let status = 0;
    for (const target of args) {
      const job = target.startsWith('%') ? ctx.shell.jobs.find(target) : undefined;
      if (target.startsWith('%') && !job) {
        await ctx.stderr.write(ctx.shell.jobs.ambiguous?.(target) ? `${prefix}kill: ${target.slice(1)}: ambiguous job spec\n` : `${prefix}kill: ${target}: no such job\n`);
        status = 1;
        continue;
      }
      const entries = job ? job.entryIds.map((id) => ctx.kernel.procs.get(id)!).filter(Boolean) : ctx.kernel.procs.find(target).slice(0, 1);
      if (entries.length === 0) {
        // A plain pid, as bash allows, but only of this session: a process aosh started or
        // one of theirs (-1 and 0 mean all of them). Never another process of the host.
        if (/^-?\d+$/.test(target)) {
          // A subshell's own $BASHPID: its trap, or its end (it runs in this process).
          if (target === ctx.shell.getVar('BASHPID') && Number(target) !== process.pid) {
            ctx.shell.signalSubshell(sig);
            continue;
          }
          // The shell itself ($$): `kill -USR1 $$` runs its trap, `kill $$` ends it, as in bash.
          if (Number(target) === process.pid) {
            if (sig !== 0) {
              noteSelfSignal(sig);
              process.kill(process.pid, sig);
              // bash acts on it before the next command: let the handler (a trap, or the
              // default action: `kill $$; echo no` prints nothing) run first.
              await new Promise((r) => setImmediate(r));
            }
            continue;
          }
          const r = ctx.kernel.signalPid(Number(target), sig);
          if (r === 'ok') continue;
          await ctx.stderr.write(r === 'gone' ? `${prefix}kill: (${target}) - No such process\n` : `${prefix}kill: ${target}: not a process of this session\n`);
          status = 1;
          continue;
        }
        await ctx.stderr.write(`${prefix}kill: ${target}: arguments must be process or job IDs\n`);
        status = 1;
        continue;
      }
      // An entry that has ended is no process any more: bash's message, status 1.
      const live = entries.filter((e) => e.state === 'running' || e.state === 'stopped' || e.state === 'restarting');
      if (live.length === 0) {
        await ctx.stderr.write(`${prefix}kill: (${target}) - No such process\n`);
        status = 1;
        continue;
      }
      for (const e of live) ctx.kernel.signal(e, sig);
    }
    return status;
  },
};
