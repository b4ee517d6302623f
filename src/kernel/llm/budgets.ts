// Hard token and USD budgets, per agent, per session and global, with optional fixed
// windows (minute/hour/day, UTC). Exact by construction: each call reserves an upper
// bound of its input plus its whole output cap against every applicable budget before
// anything is sent; concurrent calls see each other's reservations; the response settles
// actual usage and releases the rest. Global budgets persist in $AOSH_HOME/budgets.json
// under a lock file (many aosh processes).
//
// Hard and fair at once (acquire(), what the LLM service uses): a call reserves what it can
// really use — its max_tokens, lowered only to what each budget could pay if nothing else
// were in flight — never "the whole remaining budget". When other calls' reservations stand
// in the way it waits for them to settle, in arrival order among calls that share a budget,
// instead of being refused; it is refused only when the budget, idle, could not pay for its
// input and one output token. (Reserving the whole remainder per call refused 99 of 100
// agents under a 6,000-token session budget after 408 tokens had been spent: issue 12.)
// reserve() is the same accounting without waiting: it lowers the cap to what is left now
// and refuses when that is nothing.
import { AbortedError, BudgetError } from './errors.js';
import { LedgerFile, type Bucket } from './ledger-file.js';
import type { Price } from './pricing.js';

export type BudgetWindow = 'minute' | 'hour' | 'day';

export interface BudgetSpec {
  scope: 'global' | 'session' | 'agent';
  /** For scope "agent": one agent's name; absent or "*" applies to each agent separately. */
  agent?: string;
  tokens?: number;
  usd?: number;
  window?: BudgetWindow;
}

const WINDOW_MS: Record<BudgetWindow, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

type Acc = (key: string, bucket: number) => Bucket;

interface Hold {
  key: string;
  bucket: number;
  tokens: number;
  usd: number;
}

export interface Reservation {
  /** The output cap the call may send. */
  maxOutput: number;
  /** Charges actual usage and releases the rest of the hold. */
  settle(input: number, output: number, usd: number): void;
  /** Releases the hold without charging (nothing was sent). */
  release(): void;
}

export interface BudgetStatus {
  budget: string;
  limitTokens?: number;
  limitUsd?: number;
  usedTokens: number;
  usedUsd: number;
  reservedTokens: number;
  reservedUsd: number;
}

export function describeBudget(spec: BudgetSpec, agent?: string): string {
  const who = spec.scope === 'agent' ? `agent ${spec.agent && spec.agent !== '*' ? spec.agent : agent ?? '*'}` : spec.scope;
  return spec.window ? `${who} budget per ${spec.window}` : `${who} budget`;
}

/** A call waiting in acquire() for other calls' reservations to settle. */
interface Waiter {
  agent: string;
  input: number;
  wanted: number;
  price: Price | null;
  model: string;
  keys: Set<string>;
  resolve: (r: Reservation) => void;
  reject: (err: Error) => void;
  done: boolean;
  cleanup: () => void;
}

/** How often waiters look again when the holds in their way belong to other aosh processes. */
const CROSS_PROCESS_POLL_MS = 250;

export class Budgets {
  private readonly mem = new Map<string, Bucket>();
  private readonly memHolds = new Map<string, Bucket>();
  private readonly waiters: Waiter[] = [];
  private pollTimer: NodeJS.Timeout | undefined;
  private ledgerFile: LedgerFile | undefined;
  readonly specs: BudgetSpec[];

  constructor(
    specs: BudgetSpec[],
    private readonly home: string | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.specs = [...specs];
  }

  /** Adds a budget at run time (e.g. `spawn --budget-tokens N` adds one for that agent). */
  add(spec: BudgetSpec): void {
    this.specs.push(spec);
  }

  private get file(): LedgerFile | undefined {
    if (this.home && !this.ledgerFile) this.ledgerFile = new LedgerFile(this.home);
    return this.ledgerFile;
  }

