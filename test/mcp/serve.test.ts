// `aosh mcp serve` driven by the SDK's own client, over stdio and over Streamable HTTP:
// the kernel's tools, its process table and output resources with update notifications,
// the sandbox and the permissions, approvals as elicitations, think through the kernel.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ElicitRequestSchema, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { aoshBin, childScript, pidAlive, pollUntil, runAosh } from '../helpers/run-aosh.js';
import { connectStdio, dirs, env, startHttp, text, type Dirs } from './helpers.js';

const TOOLS = ['spawn', 'ps', 'kill', 'wait', 'exec', 'read_file', 'write_file', 'list_dir', 'think', 'pipe_send', 'pipe_recv', 'audit_tail'];

let d: Dirs;
beforeEach(() => {
  d = dirs();
});
afterEach(() => d.cleanup());

async function procs(c: Client): Promise<any[]> {
  const r: any = await c.callTool({ name: 'ps', arguments: {} });
  return r.structuredContent.processes;
}

/** The session test both transports run: spawn, ps, STOP/CONT, kill, wait, output resource, notifications. */
async function processLifecycle(c: Client): Promise<void> {
  const updates: string[] = [];
  c.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updates.push(n.params.uri));
  await c.subscribeResource({ uri: 'aosh://ps' });

  // It prints once the test has subscribed (the file "go" appears), then sleeps until killed.
  const go = join(d.work, 'go');
  const sp: any = await c.callTool({ name: 'spawn', arguments: { command: ['sh', '-c', `while [ ! -e ${go} ]; do sleep 0.05; done; echo agent-started >&2; exec sleep 600`], name: 'napper' } });
  expect(sp.isError, text(sp)).toBeFalsy();
  const id = sp.structuredContent.id as number;
  expect(sp.structuredContent).toMatchObject({ name: 'napper', state: 'running', output: `aosh://proc/${id}/output` });
  expect(sp.structuredContent.pid).toBeGreaterThan(0);
  await c.subscribeResource({ uri: `aosh://proc/${id}/output` });

  const row = (await procs(c)).find((p) => p.id === id);
  expect(row).toMatchObject({ name: 'napper', state: 'running', command: expect.stringContaining('agent-started') });
  writeFileSync(go, '');

  // What it prints is the output resource; a subscriber hears about it.
  await pollUntil(async () => ((await c.readResource({ uri: `aosh://proc/${id}/output` })).contents[0] as any).text.includes('agent-started'), 'the agent output', 10_000);
  await pollUntil(() => updates.includes(`aosh://proc/${id}/output`), 'an output update notification', 10_000);
  const listed = (await c.listResources()).resources.map((r) => r.uri);
  expect(listed).toEqual(expect.arrayContaining(['aosh://ps', `aosh://proc/${id}/output`]));

  // STOP and CONT, then TERM; wait reports the end.
  const stop: any = await c.callTool({ name: 'kill', arguments: { target: 'napper', signal: 'STOP' } });
  expect(stop.isError, text(stop)).toBeFalsy();
  expect((await procs(c)).find((p) => p.id === id).state).toBe('stopped');
  await c.callTool({ name: 'kill', arguments: { target: id, signal: 'CONT' } });
  expect((await procs(c)).find((p) => p.id === id).state).toBe('running');
  const psUpdatesBefore = updates.filter((u) => u === 'aosh://ps').length;
  await c.callTool({ name: 'kill', arguments: { target: String(id) } });
  const w: any = await c.callTool({ name: 'wait', arguments: { target: 'napper', timeout_sec: 20 } });
  expect(w.structuredContent).toMatchObject({ id, state: 'killed', signal: 'SIGTERM', status: 143, timed_out: false });
  expect((await procs(c)).find((p) => p.id === id)).toMatchObject({ state: 'killed' });
  await pollUntil(() => updates.filter((u) => u === 'aosh://ps').length > psUpdatesBefore, 'a ps update notification after the kill', 10_000);

  // Killing what has ended, or what does not exist, is a tool error that says so.
  const again: any = await c.callTool({ name: 'kill', arguments: { target: id } });
  expect(again.isError).toBe(true);
  expect(text(again)).toContain('has already ended');
  const none: any = await c.callTool({ name: 'kill', arguments: { target: 'nobody' } });
  expect(text(none)).toBe('kill: nobody: no such process in this session (see ps)');

  // The journal has it all.
  const tail: any = await c.callTool({ name: 'audit_tail', arguments: { n: 50 } });
  const types = tail.structuredContent.records.map((r: any) => r.type);
  expect(types).toEqual(expect.arrayContaining(['mcp.serve', 'mcp.call', 'proc.spawn']));
  expect(tail.structuredContent.records.find((r: any) => r.type === 'mcp.call' && r.tool === 'spawn')).toMatchObject({ name: 'napper', id });
}

