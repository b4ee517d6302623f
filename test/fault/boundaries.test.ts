// Issue 12's remaining crashes and leaks, each by name: answers lost behind a bad frame, a
// STORE that poisoned every other STORE, Registry.closed growing with every disconnect, a
// connection storm, clients that hold buffers, and an error escaping a handler. The syscall
// server runs here on its real socket (the module the kernel runs); the lost-answers case
// also runs against the real aosh.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalDir, readRecords } from '../../src/kernel/journal.js';
import { frame, RawClient, startTestServer } from '../syscalls/helpers.js';
import { alarming, startLiveKernel } from '../helpers/live-kernel.js';
import { root } from '../helpers/run-aosh.js';

const OP = { NOOP: 0x00, SEND: 0x20, RECV: 0x21, REGISTER: 0x23, STORE: 0x30, FETCH: 0x31, SUBSCRIBE: 0x60, EMIT: 0x63 };

describe('lost answers', () => {
  it('valid frames in the same read as a bad frame are answered before the connection closes (real aosh)', async () => {
    const k = await startLiveKernel();
    try {
      const c = await RawClient.connect(k.socket);
      // One write: two NOOPs, a STORE, then a frame with a bad magic.
      c.write(Buffer.concat([frame(OP.NOOP, 'one'), frame(OP.NOOP, 'two'), frame(OP.STORE, '{"key":"k","value":3}'), frame(OP.NOOP, 'bad', 0, 0xdeadbeef)]));
      expect((await c.recv()).payload.toString()).toBe('one');
      expect((await c.recv()).payload.toString()).toBe('two');
      expect(JSON.parse((await c.recv()).payload.toString())).toEqual({ success: true, key: 'k' });
      expect(await c.waitClosed(5000)).toBe(true);
      const d = await RawClient.connect(k.socket);
      expect((await d.call(OP.FETCH, { key: 'k' })).value).toBe(3);
      d.close();
    } finally {
      const r = await k.stop();
      expect(alarming(r.stderr)).toEqual([]);
      expect(r.status).toBe(0);
    }
  });
});

describe('poisoned state', () => {
  it("one client's failed STORE leaves everybody else's STOREs alone, and never reaches store.json", async () => {
    const t = await startTestServer({ limits: { storeValueBytes: 1000 } });
    try {
      const a = await RawClient.connect(t.path);
      const b = await RawClient.connect(t.path);
      const deep = `{"key":"p","value":${'['.repeat(5000)}${']'.repeat(5000)}}`;
      a.send(OP.STORE, deep);
      expect(JSON.parse((await a.recv()).payload.toString()).error).toMatch(/nested more than 64 levels/);
      expect((await a.call(OP.STORE, { key: 'p', value: 'x'.repeat(2000) })).error).toMatch(/^value too large: 2002 bytes as JSON \(limit 1000 B, AOSH_LIMIT_STORE_VALUE_BYTES\)$/);
      // The disk refuses one write: a directory where steno puts its temp file.
      const tmp = join(t.home, '.store.json.tmp');
      mkdirSync(tmp);
      const failed = await a.call(OP.STORE, { key: 'p', value: 'lost' });
      expect(failed.success).toBe(false);
      expect(failed.error).toMatch(/^not stored: .*store\.json could not be written/);
      expect((await b.call(OP.FETCH, { key: 'p' })).exists).toBe(false);
      rmSync(tmp, { recursive: true });
      // Every other client's STORE works, and the file holds exactly what succeeded.
      for (let i = 0; i < 5; i++) expect(await b.call(OP.STORE, { key: `b${i}`, value: i })).toEqual({ success: true, key: `b${i}` });
      const file = JSON.parse(readFileSync(join(t.home, 'store.json'), 'utf8'));
      expect(Object.keys(file.entries).sort()).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
      expect(JSON.stringify(file)).not.toContain('lost');
      // Every store that succeeded is journaled; the failed one is journaled as failed.
      const recs = readRecords(journalDir(t.home));
      expect(recs.filter((r) => r.type === 'store').map((r) => r.key)).toEqual(['p', 'b0', 'b1', 'b2', 'b3', 'b4']);
      expect(recs.filter((r) => r.type === 'store.failed').map((r) => r.key)).toEqual(['p']);
      a.close();
      b.close();
    } finally {
      await t.cleanup();
    }
  });

  it('a STORE that cannot be journaled is not stored', async () => {
    const t = await startTestServer();
    try {
      writeFileSync(join(t.home, 'journal'), 'not a directory'); // the journal cannot open
      const a = await RawClient.connect(t.path);
      expect(await a.call(OP.STORE, { key: 'j', value: 1 })).toEqual({ success: false, error: 'not stored: the audit journal could not be written' });
      expect((await a.call(OP.FETCH, { key: 'j' })).exists).toBe(false);
      expect(existsSync(join(t.home, 'store.json'))).toBe(false);
      a.close();
    } finally {
      await t.cleanup();
    }
  });

  it('a full scope refuses with the limit, and frees room on DELETE', async () => {
    const t = await startTestServer({ limits: { storeScopeBytes: 4096 } });
    try {
      const a = await RawClient.connect(t.path);
      let i = 0;
      let r;
      while ((r = await a.call(OP.STORE, { key: `k${i}`, value: 'v'.repeat(500), scope: 'session' })).success) i++;
      expect(i).toBe(7);
      expect(r.error).toMatch(/^store scope "session" is full: .* of 4 KiB used \(AOSH_LIMIT_STORE_SCOPE_BYTES\); delete keys or use a ttl$/);
      expect((await a.call(0x32, { key: 'k0' })).deleted).toBe(true);
      expect((await a.call(OP.STORE, { key: 'again', value: 'v'.repeat(500), scope: 'session' })).success).toBe(true);
      a.close();
    } finally {
      await t.cleanup();
    }
  });
});