  private applicable(agent: string): { spec: BudgetSpec; key: string; bucket: number }[] {
    const t = this.now();
    const out: { spec: BudgetSpec; key: string; bucket: number }[] = [];
    for (const spec of this.specs) {
      if (spec.tokens === undefined && spec.usd === undefined) continue;
      if (spec.scope === 'agent' && spec.agent && spec.agent !== '*' && spec.agent !== agent) continue;
      const who = spec.scope === 'agent' ? `agent:${agent}` : spec.scope;
      const key = `${who}:${spec.window ?? 'all'}:${spec.tokens ?? '-'}:${spec.usd ?? '-'}`;
      out.push({ spec, key, bucket: spec.window ? Math.floor(t / WINDOW_MS[spec.window]) : 0 });
    }
    return out;
  }

  /** Runs fn over the used/held totals, under the file lock when a global budget applies. */
  private transact<T>(global: boolean, fn: (used: Acc, held: Acc, others: Acc) => T): T {
    const memGet = (m: Map<string, Bucket>) => (k: string, b: number): Bucket => {
      const id = `${k}@${b}`;
      let v = m.get(id);
      if (!v) m.set(id, (v = { tokens: 0, usd: 0 }));
      return v;
    };
    if (!global || !this.file) {
      return fn(memGet(this.mem), memGet(this.memHolds), () => ({ tokens: 0, usd: 0 }));
    }
    return this.file.transact((state) => {
      const isGlobal = (k: string): boolean => k.startsWith('global:');
      const used = (k: string, b: number): Bucket => (isGlobal(k) ? state.used(k, b) : memGet(this.mem)(k, b));
      const held = (k: string, b: number): Bucket => (isGlobal(k) ? state.held(k, b) : memGet(this.memHolds)(k, b));
      const others = (k: string, b: number): Bucket => (isGlobal(k) ? state.others(k, b) : { tokens: 0, usd: 0 });
      return fn(used, held, others);
    });
  }

  /**
   * Reserves input + output for a call, lowering the output cap to what every applicable
   * budget can pay for. Throws BudgetError, naming the budget, if not even one output
   * token can be paid for.
   */
  reserve(agent: string, inputTokens: number, wantedOutput: number, price: Price | null, model: string): Reservation {
    const apps = this.applicable(agent);
    if (apps.length === 0) return { maxOutput: wantedOutput, settle: () => {}, release: () => {} };
    const anyGlobal = apps.some((a) => a.spec.scope === 'global');
    const holds: Hold[] = this.transact(anyGlobal, (used, held, others) => {
      let cap = wantedOutput;
      for (const { spec, key, bucket } of apps) {
        const u = used(key, bucket);
        const mine = held(key, bucket);
        const o = others(key, bucket);
        const h = { tokens: mine.tokens + o.tokens, usd: mine.usd + o.usd };
        const name = describeBudget(spec, agent);
        if (spec.tokens !== undefined) {
          const left = spec.tokens - u.tokens - h.tokens;
          const allowed = left - inputTokens;
          if (allowed < 1) {
            throw new BudgetError(
              `${name} exhausted: ${spec.tokens} tokens, ${u.tokens} used, ${h.tokens} reserved; this call needs up to ${inputTokens} input tokens + 1 output token`,
              name,
            );
          }
          if (allowed < cap) cap = allowed;
        }
        if (spec.usd !== undefined) {
          if (!price) throw new BudgetError(`${name} is in USD but model ${model} has no price: add it to "llm.prices" in $AOSH_HOME/config.json`, name);
          const left = spec.usd - u.usd - h.usd;
          const inCost = (inputTokens * price.input) / 1e6;
          const allowed = price.output > 0 ? Math.floor(((left - inCost) * 1e6) / price.output + 1e-9) : left >= inCost ? Infinity : 0;
          if (allowed < 1) {
            throw new BudgetError(
              `${name} exhausted: $${spec.usd}, $${fmt(u.usd)} spent, $${fmt(h.usd)} reserved; this call needs up to $${fmt(inCost + price.output / 1e6)}`,
              name,
            );
          }
          if (allowed < cap) cap = allowed;
        }
      }
      return placeHolds(apps, held, inputTokens, cap, price);
    });
    return this.reservation(holds, inputTokens, anyGlobal);
  }

