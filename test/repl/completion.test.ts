import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBuiltins } from '../../src/builtins/index.js';
import { applyCompletion, complete, completeProgrammable, pathCommands, type CompletionSources, type ProgRequest } from '../../src/shell/repl/completion.js';
import { flagNames } from '../../src/builtins/flags.js';

function sources(cwd: string): CompletionSources {
  return {
    cwd,
    builtins: listBuiltins(),
    functions: () => ['myfunc'],
    pathCommands: () => ['spawn-fcgi', 'sleep', 'sed'],
    procs: () => [{ id: 3, name: 'worker' }, { id: 12, name: 'watcher' }],
    jobs: () => [{ id: 1 }],
    variables: () => ['HOME', 'HOSTNAME', 'PATH', 'my_var'],
  };
}

function tab(line: string, src: CompletionSources): string {
  const c = complete(line, line.length, src);
  return c ? applyCompletion(line, c).line : line;
}

describe('completion', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aosh-comp-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'main.ts'), '');
  writeFileSync(join(dir, 'README.md'), '');
  writeFileSync(join(dir, 'my file.txt'), '');
  const src = sources(dir);

  it('completes builtins and PATH commands in command position', () => {
    expect(complete('spaw', 4, src)!.items).toEqual(['spawn', 'spawn-fcgi']);
    expect(tab('sle', src)).toBe('sleep ');
    expect(tab('echo x | sle', src)).toBe('echo x | sleep ');
    expect(tab('myf', src)).toBe('myfunc ');
  });

  it('completes variable names after $ and ${, as bash does', () => {
    expect(complete('echo $HO', 8, src)!.items).toEqual(['$HOME', '$HOSTNAME']);
    expect(tab('echo $HO', src)).toBe('echo $HO');
    expect(tab('echo $my', src)).toBe('echo $my_var ');
    expect(tab('echo ${PA', src)).toBe('echo ${PATH} ');
    expect(tab('cd x/$HOM', src)).toBe('cd x/$HOME ');
    expect(tab('echo "$PA', src)).toBe('echo "$PATH ');
  });

  it('completes builtin flags from their definitions', () => {
    expect(flagNames([{ flag: '-s, --system TEXT', description: '' }, { flag: '--json', description: '' }])).toEqual(['-s', '--system', '--json']);
    expect(tab('ps --j', src)).toBe('ps --json ');
    expect(complete('jobs -', 6, src)!.items).toEqual(['-l', '-n', '-p', '-r', '-s', '-x']);
  });

  it('completes agent names and ids after kill and wait', () => {
    expect(complete('kill w', 6, src)!.items).toEqual(['watcher', 'worker']);
    expect(tab('wait wor', src)).toBe('wait worker ');
    expect(complete('kill -9 ', 8, src)!.items).toEqual(['%1', '12', '3', 'watcher', 'worker']);
  });

  it('completes file paths relative to the cwd, quoting and marking directories', () => {
    expect(tab('cat RE', src)).toBe('cat README.md ');
    expect(tab('cat sr', src)).toBe('cat src/');
    expect(tab('cat src/m', src)).toBe('cat src/main.ts ');
    expect(tab('cat my', src)).toBe('cat my\\ file.txt ');
    expect(tab('cd R', src)).toBe('cd R');
  });

  it('lists PATH names once per PATH value', () => {
    const bin = mkdtempSync(join(tmpdir(), 'aosh-path-'));
    writeFileSync(join(bin, 'zz-tool'), '', { mode: 0o755 });
    expect(pathCommands(bin)).toEqual(['zz-tool']);
    writeFileSync(join(bin, 'zz-other'), '', { mode: 0o755 });
    expect(pathCommands(bin)).toEqual(['zz-tool']);
  });
});

describe('completion through the session world', () => {
  it('offers only names the world shows: a host file in /tmp is not listed (the world has its own /tmp)', async () => {
    const { Kernel } = await import('../../src/kernel/kernel.js');
    const { sessionDefaults } = await import('../../src/kernel/permissions.js');
    const cwd = mkdtempSync(join('/var/tmp', 'aosh-comp-world-'));
    writeFileSync(join(cwd, 'visible.txt'), '');
    const hostOnly = mkdtempSync(join(tmpdir(), 'aosh-comp-hostonly-'));
    const kernel = new Kernel({ permissions: sessionDefaults(), cwd });
    try {
      const host = sources(cwd);
      const world: CompletionSources = { ...host, fs: kernel.fs };
      const prefix = `cat ${hostOnly.slice(0, -3)}`;
      expect(complete(prefix, prefix.length, host)?.items).toContain(`${hostOnly}/`);
      expect(complete(prefix, prefix.length, world)?.items ?? []).not.toContain(`${hostOnly}/`);
      expect(tab('cat vis', world)).toBe('cat visible.txt ');
      expect(pathCommands('/usr/bin', kernel.fs)).toContain('bash');
    } finally {
      kernel.shutdown();
    }
  });
});

