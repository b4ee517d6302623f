// Every opcode's fields and shapes (spec §3, §10.5–10) against an in-process server.
import { createServer, type Server } from 'node:http';
import { readFileSync, writeFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RawClient, startTestServer, type TestServer } from './helpers.js';
import { Op } from '../../src/kernel/syscalls/opcodes.js';
import { readRecords, journalDir } from '../../src/kernel/journal.js';

let t: TestServer;
const clients: RawClient[] = [];
async function client(): Promise<RawClient> {
  const c = await RawClient.connect(t.path);
  clients.push(c);
  return c;
}
beforeEach(async () => {
  t = await startTestServer();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await t.cleanup();
});

describe('THINK', () => {
  it('answers with the spec’s exact offline shape when no LLM is wired', async () => {
    const a = await client();
    expect(await a.call(Op.THINK, { prompt: 'hi' })).toEqual({ success: false, error: 'LLM not configured (set GEMINI_API_KEY)', content: '' });
  });

  it('has no error key on success, counts usage, and enforces call quotas naming the rule', async () => {
    t.server.setThinkHandler(async () => ({ content: 'ok', tokens: 10 }));
    const a = await client();
    expect(await a.call(Op.SET_PERMS, { permissions: { llm: { max_calls: 1 } } })).toMatchObject({ success: true });
    const ok = await a.call(Op.THINK, { prompt: 'x' });
    expect(ok).toEqual({ success: true, content: 'ok', tokens: 10 });
    const denied = await a.call(Op.THINK, { prompt: 'y' });
    expect(denied.success).toBe(false);
    expect(denied.error).toMatch(/^Permission denied: LLM quota exceeded or not allowed \(rule --llm-calls=1/);
    const perms = await a.call(Op.GET_PERMS, {});
    expect(perms.permissions.llm).toMatchObject({ calls_made: 1, tokens_used: 10, max_calls: 1 });
  });

  it('treats a non-JSON payload as the prompt (REF)', async () => {
    let seen = '';
    t.server.setThinkHandler(async (req) => ((seen = req.prompt), { content: '', tokens: 0 }));
    const a = await client();
    await a.call(Op.THINK, 'plain text prompt');
    expect(seen).toBe('plain text prompt');
  });
});

describe('IPC', () => {
  it('registers names, resolves to_name, delivers envelopes FIFO with from_name and age_ms', async () => {
    const alice = await client();
    const bob = await client();
    expect(await alice.call(Op.REGISTER, { name: 'alice' })).toEqual({ success: true, agent_id: 1, name: 'alice' });
    expect(await bob.call(Op.REGISTER, { name: 'alice' })).toEqual({ success: false, error: 'name already registered' });
    expect(await bob.call(Op.REGISTER, { name: 'bob' })).toMatchObject({ success: true, agent_id: 2 });
    expect(await alice.call(Op.REGISTER, { name: 'alice2' })).toMatchObject({ success: true });
    expect(await alice.call(Op.SEND, { message: { k: 1, f: 12.5, l: [1, 'two'] }, to_name: 'bob' })).toEqual({ success: true, delivered_to: 2 });
    expect(await alice.call(Op.SEND, { message: null, to: 2 })).toEqual({ success: true, delivered_to: 2 });
    const got = await bob.call(Op.RECV, { max: 10 });
    expect(got.count).toBe(2);
    expect(got.messages[0]).toMatchObject({ from: 1, from_name: 'alice2', message: { k: 1, f: 12.5, l: [1, 'two'] } });
    expect(typeof got.messages[0].age_ms).toBe('number');
    expect(got.messages[1].message).toBeNull();
    expect(await bob.call(Op.RECV, { max: 10 })).toEqual({ success: true, messages: [], count: 0 });
  });

  it('reports unknown targets, requires a target, and accepts a numeric to that does not exist', async () => {
    const a = await client();
    expect(await a.call(Op.SEND, { message: 1, to_name: 'ghost' })).toEqual({ success: false, error: 'target agent not found: ghost' });
    expect(await a.call(Op.SEND, { message: 1 })).toEqual({ success: false, error: 'target agent required (to or to_name)' });
    expect(await a.call(Op.SEND, { message: 1, to: 77 })).toEqual({ success: true, delivered_to: 77 });
    expect((await a.call(Op.SEND, { message: 1, to: 'x' })).error).toMatch(/^invalid request/);
  });

  it('broadcasts to registered connections other than the sender, and frees names on disconnect', async () => {
    const a = await client();
    const b = await client();
    const c = await client();
    await b.call(Op.REGISTER, { name: 'b' });
    await c.call(Op.REGISTER, { name: 'c' });
    expect(await a.call(Op.BROADCAST, { message: 'hey' })).toEqual({ success: true, delivered_count: 2 });
    expect(await c.call(Op.BROADCAST, { message: 'me too', include_self: true })).toEqual({ success: true, delivered_count: 2 });
    expect((await b.call(Op.RECV, {})).count).toBe(2);
    c.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(await a.call(Op.REGISTER, { name: 'c' })).toMatchObject({ success: true });
  });
});

describe('store', () => {
  it('handles scopes, TTL, KEYS prefixes on internal names, and owner-only DELETE', async () => {
    const a = await client();
    const b = await client();
    expect(await a.call(Op.STORE, { key: 'g', value: { n: 1 } })).toEqual({ success: true, key: 'g' });
    expect(await a.call(Op.STORE, { key: 'p1', value: 'mine', scope: 'agent' })).toEqual({ success: true, key: 'p1' });
    expect(await a.call(Op.STORE, { key: 's', value: 2, scope: 'session' })).toMatchObject({ success: true });
    expect(await b.call(Op.FETCH, { key: 'g' })).toEqual({ success: true, exists: true, value: { n: 1 }, scope: 'global' });
    expect(await b.call(Op.FETCH, { key: 'p1' })).toEqual({ success: true, exists: false, value: null });
    expect(await a.call(Op.FETCH, { key: 'p1' })).toMatchObject({ exists: true, value: 'mine', scope: 'agent' });
    expect((await a.call(Op.KEYS, { prefix: 'p' })).keys).toEqual([]);
    expect((await a.call(Op.KEYS, { prefix: 'agent:' })).keys).toEqual(['p1']);
    expect((await a.call(Op.KEYS, {})).keys.sort()).toEqual(['g', 'p1', 's']);
    expect((await b.call(Op.KEYS, {})).keys.sort()).toEqual(['g', 's']);
    expect(await b.call(Op.DELETE, { key: 's' })).toEqual({ success: true, deleted: false });
    expect(await b.call(Op.DELETE, { key: 'g' })).toEqual({ success: true, deleted: true });
    expect(await a.call(Op.STORE, { key: 'gone', value: 1, ttl: 0 })).toMatchObject({ success: true });
    expect(await a.call(Op.FETCH, { key: 'gone' })).toEqual({ success: true, exists: false, value: null });
    expect(await a.call(Op.STORE, { key: '' })).toEqual({ success: false, error: 'key is required' });
  });

  it('persists global keys to store.json (atomic temp+rename by lowdb/steno)', async () => {
    const a = await client();
    await a.call(Op.STORE, { key: 'persist', value: [1, 2] });
    await a.call(Op.STORE, { key: 'private', value: 1, scope: 'agent' });
    const data = JSON.parse(readFileSync(join(t.home, 'store.json'), 'utf8'));
    expect(data.entries.persist.value).toEqual([1, 2]);
    expect(Object.keys(data.entries)).not.toContain('agent:1:private');
  });
});

describe('events', () => {
  it('accepts both key spellings and delivers SDK emits with their type', async () => {
    const a = await client();
    const b = await client();
    expect(await a.call(Op.SUBSCRIBE, { event_types: ['CUSTOM', 'STATE_CHANGED'] })).toEqual({ success: true, subscribed: ['CUSTOM', 'STATE_CHANGED'] });
    expect(await a.call(Op.SUBSCRIBE, {})).toEqual({ success: false, error: 'No events specified' });
    expect(await b.call(Op.EMIT, { event_type: 'build_done', data: { ok: true } })).toEqual({ success: true, event: 'build_done' });
    expect(await b.call(Op.EMIT, { event: 'CUSTOM', data: 5 })).toEqual({ success: true, event: 'CUSTOM' });
    await b.call(Op.STORE, { key: 'x', value: 1 });
    const polled = await a.call(Op.POLL_EVENTS, { max: 10 });
    expect(polled.count).toBe(3);
    expect(polled.events[0]).toMatchObject({ type: 'CUSTOM', data: { ok: true, custom_type: 'build_done' }, source_agent_id: 2 });
    expect(typeof polled.events[0].timestamp).toBe('number');
    expect(polled.events[2]).toMatchObject({ type: 'STATE_CHANGED', data: { key: 'x', action: 'store', agent_id: 2 } });
    expect(await a.call(Op.UNSUBSCRIBE, { events: ['CUSTOM'] })).toEqual({ success: true });
    await b.call(Op.EMIT, { event_type: 'CUSTOM' });
    expect((await a.call(Op.POLL_EVENTS, {})).count).toBe(0);
  });
});

describe('files and permissions', () => {
  it('writes and reads files, appends, and reports bytes', async () => {
    const a = await client();
    const f = join(t.home, 'w.txt');
    expect(await a.call(Op.WRITE, { path: f, content: 'héllo' })).toEqual({ success: true, bytes_written: 6 });
    expect(await a.call(Op.WRITE, { path: 'w.txt', content: '!', mode: 'append' })).toEqual({ success: true, bytes_written: 1 });
    expect(await a.call(Op.READ, { path: f })).toEqual({ success: true, content: 'héllo!', size: 7 });
    expect(await a.call(Op.READ, { path: join(t.home, 'missing') })).toMatchObject({ success: false, error: expect.stringMatching(/^failed to open file/), content: '', size: 0 });
    expect(await a.call(Op.WRITE, { path: join(t.home, 'no/dir/x') })).toMatchObject({ success: false, error: expect.stringMatching(/^failed to open file for writing/) });
    expect(await a.call(Op.READ, {})).toMatchObject({ error: 'path required' });
  });

  it('denies blocked paths and commands with the protocol text plus the rule, and journals the denial', async () => {
    const a = await client();
    const r = await a.call(Op.READ, { path: '/etc/passwd' });
    expect(r).toMatchObject({ success: false, content: '', size: 0 });
    expect(r.error).toMatch(/^Permission denied: path not allowed for reading \(rule --deny-read=\/etc\/passwd/);
    const e = await a.call(Op.EXEC, { command: 'echo sudo' });
    expect(e.error).toMatch(/^Permission denied: command not allowed \(rule --deny-run=sudo/);
    expect(e).toMatchObject({ stdout: '', stderr: '', exit_code: -1 });
    const link = join(t.home, 'innocent');
    symlinkSync('/etc/passwd', link);
    expect((await a.call(Op.READ, { path: link })).error).toMatch(/deny-read=\/etc\/passwd/);
    const denials = readRecords(journalDir(t.home)).filter((r) => r.type === 'denied');
    expect(denials.map((d) => d.rule)).toEqual(['--deny-read=/etc/passwd', '--deny-run=sudo', '--deny-read=/etc/passwd']);
  });

  it('GET_PERMS starts at standard; SET_PERMS cannot exceed the endpoint ceiling', async () => {
    await t.cleanup();
    t = await startTestServer({ ceiling: { ...(await import('../../src/kernel/permissions.js')).levelPermissions('readonly') } });
    const a = await client();
    const p = (await a.call(Op.GET_PERMS, {})).permissions;
    expect(p).toMatchObject({ can_read: true, can_write: false, can_exec: false, can_http: false });
    const set = await a.call(Op.SET_PERMS, { level: 'unrestricted' });
    expect(set).toMatchObject({ success: true, agent_id: 1 });
    expect(set.permissions).toMatchObject({ level: 'custom', can_write: false, can_exec: false });
    const w = await a.call(Op.WRITE, { path: join(t.home, 'x'), content: 'x' });
    expect(w.error).toMatch(/^Permission denied: path not allowed for writing \(rule --allow-write \(not granted\)/);
  });

  it('refuses to modify another agent without spawn, naming the rule', async () => {
    const a = await client();
    const b = await client();
    await a.call(Op.SET_PERMS, { level: 'readonly' });
    const r = await a.call(Op.SET_PERMS, { agent_id: 2, level: 'minimal' });
    expect(r.error).toMatch(/^Permission denied: cannot modify other agent's permissions \(rule --deny-spawn/);
    expect((await b.call(Op.GET_PERMS, {})).permissions.level).toBe('standard');
  });
});

describe('HTTP', () => {
  let http: Server;
  let port = 0;
  beforeEach(async () => {
    http = createServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://example.invalid/' });
        return res.end();
      }
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'x-test': 'yes' });
      res.end(`${req.method} ${req.url}`);
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    port = (http.address() as { port: number }).port;
  });
  afterEach(() => new Promise<void>((r) => http.close(() => r())));

  it('is denied without a network grant, then allowed for listed domains with real status codes', async () => {
    await t.cleanup();
    const { emptyPermissions, allowAll } = await import('../../src/kernel/permissions.js');
    const noNet = allowAll();
    noNet.allow.net = false;
    t = await startTestServer({ ceiling: noNet });
    const d = await (await client()).call(Op.HTTP, { url: `http://127.0.0.1:${port}/` });
    expect(d).toMatchObject({ success: false, body: '', status_code: 0 });
    expect(d.error).toMatch(/^Permission denied: HTTP not allowed \(rule --allow-net/);
    await t.cleanup();
    const listed = emptyPermissions();
    Object.assign(listed.allow, { read: true, write: true, run: true, env: true, net: ['localhost', '127.0.0.1'] });
    t = await startTestServer({ ceiling: listed });
    // SET_PERMS narrows the connection's list: what it drops it cannot get back.
    const n = await client();
    await n.call(Op.SET_PERMS, { permissions: { network: ['localhost'] } });
    expect((await n.call(Op.HTTP, { url: `http://127.0.0.1:${port}/` })).error).toMatch(/^Permission denied: domain not in whitelist: 127\.0\.0\.1/);
    await n.call(Op.SET_PERMS, { permissions: { network: ['127.0.0.1'] } });
    expect((await n.call(Op.HTTP, { url: `http://127.0.0.1:${port}/` })).error).toMatch(/^Permission denied: HTTP not allowed/);
    const a = await client();
    expect(await a.call(Op.HTTP, { url: `http://127.0.0.1:${port}/x`, method: 'POST', body: 'b' })).toMatchObject({ success: true, status_code: 200, body: 'POST /x' });
    expect(await a.call(Op.HTTP, { url: `http://127.0.0.1:${port}/missing` })).toMatchObject({ success: true, status_code: 404 });
    const redirected = await a.call(Op.HTTP, { url: `http://127.0.0.1:${port}/redirect` });
    expect(redirected.error).toMatch(/domain not in whitelist: example\.invalid/);
    expect(await a.call(Op.HTTP, {})).toMatchObject({ success: false, error: 'URL required' });
  });
});

describe('world and tunnel', () => {
  it('answers with JSON errors or offline status, never a crash', async () => {
    const a = await client();
    // World opcodes (world.test.ts has them in full): an empty request is answered, never a crash.
    expect(await a.call(0xa0, {})).toEqual({ success: true, world_id: 'unnamed-0001', name: 'unnamed' });
    expect((await a.call(0xa2, {})).count).toBe(1);
    expect(await a.call(0xa4, {})).toEqual({ success: false, error: 'Not in any world' });
    for (const op of [0xa1, 0xa3, 0xa5, 0xa6, 0xa7]) expect(await a.call(op, {})).toEqual({ success: false, error: 'world_id required' });
    expect(await a.call(0xa8, {})).toEqual({ success: false, error: 'snapshot required' });
    expect(await a.call(0xb2, {})).toEqual({ success: true, connected: false, relay_url: '', machine_id: '', remote_agent_count: 0 });
    expect(await a.call(0xb3, {})).toEqual({ success: true, agents: [], count: 0 });
    expect(await a.call(0xb0, {})).toEqual({ success: false, error: 'relay_url required' });
    expect(await a.call(0xb0, { relay_url: 'ws://x' })).toEqual({ success: false, error: 'Failed to connect to relay server' });
    expect(await a.call(0xb4, { relay_url: 'ws://y' })).toEqual({ success: true });
    expect(await a.call(0xb1, {})).toEqual({ success: true });
    a.send(0, 'alive');
    expect((await a.recv()).payload.toString()).toBe('alive');
  });
});

describe('THINK through the LLM layer adapter', () => {
  it('maps the protocol request to LlmService.think and the offline error to the spec shape', async () => {
    const { thinkHandlerFor } = await import('../../src/kernel/syscalls/llm-adapter.js');
    const seen: any[] = [];
    t.server.setThinkHandler(
      thinkHandlerFor({
        think: async (req: any) => {
          seen.push(req);
          if (req.messages[0].content === 'offline') throw Object.assign(new Error('no provider'), { code: 'ENOPROVIDER' });
          return { content: 'answer', toolCalls: [], provider: 'replay', model: 'm1', usage: { input: 5, output: 7 }, costUsd: 0.001, finishReason: 'stop', maxTokens: 100 };
        },
      }),
    );
    const a = await client();
    expect(await a.call(Op.THINK, { prompt: 'q', system_instruction: 's', temperature: 0, thinking_level: 'low' })).toEqual({ success: true, content: 'answer', tokens: 12 });
    expect(seen[0]).toMatchObject({ agent: 'test', system: 's', temperature: 0, thinking: 'low', messages: [{ role: 'user', content: 'q' }] });
    expect(await a.call(Op.THINK, { prompt: 'offline' })).toEqual({ success: false, error: 'LLM not configured (set GEMINI_API_KEY)', content: '' });
    const rec = readRecords(journalDir(t.home)).find((r) => r.type === 'think')!;
    expect(rec).toMatchObject({ tokens: 12, model: 'm1', ok: true, agent: 'test' });
  });
});
