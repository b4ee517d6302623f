// times: user and system CPU time of the shell, then of the commands it ran. The shell's
// are aosh's own process's (process.cpuUsage: the interpreter is that process); the
// commands' come from their cgroups as each ends (kernel.childTimes): stages are the
// world's children, not aosh's, so getrusage(RUSAGE_CHILDREN) would not see them. Without
// cgroup accounting that line reads 0m0.000s 0m0.000s.
import { type Builtin, writeNow } from './types.js';

/** bash's print_timeval: minutes, seconds and milliseconds ("0m0.010s"). */
export function formatTime(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const minutes = Math.floor(ms / 60000);
  const seconds = Math.floor((ms % 60000) / 1000);
  return `${minutes}m${seconds}.${String(ms % 1000).padStart(3, '0')}s`;
}

export const timesBuiltin: Builtin = {
  name: 'times',
  synopsis: 'times',
  description: 'Print the user and system CPU time used by the shell, then by the commands it ran that have ended (from their cgroups; zero where none accounts for them).',
  examples: [{ command: 'times | grep -cE "^[0-9]+m[0-9]+\\.[0-9]{3}s [0-9]+m[0-9]+\\.[0-9]{3}s$"', description: 'two lines: shell, children', output: '2\n' }],
  run(ctx) {
    const a = ctx.args[0];
    if (a !== undefined && a !== '--' && a.startsWith('-') && a !== '-') {
      const w = writeNow(ctx.stderr, `${ctx.errorPrefix ?? ''}times: ${a.slice(0, 2)}: invalid option\ntimes: usage: times\n`);
      return w ? w.then(() => 2) : 2;
    }
    const self = process.cpuUsage();
    const kids = ctx.kernel.childTimes;
    const text = `${formatTime(self.user)} ${formatTime(self.system)}\n${formatTime(kids.user * 1e6)} ${formatTime(kids.system * 1e6)}\n`;
    const w = writeNow(ctx.stdout, text);
    return w ? w.then(() => 0) : 0;
  },
};