/** exec runs sandboxed; the file tools keep to the permissions. */
async function sandboxChecks(c: Client): Promise<void> {
  const probe = `/etc/aosh-mcp-denied-${process.pid}`;
  const r: any = await c.callTool({ name: 'exec', arguments: { command: `echo before; echo x > ${probe}` } });
  expect(r.isError).toBe(true);
  expect(r.structuredContent.exit_code).not.toBe(0);
  expect(r.structuredContent.stdout).toBe('before\n');
  expect(r.structuredContent.stderr).toMatch(/Read-only file system|Permission denied/);
  expect(existsSync(probe)).toBe(false);

  const inside: any = await c.callTool({ name: 'exec', arguments: { command: 'echo inside > inside.txt; cat inside.txt' } });
  expect(inside.isError, text(inside)).toBeFalsy();
  expect(inside.structuredContent).toMatchObject({ exit_code: 0, stdout: 'inside\n' });
  expect(readFileSync(join(d.work, 'inside.txt'), 'utf8')).toBe('inside\n');
  // exec appears in the process table like any stage.
  expect((await procs(c)).find((p) => p.id === inside.structuredContent.proc_id)).toMatchObject({ name: 'mcp-exec', state: 'exited', exit_code: 0 });

  const out: any = await c.callTool({ name: 'write_file', arguments: { path: '../outside.txt', content: 'x' } });
  expect(out.isError).toBe(true);
  expect(text(out)).toMatch(/^denied: permission denied \(--allow-write=/);
  expect(existsSync(join(d.work, '..', 'outside.txt'))).toBe(false);

  const ok: any = await c.callTool({ name: 'write_file', arguments: { path: 'sub/new.txt', content: 'made by mcp\n' } });
  expect(ok.isError, text(ok)).toBeFalsy();
  expect(readFileSync(join(d.work, 'sub', 'new.txt'), 'utf8')).toBe('made by mcp\n');
  expect(text(await c.callTool({ name: 'read_file', arguments: { path: 'sub/new.txt' } }))).toBe('made by mcp\n');
  expect(text(await c.callTool({ name: 'list_dir', arguments: { path: '.' } }))).toContain('sub/');

  // Secrets stay hidden from the file tools as from the agent's.
  writeFileSync(join(d.work, '.env'), 'API_KEY=sk-secret\n');
  const secret: any = await c.callTool({ name: 'read_file', arguments: { path: '.env' } });
  expect(secret.isError).toBe(true);
  expect(text(secret)).toMatch(/^denied: permission denied/);
  expect(text(secret)).not.toContain('sk-secret');
}

describe('aosh mcp serve over stdio (SDK client)', () => {
  it('offers the kernel tools; spawn, ps, STOP/CONT, kill, wait; output resources with notifications', async () => {
    const s = await connectStdio(d, ['--mode', 'auto']);
    try {
      const tools = (await s.client.listTools()).tools;
      expect(tools.map((t) => t.name)).toEqual(TOOLS);
      expect(tools.find((t) => t.name === 'exec')!.inputSchema.required).toEqual(['command']);
      expect(s.client.getServerVersion()?.name).toBe('aosh');
      await processLifecycle(s.client);
    } finally {
      await s.close();
    }
  });

  it('exec is a sandboxed stage: writing outside the working directory is denied; file tools keep to the permissions', async () => {
    const s = await connectStdio(d, ['--mode', 'auto']);
    try {
      await sandboxChecks(s.client);
    } finally {
      await s.close();
    }
  });

  it('approval: auto-edit asks the client by elicitation (accept, decline, always); a client that cannot be asked is refused', async () => {
    const answers: Array<{ action: 'accept' | 'decline'; content?: Record<string, unknown> }> = [{ action: 'accept' }, { action: 'decline' }, { action: 'accept', content: { always: true } }];
    const asked: string[] = [];
    const s = await connectStdio(d, [], {
      capabilities: { elicitation: {} },
      setup: (c) => c.setRequestHandler(ElicitRequestSchema, async (req) => {
        asked.push(req.params.message);
        return answers.shift()!;
      }),
    });
    try {
      const a: any = await s.client.callTool({ name: 'exec', arguments: { command: 'echo one >> log.txt' } });
      expect(a.isError, text(a)).toBeFalsy();
      expect(asked[0]).toContain('exec: echo one >> log.txt');
      const b: any = await s.client.callTool({ name: 'exec', arguments: { command: 'echo two >> log.txt' } });
      expect(b.isError).toBe(true);
      expect(text(b)).toBe('denied: the user declined it');
      const c1: any = await s.client.callTool({ name: 'exec', arguments: { command: 'echo three >> log.txt' } });
      const c2: any = await s.client.callTool({ name: 'exec', arguments: { command: 'echo three >> log.txt' } });
      expect([c1.isError, c2.isError]).toEqual([undefined, undefined]);
      // "always" covered the second identical call: three questions in all.
      expect(asked).toHaveLength(3);
      expect(readFileSync(join(d.work, 'log.txt'), 'utf8')).toBe('one\nthree\nthree\n');
      // Writes inside the working directory need no approval in auto-edit.
      const w: any = await s.client.callTool({ name: 'write_file', arguments: { path: 'w.txt', content: 'w' } });
      expect(w.isError, text(w)).toBeFalsy();
      expect(asked).toHaveLength(3);
    } finally {
      await s.close();
    }

    // A client without elicitation: a clear refusal, never a silent allow.
    const plain = await connectStdio(d, ['--mode', 'ask']);
    try {
      const r: any = await plain.client.callTool({ name: 'write_file', arguments: { path: 'w2.txt', content: 'w' } });
      expect(r.isError).toBe(true);
      expect(text(r)).toContain('write_file needs approval in --mode ask, and this MCP client cannot be asked (it does not support elicitation)');
      expect(existsSync(join(d.work, 'w2.txt'))).toBe(false);
      const sp: any = await plain.client.callTool({ name: 'spawn', arguments: { command: 'sleep 30' } });
      expect(sp.isError).toBe(true);
      expect(text(sp)).toContain('cannot be asked');
      expect((await procs(plain.client)).filter((p) => p.name === 'sleep')).toEqual([]);
      const tail: any = await plain.client.callTool({ name: 'audit_tail', arguments: { n: 10 } });
      expect(tail.structuredContent.records.filter((r: any) => r.type === 'mcp.denied').map((r: any) => r.tool)).toEqual(['write_file', 'spawn']);
    } finally {
      await plain.close();
    }
  });

  it('think goes through the kernel LLM service (a local OpenAI-compatible server)', async () => {
    const fake: FakeServer = await startFakeOpenAI();
    try {
      const s = await connectStdio(d, [], { env: env(d, { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${fake.url}/v1` }) });
      try {
        const r: any = await s.client.callTool({ name: 'think', arguments: { prompt: 'hello kernel' } });
        expect(r.isError, text(r)).toBeFalsy();
        expect(text(r)).toBe('echo: hello kernel');
        expect(r.structuredContent.usage.input).toBeGreaterThan(0);
        expect(fake.requests).toHaveLength(1);
        expect(fake.requests[0]!.body.messages.at(-1).content).toBe('hello kernel');
      } finally {
        await s.close();
      }
    } finally {
      await fake.close();
    }
    // Without a provider: a tool error that says what to configure.
    const s = await connectStdio(d, []);
    try {
      const r: any = await s.client.callTool({ name: 'think', arguments: { prompt: 'x' } });
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/^think: no LLM provider configured/);
    } finally {
      await s.close();
    }
  });

  it('named channels: pipe_send and pipe_recv; a receive that times out returns what came', async () => {
    const s = await connectStdio(d, []);
    try {
      const sent: any = await s.client.callTool({ name: 'pipe_send', arguments: { channel: 'jobs', message: 'a\nb\nc' } });
      expect(sent.structuredContent).toEqual({ channel: 'jobs', sent: 3, created: true });
      const one: any = await s.client.callTool({ name: 'pipe_recv', arguments: { channel: 'jobs' } });
      expect(one.structuredContent).toEqual({ channel: 'jobs', messages: ['a'], timed_out: false });
      // What the first reader did not take stays for the next one.
      const rest: any = await s.client.callTool({ name: 'pipe_recv', arguments: { channel: 'jobs', max: 5, timeout_sec: 0.2 } });
      expect(rest.structuredContent).toEqual({ channel: 'jobs', messages: ['b', 'c'], timed_out: true });
      const missing: any = await s.client.callTool({ name: 'pipe_recv', arguments: { channel: 'nope' } });
      expect(missing.isError).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('bad arguments are one-line tool errors, and the server keeps serving', async () => {
    const s = await connectStdio(d, ['--mode', 'auto']);
    try {
      const cases: Array<[string, Record<string, unknown>, string]> = [
        ['exec', {}, 'exec: argument "command" must be a string (missing)'],
        ['spawn', { command: 'a | b' }, 'spawn: "command" is one program and its arguments'],
        ['kill', { target: 'x', signal: 'USR9' }, 'kill: "signal" must be one of TERM, KILL, STOP, CONT, INT, HUP'],
        ['wait', { target: {} }, 'wait: argument "target" must be a process id, name or pid:N'],
        ['spawn', { command: 'no-such-program-xyz' }, 'spawn: no-such-program-xyz: command not found'],
        ['no_such_tool', {}, 'unknown tool "no_such_tool"'],
      ];
      for (const [name, args, want] of cases) {
        const r: any = await s.client.callTool({ name, arguments: args });
        expect(r.isError, name).toBe(true);
        expect(text(r)).toContain(want);
        expect(text(r)).not.toContain('\n    at ');
      }
      expect(text(await s.client.callTool({ name: 'exec', arguments: { command: 'echo still here' } }))).toContain('still here');
    } finally {
      await s.close();
    }
  });

  it("serve's own flags: --deny-* narrow, --allow-* add to the agent defaults but never widen the session's", async () => {
    const locked = join(d.work, 'locked');
    // --allow-net on serve cannot give the network the session does not have: refused in one line.
    const refused = await runAosh(['--allow-read', '--allow-write', '--allow-run', 'mcp', 'serve', '--allow-net'], { cwd: d.work, env: env(d) });
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toBe('mcp: serve: --allow-net: the session has no network (start aosh with --allow-net)');
    const s = await connectStdio(d, ['--mode', 'auto', '--deny-spawn', '--deny-think', `--deny-write=${locked}`], { aoshArgs: ['--allow-read', '--allow-write', '--allow-run'] });
    try {
      const sp: any = await s.client.callTool({ name: 'spawn', arguments: { command: 'sleep 30' } });
      expect(text(sp)).toBe('denied: permission denied (--deny-spawn): spawn not allowed');
      const th: any = await s.client.callTool({ name: 'think', arguments: { prompt: 'x' } });
      expect(text(th)).toBe('denied: permission denied (--deny-think): LLM calls not allowed');
      const lockedWrite: any = await s.client.callTool({ name: 'write_file', arguments: { path: 'locked/x.txt', content: 'x' } });
      expect(text(lockedWrite)).toMatch(/^denied: permission denied \(--deny-write=/);
      const ok: any = await s.client.callTool({ name: 'write_file', arguments: { path: 'open/x.txt', content: 'x' } });
      expect(ok.isError, text(ok)).toBeFalsy();
      const tail: any = await s.client.callTool({ name: 'audit_tail', arguments: { n: 20 } });
      const started = tail.structuredContent.records.filter((r: any) => r.type === 'mcp.serve').at(-1);
      expect(started.permissions).toEqual(expect.arrayContaining(['--allow-read', '--allow-run', `--allow-write=${d.work}`, '--deny-think', '--deny-spawn']));
      expect(started.permissions.find((p: string) => p.startsWith('--deny-write='))).toContain(locked);
      expect(started.permissions.some((p: string) => p.startsWith('--allow-net'))).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('ends at end of input with status 0, and its spawned agents die with it', async () => {
    const child = spawn(process.execPath, [aoshBin, 'mcp', 'serve', '--mode', 'auto'], { cwd: d.work, env: env(d), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const send = (m: unknown): boolean => child.stdin!.write(JSON.stringify(m) + '\n');
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await pollUntil(() => out.includes('"id":1'), 'the initialize answer', 15_000);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'spawn', arguments: { command: ['node', childScript, 'hang'], name: 'orphan' } } });
    await pollUntil(() => out.includes('"id":2'), 'the spawn answer', 15_000);
    const reply = JSON.parse(out.split('\n').find((l) => l.includes('"id":2'))!);
    const pid = reply.result.structuredContent.pid as number;
    expect(pidAlive(pid)).toBe(true);
    child.stdin!.end();
    expect(await exited).toBe(0);
    await pollUntil(() => !pidAlive(pid), 'the spawned agent to die with the server', 10_000);
  });

  it('usage errors: one line, status 2', async () => {
    const r = await runAosh(['mcp', 'serve', '--mode', 'yolo'], { cwd: d.work, env: env(d) });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('mcp: serve: --mode: expected ask, auto-edit or auto, got yolo\n');
    const r2 = await runAosh(['mcp', 'serve', '--http', '0.0.0.0:0'], { cwd: d.work, env: env(d) });
    expect(r2.status).toBe(2);
    expect(r2.stderr).toBe('mcp: serve: --http: 0.0.0.0 is not a loopback address: aosh serves MCP only on 127.0.0.1, ::1 or localhost\n');
    const r3 = await runAosh(['mcp', 'serve', '--http'], { cwd: d.work, env: env(d, { AOSH_MCP_TOKEN: 'short' }) });
    expect(r3.status).toBe(2);
    expect(r3.stderr).toBe('mcp: serve: $AOSH_MCP_TOKEN must be at least 16 characters\n');
  });
});

function rawRequest(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (res) => {
      let b = '';
      res.on('data', (c: Buffer) => (b += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('aosh mcp serve --http (Streamable HTTP, SDK client)', () => {
  it('refuses requests without the bearer token or with a foreign Host; serves the kernel to a client that has it', async () => {
    const fake = await startFakeOpenAI();
    const h = await startHttp(d, ['--mode', 'auto'], env(d, { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${fake.url}/v1` }));
    try {
      expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      expect(h.token.length).toBeGreaterThanOrEqual(24);
      const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
      const none = await rawRequest(h.url, {}, init);
      expect(none.status).toBe(401);
      expect(JSON.parse(none.body).error.message).toMatch(/^Unauthorized/);
      expect((await rawRequest(h.url, { authorization: 'Bearer wrong-token-wrong-token' }, init)).status).toBe(401);
      const port = new URL(h.url).port;
      expect((await rawRequest(h.url, { authorization: `Bearer ${h.token}`, host: `evil.example:${port}` }, init)).status).toBe(403);
      expect((await rawRequest(h.url, { authorization: `Bearer ${h.token}`, origin: 'https://evil.example' }, init)).status).toBe(403);

      const c = await h.connect();
      try {
        expect((await c.listTools()).tools.map((t) => t.name)).toEqual(TOOLS);
        await processLifecycle(c);
        await sandboxChecks(c);
        const t: any = await c.callTool({ name: 'think', arguments: { prompt: 'over http' } });
        expect(text(t)).toBe('echo: over http');
      } finally {
        await c.close();
      }
    } finally {
      const st = await h.stop();
      expect(st.status).toBe(143);
      await fake.close();
    }
  });

  it('asks for approval by elicitation on the request stream; a token from $AOSH_MCP_TOKEN', async () => {
    const token = 'test-token-0123456789abcdef';
    const h = await startHttp(d, [], env(d, { AOSH_MCP_TOKEN: token }));
    try {
      expect(h.out).toContain('token: (from $AOSH_MCP_TOKEN)\n');
      let asked = 0;
      const client = await (async () => {
        const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
        const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
        const c = new Client({ name: 'elicit-test', version: '1' }, { capabilities: { elicitation: {} } });
        c.setRequestHandler(ElicitRequestSchema, async () => {
          asked++;
          return { action: 'accept', content: { always: false } };
        });
        await c.connect(new StreamableHTTPClientTransport(new URL(h.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
        return c;
      })();
      try {
        const r: any = await client.callTool({ name: 'exec', arguments: { command: 'echo approved over http' } });
        expect(r.isError, text(r)).toBeFalsy();
        expect(r.structuredContent.stdout).toBe('approved over http\n');
        expect(asked).toBe(1);
      } finally {
        await client.close();
      }
    } finally {
      await h.stop();
    }
  });
});
