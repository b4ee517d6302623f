// LLM errors: stable string codes and the exit status `think` returns for each.
import { AoshError, EXIT } from '../errors.js';

/** Exit statuses of `think` (documented in `help think`). */
export const THINK_EXIT = {
  OK: EXIT.OK,
  /** The provider failed (after retries), or a replay cassette had no answer. */
  PROVIDER: EXIT.FAILURE,
  USAGE: EXIT.USAGE,
  /** A budget refused the call before anything was sent. */
  BUDGET: EXIT.BUDGET,
  /** No provider is configured. */
  NOT_CONFIGURED: 4,
} as const;

export class LlmError extends AoshError {}

/** The provider answered with an error or could not be reached. */
export class ProviderError extends LlmError {
  constructor(
    message: string,
    /** HTTP status, when there was one. */
    readonly status?: number,
    /** Milliseconds the server asked us to wait (Retry-After), when it did. */
    readonly retryAfterMs?: number,
    /** Network-level failure (no HTTP response). */
    readonly network = false,
    /** Where the request went and, for a network failure, the innermost error code (ECONNREFUSED ...). */
    readonly where: { endpoint?: string; code?: string } = {},
  ) {
    super('EPROVIDER', message, THINK_EXIT.PROVIDER);
  }

  get retryable(): boolean {
    // A refused port or a bad URL does not heal by waiting; resets, timeouts and DNS hiccups may.
    if (this.network) return !/bad port|invalid url|unsupported protocol/i.test(this.message);
    const s = this.status;
    return s === 408 || s === 409 || s === 429 || (s !== undefined && s >= 500);
  }
}

export class BudgetError extends LlmError {
  constructor(
    message: string,
    /** The budget that tripped, e.g. "agent:builder tokens/hour". */
    readonly budget: string,
  ) {
    super('EBUDGET', message, THINK_EXIT.BUDGET);
  }
}

export class NotConfiguredError extends LlmError {
  constructor(message: string) {
    super('ENOPROVIDER', message, THINK_EXIT.NOT_CONFIGURED);
  }
}

export class ReplayMissError extends LlmError {
  constructor(message: string) {
    super('EREPLAYMISS', message, THINK_EXIT.PROVIDER);
  }
}

export class AbortedError extends LlmError {
  constructor() {
    super('EABORTED', 'interrupted', EXIT.SIGNAL_BASE + 2);
  }
}
