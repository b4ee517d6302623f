// Pure parts of the MCP faces: configuration entries, ${VAR} expansion, tool names for the
// model, serve's arguments and addresses, and the named-channel reader that gives up.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exposedName, expandVars, loadMcpConfig, parseServer, projectConfigFile, toolEnabled } from '../../src/mcp/config.js';
import { parseAddr } from '../../src/mcp/http.js';
import { parseServeArgs } from '../../src/mcp/serve.js';
import { NamedChannels } from '../../src/kernel/named-channels.js';
import { removeDir, tempDir } from '../helpers/run-aosh.js';

const env = { HOME: '/home/u', PORT: '8080', API_TOKEN: 'tok' };
const parse = (raw: unknown, source: 'user' | 'project' = 'user') => parseServer('s', raw, source, 'cfg.json', env, () => source === 'user');

describe('mcpServers entries', () => {
  it('stdio entries as Claude Desktop writes them, with aosh extras', () => {
    expect(parse({ command: 'npx', args: ['-y', 'pkg', '${HOME}/x'], env: { A: '1' } })).toMatchObject({ transport: 'stdio', command: 'npx', args: ['-y', 'pkg', '/home/u/x'], env: { A: '1' }, timeoutMs: 60_000, startupTimeoutMs: 30_000, trust: false, disabled: false, permissions: [] });
    expect(parse({ command: 'srv', timeout: 500, startupTimeout: 9, trust: true, permissions: ['--allow-net=api.x.com'], includeTools: ['a'] })).toMatchObject({ timeoutMs: 500, startupTimeoutMs: 9, trust: true, permissions: ['--allow-net=api.x.com'], includeTools: ['a'] });
  });

  it('HTTP entries: url (Claude Code), httpUrl (gemini-cli), type sse; headers expanded', () => {
    expect(parse({ url: 'http://127.0.0.1:${PORT}/mcp', headers: { Authorization: 'Bearer ${API_TOKEN}' } })).toMatchObject({ transport: 'http', url: 'http://127.0.0.1:8080/mcp', headers: { Authorization: 'Bearer tok' } });
    expect(parse({ httpUrl: 'https://x.example/mcp' }).transport).toBe('http');
    expect(parse({ type: 'sse', url: 'http://localhost/sse' }).transport).toBe('sse');
  });

  it('bad entries name the field', () => {
    const bad: Array<[unknown, string]> = [
      [{}, 'cfg.json: mcpServers.s: needs "command" (a stdio server) or "url" (an HTTP server)'],
      [{ command: 'a', url: 'http://x' }, 'give either command'],
      [{ command: 'a', args: 'x' }, 'mcpServers.s.args must be an array of strings'],
      [{ command: 'a', env: { X: 1 } }, 'mcpServers.s.env.X must be a string'],
      [{ command: 'a', timeout: -1 }, 'timeout must be a positive number of milliseconds'],
      [{ command: 'a', permissions: ['--allow-fly'] }, 'permissions: unknown permission flag: --allow-fly'],
      [{ command: 'a', permissions: ['--verbose'] }, 'permissions: not a permission flag: --verbose'],
      [{ url: 'file:///etc/passwd' }, 'only http and https URLs'],
      [{ type: 'http', command: 'a' }, 'type "http" needs a url'],
      [{ command: '${NOPE}' }, '${NOPE} is not set'],
      ['x', 'mcpServers.s must be an object'],
    ];
    for (const [raw, msg] of bad) expect(() => parse(raw)).toThrow(msg);
    expect(() => parseServer('a b', { command: 'x' }, 'user', 'cfg.json', env, () => true)).toThrow('server names are letters, digits');
  });

  it('${VAR} and ${VAR:-default}; secret-looking variables only where allowed', () => {
    expect(expandVars('${MISSING:-d}/${HOME}', env, () => false, 'w')).toBe('d//home/u');
    expect(() => expandVars('${API_TOKEN}', env, () => false, 'w')).toThrow('w: ${API_TOKEN} looks secret and is not granted');
    expect(expandVars('${API_TOKEN}', env, (n) => n === 'API_TOKEN', 'w')).toBe('tok');
    expect(() => parse({ command: 'x', env: { T: '${API_TOKEN}' } }, 'project')).toThrow('looks secret');
    // The same test as a stage's environment: a project file cannot move these either.
    for (const [name, value] of [['GH_PAT', 'github_pat_x'], ['SSH_AUTH_SOCK', '/run/agent'], ['DATABASE_URL', 'postgres://u:pw@db/x']]) {
      expect(() => expandVars(`\${${name}}`, { ...env, [name]: value }, () => false, 'w'), name).toThrow('looks secret');
    }
  });

  it('the project file is found upwards and wins over the user file; problems are collected, not thrown', () => {
    const root = tempDir('aosh-mcp-cfg-');
    try {
      const home = join(root, 'home');
      const proj = join(root, 'proj');
      mkdirSync(join(proj, '.aosh'), { recursive: true });
      mkdirSync(join(proj, 'sub', 'deeper'), { recursive: true });
      mkdirSync(home, { recursive: true });
      writeFileSync(join(home, 'config.json'), JSON.stringify({ mcpServers: { a: { command: 'user-a' }, b: { command: 'user-b' } } }));
      writeFileSync(join(proj, '.aosh', 'mcp.json'), JSON.stringify({ mcpServers: { a: { command: 'proj-a' }, c: { url: 'nope' } } }));
      expect(projectConfigFile(join(proj, 'sub', 'deeper'), home)).toBe(join(proj, '.aosh', 'mcp.json'));
      const c = loadMcpConfig({ aoshHome: home, cwd: join(proj, 'sub'), env: {}, envGranted: () => false });
      expect(c.servers.map((s) => [s.name, s.command, s.source])).toEqual([
        ['a', 'proj-a', 'project'],
        ['b', 'user-b', 'user'],
      ]);
      expect(c.problems).toEqual([`${join(proj, '.aosh', 'mcp.json')}: mcpServers.c.url: not a URL: nope`]);
      // The aosh home's own directory is not a project.
      expect(projectConfigFile(root, join(proj, '.aosh'))).toBeNull();
    } finally {
      removeDir(root);
    }
  });

  it('tool names for the model: server__tool in [A-Za-z0-9_-], at most 64 characters', () => {
    expect(exposedName('fs', 'read_file')).toBe('fs__read_file');
    expect(exposedName('my.srv', 'a/b c')).toBe('my_srv__a_b_c');
    expect(exposedName('9lives', 't')).toBe('_9lives__t');
    expect(exposedName('s', 'x'.repeat(100))).toHaveLength(64);
    const s = parse({ command: 'x', includeTools: ['a', 'b'], excludeTools: ['b'] });
    expect([toolEnabled(s, 'a'), toolEnabled(s, 'b'), toolEnabled(s, 'c')]).toEqual([true, false, false]);
  });
});

