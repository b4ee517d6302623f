// Signal names and numbers, Linux x86-64/arm64 numbering (os.constants.signals).
import { constants } from 'node:os';

const BY_NUMBER = new Map<number, string>();
for (const [name, num] of Object.entries(constants.signals)) {
  if (!BY_NUMBER.has(num)) BY_NUMBER.set(num, name);
}

/** 9 -> "SIGKILL", 35 -> "SIGRTMIN+1", 63 -> "SIGRTMAX-1" (glibc's names); unknown numbers -> "SIG<n>". */
export function signalName(num: number): string {
  const known = BY_NUMBER.get(num);
  if (known) return known;
  if (num === 34) return 'SIGRTMIN';
  if (num === 64) return 'SIGRTMAX';
  if (num > 34 && num < 50) return `SIGRTMIN+${num - 34}`;
  if (num >= 50 && num < 64) return `SIGRTMAX-${64 - num}`;
  return `SIG${num}`;
}

/** "KILL", "SIGKILL", "kill", "9" -> 9; undefined when unknown. */
export function signalNumber(spec: string): number | undefined {
  if (/^\d+$/.test(spec)) {
    const n = Number(spec);
    return n >= 0 && n <= 64 ? n : undefined;
  }
  const upper = spec.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  // The real-time signals: RTMIN, RTMIN+N, RTMAX-N, RTMAX (34..64).
  const rt = /^SIGRT(MIN|MAX)(?:([+-])(\d+))?$/.exec(name);
  if (rt) {
    const n = (rt[1] === 'MIN' ? 34 : 64) + (rt[2] === '+' ? 1 : rt[2] === '-' ? -1 : 0) * Number(rt[3] ?? 0);
    return (rt[1] === 'MIN' ? rt[2] !== '-' : rt[2] !== '+') && n >= 34 && n <= 64 ? n : undefined;
  }
  return (constants.signals as Record<string, number>)[name];
}

/** What bash's job report says of a death by signal (strsignal's words): SIGTERM -> "Terminated". */
const DESCRIPTIONS: Record<string, string> = {
  SIGHUP: 'Hangup', SIGINT: 'Interrupt', SIGQUIT: 'Quit', SIGILL: 'Illegal instruction', SIGTRAP: 'Trace/breakpoint trap',
  SIGABRT: 'Aborted', SIGBUS: 'Bus error', SIGFPE: 'Floating point exception', SIGKILL: 'Killed', SIGUSR1: 'User defined signal 1',
  SIGSEGV: 'Segmentation fault', SIGUSR2: 'User defined signal 2', SIGPIPE: 'Broken pipe', SIGALRM: 'Alarm clock', SIGTERM: 'Terminated',
  SIGXCPU: 'CPU time limit exceeded', SIGXFSZ: 'File size limit exceeded', SIGSYS: 'Bad system call',
};

export function signalDescription(name: string): string {
  return DESCRIPTIONS[name] ?? name;
}

/**
 * Signals the shell sent to its own process (`kill -TERM $$`) and has not handled yet. Such
 * a signal is the shell's alone: its trap runs, but unlike one sent to the process group
 * (Ctrl-C, `timeout`) it reaches no foreground command (bash's child never sees it).
 */
const selfSent = new Map<number, number>();

export function noteSelfSignal(num: number): void {
  selfSent.set(num, (selfSent.get(num) ?? 0) + 1);
}

/** Whether this arriving signal is one the shell sent itself (and forgets it). */
export function takeSelfSignal(num: number): boolean {
  const n = selfSent.get(num) ?? 0;
  if (n === 0) return false;
  if (n === 1) selfSent.delete(num);
  else selfSent.set(num, n - 1);
  return true;
}
