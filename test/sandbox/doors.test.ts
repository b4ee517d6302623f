// One policy, one view (issue 11): every door of aosh — a sandboxed stage, the shell's own
// file operations, the kernel socket's READ/WRITE (from inside a stage), and the agent's
// file tools — gives the same answer for the same path: allowed, read-only, hidden,
// symlink to hidden, `..` escape, final symlink, the session's /tmp. Run inside the outer
// container of container.ts, as root and as `nobody`, with default permissions.
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { scripted, startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { Container, containerSkipReason, NOBODY } from './container.js';

const skip = containerSkipReason();

/** A minimal AGNT client (spec §1.3): READ or WRITE one path, prints OK or DENIED. */
const AGNT_PY = `
import json, socket, struct, sys
def call(op, obj):
    s = socket.socket(socket.AF_UNIX); s.connect('/tmp/agentos.sock')
    p = json.dumps(obj).encode(); s.sendall(struct.pack('<IIBQ', 0x41474E54, 0, op, len(p)) + p)
    h = b''
    while len(h) < 17: h += s.recv(17 - len(h))
    n = struct.unpack('<IIBQ', h)[3]; b = b''
    while len(b) < n: b += s.recv(n - len(b))
    return json.loads(b)
op, p = sys.argv[1], sys.argv[2]
r = call(0x03, {'path': p}) if op == 'read' else call(0x04, {'path': p, 'content': 'x'})
print('OK' if r.get('success') else 'DENIED')
`;

/** The doors as shell functions; each prints OK or DENIED. */
const DOORS = `
shell_read() { { v=$(<"$1"); } 2>/dev/null && echo OK || echo DENIED; }
stage_read() { cat -- "$1" >/dev/null 2>&1 && echo OK || echo DENIED; }
socket_read() { python3 ./agnt.py read "$1"; }
shell_write() { { printf x > "$1"; } 2>/dev/null && echo OK || echo DENIED; }
stage_write() { sh -c 'printf x > "$1"' _ "$1" 2>/dev/null && echo OK || echo DENIED; }
socket_write() { python3 ./agnt.py write "$1"; }
probe() { kind=$1; shift; for p in "$@"; do for d in shell stage socket; do echo "$kind $d $p $(${'$'}{d}_$kind "$p")"; done; done; }
`;

interface Case {
  path: string;
  want: 'OK' | 'DENIED';
  /** The agent's own grants are narrower (it writes only the working directory). */
  agent?: false;
}

for (const who of ['root', 'nobody'] as const) {
  describe.skipIf(skip !== '')(`every door, the same answer, as ${who} ${skip}`, () => {
    const uid = who === 'nobody' ? NOBODY : undefined;
    let base: string;
    let work: string;
    let home: string;
    let state: string;
    let container: Container;
    let server: FakeServer;
    let reads: Case[];
    let writes: Case[];

    beforeAll(async () => {
      // Outside /tmp: there `..` would land in the session's private /tmp (allowed, and
      // never the host's), not on the host's read-only tree.
      base = mkdtempSync(path.join(existsSync('/var/tmp') ? '/var/tmp' : tmpdir(), 'aosh-doors-'));
      chmodSync(base, 0o755);
      work = path.join(base, 'work');
      home = path.join(base, 'home');
      state = path.join(base, 'state');
      for (const d of [work, path.join(work, 'sub'), path.join(home, '.ssh'), path.join(home, '.aws'), state]) mkdirSync(d, { recursive: true });
      writeFileSync(path.join(home, '.ssh', 'id_rsa'), 'SECRET KEY\n');
      writeFileSync(path.join(home, '.aws', 'credentials'), 'AWS\n');
      writeFileSync(path.join(home, 'notes.txt'), 'readable, not writable\n');
      writeFileSync(path.join(work, 'ok.txt'), 'public\n');
      writeFileSync(path.join(work, '.env'), 'API_KEY=dotenv\n');
      writeFileSync(path.join(work, 'sub', '.env.local'), 'API_KEY=local\n');
      writeFileSync(path.join(base, '.env'), 'API_KEY=parent\n');
      writeFileSync(path.join(work, 'agnt.py'), AGNT_PY);
      symlinkSync(path.join(home, '.ssh', 'id_rsa'), path.join(work, 'keylink'));
      symlinkSync(home, path.join(work, 'homelink'));
      symlinkSync('/usr/aosh-doors-probe', path.join(work, 'final'));
      if (uid !== undefined) {
        const own = (p: string): void => chownSync(p, uid, uid);
        for (const p of [work, path.join(work, 'sub'), path.join(work, 'ok.txt'), path.join(work, '.env'), path.join(work, 'sub', '.env.local'), path.join(work, 'agnt.py'), home, path.join(home, '.ssh'), path.join(home, '.ssh', 'id_rsa'), path.join(home, '.aws'), path.join(home, '.aws', 'credentials'), path.join(home, 'notes.txt'), state]) own(p);
      }
      reads = [
        { path: 'ok.txt', want: 'OK' },
        { path: `${home}/notes.txt`, want: 'OK' },
        { path: '/etc/hostname', want: 'OK' },
        { path: `${home}/.ssh/id_rsa`, want: 'DENIED' },
        { path: `${home}/.aws/credentials`, want: 'DENIED' },
        { path: 'keylink', want: 'DENIED' },
        { path: 'homelink/.ssh/id_rsa', want: 'DENIED' },
        { path: `../home/.ssh/id_rsa`, want: 'DENIED' },
        { path: `/proc/self/root${home}/.ssh/id_rsa`, want: 'DENIED' },
        { path: '.env', want: 'DENIED' },
        { path: 'sub/.env.local', want: 'DENIED' },
        { path: '../.env', want: 'DENIED' },
        { path: '/etc/shadow', want: 'DENIED' },
        { path: `${state}/journal`, want: 'DENIED' },
      ];
      writes = [
        { path: 'new.txt', want: 'OK' },
        { path: 'sub/new.txt', want: 'OK' },
        { path: '/usr/aosh-doors-probe', want: 'DENIED' },
        { path: 'final', want: 'DENIED' },
        { path: `${home}/planted.txt`, want: 'DENIED' },
        { path: '../escape.txt', want: 'DENIED' },
        { path: `${home}/.ssh/authorized_keys`, want: 'DENIED' },
        { path: '/tmp/doors-private.txt', want: 'OK', agent: false },
      ];
      container = new Container({ delegateTo: uid });
      server = await startFakeOpenAI();
    });

    afterAll(async () => {
      container?.destroy();
      await server?.close();
      rmSync(base, { recursive: true, force: true });
    });

    const env = (extra: Record<string, string> = {}): Record<string, string> => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, AOSH_HOME: state, ...extra });

    it('the shell, a stage and the socket agree on every read and every write', async () => {
      const script = `${DOORS}\nprobe read ${reads.map((c) => `'${c.path}'`).join(' ')}\nprobe write ${writes.map((c) => `'${c.path}'`).join(' ')}\n`;
      const r = await container.run(['-c', script], { cwd: work, user: uid, env: env(), timeoutMs: 60_000 });
      const got = new Map<string, string>();
      for (const line of r.stdout.split('\n').filter(Boolean)) {
        const [kind, door, p, answer] = line.split(' ');
        got.set(`${kind} ${door} ${p}`, answer!);
      }
      const wrong: string[] = [];
      for (const [kind, cases] of [['read', reads], ['write', writes]] as const) {
        for (const c of cases) for (const door of ['shell', 'stage', 'socket']) {
          const answer = got.get(`${kind} ${door} ${c.path}`);
          if (answer !== c.want) wrong.push(`${kind} ${c.path} via ${door}: ${answer ?? '(nothing)'}, want ${c.want}`);
        }
      }
      expect(wrong, `${r.stderr}`).toEqual([]);
      // Nothing reached the host: not /usr, not $HOME, not the parent, not the host's /tmp.
      for (const p of ['/usr/aosh-doors-probe', path.join(home, 'planted.txt'), path.join(base, 'escape.txt'), path.join(home, '.ssh', 'authorized_keys'), '/tmp/doors-private.txt']) {
        expect(existsSync(p), p).toBe(false);
      }
      expect(readFileSync(path.join(work, 'new.txt'), 'utf8')).toBe('x');
    });

    it('the agent\'s file tools give the same answers (its world, its grants)', async () => {
      const agentReads = reads;
      const agentWrites = writes.filter((c) => c.agent !== false);
      // An allowed read after each probe: the loop stops a run after 3 denials in a row.
      const ok = { toolCalls: [{ name: 'read_file', arguments: { path: 'ok.txt' } }] };
      server.respond(
        scripted([
          ...agentReads.flatMap((c) => [{ toolCalls: [{ name: 'read_file', arguments: { path: c.path } }] }, ok]),
          ...agentWrites.flatMap((c) => [{ toolCalls: [{ name: 'write_file', arguments: { path: c.path, content: 'y' } }] }, ok]),
          { toolCalls: [{ name: 'done', arguments: { answer: 'probed' } }] },
        ]),
      );
      const r = await container.run(['agent', '--mode', 'auto', '--max-turns', '100', 'probe the doors'], {
        cwd: work,
        user: uid,
        env: env({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${server.url}/v1`, AOSH_LLM_RETRY_BASE_MS: '5' }),
        timeoutMs: 60_000,
      });
      const runs = readdirSync(path.join(state, 'runs')).filter((n) => /^\d{8}-/.test(n)).sort();
      const steps = readFileSync(path.join(state, 'runs', runs.at(-1)!, 'steps.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { kind: string; name: string; ok: boolean; turn: number; index: number; arguments?: { path?: string } });
      const calls = new Map(steps.filter((s) => s.kind === 'call').map((s) => [`${s.turn}.${s.index}`, s.arguments?.path]));
      const answers = new Map<string, string>();
      for (const s of steps) if (s.kind === 'result' && s.name !== 'done') answers.set(`${s.name} ${calls.get(`${s.turn}.${s.index}`)}`, s.ok ? 'OK' : 'DENIED');
      const wrong: string[] = [];
      for (const c of agentReads) if (answers.get(`read_file ${c.path}`) !== c.want) wrong.push(`read ${c.path}: ${answers.get(`read_file ${c.path}`)}, want ${c.want}`);
      for (const c of agentWrites) if (answers.get(`write_file ${c.path}`) !== c.want) wrong.push(`write ${c.path}: ${answers.get(`write_file ${c.path}`)}, want ${c.want}`);
      expect(wrong, `${r.stderr}\n${JSON.stringify(steps.slice(-3))}`).toEqual([]);
      expect(r.stdout).toContain('probed');
    });
  });
}
