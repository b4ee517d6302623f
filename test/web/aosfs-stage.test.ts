// Agents as files from inside a world: a sandboxed stage reads /aos (kernel.aosfs.dir bound
// read-only there), sees an agent go from running to exited, greps the conversations, and
// cannot write anything. The bind is the world's (src/kernel/world/worlds.ts, plan.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { poll, startSession, type Session } from './helpers.js';

let s: Session;
let fake: FakeServer;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  s = await startSession({ env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${fake.url}/v1`, AOSH_PROVIDER: 'openai' } });
});
afterAll(async () => {
  await s?.close();
  await fake?.close();
});

/** `cat` inside a stage. */
const stageCat = async (path: string): Promise<string> => (await s.run(`sh -c 'cat ${path} 2>&1'`)).trim();

describe('/aos inside a sandboxed stage', () => {
  it('sees an agent running, then exited', async () => {
    await s.run("spawn --name worker sh -c 'sleep 1.5' >/dev/null");
    expect(await poll(async () => ((await stageCat('/aos/agents/worker/status')) === 'running' ? 'running' : null), 'running in /aos')).toBe('running');
    expect(await poll(async () => ((await stageCat('/aos/agents/worker/status')) === 'exited' ? 'exited' : null), 'exited in /aos')).toBe('exited');
    expect(await stageCat('/aos/agents/worker/log')).toContain('exited state=exited status=0');
  });

  it('greps the conversations', async () => {
    await s.run('think "the ignition threshold of a tokamak"');
    const hits = await poll(async () => {
      const out = await s.run("sh -c 'grep -rl \"ignition threshold\" /aos/conversations/'");
      return out.includes('transcript') ? out : null;
    }, 'grep -r in /aos/conversations');
    expect(hits).toMatch(/\/aos\/conversations\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/transcript\.(md|jsonl)/);
  });

  it('cannot write anything there', async () => {
    await s.run('spawn --name target sleep 30 >/dev/null');
    await poll(async () => (await stageCat('/aos/agents/target/status')) === 'running', 'target in /aos');
    for (const attempt of ['echo stop > /aos/agents/target/status', 'touch /aos/new', 'mkdir /aos/agents/intruder', 'rm /aos/agents/target/log', 'mv /aos/README /aos/README2']) {
      const out = await s.run(`sh -c '(${attempt}) 2>&1; echo "status=$?"'`);
      expect(out, attempt).toMatch(/Read-only file system/);
      expect(out, attempt).not.toContain('status=0');
    }
    expect(await stageCat('/aos/agents/target/status')).toBe('running');
    await s.run('kill target');
  });
});
