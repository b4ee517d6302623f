// Retries on 429, 408/409, 5xx and network errors: exponential backoff with full jitter,
// honouring the server's Retry-After when it gives one. A call that already streamed text
// is never retried (the caller has printed it).
import { AbortedError, ProviderError } from './errors.js';
import type { RetryConfig } from './config.js';

export interface RetryHooks {
  /** True once output reached the caller: a failure is then final. */
  committed?: () => boolean;
  signal?: AbortSignal;
  onRetry?: (attempt: number, delayMs: number, err: ProviderError) => void;
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
      if (!(err instanceof ProviderError) || !err.retryable || attempt >= cfg.attempts || hooks.committed?.()) throw err;
      const delay = backoffMs(attempt, cfg, err, random);
      hooks.onRetry?.(attempt, delay, err);
      await sleep(delay, hooks.signal);
    }
  }
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
