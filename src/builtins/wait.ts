import { spawnedAgents } from './spawn.js';
import { fail, type Builtin, type BuiltinContext } from './types.js';

export const waitBuiltin: Builtin = {
  name: 'wait',
  synopsis: 'wait [-fn] [-p VAR] [%JOB | PID | ID | NAME ...]',
  description:
    'Wait for background jobs, agents started with spawn and the last process substitution (all of them by default) and return the status of the last one waited for; 127 for an unknown job. Accepts job specs (%1), pids, kernel ids and names from ps. -n waits for the next job to finish.',
  flags: [
    { flag: '-n', description: 'wait for the next job to finish and return its status' },
    { flag: '-p VAR', description: 'with -n: store the pid of the job that finished in VAR' },
  ],
  examples: [{ command: 'sleep 0.1 & wait $!; echo $?', description: 'wait for the last job', output: '0\n' }],
  run(ctx) {
    // At the prompt Ctrl-C ends the wait with 130, as in bash; the jobs go on. (A script
    // waiting is not an interruptible builtin: SIGINT ends the script, as bash's.)
    if (!ctx.shell.interactive) {
      // A trapped signal ends the wait with 128+N; its trap runs next (bash).
      const sig = ctx.shell.nextTrappedSignal();
      if (!sig) return waitFor(ctx);
      return Promise.race([waitFor(ctx), sig.arrived]).finally(sig.cancel);
    }
    const signal = ctx.signal;
    if (signal.aborted) return 128 + (Number(signal.reason) || 2);
    let onAbort!: () => void;
    const aborted = new Promise<number>((r) => (onAbort = () => r(128 + (Number(signal.reason) || 2))));
    signal.addEventListener('abort', onAbort, { once: true });
    return Promise.race([waitFor(ctx), aborted]).finally(() => signal.removeEventListener('abort', onAbort));
  },
};

async function waitFor(ctx: BuiltinContext): Promise<number> {
  const prefix = ctx.errorPrefix ?? '';
  let args = ctx.args;
  let next = false;
  let pVar: string | undefined;
  while (args.length && args[0]!.startsWith('-') && !/^-\d+$/.test(args[0]!)) {
    const a = args[0]!;
    args = args.slice(1);
    if (a === '--') break;
    if (a === '-n') next = true;
    else if (a === '-f') continue;
    else if (a === '-p') {
      pVar = args[0];
      args = args.slice(1);
      if (pVar === undefined) return fail(ctx, '-p: option requires an argument', 2);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(pVar)) return fail(ctx, `\`${pVar}': not a valid identifier`, 1);
    } else return fail(ctx, `${a}: invalid option`, 2);
  }
  const jobs = ctx.shell.jobs;
  if (next) {
    // A job that ended and was not reported yet comes first, the lowest number first, as in
    // bash; then the next of those still running. (Ended jobs are reported silently after
    // each foreground command: those are no longer jobs.)
    let known = jobs.list();
    if (args.length) {
      const wanted = args.map((a) => jobs.find(a)).filter((j) => j !== undefined);
      if (wanted.length === 0) {
        await ctx.stderr.write(args.map((a) => `${prefix}wait: ${a}: no such job\n`).join(''));
        return 127;
      }
      known = known.filter((j) => wanted.includes(j));
    }
    const ended = known.filter((j) => j.state === 'done').sort((a, b) => a.id - b.id);
    const live = known.filter((j) => j.state !== 'done');
    if (!ended.length && !live.length) return 127;
    const job = ended[0] ?? (await Promise.race(live.map((j) => j.done.then(() => j))));
    // Its status as its `done` gives it (job.status may not be filled in yet when it just ended).
    const status = await job.done;
    await jobs.ended?.(job);
    jobs.forget(job.id);
    if (pVar !== undefined) ctx.shell.setVar(pVar, String(job.pids[job.pids.length - 1] ?? job.entryIds[job.entryIds.length - 1] ?? ''));
    return status;
  }
  if (args.length === 0) {
    // Every background job and every agent `spawn` started, as bash waits for all its jobs.
    for (const j of jobs.list()) {
      await j.done;
      await jobs.ended?.(j);
      jobs.forget(j.id);
    }
    for (const e of spawnedAgents(ctx.kernel)) await ctx.kernel.wait(e);
    await ctx.shell.lastProcSubst();
    return 0;
  }
  let status = 0;
  for (const spec of args) {
    const job = jobs.find(spec);
    if (job) {
      status = await job.done;
      await jobs.ended?.(job);
      jobs.forget(job.id);
      // -p: the pid (bash names a job by its last process) of the one whose status is returned.
      if (pVar !== undefined) ctx.shell.setVar(pVar, /^\d+$/.test(spec) ? spec : String(job.pids[job.pids.length - 1] ?? job.entryIds[job.entryIds.length - 1] ?? ''));
      continue;
    }
    // A kernel entry not started by this shell's `&` (spawn, an agent, a job waited for
    // already): wait through the kernel, which remembers ended processes.
    // In a stage or a background job, only what it started itself: not the task it runs in
    // nor the stages beside it (`wait 2 | cat` must not wait for cat), as a subshell of bash.
    const entries = jobs.isHidden?.(spec) ? [] : ctx.kernel.procs.find(spec).filter((e) => isChild(ctx, e.id));
    if (entries.length) {
      const e = await ctx.kernel.wait(entries[0]!);
      status = e.status ?? 0;
      if (pVar !== undefined) ctx.shell.setVar(pVar, spec);
      continue;
    }
    if (/^\d+$/.test(spec)) await ctx.stderr.write(`${prefix}wait: pid ${spec} is not a child of this shell\n`);
    else if (jobs.ambiguous?.(spec)) await ctx.stderr.write(`${prefix}wait: ${spec.slice(1)}: ambiguous job spec\n`);
    else if (spec.startsWith('%')) await ctx.stderr.write(`${prefix}wait: ${spec}: no such job\n`);
    else {
      await ctx.stderr.write(`${prefix}wait: \`${spec}': not a pid or valid job spec\n`);
      status = 1;
      continue;
    }
    status = 127;
  }
  return status;
}

/** Whether kernel entry `id` was started from where the builtin runs (anything, at the top). */
function isChild(ctx: BuiltinContext, id: number): boolean {
  const own = ctx.taskId ?? null;
  if (own === null) return true;
  const seen = new Set<number>();
  for (let p = ctx.kernel.procs.get(id)?.parent ?? null; p !== null && !seen.has(p); p = ctx.kernel.procs.get(p)?.parent ?? null) {
    if (p === own) return true;
    seen.add(p);
  }
  return false;
}
