import { parseFlags } from './flags.js';
import type { Builtin, JobView } from './types.js';
import { signalDescription } from '../kernel/signals.js';

export const jobsBuiltin: Builtin = {
  name: 'jobs',
  synopsis: 'jobs [-lp] [%JOB...]',
  description: 'List background jobs with their state. -l adds pids; -p prints only pids.',
  flags: [
    { flag: '-l', description: 'include process ids' },
    { flag: '-p', description: 'print only the process ids' },
  ],
  examples: [{ command: 'sleep 1 & jobs | grep -c Running; kill %1', description: 'a running job', output: '1\n' }],
  async run(ctx) {
    const { opts, rest } = parseFlags(ctx.args, jobsBuiltin.flags);
    const long = opts.l === true;
    const pidsOnly = opts.p === true;
    // jobs %1 ...: only those.
    const list = rest.length ? rest.map((spec) => ctx.shell.jobs.find(spec)).filter((j) => j !== undefined) : ctx.shell.jobs.list();
    for (let i = 0; i < list.length; i++) {
      const j = list[i]!;
      if (pidsOnly) {
        for (const pid of j.pids) await ctx.stdout.write(`${pid}\n`);
        continue;
      }
      const mark = i === list.length - 1 ? '+' : i === list.length - 2 ? '-' : ' ';
      const state = j.state === 'done' ? doneText(j) : j.state === 'stopped' ? 'Stopped' : 'Running';
      // bash leaves the pid column blank without -l: `[1]+  Running`.
      const pid = long ? ` ${j.pids.join(' ')}` : ' ';
      await ctx.stdout.write(`[${j.id}]${mark}${pid} ${state.padEnd(24)}${j.command}${j.state === 'running' ? ' &' : ''}\n`);
    }
    for (const j of list) if (j.state === 'done') ctx.shell.jobs.forget(j.id);
    return 0;
  },
};

/** How bash reports an ended job: Done, Exit N, or the signal it died of (Terminated, Killed ...). */
export function doneText(j: Pick<JobView, 'status' | 'signal'>): string {
  if (j.signal) return signalDescription(j.signal);
  return j.status ? `Exit ${j.status}` : 'Done';
}
