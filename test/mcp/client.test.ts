// aosh as an MCP client: `mcp ls` and `mcp call` against the real filesystem server from npm
// and a deterministic fixture server, both run as sandboxed kernel stages; crashes and hangs
// give one-line errors with documented statuses; an HTTP server (aosh's own mcp serve --http).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pidAlive, pollUntil, removeDir, runAosh, tempDir } from '../helpers/run-aosh.js';
import { dirs, env, filesystemServer, fixtureServer, projectServers, startHttp, type Dirs } from './helpers.js';
import { startFakeOpenAI } from '../fixtures/fake-openai-server.js';

let d: Dirs;
beforeEach(() => {
  d = dirs();
  writeFileSync(join(d.work, 'notes.json'), JSON.stringify({ title: 'groceries', items: ['milk', 'bread'] }));
});
afterEach(() => d.cleanup());

const fs = { command: process.execPath, args: [filesystemServer, '.'] };
const fixture = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ command: process.execPath, args: [fixtureServer], ...extra });

function aosh(script: string, e: Record<string, string> = env(d), args: string[] = []) {
  return runAosh([...args, '-c', script], { cwd: d.work, env: e, timeoutMs: 30_000 });
}

describe('mcp call: a tool of a real MCP server as a pipeline stage', () => {
  it('reads through @modelcontextprotocol/server-filesystem into a JSON consumer; arguments from stdin; --json', async () => {
    projectServers(d.work, { fs });
    // A JSON consumer downstream (node, so the test needs no jq): mcp call ... | jq works the same.
    const json = `node -e 'let s="";process.stdin.on("data",(c)=>s+=c).on("end",()=>console.log(eval("JSON.parse(s)"+process.argv[1])))'`;
    const r = await aosh(`mcp call fs read_text_file '{"path":"notes.json"}' | ${json} '.items[1]'`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('bread\n');

    const r2 = await aosh(`echo '{"path":"."}' | mcp call fs list_directory - | grep notes`);
    expect(r2.status, r2.stderr).toBe(0);
    expect(r2.stdout).toBe('[FILE] notes.json\n');

    const r3 = await aosh(`mcp call --json fs read_text_file '{"path":"notes.json"}' | ${json} '.content[0].type'`);
    expect(r3.stdout).toBe('text\n');

    // A write through the server lands in the working directory (its sandbox allows that).
    const r4 = await aosh(`mcp call fs write_file '{"path":"made.txt","content":"by mcp\\n"}'`);
    expect(r4.status, r4.stderr).toBe(0);
    expect(readFileSync(join(d.work, 'made.txt'), 'utf8')).toBe('by mcp\n');
  });

  it('the server is a sandboxed kernel stage: in ps with the isolation of any stage, and it dies with the session', async () => {
    projectServers(d.work, { fs });
    const r = await aosh(`mcp call fs list_allowed_directories >/dev/null; spawn --name ref sleep 30 >/dev/null; ps --json; kill ref`);
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout);
    const server = rows.find((p: any) => p.name === 'mcp:fs');
    const ref = rows.find((p: any) => p.name === 'ref');
    expect(server).toMatchObject({ state: 'running', kind: 'process', command: expect.stringContaining('server-filesystem') });
    expect(server.isolation).toBe(ref.isolation);
    await pollUntil(() => !pidAlive(server.pid), 'the server stage to end with the session', 10_000);
  });

  it('sampling: a server granted --allow-think asks the session\'s model; one without it gets a clear refusal', async () => {
    const llm = await startFakeOpenAI();
    try {
      projectServers(d.work, { thinker: fixture({ permissions: ['--allow-think'] }), mute: fixture() });
      const e = env(d, { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${llm.url}/v1` });
      const r = await aosh(`mcp call thinker ask '{"prompt":"hello there"}'; mcp call mute ask '{"prompt":"x"}'; echo "st=$?"`, e);
      expect(r.stdout, r.stderr).toContain('model said: echo: hello there');
      expect(r.stderr).toContain('sampling refused: MCP server mute may not use the session\'s model (add "--allow-think"');
      expect(r.stdout).toMatch(/st=[1-9]/);
      // The one request the model saw came from the granted server, with its system prompt.
      expect(llm.requests).toHaveLength(1);
      expect(JSON.stringify(llm.requests[0]!.body.messages)).toContain('be brief');
    } finally {
      await llm.close();
    }
  });

  it('the stage gets the agent defaults plus its "permissions"; config env reaches it, session secrets do not', async () => {
    const extra = tempDir('aosh-mcp-grant-');
    try {
      projectServers(d.work, { fx: fixture({ permissions: [`--allow-write=${extra}`], env: { FIXTURE_TOKEN: 'from-config' } }) });
      const probe = `/etc/aosh-mcp-stage-${process.pid}`;
      const e = env(d, { SESSION_TOKEN: 'session-secret', PLAIN_VAR: 'plain' });
      const r = await aosh(
        [
          `mcp call fx write '{"path":"${probe}","content":"x"}'; echo "etc=$?"`,
          `mcp call fx write '{"path":"${extra}/granted.txt","content":"g"}'`,
          `mcp call fx write '{"path":"here.txt","content":"h"}'`,
          `mcp call fx env '{"name":"FIXTURE_TOKEN"}'`,
          `mcp call fx env '{"name":"SESSION_TOKEN"}'`,
          `mcp call fx env '{"name":"PLAIN_VAR"}'`,
        ].join('; '),
        e,
        // The server's grant must be within the session's own writable set.
        [`--allow-write=${d.work}`, `--allow-write=${extra}`],
      );
      expect(r.stdout).toBe(`etc=1\nwrote ${extra}/granted.txt\nwrote here.txt\nfrom-config\n(unset)\nplain\n`);
      expect(r.stderr).toMatch(/^mcp: fx: write: EROFS/);
      expect(existsSync(probe)).toBe(false);
      expect(readFileSync(join(extra, 'granted.txt'), 'utf8')).toBe('g');
      expect(readFileSync(join(d.work, 'here.txt'), 'utf8')).toBe('h');
      // More than the session allows is refused with the flag that would allow it, not dropped.
      const over = await aosh(`mcp call fx write '{"path":"${extra}/over.txt","content":"o"}'; echo "st=$?"`, e);
      expect(over.stderr).toContain(`--allow-write=${extra}: not writable in the session`);
      expect(over.stdout).not.toContain('wrote');
      expect(existsSync(join(extra, 'over.txt'))).toBe(false);
    } finally {
      removeDir(extra);
    }
  });

  it('a server that crashes or hangs gives a one-line error and a documented status, never a hang', async () => {
    projectServers(d.work, {
      fx: fixture({ timeout: 1500 }),
      broken: fixture({ env: { MCP_FIXTURE: 'crash-start' } }),
      stuck: fixture({ env: { MCP_FIXTURE: 'hang-start' }, startupTimeout: 1000 }),
      missing: { command: 'no-such-mcp-server' },
    });
    const r = await aosh(
      [
        'mcp call broken echo \'{"text":"x"}\'; echo "broken=$?"',
        'mcp call stuck echo \'{"text":"x"}\'; echo "stuck=$?"',
        'mcp call missing echo; echo "missing=$?"',
        'mcp call fx hang; echo "hang=$?"',
        'mcp call fx crash; echo "crash=$?"',
        'mcp call fx echo \'{"text":"restarted"}\'; echo "after=$?"',
        'mcp call fx fail; echo "fail=$?"',
      ].join('; '),
    );
    expect(r.stdout).toBe('broken=1\nstuck=1\nmissing=1\nhang=124\ncrash=1\nrestarted\nafter=0\nfail=1\n');
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'mcp: broken: exited with status 3: fixture: cannot start: missing configuration',
      `mcp: stuck: did not answer initialize within 1s ("startupTimeout" 1000 ms in ${join(d.work, '.aosh', 'mcp.json')})`,
      'mcp: missing: no-such-mcp-server: command not found',
      `mcp: fx: hang did not answer within 1.5s (timeout 1500 ms; "timeout" in ${join(d.work, '.aosh', 'mcp.json')} sets it)`,
      'mcp: fx: exited with status 5: fixture: crashing on purpose (during crash)',
      'mcp: fx: fail: this tool always fails',
    ]);
  });

  it('mcp ls: servers, state and tools (status 1 when one failed); --json', async () => {
    projectServers(d.work, { fs, broken: fixture({ env: { MCP_FIXTURE: 'crash-start' } }), off: { ...fs, disabled: true } });
    const r = await aosh('mcp ls');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^fs {2}stdio {2}ready, \d+ tools \[\d+\] mcp:fs isolation=\w+\n/);
    expect(r.stdout).toContain('  tools: read_file, read_text_file,');
    expect(r.stdout).toContain('broken  stdio  failed: exited with status 3: fixture: cannot start: missing configuration');
    expect(r.stdout).toContain('off  stdio  disabled');
    const j = await aosh('mcp ls --json fs');
    expect(j.status, j.stderr).toBe(0);
    const [row] = JSON.parse(j.stdout);
    expect(row).toMatchObject({ name: 'fs', source: 'project', transport: 'stdio', state: 'ready' });
    const read = row.tools.find((t: any) => t.name === 'read_text_file');
    expect(read.inputSchema.properties.path.type).toBe('string');
    const empty = tempDir('aosh-mcp-empty-');
    try {
      const none = await runAosh(['-c', 'mcp ls'], { cwd: empty, env: env(d) });
      expect(none.stdout).toMatch(/^no MCP servers configured/);
      expect(none.status).toBe(0);
    } finally {
      removeDir(empty);
    }
  });

  it('bad input: one line and a documented status', async () => {
    projectServers(d.work, { fs });
    const cases: Array<[string, number, string]> = [
      [`mcp call fs read_text_file '{"path":'`, 2, 'mcp: call: arguments are not JSON: '],
      [`mcp call fs read_text_file '["x"]'`, 2, 'mcp: call: arguments must be a JSON object'],
      [`mcp call fs`, 2, 'mcp: usage: mcp call [--json] [--timeout SEC] SERVER TOOL [JSON|-]'],
      [`mcp call nope tool`, 127, 'mcp: nope: no such MCP server (configured: fs)'],
      [`mcp call fs nope`, 127, 'mcp: fs: no tool named nope (tools: read_file,'],
      [`mcp call --timeout x fs nope`, 2, 'mcp: call: --timeout: not a positive number of seconds: x'],
      [`mcp frob`, 2, 'mcp: unknown subcommand: frob'],
    ];
    for (const [script, status, line] of cases) {
      const r = await aosh(script);
      expect(r.status, script).toBe(status);
      expect(r.stderr.startsWith(line), `${script}: ${r.stderr}`).toBe(true);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    // A broken configuration names the file and the field.
    projectServers(d.work, { fs, bad: { command: 42 }, worse: { url: 'ftp://x' } });
    const r = await aosh('mcp ls');
    expect(r.stderr).toContain(`mcp: ${join(d.work, '.aosh', 'mcp.json')}: mcpServers.bad.command must be a string`);
    expect(r.stderr).toContain(`mcpServers.worse.url: only http and https URLs`);
    writeFileSync(join(d.work, '.aosh', 'mcp.json'), '{"mcpServers": {');
    const r2 = await aosh('mcp ls');
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/^mcp: .*mcp\.json: not valid JSON/);
  });

  it('an HTTP server (aosh mcp serve --http): needs --allow-net for its host; ${VAR} headers from the user config', async () => {
    const served = dirs();
    const token = 'client-test-token-0123456789';
    const h = await startHttp(served, ['--mode', 'auto'], env(served, { AOSH_MCP_TOKEN: token }));
    try {
      writeFileSync(join(d.home, 'config.json'), JSON.stringify({ mcpServers: { self: { url: h.url, headers: { Authorization: 'Bearer ${SELF_TOKEN}' } } } }));
      const e = env(d, { SELF_TOKEN: token });
      const denied = await aosh(`mcp call self exec '{"command":"echo hi"}'`, e);
      expect(denied.status).toBe(1);
      expect(denied.stderr).toBe(`mcp: self: ${h.url}: network access to 127.0.0.1 is not granted (start aosh with --allow-net=127.0.0.1): --allow-net (not granted)\n`);
      const r = await aosh(`mcp call self exec '{"command":"pwd"}' | head -3`, e, ['--allow-net=127.0.0.1']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(`exit code 0\n--- stdout (${served.work.length + 1} bytes) ---\n${served.work}\n`);
      // The kernel connects from the host's network: the proxy's rules, not a bare name check.
      // `*` once admitted localhost (and any name pointed at 127.0.0.1), i.e. the host's own services.
      writeFileSync(join(d.home, 'config.json'), JSON.stringify({ mcpServers: { self: { url: h.url.replace('127.0.0.1', 'localhost'), headers: { Authorization: 'Bearer ${SELF_TOKEN}' } } } }));
      const star = await aosh(`mcp call self exec '{"command":"echo hi"}'`, e, ['--allow-net=*']);
      expect(star.status, star.stdout).toBe(1);
      expect(star.stderr).toMatch(/localhost resolves to (127\.0\.0\.1|::1) \(loopback\): allowed only when listed by name/);
      const named = await aosh(`mcp call self exec '{"command":"pwd"}' | head -1`, e, ['--allow-net=localhost']);
      expect(named.stdout, named.stderr).toBe('exit code 0\n');
      writeFileSync(join(d.home, 'config.json'), JSON.stringify({ mcpServers: { self: { url: h.url, headers: { Authorization: 'Bearer ${SELF_TOKEN}' } } } }));
      // The same ${SELF_TOKEN} in a project file needs the session's --allow-env=SELF_TOKEN.
      writeFileSync(join(d.home, 'config.json'), '{}');
      projectServers(d.work, { self: { url: h.url, headers: { Authorization: 'Bearer ${SELF_TOKEN}' } } });
      const p = await aosh('mcp ls self', e, ['--allow-net=127.0.0.1']);
      expect(p.status).toBe(127);
      expect(p.stderr).toContain('${SELF_TOKEN} looks secret and is not granted (start aosh with --allow-env=SELF_TOKEN');
      const p2 = await aosh('mcp ls self', e, ['--allow-net=127.0.0.1', '--allow-env=SELF_TOKEN', '--allow-read', '--allow-write', '--allow-run']);
      expect(p2.status, p2.stderr).toBe(0);
      expect(p2.stdout).toMatch(/^self {2}http {2}ready, 12 tools\n/);
    } finally {
      await h.stop();
      served.cleanup();
    }
  });
});
