import { signalName, signalNumber } from '../kernel/signals.js';
import { UsageError } from '../kernel/errors.js';
import { parseFlags, type FlagDoc } from './flags.js';
import type { Builtin } from './types.js';

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
    // -SIG is only the first word (kill -9 -1: -1 is then the pid of every session process).
    const first = ctx.args[0];
    const sigWord = first !== undefined && isSignalWord(first) ? first : undefined;
    const { opts, rest } = parseFlags(sigWord ? ctx.args.slice(1) : ctx.args, KILL_FLAGS.filter((f) => !f.match));
    if (sigWord) opts.signal = sigWord;
    if (opts.list) {
      if (rest[0]) {
        const n = Number(rest[0]);
        await ctx.stdout.write((Number.isInteger(n) ? signalName(n > 128 ? n - 128 : n).replace(/^SIG/, '') : String(signalNumber(rest[0]) ?? '')) + '\n');
        return 0;
      }
      const names: string[] = [];
      for (let i = 1; i < 32; i++) names.push(`${String(i).padStart(2)}) ${signalName(i)}`);
      await ctx.stdout.write(names.join('\n') + '\n');
      return 0;
    }
    let sig = 15;
    if (opts.signal !== undefined) {
      const spec = String(opts.signal);
      const n = signalNumber(spec.startsWith('-') ? spec.slice(1) : spec);
      if (n === undefined) throw new UsageError(`${spec}: invalid signal specification`);
      sig = n;
    }
    const args = rest;
    if (args.length === 0) throw new UsageError(`usage: ${killBuiltin.synopsis}`);
    let status = 0;
    for (const target of args) {
      const job = target.startsWith('%') ? ctx.shell.jobs.find(target) : undefined;
      if (target.startsWith('%') && !job) {
        await ctx.stderr.write(`kill: ${target}: no such job\n`);
        status = 1;
        continue;
      }
      const entries = job ? job.entryIds.map((id) => ctx.kernel.procs.get(id)!).filter(Boolean) : ctx.kernel.procs.find(target).slice(0, 1);
      if (entries.length === 0) {
        // A plain pid, as bash allows, but only of this session: a process aosh started or
        // one of theirs (-1 and 0 mean all of them). Never another process of the host.
        if (/^-?\d+$/.test(target)) {
          // The shell itself ($$): `kill -USR1 $$` runs its trap, `kill $$` ends it, as in bash.
          if (Number(target) === process.pid) {
            if (sig !== 0) process.kill(process.pid, sig);
            continue;
          }
          const r = ctx.kernel.signalPid(Number(target), sig);
          if (r === 'ok') continue;
          await ctx.stderr.write(r === 'gone' ? `kill: (${target}) - No such process\n` : `kill: ${target}: not a process of this session\n`);
          status = 1;
          continue;
        }
        await ctx.stderr.write(`kill: ${target}: no such process, job or agent\n`);
        status = 1;
        continue;
      }
      for (const e of entries) ctx.kernel.signal(e, sig);
    }
    return status;
  },
};
