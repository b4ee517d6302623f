// Named regressions for every leak issues 10 and 11 measured, seen from the host side, in
// the outer container, as root and as `nobody`. Each case runs one aosh script whose
// probes print NAME=VALUE lines; the test asserts the values (and that nothing reached
// the host). A probe prints LEAK when the attack worked.
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { pollUntil } from '../helpers/run-aosh.js';
import { Container, containerSkipReason, NOBODY } from './container.js';

const skip = containerSkipReason();

function values(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const m = /^([A-Za-z0-9_.-]+)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

const ENV_FILES = ['.env', '.env.local', 'sub/.env', '../.env', 'a/b/c/d/e/f/g/h/.env', 'build/.env', 'dist/.env.production'];

const PY_CONNECT = (target: string, abstract = false) =>
  `python3 -c "
import socket
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(${abstract ? `'\\0${target}'` : `'${target}'`}); print('LEAK', s.recv(64).decode().strip())
except Exception as e:
    print('refused', type(e).__name__)
"`;

for (const who of ['root', 'nobody'] as const) {
  describe.skipIf(skip !== '')(`attacks as ${who} ${skip}`, () => {
    const uid = who === 'nobody' ? NOBODY : undefined;
    let base: string;
    let work: string;
    let home: string;
    let state: string;
    let container: Container;
    let unixServer: Server;
    let abstractServer: Server;
    let cwdServer: Server;
    let hostSleeper: ChildProcess;
    const sockPath = () => path.join(base, 'host.sock');

    beforeAll(async () => {
      base = mkdtempSync(path.join(existsSync('/var/tmp') ? '/var/tmp' : tmpdir(), 'aosh-attacks-'));
      chmodSync(base, 0o755);
      work = path.join(base, 'work');
      home = path.join(base, 'home');
      state = path.join(base, 'state');
      const secrets = ['.ssh/id_rsa', '.aws/credentials', '.netrc', '.git-credentials', '.docker/config.json', '.kube/config', '.config/gh/hosts.yml', '.npmrc', '.pgpass', '.env', '.env.production', '.s3cfg', '.config/rclone/rclone.conf', '.m2/settings.xml'];
      for (const s of secrets) {
        mkdirSync(path.dirname(path.join(home, s)), { recursive: true });
        writeFileSync(path.join(home, s), `SECRET ${s}\n`);
      }
      mkdirSync(path.join(work, 'sub'), { recursive: true });
      mkdirSync(state, { recursive: true });
      writeFileSync(path.join(work, '.env'), 'K=cwd\n');
      writeFileSync(path.join(work, '.env.local'), 'K=local\n');
      writeFileSync(path.join(work, 'sub', '.env'), 'K=sub\n');
      writeFileSync(path.join(base, '.env'), 'K=parent\n');
      // Deep in the tree and in build outputs: the scan once stopped at 6 levels and skipped build/, dist/.
      const deepEnv = ['a/b/c/d/e/f/g/h/.env', 'build/.env', 'dist/.env.production'];
      for (const f of deepEnv) {
        mkdirSync(path.dirname(path.join(work, f)), { recursive: true });
        writeFileSync(path.join(work, f), 'K=deep\n');
      }
      symlinkSync(path.join(base, 'missing-target'), path.join(work, '.env.dangling'));
      // Readable, not writable, someone else's: the world refuses to write it, as root too.
      writeFileSync(path.join(work, 'locked.txt'), 'locked\n');
      chownSync(path.join(work, 'locked.txt'), 1234, 1234);
      chmodSync(path.join(work, 'locked.txt'), 0o444);
      symlinkSync('/usr', path.join(work, 'usrlink'));
      mkdirSync(path.join(base, 'real-grant'));
      symlinkSync(path.join(base, 'real-grant'), path.join(base, 'grant-link'));
      if (uid !== undefined) {
        const walk = (p: string): void => {
          chownSync(p, uid, uid);
        };
        for (const f of deepEnv) for (let p = path.join(work, f); p !== work; p = path.dirname(p)) walk(p);
        for (const p of [work, path.join(work, 'sub'), path.join(work, '.env'), path.join(work, '.env.local'), path.join(work, 'sub', '.env'), state, path.join(base, 'real-grant')]) walk(p);
        for (const s of secrets) {
          walk(path.join(home, s));
          for (let d = path.dirname(path.join(home, s)); d.startsWith(home); d = path.dirname(d)) walk(d);
        }
      }
      container = new Container({ delegateTo: uid });
      unixServer = createServer((c) => c.end('HOST-UNIX\n'));
      await new Promise<void>((r) => unixServer.listen(sockPath(), r));
      chmodSync(sockPath(), 0o777);
      // A host process's socket inside the writable working directory: writable, still the host's.
      cwdServer = createServer((c) => c.end('HOST-CWD\n'));
      await new Promise<void>((r) => cwdServer.listen(path.join(work, 'host-cwd.sock'), r));
      chmodSync(path.join(work, 'host-cwd.sock'), 0o777);
      abstractServer = createServer((c) => c.end('HOST-ABSTRACT\n'));
      await new Promise<void>((r) => abstractServer.listen('\0aosh-attacks-' + who, r));
      hostSleeper = spawn('sleep', ['300'], { stdio: 'ignore' });
    });

    afterAll(async () => {
      hostSleeper?.kill('SIGKILL');
      container?.destroy();
      unixServer?.close();
      abstractServer?.close();
      cwdServer?.close();
      rmSync(base, { recursive: true, force: true });
    });

    const aosh = async (args: string[], extraEnv: Record<string, string> = {}) => {
      const r = await container.run(args, { cwd: work, user: uid, timeoutMs: 60_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, AOSH_HOME: state, ...extraEnv } });
      return { ...r, v: values(r.stdout) };
    };

    it('a failed stage sandbox leaves the next stage sandboxed (no silent fallback)', async () => {
      const r = await aosh(['-c', [
        'spawn --pids 1 true; echo pids1=$?',
        'cd usrlink && { touch x 2>/dev/null; echo cdlink=$?; }; cd -  >/dev/null',
        `cat ${home}/.ssh/id_rsa 2>/dev/null && echo after=LEAK || echo after=hidden`,
        'echo init=$(cat /proc/1/cmdline | tr "\\0" " ")',
        'ps --json | grep -o \'"isolation":"[a-z]*"\' | sort -u | tr -d \'\\n"\' ; echo',
        'sleep 2 & ps --json | grep -o \'"isolation":"[a-z]*"\' | head -1 | sed "s/^/iso=/"; wait',
      ].join('\n')]);
      expect(r.v.pids1).toBe('2'); // a usage error: below the floor
      expect(r.stderr).toMatch(/--pids 1: below the minimum of 4/);
      expect(r.v.cdlink).toBe('1');
      expect(r.v.after).toBe('hidden');
      expect(r.v.init).not.toMatch(/systemd|init |unshare|sh -c/);
      expect(r.v.iso).toBe(`"isolation":"${who === 'root' ? 'full' : 'userns'}"`);
      expect(existsSync('/usr/x')).toBe(false);
    });

    it('the writable directory does not follow cd; cgroupfs and /proc/sys stay read-only, from stages and the shell', async () => {
      const before = readFileSync('/proc/sys/kernel/core_pattern', 'utf8');
      let r: Awaited<ReturnType<typeof aosh>>;
      try {
        r = await aosh(['-c', [
        '(cd /usr && touch aosh-attack-x 2>/dev/null; echo usr=$?)',
        '(cd /sys/fs/cgroup/pids 2>/dev/null && sh -c \'echo $$ > cgroup.procs\' 2>/dev/null; echo cg=$?)',
        'sh -c "echo /tmp/x > /proc/sys/kernel/core_pattern" 2>/dev/null; echo core=$?',
        'sh -c "echo h > /proc/sysrq-trigger" 2>/dev/null; echo sysrq=$?',
        // The shell's own redirection acts through the world's fs helper, whose /proc is the world's.
        'echo /tmp/x > /proc/sys/kernel/core_pattern 2>/dev/null; echo shcore=$?',
        'echo 1 > /proc/sys/vm/drop_caches 2>/dev/null; echo shdrop=$?',
      ].join('\n')]);
      } finally {
        // Put the host back if the attack worked (the assertions below then fail).
        if (readFileSync('/proc/sys/kernel/core_pattern', 'utf8') !== before) writeFileSync('/proc/sys/kernel/core_pattern', before);
      }
      expect(r.v.shcore).toBe('1');
      expect(r.v.shdrop).toBe('1');
      expect(r.v.usr).not.toBe('0');
      expect(r.v.cg).not.toBe('0');
      expect(r.v.core).not.toBe('0');
      expect(r.v.sysrq).not.toBe('0');
      expect(existsSync('/usr/aosh-attack-x')).toBe(false);
      expect(readFileSync('/proc/sys/kernel/core_pattern', 'utf8')).not.toBe('/tmp/x\n');
    });

    it('a .env symlink planted by a command hides no program from the worlds built after it', async () => {
      // `ln -s /usr .env` once hid /usr in every later world (an agent's, the next session's).
      const r = await aosh(['-c', 'mkdir -p plant && ln -sf /usr plant/.env && ln -sf /etc/passwd plant/.env.x\nspawn --name t --allow-write=' + path.join(work, 'sub') + ' sh -c "ls /usr/bin/ls >/dev/null && echo agent=ran; test -r /etc/passwd && echo passwd=ok"\nwait\nrm -rf plant']);
      expect(r.v.agent, r.stdout + r.stderr).toBe('ran');
      expect(r.v.passwd).toBe('ok');
    });

    it('a hidden .env moved deep, behind more directories than a scan visits, stays hidden from the agents started after', async () => {
      // The mount follows a renamed directory; a later world's own scan stopped at 20,000
      // directories, so `mv` + junk showed the file to every agent world built afterwards.
      mkdirSync(path.join(work, 'mv-me'));
      writeFileSync(path.join(work, 'mv-me', '.env'), 'K=moved\n');
      if (uid !== undefined) for (const p of ['mv-me', 'mv-me/.env']) chownSync(path.join(work, p), uid, uid);
      const r = await aosh(['-c', [
        'mkdir -p z/z/z/z && mv mv-me z/z/z/z/ && mkdir junk && python3 -c "import os; [os.mkdir(\'junk/%d\' % i) for i in range(20001)]"',
        `spawn --name t --allow-write=${path.join(work, 'sub')} sh -c "cat z/z/z/z/mv-me/.env >/dev/null 2>&1 && echo moved=LEAK || echo moved=hidden"`,
        'wait; rm -rf junk z',
      ].join('\n')]);
      expect(r.v.moved, r.stdout + r.stderr).toBe('hidden');
      // The agent world's own scan stopped early: said once, not only in `aosh sandbox`.
      expect(r.stderr).toMatch(/aosh: warning: \.env scan stopped after 20000 directories: deeper \.env files are not hidden \(see aosh sandbox\)/);
    });

    it('hidden paths stay hidden from inside, from near, and by every name', async () => {
      const names = ['.ssh/id_rsa', '.aws/credentials', '.netrc', '.git-credentials', '.docker/config.json', '.kube/config', '.config/gh/hosts.yml', '.npmrc', '.pgpass', '.env', '.env.production', '.s3cfg', '.config/rclone/rclone.conf', '.m2/settings.xml'];
      const r = await aosh(['-c', [
        ...names.map((n, i) => `cat ${home}/${n} >/dev/null 2>&1 && echo h${i}=LEAK || echo h${i}=hidden`),
        `cd ${home}/.ssh 2>/dev/null && { cat id_rsa >/dev/null 2>&1 && echo inside=LEAK || echo inside=hidden; }; cd ${work}`,
        `cd ${state} 2>/dev/null && echo state=LEAK || echo state=hidden`,
        `sh -c 'ls ${state}/journal' >/dev/null 2>&1 && echo journal=LEAK || echo journal=hidden`,
        ...ENV_FILES.map((f, i) => `cat ${f} >/dev/null 2>&1 && echo env${i}=LEAK || echo env${i}=hidden`),
        'echo dangling=ok',
      ].join('\n')]);
      for (let i = 0; i < names.length; i++) expect(r.v[`h${i}`], `${names[i]}\n${r.stdout}`).toBe('hidden');
      expect(r.v.inside).not.toBe('LEAK');
      expect(r.v.state).toBe('hidden');
      expect(r.v.journal).toBe('hidden');
      for (let i = 0; i < ENV_FILES.length; i++) expect(r.v[`env${i}`], ENV_FILES[i]).toBe('hidden');
      expect(r.v.dangling).toBe('ok'); // a dangling .env symlink does not break the world
    });

    it('host devices, ptys and kernel knobs are not there', async () => {
      const r = await aosh(['-c', [
        'for d in kmsg kvm tty0 tty63 vcsa loop0 userfaultfd mem sda; do test -e /dev/$d && echo dev_$d=LEAK || echo dev_$d=absent; done',
        'echo pts=$(ls /dev/pts | tr "\\n" " ")',
      ].join('\n')]);
      for (const d of ['kmsg', 'kvm', 'tty0', 'tty63', 'vcsa', 'loop0', 'userfaultfd', 'mem', 'sda']) expect(r.v[`dev_${d}`], d).toBe('absent');
      expect(r.v.pts!.trim()).toBe('ptmx');
    });

    it('no network means no host sockets: files, abstract names, inherited agents', async () => {
      const r = await aosh(['-c', [
        `echo file=$(${PY_CONNECT(sockPath())})`,
        `echo abstract=$(${PY_CONNECT('aosh-attacks-' + who, true)})`,
        `echo cwdsock=$(${PY_CONNECT('host-cwd.sock')})`,
        // The world's own servers on its writable parts stay reachable, from another stage too.
        `python3 -c "import socket,time; s=socket.socket(socket.AF_UNIX); s.bind('/tmp/own.sock'); s.listen(1); c,_=s.accept(); c.sendall(b'OWN')" & sleep 0.5`,
        `echo ownsock=$(${PY_CONNECT('/tmp/own.sock')}); wait`,
        // What a stage gets (the shell itself keeps its environment).
        `sh -c 'echo ssh=\${SSH_AUTH_SOCK:-unset} dbus=\${DBUS_SESSION_BUS_ADDRESS:-unset} docker=\${DOCKER_HOST:-unset} tok=\${GITHUB_TOKEN:-unset} pat=\${GH_PAT:-unset} val=\${MY_VAR:-unset}'`,
        `echo own=$(python3 -c "import socket; s = socket.socket(socket.AF_UNIX); s.connect('/tmp/agentos.sock'); print('connected')")`,
      ].join('\n')], { SSH_AUTH_SOCK: sockPath(), DBUS_SESSION_BUS_ADDRESS: 'unix:path=' + sockPath(), DOCKER_HOST: 'unix://' + sockPath(), GITHUB_TOKEN: 'ghp_x', GH_PAT: 'github_pat_x', MY_VAR: 'ghp_0123456789abcdefghijABCDEFGHIJ012345' });
      expect(r.v.file).toMatch(/^refused/);
      expect(r.v.abstract).toMatch(/^refused/);
      expect(r.v.cwdsock, r.stdout + r.stderr).toMatch(/^refused/);
      expect(r.v.ownsock).toBe('LEAK OWN'); // PY_CONNECT's word for "connected"
      expect(r.stdout).toContain('ssh=unset dbus=unset docker=unset tok=unset pat=unset val=unset');
      // aosh's own socket stays reachable.
      expect(r.v.own).toBe('connected');
      expect(r.stderr).toMatch(/host socket: no access without the network/);
    });

    it('the shell itself: redirections, $(<f), read, source, globs and test obey the world', async () => {
      const r = await aosh(['-c', [
        'echo x > /usr/aosh-attack-probe 2>/dev/null; echo redir=$?',
        'exec 3>/usr/aosh-attack-fd 2>/dev/null; echo execfd=$?',
        `x=$(<${home}/.ssh/id_rsa) 2>/dev/null; echo subst=[$x]`,
        `read l < ${home}/.aws/credentials 2>/dev/null; echo read=[$l]`,
        `source ${home}/.ssh/id_rsa 2>/dev/null; echo source=$?`,
        `echo glob=${home}/.ssh/*`,
        `test -f ${home}/.ssh/id_rsa && echo test=LEAK || echo test=hidden`,
        // A hidden file is an empty mode-000 file: it may be seen, never read.
        `[[ -r ${home}/.netrc || -s ${home}/.netrc ]] && echo cond=LEAK || echo cond=hidden`,
        // /dev/fd/N is reopened by aosh itself: never for more than the fd was opened for.
        'echo x >> locked.txt 2>/dev/null; echo direct=$?',
        'exec 7< locked.txt; echo PWN >> /dev/fd/7 2>/dev/null; echo fdreopen=$?; echo PWN > /dev/fd/7 2>/dev/null; echo fdtrunc=$?; exec 7<&-',
      ].join('\n')]);
      expect(r.v.redir).toBe('1');
      expect(r.v.execfd).not.toBe('0');
      expect(r.v.subst, r.stdout).toBe('[]');
      expect(r.v.test, r.stdout).toBe('hidden');
      expect(r.v.read).toBe('[]');
      expect(r.v.source).not.toBe('0');
      expect(r.v.glob).toBe(`${home}/.ssh/*`);
      expect(r.v.test).toBe('hidden');
      expect(r.v.cond).toBe('hidden');
      expect(r.v.direct).toBe('1');
      expect(r.v.fdreopen).toBe('1');
      expect(r.v.fdtrunc).toBe('1');
      expect(readFileSync(path.join(work, 'locked.txt'), 'utf8')).toBe('locked\n');
      expect(existsSync('/usr/aosh-attack-probe')).toBe(false);
      expect(r.stderr).toMatch(/note: .*\/usr.* is read-only here \(writable: .*allow with --allow-write=\/usr\)/);
      expect(r.stderr).toMatch(/note: .*\.ssh is hidden by the sandbox/);
    });

    it('a stage that hits the sandbox gets one note naming the flag that would allow it (and the journal a denial)', async () => {
      const r = await aosh(['-c', [
        'touch /usr/aosh-note-x',
        `cat ${home}/.ssh/id_rsa`,
        `python3 -c "import socket; socket.create_connection(('10.255.255.1', 80), timeout=1)" 2>/dev/null`,
        'echo ran',
      ].join('\n')]);
      expect(r.stdout).toContain('ran');
      expect(r.stderr).toMatch(/aosh: note: \/usr\/aosh-note-x is read-only here \(writable: .* allow with --allow-write=\/usr\)/);
      expect(r.stderr).toMatch(/aosh: note: .*\/\.ssh is hidden by the sandbox \(allow with --allow-read=/);
      expect(r.stderr).toMatch(/aosh: note: network is off for this command \(allow with --allow-net or --allow-net=HOST\)/);
      const journal = readdirSync(path.join(state, 'journal')).filter((f) => f.endsWith('.jsonl')).map((f) => readFileSync(path.join(state, 'journal', f), 'utf8')).join('');
      const denials = journal.split('\n').filter((l) => l.includes('"type":"denied"'));
      expect(denials.some((l) => l.includes('/usr/aosh-note-x'))).toBe(true);
      expect(denials.some((l) => l.includes('"kind":"net"'))).toBe(true);
    });

    it('a refused write the program copes with is not noted (python\'s __pycache__), only journaled', async () => {
      const r = await aosh(['-c', [
        'sh -c "{ echo x > /usr/aosh-coped-x; } 2>/dev/null; exit 0"',
        'echo ran',
      ].join('\n')]);
      expect(r.stdout).toContain('ran');
      expect(r.stderr).toBe('');
      const journal = readdirSync(path.join(state, 'journal')).filter((f) => f.endsWith('.jsonl')).map((f) => readFileSync(path.join(state, 'journal', f), 'utf8')).join('');
      expect(journal.split('\n').some((l) => l.includes('"type":"denied"') && l.includes('/usr/aosh-coped-x'))).toBe(true);
    });

    it('a stage hammering a read-only path costs the journal a bounded, counted sample (it was one record per call)', async () => {
      const r = await aosh(['-c', [
        `python3 -c "
import os
for i in range(3000):
    try: os.open('/usr/aosh-flood-%d' % i, os.O_WRONLY | os.O_CREAT)
    except OSError: pass
"`,
        'echo ran',
      ].join('\n')]);
      expect(r.stdout).toContain('ran');
      const journal = readdirSync(path.join(state, 'journal')).filter((f) => f.endsWith('.jsonl')).map((f) => readFileSync(path.join(state, 'journal', f), 'utf8')).join('');
      const flood = journal.split('\n').filter((l) => l.includes('"type":"denied"') && l.includes('/usr/aosh-flood-'));
      expect(flood.length).toBeGreaterThanOrEqual(100);
      expect(flood.length).toBeLessThanOrEqual(103);
      expect(flood.some((l) => l.includes('"count":3000'))).toBe(true);
    });

    it('an agent spawned after cd gets no more than the session: cd /usr; spawn touch /usr/x is read-only', async () => {
      const r = await aosh(['-c', 'cd /usr\nspawn --name t sh -c "touch /usr/aosh-attack-s 2>/dev/null; echo s=\\$?" \nwait']);
      expect(r.v.s, r.stdout + r.stderr).toBe('1');
      expect(existsSync('/usr/aosh-attack-s')).toBe(false);
    });

    it('kill reaches only the session\'s processes', async () => {
      // Inside the container, pid 1 is the container's init (aosh's parent): not the session's.
      const r = await aosh(['-c', `kill -9 1 2>&1; echo k=$?\nkill -9 999999 2>&1; echo gone=$?\nsleep 30 & kill -9 -1; wait $!; echo all=$?`]);
      expect(r.stdout).toContain('kill: 1: not a process of this session');
      expect(r.v.k).toBe('1');
      expect(r.stdout).toContain('No such process');
      expect(r.v.all).toBe('137'); // -1: every process of the session (the background sleep)
      expect(r.status).toBe(0); // the container's init survived and reported aosh's status
      expect(hostSleeper.exitCode).toBeNull();
    });

    it('the socket: READ/WRITE in the world, no widening by SET_PERMS, aosh\'s state unreachable', async () => {
      const client = `
import json, socket, struct, sys, os
# One connection for every call: SET_PERMS changes the connection it is sent on.
s = socket.socket(socket.AF_UNIX); s.connect('/tmp/agentos.sock')
def call(op, obj):
    p = json.dumps(obj).encode(); s.sendall(struct.pack('<IIBQ', 0x41474E54, 0, op, len(p)) + p)
    h = b''
    while len(h) < 17: h += s.recv(17 - len(h))
    n = struct.unpack('<IIBQ', h)[3]; b = b''
    while len(b) < n: b += s.recv(n - len(b))
    return json.loads(b)
env = call(0x03, {'path': '/proc/self/environ'})
print('environ=' + ('LEAK' if 'sk-live' in env.get('content', '') else 'clean'))
print('usr=' + ('LEAK' if call(0x04, {'path': '/usr/aosh-attack-w', 'content': 'x'}).get('success') else 'denied'))
os.symlink('/usr/aosh-attack-l', 'u')
print('final=' + ('LEAK' if call(0x04, {'path': 'u', 'content': 'x'}).get('success') else 'denied'))
print('cfg=' + ('LEAK' if call(0x03, {'path': '${state}/config.json'}).get('success') else 'denied'))
call(0x41, {'permissions': {'can_read': True, 'can_write': True, 'filesystem': {'read': ['/'], 'write': ['/']}}})
print('ssh=' + ('LEAK' if call(0x03, {'path': '${home}/.ssh/id_rsa'}).get('success') else 'denied'))
print('envfile=' + ('LEAK' if call(0x03, {'path': os.getcwd() + '/.env'}).get('success') else 'denied'))
# The widened set must not reach the sandbox either: EXEC and WRITE run in a world capped by the session's.
print('pwrite=' + ('LEAK' if call(0x04, {'path': '/usr/aosh-attack-p', 'content': 'x'}).get('success') else 'denied'))
x = call(0x02, {'command': 'cat ${home}/.ssh/id_rsa; touch /usr/aosh-attack-e'})
print('pexec=' + ('LEAK' if 'SECRET' in x.get('stdout', '') else 'denied'))
call(0x41, {'permissions': {'filesystem': {'read': ['${home}/.ssh', '/usr', os.getcwd()], 'write': ['/usr', os.getcwd()]}}})
x = call(0x02, {'command': 'cat ${home}/.ssh/id_rsa; touch /usr/aosh-attack-e'})
print('pnamed=' + ('LEAK' if 'SECRET' in x.get('stdout', '') else 'denied'))
`;
      writeFileSync(path.join(base, 'client.py'), client);
      writeFileSync(path.join(state, 'config.json'), '{"llm":{"openaiApiKey":"sk-live-config"}}');
      if (uid !== undefined) chownSync(path.join(state, 'config.json'), uid, uid);
      const r = await aosh(['--allow-read', '-c', `python3 ${path.join(base, 'client.py')}`], { OPENAI_API_KEY: 'sk-live-env' });
      // The client lives outside the work tree: it must be readable for this test.
      expect(r.stderr).not.toMatch(/Traceback/);
      expect(r.v.environ).toBe('clean');
      expect(r.v.usr).toBe('denied');
      expect(r.v.final).toBe('denied');
      expect(r.v.cfg).toBe('denied');
      expect(r.v.ssh).toBe('denied');
      expect(r.v.envfile).toBe('denied');
      expect(r.v.pwrite).toBe('denied');
      expect(r.v.pexec).toBe('denied');
      expect(r.v.pnamed).toBe('denied');
      for (const p of ['/usr/aosh-attack-w', '/usr/aosh-attack-l', '/usr/aosh-attack-p', '/usr/aosh-attack-e']) expect(existsSync(p)).toBe(false);
    });

    it('flags mean what they say: --allow-read=DIR, --allow-write=OTHER, --allow-run, --deny-run', async () => {
      const other = path.join(base, 'real-grant');
      const r1 = await aosh(['--allow-read=' + work, '-c', `cat /etc/hostname >/dev/null 2>&1 && echo sys=ok || echo sys=no\nls ${home} >/dev/null 2>&1 && echo home=LEAK || echo home=confined`]);
      expect(r1.v.sys).toBe('ok'); // programs still run: system directories are readable
      expect(r1.v.home).toBe('confined');
      const r2 = await aosh(['--allow-write=' + path.join(base, 'grant-link'), '-c', `touch cwd-file 2>/dev/null && echo cwd=LEAK || echo cwd=readonly\ntouch ${other}/g && echo grant=ok || echo grant=no`]);
      expect(r2.v.cwd).toBe('readonly');
      expect(r2.v.grant).toBe('ok'); // a symlinked grant is bound by its canonical path
      expect(existsSync(path.join(work, 'cwd-file'))).toBe(false);
      const r3 = await aosh(['--allow-run=ls', '-c', 'ls / >/dev/null && echo ls=ok\ncat /etc/hostname >/dev/null 2>&1 && echo cat=LEAK || echo cat=refused\nsh -c true 2>/dev/null && echo sh=LEAK || echo sh=refused']);
      expect(r3.v).toMatchObject({ ls: 'ok', cat: 'refused', sh: 'refused' });
      const r4 = await aosh(['--deny-run=cat', '-c', 'cat /etc/hostname >/dev/null 2>&1 && echo cat=LEAK || echo cat=refused\nsh -c "cat /etc/hostname" >/dev/null 2>&1 && echo inner=LEAK || echo inner=refused\nsh -c "/usr/bin/cat /etc/hostname" >/dev/null 2>&1 && echo abs=LEAK || echo abs=refused']);
      expect(r4.v).toMatchObject({ cat: 'refused', inner: 'refused', abs: 'refused' });
    });

    it('the kernel socket cannot be replaced, and no session sees another one\'s sockets', async () => {
      const xdg = path.join(base, 'xdg');
      mkdirSync(xdg, { recursive: true, mode: 0o700 });
      if (uid !== undefined) chownSync(xdg, uid, uid);
      const probe = [
        'rm -f /tmp/agentos.sock 2>/dev/null && echo unlink=LEAK || echo unlink=refused',
        'sh -c "mv /tmp/agentos.sock /tmp/x" 2>/dev/null && echo mv=LEAK || echo mv=refused',
        `ls ${xdg}/aosh >/dev/null 2>&1 && echo xdg=LEAK || echo xdg=hidden`,
        `ls /tmp/aosh-${uid ?? 0} >/dev/null 2>&1 && echo tmp=LEAK || echo tmp=hidden`,
      ].join('\n');
      // A second session runs meanwhile: its sockets must stay invisible.
      const other = aosh(['-c', 'sleep 3'], { XDG_RUNTIME_DIR: xdg });
      await new Promise((r) => setTimeout(r, 800));
      const a = await aosh(['-c', probe], { XDG_RUNTIME_DIR: xdg });
      const b = await aosh(['--allow-write=/tmp', '--allow-write=' + work, '-c', probe], { XDG_RUNTIME_DIR: xdg });
      await other;
      for (const r of [a, b]) {
        expect(r.v.unlink, r.stdout + r.stderr).toBe('refused');
        expect(r.v.mv).toBe('refused');
        expect(r.v.xdg).toBe('hidden');
        expect(r.v.tmp).toBe('hidden');
      }
    });

    it('a SET_PERMS/EXEC storm keeps at most AOSH_LIMIT_SANDBOXES worlds alive (each narrower set was one more world, forever)', async () => {
      const storm = `
import json, socket, struct, os, time
s = socket.socket(socket.AF_UNIX); s.connect('/tmp/agentos.sock')
def call(op, obj):
    p = json.dumps(obj).encode(); s.sendall(struct.pack('<IIBQ', 0x41474E54, 0, op, len(p)) + p)
    h = b''
    while len(h) < 17: h += s.recv(17 - len(h))
    n = struct.unpack('<IIBQ', h)[3]; b = b''
    while len(b) < n: b += s.recv(n - len(b))
    return json.loads(b)
extra = ['/opt/aosh-storm-%d' % i for i in range(12)]
ok = 0
for i in range(12):
    call(0x41, {'permissions': {'filesystem': {'read': ['/usr', '/etc', '/lib', '/lib64', '/bin', '${base}'] + extra[i:]}}})
    ok += 1 if call(0x02, {'command': 'true'}).get('success') else 0
print('storm=%d' % ok, flush=True)
open('storm-done', 'w').close()
time.sleep(3)
`;
      writeFileSync(path.join(base, 'storm.py'), storm);
      const run = aosh(['-c', `python3 ${path.join(base, 'storm.py')}`], { AOSH_LIMIT_SANDBOXES: '4' });
      await pollUntil(() => existsSync(path.join(work, 'storm-done')), 'the storm', 50_000);
      // One world is one tree of aosh-world processes (its zygote, fs helper, stages): count the roots.
      const comm = (p: number | string): string => {
        try {
          return readFileSync(`/proc/${p}/comm`, 'utf8').trim();
        } catch {
          return '';
        }
      };
      const parent = (p: number): string => readFileSync(`/proc/${p}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]!;
      const worlds = new Set(container.pids().filter((p) => comm(p) === 'aosh-world' && comm(parent(p)) !== 'aosh-world'));
      const r = await run;
      rmSync(path.join(work, 'storm-done'), { force: true });
      expect(r.v.storm, r.stdout + r.stderr).toBe('12'); // every EXEC ran: idle worlds made room
      expect(worlds.size).toBeGreaterThan(0);
      expect(worlds.size).toBeLessThanOrEqual(4);
    });

    it('the session\'s stages together stay under AOSH_LIMIT_SESSION_PIDS (each stage\'s own --pids multiplied)', async () => {
      // /usr/bin/python3 itself: a pyenv shim (bash) would retry its own fork until the first let go.
      const forker = `/usr/bin/python3 -c "
import os, time
n = 0
for i in range(25):
    try:
        if os.fork() == 0:
            time.sleep(3); os._exit(0)
        n += 1
    except OSError:
        break
print('forks=%d' % n, flush=True)
open('/tmp/forked', 'w').close()
for i in range(n): os.wait()
"`;
      // The second starts once the first holds its processes (it marks that in the session's /tmp).
      const r = await aosh(['-c', `${forker} >/dev/null &\nuntil [ -e /tmp/forked ]; do sleep 0.1; done\n${forker}\nwait`], { AOSH_LIMIT_SESSION_PIDS: '30' });
      const forks = Number(r.v.forks);
      expect(forks, r.stdout + r.stderr).toBeLessThan(10); // the first stage holds ~26 of the 30
      const free = await aosh(['-c', forker]);
      expect(free.v.forks).toBe('25');
    });

    it('two sessions in different pid namespaces both get their cgroup limits', async () => {
      const runOne = () => aosh(['--pids', '40', '-c', 'sleep 1 & ps --json | grep -o \'"pids":[0-9]*\' | head -1; wait']);
      const [a, b] = await Promise.all([runOne(), runOne()]);
      expect(a.stdout).toContain('"pids":40');
      expect(b.stdout).toContain('"pids":40');
      await pollUntil(() => container.leftovers().length === 0, 5000).catch(() => undefined);
    });
  });
}
