// think and the kernel LLM service against a local server speaking the OpenAI API,
// through the real `openai` SDK.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { thinkBuiltin } from '../../src/builtins/think.js';
import { startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { envFor, fakeKernel, runBuiltin, tempHome } from './helpers.js';

let server: FakeServer;
let home: string;
let cleanup: () => void;

beforeEach(async () => {
  server = await startFakeOpenAI();
  ({ home, cleanup } = tempHome());
});
afterEach(async () => {
  await server.close();
  cleanup();
});

function kernel(extra: Record<string, string> = {}) {
  return fakeKernel({ home, cwd: home, env: envFor({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${server.url}/v1`, ...extra }) });
}

describe('think with an OpenAI-compatible server', () => {
  it('sends standard input first, then the prompt, and streams the answer', async () => {
    server.queue({ text: 'it failed because of a missing semicolon', delayMs: 30 });
    const { kernel: k } = kernel();
    const r = await runBuiltin(thinkBuiltin, 'think', ['why', 'did', 'this', 'fail'], k, 'error: line 3\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('it failed because of a missing semicolon\n');
    expect(r.writes.length).toBeGreaterThan(3); // arrived in pieces
    const body = server.requests[0]!.body;
    expect(body.stream).toBe(true);
    expect(body.messages).toEqual([{ role: 'user', content: 'error: line 3\n\nwhy did this fail' }]);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-test');
  });

  it('passes model, system, temperature, max tokens, schema and image to the request', async () => {
    const img = join(home, 'pic.png');
    writeFileSync(img, Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    server.queue({ text: '{"ok":true}' });
    const { kernel: k } = kernel();
    const schema = '{"type":"object","properties":{"ok":{"type":"boolean"}}}';
    const r = await runBuiltin(thinkBuiltin, 'think', ['-m', 'my-local-model', '-s', 'be terse', '-t', '0.2', '--max-tokens', '77', '--schema', schema, '--image', img, '--thinking', 'low', 'is it ok?'], k);
    expect(r.status).toBe(0);
    const body = server.requests[0]!.body;
    expect(body.model).toBe('my-local-model');
    expect(body.messages[0]).toEqual({ role: 'system', content: 'be terse' });
    expect(body.messages[1].content[0]).toEqual({ type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64')}` } });
    expect(body.messages[1].content[1]).toEqual({ type: 'text', text: 'is it ok?' });
    expect(body.temperature).toBe(0.2);
    expect(body.max_tokens).toBe(77);
    expect(body.reasoning_effort).toBe('low');
    expect(body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'output', schema: JSON.parse(schema) } });
  });

  it('--json prints one envelope with usage, cost and the conversation id', async () => {
    server.queue({ text: 'four', usage: { input: 1000, output: 500 }, model: 'gpt-4.1-mini' });
    const { kernel: k } = kernel();
    const r = await runBuiltin(thinkBuiltin, 'think', ['--json', '-m', 'gpt-4.1-mini', '2+2?'], k);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const env = JSON.parse(lines[0]!);
    expect(env).toMatchObject({ content: 'four', model: 'gpt-4.1-mini', provider: 'openai', usage: { input: 1000, output: 500 }, finishReason: 'stop' });
    expect(env.costUsd).toBeCloseTo((1000 * 0.4 + 500 * 1.6) / 1e6, 10);
    expect(env.cid).toMatch(/^\d{8}-\d{6}-[0-9a-f]{4}$/);
    expect(server.requests[0]!.body.stream).toBeFalsy();
  });

  it('-x prints only the code blocks', async () => {
    server.queue({ text: 'Here:\n```sh\nls -la\n```\nand\n```\necho hi\n```\n' });
    const { kernel: k } = kernel();
    const r = await runBuiltin(thinkBuiltin, 'think', ['-x', 'list files'], k);
    expect(r.stdout).toBe('ls -la\n\necho hi\n');
  });

  it('retries a 429, honouring Retry-After', async () => {
    server.queue({ status: 429, headers: { 'retry-after': '0.2' } }, { status: 503 }, { text: 'finally' });
    const { kernel: k } = kernel();
    const t0 = Date.now();
    const r = await runBuiltin(thinkBuiltin, 'think', ['hello'], k);
    expect(r.stdout).toBe('finally\n');
    expect(r.status).toBe(0);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(190);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
  });

  it('a provider error is one line and status 1, after the retries, each retry said on stderr', async () => {
    server.respond(() => ({ status: 500, errorMessage: 'boom' }));
    const { kernel: k } = kernel({ AOSH_LLM_RETRIES: '3' });
    const r = await runBuiltin(thinkBuiltin, 'think', ['hello'], k);
    expect(r.status).toBe(1);
    expect(server.requests).toHaveLength(3);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines, r.stderr).toEqual([
      `think: ${server.url}/v1 answered 500; retrying (2/3)…`,
      `think: ${server.url}/v1 answered 500; retrying (3/3)…`,
      expect.stringMatching(/^think: openai-compatible server .*boom/),
    ]);
    expect(r.stdout).toBe('');
  });

  it('a 400 is not retried', async () => {
    server.respond(() => ({ status: 400, errorMessage: 'bad request' }));
    const { kernel: k } = kernel();
    const r = await runBuiltin(thinkBuiltin, 'think', ['hello'], k);
    expect(r.status).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('maps tool definitions and tool calls, streaming and not', async () => {
    const { llm } = kernel();
    const tools = [{ name: 'read_file', description: 'read a file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } }];
    for (const stream of [false, true]) {
      server.queue({ toolCalls: [{ id: 'c1', name: 'read_file', arguments: { path: 'a.txt' } }] });
      const res = await llm.think({ messages: [{ role: 'user', content: 'read a.txt' }], tools, toolChoice: 'auto', ...(stream ? { onText: () => {} } : {}) });
      expect(res.toolCalls).toEqual([{ id: 'c1', name: 'read_file', arguments: { path: 'a.txt' } }]);
      expect(res.finishReason).toBe('tool_calls');
    }
    const body = server.requests[0]!.body;
    expect(body.tools).toEqual([{ type: 'function', function: tools[0] ? { name: 'read_file', description: 'read a file', parameters: tools[0].parameters } : {} }]);
    expect(body.tool_choice).toBe('auto');
    // The answer goes back as a tool message.
    server.queue({ text: 'the file says hi' });
    await llm.think({
      messages: [
        { role: 'user', content: 'read a.txt' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'read_file', arguments: { path: 'a.txt' } }] },
        { role: 'tool', toolCallId: 'c1', name: 'read_file', content: 'hi' },
      ],
      tools,
    });
    const msgs = server.requests[2]!.body.messages;
    expect(msgs[1]).toEqual({ role: 'assistant', content: '', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.txt"}' } }] });
    expect(msgs[2]).toEqual({ role: 'tool', tool_call_id: 'c1', content: 'hi' });
  });

  it('usage errors are one line with status 2', async () => {
    const { kernel: k } = kernel();
    expect((await runBuiltin(thinkBuiltin, 'think', ['--bogus'], k)).stderr).toBe('think: unknown option: --bogus\n');
    expect((await runBuiltin(thinkBuiltin, 'think', ['-t', 'hot', 'x'], k)).status).toBe(2);
    expect((await runBuiltin(thinkBuiltin, 'think', [], k)).stderr).toMatch(/^think: no prompt/);
    expect(server.requests).toHaveLength(0);
  });

  it('Ctrl-C mid-stream stops the call with 128+SIGINT and a newline-terminated partial answer', async () => {
    server.queue({ text: 'one two three four five six seven eight', delayMs: 400 });
    const { kernel: k } = kernel();
    const ac = new AbortController();
    setTimeout(() => ac.abort(2), 120);
    const r = await runBuiltin(thinkBuiltin, 'think', ['count'], k, null, {}, ac.signal);
    expect(r.status).toBe(130);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^one .*\n$/);
    expect(r.stdout.length).toBeLessThan('one two three four five six seven eight\n'.length);
  });

  it('a server that is down: a retry notice per attempt, then one line and status 1 (3 attempts, not 5)', async () => {
    const { kernel: k } = kernel();
    const url = server.url;
    await server.close();
    const r = await runBuiltin(thinkBuiltin, 'think', ['hello'], k);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean), r.stderr).toEqual([
      `think: connection refused by ${url}/v1; retrying (2/3)…`,
      `think: connection refused by ${url}/v1; retrying (3/3)…`,
      `think: openai-compatible server ${url}/v1: cannot connect (ECONNREFUSED)`,
    ]);
    server = await startFakeOpenAI(); // for afterEach
  });

  it('AOSH_LLM_NET_RETRIES sets the attempts when there is no HTTP answer', async () => {
    const { kernel: k } = kernel({ AOSH_LLM_NET_RETRIES: '1' });
    await server.close();
    const r = await runBuiltin(thinkBuiltin, 'think', ['hello'], k);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    server = await startFakeOpenAI();
  });
});
