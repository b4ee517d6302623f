// Record every exchange to a cassette, then replay it with the server down.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { thinkBuiltin } from '../../src/builtins/think.js';
import { startFakeGemini } from '../fixtures/fake-gemini-server.js';
import { startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { envFor, fakeKernel, runBuiltin, tempHome } from './helpers.js';

let home: string;
let cleanup: () => void;
beforeEach(() => void ({ home, cleanup } = tempHome()));
afterEach(() => cleanup());

describe('record and replay', () => {
  it('replays a recorded session, streaming included, with the server down and no keys', async () => {
    const server: FakeServer = await startFakeOpenAI();
    const cassette = join(home, 'cassettes', 'run.jsonl');
    server.queue({ text: 'recorded streaming answer', usage: { input: 12, output: 3 } }, { text: 'recorded json answer', usage: { input: 20, output: 4 } });
    const rec = fakeKernel({ home, cwd: home, env: envFor({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.url }), record: cassette }).kernel;
    const a = await runBuiltin(thinkBuiltin, 'think', ['-m', 'gpt-4.1-mini', 'first'], rec, 'ctx\n');
    const b = await runBuiltin(thinkBuiltin, 'think', ['--json', '-m', 'gpt-4.1-mini', 'second'], rec);
    expect(a.stdout).toBe('recorded streaming answer\n');
    await server.close();

    const lines = readFileSync(cassette, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].chunks.length).toBeGreaterThan(1);
    expect(JSON.stringify(lines)).not.toContain('"k"');

    const play = fakeKernel({ home, cwd: home, env: {}, replay: cassette }).kernel;
    const a2 = await runBuiltin(thinkBuiltin, 'think', ['-m', 'gpt-4.1-mini', 'first'], play, 'ctx\n');
    expect(a2.stderr).toBe('');
    expect(a2.stdout).toBe(a.stdout);
    expect(a2.writes.length).toBe(a.writes.length);
    const b2 = JSON.parse((await runBuiltin(thinkBuiltin, 'think', ['--json', '-m', 'gpt-4.1-mini', 'second'], play)).stdout);
    const b1 = JSON.parse(b.stdout);
    expect({ ...b2, cid: null }).toEqual({ ...b1, cid: null });

    const miss = await runBuiltin(thinkBuiltin, 'think', ['-m', 'gpt-4.1-mini', 'never asked'], play);
    expect(miss.status).toBe(1);
    expect(miss.stderr).toMatch(/^think: replay: no recorded answer in .*run\.jsonl for this request \("never asked"\)/);
  });

  it('records and replays Gemini tool calls', async () => {
    const server = await startFakeGemini();
    const cassette = join(home, 'g.jsonl');
    server.queue({ toolCalls: [{ id: 't1', name: 'ls', arguments: { dir: '.' } }] });
    const tools = [{ name: 'ls', parameters: { type: 'object' } }];
    const req = { messages: [{ role: 'user' as const, content: 'list' }], tools };
    const r1 = await fakeKernel({ home, cwd: home, env: envFor({ GEMINI_API_KEY: 'g', GEMINI_BASE_URL: server.url }), record: cassette }).llm.think(req);
    await server.close();
    const r2 = await fakeKernel({ home, cwd: home, env: { AOSH_REPLAY: cassette } }).llm.think(req);
    expect(r2.toolCalls).toEqual(r1.toolCalls);
    expect(r2.provider).toBe('gemini');
    expect(r2.replayed).toBe(true);
  });
});
