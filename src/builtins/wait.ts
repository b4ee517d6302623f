import { parseFlags } from './flags.js';
import { spawnedAgents } from './spawn.js';
import type { Builtin } from './types.js';

export const waitBuiltin: Builtin = {
  name: 'wait',
  synopsis: 'wait [-n] [%JOB | PID | ID | NAME ...]',
  description:
    'Wait for background jobs and agents started with spawn (all of them by default) and return the status of the last one waited for; 127 for an unknown job. Accepts job specs (%1), pids, kernel ids and names from ps. -n waits for the next job to finish.',
  flags: [{ flag: '-n', key: 'next', description: 'wait for any one job and return its status' }],
  examples: [{ command: 'sleep 0.1 & wait $!; echo $?', description: 'wait for the last job', output: '0\n' }],
  async run(ctx) {
    const { opts, rest: args } = parseFlags(ctx.args, waitBuiltin.flags, { interleave: true });
    const jobs = ctx.shell.jobs;
    if (opts.next) {
      const live = jobs.list().filter((j) => j.state !== 'done');
      if (!live.length) return 127;
      const status = await Promise.race(live.map((j) => j.done));
      return status;
    }
    if (args.length === 0) {
      // Every background job and every agent `spawn` started, as bash waits for all its jobs.
      for (const j of jobs.list()) {
        await j.done;
        jobs.forget(j.id);
      }
      for (const e of spawnedAgents(ctx.kernel)) await ctx.kernel.wait(e);
      return 0;
    }
    let status = 0;
    for (const spec of args) {
      const job = jobs.find(spec);
      if (job) {
        status = await job.done;
        jobs.forget(job.id);
        continue;
      }
      // A kernel entry not started by this shell's `&` (spawn, an agent): wait through the kernel.
      const entries = ctx.kernel.procs.find(spec);
      if (entries.length) {
        const e = await ctx.kernel.wait(entries[0]!);
        status = e.status ?? 0;
        continue;
      }
      await ctx.stderr.write(`wait: ${spec}: no such job\n`);
      status = 127;
    }
    return status;
  },
};
