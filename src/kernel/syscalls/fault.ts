// The fault boundaries of the syscall server. Each connection runs its socket events and
// every request inside an AsyncLocalStorage context naming itself, so that whatever still
// escapes — a throw in a timer a handler started, a rejected promise nobody awaited — is
// traced back to the connection that caused it. The process-level handler installed while a
// server runs turns such an error into one logged line and the closing of that connection:
// never an exit of the kernel, never a stack trace on the user's terminal (AOSH_DEBUG=1
// prints it). An error no connection claims is logged the same way and the kernel goes on.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface FaultTarget {
  /** Contains an error that escaped this connection's code: log it, close the connection. */
  fault(err: unknown, where: string): void;
}

const als = new AsyncLocalStorage<FaultTarget>();

/** Runs fn (and everything it schedules) as `target`'s code. */
export function within<T>(target: FaultTarget, fn: () => T): T {
  return als.run(target, fn);
}

export type FaultLog = (line: string) => void;

/**
 * One line per fault on stderr, at most `burst` per minute (an agent that can provoke a
 * fault must not be able to flood the user's terminal); the rest are counted and the count
 * is reported with the next line that gets through.
 */
export function rateLimitedLog(write: (line: string) => void = (l) => void process.stderr.write(`${l}\n`), burst = 10, now: () => number = Date.now): FaultLog {
  let windowStart = 0;
  let inWindow = 0;
  let suppressed = 0;
  return (line) => {
    const t = now();
    if (t - windowStart >= 60_000) {
      windowStart = t;
      inWindow = 0;
    }
    if (inWindow >= burst) {
      suppressed++;
      return;
    }
    inWindow++;
    write(suppressed ? `${line} (${suppressed} similar lines suppressed)` : line);
    suppressed = 0;
  };
}

/** One line describing an error: its message; its stack only in logs and with AOSH_DEBUG set. */
export function describeError(err: unknown, forLog = true): string {
  const msg = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  const line = msg.replace(/\s+/g, ' ').trim().slice(0, 300);
  if (forLog && process.env.AOSH_DEBUG && err instanceof Error && err.stack) return `${line}\n${err.stack}`;
  return line;
}

let users = 0;
let fallbackLog: FaultLog = rateLimitedLog();

function onError(err: unknown, where: string): void {
  const target = als.getStore();
  if (target) {
    try {
      target.fault(err, where);
      return;
    } catch {
      // the target's own handler failed: fall through to the plain line
    }
  }
  fallbackLog(`aosh: kernel: internal error (${where}, contained): ${describeError(err)}`);
}

const onUncaught = (err: unknown): void => onError(err, 'uncaught exception');
const onRejection = (err: unknown): void => onError(err, 'unhandled rejection');

/**
 * Installs the process-level last resort while at least one syscall server runs. Returns
 * the function that uninstalls this user's share of it.
 */
export function installLastResort(log?: FaultLog): () => void {
  if (log) fallbackLog = log;
  if (users++ === 0) {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onRejection);
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (--users === 0) {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onRejection);
    }
  };
}
