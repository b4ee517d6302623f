// The `llm` conventions think gained: --no-stream, -a/--attach, think models, think keys,
// and the spinner that shows only on a terminal. The real SDKs against the local fakes.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { convBuiltin } from '../../src/builtins/conv.js';
import { thinkBuiltin } from '../../src/builtins/think.js';
import type { BuiltinContext, ShellAccess } from '../../src/builtins/types.js';
import { gate } from '../fixtures/fake-llm-common.js';
import { startFakeGemini } from '../fixtures/fake-gemini-server.js';
import { startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { baseEnv, pollUntil, runAosh } from '../helpers/run-aosh.js';
import { envFor, fakeKernel, memIn, MemOut, runBuiltin, tempHome } from './helpers.js';

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

const kernel = (extra: Record<string, string> = {}) => fakeKernel({ home, cwd: home, env: envFor({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${server.url}/v1`, ...extra }) }).kernel;

describe('think --no-stream', () => {
  it('makes one unary call and prints the answer whole', async () => {
    server.queue({ text: 'all at once' });
    const r = await runBuiltin(thinkBuiltin, 'think', ['--no-stream', 'hi'], kernel());
    expect(r.status, r.stderr).toBe(0);
    expect(server.requests[0]!.body.stream).toBeFalsy();
    expect(r.writes).toEqual(['all at once\n']);
  });
});

describe('think -a/--attach', () => {
  it('puts text files into the prompt, fenced and named, between stdin and the words', async () => {
    writeFileSync(join(home, 'notes.md'), 'use ``` fences\nline two\n');
    writeFileSync(join(home, 'b.txt'), 'B');
    const r = await runBuiltin(thinkBuiltin, 'think', ['-a', join(home, 'notes.md'), '--attach', join(home, 'b.txt'), 'summarise'], kernel(), 'from stdin\n');
    expect(r.status, r.stderr).toBe(0);
    const user = server.requests[0]!.body.messages[0].content;
    expect(user).toBe(`from stdin\n\nFile: ${join(home, 'notes.md')}\n\`\`\`\`\nuse \`\`\` fences\nline two\n\`\`\`\`\n\nFile: ${join(home, 'b.txt')}\n\`\`\`\nB\n\`\`\`\n\nsummarise`);
    // The conversation's title is the question, not the attachment.
    const list = await runBuiltin(convBuiltin, 'conv', ['ls', '--json'], kernel());
    expect(JSON.parse(list.stdout.trim()).title).toBe('summarise');
  });

  it('sends an image given with -a as an image; refuses binary files and missing ones with status 2', async () => {
    writeFileSync(join(home, 'pic.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const r = await runBuiltin(thinkBuiltin, 'think', ['-a', join(home, 'pic.png'), 'what is it'], kernel());
    expect(r.status, r.stderr).toBe(0);
    expect(server.requests[0]!.body.messages[0].content[0].type).toBe('image_url');
    writeFileSync(join(home, 'blob.bin'), Buffer.from([1, 0, 2]));
    const bin = await runBuiltin(thinkBuiltin, 'think', ['-a', join(home, 'blob.bin'), 'x'], kernel());
    expect(bin.status).toBe(2);
    expect(bin.stderr).toBe(`think: --attach: ${join(home, 'blob.bin')} is not a text file (images and PDFs: png, jpeg, gif, webp, heic, pdf)\n`);
    const missing = await runBuiltin(thinkBuiltin, 'think', ['-a', join(home, 'nope.txt'), 'x'], kernel());
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`think: --attach: cannot read ${join(home, 'nope.txt')}: No such file or directory\n`);
    expect(server.requests).toHaveLength(1);
  });
});

describe('think reads files where the shell is', () => {
  it('-a and --image paths are relative to the shell\'s working directory, through the session\'s file view', async () => {
    mkdirSync(join(home, 'sub'));
    writeFileSync(join(home, 'sub', 'notes.txt'), 'in sub\n');
    const env = baseEnv(home, { AOSH_HOME: join(home, 'aosh'), OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${server.url}/v1` });
    const r = await runAosh(['-c', 'cd sub && think -a notes.txt "what is in it"'], { cwd: home, env });
    expect(r.status, r.stderr).toBe(0);
    expect(server.requests[0]!.body.messages[0].content).toContain('File: notes.txt\n```\nin sub\n```');
  });
});

describe('think models', () => {
  it('lists the OpenAI-compatible server\'s models with the default marked; --json', async () => {
    server.models.splice(0, server.models.length, 'qwen3-32b', 'llama-3.1-8b');
    const k = kernel({ AOSH_MODEL: 'qwen3-32b' });
    const r = await runBuiltin(thinkBuiltin, 'think', ['models'], k);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('openai  llama-3.1-8b\nopenai  qwen3-32b     default\n');
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models' });
    const j = await runBuiltin(thinkBuiltin, 'think', ['models', '--json'], k);
    expect(JSON.parse(j.stdout)).toEqual({ provider: 'openai', default: 'qwen3-32b', endpoint: `${server.url}/v1`, models: ['llama-3.1-8b', 'qwen3-32b'] });
  });

  it('lists Gemini models through @google/genai', async () => {
    const g = await startFakeGemini();
    try {
      g.models.splice(0, g.models.length, 'gemini-2.5-flash', 'gemini-2.5-pro');
      const k = fakeKernel({ home, cwd: home, env: envFor({ GEMINI_API_KEY: 'g', GEMINI_BASE_URL: g.url }) }).kernel;
      const r = await runBuiltin(thinkBuiltin, 'think', ['models'], k);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe('gemini  gemini-2.5-flash  default\ngemini  gemini-2.5-pro\n');
      expect(g.requests[0]!.path).toMatch(/^\/v1beta\/models/);
    } finally {
      await g.close();
    }
  });

  it('a provider that cannot be reached still shows its default, says why, and exits 1', async () => {
    const k = kernel();
    const url = server.url;
    await server.close();
    const r = await runBuiltin(thinkBuiltin, 'think', ['models'], k);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('openai  gpt-4.1-mini  default\n');
    expect(r.stderr).toBe(`think: models: openai: connection refused by ${url}/v1 (only the default model is shown)\n`);
    server = await startFakeOpenAI();
  });

  it('no provider: exit 4; a bad argument: exit 2; `think -- models` is a prompt', async () => {
    const none = fakeKernel({ home, cwd: home, env: {} }).kernel;
    expect((await runBuiltin(thinkBuiltin, 'think', ['models'], none)).status).toBe(4);
    expect((await runBuiltin(thinkBuiltin, 'think', ['models', 'extra'], kernel())).status).toBe(2);
    const p = await runBuiltin(thinkBuiltin, 'think', ['--', 'models'], kernel());
    expect(p.stdout).toBe('echo: models\n');
  });
});

describe('think keys', () => {
  it('set NAME reads the key from standard input, writes $AOSH_HOME/.env 0600 in a 0700 dir, never prints it', async () => {
    const keyHome = join(home, 'aosh');
    mkdirSync(keyHome, { mode: 0o755 });
    writeFileSync(join(keyHome, '.env'), '# mine\nAOSH_MODEL=m1\nOPENAI_API_KEY=old\n', { mode: 0o644 });
    const k = fakeKernel({ home: keyHome, cwd: home, env: envFor({}) }).kernel;
    const r = await runBuiltin(thinkBuiltin, 'think', ['keys', 'set', 'openai'], k, 'sk-new-secret-123\n');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`think: OPENAI_API_KEY saved in ${join(keyHome, '.env')}\n`);
    expect(r.stderr + r.stdout).not.toContain('sk-new-secret-123');
    expect(readFileSync(join(keyHome, '.env'), 'utf8')).toBe('# mine\nAOSH_MODEL=m1\nOPENAI_API_KEY=sk-new-secret-123\n');
    expect(statSync(join(keyHome, '.env')).mode & 0o777).toBe(0o600);
    expect(statSync(keyHome).mode & 0o777).toBe(0o700);

    // think keys: names and where, never values.
    const list = await runBuiltin(thinkBuiltin, 'think', ['keys'], k);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain(`OPENAI_API_KEY   ${join(keyHome, '.env')}\n`);
    expect(list.stdout).toContain('GEMINI_API_KEY   -\n');
    expect(list.stdout).not.toContain('sk-new');

    // The service of this session uses the new key at once.
    server.queue({ text: 'hello' });
    const env = { OPENAI_BASE_URL: `${server.url}/v1` };
    const k2 = fakeKernel({ home: keyHome, cwd: home, env: envFor(env) }).kernel;
    await runBuiltin(thinkBuiltin, 'think', ['keys', 'set', 'OPENAI_API_KEY'], k2, 'sk-second\n');
    const t = await runBuiltin(thinkBuiltin, 'think', ['hi'], k2);
    expect(t.status, t.stderr).toBe(0);
    expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer sk-second');
  });

  it('in a session (the configuration read at its start), the key set takes effect for the next think', async () => {
    const aoshHome = join(home, 'aosh-session');
    const env = baseEnv(home, { AOSH_HOME: aoshHome, OPENAI_BASE_URL: `${server.url}/v1` });
    const r = await runAosh(['-c', 'echo sk-from-keys-set | think keys set openai && think hi'], { cwd: home, env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('echo: hi\n');
    expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer sk-from-keys-set');
    // keys set re-reads $AOSH_HOME/.env only: a project .env written during the session (as a
    // stage could) does not repoint the key; the one of the session's start still wins, as documented.
    writeFileSync(join(home, '.env'), 'OPENAI_API_KEY=sk-project-at-start\n');
    const r2 = await runAosh(['-c', 'echo OPENAI_API_KEY=sk-planted-later > .env; echo sk-other | think keys set openai && think again'], { cwd: home, env });
    expect(r2.status, r2.stderr).toBe(0);
    expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer sk-project-at-start');
  });

  it('refuses unknown names, empty keys and keys with spaces (status 2, nothing written)', async () => {
    const k = kernel();
    expect((await runBuiltin(thinkBuiltin, 'think', ['keys', 'set', 'nosuch'], k, 'x\n')).status).toBe(2);
    const empty = await runBuiltin(thinkBuiltin, 'think', ['keys', 'set', 'gemini'], k, '\n');
    expect(empty.status).toBe(2);
    expect(empty.stderr).toBe('think: keys set: the key is empty; nothing written\n');
    expect((await runBuiltin(thinkBuiltin, 'think', ['keys', 'set', 'gemini'], k, 'two words\n')).status).toBe(2);
    expect(() => statSync(join(home, '.env'))).toThrow();
    expect((await runBuiltin(thinkBuiltin, 'think', ['keys', 'frobnicate'], k)).status).toBe(2);
  });
});

describe('the think spinner', () => {
  /** think with stderr (and stdout) flagged as a terminal. */
  async function onTerminal(args: string[]) {
    const stdout = new MemOut(true);
    const stderr = new MemOut(true);
    const shell = { getVar: (n: string) => (n === 'TERM' ? 'xterm' : undefined), environment: () => ({}), cwd: home } as unknown as ShellAccess;
    const ctx: BuiltinContext = { name: 'think', args, stdin: memIn(null), stdout, stderr, shell, kernel: kernel(), signal: new AbortController().signal, asTask: false };
    return { stdout, stderr, done: thinkBuiltin.run(ctx) };
  }

  it('spins on a terminal\'s stderr while the model has not answered, and erases itself before the answer', async () => {
    const hold = gate();
    server.queue({ text: 'the answer', until: hold.promise });
    const t = await onTerminal(['hi']);
    await pollUntil(() => /⠋ thinking…/.test(t.stderr.text), 'a spinner frame');
    expect(t.stdout.text).toBe('');
    hold.open();
    expect(await t.done).toBe(0);
    expect(t.stdout.text).toBe('the answer\n');
    // Every frame starts with \r and the last write before the answer erases the line.
    expect(t.stderr.text.endsWith('\r\x1b[K')).toBe(true);
    expect(t.stderr.text).toMatch(/^\r\x1b\[2m⠋ thinking…/);
  });

  it('says each retry on its own line and spins again', async () => {
    const hold = gate();
    server.queue({ status: 503, errorMessage: 'busy' }, { text: 'ok', until: hold.promise });
    const t = await onTerminal(['hi']);
    await pollUntil(() => t.stderr.text.includes(`\r\x1b[Kthink: ${server.url}/v1 answered 503; retrying (2/5)…\n`) || t.stderr.text.includes(`think: ${server.url}/v1 answered 503; retrying (2/5)…\n`), 'the retry notice');
    await pollUntil(() => /retrying \(2\/5\)…\n[\s\S]*⠋ thinking…/.test(t.stderr.text), 'the spinner again');
    hold.open();
    expect(await t.done).toBe(0);
    expect(t.stdout.text).toBe('ok\n');
  });
});
