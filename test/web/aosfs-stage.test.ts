// Agents as files from inside a world: a sandboxed stage reads /aos (kernel.aosfs.dir bound
// read-only there), sees an agent go from running to exited, greps the conversations, and
// cannot write anything. The bind is the world's (src/kernel/kernel.ts, sandbox.ts): until it
// exists, aosMounted() says so and each test returns early with that printed reason.
// Integration: delete the guard (aosMounted and its callers) once every world binds /aos.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { poll, startSession, type Session } from './helpers.js';

let s: Session;
let fake: FakeServer;
let mounted: string | null = null;

/** null when stages see /aos; else why not (printed by the tests that return early). */
async function aosMounted(sess: Session): Promise<string | null> {
  // sh, not the shell's own `test`: the check must run inside a stage's world.
  const out = await sess.run("sh -c 'test -r /aos/README && echo mounted || echo missing'");
  return out.trim() === 'mounted' ? null : '/aos is not mounted in stages yet (the world must bind kernel.aosfs.dir read-only at /aos)';
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  s = await startSession({ env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${fake.url}/v1`, AOSH_PROVIDER: 'openai' } });
  mounted = await aosMounted(s);
});
afterAll(async () => {
  await s?.close();
  await fake?.close();
});

/** `cat` inside a stage. */
const stageCat = async (path: string): Promise<string> => (await s.run(`sh -c 'cat ${path} 2>&1'`)).trim();

describe('/aos inside a sandboxed stage', () => {
  it('sees an agent running, then exited', async () => {
    if (mounted) return void console.log(`skipping: ${mounted}`);
    await s.run("spawn --name worker sh -c 'sleep 1.5' >/dev/null");
    expect(await poll(async () => ((await stageCat('/aos/agents/worker/status')) === 'running' ? 'running' : null), 'running in /aos')).toBe('running');
    expect(await poll(async () => ((await stageCat('/aos/agents/worker/status')) === 'exited' ? 'exited' : null), 'exited in /aos')).toBe('exited');
    expect(await stageCat('/aos/agents/worker/log')).toContain('exited state=exited status=0');
  });

  it('greps the conversations', async () => {
    if (mounted) return void console.log(`skipping: ${mounted}`);
    await s.run('think "the ignition threshold of a tokamak"');
    const hits = await poll(async () => {
      const out = await s.run("sh -c 'grep -rl \"ignition threshold\" /aos/conversations/'");
      return out.includes('transcript') ? out : null;
    }, 'grep -r in /aos/conversations');
    expect(hits).toMatch(/\/aos\/conversations\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/transcript\.(md|jsonl)/);
  });

  it('cannot write anything there', async () => {
    if (mounted) return void console.log(`skipping: ${mounted}`);
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
