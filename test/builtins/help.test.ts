// --help everywhere: every builtin and every subcommand answers from its own declaration,
// through the real binary; bash's own builtins follow bash (help for a first `--help`,
// status 2), and echo, true, false, test, [ and : take `--help` as an argument.
import { describe, expect, it } from 'vitest';
import { listBuiltins } from '../../src/builtins/index.js';
import { SUBCOMMANDS } from '../../src/cli.js';
import { baseEnv, runAosh, tempDir } from '../helpers/run-aosh.js';

const dir = tempDir('aosh-help-');
const env = baseEnv(dir, { AOSH_HOME: dir });
const NEVER = new Set(['echo', 'true', 'false', 'test', '[', ':']);
const BASH = new Set(['alias', 'caller', 'compgen', 'complete', 'compopt', 'disown', 'enable', 'hash', 'mapfile', 'readarray', 'shopt', 'unalias', 'bg', 'break', 'builtin', 'cd', 'command', 'continue', 'declare', 'eval', 'exec', 'exit', 'export', 'fg', 'getopts', 'help', 'history', 'fc', 'suspend', 'bind', 'jobs', 'kill', 'let', 'local', 'printf', 'pwd', 'read', 'readonly', 'return', 'set', 'shift', 'source', 'trap', 'type', 'typeset', 'unset', 'wait', '.', 'umask', 'ulimit', 'pushd', 'popd', 'dirs', 'times', 'logout']);

describe('--help on every builtin', () => {
  const all = listBuiltins();
  it.concurrent.each(all.filter((b) => !NEVER.has(b.name)).map((b) => [b.name, b] as const))('%s --help', async (name, b) => {
    const r = await runAosh(['-c', `${name} --help`], { cwd: dir, env });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe(b.synopsis);
    expect(r.stdout).toContain(b.description.split(' ').slice(0, 4).join(' '));
    // Wrapped to 80 columns when not a terminal (not the synopsis line, nor example commands).
    const prose = r.stdout.split('\nExamples:\n')[0]!.split('\n').slice(1);
    for (const line of prose) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(r.status).toBe(BASH.has(name) ? 2 : 0);
    // `help NAME` prints the same text.
    const h = await runAosh(['-c', `help ${name}`], { cwd: dir, env });
    expect(h.stdout).toBe(r.stdout);
  });

  it.concurrent.each(all.filter((b) => !BASH.has(b.name) && !NEVER.has(b.name)).map((b) => [b.name] as const))('%s -h is help too (aosh builtin)', async (name) => {
    const r = await runAosh(['-c', `${name} -h`], { cwd: dir, env });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(listBuiltins().find((b) => b.name === name)!.synopsis);
  });

  const subs = all.flatMap((b) => (b.subcommands ?? []).map((s) => [`${b.name} ${s.name}`, s.synopsis] as const));
  it.concurrent.each(subs)('%s --help', async (cmd, synopsis) => {
    const r = await runAosh(['-c', `${cmd} --help`], { cwd: dir, env });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(synopsis);
  });

  it.concurrent.each([...NEVER].map((n) => [n] as const))('%s --help is an ordinary argument, as in bash', async (name) => {
    const r = await runAosh(['-c', `${name} --help; echo "status $?"`], { cwd: dir, env });
    expect(r.stdout).not.toContain('Options:');
    if (name === 'echo') expect(r.stdout).toBe('--help\nstatus 0\n');
  });

  it('an operand --help belongs to the command (spawn CMD --help)', async () => {
    const r = await runAosh(['-c', 'spawn --name h sh -c \'echo "got $1"\' sh --help >/dev/null; wait h; cat /dev/null'], { cwd: dir, env });
    expect(r.status).toBe(0);
  });
});

describe('aosh SUBCOMMAND --help and aosh help NAME', () => {
  it.concurrent.each(Object.keys(SUBCOMMANDS).map((n) => [n] as const))('aosh %s --help', async (name) => {
    const r = await runAosh([name, '--help'], { cwd: dir, env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).not.toBe('');
    const h = await runAosh(['help', name], { cwd: dir, env });
    expect(h.status).toBe(0);
    if (SUBCOMMANDS[name]!.builtin) expect(h.stdout).toBe(r.stdout);
  });

  it('aosh help, aosh --help: options, subcommands and builtins', async () => {
    const r = await runAosh(['help'], { cwd: dir, env });
    expect(r.status).toBe(0);
    for (const s of ['--budget-usd X', '--record FILE', '--replay FILE', 'completion', 'think', 'spawn']) expect(r.stdout).toContain(s);
    expect((await runAosh(['--help'], { cwd: dir, env })).stdout).toBe(r.stdout);
  });

  it('aosh ps --help: any builtin, when no file of that name exists', async () => {
    const r = await runAosh(['ps', '--help'], { cwd: dir, env });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(listBuiltins().find((b) => b.name === 'ps')!.synopsis);
  });

  it('did you mean: mistyped topics, flags and subcommands', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['help', 'spwan'], /did you mean spawn\?/],
      [['agnet', '--help'], /no help topics match `agnet' \(did you mean agent\?\)/],
      [['--budgt-usd', '1'], /did you mean --budget-usd\?/],
      [['-c', 'ps --jsno'], /ps: unknown option: --jsno \(did you mean --json\?\)/],
      [['-c', 'pipe lss'], /did you mean ls\?/],
      [['completion', 'zhs'], /did you mean zsh\?/],
    ];
    for (const [args, want] of cases) {
      const r = await runAosh(args, { cwd: dir, env });
      expect(r.stderr, args.join(' ')).toMatch(want);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.status).not.toBe(0);
    }
  });
});