  /**
   * Reserves input + what the call can really use (see the top of this file); waits while
   * other calls' reservations are in the way; rejects with BudgetError when even an idle
   * budget could not pay, or with AbortedError when `signal` fires while it waits.
   */
  acquire(agent: string, inputTokens: number, wantedOutput: number, price: Price | null, model: string, signal?: AbortSignal): Promise<Reservation> {
    const apps = this.applicable(agent);
    if (apps.length === 0) return Promise.resolve({ maxOutput: wantedOutput, settle: () => {}, release: () => {} });
    if (signal?.aborted) return Promise.reject(new AbortedError());
    return new Promise<Reservation>((resolve, reject) => {
      const w: Waiter = { agent, input: inputTokens, wanted: wantedOutput, price, model, keys: new Set(apps.map((a) => a.key)), resolve, reject, done: false, cleanup: () => {} };
      if (signal) {
        const onAbort = (): void => this.finishWaiter(w, new AbortedError());
        signal.addEventListener('abort', onAbort, { once: true });
        w.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.waiters.push(w);
      this.serveWaiters();
    });
  }

  /** Grants every waiter that fits now, in arrival order among those sharing a budget. */
  private serveWaiters(): void {
    const blocked = new Set<string>();
    for (const w of [...this.waiters]) {
      if (w.done) continue;
      if ([...w.keys].some((k) => blocked.has(k))) continue;
      let r: Reservation | null;
      try {
        r = this.tryGrant(w);
      } catch (err) {
        this.finishWaiter(w, err as Error);
        continue;
      }
      if (r) this.finishWaiter(w, null, r);
      else for (const k of w.keys) blocked.add(k);
    }
    // Holds of other aosh processes settle without telling us: look again now and then.
    const waitingOnFile = this.file && this.waiters.some((w) => !w.done);
    if (waitingOnFile && !this.pollTimer) {
      this.pollTimer = setTimeout(() => {
        this.pollTimer = undefined;
        this.serveWaiters();
      }, CROSS_PROCESS_POLL_MS);
      this.pollTimer.unref();
    } else if (!waitingOnFile && this.pollTimer) {
      clearTimeout(this.pollTimer);
      this.pollTimer = undefined;
    }
  }

  private finishWaiter(w: Waiter, err: Error | null, r?: Reservation): void {
    if (w.done) {
      r?.release();
      return;
    }
    w.done = true;
    w.cleanup();
    const i = this.waiters.indexOf(w);
    if (i >= 0) this.waiters.splice(i, 1);
    if (err) w.reject(err);
    else w.resolve(r!);
    // A waiter that leaves (aborted, refused) may unblock the ones behind it.
    if (err) queueMicrotask(() => this.serveWaiters());
  }

  /**
   * One attempt for a waiter: the reservation when its cap fits beside the holds in flight,
   * null when it must wait, BudgetError when the budget could not pay even if idle.
   */
  private tryGrant(w: Waiter): Reservation | null {
    const apps = this.applicable(w.agent);
    const anyGlobal = apps.some((a) => a.spec.scope === 'global');
    const holds = this.transact(anyGlobal, (used, held, others): Hold[] | null => {
      let cap = w.wanted;
      let fitsNow = Infinity;
      for (const { spec, key, bucket } of apps) {
        const u = used(key, bucket);
        const mine = held(key, bucket);
        const o = others(key, bucket);
        const h = { tokens: mine.tokens + o.tokens, usd: mine.usd + o.usd };
        const name = describeBudget(spec, w.agent);
        if (spec.tokens !== undefined) {
          const alone = spec.tokens - u.tokens - w.input;
          if (alone < 1) {
            throw new BudgetError(`${name} exhausted: ${spec.tokens} tokens, ${u.tokens} used; this call needs up to ${w.input} input tokens + 1 output token`, name);
          }
          cap = Math.min(cap, alone);
          fitsNow = Math.min(fitsNow, alone - h.tokens);
        }
        if (spec.usd !== undefined) {
          const price = w.price;
          if (!price) throw new BudgetError(`${name} is in USD but model ${w.model} has no price: add it to "llm.prices" in $AOSH_HOME/config.json`, name);
          const inCost = (w.input * price.input) / 1e6;
          const outFor = (left: number): number => (price.output > 0 ? Math.floor(((left - inCost) * 1e6) / price.output + 1e-9) : left >= inCost ? Infinity : 0);
          const alone = outFor(spec.usd - u.usd);
          if (alone < 1) {
            throw new BudgetError(`${name} exhausted: $${spec.usd}, $${fmt(u.usd)} spent; this call needs up to $${fmt(inCost + price.output / 1e6)}`, name);
          }
          cap = Math.min(cap, alone);
          fitsNow = Math.min(fitsNow, outFor(spec.usd - u.usd - h.usd));
        }
      }
      if (fitsNow < cap) return null;
      return placeHolds(apps, held, w.input, cap, w.price);
    });
    return holds ? this.reservation(holds, w.input, anyGlobal) : null;
  }

  /** The settle/release side of a hold; every end of a hold lets waiters look again. */
  private reservation(holds: Hold[], inputTokens: number, anyGlobal: boolean): Reservation {
    const maxOutput = holds[0]!.tokens - inputTokens;
    let done = false;
    const finish = (input: number, output: number, usd: number): void => {
      if (done) return;
      done = true;
      this.transact(anyGlobal, (used, held) => {
        for (const x of holds) {
          const h = held(x.key, x.bucket);
          h.tokens = Math.max(0, h.tokens - x.tokens);
          h.usd = Math.max(0, h.usd - x.usd);
          const u = used(x.key, x.bucket);
          u.tokens += input + output;
          u.usd += usd;
        }
      });
      if (this.waiters.length) this.serveWaiters();
    };
    return { maxOutput, settle: finish, release: () => finish(0, 0, 0) };
  }

  /** Calls waiting in acquire() (for displays and tests). */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Used, reserved and limit for every budget that applies to the agent (for `budget`/ps displays). */
  status(agent = 'shell'): BudgetStatus[] {
    const apps = this.applicable(agent);
    return this.transact(apps.some((a) => a.spec.scope === 'global'), (used, held, others) =>
      apps.map(({ spec, key, bucket }) => {
        const u = used(key, bucket);
        const h = { tokens: held(key, bucket).tokens + others(key, bucket).tokens, usd: held(key, bucket).usd + others(key, bucket).usd };
        return {
          budget: describeBudget(spec, agent),
          limitTokens: spec.tokens,
          limitUsd: spec.usd,
          usedTokens: u.tokens,
          usedUsd: u.usd,
          reservedTokens: h.tokens,
          reservedUsd: h.usd,
        };
      }),
    );
  }
}

/** Holds input + cap (and its price) on every applicable budget. */
function placeHolds(apps: { key: string; bucket: number }[], held: Acc, input: number, cap: number, price: Price | null): Hold[] {
  const usd = price ? (input * price.input + cap * price.output) / 1e6 : 0;
  const hs = apps.map(({ key, bucket }) => ({ key, bucket, tokens: input + cap, usd }));
  for (const x of hs) {
    const h = held(x.key, x.bucket);
    h.tokens += x.tokens;
    h.usd += x.usd;
  }
  return hs;
}

function fmt(usd: number): string {
  return usd.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}
