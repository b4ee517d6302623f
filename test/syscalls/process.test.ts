// SPAWN, KILL, LIST, EXEC through the real Kernel (native addon) — spec §3.4, §3.7–3.9, §4.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Kernel } from '../../src/kernel/kernel.js';
import { nativeStatus, loadNative } from '../../src/kernel/native.js';
import { createSyscallServer, type SyscallServer } from '../../src/kernel/syscalls/index.js';
import { allowAll } from '../../src/kernel/permissions.js';
import { Op } from '../../src/kernel/syscalls/opcodes.js';
import { readRecords, journalDir } from '../../src/kernel/journal.js';
import { RawClient } from './helpers.js';

const haveNative = loadNative() !== null;
const why = haveNative ? '' : `native addon not built: ${nativeStatus().error}`;

let root: string;
let home: string;
let state: string;
let kernel: Kernel;
let server: SyscallServer;
let path: string;
const clients: RawClient[] = [];
async function client(p = path): Promise<RawClient> {
  const c = await RawClient.connect(p);
  clients.push(c);
  return c;
}
async function until<T>(fn: () => Promise<T> | T, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!haveNative)(`processes through the kernel ${why}`, () => {
  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'aosh-proc-'));
    // aosh's state is hidden from every world: the working directory (home) is elsewhere.
    home = join(root, 'work');
    state = join(root, 'state');
    mkdirSync(home);
    kernel = new Kernel({ home: state, cwd: home, permissions: allowAll() });
    server = createSyscallServer(kernel, { cwd: home });
    path = (await server.sessionEndpoint()).path;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    kernel.shutdown();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('EXEC runs sh -c with stderr merged, exit codes, cwd and an enforced timeout', async () => {
    const a = await client();
    expect(await a.call(Op.EXEC, { command: 'echo out; echo err >&2; exit 3' })).toEqual({ success: false, stdout: 'out\nerr\n', stderr: '', exit_code: 3 });
    expect(await a.call(Op.EXEC, { command: 'pwd', cwd: '/tmp' })).toMatchObject({ success: true, stdout: '/tmp\n', exit_code: 0 });
    // Inside its world every stage finds the kernel at /tmp/agentos.sock.
    expect(await a.call(Op.EXEC, { command: 'echo $AOSH_SOCKET' })).toMatchObject({ stdout: '/tmp/agentos.sock\n' });
    const t0 = Date.now();
    const slow = await a.call(Op.EXEC, { command: 'sleep 5; echo never', timeout: 1 });
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(slow).toMatchObject({ success: false, exit_code: -1, error: expect.stringContaining('timed out') });
    expect(await a.call(Op.EXEC, {})).toMatchObject({ success: false, error: 'command required' });
    const execs = readRecords(journalDir(state)).filter((r) => r.type === 'exec');
    expect(execs.map((r) => r.exit_code)).toEqual([3, 0, 0, -1]);
  });

  it('SPAWN runs python3 SCRIPT SOCKET; the child connects back; LIST reaps it after exit', async () => {
    const script = join(home, 'child.py');
    writeFileSync(
      script,
      [
        'import sys, os, json, socket, struct',
        'print(json.dumps(sys.argv), flush=True)',
        's = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])',
        'p = json.dumps({"name": "kid"}).encode()',
        's.sendall(struct.pack("<IIBQ", 0x41474E54, 0, 0x23, len(p)) + p)',
        'h = s.recv(17); n = struct.unpack("<IIBQ", h)[3]; body = s.recv(n)',
        'open(os.environ["OUT"], "w").write(body.decode() + "\\n" + os.environ.get("AOSH_SOCKET", ""))',
        'import time; time.sleep(float(os.environ.get("LINGER", "0")))',
      ].join('\n'),
    );
    const out = join(home, 'out.txt');
    process.env.OUT = out;
    process.env.LINGER = '0.5';
    const a = await client();
    const res = await a.call(Op.SPAWN, { name: 'kid', script, sandboxed: true, network: false });
    expect(res).toMatchObject({ name: 'kid', status: 'running' });
    expect(res.error).toBeUndefined();
    expect(typeof res.id).toBe('number');
    expect(typeof res.pid).toBe('number');
    expect(await a.call(Op.SPAWN, { name: 'kid', script })).toMatchObject({ error: 'failed to spawn agent' });
    const listed = await a.call(Op.LIST, undefined);
    expect(listed).toEqual([{ id: res.id, name: 'kid', pid: res.pid, state: 'RUNNING', running: true }]);
    await until(() => existsSync(out), Boolean);
    const [reg, sock] = (await until(() => (existsSync(out) ? readFileSync(out, 'utf8') : ''), (s: string) => s.includes('\n'))).split('\n');
    expect(JSON.parse(reg)).toMatchObject({ success: true, name: 'kid' });
    expect(sock).toMatch(/\.sock$/);
    expect(sock).not.toBe(path);
    expect(await until(() => a.call(Op.LIST, undefined), (l: unknown[]) => l.length === 0)).toEqual([]);
    // The exit record follows the reaping (after the agent's endpoint and world are closed).
    const types = await until(() => readRecords(journalDir(state)).map((r) => r.type), (t: string[]) => t.includes('exit'));
    expect(types).toContain('spawn');
    expect(types).toContain('exit');
    delete process.env.OUT;
    delete process.env.LINGER;
  });

  it('KILL by name and by id; a second KILL returns false; {} returns agent_id 0', async () => {
    const script = join(home, 'sleeper.py');
    writeFileSync(script, 'import time\ntime.sleep(60)\n');
    const a = await client();
    await a.call(Op.SUBSCRIBE, { events: ['AGENT_SPAWNED', 'AGENT_EXITED'] });
    const s1 = await a.call(Op.SPAWN, { name: 's1', script });
    const s2 = await a.call(Op.SPAWN, { name: 's2', script });
    expect(await a.call(Op.KILL, { name: 's1' })).toEqual({ killed: true, agent_id: s1.id });
    expect(await a.call(Op.KILL, { name: 's1' })).toEqual({ killed: false, agent_id: 0 });
    expect(await a.call(Op.KILL, { id: s2.id })).toEqual({ killed: true, agent_id: s2.id });
    expect(await a.call(Op.KILL, { id: 4242 })).toEqual({ killed: false, agent_id: 4242 });
    expect(await a.call(Op.KILL, {})).toEqual({ agent_id: 0, killed: false });
    expect(await a.call(Op.LIST, undefined)).toEqual([]);
    const ev = await a.call(Op.POLL_EVENTS, { max: 20 });
    expect(ev.events.filter((e: any) => e.type === 'AGENT_SPAWNED')[0].data).toMatchObject({ agent_id: s1.id, name: 's1', parent_id: 1 });
    expect(ev.events.some((e: any) => e.type === 'AGENT_EXITED' && e.data.killed_by === 1)).toBe(true);
  });

  it('gives a spawned agent the intersection of what it asked and what the caller has', async () => {
    const script = join(home, 'perm.py');
    writeFileSync(
      script,
      [
        'import sys, json, socket, struct, os',
        'def call(s, op, obj):',
        '    p = json.dumps(obj).encode(); s.sendall(struct.pack("<IIBQ", 0x41474E54, 0, op, len(p)) + p)',
        '    h = b""',
        '    while len(h) < 17: h += s.recv(17 - len(h))',
        '    n = struct.unpack("<IIBQ", h)[3]; b = b""',
        '    while len(b) < n: b += s.recv(n - len(b))',
        '    return json.loads(b)',
        's = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])',
        'out = {"perms": call(s, 0x40, {})["permissions"], "raise": call(s, 0x41, {"level": "unrestricted"})["permissions"],',
        '       "write": call(s, 0x04, {"path": os.environ["OUT"] + ".w", "content": "x"})}',
        'open(os.environ["OUT"], "w").write(json.dumps(out))',
      ].join('\n'),
    );
    const out = join(home, 'perm.json');
    process.env.OUT = out;
    const a = await client();
    // The child may write only its report (its world makes just that file writable).
    writeFileSync(out, '');
    await a.call(Op.SET_PERMS, { permissions: { can_spawn: true, can_write: true, filesystem: { write: [out] } } });
    const r = await a.call(Op.SPAWN, { name: 'p', script, level: 'unrestricted' });
    expect(r.status).toBe('running');
    const got = JSON.parse(await until(() => (existsSync(out) ? readFileSync(out, 'utf8') : ''), (s: string) => s.length > 0));
    expect(got.perms).toMatchObject({ can_write: true, filesystem: { write: [out] }, can_http: false });
    expect(got.raise).toMatchObject({ filesystem: { write: [out] } });
    expect(got.write.error).toMatch(/^Permission denied: path not allowed for writing \(rule --allow-write=/);
    delete process.env.OUT;
  });

  it('refuses SPAWN without the spawn capability, naming the rule (family B)', async () => {
    const a = await client();
    await a.call(Op.SET_PERMS, { level: 'readonly' });
    const r = await a.call(Op.SPAWN, { name: 'x', script: '/nonexistent.py' });
    expect(r.success).toBeUndefined();
    expect(r.error).toMatch(/^Permission denied: spawn not allowed \(rule --deny-spawn/);
    expect(await a.call(Op.SPAWN, { name: 'y' })).toEqual({ error: 'script path required' });
  });
});
