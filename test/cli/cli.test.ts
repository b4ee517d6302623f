// The command line as documented (aosh --help, docs/aosh.1.md): options before and after
// -c, the AOSH_* environment, budgets, cassettes, subcommands, completion scripts, EPIPE,
// and what happens to agents when a script ends.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { aoshBin, baseEnv, runAosh, tempDir } from '../helpers/run-aosh.js';

let server: FakeServer;
const dir = tempDir('aosh-cli-');
beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(async () => {
  await server.close();
});
// $AOSH_HOME is hidden from stages: keep it apart from the working directory.
const env = (extra: Record<string, string> = {}): Record<string, string> => baseEnv(dir, { AOSH_HOME: join(dir, '.aosh'), OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.url, AOSH_MODEL: 'gpt-test', ...extra });
const run = (args: string[], extra: Record<string, string> = {}, stdin?: string) => runAosh(args, { cwd: dir, env: env(extra), stdin });

describe('options and -c', () => {
  it('aosh options may follow -c COMMANDS; the first other word is $0, even -- or -x (bash)', async () => {
    expect((await run(['-c', 'echo "$0|$1"', '--budget-usd', '1', 'zero', 'one'])).stdout).toBe('zero|one\n');
    expect((await run(['-c', 'echo "$0|$1"', '--', 'x'])).stdout).toBe('--|x\n');
    expect((await run(['-c', 'echo "$0|$1"', '-x', 'y'])).stdout).toBe('-x|y\n');
    expect((await run(['-ec', 'false; echo no'])).status).toBe(1);
    expect((await run(['-o', 'pipefail', '-c', 'false | true; echo $?'])).stdout).toBe('1\n');
    expect((await run(['-o', 'pipefail', '+o', 'pipefail', '-c', 'false | true; echo $?'])).stdout).toBe('0\n');
  });

  it('$_, SECONDS and RANDOM from the environment stay special (bash)', async () => {
    // `_` comes in every environment a shell hands on; it used to stick, $_ never changed.
    const r = await run(['-c', 'echo "$_"; true x; echo "$_"; echo $((SECONDS >= 100)); RANDOM=3; a=$RANDOM; RANDOM=3; [ "$a" = "$RANDOM" ] && echo seeded'], { _: '/from/env', SECONDS: '100', RANDOM: '1' });
    expect(r.stdout).toBe('/from/env\nx\n1\nseeded\n');
  });
  it('SIGUSR1 never opens Node\'s inspector: untrapped it ends aosh (138), trapped it runs the trap', async () => {
    // Node opens a debugger on 127.0.0.1:9229 for SIGUSR1 when nothing listens for it: code
    // execution in the kernel for anyone on the host, from one `kill -USR1 $$`.
    const r = await run(['-c', 'kill -USR1 $$; echo after']);
    expect(r.stderr).not.toMatch(/Debugger|inspector/i);
    expect([r.status, r.stdout]).toEqual([138, '']);
    const t = await run(['-c', 'trap "echo got" USR1; kill -USR1 $$; trap - USR1; kill -USR1 $$; echo after']);
    expect(t.stderr).not.toMatch(/Debugger|inspector/i);
    expect([t.status, t.stdout]).toEqual([138, 'got\n']);
  });
  it('a trapped TERM still ends the foreground command, then the trap runs (as the process group bash shares)', async () => {
    // `timeout 10 script` with `trap … TERM` used to hang: the stage never got the signal.
    // The signal is sent once the script says it is about to run its command.
    const runUntilReady = async (script: string): Promise<{ status: number | null; out: string; ms: number }> => {
      const child = spawn(process.execPath, [aoshBin, '-c', script], { cwd: dir, env: env() });
      let out = '';
      let sent = false;
      const t0 = Date.now();
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.startsWith('ready\n') && !sent) {
          sent = true;
          setTimeout(() => child.kill('SIGTERM'), 300);
        }
      });
      const status = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      return { status, out, ms: Date.now() - t0 };
    };
    const trapped = await runUntilReady('trap "echo trapped; exit 3" TERM; echo ready; sleep 20; echo after');
    expect([trapped.status, trapped.out]).toEqual([3, 'ready\ntrapped\n']);
    expect(trapped.ms).toBeLessThan(15_000);
    // Ignored, it reaches nothing: the command finishes.
    const ignored = await runUntilReady("trap '' TERM; echo ready; sleep 1.5; echo finished");
    expect([ignored.status, ignored.out]).toEqual([0, 'ready\nfinished\n']);
  }, 30_000);
  it('a script names a foreground command a signal killed, as bash words it (Terminated alone; not INT or PIPE)', async () => {
    const script = join(dir, 'killed.sh');
    writeFileSync(script, ['KILL', 'SEGV', 'TERM', 'INT', 'PIPE'].map((s) => `sh -c "kill -${s} \\$\\$"`).join('\n') + '\necho $?\n');
    const norm = (t: string): string => t.replace(/^(.*?: line \d+:) +\d+ /gm, '$1 PID ').replace(/^(bash|aosh): /gm, 'SHELL: ');
    const r = await run([script]);
    const expected = [
      `${script}: line 1: PID Killed                  sh -c "kill -KILL \\$\\$"`,
      `${script}: line 2: PID Segmentation fault      sh -c "kill -SEGV \\$\\$"`,
      'Terminated',
      '',
    ].join('\n');
    expect([r.stdout, norm(r.stderr)]).toEqual(['141\n', expected]);
    const bash = spawnSync('bash', [script], { encoding: 'utf8', cwd: dir });
    expect([bash.stdout, norm(bash.stderr)]).toEqual(['141\n', expected]);
  });
  it('bad values: one line, status 2, from flags and from AOSH_* alike', async () => {
    for (const [args, extra, want] of [
      [['--budget-usd', 'lots', '-c', 'true'], {}, /^aosh: --budget-usd: not a number/],
      [['--mem', '12Q', '-c', 'true'], {}, /^aosh: --mem: invalid value: 12Q/],
      [['-c', 'true'], { AOSH_BUDGET_TOKENS: 'many' }, /^aosh: AOSH_BUDGET_TOKENS: not a number/],
      [['--record'], {}, /^aosh: --record: needs a value \(FILE\)/],
    ] as Array<[string[], Record<string, string>, RegExp]>) {
      const r = await run(args, extra);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(want);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('a script on standard input', () => {
  it('is read a line at a time, so its commands read the lines after theirs (bash)', async () => {
    const r = await run([], {}, 'read -r x\n  data line\necho "[$x]"\nIFS= read -r y\n  kept\necho "[$y]"; echo a \\\n  b\ncat <<EOF\nhd $x\nEOF\n');
    expect(r.stdout).toBe('[data line]\n[  kept]\na b\nhd data line\n');
    expect(r.status).toBe(0);
  });
  it('stops at a syntax error after running what came before', async () => {
    const r = await run([], {}, 'echo before\nif then\necho after\n');
    expect(r.stdout).toBe('before\n');
    expect(r.status).toBe(2);
  });
});

describe('LLM options from the command line and the environment', () => {
  it('--budget-tokens refuses before sending, before a subcommand and after -c; AOSH_BUDGET_TOKENS too; the flag wins', async () => {
    const before = server.requests.length;
    for (const [args, extra] of [
      [['--budget-tokens', '1', 'think', 'hello'], {}],
      [['-c', 'think hello', '--budget-tokens', '1'], {}],
      [['think', 'hello'], { AOSH_BUDGET_TOKENS: '1' }],
    ] as Array<[string[], Record<string, string>]>) {
      const r = await run(args, extra);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(3);
      expect(r.stderr).toMatch(/budget/);
    }
    expect(server.requests.length).toBe(before);
    const ok = await run(['--budget-tokens', '100000', 'think', 'hello'], { AOSH_BUDGET_TOKENS: '1' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('echo: hello');
  });

  it('--record FILE, then --replay FILE answers offline (and AOSH_REPLAY does too)', async () => {
    const cassette = join(dir, 'c.jsonl');
    const rec = await run(['--record', cassette, 'think', 'record me']);
    expect(rec.status, rec.stderr).toBe(0);
    expect(existsSync(cassette)).toBe(true);
    const offline = { OPENAI_BASE_URL: 'http://127.0.0.1:9', OPENAI_API_KEY: '' };
    const rep = await run(['--replay', cassette, 'think', 'record me'], offline);
    expect(rep.status, rep.stderr).toBe(0);
    expect(rep.stdout).toBe(rec.stdout);
    const viaEnv = await run(['think', 'record me'], { ...offline, AOSH_REPLAY: cassette });
    expect(viaEnv.stdout).toBe(rec.stdout);
  });

  it("README's example: aosh --budget-usd 0.50 agent TASK", async () => {
    const r = await run(['--budget-usd', '0.50', 'agent', '--mode', 'auto', 'say hello'], {}, '');
    expect(r.stderr).not.toMatch(/invalid option|unknown option/);
    expect(r.status, r.stderr).toBe(0);
  });
});

describe('subcommands', () => {
  it('aosh completion bash completes subcommands, options and their flags', async () => {
    const r = await run(['completion', 'bash']);
    expect(r.status).toBe(0);
    const script = join(dir, 'aosh.bash');
    writeFileSync(script, r.stdout);
    const complete = (...words: string[]): string[] => {
      const cword = words.length - 1;
      const out = spawnSync('bash', ['-c', `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${cword}; _aosh; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
      return out.stdout.split('\n').filter(Boolean);
    };
    expect(complete('aosh', 'thi')).toEqual(['think']);
    expect(complete('aosh', '--budget-u')).toEqual(['--budget-usd']);
    expect(complete('aosh', 'completion', 'z')).toEqual(['zsh']);
    expect(complete('aosh', 'audit', 've')).toEqual(['verify']);
  });

  it.each(['zsh', 'fish'])('aosh completion %s is valid for that shell', async (sh) => {
    const r = await run(['completion', sh]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('aosh');
    const has = spawnSync(sh, ['-c', 'true']).status === 0;
    if (!has) {
      console.log(`completion ${sh}: ${sh} is not installed here; checked the script is generated only`);
      return;
    }
    const file = join(dir, `aosh.${sh}`);
    writeFileSync(file, r.stdout);
    const check = spawnSync(sh, ['-n', file], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
  });

  it('EPIPE on stdout is a quiet exit everywhere (aosh conv ls | head -1)', async () => {
    for (let i = 0; i < 3; i++) expect((await run(['think', `question ${i}`])).status).toBe(0);
    for (const args of [['conv', 'ls'], ['help'], ['--help'], ['completion', 'bash'], ['-c', 'ps; help'], ['audit', 'tail']]) {
      // The reader is gone before aosh writes a byte.
      const child = spawn(process.execPath, [aoshBin, ...args], { cwd: dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d));
      const status = await new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      expect(err, args.join(' ')).toBe('');
      expect([0, 141], `${args.join(' ')}: ${status}`).toContain(status);
    }
    const piped = spawnSync('bash', ['-c', `${aoshBin} conv ls | head -1; echo "status \${PIPESTATUS[0]}"`], { cwd: dir, env: env(), encoding: 'utf8' });
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toMatch(/^\S+\s+1\s+.*question \d\nstatus (0|141)\n$/);
  });
});

describe('agents when a script ends', () => {
  it('the end of a script waits for its agents and jobs; wait waits for spawned agents too', async () => {
    const r = await run(['-c', `spawn --name w sh -c 'sleep 0.3; echo w-done > w.out' >/dev/null; (sleep 0.2; echo job-done) & echo script-end`]);
    expect(r.stdout).toBe('script-end\njob-done\n');
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'w.out'), 'utf8')).toBe('w-done\n');
    const w = await run(['-c', `spawn --name w sh -c 'sleep 0.3; echo w2-done > w2.out' >/dev/null; wait; cat w2.out; echo after-wait`]);
    expect(w.stdout).toBe('w2-done\nafter-wait\n');
  });

  it('exit ends what still runs and says so in one line', async () => {
    const t0 = Date.now();
    const r = await run(['-c', `spawn --name sleeper sh -c 'sleep 5; echo never' >/dev/null; exit 4`]);
    expect(r.status).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('aosh: exit ended what was still running: sleeper (wait for it before exit to let it finish)\n');
    expect(Date.now() - t0).toBeLessThan(4000);
  });
});

describe('docs', () => {
  it('--version matches package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect((await run(['--version'])).stdout).toBe(`aosh ${pkg.version}\n`);
  });
});
