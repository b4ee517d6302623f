// Two error layers (STYLE.md): typed errors with stable string codes, and fatal errors
// that carry the process exit status. User errors print one line; never a stack trace.

export const EXIT = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  BUDGET: 3,
  TIMEOUT: 124,
  CANNOT_EXECUTE: 126,
  NOT_FOUND: 127,
  SIGNAL_BASE: 128,
} as const;

export class AoshError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitStatus: number = EXIT.FAILURE,
  ) {
    super(message);
    this.name = 'AoshError';
  }
}

/** A usage error: one line, status 2. */
export class UsageError extends AoshError {
  constructor(message: string) {
    super('EUSAGE', message, EXIT.USAGE);
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
