// The locale the environment names, as bash takes it: a UTF-8 one counts characters, but only
// when it is installed; a name this machine has no data for (setlocale fails) runs in C, and
// strings count bytes. Each case runs through bash and aosh, stdout and status compared.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aoshBin, baseEnv, tempDir } from '../helpers/run-aosh.js';

const dir = tempDir('aosh-locale-');
const SCRIPT = 'x=é; echo "${#x} ${x@Q}"; read -n 1 c <<< "$x"; echo "${#c}"; case $x in ?) echo one;; *) echo more;; esac; printf "%q\\n" "$x"';

function both(lang: string) {
  const env = baseEnv(dir, { AOSH_HOME: join(dir, '.aosh'), LANG: lang });
  const run = (shell: string) => {
    const r = spawnSync(shell, ['--no-sandbox', '-c', SCRIPT].slice(shell === 'bash' ? 1 : 0), { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
    return { stdout: r.stdout, status: r.status };
  };
  return { bash: run('bash'), aosh: run(aoshBin) };
}

describe('the locale from the environment', () => {
  it('an installed UTF-8 locale (C.UTF-8) counts characters', () => {
    const { bash, aosh } = both('C.UTF-8');
    expect(bash.stdout).toBe("1 'é'\n1\none\né\n");
    expect(aosh).toEqual(bash);
  });

  it('a UTF-8 locale that is not installed is C, as bash falls back to it: bytes', () => {
    const { bash, aosh } = both('xx_YY.UTF-8');
    expect(bash.stdout).toBe("2 $'\\303\\251'\n1\nmore\n$'\\303\\251'\n");
    expect(aosh).toEqual(bash);
  });

  it('C counts bytes', () => {
    const { bash, aosh } = both('C');
    expect(aosh).toEqual(bash);
  });
});
