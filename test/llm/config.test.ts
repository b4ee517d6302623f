// Configuration sources and precedence, the "not configured" error, and keys staying out
// of a sandboxed stage that still thinks through the kernel.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { thinkBuiltin } from '../../src/builtins/think.js';
import { SECRET_VARS, loadConfig, parseDotenv } from '../../src/kernel/llm/config.js';
import { startFakeOpenAI } from '../fixtures/fake-openai-server.js';
import { envFor, fakeKernel, runBuiltin, tempHome } from './helpers.js';

let home: string;
let cleanup: () => void;
beforeEach(() => void ({ home, cleanup } = tempHome()));
afterEach(() => cleanup());

describe('configuration', () => {
  it('parses .env files', () => {
    expect(parseDotenv('# c\nA=1\nexport B="two words"\nC=\'x#y\'\nD=val # comment\nbad line\n')).toEqual({ A: '1', B: 'two words', C: 'x#y', D: 'val' });
  });

  it('environment, then project .env, then $AOSH_HOME/.env, then config.json', () => {
    const project = join(home, 'proj');
    mkdirSync(project);
    writeFileSync(join(home, 'config.json'), JSON.stringify({ llm: { model: 'from-config', openaiBaseUrl: 'http://config', concurrency: 2, prices: { 'm-x': { input: 1, output: 2 } } } }));
    writeFileSync(join(home, '.env'), 'OPENAI_API_KEY=home-key\nAOSH_MODEL=home-model\nGEMINI_API_KEY=home-g\n');
    writeFileSync(join(project, '.env'), 'OPENAI_API_KEY=project-key\n');
    const c = loadConfig({ home, cwd: project, env: { AOSH_PROVIDER: 'openai' } });
    expect(c.openai).toEqual({ apiKey: 'project-key', baseUrl: 'http://config' });
    expect(c.model).toBe('home-model');
    expect(c.provider).toBe('openai');
    expect(c.concurrency).toBe(2);
    expect(c.prices['m-x']).toEqual({ input: 1, output: 2 });
    const d = loadConfig({ home, cwd: project, env: { OPENAI_API_KEY: 'env-key', AOSH_LLM_CONCURRENCY: '7' } });
    expect(d.openai!.apiKey).toBe('env-key');
    expect(d.concurrency).toBe(7);
    expect(d.provider).toBe('gemini'); // chosen from the keys present
  });

  it('the project .env (which sandboxed commands may write) cannot send a key it did not set elsewhere, nor name the kernel\'s files', () => {
    const project = join(home, 'proj');
    mkdirSync(project);
    writeFileSync(join(project, '.env'), 'OPENAI_BASE_URL=http://evil.example/v1\n');
    expect(() => loadConfig({ home, cwd: project, env: { OPENAI_API_KEY: 'sk-env' } })).toThrow(`${join(project, '.env')} sets OPENAI_BASE_URL but not OPENAI_API_KEY, which would be sent there from the environment`);
    // Its own key with its own server, or a keyless local server: as before.
    expect(loadConfig({ home, cwd: project, env: {} }).openai).toEqual({ apiKey: 'no-key', baseUrl: 'http://evil.example/v1' });
    writeFileSync(join(project, '.env'), 'OPENAI_BASE_URL=http://local/v1\nOPENAI_API_KEY=sk-project\n');
    expect(loadConfig({ home, cwd: project, env: {} }).openai).toEqual({ apiKey: 'sk-project', baseUrl: 'http://local/v1' });
    for (const k of ['AOSH_RECORD', 'AOSH_REPLAY']) {
      writeFileSync(join(project, '.env'), `${k}=/usr/x\n`);
      expect(() => loadConfig({ home, cwd: project, env: {} })).toThrow(`${join(project, '.env')} sets ${k}`);
      expect(loadConfig({ home, cwd: project, env: { [k]: '/ok' } })[k === 'AOSH_RECORD' ? 'record' : 'replay']).toBe('/ok');
    }
  });

  it('no provider configured: one line naming the variables, status 4', async () => {
    const { kernel } = fakeKernel({ home, cwd: home, env: {} });
    const r = await runBuiltin(thinkBuiltin, 'think', ['hello'], kernel);
    expect(r.status).toBe(4);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^think: no LLM provider configured: set GEMINI_API_KEY .*OPENAI_API_KEY/);
  });
});

describe('keys never enter a sandbox', () => {
  it('a stage without keys thinks through the kernel (THINK handler -> llm.think)', async () => {
    const server = await startFakeOpenAI();
    const { llm } = fakeKernel({ home, cwd: home, env: envFor({ OPENAI_API_KEY: 'sk-kernel-only', OPENAI_BASE_URL: server.url }) });
    // Kernel side: a stand-in for the AGNT THINK handler, calling llm.think({agent}).
    const sock = join(home, 'agnt.sock');
    const agents: string[] = [];
    const unix = createServer((c) => {
      let buf = '';
      c.on('data', async (d) => {
        buf += d;
        if (!buf.endsWith('\n')) return;
        const msg = JSON.parse(buf);
        agents.push(msg.agent);
        const res = await llm.think({ agent: msg.agent, messages: [{ role: 'user', content: msg.prompt }] });
        c.end(JSON.stringify({ content: res.content }) + '\n');
      });
    });
    await new Promise<void>((r) => unix.listen(sock, r));
    // The stage: its environment has no secrets (as the sandbox builds it).
    const env: Record<string, string> = { ...(process.env as Record<string, string>), OPENAI_API_KEY: 'sk-kernel-only', AOSH_SOCKET: sock };
    for (const k of SECRET_VARS) delete env[k];
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const net=require('net');const s=net.connect(process.env.AOSH_SOCKET,()=>s.write(JSON.stringify({agent:'stage-1',prompt:'hello from '+(process.env.OPENAI_API_KEY?'a leaky stage':'a clean stage')})+'\\n'));let b='';s.on('data',d=>b+=d);s.on('end',()=>process.stdout.write(JSON.parse(b).content))`,
      ],
      { env },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise((r) => child.on('close', r));
    unix.close();
    await server.close();
    expect(out).toBe('echo: hello from a clean stage');
    expect(agents).toEqual(['stage-1']);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-kernel-only');
  });

  it('think inside a stage with no keys and an unreachable AOSH_SOCKET says so in one line', async () => {
    const { kernel } = fakeKernel({ home, cwd: home, env: {} });
    const prev = process.env.AOSH_SOCKET;
    process.env.AOSH_SOCKET = join(home, 'none.sock');
    try {
      const r = await runBuiltin(thinkBuiltin, 'think', ['hi'], kernel);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^think: cannot reach the kernel at AOSH_SOCKET=.*none\.sock/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      if (prev === undefined) delete process.env.AOSH_SOCKET;
      else process.env.AOSH_SOCKET = prev;
    }
  });
});
