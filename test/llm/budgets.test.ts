// Hard budgets: the output cap is lowered to what the tightest budget can pay for, a call
// that cannot be paid for is refused before anything is sent, concurrent calls reserve.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { thinkBuiltin } from '../../src/builtins/think.js';
import { Budgets } from '../../src/kernel/llm/budgets.js';
import { BudgetError } from '../../src/kernel/llm/errors.js';
import { estimateInputTokens } from '../../src/kernel/llm/pricing.js';
import { startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { envFor, fakeKernel, runBuiltin, tempHome } from './helpers.js';

const price = { input: 1, output: 10 }; // USD per 1M tokens

describe('Budgets', () => {
  it('caps output to the remaining tokens and refuses when even one token does not fit', () => {
    const b = new Budgets([{ scope: 'session', tokens: 1000 }], undefined);
    const r1 = b.reserve('shell', 300, 5000, price, 'm');
    expect(r1.maxOutput).toBe(700);
    r1.settle(300, 200, 0);
    const r2 = b.reserve('shell', 100, 5000, price, 'm');
    expect(r2.maxOutput).toBe(400);
    r2.settle(100, 399, 0);
    expect(() => b.reserve('shell', 1, 10, price, 'm')).toThrow(BudgetError);
    try {
      b.reserve('shell', 1, 10, price, 'm');
    } catch (err) {
      expect((err as BudgetError).budget).toBe('session budget');
      expect((err as BudgetError).exitStatus).toBe(3);
    }
  });

  it('caps output to what the USD budget can pay for', () => {
    const b = new Budgets([{ scope: 'session', usd: 0.001 }], undefined);
    // $0.001 - 100 input tokens at $1/M = $0.0009 left -> 90 output tokens at $10/M.
    expect(b.reserve('shell', 100, 5000, price, 'm').maxOutput).toBe(90);
  });

  it('refuses a USD budget for a model without a price', () => {
    const b = new Budgets([{ scope: 'session', usd: 1 }], undefined);
    expect(() => b.reserve('shell', 1, 10, null, 'mystery')).toThrow(/mystery has no price/);
  });

  it('concurrent reservations cannot jointly overshoot; release returns the hold', () => {
    const b = new Budgets([{ scope: 'global', tokens: 1000 }], undefined);
    const a = b.reserve('x', 100, 400, price, 'm');
    const c = b.reserve('y', 100, 400, price, 'm');
    expect(a.maxOutput + c.maxOutput).toBe(800);
    expect(() => b.reserve('z', 100, 400, price, 'm')).toThrow(BudgetError);
    a.release();
    expect(b.reserve('z', 100, 400, price, 'm').maxOutput).toBe(400);
  });

  it('agent budgets apply per agent; the tightest of agent, session and global wins', () => {
    const b = new Budgets(
      [
        { scope: 'agent', tokens: 500 },
        { scope: 'agent', agent: 'builder', tokens: 200 },
        { scope: 'session', tokens: 10_000 },
      ],
      undefined,
    );
    expect(b.reserve('builder', 50, 1000, price, 'm').maxOutput).toBe(150);
    expect(b.reserve('other', 50, 1000, price, 'm').maxOutput).toBe(450);
    expect(b.reserve('third', 50, 1000, price, 'm').maxOutput).toBe(450);
  });

  it('windows reset at the next window', () => {
    let now = 0;
    const b = new Budgets([{ scope: 'session', tokens: 100, window: 'minute' }], undefined, () => now);
    b.reserve('shell', 50, 50, price, 'm').settle(50, 50, 0);
    expect(() => b.reserve('shell', 1, 1, price, 'm')).toThrow(/per minute/);
    now = 60_000;
    expect(b.reserve('shell', 10, 1000, price, 'm').maxOutput).toBe(90);
  });

  it('global budgets persist in $AOSH_HOME across processes (instances)', () => {
    const { home, cleanup } = tempHome();
    try {
      const spec = [{ scope: 'global' as const, tokens: 1000, window: 'day' as const }];
      const one = new Budgets(spec, home);
      one.reserve('a', 100, 300, price, 'm').settle(100, 300, 0);
      const held = one.reserve('a', 100, 300, price, 'm'); // still in flight
      const two = new Budgets(spec, home);
      expect(two.reserve('b', 100, 1000, price, 'm').maxOutput).toBe(1000 - 400 - 400 - 100);
      held.release();
      expect(two.status('b')[0]).toMatchObject({ usedTokens: 400, limitTokens: 1000 });
    } finally {
      cleanup();
    }
  });

  it('the input estimate is an upper bound (bytes)', () => {
    const n = estimateInputTokens({ system: 'abc', messages: [{ role: 'user', content: 'héllo' }] });
    expect(n).toBeGreaterThanOrEqual(3 + 6);
  });
});

describe('think under a budget', () => {
  let server: FakeServer;
  let home: string;
  let cleanup: () => void;
  beforeEach(async () => {
    server = await startFakeOpenAI();
    ({ home, cleanup } = tempHome());
  });
  afterEach(async () => {
    await server.close();
    cleanup();
  });

  it('refuses with status 3 and sends no request', async () => {
    const { kernel } = fakeKernel({ home, cwd: home, env: envFor({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.url }), budgets: [{ scope: 'session', tokens: 50 }] });
    const r = await runBuiltin(thinkBuiltin, 'think', ['x'.repeat(200)], kernel);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^think: session budget exhausted: 50 tokens/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(server.requests).toHaveLength(0);
  });

  it('sends the capped output limit, then refuses once spent', async () => {
    server.respond(() => ({ text: 'ok', usage: { input: 40, output: 450 } }));
    const { kernel } = fakeKernel({ home, cwd: home, env: envFor({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.url, AOSH_BUDGET_TOKENS: '500' }) });
    const r = await runBuiltin(thinkBuiltin, 'think', ['--max-tokens', '1000', 'hi'], kernel);
    expect(r.status).toBe(0);
    const sent = server.requests[0]!.body.max_tokens as number;
    expect(sent).toBeLessThan(500);
    expect(sent).toBeGreaterThan(400);
    const r2 = await runBuiltin(thinkBuiltin, 'think', ['hi'], kernel);
    expect(r2.status).toBe(3);
    expect(server.requests).toHaveLength(1);
  });
});
