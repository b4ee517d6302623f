// World simulation (spec §3.19, §6) over the real socket with a raw client: every opcode's
// success and error shapes, ids, membership, VFS and network-mock routing, chaos, snapshot
// and restore, limits — and that a caller outside any world keeps the real handlers.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Op } from '../../src/kernel/syscalls/opcodes.js';
import { globMatch, normalisePath, wildcardMatch, worldId } from '../../src/kernel/syscalls/world/glob.js';
import { RawClient, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
const clients: RawClient[] = [];
async function client(): Promise<RawClient> {
  const c = await RawClient.connect(t.path);
  clients.push(c);
  return c;
}

beforeEach(async () => {
  process.env.AOSH_WORLD_SEED = '42';
  t = await startTestServer();
});
afterEach(async () => {
  delete process.env.AOSH_WORLD_SEED;
  for (const c of clients.splice(0)) c.close();
  await t.cleanup();
});

describe('text rules', () => {
  it('ids, path normalisation and both glob dialects', () => {
    expect(worldId('My World!! ünï', 1)).toBe('my-world-n-0001');
    expect(worldId('', 12)).toBe('world-0012');
    expect(worldId('\u0130\u212a', 3)).toBe('world-0003'); // İ and the Kelvin sign are dropped, never lower-cased to ASCII
    expect(worldId('x'.repeat(40), 2)).toBe(`${'x'.repeat(32)}-0002`);
    expect(normalisePath('a/c.txt')).toBe('/a/c.txt');
    expect(normalisePath('/a/b/../c.txt')).toBe('/a/c.txt');
    expect(normalisePath('')).toBe('/');
    expect(normalisePath('/../..//./x')).toBe('/x');
    expect(globMatch('/data/*.txt', '/data/a.txt')).toBe(true);
    expect(globMatch('/data/*.txt', '/data/sub/a.txt')).toBe(false);
    expect(globMatch('/data/**', '/data/sub/a.txt')).toBe(true);
    expect(globMatch('/data/?.TXT', '/DATA/a.txt')).toBe(true);
    expect(globMatch('/data/?.txt', '/data/ab.txt')).toBe(false);
    expect(globMatch('/**', '/')).toBe(true);
    expect(wildcardMatch('https://api.*/v1/*', 'https://API.example.com/v1/a/b')).toBe(true);
    expect(wildcardMatch('https://api.*/v1', 'https://api.example.com/v2')).toBe(false);
    // No backtracking blow-up on a many-star pattern against a long path.
    const t0 = Date.now();
    expect(globMatch('/**a**a**a**a**a**a**a**a**a**b', '/' + 'a'.repeat(4000))).toBe(false);
    expect(Date.now() - t0).toBeLessThan(500);
  });
});

describe('world opcodes', () => {
  it('CREATE/LIST/STATE/JOIN/LEAVE/DESTROY shapes and the global id counter', async () => {
    const a = await client();
    expect(await a.call(Op.WORLD_CREATE, { name: 'My World!! ünï', config: {} })).toEqual({ success: true, world_id: 'my-world-n-0001', name: 'My World!! ünï' });
    expect(await a.call(Op.WORLD_CREATE, { config: { name: 'Shown', description: 'd', virtual_filesystem: { initial_files: { '/a': 'x' } } } })).toEqual({ success: true, world_id: 'unnamed-0002', name: 'unnamed' });
    expect(await a.call(Op.WORLD_CREATE, { name: 'bad', config: 'nope' })).toEqual({ success: false, error: 'invalid request: config must be an object' });
    expect(await a.call(Op.WORLD_CREATE, { name: 'bad', config: { network: { mode: 3 } } })).toEqual({ success: false, error: 'invalid request: network.mode must be a string' });
    expect((await a.call(Op.WORLD_CREATE, 'not json')).error).toMatch(/^invalid request: /);
    const list = await a.call(Op.WORLD_LIST, {});
    expect(list).toEqual({
      success: true,
      count: 2,
      worlds: [
        { id: 'my-world-n-0001', name: 'my-world-n-0001', description: '', agent_count: 0, syscall_count: 0, vfs_enabled: false, network_mock_enabled: false, chaos_enabled: false },
        { id: 'unnamed-0002', name: 'Shown', description: 'd', agent_count: 0, syscall_count: 0, vfs_enabled: true, network_mock_enabled: false, chaos_enabled: false },
      ],
    });
    // A refused create used no number: the next id is 0003.
    expect((await a.call(Op.WORLD_CREATE, { name: 'n' })).world_id).toBe('n-0003');

    for (const op of [Op.WORLD_DESTROY, Op.WORLD_JOIN, Op.WORLD_EVENT, Op.WORLD_STATE, Op.WORLD_SNAPSHOT]) {
      expect(await a.call(op, {})).toEqual({ success: false, error: 'world_id required' });
    }
    expect(await a.call(Op.WORLD_LEAVE, {})).toEqual({ success: false, error: 'Not in any world' });
    expect(await a.call(Op.WORLD_JOIN, { world_id: 'nope' })).toEqual({ success: false, error: 'Failed to join world (not found or already in a world)' });
    expect(await a.call(Op.WORLD_JOIN, { world_id: 'n-0003' })).toEqual({ success: true, world_id: 'n-0003' });
    expect(await a.call(Op.WORLD_JOIN, { world_id: 'unnamed-0002' })).toEqual({ success: false, error: 'Failed to join world (not found or already in a world)' });
    expect(await a.call(Op.WORLD_STATE, { world_id: 'nope' })).toEqual({ success: false, error: 'World not found' });
    expect(await a.call(Op.WORLD_SNAPSHOT, { world_id: 'nope' })).toEqual({ success: false, error: 'World not found' });
    expect(await a.call(Op.WORLD_STATE, { world_id: 'n-0003' })).toEqual({
      success: true,
      state: {
        world_id: 'n-0003',
        name: 'n-0003',
        agent_count: 1,
        syscall_count: 0,
        agents: [1],
        vfs_metrics: { file_count: 0, read_count: 0, write_count: 0, bytes_read: 0, bytes_written: 0, total_size_bytes: 0 },
        network_metrics: { mode: 'passthrough', mock_count: 0, requests_intercepted: 0, requests_passed_through: 0, requests_failed: 0, recorded_count: 0 },
        chaos_metrics: { enabled: false, failure_rate: 0, rule_count: 0, active_event_count: 0, active_events: [], failures_injected: 0, latency_injected: 0 },
      },
    });
    expect(await a.call(Op.WORLD_DESTROY, { world_id: 'n-0003' })).toEqual({ success: false, error: 'Failed to destroy world (not found or has active agents)' });
    expect(await a.call(Op.WORLD_DESTROY, { world_id: 'nope', force: true })).toEqual({ success: false, error: 'Failed to destroy world (not found or has active agents)' });
    expect(await a.call(Op.WORLD_LEAVE, {})).toEqual({ success: true });
    expect(await a.call(Op.WORLD_DESTROY, { world_id: 'n-0003' })).toEqual({ success: true, world_id: 'n-0003' });
    expect(await a.call(Op.WORLD_EVENT, { world_id: 'n-0003', event_type: 'disk_fail' })).toEqual({ success: false, error: 'Failed to inject event (world not found)' });
    expect(await a.call(Op.WORLD_EVENT, { world_id: 'n-0003' })).toEqual({ success: false, error: 'event_type required' });
    expect(await a.call(Op.WORLD_RESTORE, {})).toEqual({ success: false, error: 'snapshot required' });
    expect(await a.call(Op.WORLD_RESTORE, { snapshot: {} })).toEqual({ success: false, error: 'snapshot required' });
  });

  it('forced DESTROY detaches members; membership survives a disconnect', async () => {
    const a = await client();
    const b = await client();
    const id = (await a.call(Op.WORLD_CREATE, { name: 'w' })).world_id;
    expect((await a.call(Op.WORLD_JOIN, { world_id: id })).success).toBe(true);
    expect((await b.call(Op.WORLD_JOIN, { world_id: id })).success).toBe(true);
    b.close();
    await new Promise((r) => setTimeout(r, 100));
    const state = await a.call(Op.WORLD_STATE, { world_id: id });
    expect(state.state).toMatchObject({ agent_count: 2, agents: [1, 2] });
    expect((await a.call(Op.WORLD_LEAVE, {})).success).toBe(true);
    // b has gone but is still a member (Q9): only force destroys.
    expect((await a.call(Op.WORLD_DESTROY, { world_id: id })).success).toBe(false);
    const c = await client();
    expect((await c.call(Op.WORLD_JOIN, { world_id: id })).success).toBe(true);
    expect(await a.call(Op.WORLD_DESTROY, { world_id: id, force: true })).toEqual({ success: true, world_id: id });
    expect(await c.call(Op.WORLD_LEAVE, {})).toEqual({ success: false, error: 'Not in any world' });
    expect(await a.call(Op.WORLD_LIST, {})).toEqual({ success: true, worlds: [], count: 0 });
  });
});

describe('virtual filesystem', () => {
  it('reads and writes in memory, normalises paths, applies writable rules, never touches the disk', async () => {
    const a = await client();
    const real = join(t.home, 'real.txt');
    writeFileSync(real, 'on disk');
    const id = (await a.call(Op.WORLD_CREATE, {
      name: 'vfs test',
      config: { virtual_filesystem: { initial_files: { '/data/in.txt': 'hello', '/etc/ro.conf': { content: 'locked', mode: 'r' } }, writable_patterns: ['/out/**', '/data/*.txt'] } },
    })).world_id;
    expect(id).toBe('vfs-test-0001');
    // Before joining: the real READ.
    expect(await a.call(Op.READ, { path: real })).toEqual({ success: true, content: 'on disk', size: 7 });
    await a.call(Op.WORLD_JOIN, { world_id: id });
    expect(await a.call(Op.READ, { path: 'data/./x/../in.txt' })).toEqual({ success: true, content: 'hello', size: 5, world: id });
    // The default intercept (/**) hides real files while joined.
    expect(await a.call(Op.READ, { path: real })).toEqual({ success: false, error: 'File not found in virtual filesystem', content: '', size: 0, world: id });
    expect(await a.call(Op.WRITE, { path: real, content: 'x' })).toEqual({ success: false, error: 'Path not writable in virtual filesystem', bytes_written: 0, world: id });
    expect(await a.call(Op.WRITE, { path: '/etc/ro.conf', content: 'x' })).toMatchObject({ success: false, error: 'Path not writable in virtual filesystem' });
    expect(await a.call(Op.WRITE, { path: '/out/deep/r.json', content: 'ünï' })).toEqual({ success: true, bytes_written: 5, world: id });
    expect(await a.call(Op.WRITE, { path: '/data/in.txt', content: ' world', mode: 'append' })).toEqual({ success: true, bytes_written: 6, world: id });
    expect((await a.call(Op.READ, { path: '/data/in.txt' })).content).toBe('hello world');
    expect(await a.call(Op.WRITE, { path: '/data/in.txt', content: 'new', mode: 'whatever' })).toMatchObject({ success: true, bytes_written: 3 });
    expect((await a.call(Op.READ, { path: '/DATA/in.txt' })).success).toBe(false); // paths are case-sensitive, globs are not
    expect(await a.call(Op.WRITE, { path: '/DATA/NEW.TXT', content: 'c' })).toMatchObject({ success: true });
    expect(await a.call(Op.READ, { path: '' })).toEqual({ success: false, error: 'path required', content: '', size: 0 });
    expect(existsSync(join(t.home, 'out'))).toBe(false);
    expect(existsSync('/out/deep/r.json')).toBe(false);
    const s = (await a.call(Op.WORLD_STATE, { world_id: id })).state;
    expect(s.syscall_count).toBe(10); // 4 reads, 6 writes (the empty path never reached the world)
    expect(s.vfs_metrics).toEqual({ file_count: 4, read_count: 2, write_count: 4, bytes_read: 16, bytes_written: 15, total_size_bytes: 3 + 6 + 5 + 1 });
  });

  it('intercepts only its patterns and existing files; other paths get the real READ with its checks', async () => {
    const a = await client();
    const id = (await a.call(Op.WORLD_CREATE, { name: 'narrow', config: { virtual_filesystem: { initial_files: { '/x/file': '1' }, intercept_patterns: ['/sim/**'] } } })).world_id;
    await a.call(Op.WORLD_JOIN, { world_id: id });
    expect(await a.call(Op.READ, { path: '/x/file' })).toMatchObject({ success: true, content: '1', world: id });
    expect(await a.call(Op.WRITE, { path: '/sim/a', content: 'z' })).toMatchObject({ success: true, world: id });
    const denied = await a.call(Op.READ, { path: '/etc/passwd' });
    expect(denied.success).toBe(false);
    expect(denied.error).toMatch(/^Permission denied: path not allowed for reading/);
    expect(denied.world).toBeUndefined();
    // Outside any world, the same: the real handler and its sandbox checks.
    const b = await client();
    expect((await b.call(Op.READ, { path: '/etc/passwd' })).error).toMatch(/^Permission denied: path not allowed for reading/);
    expect((await b.call(Op.READ, { path: '/sim/a' })).error).toMatch(/^(Permission denied|failed to open file)/);
    const real = await b.call(Op.HTTP, { url: 'http://example.invalid/' });
    expect(real).toMatchObject({ success: false, status_code: 0 });
    expect(real.world).toBeUndefined();
  });

  it('refuses beyond the world limits with a clear error', async () => {
    await t.cleanup();
    t = await startTestServer({ limits: { worlds: 2, worldFiles: 2, worldFileBytes: 10, worldBytes: 100 } });
    const a = await client();
    const id = (await a.call(Op.WORLD_CREATE, { name: 'lim', config: { virtual_filesystem: { writable_patterns: ['/**'] } } })).world_id;
    await a.call(Op.WORLD_CREATE, { name: 'two' });
    expect(await a.call(Op.WORLD_CREATE, { name: 'three' })).toEqual({ success: false, error: 'too many worlds: 2 exist (limit 2, AOSH_LIMIT_WORLDS)' });
    await a.call(Op.WORLD_JOIN, { world_id: id });
    expect((await a.call(Op.WRITE, { path: '/a', content: '0123456789' })).success).toBe(true);
    expect((await a.call(Op.WRITE, { path: '/a', content: 'x', mode: 'append' })).error).toMatch(/^file too large for the virtual filesystem: 11 bytes .*AOSH_LIMIT_WORLD_FILE_BYTES/);
    expect((await a.call(Op.WRITE, { path: '/b', content: 'b' })).success).toBe(true);
    expect((await a.call(Op.WRITE, { path: '/c', content: 'c' })).error).toMatch(/^virtual filesystem full: 2 files/);
    expect((await a.call(Op.READ, { path: '/a' })).content).toBe('0123456789');
    const big = await a.call(Op.WORLD_CREATE, { name: 'x', config: { virtual_filesystem: { initial_files: { '/big': 'y'.repeat(11) } } } });
    expect(big.success).toBe(false);
  });
});

describe('network mock', () => {
  const config = {
    network: {
      mode: 'mock',
      mock_responses: {
        'https://api.example.com/data': { status: 200, body: '{"ok":true}', headers: { 'content-type': 'application/json' } },
        'https://api.example.com/fail': { status: 500, body: 'boom' },
        'https://wild.example.com/*': { status: 404, body: 'wild' },
        'https://plain.example.com/': 'plain body',
      },
      allowed_domains: ['*.allowed.com'],
    },
  };

  it('exact, wildcard, allowed_domains, default_response, fail_unmatched; never the network', async () => {
    const a = await client();
    const id = (await a.call(Op.WORLD_CREATE, { name: 'network test', config })).world_id;
    await a.call(Op.WORLD_JOIN, { world_id: id });
    expect(await a.call(Op.HTTP, { url: 'https://api.example.com/data', method: 'POST', body: 'x' })).toEqual({ success: true, body: '{"ok":true}', status_code: 200, headers: { 'content-type': 'application/json' }, world: id, mocked: true });
    expect(await a.call(Op.HTTP, { url: 'https://api.example.com/fail' })).toMatchObject({ success: false, status_code: 500, body: 'boom', mocked: true });
    expect(await a.call(Op.HTTP, { url: 'https://WILD.example.com/a/b?c' })).toMatchObject({ success: false, status_code: 404, body: 'wild', mocked: true });
    expect(await a.call(Op.HTTP, { url: 'https://plain.example.com/' })).toMatchObject({ success: true, status_code: 200, body: 'plain body' });
    const none = { success: false, error: 'No mock response configured for URL', body: '', status_code: 0, world: id };
    expect(await a.call(Op.HTTP, { url: 'https://x.allowed.com/' })).toEqual(none);
    expect(await a.call(Op.HTTP, { url: 'https://other.com/' })).toEqual(none);
    const s = (await a.call(Op.WORLD_STATE, { world_id: id })).state;
    expect(s.network_metrics).toEqual({ mode: 'mock', mock_count: 4, requests_intercepted: 4, requests_passed_through: 2, requests_failed: 0, recorded_count: 0 });
    expect(s.syscall_count).toBe(6);

    const b = await client();
    const d = (await b.call(Op.WORLD_CREATE, { name: 'd', config: { network: { mode: 'record', default_response: {}, allowed_domains: ['ok.com'] } } })).world_id;
    await b.call(Op.WORLD_JOIN, { world_id: d });
    expect(await b.call(Op.HTTP, { url: 'https://nope.com/' })).toEqual({ success: false, body: 'Not Found', status_code: 404, headers: {}, world: d, mocked: true });
    expect((await b.call(Op.HTTP, { url: 'https://ok.com/' })).error).toBe('No mock response configured for URL');
    expect((await b.call(Op.WORLD_STATE, { world_id: d })).state.network_metrics.recorded_count).toBe(1);

    const c = await client();
    const f = (await c.call(Op.WORLD_CREATE, { name: 'f', config: { network: { mode: 'mock', fail_unmatched: true, default_response: { status: 204 } } } })).world_id;
    await c.call(Op.WORLD_JOIN, { world_id: f });
    expect(await c.call(Op.HTTP, { url: 'https://nope.com/' })).toMatchObject({ success: false, status_code: 503, body: 'Network mock: URL not configured and fail_unmatched=true', mocked: true });

    // passthrough (the default) is not routed: the real HTTP with its permission check.
    const p = await client();
    const pw = (await p.call(Op.WORLD_CREATE, { name: 'p', config: { network: { mock_responses: { 'https://api.example.invalid/data': 'x' } } } })).world_id;
    await p.call(Op.WORLD_JOIN, { world_id: pw });
    const real = await p.call(Op.HTTP, { url: 'https://api.example.invalid/data' });
    expect(real).toMatchObject({ success: false, status_code: 0 });
    expect(real.world).toBeUndefined();
    expect(real.mocked).toBeUndefined();
  });
});

describe('chaos', () => {
  it('events: disk_fail, disk_full, network_partition; inert unless enabled; params kept', async () => {
    const a = await client();
    const cfg = { virtual_filesystem: { initial_files: { '/f': 'data' } }, network: { mode: 'mock', mock_responses: { 'http://m/': 'ok' } }, chaos: { enabled: true } };
    const id = (await a.call(Op.WORLD_CREATE, { name: 'chaos', config: cfg })).world_id;
    await a.call(Op.WORLD_JOIN, { world_id: id });
    expect((await a.call(Op.READ, { path: '/f' })).success).toBe(true);
    expect(await a.call(Op.WORLD_EVENT, { world_id: id, event_type: 'disk_full', params: { free: 0 } })).toEqual({ success: true, world_id: id, event_type: 'disk_full' });
    expect((await a.call(Op.READ, { path: '/f' })).success).toBe(true);
    expect(await a.call(Op.WRITE, { path: '/f', content: 'x' })).toEqual({ success: false, error: 'Simulated I/O failure (chaos)', bytes_written: 0, world: id });
    await a.call(Op.WORLD_EVENT, { world_id: id, event_type: 'disk_fail' });
    expect(await a.call(Op.READ, { path: '/f' })).toEqual({ success: false, error: 'Simulated I/O failure (chaos)', content: '', size: 0, world: id });
    expect((await a.call(Op.HTTP, { url: 'http://m/' })).success).toBe(true);
    await a.call(Op.WORLD_EVENT, { world_id: id, event_type: 'network_partition' });
    expect(await a.call(Op.HTTP, { url: 'http://m/' })).toEqual({ success: false, error: 'Simulated network failure (chaos)', body: '', status_code: 503, world: id });
    await a.call(Op.WORLD_EVENT, { world_id: id, event_type: 'meteor' });
    const m = (await a.call(Op.WORLD_STATE, { world_id: id })).state;
    expect(m.chaos_metrics).toEqual({ enabled: true, failure_rate: 0, rule_count: 0, active_event_count: 4, active_events: ['disk_fail', 'disk_full', 'meteor', 'network_partition'], failures_injected: 3, latency_injected: 0 });
    expect(m.network_metrics.requests_failed).toBe(1);
    const snap = (await a.call(Op.WORLD_SNAPSHOT, { world_id: id })).snapshot;
    expect(snap.chaos.event_params).toEqual({ disk_full: { free: 0 }, disk_fail: {}, network_partition: {}, meteor: {} });

    // Not enabled: the same events do nothing.
    const b = await client();
    const off = (await b.call(Op.WORLD_CREATE, { name: 'off', config: { ...cfg, chaos: { failure_rate: 1 } } })).world_id;
    await b.call(Op.WORLD_JOIN, { world_id: off });
    await b.call(Op.WORLD_EVENT, { world_id: off, event_type: 'disk_fail' });
    expect((await b.call(Op.READ, { path: '/f' })).success).toBe(true);
  });

  it('rules and failure_rate are deterministic under AOSH_WORLD_SEED', async () => {
    const run = async (): Promise<string> => {
      const a = await client();
      const cfg = { virtual_filesystem: { initial_files: { '/logs/a.log': 'l', '/f': 'f' } }, chaos: { enabled: true, failure_rate: 0.3, rules: [{ type: 'file_read_fail', path_pattern: '/logs/*', probability: 1 }] } };
      const id = (await a.call(Op.WORLD_CREATE, { name: 'seeded', config: cfg })).world_id;
      await a.call(Op.WORLD_JOIN, { world_id: id });
      expect((await a.call(Op.READ, { path: '/logs/a.log' })).error).toBe('Simulated I/O failure (chaos)');
      let out = '';
      for (let i = 0; i < 40; i++) out += (await a.call(Op.READ, { path: '/f' })).success ? '.' : 'x';
      await a.call(Op.WORLD_LEAVE, {});
      await a.call(Op.WORLD_DESTROY, { world_id: id });
      return out;
    };
    const first = await run();
    expect(first).toMatch(/x/);
    expect(first).toMatch(/\./);
    await t.cleanup();
    t = await startTestServer();
    expect(await run()).toBe(first);
  });

  it('latency: fixed min, and slow_io is 1000 ms whatever its params (Q30)', async () => {
    const a = await client();
    const id = (await a.call(Op.WORLD_CREATE, { name: 'slow', config: { virtual_filesystem: { initial_files: { '/f': 'x' } }, chaos: { enabled: true, latency: { min_ms: 50, max_ms: 50 } } } })).world_id;
    await a.call(Op.WORLD_JOIN, { world_id: id });
    let t0 = Date.now();
    await a.call(Op.READ, { path: '/f' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    await a.call(Op.WORLD_EVENT, { world_id: id, event_type: 'slow_io', params: { slow_io_latency_ms: 50 } });
    t0 = Date.now();
    expect((await a.call(Op.READ, { path: '/f' })).success).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect((await a.call(Op.WORLD_STATE, { world_id: id })).state.chaos_metrics.latency_injected).toBe(2);
  });
});

describe('snapshot and restore', () => {
  it('round-trips files, patterns, mocks, chaos and events; restore ids and failures', async () => {
    const a = await client();
    const config = {
      name: 'Orig',
      description: 'desc',
      extra: { kept: 12.0 },
      virtual_filesystem: { initial_files: { '/ro': { content: 'r', mode: 'r' } }, writable_patterns: ['/w/**'] },
      network: { mode: 'mock', mock_responses: { 'http://m/': { status: 201, body: 'made', latency_ms: 0 } }, default_response: { status: 418, body: 'tea' } },
      chaos: { enabled: true, failure_rate: 0, latency: { min_ms: 0, max_ms: 0 }, rules: [{ type: 'network_fail', url_pattern: 'http://never/*', probability: 0.5 }] },
    };
    const id = (await a.call(Op.WORLD_CREATE, { name: 'snap', config })).world_id;
    await a.call(Op.WORLD_JOIN, { world_id: id });
    await a.call(Op.WRITE, { path: '/w/new.txt', content: 'written' });
    await a.call(Op.WORLD_EVENT, { world_id: id, event_type: 'meteor', params: { size: 3 } });
    const t0 = Date.now();
    const snap = (await a.call(Op.WORLD_SNAPSHOT, { world_id: id })).snapshot;
    expect(snap).toMatchObject({ id, name: 'Orig', description: 'desc', config, agents: [1] });
    expect(snap.snapshot_time).toBeGreaterThanOrEqual(t0 - 1000);
    expect(Object.keys(snap.vfs.files).sort()).toEqual(['/ro', '/w/new.txt']);
    expect(snap.vfs.files['/ro']).toMatchObject({ content: 'r', mode: 'r' });
    expect(snap.vfs).toMatchObject({ readonly_patterns: [], writable_patterns: ['/w/**'], intercept_patterns: ['/**'] });
    expect(snap.network).toEqual({ mode: 'mock', fail_unmatched: false, mock_responses: { 'http://m/': { status: 201, body: 'made', latency_ms: 0, headers: {} } }, default_response: { status: 418, body: 'tea' }, allowed_domains: [], recorded: [] });
    expect(snap.chaos).toEqual({ enabled: true, failure_rate: 0, latency: { min_ms: 0, max_ms: 0 }, rules: [{ type: 'network_fail', pattern: 'http://never/*', probability: 0.5 }], active_events: ['meteor'], event_params: { meteor: { size: 3 } } });

    expect(await a.call(Op.WORLD_RESTORE, { snapshot: snap, new_world_id: id })).toEqual({ success: false, error: 'Failed to restore world' });
    expect(await a.call(Op.WORLD_RESTORE, { snapshot: snap, new_world_id: 'copy' })).toEqual({ success: true, world_id: 'copy' });
    expect(await a.call(Op.WORLD_RESTORE, { snapshot: snap, new_world_id: '' })).toEqual({ success: true, world_id: 'orig-0002' });
    const copy = (await a.call(Op.WORLD_SNAPSHOT, { world_id: 'copy' })).snapshot;
    expect({ ...copy, snapshot_time: 0, id: id }).toEqual({ ...snap, snapshot_time: 0 });
    // The restored member list is a record only: conn 1 is still routed to the original.
    const st = (await a.call(Op.WORLD_STATE, { world_id: 'copy' })).state;
    expect(st).toMatchObject({ name: 'Orig', agents: [1], agent_count: 1 });
    expect(await a.call(Op.WORLD_DESTROY, { world_id: 'copy', force: true })).toEqual({ success: true, world_id: 'copy' });
    expect(await a.call(Op.READ, { path: '/w/new.txt' })).toMatchObject({ success: true, content: 'written', world: id });

    // The restored world behaves like the original for a new member.
    const b = await client();
    await b.call(Op.WORLD_JOIN, { world_id: 'orig-0002' });
    expect(await b.call(Op.READ, { path: '/w/new.txt' })).toMatchObject({ success: true, content: 'written', world: 'orig-0002' });
    expect((await b.call(Op.WRITE, { path: '/ro', content: 'x' })).error).toBe('Path not writable in virtual filesystem');
    expect(await b.call(Op.HTTP, { url: 'http://other/' })).toMatchObject({ status_code: 418, body: 'tea' });
  });
});
