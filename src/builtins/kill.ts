import { signalName, signalNumber } from '../kernel/signals.js';
import type { Builtin } from './types.js';

export const killBuiltin: Builtin = {
  name: 'kill',
  synopsis: 'kill [-SIG | -s SIG | -n NUM] ID|NAME|%JOB|PID... | kill -l',
  description:
    'Send a signal (default TERM) to kernel processes or tasks, by kernel id, name, job spec (%1) or pid. STOP and CONT pause and resume. -l lists signal names. Only the session\'s own processes can be signalled: a pid that aosh did not start (nor one of its processes) is refused, and -1 means every process of the session.',
  flags: [
    { flag: '-SIG', description: 'the signal, by name (-KILL, -INT) or number (-9)' },
    { flag: '-l', description: 'list signal names' },
  ],
  examples: [{ command: 'sleep 5 & kill %1; wait %1; echo $?', description: 'terminate a job', output: '143\n' }],
  async run(ctx) {
    let args = ctx.args;
    let sig = 15;
    if (args[0] === '-l' || args[0] === '-L') {
      if (args[1]) {
        const n = Number(args[1]);
        await ctx.stdout.write((Number.isInteger(n) ? signalName(n > 128 ? n - 128 : n).replace(/^SIG/, '') : String(signalNumber(args[1]) ?? '')) + '\n');
        return 0;
      }
      const names: string[] = [];
      for (let i = 1; i < 32; i++) names.push(`${String(i).padStart(2)}) ${signalName(i)}`);
      await ctx.stdout.write(names.join('\n') + '\n');
      return 0;
    }
    if (args[0] === '-s' || args[0] === '-n') {
      const n = args[1] === undefined ? undefined : signalNumber(args[1]);
      if (n === undefined) return usage(`${args[1] ?? ''}: invalid signal specification`);
      sig = n;
      args = args.slice(2);
    } else if (args[0]?.startsWith('-') && args[0] !== '--') {
      const n = signalNumber(args[0].slice(1));
      if (n === undefined) return usage(`${args[0].slice(1)}: invalid signal specification`);
      sig = n;
      args = args.slice(1);
    }
    if (args[0] === '--') args = args.slice(1);
    if (args.length === 0) return usage('usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]');
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

    async function usage(msg: string): Promise<number> {
      await ctx.stderr.write(`kill: ${msg}\n`);
      return 2;
    }
  },
};
