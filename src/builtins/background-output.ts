// Where agents (spawn) and jobs (&) started from the interactive prompt write when their
// output would be the terminal: a log file per agent, so nothing is ever drawn over the
// prompt. The REPL installs the sink (src/shell/repl/bg-logs.ts): it shows a one-line
// notice at the next prompt (as bash reports `Done`) and the last line in the agents
// panel (Ctrl-T). Scripts and -c have no sink: their background output stays where it was.
import { isTTY } from '../lib/tty.js';

export interface BackgroundLog {
  /** Open for appending; given to the stages as stdout and stderr. */
  readonly fd: number;
  readonly path: string;
  /** The kernel entries writing to it (for the panel and the notice), a label ("[2] w") and
   * what they are: an agent's end is announced with its log, a job's by the job table. */
  attach(entryIds: number[], label: string, kind: 'agent' | 'job'): void;
  /** Closes aosh's copy of the fd (the stages keep theirs); called when they have ended. */
  close(): void;
}

export interface BackgroundOutputSink {
  open(name: string): BackgroundLog | null;
}

let sink: BackgroundOutputSink | null = null;

export function setBackgroundOutput(s: BackgroundOutputSink | null): void {
  sink = s;
}

/**
 * For a stage about to start in the background with these stdout/stderr fds: a log to use
 * instead, when a sink is installed and one of them is the terminal; else null.
 */
export function backgroundLog(name: string, stdoutFd: number, stderrFd: number): BackgroundLog | null {
  if (!sink) return null;
  if (!(stdoutFd >= 0 && isTTY(stdoutFd)) && !(stderrFd >= 0 && isTTY(stderrFd))) return null;
  return sink.open(name);
}
