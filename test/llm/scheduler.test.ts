// The fair scheduler: VTC service order, concurrency cap, weights, rpm limits.
import { describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../src/kernel/llm/ratelimit.js';
import { Scheduler } from '../../src/kernel/llm/scheduler.js';

function job(s: Scheduler, client: string, log: string[], ms = 5, usage = { input: 100, output: 100 }) {
  return s.submit(
    { client, input: usage.input, maxOutput: usage.output, limitKey: 'p' },
    async () => {
      log.push(client);
      await new Promise((r) => setTimeout(r, ms));
      return usage;
    },
    (u) => u,
  );
}

describe('Scheduler', () => {
  it('interleaves two agents with different demand under concurrency 1 (not FIFO)', async () => {
    const s = new Scheduler({ concurrency: 1 });
    const log: string[] = [];
    const all: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i++) all.push(job(s, 'heavy', log)); // heavy queues 10 first
    for (let i = 0; i < 3; i++) all.push(job(s, 'light', log));
    await Promise.all(all);
    // FIFO would serve all ten heavy requests first; VTC serves light within the first few.
    expect(log.slice(0, 7).filter((c) => c === 'light')).toHaveLength(3);
    expect(log.indexOf('light')).toBeLessThanOrEqual(2);
  });

  it('equal demand gets alternating service', async () => {
    const s = new Scheduler({ concurrency: 1 });
    const log: string[] = [];
    const all: Promise<unknown>[] = [];
    for (let i = 0; i < 5; i++) all.push(job(s, 'a', log, 2));
    for (let i = 0; i < 5; i++) all.push(job(s, 'b', log, 2));
    await Promise.all(all);
    const firstSix = log.slice(0, 6);
    expect(firstSix.filter((c) => c === 'a').length).toBe(3);
  });

  it('weights share service in proportion', async () => {
    const s = new Scheduler({ concurrency: 1, weights: { gold: 3 } });
    const log: string[] = [];
    const all: Promise<unknown>[] = [];
    for (let i = 0; i < 12; i++) all.push(job(s, 'gold', log, 1));
    for (let i = 0; i < 12; i++) all.push(job(s, 'std', log, 1));
    await Promise.all(all);
    const first = log.slice(0, 12);
    expect(first.filter((c) => c === 'gold').length).toBeGreaterThanOrEqual(8);
  });

  it('an agent returning from idle gets no banked credit', async () => {
    const s = new Scheduler({ concurrency: 1 });
    const log: string[] = [];
    // a works alone for a while
    for (let i = 0; i < 5; i++) await job(s, 'a', log, 1);
    // b was idle all along: it arrives with a and must not get 5 turns in a row
    const all: Promise<unknown>[] = [];
    for (let i = 0; i < 6; i++) all.push(job(s, 'a', log, 1));
    for (let i = 0; i < 6; i++) all.push(job(s, 'b', log, 1));
    await Promise.all(all);
    const after = log.slice(5);
    let run = 0;
    let maxRun = 0;
    for (let i = 0; i < after.length; i++) {
      run = i > 0 && after[i] === after[i - 1] ? run + 1 : 1;
      maxRun = Math.max(maxRun, run);
    }
    expect(maxRun).toBeLessThanOrEqual(2);
  });

  it('never runs more than the concurrency cap', async () => {
    const s = new Scheduler({ concurrency: 3 });
    let running = 0;
    let peak = 0;
    const all = Array.from({ length: 12 }, (_, i) =>
      s.submit(
        { client: `c${i % 4}`, input: 10, maxOutput: 10, limitKey: 'p' },
        async () => {
          peak = Math.max(peak, ++running);
          await new Promise((r) => setTimeout(r, 5));
          running--;
          return { input: 10, output: 10 };
        },
        (u) => u,
      ),
    );
    await Promise.all(all);
    expect(peak).toBe(3);
  });

  it('holds requests beyond the rpm limit until the window allows', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const limiter = new RateLimiter(() => ({ rpm: 2 }));
      const s = new Scheduler({ concurrency: 4, limiter });
      const log: string[] = [];
      const ps = [job(s, 'a', log, 0), job(s, 'a', log, 0), job(s, 'a', log, 0)];
      await vi.advanceTimersByTimeAsync(10);
      expect(log).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(30_000);
      expect(log).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(30_100);
      await Promise.all(ps);
      expect(log).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('an aborted queued request leaves the queue', async () => {
    const s = new Scheduler({ concurrency: 1 });
    const log: string[] = [];
    const first = job(s, 'a', log, 20);
    const ac = new AbortController();
    const second = s.submit({ client: 'b', input: 1, maxOutput: 1, limitKey: 'p', signal: ac.signal }, async () => ({ input: 1, output: 1 }), (u) => u);
    ac.abort();
    await expect(second).rejects.toThrow(/interrupted/);
    await first;
    expect(s.stats().find((c) => c.client === 'b')!.queued).toBe(0);
  });
});
