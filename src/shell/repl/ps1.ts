// PS1 and PROMPT_COMMAND, as bash reads them (set them in aoshrc). PROMPT_COMMAND runs
// before each prompt with $? kept; PS1's backslash escapes are decoded, then it is
// expanded as a double-quoted word ($VAR, $(cmd), $((n))), as bash's promptvars does.
// Without PS1, aosh's own prompt (cwd, last status, running agents) is shown.
import { hostname, userInfo } from 'node:os';
import { ExitSignal, type ShellContext } from '../context.js';
import type { Shell } from '../executor.js';
import { parse } from '../parser.js';
import { asDoubleQuoted } from '../transform.js';

export interface PromptEnv {
  cwd: string;
  home?: string;
  jobs: number;
  historyNumber: number;
  commandNumber: number;
  version: string;
  /** \h and \H: the machine's name as commands see it (the kernel's); else the host's. */
  host?: string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Decodes bash's prompt escapes (\u \h \w \W \$ \n \t \d \j \! \# \[ \] \e \NNN ...). */
export function decodePromptEscapes(ps1: string, env: PromptEnv, now = new Date()): string {
  const tilde = (p: string): string => (env.home && (p === env.home || p.startsWith(env.home + '/')) ? '~' + p.slice(env.home.length) : p);
  let user = process.env.USER ?? '';
  try {
    user ||= userInfo().username;
  } catch {
    // no passwd entry
  }
  const host = env.host ?? hostname();
  const h12 = now.getHours() % 12 || 12;
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return ps1.replace(/\\([0-7]{1,3}|.)/gs, (_, c: string) => {
    if (/^[0-7]+$/.test(c)) return String.fromCharCode(parseInt(c, 8));
    switch (c) {
      case 'u': return user;
      case 'h': return host.split('.')[0]!;
      case 'H': return host;
      case 'w': return tilde(env.cwd);
      case 'W': {
        const t = tilde(env.cwd);
        return t === '/' || t === '~' ? t : t.slice(t.lastIndexOf('/') + 1);
      }
      case '$': return process.getuid?.() === 0 ? '#' : '$';
      case 'n': return '\n';
      case 'r': return '\r';
      case 'a': return '\x07';
      case 'e': return '\x1b';
      case 's': return 'aosh';
      case 'v': return env.version.split('.').slice(0, 2).join('.');
      case 'V': return env.version;
      case 'j': return String(env.jobs);
      case '!': return String(env.historyNumber);
      case '#': return String(env.commandNumber);
      case 't': return `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
      case 'T': return `${pad(h12)}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
      case '@': return `${pad(h12)}:${pad(now.getMinutes())} ${now.getHours() < 12 ? 'AM' : 'PM'}`;
      case 'A': return `${pad(now.getHours())}:${pad(now.getMinutes())}`;
      case 'd': return `${days[now.getDay()]} ${months[now.getMonth()]} ${pad(now.getDate())}`;
      case '[': case ']': return ''; // non-printing markers: ink measures without escapes anyway
      case '\\': return '\\';
      default: return '\\' + c;
    }
  });
}


/** The expanded PS1, or null when PS1 is unset (aosh's own prompt). Errors fall back to the raw text. */
export async function expandPs1(shell: Shell, ctx: ShellContext, env: PromptEnv): Promise<string | null> {
  const ps1 = ctx.get('PS1');
  if (ps1 === undefined) return null;
  const decoded = decodePromptEscapes(ps1, { ...env, host: shell.kernel.hostname });
  if (!/[$`]/.test(decoded)) return decoded;
  const status = ctx.lastStatus;
  try {
    const script = parse(`printf '%s' "${asDoubleQuoted(decoded)}"`);
    return await shell.commandSubst(script.body, ctx);
  } catch {
    return decoded;
  } finally {
    ctx.lastStatus = status;
  }
}

/** Runs PROMPT_COMMAND (bash keeps $? across it). */
export async function runPromptCommand(shell: Shell, ctx: ShellContext): Promise<number | null> {
  const pc = ctx.get('PROMPT_COMMAND');
  if (!pc) return null;
  const status = ctx.lastStatus;
  try {
    await shell.runSource(pc, ctx, 'PROMPT_COMMAND');
  } catch (e) {
    if (e instanceof ExitSignal) return e.status;
    throw e;
  } finally {
    ctx.lastStatus = status;
  }
  return null;
}
