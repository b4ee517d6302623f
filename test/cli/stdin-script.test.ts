// A script on standard input runs as it arrives, a command at a time, and aosh reads no
// further than the command it runs (src/shell/stdin-script.ts), as bash does: the commands
// share the script's input, and a program can drive aosh through a pipe.
import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aoshBin, baseEnv, startAosh, tempDir } from '../helpers/run-aosh.js';

const dir = tempDir('aosh-stdin-script-');
const env = baseEnv(dir, { AOSH_HOME: join(dir, '.aosh') });

/** Runs `shell < file` (a regular file) or `cat file | shell` (a pipe) through sh. */
function run(shell: string, script: string, how: 'file' | 'pipe') {
  const file = join(dir, 'script.sh');
  writeFileSync(file, script);
  const cmd = how === 'file' ? `"$0" < "$1"` : `cat "$1" | "$0"`;
  const r = spawnSync('/bin/sh', ['-c', cmd, shell, file], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
  return { stdout: r.stdout, status: r.status };
}

const SHARED = 'read first\nthe second line\necho "read: $first"\nhead -n 1\nthis line goes to head\necho "after head"\ncat\nrest one\nrest two\n';
const CONSTRUCTS = [
  'f() {',
  '  case $1 in',
  '    a) echo "is a";;',
  '    (b) echo "is (b)";;',
  '  esac',
  '}',
  'f a; f b',
  "s='two",
  "lines'; echo \"$s\"",
  'cat <<-EOF',
  '\ttabbed $(echo sub)',
  '\tEOF',
  'x=$(',
  '  echo inner',
  '); echo $x',
  'for i in 1 2; do',
  '  echo "i=$i"',
  'done | while read l; do echo "got $l"; done',
  'echo "(" ; echo a \\',
  '  continued',
  '[[ a == a &&',
  '   b == b ]] && echo cond',
  'read -r after; echo "read after the compound: $after"',
  'a line read by read',
  'echo `echo bq`; exit 3',
  'echo not reached',
  '',
].join('\n');

describe('a script on standard input', () => {
  for (const how of ['file', 'pipe'] as const) {
    it(`shares its input with its commands (${how}), as in bash`, () => {
      const bash = run('bash', SHARED, how);
      // From a pipe, head reads a block: the rest of the script goes with it.
      expect(bash.stdout).toBe(how === 'file' ? 'read: the second line\nthis line goes to head\nafter head\nrest one\nrest two\n' : 'read: the second line\nthis line goes to head\n');
      expect(run(aoshBin, SHARED, how)).toEqual(bash);
    });
    it(`reads multi-line commands whole (${how}): functions, quotes, here-documents, continuations`, () => {
      const bash = run('bash', CONSTRUCTS, how);
      expect(bash.status).toBe(3);
      expect(run(aoshBin, CONSTRUCTS, how)).toEqual(bash);
    });
  }

  it('-s takes the commands from stdin and the words after it as $1..., as bash -s', () => {
    const r = spawnSync(aoshBin, ['-s', '--', '-x', 'two words'], { cwd: dir, env, input: 'echo "$# [$1] [$2]"\n', encoding: 'utf8' });
    const b = spawnSync('bash', ['-s', '--', '-x', 'two words'], { cwd: dir, env, input: 'echo "$# [$1] [$2]"\n', encoding: 'utf8' });
    expect(b.stdout).toBe('2 [-x] [two words]\n');
    expect([r.stdout, r.status]).toEqual([b.stdout, 0]);
  });

  it('$0 from stdin and under -c is the name aosh was started by (a link named bash says bash)', () => {
    const link = join(dir, 'bash');
    symlinkSync(aoshBin, link);
    expect(spawnSync(link, ['-c', 'echo "$0"'], { cwd: dir, env, encoding: 'utf8' }).stdout).toBe('bash\n');
    expect(spawnSync(link, [], { cwd: dir, env, input: 'echo "$0"\n', encoding: 'utf8' }).stdout).toBe('bash\n');
    expect(spawnSync(aoshBin, ['-c', 'echo "$0"'], { cwd: dir, env, encoding: 'utf8' }).stdout).toBe('aosh\n');
  });

  it('a backslash ending the input is dropped, from a file or a pipe, as in bash (under -c it stays)', () => {
    for (const how of ['file', 'pipe'] as const) {
      const bash = run('bash', 'echo escape\\', how);
      expect(bash).toEqual({ stdout: 'escape\n', status: 0 });
      expect(run(aoshBin, 'echo escape\\', how)).toEqual(bash);
      expect(run(aoshBin, 'echo two\\\\', how)).toEqual(run('bash', 'echo two\\\\', how));
    }
    expect(spawnSync(aoshBin, ['-c', 'echo escape\\'], { cwd: dir, env, encoding: 'utf8' }).stdout).toBe('escape\\\n');
  });

  it('a syntax error ends it with 2, after the commands before it ran', () => {
    const script = 'echo before\nif then\necho after\n';
    const bash = run('bash', script, 'pipe');
    expect(bash).toEqual({ stdout: 'before\n', status: 2 });
    expect(run(aoshBin, script, 'pipe')).toEqual(bash);
  });

  it('after exec 0<FILE the rest of the script comes from FILE (nothing after exec 0<&-), as in bash', () => {
    for (const how of ['file', 'pipe'] as const) {
      for (const script of ['printf "echo from-file\\n" > sub.sh\nexec < sub.sh\necho not-run\n', 'echo a\nexec 0<&-\necho no\n', 'exec 3</dev/null\nread l\ndata\necho "[$l]"\n']) {
        const bash = run('bash', script, how);
        expect(run(aoshBin, script, how)).toEqual(bash);
      }
    }
    expect(run('bash', 'exec < sub.sh\necho not-run\n', 'pipe').stdout).toBe('from-file\n');
  });

  it('runs each command as it arrives: a program can drive aosh through a pipe', async () => {
    const child = startAosh([], { cwd: dir, env });
    let out = '';
    const waitFor = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${JSON.stringify(text)} in ${JSON.stringify(out)}`)), 15_000);
        const check = () => {
          if (!out.includes(text)) return;
          clearTimeout(timer);
          child.stdout!.off('data', check);
          resolve();
        };
        child.stdout!.on('data', check);
        check();
      });
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => (out += d));
    child.stdin!.write('x=41\necho "one $((x+1))"\n');
    await waitFor('one 42\n');
    child.stdin!.write('f() {\n  echo "two $1"\n');
    await new Promise((r) => setTimeout(r, 100));
    expect(out).toBe('one 42\n'); // the function is not complete yet
    child.stdin!.write('}\nf ok\n');
    await waitFor('two ok\n');
    child.stdin!.end('exit 7\n');
    const status = await new Promise((resolve) => child.on('close', resolve));
    expect([out, status]).toEqual(['one 42\ntwo ok\n', 7]);
  });

  it('a 3000-line function from a pipe, its lines full of brackets and quotes', () => {
    // The count of what is still open (stdin-script.ts) skips the parses that cannot end the
    // function; these lines open and close brackets, and leave one open in a string.
    const body = Array.from({ length: 3000 }, (_, i) => `  v${i}=$((${i} + 1)); s="(${i}"`).join('\n');
    const script = `f() {\n${body}\n}\nf; echo "$v2999 $s"\n`;
    expect(run(aoshBin, script, 'pipe')).toEqual({ stdout: '3000 (2999\n', status: 0 });
  });
});
