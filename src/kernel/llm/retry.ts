// Retries on 429, 408/409, 5xx and network errors: exponential backoff with full jitter,
// honouring the server's Retry-After when it gives one. A call that already streamed text
// is never retried (the caller has printed it). A failure with no HTTP answer at all gets
// fewer attempts (networkAttempts): a server that refuses connections is usually down, not
// busy, and the user should hear that in about a second, not after 6.5 s of silence.
import { AbortedError, ProviderError } from './errors.js';
import type { RetryConfig } from './config.js';

export interface RetryHooks {
  /** True once output reached the caller: a failure is then final. */
  committed?: () => boolean;
  signal?: AbortSignal;
  /** Before each retry: the attempt that failed (1-based), the attempts this kind of failure gets, the wait. */
  onRetry?: (attempt: number, delayMs: number, err: ProviderError, attempts: number) => void;
  random?: () => number;
}

export function backoffMs(attempt: number, cfg: RetryConfig, err: ProviderError, random: () => number): number {
  // The server's word wins, even past maxMs: retrying earlier only earns another 429.
  if (err.retryAfterMs !== undefined) return Math.max(0, err.retryAfterMs);
  const cap = Math.min(cfg.maxMs, cfg.baseMs * 2 ** (attempt - 1));
  // "Equal jitter": half fixed, half random, so retries never collapse to 0 ms.
  return cap / 2 + random() * (cap / 2);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new AbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function withRetry<T>(fn: () => Promise<T>, cfg: RetryConfig, hooks: RetryHooks = {}): Promise<T> {
  const random = hooks.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (hooks.signal?.aborted) throw new AbortedError();
      if (!(err instanceof ProviderError) || !err.retryable || hooks.committed?.()) throw err;
      const attempts = attemptsFor(err, cfg);
      if (attempt >= attempts) throw err;
      const delay = backoffMs(attempt, cfg, err, random);
      hooks.onRetry?.(attempt, delay, err, attempts);
      await sleep(delay, hooks.signal);
    }
  }
}

/** How many attempts (including the first) a failure of this kind gets. */
export function attemptsFor(err: ProviderError, cfg: RetryConfig): number {
  return err.network ? Math.min(cfg.attempts, cfg.networkAttempts ?? cfg.attempts) : cfg.attempts;
}

/**
 * What went wrong, in words a user reads on one line: "connection refused by
 * http://127.0.0.1:8080/v1", "https://api.openai.com/v1 answered 503" ...
 */
export function describeFailure(err: ProviderError): string {
  const at = err.where.endpoint ?? 'the provider';
  if (err.network) {
    switch (err.where.code) {
      case 'ECONNREFUSED':
        return `connection refused by ${at}`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `cannot resolve the host of ${at}`;
      case 'ETIMEDOUT':
      case 'UND_ERR_CONNECT_TIMEOUT':
      case 'UND_ERR_HEADERS_TIMEOUT':
        return `${at} timed out`;
      case 'ECONNRESET':
      case 'EPIPE':
      case 'UND_ERR_SOCKET':
        return `the connection to ${at} was cut`;
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return `${at} is unreachable`;
      default:
        return `cannot reach ${at}${err.where.code ? ` (${err.where.code})` : ''}`;
    }
  }
  if (err.status === 429) return `${at} is rate limiting (429)`;
  if (err.status !== undefined) return `${at} answered ${err.status}`;
  return err.message;
}

/** The one-line notice before a retry: "connection refused by URL; retrying (2/3)…". */
export function retryNotice(info: { reason: string; attempt: number; attempts: number; delayMs: number }): string {
  const wait = info.delayMs >= 1000 ? ` in ${(info.delayMs / 1000).toFixed(info.delayMs < 10_000 ? 1 : 0)} s` : '';
  return `${info.reason}; retrying (${info.attempt + 1}/${info.attempts})${wait}…`;
}

/** Parses Retry-After (seconds or an HTTP date) and retry-after-ms headers. */
export function parseRetryAfter(get: (name: string) => string | null | undefined, now = Date.now()): number | undefined {
  const ms = get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const v = get('retry-after');
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** The innermost errno-style code of a network failure (ECONNREFUSED, UND_ERR_SOCKET ...), if any. */
export function networkCode(err: unknown): string | undefined {
  let e = err as { code?: unknown; cause?: unknown } | undefined;
  for (let i = 0; e && i < 6; i++, e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(e.code)) return e.code;
  }
  return undefined;
}

/** A one-line description of a network failure: the innermost error code or message. */
export function networkDetail(err: unknown): string {
  let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  let detail = typeof e?.message === 'string' ? e.message : String(err);
  for (let i = 0; e && i < 6; i++, e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return `cannot connect (${e.code})`;
    if (typeof e.message === 'string' && e.message) detail = e.message;
  }
  return detail.replace(/\s+/g, ' ').trim().slice(0, 300);
}