describe('programmable completion (complete -F / -W)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aosh-progcomp-'));
  mkdirSync(join(dir, 'sub dir'));
  writeFileSync(join(dir, 'plain.txt'), '');

  async function tabAsync(line: string, src: CompletionSources): Promise<string> {
    const pending = completeProgrammable(line, line.length, src);
    const c = pending ? await pending : complete(line, line.length, src);
    return c ? applyCompletion(line, c).line : line;
  }

  it('asks the spec with COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT and the three arguments', async () => {
    const seen: ProgRequest[] = [];
    const src: CompletionSources = {
      ...sources(dir),
      programmable: (req) => {
        seen.push(req);
        return req.cmd === 'git' ? Promise.resolve({ items: ['commit', 'checkout'].filter((w) => w.startsWith(req.word)), options: new Set<string>() }) : null;
      },
    };
    expect(await tabAsync('git com', src)).toBe('git commit ');
    expect(seen[0]).toMatchObject({ cmd: 'git', word: 'com', prev: 'git', words: ['git', 'com'], cword: 1, line: 'git com', point: 7, key: 9, type: 9 });
    expect(await tabAsync('echo x | git -C . c', src)).toBe('echo x | git -C . c');
    expect(seen[1]).toMatchObject({ words: ['git', '-C', '.', 'c'], cword: 3, prev: '.', line: 'git -C . c', point: 10 });
    expect((await completeProgrammable('git c', 5, src))!.items).toEqual(['checkout', 'commit']);
    // No spec for the command: the ordinary completion answers.
    expect(completeProgrammable('cat pl', 6, src)).toBeNull();
    expect(await tabAsync('cat pl', src)).toBe('cat plain.txt ');
  });

  it('honours -o nospace, -o filenames and -o default', async () => {
    const answer = (items: string[], ...options: string[]) => () => Promise.resolve({ items, options: new Set(options) });
    expect(await tabAsync('x a', { ...sources(dir), programmable: answer(['abc'], 'nospace') })).toBe('x abc');
    expect(await tabAsync('x s', { ...sources(dir), programmable: answer(['sub dir'], 'filenames') })).toBe('x sub\\ dir/');
    expect(await tabAsync('x pl', { ...sources(dir), programmable: answer([], 'default') })).toBe('x plain.txt ');
    expect(await tabAsync('x pl', { ...sources(dir), programmable: answer([]) })).toBe('x pl');
  });

  it('runs a complete -F function in the shell and offers its COMPREPLY', async () => {
    const { Kernel } = await import('../../src/kernel/kernel.js');
    const { sessionDefaults } = await import('../../src/kernel/permissions.js');
    const { Shell } = await import('../../src/shell/executor.js');
    const { ShellContext } = await import('../../src/shell/context.js');
    const { programmableSource } = await import('../../src/shell/repl/progcomp.js');
    const cwd = mkdtempSync(join('/var/tmp', 'aosh-progcomp-world-'));
    const kernel = new Kernel({ permissions: sessionDefaults(), cwd });
    try {
      const shell = new Shell({ kernel, interactive: false });
      const ctx = new ShellContext();
      ctx.cwd = cwd;
      const script = [
        '_deploy() {',
        '  seen="$1|$2|$3|${COMP_WORDS[*]}|$COMP_CWORD|$COMP_LINE|$COMP_POINT|$COMP_KEY|$COMP_TYPE"',
        '  COMPREPLY=($(compgen -W "staging production preview" -- "$2"))',
        '  [[ $2 == pre* ]] && compopt -o nospace',
        '}',
        'complete -F _deploy deploy',
        "complete -W 'start stop status' svc",
      ].join('\n');
      await shell.evalString(script, ctx);
      const warnings: string[] = [];
      const src: CompletionSources = { ...sources(cwd), fs: kernel.fs, programmable: programmableSource(shell, ctx, (t) => void warnings.push(t)) };
      expect(await tabAsync('deploy --to st', src)).toBe('deploy --to staging ');
      expect(ctx.store.get('seen')).toBe('deploy|st|--to|deploy --to st|2|deploy --to st|14|9|9');
      // COMP_* are unset again afterwards, as in bash.
      expect(ctx.store.get('COMP_LINE')).toBeUndefined();
      expect((await completeProgrammable('deploy p', 8, src))!.items).toEqual(['preview', 'production']);
      // compopt in the function changes this completion only.
      expect(await tabAsync('deploy prev', src)).toBe('deploy preview');
      expect(ctx.completions.get('deploy')!.options.has('nospace')).toBe(false);
      expect(await tabAsync('svc sta', src)).toBe('svc sta');
      expect((await completeProgrammable('svc sta', 7, src))!.items).toEqual(['start', 'status']);
      expect(await tabAsync('svc sto', src)).toBe('svc stop ');
      expect(warnings).toEqual([]);
    } finally {
      kernel.shutdown();
    }
  });
});
