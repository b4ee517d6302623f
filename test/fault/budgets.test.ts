// Issue 12, "budgets that starve": a call reserved its input plus the whole remaining session
// budget as its output cap, so with 100 agents and a 6,000-token session budget 99 were
// refused after 408 tokens had been used. Now a call reserves what it can really use (its
// max_tokens; THINK's default is REF's 1024), waits for other calls' holds instead of being
// refused, and settles on completion — still never over any budget under concurrency.
// Real SDK calls to a local OpenAI-compatible server, THINK over the real socket.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allowAll } from '../../src/kernel/permissions.js';
import { thinkHandlerFor } from '../../src/kernel/syscalls/llm-adapter.js';
import { Budgets } from '../../src/kernel/llm/budgets.js';
import { BudgetError } from '../../src/kernel/llm/errors.js';
import { startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { envFor, fakeKernel, tempHome } from '../llm/helpers.js';
import { RawClient, startTestServer } from '../syscalls/helpers.js';

let fake: FakeServer;
let home: string;
let cleanup: () => void;
beforeEach(async () => {
  // Usage as a real server reports it: never more output than max_tokens allows.
  fake = await startFakeOpenAI((body) => ({ text: 'ok', usage: { input: 20, output: Math.min(4, body.max_tokens ?? 4) }, delayMs: 10 }));
  ({ home, cleanup } = tempHome());
});
afterEach(async () => {
  await fake.close();
  cleanup();
});

const env = (extra: Record<string, string> = {}) => envFor({ OPENAI_API_KEY: 'sk-fake', OPENAI_BASE_URL: `${fake.url}/v1`, AOSH_PROVIDER: 'openai', ...extra });

describe('budget starvation', () => {
  it('100 agents under a 6,000-token session budget: every THINK over the socket is served, and the budget holds', async () => {
    const { llm } = fakeKernel({ home, cwd: home, env: env({ AOSH_BUDGET_TOKENS: '6000', AOSH_LLM_CONCURRENCY: '8' }) });
    const t = await startTestServer({ think: thinkHandlerFor(llm) });
    try {
      // One endpoint per agent, as SPAWN gives each agent its own.
      const eps = await Promise.all(Array.from({ length: 100 }, (_, i) => t.server.openEndpoint({ label: `agent-${i}`, procId: null, ceiling: allowAll(), initial: allowAll() })));
      const clients = await Promise.all(eps.map((ep) => RawClient.connect(ep.path)));
      const answers = await Promise.all(
        clients.map(async (c, i) => {
          c.send(0x01, JSON.stringify({ prompt: `hello from agent ${i}` }));
          return JSON.parse((await c.recv(30_000)).payload.toString());
        }),
      );
      const refused = answers.filter((a) => !a.success);
      expect(refused).toEqual([]);
      const [session] = llm.budgets.status('agent-0');
      expect(session!.usedTokens).toBe(100 * 24);
      expect(session!.usedTokens).toBeLessThanOrEqual(6000);
      expect(session!.reservedTokens).toBe(0);
      // Each call asked for what it could use (REF's default max_tokens), not the remainder.
      expect(new Set(fake.requests.map((r) => r.body.max_tokens))).toEqual(new Set([1024]));
      for (const c of clients) c.close();
    } finally {
      await t.cleanup();
    }
  }, 60_000);

  it('once the budget is really spent, the next call is refused before anything is sent', async () => {
    const { llm } = fakeKernel({ home, cwd: home, env: env({ AOSH_BUDGET_TOKENS: '100' }) });
    const calls = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => llm.think({ agent: `a${i}`, maxTokens: 10, messages: [{ role: 'user', content: 'hi' }] })));
    const ok = calls.filter((c) => c.status === 'fulfilled').length;
    const refused = calls.filter((c) => c.status === 'rejected' && c.reason instanceof BudgetError);
    expect(ok + refused.length).toBe(10);
    expect(ok).toBe(4); // 24 tokens each; a fifth would need up to 2 + 10 with 4 left
    expect(llm.budgets.status('a0')[0]!.usedTokens).toBeLessThanOrEqual(100);
    expect(fake.requests.length).toBe(ok);
  });

  it('per-agent and session budgets are never exceeded: 100 agents, 2,200 concurrent calls', async () => {
    fake.respond((body) => ({ text: 'ok', usage: { input: 20, output: Math.min(4, body.max_tokens ?? 4) } }));
    const { llm } = fakeKernel({ home, cwd: home, env: env({ AOSH_LLM_CONCURRENCY: '16' }) });
    llm.budgets.add({ scope: 'agent', tokens: 200 });
    llm.budgets.add({ scope: 'session', tokens: 40_000 });
    const calls: Promise<unknown>[] = [];
    for (let a = 0; a < 100; a++) for (let j = 0; j < 22; j++) calls.push(llm.think({ agent: `agent-${a}`, maxTokens: 64, messages: [{ role: 'user', content: `q${j}` }] }));
    const results = await Promise.allSettled(calls);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(BudgetError);
    let session = 0;
    for (let a = 0; a < 100; a++) {
      const st = llm.budgets.status(`agent-${a}`);
      const agent = st.find((s) => s.budget.startsWith('agent'))!;
      expect(agent.usedTokens).toBeLessThanOrEqual(200);
      expect(agent.reservedTokens).toBe(0);
      // Nobody starved: every agent got served until its own budget was spent.
      expect(agent.usedTokens).toBeGreaterThan(200 - 24 - 64);
      session = st.find((s) => s.budget.startsWith('session'))!.usedTokens;
    }
    expect(session).toBeLessThanOrEqual(40_000);
    expect(results.filter((r) => r.status === 'fulfilled').length * 24).toBe(session);
  }, 120_000);

  it('a waiting call leaves the queue when its signal aborts, and the ones behind it go on', async () => {
    const b = new Budgets([{ scope: 'session', tokens: 1000 }], undefined);
    const first = await b.acquire('x', 100, 800, null, 'm');
    const ac = new AbortController();
    const second = b.acquire('y', 100, 800, null, 'm', ac.signal);
    const third = b.acquire('z', 100, 100, null, 'm');
    expect(b.waiting).toBe(2);
    ac.abort();
    await expect(second).rejects.toThrow(/aborted|interrupted/i);
    first.settle(100, 50, 0);
    expect((await third).maxOutput).toBe(100);
  });
});
