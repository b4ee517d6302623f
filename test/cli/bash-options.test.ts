// bash's invocation options, which tools and scripts pass to whatever shell they are given
// (GitHub Actions runs `bash --noprofile --norc -eo pipefail FILE`; `#!/bin/bash -O extglob`;
// `bash -n` to check a script): each runs through bash and aosh, stdout and status compared.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aoshBin, baseEnv, tempDir } from '../helpers/run-aosh.js';

const dir = tempDir('aosh-bash-options-');
const env = baseEnv(dir, { AOSH_HOME: join(dir, '.aosh') });
const SCRIPT = 'echo "flags $-"; shopt -q extglob && echo extglob; shopt -q login_shell && echo login; echo {a,b}; f=(*.none); echo "${#f[@]}"';

function both(args: string[], input?: string) {
  const run = (shell: string) => {
    // No stdin at all without input: Node's stdin pipe is a socket, and bash reads its rc file
    // when stdin is a socket (it takes itself for a remote shell).
    const r = spawnSync(shell, args, { cwd: dir, env, input, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], encoding: 'utf8', timeout: 30_000 });
    return { stdout: r.stdout, status: r.status, stderr: r.stderr };
  };
  return { bash: run('bash'), aosh: run(aoshBin) };
}

describe("bash's invocation options", () => {
  const cases: Array<[string, string[]]> = [
    ['GitHub Actions: --noprofile --norc -eo pipefail', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', `${SCRIPT}; false | true; echo "after $?"`]],
    ['-O and +O set and unset shopt options', ['-O', 'extglob', '-O', 'nullglob', '+O', 'extglob', '-c', SCRIPT]],
    ['-O extglob before the script is parsed', ['-O', 'extglob', '-c', 'x=aaab; echo "${x##+(a)}"; case ab in @(ab|cd)) echo matched;; esac']],
    ['-l and --login: a login shell', ['-l', '-c', SCRIPT]],
    ['--noediting, --posix, --verbose', ['--noediting', '--posix', '-c', 'echo "$-"; [ -n "${POSIXLY_CORRECT+x}" ] && echo posix']],
    ["set's letters: -B +B -k -b -T -E -P -p -f -a", ['+B', '-k', '-b', '-T', '-E', '-P', '-p', '-f', '-a', '-c', SCRIPT]],
    ['-n reads the script and runs nothing', ['-n', '-c', 'echo ran; exit 3']],
    ['-n still finds a syntax error', ['-n', '-c', 'echo ran; if then']],
    ['-c is a flag: the commands are the first word after the options', ['-c', '-e', '-o', 'pipefail', '--', 'echo "$- $0 $1"; false | true; echo "after $?"', 'name', 'one']],
    ['-c inside a group of letters: -ec, -cx, -co OPT', ['-ec', 'echo "$-"; false; echo not']],
    ['-co pipefail: the group takes its value from the next word', ['-co', 'pipefail', 'false | true; echo "st $?"']],
    ['words after the commands are $0 and $1, even when they look like options', ['-c', 'echo "[$0][$1]"', '-x', '--norc']],
  ];
  for (const [name, args] of cases) {
    it(name, () => {
      const { bash, aosh } = both(args);
      expect({ stdout: aosh.stdout, status: aosh.status }).toEqual({ stdout: bash.stdout, status: bash.status });
    });
  }

  it('POSIXLY_CORRECT in the environment starts the shell in posix mode (aliases expand, the value stays)', () => {
    const run = (shell: string) => spawnSync(shell, ['-c', 'shopt -o posix; echo "[$POSIXLY_CORRECT]"; alias q="echo aliased"\nq'], { cwd: dir, env: { ...env, POSIXLY_CORRECT: '1' }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    const bash = run('bash');
    expect(bash.stdout).toBe('posix          \ton\n[1]\naliased\n');
    expect({ stdout: run(aoshBin).stdout, status: run(aoshBin).status }).toEqual({ stdout: bash.stdout, status: bash.status });
  });

  it('an unknown -O name is a usage error (2), as in bash', () => {
    const { bash, aosh } = both(['-O', 'nosuch', '-c', 'echo ran']);
    expect(bash).toMatchObject({ stdout: '', status: 2 });
    expect(aosh).toMatchObject({ stdout: '', status: 2 });
    expect(aosh.stderr).toContain('nosuch: invalid shell option name');
  });

  it('-i over a pipe is an interactive shell, as bash -i: aliases, $-, an error ends the command, not the shell', () => {
    const input = "alias ll='echo listed'\nll\necho \"$-\"\nx=${nope?gone}\necho still here\necho one\n!!\nreadonly r=1\nr=2\necho after\nexit 7\necho not run\n";
    const { bash, aosh } = both(['--norc', '-i'], input);
    expect(bash.stdout).toBe('listed\nhiBHs\nstill here\none\none\nafter\n');
    expect({ stdout: aosh.stdout, status: aosh.status }).toEqual({ stdout: bash.stdout, status: 7 });
    // Each command is prompted for with PS1 on stderr; `exit` says so, as in bash.
    expect(aosh.stderr).toContain('aosh-5.2# echo still here\n');
    expect(aosh.stderr.trimEnd().split('\n').at(-1)).toBe('exit');
  });

  it('-i -c and -i FILE run interactive, as bash: aliases expand and $- has i', () => {
    const file = join(dir, 'i.sh');
    const text = "alias y='echo aliased'\ny\necho \"$-\"\n";
    writeFileSync(file, text);
    for (const args of [['--norc', '-i', '-c', text], ['--norc', '-i', file]]) {
      const { bash, aosh } = both(args);
      expect(bash.stdout).toMatch(/^aliased\nhi/);
      expect({ stdout: aosh.stdout, status: aosh.status }).toEqual({ stdout: bash.stdout, status: bash.status });
    }
  });

  it('-v prints each command line on stderr as it is read, as bash does', () => {
    const file = join(dir, 'v.sh');
    writeFileSync(file, 'echo a\nif true; then\n  echo b\nfi\nset +v\necho c\n');
    const { bash, aosh } = both(['-v', file]);
    expect(bash.stderr).toBe('echo a\nif true; then\n  echo b\nfi\nset +v\n');
    expect({ stdout: aosh.stdout, stderr: aosh.stderr, status: aosh.status }).toEqual({ stdout: bash.stdout, stderr: bash.stderr, status: bash.status });
  });

  it('--rcfile FILE and --norc are accepted with a script (they concern interactive sessions)', () => {
    const rc = join(dir, 'rc');
    writeFileSync(rc, 'echo from-rc\n');
    for (const args of [['--rcfile', rc], ['--init-file', rc], ['--norc']]) {
      const { bash, aosh } = both([...args, '-c', 'echo body']);
      expect({ stdout: aosh.stdout, status: aosh.status }).toEqual({ stdout: bash.stdout, status: bash.status });
    }
  });
});
