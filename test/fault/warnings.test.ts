// Issue 12, "warnings on the user's terminal": after the 11th THINK on one connection every
// agent printed `MaxListenersExceededWarning … abort listeners`, because a connection-long
// AbortSignal was handed to the openai SDK, which adds a listener per request. Now each
// request has its own signal (syscalls/connection.ts) and each provider call links the
// caller's signal once (llm/call-signal.ts), so no signal collects listeners.
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { envFor, fakeKernel, tempHome } from '../llm/helpers.js';
import { RawClient } from '../syscalls/helpers.js';
import { alarming, startLiveKernel } from '../helpers/live-kernel.js';

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeOpenAI((body) => ({ text: `answer to ${body.messages.at(-1).content}`, usage: { input: 5, output: 3 } }));
});
afterAll(async () => {
  await fake.close();
});

describe('no signal collects abort listeners', () => {
  it('30 calls under one long-lived signal leave no listener on it and raise no warning', async () => {
    const { home, cleanup } = tempHome();
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    try {
      const { llm } = fakeKernel({ home, cwd: home, env: envFor({ OPENAI_API_KEY: 'sk-fake', OPENAI_BASE_URL: `${fake.url}/v1`, AOSH_PROVIDER: 'openai' }) });
      const signal = new AbortController().signal; // like a connection's or an agent run's
      let most = 0;
      for (let i = 0; i < 30; i++) {
        const p = llm.think({ agent: 'a', messages: [{ role: 'user', content: `q${i}` }], signal });
        most = Math.max(most, getEventListeners(signal, 'abort').length);
        await p;
      }
      // While a call runs it holds one listener (its link); afterwards none are left.
      expect(most).toBeLessThanOrEqual(2);
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      cleanup();
    }
  });

  it('20 THINKs on one connection of the real aosh print nothing on its terminal', async () => {
    const k = await startLiveKernel({ env: { OPENAI_API_KEY: 'sk-fake-key-for-tests', OPENAI_BASE_URL: `${fake.url}/v1`, AOSH_PROVIDER: 'openai' } });
    const c = await RawClient.connect(k.socket);
    for (let i = 0; i < 20; i++) {
      const r = await c.call(0x01, { prompt: `q${i}` });
      expect(r).toMatchObject({ success: true, content: `answer to q${i}` });
    }
    c.close();
    const r = await k.stop();
    expect(alarming(r.stderr)).toEqual([]);
    expect(r.stderr).not.toMatch(/MaxListeners/);
    expect(r.status).toBe(0);
  });
});
