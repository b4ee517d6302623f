// `time PIPELINE`: wall-clock, user and system time of the pipeline, on stderr in bash's
// format (or POSIX's with -p). CPU time is aosh's own plus its reaped children's, read from
// /proc/self/stat, as bash reports its own and its children's.
import { readFileSync } from 'node:fs';
import type { ShellContext } from './context.js';

const TICKS = 100; // USER_HZ on Linux

function cpu(): { user: number; sys: number } {
  const self = process.cpuUsage();
  let cuser = 0;
  let csys = 0;
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    cuser = Number(f[13]) / TICKS; // cutime (field 16)
    csys = Number(f[14]) / TICKS; // cstime (field 17)
  } catch {
    // no /proc: aosh's own time only
  }
  return { user: self.user / 1e6 + cuser, sys: self.system / 1e6 + csys };
}

function bashFormat(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return `${m}m${(seconds - m * 60).toFixed(3)}s`;
}

export async function timePipeline(
  mode: 'bash' | 'posix',
  _ctx: ShellContext,
  run: () => Promise<number>,
  write: (text: string) => Promise<void>,
): Promise<number> {
  const t0 = process.hrtime.bigint();
  const c0 = cpu();
  let status: number;
  try {
    status = await run();
  } finally {
    const real = Number(process.hrtime.bigint() - t0) / 1e9;
    const c1 = cpu();
    const user = Math.max(0, c1.user - c0.user);
    const sys = Math.max(0, c1.sys - c0.sys);
    await write(
      mode === 'posix'
        ? `real ${real.toFixed(2)}\nuser ${user.toFixed(2)}\nsys ${sys.toFixed(2)}\n`
        : `\nreal\t${bashFormat(real)}\nuser\t${bashFormat(user)}\nsys\t${bashFormat(sys)}\n`,
    );
  }
  return status;
}
