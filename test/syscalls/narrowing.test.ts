// Capabilities only intersect down over the socket (issue 11): SET_PERMS never widens (a
// restated grant does not bring back a blocked path), LLM quotas belong to the agent (not
// the connection: neither SET_PERMS nor a reconnect resets them), and SPAWN's fields —
// limits, network, sandboxed — never give a child more than its caller.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { RawClient, startTestServer, type TestServer } from './helpers.js';
import { Op } from '../../src/kernel/syscalls/opcodes.js';
import { Kernel } from '../../src/kernel/kernel.js';
import { sessionDefaults } from '../../src/kernel/permissions.js';
import { createSyscallServer } from '../../src/kernel/syscalls/index.js';
import { loadNative } from '../../src/kernel/native.js';

const clients: RawClient[] = [];
let t: TestServer | undefined;
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await t?.cleanup();
  t = undefined;
});

async function client(path: string): Promise<RawClient> {
  const c = await RawClient.connect(path);
  clients.push(c);
  return c;
}

describe('SET_PERMS only narrows; quotas belong to the agent', () => {
  it('restating a grant keeps the blocked paths', async () => {
    t = await startTestServer();
    const a = await client(t.path);
    const before = await a.call(Op.READ, { path: `${process.env.HOME}/.ssh/id_rsa` });
    expect(before.error).toMatch(/deny-read=~\/.ssh/);
    await a.call(Op.SET_PERMS, { permissions: { can_read: true, can_write: true, filesystem: { read: ['/'], write: ['/'] } } });
    const after = await a.call(Op.READ, { path: `${process.env.HOME}/.ssh/id_rsa` });
    expect(after.error).toMatch(/Permission denied: path not allowed for reading/);
    const blocked = (await a.call(Op.GET_PERMS, {})).permissions.filesystem.blocked as string[];
    expect(blocked).toContain('~/.ssh');
  });

  it('a call quota survives SET_PERMS and a reconnect', async () => {
    t = await startTestServer();
    t.server.setThinkHandler(async () => ({ content: 'ok', tokens: 1 }));
    const a = await client(t.path);
    await a.call(Op.SET_PERMS, { permissions: { llm: { max_calls: 2 } } });
    expect((await a.call(Op.THINK, { prompt: 'x' })).success).toBe(true);
    await a.call(Op.SET_PERMS, { permissions: { llm: { max_calls: 2 } } });
    expect((await a.call(Op.THINK, { prompt: 'x' })).success).toBe(true);
    expect((await a.call(Op.THINK, { prompt: 'x' })).error).toMatch(/quota/);
    // A new connection on the same endpoint is the same agent: its usage is still counted.
    const b = await client(t.path);
    const perms = (await b.call(Op.GET_PERMS, {})).permissions;
    expect(perms.llm.calls_made).toBe(2);
  });
});

const haveNative = loadNative() !== null && process.platform === 'linux';

describe.skipIf(!haveNative)(`SPAWN never gives a child more ${haveNative ? '' : '(native addon missing)'}`, () => {
  let root: string;
  let kernel: Kernel | undefined;
  afterEach(() => {
    kernel?.shutdown();
    kernel = undefined;
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('limits above the session\'s are capped, below the floor refused; sandboxed:false is answered, not honoured', async () => {
    root = mkdtempSync(join(tmpdir(), 'aosh-narrow-'));
    const work = join(root, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'sleeper.py'), 'import time\ntime.sleep(3)\n');
    const perms = sessionDefaults();
    perms.spawn = true;
    kernel = new Kernel({ home: join(root, 'state'), cwd: work, permissions: perms, limits: { pids: 20, memoryBytes: 64 * 2 ** 20 } });
    const server = createSyscallServer(kernel, { cwd: work });
    const a = await client((await server.sessionEndpoint()).path);
    await a.call(Op.SET_PERMS, { permissions: { can_spawn: true } });
    const low = await a.call(Op.SPAWN, { name: 'low', script: 'sleeper.py', limits: { max_pids: 1 } });
    expect(low.detail).toMatch(/max_pids 1: below the minimum of 4/);
    const r = await a.call(Op.SPAWN, { name: 'big', script: 'sleeper.py', sandboxed: false, network: true, limits: { max_pids: 100000, memory: 8 * 2 ** 30 } });
    expect(r).toMatchObject({ status: 'running', sandboxed: true });
    expect(r.note).toMatch(/sandboxed: false is not honoured/);
    const entry = kernel.procs.list().find((e) => e.name === 'big')!;
    // As root (CI) the cgroups work: capped at the session's own limits. Without them
    // (a user with no delegated cgroup) there are no limits to cap, and ps says so.
    if (process.getuid?.() === 0) expect(entry.limits).toMatchObject({ pids: 20, memoryBytes: 64 * 2 ** 20 });
    else expect(entry.limits.pids ?? 20).toBeLessThanOrEqual(20);
    expect(entry.isolation).not.toBe('none');
    await server.close();
  });
});
