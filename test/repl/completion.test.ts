import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBuiltins } from '../../src/builtins/index.js';
import { applyCompletion, complete, pathCommands, type CompletionSources } from '../../src/shell/repl/completion.js';
import { flagNames } from '../../src/builtins/flags.js';

function sources(cwd: string): CompletionSources {
  return {
    cwd,
    builtins: listBuiltins(),
    functions: () => ['myfunc'],
    pathCommands: () => ['spawn-fcgi', 'sleep', 'sed'],
    procs: () => [{ id: 3, name: 'worker' }, { id: 12, name: 'watcher' }],
    jobs: () => [{ id: 1 }],
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

  it('completes builtin flags from their definitions', () => {
    expect(flagNames([{ flag: '-s, --system TEXT', description: '' }, { flag: '--json', description: '' }])).toEqual(['-s', '--system', '--json']);
    expect(tab('ps --j', src)).toBe('ps --json ');
    expect(complete('jobs -', 6, src)!.items).toEqual(['-l', '-p']);
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