describe('per-connection state is forgotten', () => {
  it('Registry.closed and friends do not grow over 5,000 disconnects', async () => {
    const t = await startTestServer();
    try {
      for (let round = 0; round < 50; round++) {
        const batch = await Promise.all(Array.from({ length: 100 }, () => RawClient.connect(t.path)));
        await Promise.all(
          batch.map(async (c, i) => {
            const name = `n${round}-${i}`;
            await c.call(OP.REGISTER, { name });
            await c.call(OP.SEND, { to_name: name, message: { hello: i } }); // unread at close
            await c.call(OP.SUBSCRIBE, { events: ['CUSTOM'] });
            await c.call(OP.EMIT, { event: 'CUSTOM', data: { i } });
            await c.call(OP.STORE, { key: 'mine', value: i, scope: 'agent' });
          }),
        );
        for (const c of batch) c.close();
      }
      const settle = Date.now() + 5000;
      while (t.server.stats().connections > 0 && Date.now() < settle) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 50));
      const st = t.server.stats();
      expect(st).toMatchObject({ connections: 0, endpoints: 0, bufferedBytes: 0 });
      expect(st.registry).toEqual({ names: 0, holders: 0, mailboxes: 0, queuedBytes: 0, agents: 0 });
      expect(st.events).toEqual({ subscribers: 0, queues: 0, queuedBytes: 0 });
      expect((await t.server.store()).usage()).toMatchObject({ agent: 0, entries: 0 });
    } finally {
      await t.cleanup();
    }
  }, 60_000);
});