describe('mcp serve arguments', () => {
  it('--http [ADDR], --mode, permission flags', () => {
    expect(parseServeArgs([])).toEqual({ flags: [] });
    expect(parseServeArgs(['--http'])).toEqual({ http: '', flags: [] });
    expect(parseServeArgs(['--http', '--mode', 'auto'])).toEqual({ http: '', mode: 'auto', flags: [] });
    expect(parseServeArgs(['--http', '8080', '--allow-net', '-A'])).toEqual({ http: '8080', flags: ['--allow-net', '-A'] });
    expect(parseServeArgs(['--http=[::1]:9'])).toEqual({ http: '[::1]:9', flags: [] });
    expect(() => parseServeArgs(['--mode'])).toThrow('--mode: expected ask, auto-edit or auto, got nothing');
    expect(() => parseServeArgs(['stdio'])).toThrow('unknown argument: stdio');
  });

  it('addresses: loopback only', () => {
    expect(parseAddr('')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseAddr('8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseAddr(':8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseAddr('localhost:1')).toEqual({ host: 'localhost', port: 1 });
    expect(parseAddr('127.0.0.2')).toEqual({ host: '127.0.0.2', port: 0 });
    expect(parseAddr('[::1]:5')).toEqual({ host: '::1', port: 5 });
    for (const bad of ['0.0.0.0:1', '[::]:1', 'example.com:80', '10.0.0.1']) expect(() => parseAddr(bad)).toThrow('is not a loopback address');
    expect(() => parseAddr('1:2:3')).toThrow('not an address');
    expect(() => parseAddr('70000')).toThrow('not a port');
  });
});

describe('named channel readers', () => {
  it('a reader that stops early (-n, a timeout) leaves the rest for the next reader', async () => {
    const chans = new NamedChannels();
    const ch = chans.create('q');
    const w = ch.openWriter();
    for (const m of ['1', '2', '3']) w.write(m);
    const first: string[] = [];
    for await (const m of ch.read(1)) first.push(m);
    expect(first).toEqual(['1']);
    const ac = new AbortController();
    const rest: string[] = [];
    const reading = (async () => {
      for await (const m of ch.read(10, ac.signal)) {
        rest.push(m);
        if (rest.length === 2) ac.abort();
      }
    })();
    await reading;
    expect(rest).toEqual(['2', '3']);
    // Aborted while waiting: returns without a message.
    const idle = new AbortController();
    const got: string[] = [];
    const p = (async () => {
      for await (const m of ch.read(1, idle.signal)) got.push(m);
    })();
    idle.abort();
    await p;
    expect(got).toEqual([]);
    w.write('4');
    const last: string[] = [];
    for await (const m of ch.read(1)) last.push(m);
    expect(last).toEqual(['4']);
  });
});
