// The SDKs against a real kernel-backed server: the Python SDK (stdlib) and the TypeScript
// SDK, plus the examples under examples/agents/.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Kernel } from '../../src/kernel/kernel.js';
import { loadNative } from '../../src/kernel/native.js';
import { allowAll } from '../../src/kernel/permissions.js';
import { createSyscallServer, type SyscallServer } from '../../src/kernel/syscalls/index.js';
import { connect } from '../../src/sdk/index.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const pySdk = join(root, 'src/sdk/python');

let tmpRoot: string;
let home: string;
let state: string;
let kernel: Kernel;
let server: SyscallServer;
let path: string;

beforeEach(async () => {
  tmpRoot = mkdtempSync(join(tmpdir(), 'aosh-sdk-'));
  // aosh's state is hidden from every world: the working directory (home) is elsewhere.
  home = join(tmpRoot, 'work');
  state = join(tmpRoot, 'state');
  mkdirSync(home);
  kernel = new Kernel({ home: state, cwd: home, permissions: allowAll() });
  server = createSyscallServer(kernel, { cwd: home });
  path = (await server.sessionEndpoint()).path;
});
afterEach(async () => {
  kernel.shutdown();
  await server.close();
  rmSync(tmpRoot, { recursive: true, force: true });
});

function py(code: string, env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  return run('python3', ['-c', code], { env: { ...process.env, PYTHONPATH: pySdk, AOSH_SOCKET: path, ...env }, timeout: 20_000 });
}

describe('Python SDK', () => {
  it('runs examples/agents/hello.py unchanged', async () => {
    const { stdout } = await run('python3', [join(root, 'examples/agents/hello.py')], { env: { ...process.env, AOSH_SOCKET: path }, timeout: 20_000 });
    expect(stdout).toMatch(/PASS echo/);
    expect(stdout).toMatch(/PASS register hello-\d+ as conn 1/);
    expect(stdout).toMatch(/PASS store\/fetch/);
    expect(stdout).toMatch(/think: LLM not configured \(set GEMINI_API_KEY\)/);
    expect(stdout).toMatch(/PASS exit/);
    expect(stdout).not.toMatch(/FAIL/);
  });

  it('speaks every SDK method with the seed SDK’s return conventions', async () => {
    const code = `
import json, aosh
k = aosh.connect()
out = {}
out["echo"] = k.echo("x" * 1024)
out["list"] = k.list_agents()
out["kill_none"] = k.kill()
out["kill_missing"] = k.kill(name="nobody")
out["sub"] = k.subscribe(["CUSTOM"])
out["emit"] = k.emit_event("CUSTOM", {"a": 1})
out["poll"] = k.poll_events()
out["perms"] = k.get_permissions()["permissions"]["level"]
out["keys"] = k.list_keys()
out["big"] = k.write_file("/tmp/never", "y" * (1024 * 1024 + 10))
out["after"] = k.echo("still")
out["exec"] = k.exec("echo hi")
print(json.dumps(out))
`;
    const out = JSON.parse((await py(code)).stdout);
    expect(out.echo).toHaveLength(1024);
    expect(out.list).toEqual([]);
    expect(out.kill_none).toBe(false);
    expect(out.kill_missing).toBe(false);
    expect(out.sub).toEqual({ success: true, subscribed: ['CUSTOM'] });
    expect(out.poll.count).toBe(1);
    expect(out.poll.events[0]).toMatchObject({ type: 'CUSTOM', data: { a: 1 }, source_agent_id: 1 });
    expect(out.perms).toBe('standard');
    expect(out.big).toMatchObject({ success: false, error: expect.stringContaining('too large') });
    expect(out.after).toBe('still');
    expect(out.exec).toMatchObject({ success: true, stdout: 'hi\n', exit_code: 0 });
  });

  it.skipIf(loadNative() === null)('SPAWNs hello.py, which connects back on argv[1] and leaves LIST when done', async () => {
    const code = `
import json, time, aosh
k = aosh.connect()
r = k.spawn("greeter", ${JSON.stringify(join(root, 'examples/agents/hello.py'))})
for _ in range(100):
    if not k.list_agents(): break
    time.sleep(0.05)
print(json.dumps({"spawn": r, "list": k.list_agents(), "greeting": k.fetch("hello:greeting")}))
`;
    const out = JSON.parse((await py(code)).stdout.trim().split('\n').pop()!);
    expect(out.spawn).toMatchObject({ name: 'greeter', status: 'running' });
    expect(out.list).toEqual([]);
    expect(out.greeting).toMatchObject({ exists: true, value: { from: 'greeter', n: 1 } });
  });
});

describe('TypeScript SDK', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'aosh-sdkjs-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('pipelines calls on one connection and gets answers in order', async () => {
    const k = await connect(path);
    const [a, b, c] = await Promise.all([k.echo('one'), k.store('n', 1), k.fetch('n')]);
    expect(a.toString()).toBe('one');
    expect(b).toEqual({ success: true, key: 'n' });
    expect(c).toMatchObject({ exists: true, value: 1 });
    expect(k.agentId).toBe(1);
    expect(await k.register('ts')).toMatchObject({ success: true, name: 'ts' });
    expect(await k.send({ hi: true }, { toName: 'ts' })).toEqual({ success: true, delivered_to: 1 });
    expect((await k.recv()).messages).toMatchObject([{ from: 1, from_name: 'ts', message: { hi: true } }]);
    expect(await k.think('x')).toEqual({ success: false, error: 'LLM not configured (set GEMINI_API_KEY)', content: '' });
    expect(await k.listAgents()).toEqual([]);
    expect(await k.exit()).toBe('goodbye');
    k.close();
  });

  it('runs examples/agents/hello.mjs (bundled with aosh/sdk -> src/sdk)', async () => {
    const out = join(work, 'hello.mjs');
    await build({ entryPoints: [join(root, 'examples/agents/hello.mjs')], bundle: true, platform: 'node', format: 'esm', outfile: out, alias: { 'aosh/sdk': join(root, 'src/sdk/index.ts') }, logLevel: 'silent' });
    const { stdout } = await run(process.execPath, [out], { env: { ...process.env, AOSH_SOCKET: path }, timeout: 20_000 });
    expect(stdout).toMatch(/PASS echo/);
    expect(stdout).toMatch(/PASS store\/fetch/);
    expect(stdout).toMatch(/PASS exit/);
    expect(stdout).not.toMatch(/FAIL/);
  });
});
