// Requests-per-minute and tokens-per-minute limits per provider endpoint, over a sliding
// 60-second window. The scheduler asks before dispatching; nothing here sleeps.
import type { RateLimit } from './config.js';

const WINDOW_MS = 60_000;

export interface RateGrant {
  /** Corrects the tokens counted for this request once actual usage is known. */
  settle(actualTokens: number): void;
}

interface Entry {
  t: number;
  tokens: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Entry[]>();

  constructor(
    private readonly limitFor: (key: string) => RateLimit | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  private window(key: string): Entry[] {
    let w = this.windows.get(key);
    if (!w) this.windows.set(key, (w = []));
    const cutoff = this.now() - WINDOW_MS;
    while (w.length && w[0]!.t <= cutoff) w.shift();
    return w;
  }

  /** 0 when a request of `tokens` may start now, else milliseconds until it may. */
  waitMs(key: string, tokens: number): number {
    const lim = this.limitFor(key);
    if (!lim || (!lim.rpm && !lim.tpm)) return 0;
    const w = this.window(key);
    if (w.length === 0) return 0; // a request larger than the tpm limit still runs alone
    const t = this.now();
    let wait = 0;
    if (lim.rpm && w.length >= lim.rpm) wait = Math.max(wait, w[w.length - lim.rpm]!.t + WINDOW_MS - t);
    if (lim.tpm) {
      let sum = tokens;
      for (const e of w) sum += e.tokens;
      // Drop the oldest entries until the new request fits.
      for (let i = 0; sum > lim.tpm && i < w.length; i++) {
        sum -= w[i]!.tokens;
        wait = Math.max(wait, w[i]!.t + WINDOW_MS - t);
      }
    }
    return Math.max(0, wait);
  }

  take(key: string, tokens: number): RateGrant {
    const e: Entry = { t: this.now(), tokens };
    this.window(key).push(e);
    return { settle: (actual) => void (e.tokens = actual) };
  }
}
