// think and the kernel LLM service against a local server speaking the Gemini API,
// through the real @google/genai SDK (GEMINI_BASE_URL -> httpOptions.baseUrl).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { thinkBuiltin } from '../../src/builtins/think.js';
import { startFakeGemini, type FakeServer } from '../fixtures/fake-gemini-server.js';
import { envFor, fakeKernel, runBuiltin, tempHome } from './helpers.js';

let server: FakeServer;
let home: string;
let cleanup: () => void;

beforeEach(async () => {
  server = await startFakeGemini();
  ({ home, cleanup } = tempHome());
});
afterEach(async () => {
  await server.close();
  cleanup();
});

function kernel(extra: Record<string, string> = {}) {
  return fakeKernel({ home, cwd: home, env: envFor({ GEMINI_API_KEY: 'g-test', GEMINI_BASE_URL: server.url, ...extra }) });
}

describe('think with Gemini', () => {
  it('streams over SSE with stdin first, system instruction and generation config', async () => {
    server.queue({ text: 'the disk is full', delayMs: 30 });
    const { kernel: k } = kernel();
    const r = await runBuiltin(thinkBuiltin, 'think', ['-s', 'you are a sysadmin', '-t', '0.5', '--max-tokens', '100', '--thinking', 'low', 'why?'], k, 'ENOSPC\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('the disk is full\n');
    expect(r.writes.length).toBeGreaterThan(2);
    const req = server.requests[0]!;
    expect(req.path).toMatch(/\/v1beta\/models\/gemini-2\.5-flash:streamGenerateContent\?alt=sse/);
    expect(req.headers['x-goog-api-key']).toBe('g-test');
    expect(req.body.contents).toEqual([{ role: 'user', parts: [{ text: 'ENOSPC\n\nwhy?' }] }]);
    expect(req.body.systemInstruction.parts[0].text).toBe('you are a sysadmin');
    expect(req.body.generationConfig).toMatchObject({ temperature: 0.5, maxOutputTokens: 100, thinkingConfig: { thinkingBudget: 1024 } });
  });

  it('--json with usage and cost from the price table', async () => {
    server.queue({ text: 'yes', usage: { input: 2000, output: 100 } });
    const { kernel: k } = kernel();
    const r = await runBuiltin(thinkBuiltin, 'think', ['--json', '--schema', '{"type":"object"}', 'ok?'], k);
    const env = JSON.parse(r.stdout);
    expect(env).toMatchObject({ content: 'yes', provider: 'gemini', model: 'gemini-2.5-flash', usage: { input: 2000, output: 100 } });
    expect(env.costUsd).toBeCloseTo((2000 * 0.3 + 100 * 2.5) / 1e6, 10);
    const gc = server.requests[0]!.body.generationConfig;
    expect(gc.responseMimeType).toBe('application/json');
    expect(gc.responseJsonSchema).toEqual({ type: 'object' });
  });

  it('retries a 429 with Retry-After', async () => {
    server.queue({ status: 429, headers: { 'retry-after': '0.15' } }, { text: 'ok now' });
    const { kernel: k } = kernel();
    const r = await runBuiltin(thinkBuiltin, 'think', ['hi'], k);
    expect(r.stdout).toBe('ok now\n');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(140);
  });

  it('maps tools, function calls and function responses', async () => {
    const { llm } = kernel();
    const tools = [{ name: 'ls', description: 'list a directory', parameters: { type: 'object', properties: { dir: { type: 'string' } } } }];
    server.queue({ toolCalls: [{ name: 'ls', arguments: { dir: '/tmp' } }] });
    const r1 = await llm.think({ messages: [{ role: 'user', content: 'what is in /tmp' }], tools, toolChoice: 'required', onText: () => {} });
    expect(r1.toolCalls).toEqual([{ id: 'call_0', name: 'ls', arguments: { dir: '/tmp' } }]);
    expect(r1.finishReason).toBe('tool_calls');
    const b1 = server.requests[0]!.body;
    expect(b1.tools).toEqual([{ functionDeclarations: [{ name: 'ls', description: 'list a directory', parametersJsonSchema: tools[0]!.parameters }] }]);
    expect(b1.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });

    server.queue({ text: 'two files' });
    const r2 = await llm.think({
      messages: [
        { role: 'user', content: 'what is in /tmp' },
        { role: 'assistant', content: '', toolCalls: r1.toolCalls },
        { role: 'tool', toolCallId: 'call_0', name: 'ls', content: '["a","b"]' },
      ],
      tools,
    });
    expect(r2.content).toBe('two files');
    const contents = server.requests[1]!.body.contents;
    expect(contents[1]).toEqual({ role: 'model', parts: [{ functionCall: { id: 'call_0', name: 'ls', args: { dir: '/tmp' } } }] });
    expect(contents[2]).toEqual({ role: 'user', parts: [{ functionResponse: { id: 'call_0', name: 'ls', response: { result: ['a', 'b'] } } }] });
  });

  it('picks the provider from the model name when both are configured', async () => {
    const { llm } = fakeKernel({ home, cwd: home, env: envFor({ GEMINI_API_KEY: 'g', GEMINI_BASE_URL: server.url, OPENAI_API_KEY: 'o' }) });
    expect(llm.resolve({})).toEqual({ provider: 'gemini', model: 'gemini-2.5-flash' });
    expect(llm.resolve({ model: 'gpt-4.1' })).toEqual({ provider: 'openai', model: 'gpt-4.1' });
    expect(llm.resolve({ model: 'gemini-2.5-pro' })).toEqual({ provider: 'gemini', model: 'gemini-2.5-pro' });
  });
});
