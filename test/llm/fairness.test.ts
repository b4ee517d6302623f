// Fairness end to end: two agents with different demand, concurrency 1, real SDK calls
// to a local server; the service order interleaves them instead of FIFO.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { envFor, fakeKernel, tempHome } from './helpers.js';

let server: FakeServer;
let home: string;
let cleanup: () => void;
beforeEach(async () => {
  server = await startFakeOpenAI((body) => ({ text: 'ok', usage: { input: 50, output: 50 }, delayMs: 5, model: body.model }));
  ({ home, cleanup } = tempHome());
});
afterEach(async () => {
  await server.close();
  cleanup();
});

it('two agents under concurrency 1 get interleaved service', async () => {
  const { llm } = fakeKernel({ home, cwd: home, env: envFor({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.url, AOSH_LLM_CONCURRENCY: '1' }) });
  const calls: Promise<unknown>[] = [];
  for (let i = 0; i < 8; i++) calls.push(llm.think({ agent: 'hog', messages: [{ role: 'user', content: `hog ${i}` }] }));
  for (let i = 0; i < 3; i++) calls.push(llm.think({ agent: 'mouse', messages: [{ role: 'user', content: `mouse ${i}` }] }));
  await Promise.all(calls);
  const order = server.requests.map((r) => (r.body.messages[0].content as string).split(' ')[0]);
  expect(order).toHaveLength(11);
  // FIFO would put every mouse request after the eight hog requests.
  const lastMouse = order.lastIndexOf('mouse');
  expect(lastMouse).toBeLessThan(7);
  expect(llm.scheduler.stats().map((s) => [s.client, s.served])).toEqual([
    ['hog', 8],
    ['mouse', 3],
  ]);
});