describe('connection storms and clients that hold buffers', () => {
  it('an endpoint keeps at most endpoint_connections open: a storm evicts its own idle connections, never the busy old ones nor a fresh client', async () => {
    const lines: string[] = [];
    const t = await startTestServer({ limits: { endpointConnections: 20 }, log: (l) => lines.push(l) });
    try {
      const old = await RawClient.connect(t.path);
      expect((await old.call(OP.REGISTER, { name: 'old' })).success).toBe(true);
      const storm = await Promise.all(Array.from({ length: 60 }, () => RawClient.connect(t.path)));
      await new Promise((r) => setTimeout(r, 200));
      expect(storm.filter((c) => !c.closed)).toHaveLength(19); // 20 with the old client
      expect(lines[0]).toMatch(/^aosh: kernel: closed connection \d+ \(test\) to make room: test has \d+ open \(limit 20, AOSH_LIMIT_ENDPOINT_CONNECTIONS\)$/);
      // The established client is still served; a fresh client gets in and is answered.
      old.send(OP.NOOP, 'still here');
      expect((await old.recv()).payload.toString()).toBe('still here');
      const fresh = await RawClient.connect(t.path);
      fresh.send(OP.NOOP, 'fresh');
      expect((await fresh.recv()).payload.toString()).toBe('fresh');
      expect(t.server.stats().connections).toBe(20);
      for (const c of [...storm, fresh, old]) c.close();
    } finally {
      await t.cleanup();
    }
  });

  it('clients that send half frames from many connections lose their stalest connections, not the kernel its memory; a good client with a big answer keeps its own', async () => {
    const lines: string[] = [];
    const limit = 8 << 20;
    const t = await startTestServer({ limits: { connectionBufferBytes: limit }, log: (l) => lines.push(l) });
    try {
      const good = await RawClient.connect(t.path);
      const hogs = await Promise.all(Array.from({ length: 40 }, () => RawClient.connect(t.path)));
      // Each announces 1 MiB and sends 512 KiB of it: 20 MiB held in all, were nobody cut.
      const half = frame(OP.NOOP, Buffer.alloc(1 << 20, 1)).subarray(0, 17 + (512 << 10));
      for (const h of hogs) h.write(half);
      for (let i = 0; i < 100 && t.server.stats().bufferedBytes > 0 && lines.length < 20; i++) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 200));
      expect(t.server.stats().bufferedBytes).toBeLessThanOrEqual(limit);
      expect(hogs.filter((h) => h.closed).length).toBeGreaterThan(20);
      expect(lines.some((l) => /^aosh: kernel: closed connection \d+ \(test\): it had held [\d.]+ KiB of unfinished requests or unread answers the longest when all connections held [\d.]+ MiB \(limit 8 MiB, AOSH_LIMIT_CONNECTION_BUFFER_BYTES\)$/.test(l))).toBe(true);
      // The good client asks for big answers while the hogs that are left hold theirs: it is
      // the biggest holder for a moment, never the stalest, and keeps its connection.
      const left = hogs.filter((h) => !h.closed);
      expect(left.length).toBeGreaterThan(0);
      const echo = Buffer.alloc(1 << 20, 7);
      for (let i = 0; i < 5; i++) {
        good.send(OP.NOOP, echo);
        expect((await good.recv()).payload.equals(echo)).toBe(true);
      }
      expect(good.closed).toBe(false);
      for (const h of hogs) h.close();
      good.close();
    } finally {
      await t.cleanup();
    }
  });
});

describe('the process-level last resort', () => {
  it('an error thrown where no request can catch it is one logged line and one closed connection, never an exit', async () => {
    // A kernel whose THINK handler has a bug: it throws from a timer, outside any try/catch.
    const dir = join(root, 'dist', 'kernel', 'syscalls', 'server.js');
    const code = `
      import { SyscallServer } from ${JSON.stringify(dir)};
      import { allowAll } from ${JSON.stringify(join(root, 'dist', 'kernel', 'permissions.js'))};
      const server = new SyscallServer({ dir: process.argv[1] });
      server.setThinkHandler(() => new Promise(() => { setTimeout(() => { throw new RangeError('bug in a handler'); }, 5); }));
      const ep = await server.openEndpoint({ label: 'buggy', procId: null, ceiling: allowAll() });
      process.stdout.write(ep.path + '\\n');
      process.stdin.on('data', async () => { await server.close(); process.exit(0); });
    `;
    const sockDir = join(root, 'dist', `.fault-test-${process.pid}`);
    mkdirSync(sockDir, { recursive: true });
    const child = spawn(process.execPath, ['--input-type=module', '-e', code, sockDir], { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const path = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
    try {
      const victim = await RawClient.connect(path);
      const other = await RawClient.connect(path);
      victim.send(0x01, JSON.stringify({ prompt: 'hi' }));
      expect(await victim.waitClosed(5000)).toBe(true);
      // The kernel is still up and serves everybody else.
      other.send(OP.NOOP, 'alive');
      expect((await other.recv()).payload.toString()).toBe('alive');
      expect(child.exitCode).toBeNull();
      expect(err.trim().split('\n')).toEqual([expect.stringMatching(/^aosh: kernel: connection 1 \(buggy\): internal error in uncaught exception: RangeError: bug in a handler; connection closed$/)]);
      other.close();
    } finally {
      child.stdin.write('x');
      await new Promise((r) => child.on('close', r));
      rmSync(sockDir, { recursive: true, force: true });
    }
  });
});
