// Conversations on disk: files, continue (-c, --cid), fork, conv ls/show.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { convBuiltin } from '../../src/builtins/conv.js';
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

const k = () => fakeKernel({ home, cwd: home, env: envFor({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.url }) }).kernel;

describe('conversations', () => {
  it('keeps meta.json, transcript.jsonl and transcript.md under YYYY/MM/DD/<id>', async () => {
    const kernel = k();
    const r = await runBuiltin(thinkBuiltin, 'think', ['--json', '-s', 'sys', 'first question'], kernel);
    const { cid } = JSON.parse(r.stdout);
    const d = new Date();
    const dir = join(home, 'conversations', String(d.getFullYear()), String(d.getMonth() + 1).padStart(2, '0'), String(d.getDate()).padStart(2, '0'), cid);
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ id: cid, title: 'first question', system: 'sys', turns: 1, provider: 'openai' });
    const lines = readFileSync(join(dir, 'transcript.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.role, l.content])).toEqual([
      ['user', 'first question'],
      ['assistant', 'echo: first question'],
    ]);
    const md = readFileSync(join(dir, 'transcript.md'), 'utf8');
    expect(md).toContain('## user\n\nfirst question');
    expect(md).toContain('echo: first question');
  });

  it('-c continues the latest, --cid a given one; the history is sent', async () => {
    const kernel = k();
    const a = JSON.parse((await runBuiltin(thinkBuiltin, 'think', ['--json', 'one'], kernel)).stdout).cid;
    const b = JSON.parse((await runBuiltin(thinkBuiltin, 'think', ['--json', 'other'], kernel)).stdout).cid;
    expect(a).not.toBe(b);
    const c1 = JSON.parse((await runBuiltin(thinkBuiltin, 'think', ['--json', '-c', 'two'], kernel)).stdout);
    expect(c1.cid).toBe(b);
    expect(server.requests[2]!.body.messages.map((m: any) => m.content)).toEqual(['other', 'echo: other', 'two']);
    const c2 = JSON.parse((await runBuiltin(thinkBuiltin, 'think', ['--json', '--cid', a, 'again'], kernel)).stdout);
    expect(c2.cid).toBe(a);
    expect(server.requests[3]!.body.messages.map((m: any) => m.content)).toEqual(['one', 'echo: one', 'again']);
  });

  it('continuing reads a hand-edited transcript.jsonl', async () => {
    const kernel = k();
    const cid = JSON.parse((await runBuiltin(thinkBuiltin, 'think', ['--json', 'q'], kernel)).stdout).cid;
    const dir = (await runBuiltin(convBuiltin, 'conv', ['path', cid], kernel)).stdout.trim();
    const file = join(dir, 'transcript.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('echo: q', 'edited answer'));
    await runBuiltin(thinkBuiltin, 'think', ['-c', 'next'], kernel);
    expect(server.requests[1]!.body.messages[1].content).toBe('edited answer');
  });

  it('--no-log keeps nothing', async () => {
    const kernel = k();
    const r = await runBuiltin(thinkBuiltin, 'think', ['--json', '--no-log', 'secret'], kernel);
    expect(JSON.parse(r.stdout).cid).toBeNull();
    expect(existsSync(join(home, 'conversations'))).toBe(false);
  });

  it('conv fork copies a conversation into a new one; conv ls and show list them', async () => {
    const kernel = k();
    const cid = JSON.parse((await runBuiltin(thinkBuiltin, 'think', ['--json', 'base'], kernel)).stdout).cid;
    const f = await runBuiltin(convBuiltin, 'conv', ['fork', cid], kernel);
    expect(f.status).toBe(0);
    const forked = f.stdout.trim();
    expect(forked).not.toBe(cid);
    await runBuiltin(thinkBuiltin, 'think', ['--cid', forked, 'branch'], kernel);
    expect(server.requests[1]!.body.messages.map((m: any) => m.content)).toEqual(['base', 'echo: base', 'branch']);
    const show = await runBuiltin(convBuiltin, 'conv', ['show', '--json', forked], kernel);
    const { meta, transcript } = JSON.parse(show.stdout);
    expect(meta.forkedFrom).toBe(cid);
    expect(transcript).toHaveLength(4);
    // the original is untouched
    expect(JSON.parse((await runBuiltin(convBuiltin, 'conv', ['show', '--json', cid], kernel)).stdout).transcript).toHaveLength(2);
    const ls = await runBuiltin(convBuiltin, 'conv', ['ls'], kernel);
    expect(ls.stdout.trim().split('\n')).toHaveLength(2);
    expect(ls.stdout).toContain(forked);
    const md = await runBuiltin(convBuiltin, 'conv', ['show', forked], kernel);
    expect(md.stdout).toContain('forked from: ' + cid);
    expect((await runBuiltin(convBuiltin, 'conv', ['show', 'nope'], kernel)).stderr).toBe('conv: no such conversation: nope\n');
  });

  it('-c with nothing logged is a usage error', async () => {
    const r = await runBuiltin(thinkBuiltin, 'think', ['-c', 'x'], k());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^think: no conversation to continue/);
  });

  it('conv show without ID, or with last, shows the latest', async () => {
    const kernel = k();
    await runBuiltin(thinkBuiltin, 'think', ['older'], kernel);
    await runBuiltin(thinkBuiltin, 'think', ['newest one'], kernel);
    for (const args of [['show'], ['show', 'last'], ['show', 'latest']]) {
      const r = await runBuiltin(convBuiltin, 'conv', args, kernel);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('# newest one');
    }
  });

  it('conv search finds text in titles and messages, case-insensitively; nothing found is status 1', async () => {
    const kernel = k();
    await runBuiltin(thinkBuiltin, 'think', ['alpha question'], kernel);
    await runBuiltin(thinkBuiltin, 'think', ['beta question'], kernel);
    const one = await runBuiltin(convBuiltin, 'conv', ['search', 'ALPHA'], kernel);
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/^\d{8}-\d{6}-[0-9a-f]{4}\s+1\s+\S+\s+alpha question\n {4}user: alpha question\n$/);
    const both = await runBuiltin(convBuiltin, 'conv', ['search', '--json', 'question'], kernel);
    expect(both.stdout.trim().split('\n').map((l) => JSON.parse(l).title).sort()).toEqual(['alpha question', 'beta question']);
    const reply = await runBuiltin(convBuiltin, 'conv', ['search', 'echo: beta'], kernel);
    expect(reply.stdout).toContain('assistant: echo: beta question');
    const none = await runBuiltin(convBuiltin, 'conv', ['search', 'zzz'], kernel);
    expect(none).toMatchObject({ status: 1, stdout: '', stderr: '' });
    expect((await runBuiltin(convBuiltin, 'conv', ['search'], kernel)).status).toBe(2);
  });

  it('conv rm removes conversations; a bad id among them removes nothing; latest moves on', async () => {
    const kernel = k();
    const a = JSON.parse((await runBuiltin(thinkBuiltin, 'think', ['--json', 'keep me'], kernel)).stdout).cid;
    const b = JSON.parse((await runBuiltin(thinkBuiltin, 'think', ['--json', 'drop me'], kernel)).stdout).cid;
    const bad = await runBuiltin(convBuiltin, 'conv', ['rm', b, 'nope'], kernel);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('conv: no such conversation: nope\n');
    expect((await runBuiltin(convBuiltin, 'conv', ['ls'], kernel)).stdout.trim().split('\n')).toHaveLength(2);
    const r = await runBuiltin(convBuiltin, 'conv', ['rm', b], kernel);
    expect(r).toMatchObject({ status: 0, stdout: '', stderr: '' });
    const ls = await runBuiltin(convBuiltin, 'conv', ['ls', '--json'], kernel);
    expect(ls.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual([a]);
    expect(readFileSync(join(home, 'conversations', 'latest'), 'utf8').trim()).toBe(a);
    expect((await runBuiltin(convBuiltin, 'conv', ['show', 'last'], kernel)).stdout).toContain('# keep me');
    expect((await runBuiltin(convBuiltin, 'conv', ['rm'], kernel)).status).toBe(2);
  });

  it('conv ls into a closed pipe ends quietly with status 0', async () => {
    const kernel = k();
    await runBuiltin(thinkBuiltin, 'think', ['one'], kernel);
    await runBuiltin(thinkBuiltin, 'think', ['two'], kernel);
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    const stderr: string[] = [];
    const ctx = {
      name: 'conv',
      args: ['ls'],
      stdin: { isTTY: true },
      stdout: { fd: 1, isTTY: false, write: async () => Promise.reject(epipe) },
      stderr: { fd: 2, isTTY: false, write: async (d: string) => void stderr.push(d) },
      kernel,
    } as never;
    expect(await convBuiltin.run(ctx)).toBe(0);
    expect(stderr).toEqual([]);
  });
});
