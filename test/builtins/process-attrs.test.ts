// umask and ulimit through the real binary, in a world and with --no-sandbox: the files the
// shell creates and the stages it starts get them; aosh's own process (the kernel) never does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { removeDir, runAosh, tempDir } from '../helpers/run-aosh.js';

let dir = '';
beforeAll(() => {
  dir = tempDir('aosh-procattrs-');
});
afterAll(() => removeDir(dir));

describe.each([[[]], [['--no-sandbox']]] as const)('umask and ulimit %j', (flags) => {
  const sh = (script: string) => runAosh([...flags, '-c', script], { cwd: dir });

  it('redirections and stages create files under the umask', async () => {
    const r = await sh('rm -rf u; mkdir u; cd u; umask 0; echo > a; umask 027; echo > b; echo >> c; touch d; mkdir e; (umask 077; echo > f; touch g); stat -c "%n %a" a b c d e f g');
    expect(r.stderr.replace(/^aosh: warning: --no-sandbox.*\n/, '')).toBe('');
    expect(r.stdout).toBe('a 666\nb 640\nc 640\nd 640\ne 750\nf 600\ng 600\n');
  });

  it('an existing file keeps its mode', async () => {
    const r = await sh('rm -f k; umask 0; echo > k; umask 077; echo again > k; stat -c %a k; cat k');
    expect(r.stdout).toBe('666\nagain\n');
  });

  it('stages get the limits; a subshell keeps its own', async () => {
    const r = await sh('ulimit -n 40; (ulimit -Sn 30; grep "^Max open files" /proc/self/limits); grep "^Max open files" /proc/self/limits');
    expect(r.stdout).toMatch(/^Max open files\s+30\s+40\s+files\s*\nMax open files\s+40\s+40\s+files\s*\n$/);
  });

  it("limits never reach aosh's own process", async () => {
    // bash itself could not open fd 9 under `ulimit -n 8`; aosh's fds are the kernel's.
    const r = await sh('ulimit -n 8; exec 3>x3 4>x4 5>x5 6>x6 7>x7 8>x8 9>x9; echo ok >&9; read -r l < x9; echo "$l"; ulimit -n');
    expect(r.stdout).toBe('ok\n8\n');
  });
});

describe('times', () => {
  const busy = 'sh -c "i=0; while [ \\$i -lt 200000 ]; do i=\\$((i+1)); done"; times';
  it("counts the commands' CPU time from their cgroups (when there are any)", async () => {
    const r = await runAosh(['-c', `${busy}; ps -a --json`], { cwd: dir });
    const [self, kids] = r.stdout.split('\n');
    expect(self).toMatch(/^\d+m\d+\.\d{3}s \d+m\d+\.\d{3}s$/);
    const m = /^(\d+)m(\d+\.\d{3})s (\d+)m(\d+\.\d{3})s$/.exec(kids!)!;
    expect(m).not.toBeNull();
    const used = Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
    // With cgroup accounting (ps shows the command's cpu) the line is not zero.
    const accounted = /"cpu_seconds":\s*[0-9.]+/.test(r.stdout) && !/"cpu_seconds":\s*0[,}]/.test(r.stdout);
    if (accounted) expect(used).toBeGreaterThan(0);
  });

  it('is zero for the commands with --no-sandbox (no cgroup sees them)', async () => {
    const r = await runAosh(['--no-sandbox', '-c', busy], { cwd: dir });
    expect(r.stdout.split('\n')[1]).toBe('0m0.000s 0m0.000s');
  });
});
