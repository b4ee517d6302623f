import { UsageError } from '../kernel/errors.js';
import { parseFlags } from './flags.js';
import type { Builtin, BuiltinContext } from './types.js';

/** Shared by fg and bg: the job named by the argument (default: the current job). */
async function resumeJob(ctx: BuiltinContext, foreground: boolean): Promise<number> {
  const jobs = ctx.shell.jobs;
  // A script has job control only with set -m, as in bash.
  if (!jobs.resume || (!ctx.shell.interactive && !ctx.shell.options().monitor)) return fail(ctx, 'no job control');
  const { rest } = parseFlags(ctx.args, []);
  if (rest.length > 1) throw new UsageError(`too many arguments (usage: ${ctx.name} [%JOB])`);
  const spec = rest[0];
  const job = spec === undefined ? jobs.current() : jobs.find(spec);
  if (!job || job.state === 'done') return fail(ctx, `${spec ?? 'current'}: no such job`);
  if (!foreground && job.state === 'running') {
    // bash's words, status 0: nothing to continue.
    await ctx.stderr.write(`${ctx.errorPrefix ?? ''}bg: job ${job.id} already in background\n`);
    return 0;
  }
  // The job's command goes to standard output (bash).
  if (foreground) await ctx.stdout.write(`${job.command}\n`);
  else await ctx.stdout.write(`[${job.id}]+ ${job.command} &\n`);
  return jobs.resume(job.id, foreground);
}

async function fail(ctx: BuiltinContext, message: string): Promise<number> {
  await ctx.stderr.write(`${ctx.errorPrefix ?? ''}${ctx.name}: ${message}\n`);
  return 1;
}

export const fgBuiltin: Builtin = {
  name: 'fg',
  synopsis: 'fg [%JOB]',
  description:
    'Continue a stopped or background job in the foreground (SIGCONT) and wait for it; Ctrl-C interrupts it, Ctrl-Z stops it again. The default job is the current one (%+).',
  examples: [{ command: 'fg %9', description: 'an unknown job', status: 1 }],
  special: true,
  run: (ctx) => resumeJob(ctx, true),
};

export const bgBuiltin: Builtin = {
  name: 'bg',
  synopsis: 'bg [%JOB]',
  description: 'Continue a stopped job in the background (SIGCONT), as if it had been started with &.',
  examples: [{ command: 'bg %9', description: 'an unknown job', status: 1 }],
  special: true,
  run: (ctx) => resumeJob(ctx, false),
};
