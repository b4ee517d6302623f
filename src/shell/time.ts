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

const DEFAULT_FORMAT = '\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS';

/**
 * TIMEFORMAT as bash reads it: `%[p][l]R|U|S` (p digits after the point, 0-3, default 3;
 * l: MmS.FFs), `%P` (CPU percentage), `%%`; other text is copied. bash adds a newline.
 * Another conversion character is returned as `bad`: bash reports it and prints no times.
 */
export function formatTimes(fmt: string, t: { real: number; user: number; sys: number }): string | { bad: string } {
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    let j = i + 1;
    let prec = 3;
    let long = false;
    if (fmt[j] === '%') {
      out += '%';
      i = j;
      continue;
    }
    let digits = false;
    if (/[0-9]/.test(fmt[j] ?? '')) {
      prec = Math.min(3, Number(fmt[j++]));
      digits = true;
    }
    if (fmt[j] === 'l') {
      long = true;
      j++;
    }
    const k = fmt[j];
    const v = k === 'R' ? t.real : k === 'U' ? t.user : k === 'S' ? t.sys : k === 'P' ? (t.real > 0 ? ((t.user + t.sys) * 100) / t.real : 0) : undefined;
    if (v === undefined) {
      // A lone `%` at the end is copied; any other character is an error and bash prints nothing.
      if (j === i + 1 && k === undefined) {
        out += '%';
        continue;
      }
      return { bad: k ?? '\0' };
    }
    if (k === 'P' && !digits) prec = 2;
    const trunc = (x: number): string => (prec === 0 ? String(Math.floor(x)) : (Math.floor(x * 10 ** prec) / 10 ** prec).toFixed(prec));
    if (long && k !== 'P') {
      const m = Math.floor(v / 60);
      out += `${m}m${trunc(v - m * 60)}s`;
    } else out += trunc(v);
    i = j;
  }
  return out + '\n';
}

export async function timePipeline(
  mode: 'bash' | 'posix',
  ctx: ShellContext,
  run: () => Promise<number>,
  write: (text: string) => Promise<void>,
  bad: (message: string) => void | Promise<void>,
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
    const fmt = ctx.store.get('TIMEFORMAT');
    // An empty TIMEFORMAT prints nothing (bash).
    if (mode === 'posix') await write(`real ${real.toFixed(2)}\nuser ${user.toFixed(2)}\nsys ${sys.toFixed(2)}\n`);
    else if (fmt !== '') {
      const text = formatTimes(fmt ?? DEFAULT_FORMAT, { real, user, sys });
      if (typeof text === 'string') await write(text);
      else await bad(`TIMEFORMAT: \`${text.bad}': invalid format character`);
    }
  }
  return status;
}
