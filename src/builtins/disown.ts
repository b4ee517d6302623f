// disown: drop jobs from the job table (they keep running; `jobs` and `wait` forget them).
import { type Builtin, writeNow } from './types.js';

export const disownBuiltin: Builtin = {
  name: 'disown',
  synopsis: 'disown [-h] [-ar] [%JOB | PID ...]',
  description:
    'Remove jobs from the job table: the current job by default, the named ones, or all (-a; -r: only running ones). The jobs keep running. -h keeps them in the table (the shell sends no SIGHUP to its jobs anyway).',
  flags: [
    { flag: '-a', description: 'all jobs' },
    { flag: '-r', description: 'only running jobs' },
    { flag: '-h', description: 'keep the jobs in the table' },
  ],
  examples: [{ command: 'sleep 1 & disown; jobs | wc -l', description: 'the job is no longer listed', output: '0\n' }],
  run(ctx) {
    const jobs = ctx.shell.jobs;
    const prefix = ctx.errorPrefix ?? '';
    let args = ctx.args;
    const f = new Set<string>();
    while (args.length && args[0]!.startsWith('-') && args[0] !== '-') {
      const a = args[0]!;
      args = args.slice(1);
      if (a === '--') break;
      for (const c of a.slice(1)) {
        if (!'ahr'.includes(c)) {
          const w = writeNow(ctx.stderr, `${prefix}disown: -${c}: invalid option\ndisown: usage: disown [-h] [-ar] [jobspec ... | pid ...]\n`);
          return w ? w.then(() => 2) : 2;
        }
        f.add(c);
      }
    }
    const drop = (id: number): void => {
      if (!f.has('h')) jobs.forget(id);
    };
    if (args.length === 0 && (f.has('a') || f.has('r'))) {
      for (const j of jobs.list()) if (!f.has('r') || j.state === 'running') drop(j.id);
      return 0;
    }
    let errors = '';
    if (args.length === 0) {
      const j = jobs.current();
      if (j) drop(j.id);
      else errors = `${prefix}disown: current: no such job\n`;
    }
    for (const spec of args) {
      const j = jobs.find(spec);
      if (j) drop(j.id);
      else errors += `${prefix}disown: ${spec}: no such job\n`;
    }
    if (!errors) return 0;
    const w = writeNow(ctx.stderr, errors);
    return w ? w.then(() => 1) : 1;
  },
};
