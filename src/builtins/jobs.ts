import { parseFlags } from './flags.js';
import type { Builtin, JobView } from './types.js';
import { signalDescription } from '../kernel/signals.js';

/** The state each job was last listed in: -n lists those that changed since (or were never listed). */
const shown = new WeakMap<JobView, JobView['state']>();

export const jobsBuiltin: Builtin = {
  name: 'jobs',
  synopsis: 'jobs [-lnprs] [%JOB...] | jobs -x COMMAND [ARGS...]',
  description:
    'List background jobs with their state: + marks the current job, - the previous one. Status 1 when a %JOB names no job. ' +
    'jobs -x runs COMMAND with each %JOB among its arguments replaced by the pid of that job.',
  flags: [
    { flag: '-l', description: 'include process ids' },
    { flag: '-n', description: 'only the jobs that ended since they were last reported' },
    { flag: '-p', description: 'print only the process ids' },
    { flag: '-r', description: 'only running jobs' },
    { flag: '-s', description: 'only stopped jobs' },
    { flag: '-x', description: 'run the rest of the line as a command, job specs replaced by pids' },
  ],
  examples: [{ command: 'sleep 10 & jobs | grep -c Running; kill %1', description: 'a running job', output: '1\n' }],
  async run(ctx) {
    const jobs = ctx.shell.jobs;
    // -x ends the options: the rest is the command (bash reads no more flags after it).
    const x = ctx.args.findIndex((a) => a === '-x' || (/^-[lnprs]*x/.test(a) && a !== '--'));
    if (x >= 0 && !ctx.args.slice(0, x).includes('--')) {
      const argv = ctx.args.slice(x + 1).map((a) => {
        const j = a.startsWith('%') ? jobs.find(a) : undefined;
        return j ? String(j.pids[0] ?? j.entryIds[0]) : a;
      });
      if (argv.length === 0) return 0;
      return ctx.shell.runCommand(argv, { skipFunctions: false });
    }
    const { opts, rest } = parseFlags(ctx.args, jobsBuiltin.flags);
    const all = jobs.list();
    // + and - are the places in the whole table, whatever is listed.
    const mark = (j: JobView): string => (j === all[all.length - 1] ? '+' : j === all[all.length - 2] ? '-' : ' ');
    let status = 0;
    let list: JobView[] = all;
    if (rest.length) {
      list = [];
      for (const spec of rest) {
        const j = jobs.find(spec);
        if (j) list.push(j);
        else {
          if (jobs.ambiguous?.(spec)) await ctx.stderr.write(`${ctx.errorPrefix ?? ''}jobs: ${spec.slice(1)}: ambiguous job spec\n`);
          await ctx.stderr.write(`${ctx.errorPrefix ?? ''}jobs: ${spec}: no such job\n`);
          status = 1;
        }
      }
    }
    // A script's bash has no job control: it never learns that a job stopped (`kill -STOP`),
    // and lists it as running still.
    const stateOf = (j: JobView): JobView['state'] => (j.state === 'stopped' && !ctx.shell.interactive ? 'running' : j.state);
    if (opts.r) list = list.filter((j) => stateOf(j) === 'running');
    if (opts.s) list = list.filter((j) => stateOf(j) === 'stopped');
    if (opts.n) list = list.filter((j) => shown.get(j) !== j.state);
    let out = '';
    for (const j of list) {
      shown.set(j, j.state);
      if (opts.p) {
        for (const pid of j.pids.length ? j.pids : j.entryIds) out += `${pid}\n`;
        continue;
      }
      const st = stateOf(j);
      const state = st === 'done' ? doneText(j) : st === 'stopped' ? 'Stopped' : 'Running';
      // bash leaves the pid column blank without -l: `[1]+  Running`.
      const pid = opts.l ? ` ${j.pids.join(' ')}` : ' ';
      out += `[${j.id}]${mark(j)}${pid} ${state.padEnd(24)}${j.command}${st === 'running' ? ' &' : ''}\n`;
    }
    await ctx.stdout.write(out);
    for (const j of list) if (j.state === 'done') jobs.forget(j.id);
    return status;
  },
};

/** How bash reports an ended job: Done, Exit N, or the signal it died of (Terminated, Killed ...). */
export function doneText(j: Pick<JobView, 'status' | 'signal'>): string {
  if (j.signal) return signalDescription(j.signal);
  return j.status ? `Exit ${j.status}` : 'Done';
}
