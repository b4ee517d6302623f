// The one scheduler every LLM call goes through. Per-client (agent) queues served by the
// Virtual Token Counter discipline (Sheng et al., "Fairness in Serving Large Language
// Models", OSDI 2024): each client has a counter of weighted service received (input
// tokens x wIn + output tokens x wOut, divided by the client's weight); the backlogged
// client with the smallest counter is served next; a client that returns from idle has its
// counter lifted to the smallest backlogged counter (or to the last served counter when
// nobody is waiting) so it cannot bank credit while idle. A global concurrency cap and
// per-endpoint rpm/tpm limits gate dispatch.
import { AbortedError } from './errors.js';
import type { RateLimiter } from './ratelimit.js';
import type { Usage } from './types.js';

export interface JobSpec {
  client: string;
  /** Estimated input tokens (counted at dispatch, corrected at completion). */
  input: number;
  maxOutput: number;
  /** The rpm/tpm bucket (provider endpoint). */
  limitKey: string;
  signal?: AbortSignal;
  /** Called at dispatch with the time the job waited in its queue (for wait-time metrics). */
  onStart?: (waitMs: number) => void;
}

interface Pending {
  spec: JobSpec;
  seq: number;
  start: () => void;
  abort: () => void;
}

interface Client {
  name: string;
  counter: number;
  queue: Pending[];
  running: number;
  served: number;
}

export interface SchedulerOptions {
  concurrency: number;
  weights?: Record<string, number>;
  limiter?: RateLimiter;
  /** Weight of an input token in the counters (VTC's w_p). */
  inputWeight?: number;
  /** Weight of an output token (VTC's w_q). */
  outputWeight?: number;
}

export interface ClientStats {
  client: string;
  counter: number;
  queued: number;
  running: number;
  served: number;
}

export class Scheduler {
  private readonly clients = new Map<string, Client>();
  private running = 0;
  private seq = 0;
  private lastServed = 0;
  private timer: NodeJS.Timeout | undefined;
  readonly concurrency: number;
  private readonly wIn: number;
  private readonly wOut: number;

  constructor(private readonly opts: SchedulerOptions) {
    this.concurrency = Math.max(1, Math.floor(opts.concurrency));
    this.wIn = opts.inputWeight ?? 1;
    this.wOut = opts.outputWeight ?? 2;
  }

  private weight(name: string): number {
    const w = this.opts.weights?.[name];
    return typeof w === 'number' && w > 0 ? w : 1;
  }

  private client(name: string): Client {
    let c = this.clients.get(name);
    if (!c) this.clients.set(name, (c = { name, counter: 0, queue: [], running: 0, served: 0 }));
    return c;
  }

  /** Runs `run` when the client's turn comes; resolves to its result. */
  submit<T>(spec: JobSpec, run: (progress: (outputSoFar: number) => void) => Promise<T>, usageOf: (r: T) => Usage | undefined): Promise<T> {
    if (spec.signal?.aborted) return Promise.reject(new AbortedError());
    const c = this.client(spec.client);
    if (c.queue.length === 0) {
      // Returning from idle: lift to the current minimum so idleness earns no credit.
      let min = Infinity;
      for (const o of this.clients.values()) if (o.queue.length > 0 && o.counter < min) min = o.counter;
      c.counter = Math.max(c.counter, min === Infinity ? (c.running > 0 ? c.counter : this.lastServed) : min);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => p.abort();
      const queuedAt = performance.now();
      const p: Pending = {
        spec,
        seq: this.seq++,
        abort: () => {
          const i = c.queue.indexOf(p);
          if (i >= 0) c.queue.splice(i, 1);
          reject(new AbortedError());
        },
        start: () => {
          spec.signal?.removeEventListener('abort', onAbort);
          spec.onStart?.(performance.now() - queuedAt);
          const w = this.weight(c.name);
          c.counter += (this.wIn * spec.input) / w;
          this.lastServed = c.counter;
          c.running++;
          this.running++;
          const grant = this.opts.limiter?.take(spec.limitKey, spec.input + spec.maxOutput);
          // Output is charged as it streams (as VTC counts generated tokens), then trued up.
          let counted = 0;
          const progress = (soFar: number): void => {
            if (soFar <= counted) return;
            c.counter += (this.wOut * (soFar - counted)) / w;
            counted = soFar;
          };
          const end = (usage: Usage | undefined): void => {
            if (usage) {
              c.counter += (this.wIn * (usage.input - spec.input) + this.wOut * (usage.output - counted)) / w;
              grant?.settle(usage.input + usage.output);
            }
            c.running--;
            c.served++;
            this.running--;
            this.pump();
          };
          run(progress).then(
            (r) => {
              end(usageOf(r));
              resolve(r);
            },
            (err: unknown) => {
              end(undefined);
              reject(err);
            },
          );
        },
      };
      spec.signal?.addEventListener('abort', onAbort, { once: true });
      c.queue.push(p);
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const backlogged = [...this.clients.values()].filter((c) => c.queue.length > 0);
      if (backlogged.length === 0) return;
      backlogged.sort((a, b) => a.counter - b.counter || a.queue[0]!.seq - b.queue[0]!.seq);
      let next: Pending | undefined;
      let owner: Client | undefined;
      let soonest = Infinity;
      for (const c of backlogged) {
        const head = c.queue[0]!;
        const wait = this.opts.limiter?.waitMs(head.spec.limitKey, head.spec.input + head.spec.maxOutput) ?? 0;
        if (wait === 0) {
          next = head;
          owner = c;
          break;
        }
        soonest = Math.min(soonest, wait);
      }
      if (!next || !owner) {
        if (!this.timer && soonest < Infinity) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.pump();
          }, soonest);
        }
        return;
      }
      owner.queue.shift();
      next.start();
    }
  }

  /** Jobs waiting for dispatch, over all clients. */
  queued(): number {
    let n = 0;
    for (const c of this.clients.values()) n += c.queue.length;
    return n;
  }

  /** Jobs dispatched and not yet finished. */
  get inFlight(): number {
    return this.running;
  }

  stats(): ClientStats[] {
    return [...this.clients.values()].map((c) => ({ client: c.name, counter: c.counter, queued: c.queue.length, running: c.running, served: c.served }));
  }
}
