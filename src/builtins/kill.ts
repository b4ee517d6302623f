import { signalName, signalNumber } from '../kernel/signals.js';
import { UsageError } from '../kernel/errors.js';
import { parseFlags, type FlagDoc } from './flags.js';
import type { Builtin } from './types.js';

const KILL_FLAGS: FlagDoc[] = [
  { flag: '-s SIG', description: 'the signal by name or number (-s KILL)', key: 'signal' },
  { flag: '-n NUM', description: 'the signal by number (-n 9)', key: 'signal' },
  { flag: '-l, -L', description: 'list signal names (kill -l 143 names the signal of a status)', key: 'list' },
  { flag: '-SIG', description: 'the signal, by name (-KILL, -INT, -SIGTERM) or number (-9)', key: 'signal', match: (w) => /^-[A-Za-z0-9+]+$/.test(w) && !['-s', '-n', '-l', '-L'].includes(w) && signalNumber(w.slice(1)) !== undefined },
];

export const killBuiltin: Builtin = {
  name: 'kill',
  synopsis: 'kill [-SIG | -s SIG | -n NUM] ID|NAME|%JOB|PID... | kill -l',
  description:
    'Send a signal (default TERM) to kernel processes or tasks, by kernel id, name, job spec (%1) or pid. STOP and CONT pause and resume. -l lists signal names.',
  flags: KILL_FLAGS,
  examples: [{ command: 'sleep 5 & kill %1; wait %1; echo $?', description: 'terminate a job', output: '143\n' }],
  async run(ctx) {
    const { opts, rest } = parseFlags(ctx.args, KILL_FLAGS, { numbersAreOperands: false });
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
        // Not a kernel entry: a plain pid, as bash allows.
        if (/^-?\d+$/.test(target)) {
          try {
            process.kill(Number(target), sig);
            continue;
          } catch (e) {
            await ctx.stderr.write(`kill: (${target}) - ${(e as NodeJS.ErrnoException).code === 'ESRCH' ? 'No such process' : 'Operation not permitted'}\n`);
            status = 1;
            continue;
          }
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
