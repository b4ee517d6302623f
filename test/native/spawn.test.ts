import { chmodSync, mkdtempSync, openSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { addon, childScript, native, nullFd, procStat, readAll, run, runChild, skipReason, start } from './helpers.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'aosh-native-'));

describe.skipIf(!native)(`native spawn ${skipReason}`, () => {
  it('execs a real binary and captures its output', async () => {
    const r = await run('/bin/echo', ['echo', 'hello', 'world']);
    expect(r.stdout).toBe('hello world\n');
    expect(r.status).toEqual({ code: 0, signal: null });
  });

  it('reports the exit code', async () => {
    const r = await runChild(['exit', '7']);
    expect(r.status).toEqual({ code: 7, signal: null });
  });

  it('reports the signal that killed the child', async () => {
    const r = await runChild(['kill', 'SIGTERM']);
    expect(r.status).toEqual({ code: null, signal: 15 });
  });

  it('passes exactly the given argv, env and cwd', async () => {
    const env = await run('/usr/bin/env', ['env'], { env: ['A=1', 'B=two words'] });
    expect(env.stdout).toBe('A=1\nB=two words\n');
    const argv = await run('/usr/bin/printf', ['printf', '[%s]', 'a b', '', '*']);
    expect(argv.stdout).toBe('[a b][][*]');
    const cwd = await run('/bin/pwd', ['pwd'], { cwd: tmp });
    expect(cwd.stdout).toBe(`${tmp}\n`);
  });

  it('resets signal dispositions and unblocks all signals in the child', async () => {
    // Node ignores SIGPIPE and SIGXFSZ; a program must not inherit that.
    expect(readFileSync('/proc/self/status', 'utf8')).toMatch(/^SigIgn:\s*0*1001000$/m);
    const r = await run('/usr/bin/grep', ['grep', '-E', '^Sig(Ign|Blk)', '/proc/self/status']);
    expect(r.stdout).toBe('SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n');
  });

  it('starts the child with the signals asked for ignored, and only those', async () => {
    // SIGINT (2), SIGQUIT (3) and SIGPIPE (13): bits 1, 2 and 12.
    const r = await run('/usr/bin/grep', ['grep', '-E', '^SigIgn', '/proc/self/status'], { ignoreSignals: (1 << 1) | (1 << 2) | (1 << 12) });
    expect(r.stdout).toBe('SigIgn:\t0000000000001006\n');
    expect(() => start({ file: '/bin/true', argv: ['true'], ignoreSignals: -1 })).toThrow(/req\.ignoreSignals must be an integer/);
  });

  it('sets the umask and the rlimits asked for in the child only', async () => {
    const before = readFileSync('/proc/self/limits', 'utf8');
    const r = await run('/usr/bin/grep', ['grep', '-E', '^(Umask|Max open files|Max cpu time)', '/proc/self/status', '/proc/self/limits'], {
      umask: 0o027,
      rlimits: [
        [7, 40, 50],
        [0, 9, -1],
      ],
    });
    expect(r.stdout).toMatch(/status:Umask:\s+0027\n/);
    expect(r.stdout).toMatch(/limits:Max cpu time\s+9\s+unlimited\s/);
    expect(r.stdout).toMatch(/limits:Max open files\s+40\s+50\s/);
    // The spawning process (a kernel serving others) is never changed.
    expect(readFileSync('/proc/self/limits', 'utf8')).toBe(before);
  });

  it('fails with setrlimit when a limit cannot be set', () => {
    // Soft above hard is EINVAL for anyone.
    expect(() => start({ file: '/bin/true', argv: ['true'], rlimits: [[7, 60, 50]] })).toThrow(expect.objectContaining({ code: 'EINVAL', syscall: 'setrlimit' }));
    expect(() => start({ file: '/bin/true', argv: ['true'], umask: 0o1000 })).toThrow(/req\.umask must be an integer/);
  });

  describe('exec failures throw synchronously with the errno name', () => {
    const expectSpawnError = (req: Parameters<typeof start>[0], code: string, syscall: string) => {
      let error: (Error & { code?: string; syscall?: string; errno?: number; path?: string }) | undefined;
      try {
        start(req);
      } catch (e) {
        error = e as typeof error;
      }
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ code, syscall });
      expect(error!.message).toContain(code);
      return error!;
    };

    it('ENOENT for a missing file', () => {
      const e = expectSpawnError({ file: '/nonexistent/prog', argv: ['prog'] }, 'ENOENT', 'execve');
      expect(e.path).toBe('/nonexistent/prog');
      expect(e.errno).toBe(-2);
    });

    it('EACCES for a file without the exec bit', () => {
      const file = path.join(tmp, 'not-executable');
      writeFileSync(file, '#!/bin/sh\necho hi\n');
      chmodSync(file, 0o644);
      expectSpawnError({ file, argv: ['x'] }, 'EACCES', 'execve');
    });

    it('ENOEXEC for an executable that is no known format', () => {
      const file = path.join(tmp, 'garbage');
      writeFileSync(file, Buffer.from([0, 1, 2, 3, 4, 5, 6, 7]));
      chmodSync(file, 0o755);
      expectSpawnError({ file, argv: ['x'] }, 'ENOEXEC', 'execve');
    });

    it('ENOTDIR / ENOENT for a bad cwd', () => {
      const e = expectSpawnError({ file: '/bin/true', argv: ['true'], cwd: '/etc/passwd' }, 'ENOTDIR', 'chdir');
      expect(e.path).toBe('/etc/passwd');
      expectSpawnError({ file: '/bin/true', argv: ['true'], cwd: path.join(tmp, 'missing') }, 'ENOENT', 'chdir');
    });

    it('EBADF when the fd map names a closed fd', () => {
      expectSpawnError({ file: '/bin/true', argv: ['true'], fds: [nullFd(), 1, 2, 1_000_000] }, 'EBADF', 'dup2');
    });
  });

  it('maps fds exactly (even when sources collide with targets) and closes everything else', async () => {
    const a = addon();
    const [outR, outW] = a.pipe();
    const [p1r, p1w] = a.pipe();
    const [p2r, p2w] = a.pipe();
    const extra = openSync(childScript, 'r'); // open in the parent, not mapped: must not show up
    const target = (fd: number) => readlinkSync(`/proc/self/fd/${fd}`);
    const want = { out: target(outW), p1: target(p1r), p2: target(p2r) };
    // Child fd p1r <- parent p2r and child fd p2r <- parent p1r: each source is another target.
    const fds: number[] = new Array(Math.max(p1r, p2r) + 1).fill(-1);
    fds[0] = nullFd();
    fds[1] = outW;
    fds[2] = 2;
    fds[p1r] = p2r;
    fds[p2r] = p1r;
    // ls opens one fd of its own: the /proc/<pid>/fd directory it lists.
    const ls = start({ file: '/bin/ls', argv: ['ls', '-l', '/proc/self/fd'], fds });
    for (const fd of [outW, p1w, p2w, p1r, p2r, extra]) a.close(fd);
    const [out, status] = await Promise.all([readAll(outR), ls.exit]);
    expect(status).toEqual({ code: 0, signal: null });

    const seen = new Map(
      [...out.toString().matchAll(/ (\d+) -> (.*)$/gm)]
        .filter((m) => !/^\/proc\/\d+\/fd$/.test(m[2])) // ls's own directory fd
        .map((m) => [Number(m[1]), m[2]]),
    );
    expect([...seen.keys()].sort((x, y) => x - y)).toEqual([0, 1, 2, p1r, p2r].sort((x, y) => x - y));
    expect(seen.get(0)).toBe('/dev/null');
    expect(seen.get(1)).toBe(want.out);
    expect(seen.get(p1r)).toBe(want.p2);
    expect(seen.get(p2r)).toBe(want.p1);
    expect(want.p1).not.toBe(want.p2);
  });

  it('swaps fds correctly: the child reads and writes the right pipes', async () => {
    const a = addon();
    const [inR, inW] = a.pipe();
    const [outR, outW] = a.pipe();
    // Child stdin <- inR, stdout <- outW; cat must copy what we write to inW.
    const cat = start({ file: '/bin/cat', argv: ['cat'], fds: [inR, outW, 2] });
    a.close(inR);
    a.close(outW);
    writeFileSync(`/proc/self/fd/${inW}`, 'through cat\n');
    a.close(inW);
    expect((await readAll(outR)).toString()).toBe('through cat\n');
    expect(await cat.exit).toEqual({ code: 0, signal: null });
  });

  describe('process groups', () => {
    const ownPgid = Number(procStat(readFileSync('/proc/self/stat', 'utf8'))[2]);

    it('stays in the parent group by default', async () => {
      const r = JSON.parse((await runChild(['ids'])).stdout);
      expect(r.pgid).toBe(ownPgid);
      expect(r.ppid).toBe(process.pid);
    });

    it('pgid 0 makes a new group led by the child', async () => {
      const r = await runChild(['ids'], { pgid: 0 });
      expect(JSON.parse(r.stdout).pgid).toBe(r.pid);
    });

    it('pgid > 0 joins an existing group', async () => {
      const leader = start({ file: process.execPath, argv: ['node', childScript, 'hang'], pgid: 0 });
      try {
        const r = await runChild(['ids'], { pgid: leader.pid });
        expect(JSON.parse(r.stdout).pgid).toBe(leader.pid);
      } finally {
        process.kill(leader.pid, 'SIGKILL');
      }
      expect(await leader.exit).toEqual({ code: null, signal: 9 });
    });

    it('EPERM joining a group that does not exist', () => {
      expect(() => start({ file: '/bin/true', argv: ['true'], pgid: 2 ** 30 })).toThrow(
        expect.objectContaining({ code: 'EPERM', syscall: 'setpgid' }),
      );
    });
  });

  describe('argument validation (TypeError before C++)', () => {
    const base = { file: '/bin/true', argv: ['true'], env: [], cwd: '/', fds: [0, 1, 2] };
    const bad: Array<[string, unknown]> = [
      ['req must be an object', null],
      ['req.argv must be a non-empty array', { ...base, argv: [] }],
      ['req.file must not contain NUL', { ...base, file: '/bin/tr\0ue' }],
      ['req.argv[1] must not contain NUL', { ...base, argv: ['a', 'b\0'] }],
      ['req.env[0] must look like KEY=VALUE', { ...base, env: ['NOEQUALS'] }],
      ['req.fds[1] must be an integer', { ...base, fds: [0, -2, 2] }],
      ['req.fds[2] must be an integer', { ...base, fds: [0, 1, 1.5] }],
      ['req.cwd must be a string', { ...base, cwd: 42 }],
      ['req.pdeathsig must be an integer', { ...base, pdeathsig: 99 }],
    ];
    it.each(bad)('%s', (message, req) => {
      expect(() => addon().spawn(req as never, () => {})).toThrow(TypeError);
      expect(() => addon().spawn(req as never, () => {})).toThrow(message);
    });

    it('rejects a non-function onExit and bad fds for the fd helpers', () => {
      expect(() => addon().spawn(base, 'nope' as never)).toThrow(/onExit must be a function/);
      expect(() => addon().close(-1)).toThrow(TypeError);
      expect(() => addon().setNonBlocking(0, 'yes' as never)).toThrow(/must be a boolean/);
      expect(() => addon().relay(3, 3, () => {})).toThrow(/must be different/);
    });

    it('validates a world spawn request before C++', () => {
      expect(() => addon().worldSpawn(0, { id: 1, file: '', argv: ['x'], env: [], cwd: '/', cgroupFds: [], fds: [], flags: 0, sockets: [] })).toThrow(/req\.file must not be empty/);
      expect(() => addon().worldSpawn(0, { id: 1, file: '/bin/true', argv: [], env: [], cwd: '/', cgroupFds: [], fds: [], flags: 0, sockets: [] })).toThrow(/req\.argv must be a non-empty array/);
      expect(() => addon().worldFs(0, 42, '/', '/x')).toThrow(/op must be an integer in \[1, 9\]/);
    });
  });
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));
