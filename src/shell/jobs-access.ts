// The job table as a builtin sees it (ShellAccess.jobs): a subshell's view leaves out the
// jobs of the shell it was made in, which are not its own to list or wait for.
import type { JobView, ShellAccess } from '../builtins/types.js';
import type { ShellContext } from './context.js';
import type { Shell } from './executor.js';
import { reportEndedJob } from './exec-report.js';

export function jobsAccess(shell: Shell, ctx: ShellContext): ShellAccess['jobs'] {
  const hidden = ctx.hiddenJobs;
  if (hidden) {
    // In a subshell: the jobs of the shell around it are not its own.
    const list = (): JobView[] => shell.jobs.list().filter((j) => !hidden.has(j.id));
    return {
      list,
      find: (spec) => {
        const j = shell.jobs.find(spec);
        return j && !hidden.has(j.id) ? j : undefined;
      },
      ambiguous: (spec) => shell.jobs.ambiguous(spec),
      current: () => list().at(-1),
      forget: (id) => shell.jobs.forget(id),
      resume: (id, foreground) => shell.jobs.resume(shell, id, foreground),
      isHidden: (spec) => {
        const j = shell.jobs.find(spec);
        return j !== undefined && hidden.has(j.id);
      },
    };
  }
  return {
    list: (): JobView[] => shell.jobs.list(),
    find: (spec) => shell.jobs.find(spec),
    ambiguous: (spec) => shell.jobs.ambiguous(spec),
    current: () => shell.jobs.current(),
    forget: (id) => shell.jobs.forget(id),
    resume: (id, foreground) => shell.jobs.resume(shell, id, foreground),
    ended: (job) => (shell.jobs.untold(job) ? reportEndedJob(shell, ctx, job) : undefined),
  };

}
