// Hard token and USD budgets, per agent, per session and global, with optional fixed
// windows (minute/hour/day, UTC). Exact by construction: each call reserves an upper
// bound of its input plus its whole output cap against every applicable budget before
// anything is sent; the cap is lowered to what the tightest budget can still pay for;
// concurrent calls see each other's reservations; the response settles actual usage.
// Global budgets persist in $AOSH_HOME/budgets.json under a lock file (many aosh processes).
import { BudgetError } from './errors.js';
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

export class Budgets {
  private readonly mem = new Map<string, Bucket>();
  private readonly memHolds = new Map<string, Bucket>();
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
      const usd = price ? (inputTokens * price.input + cap * price.output) / 1e6 : 0;
      const hs = apps.map(({ key, bucket }) => ({ key, bucket, tokens: inputTokens + cap, usd }));
      for (const x of hs) {
        const h = held(x.key, x.bucket);
        h.tokens += x.tokens;
        h.usd += x.usd;
      }
      return hs;
    });
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
    };
    return { maxOutput, settle: finish, release: () => finish(0, 0, 0) };
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

function fmt(usd: number): string {
  return usd.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}
