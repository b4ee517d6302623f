// Bad input gets one line on stderr naming the builtin, and status 2; never a stack trace.
// In a script the line starts as bash's does ("aosh: line 1: NAME: ..."), then names the builtin.
import { describe, expect, it } from 'vitest';
import { baseEnv, runAosh, tempDir } from '../helpers/run-aosh.js';

const CASES: Array<[string, string]> = [
  ['ps -z', 'ps:'],
  ['jobs -z', 'jobs:'],
  ['wait -z', 'wait:'],
  ['kill', 'kill:'],
  ['spawn --foo x', 'spawn:'],
  ['spawn --restart sometimes true', 'spawn:'],
  ['pipe foo', 'pipe:'],
  ['set -Z', 'set:'],
  ['read -z', 'read:'],
  ['export -z', 'export:'],
  ['unset -z', 'unset:'],
  ['type -z x', 'type:'],
  ['command -z', 'command:'],
  ['declare -Z', 'declare:'],
  ['cd -Z', 'cd:'],
  ['exit foo', 'exit:'],
  ['printf', 'printf:'],
  ['getopts', 'getopts:'],
  ['source', 'source:'],
  ['think --bogus', 'think:'],
  ['agent --bogus', 'agent:'],
  ['conv bogus', 'conv:'],
  ['audit bogus', 'audit:'],
  ['ps --watch 0', 'ps:'],
  ['mcp bogus', 'mcp:'],
  ['mcp ls -z', 'mcp:'],
  ['mcp call onlyone', 'mcp:'],
  ['mcp call s t \'{"a":\'', 'mcp:'],
  ['mcp serve --bogus', 'mcp:'],
  ['mcp serve --http 10.0.0.1:80', 'mcp:'],
];

// (`let` with no expression, `kill -z 1` and `kill -s` are left out: bash answers them with status 1, and so does aosh.)
describe('usage errors', () => {
  const dir = tempDir('aosh-usage-');
  it.concurrent.each(CASES)('%s: one line, status 2', async (command, prefix) => {
    const r = await runAosh(['-c', command], { cwd: dir, env: baseEnv(dir) });
    expect(r.status, r.stderr).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]!.replace(/^aosh: line \d+: /, '').startsWith(prefix), r.stderr).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

// A grant the session does not have is refused in one line (never an agent quietly without it).
describe('grants beyond the session', () => {
  const dir = tempDir('aosh-beyond-');
  it.concurrent.each([
    ['spawn --allow-net true', 'spawn: --allow-net: the session has no network (start aosh with --allow-net)'],
    ['spawn --allow-net=pypi.org true', 'spawn: --allow-net=pypi.org: the session has no network'],
    ['spawn --allow-write=/usr true', 'spawn: --allow-write=/usr: not writable in the session'],
  ])('%s: status 126 and the flag that would allow it', async (command, line) => {
    const r = await runAosh(['-c', command], { cwd: dir, env: baseEnv(dir) });
    expect(r.status, r.stderr).toBe(126);
    expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(r.stderr).toContain(line);
  });
});
