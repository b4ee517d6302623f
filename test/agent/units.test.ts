// Pieces of the agent loop on their own: argument parsing, the approval policy, the
// checkpoint store (torn lines, locks) and conversation replay.
import { appendFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAgentArgs } from '../../src/builtins/agent.js';
import { agentPermissions, decideExec, decideRead, decideWrite, loadAgentConfig, type PolicyInput } from '../../src/kernel/agent/policy.js';
import { replay } from '../../src/kernel/agent/loop.js';
import { readFileTool, readTarget, TOOL_FILE_LIMIT } from '../../src/kernel/agent/tools.js';
import { RunStore, parseSteps } from '../../src/kernel/agent/store.js';
import { allowAll, emptyPermissions } from '../../src/kernel/permissions.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aosh-agent-unit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const rules = { allowCommands: [], denyCommands: [], allowPaths: [], denyPaths: [] };

describe('parseAgentArgs', () => {
  it('parses flags, permission flags and the task', () => {
    const a = parseAgentArgs(['--mode', 'ask', '--max-turns=4', '--budget-usd', '0.5', '--allow-net=example.com', '-A', '--json', 'fix', 'it']);
    expect(a).toMatchObject({ mode: 'ask', maxTurns: 4, budgetUsd: 0.5, json: true, permissionFlags: ['--allow-net=example.com', '-A'], task: ['fix', 'it'] });
    expect(parseAgentArgs(['--', '--mode', 'x']).task).toEqual(['--mode', 'x']);
    expect(() => parseAgentArgs(['--mode', 'yolo'])).toThrow(/expected ask, auto-edit or auto, got yolo/);
    expect(() => parseAgentArgs(['--budget-tokens', '1.5'])).toThrow(/bad value/);
    expect(() => parseAgentArgs(['--bogus'])).toThrow(/unknown option/);
  });
});

describe('policy', () => {
  const cwd = '/work/project';
  const perms = agentPermissions(allowAll(), cwd, []);
  const p = (mode: PolicyInput['mode'], extra: Partial<PolicyInput> = {}): PolicyInput => ({ perms, rules, mode, cwd, ...extra });

  it('defaults: read anywhere, write in the working directory, secrets hidden, no network', () => {
    expect(perms.allow.write).toEqual([cwd]);
    expect(perms.allow.net).toBe(false);
    expect(decideRead(p('auto'), '/etc/hostname', '/etc/hostname').action).toBe('allow');
    expect(decideRead(p('auto'), `${cwd}/.env`, `${cwd}/.env`).action).toBe('deny');
    expect(decideWrite(p('auto'), '/etc/x', '/etc/x')).toMatchObject({ action: 'deny' });
  });

  it('modes: ask asks for everything, auto-edit only for exec and outside writes, auto for nothing', () => {
    expect(decideExec(p('ask'), 'ls').action).toBe('ask');
    expect(decideWrite(p('ask'), `${cwd}/a`, `${cwd}/a`).action).toBe('ask');
    expect(decideExec(p('auto-edit'), 'ls').action).toBe('ask');
    expect(decideWrite(p('auto-edit'), `${cwd}/a`, `${cwd}/a`).action).toBe('allow');
    expect(decideExec(p('auto'), 'ls').action).toBe('allow');
    const wide = agentPermissions(allowAll(), cwd, ['--allow-write=/tmp/out']);
    expect(decideWrite({ ...p('auto-edit'), perms: wide }, '/tmp/out/x', '/tmp/out/x').action).toBe('ask');
    expect(decideWrite({ ...p('auto'), perms: wide }, '/tmp/out/x', '/tmp/out/x').action).toBe('allow');
  });

  it('config rules: deny wins, allow skips the question', () => {
    const r = { ...rules, allowCommands: ['npm test*'], denyCommands: ['git push*'], allowPaths: ['docs/**'], denyPaths: ['**/.git/**'] };
    expect(decideExec(p('ask', { rules: r }), 'npm test -- --watch=false').action).toBe('allow');
    expect(decideExec(p('auto', { rules: r }), 'git push origin main')).toMatchObject({ action: 'deny' });
    expect(decideWrite(p('ask', { rules: r }), `${cwd}/docs/a/b.md`, `${cwd}/docs/a/b.md`).action).toBe('allow');
    expect(decideWrite(p('auto', { rules: r }), `${cwd}/.git/config`, `${cwd}/.git/config`).action).toBe('deny');
  });

  it('the session ceiling and --allow-run lists apply', () => {
    const none = agentPermissions(emptyPermissions(), cwd, ['-A']);
    expect(decideExec({ ...p('auto'), perms: none }, 'ls')).toMatchObject({ action: 'deny' });
    const some = agentPermissions(allowAll(), cwd, []);
    some.allow.run = ['make'];
    expect(decideExec({ ...p('auto'), perms: some }, 'make test').action).toBe('allow');
    expect(decideExec({ ...p('auto'), perms: some }, 'curl x').action).toBe('deny');
  });

  it('reads the "agent" section of config.json', () => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ agent: { mode: 'ask', maxTurns: 7, allow: { commands: ['ls'] }, deny: { paths: ['x'] } } }));
    const c = loadAgentConfig(dir);
    expect(c).toMatchObject({ mode: 'ask', maxTurns: 7, rules: { allowCommands: ['ls'], denyPaths: ['x'], denyCommands: [], allowPaths: [] } });
    expect(loadAgentConfig(join(dir, 'none')).rules.allowCommands).toEqual([]);
  });
});

describe('checkpoint store', () => {
  const base = {
    v: 1 as const,
    task: 't',
    cwd: '/',
    mode: 'auto' as const,
    status: 'running' as const,
    exitCode: null,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    pid: process.pid,
    turns: 0,
    steps: 0,
    usage: { input: 0, output: 0 },
    costUsd: 0,
    maxTurns: 3,
    permissions: [],
  };

  it('skips a torn last line and appends after it on a fresh line', () => {
    const store = new RunStore(dir);
    const run = store.create(base);
    run.append({ kind: 'start', task: 't', system: 's', cwd: '/', mode: 'auto' });
    run.unlock();
    appendFileSync(run.stepsFile, '{"step":2,"kind":"mod');
    const again = store.open(run.id);
    expect(again.steps).toHaveLength(1);
    again.lock();
    again.append({ kind: 'resume', pid: 1, rerun: 0 });
    again.unlock();
    const text = `${store.open(run.id).steps.map((s) => s.kind).join(',')}`;
    expect(text).toBe('start,resume');
    expect(parseSteps('{"step":1}\n{bad\n{"step":2}\n')).toHaveLength(2);
  });

  it('refuses a second runner and resolves ids', () => {
    const store = new RunStore(dir);
    const run = store.create(base);
    expect(() => store.open(run.id).lock()).toThrow(/being run in this session/);
    run.unlock();
    expect(store.resolve(run.id.slice(-4))).toBe(run.id);
    expect(store.resolve('last')).toBe(run.id);
    expect(() => store.resolve('nope')).toThrow(/no such run/);
  });

  it('replays steps into a conversation with tool results matched by position', () => {
    const st = replay(
      parseSteps(
        [
          { step: 1, ts: '', kind: 'start', task: 'do', context: 'ctx', system: 'sys', cwd: '/', mode: 'auto' },
          { step: 2, ts: '', kind: 'model', turn: 1, content: '', toolCalls: [{ id: 'a', name: 'exec', arguments: { command: 'ls' } }, { id: 'b', name: 'list_dir', arguments: { path: '.' } }], usage: { input: 5, output: 2 }, costUsd: 0, model: 'm', provider: 'openai', finishReason: 'tool_calls', durationMs: 1 },
          { step: 3, ts: '', kind: 'call', turn: 1, index: 0, callId: 'a', name: 'exec', arguments: { command: 'ls' }, decision: 'allowed' },
          { step: 4, ts: '', kind: 'result', turn: 1, index: 0, callId: 'a', name: 'exec', ok: true, output: 'x', durationMs: 1 },
          { step: 5, ts: '', kind: 'call', turn: 1, index: 1, callId: 'b', name: 'list_dir', arguments: { path: '.' }, decision: 'allowed' },
        ]
          .map((s) => JSON.stringify(s))
          .join('\n'),
      ),
    );
    expect(st.system).toBe('sys');
    expect(st.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(st.messages[0]!.content).toContain('ctx');
    expect(st.turns).toBe(1);
    expect(st.usage).toEqual({ input: 5, output: 2 });
    expect(st.results.has('1:1')).toBe(false);
    expect(st.calls.has('1:1')).toBe(true);
  });
});

describe('file tools read bounded', () => {
  it('only regular files, at most TOOL_FILE_LIMIT: /dev/zero once read to EOF filled the kernel', () => {
    // A character device, and a symlink an AGENTS.md could be.
    expect(() => readFileTool('/dev/zero', '/dev/zero')).toThrow('read_file /dev/zero: not a regular file');
    const dir = mkdtempSync(join(tmpdir(), 'aosh-tools-'));
    try {
      symlinkSync('/dev/urandom', join(dir, 'AGENTS.md'));
      expect(() => readTarget(join(dir, 'AGENTS.md'), 'AGENTS.md')).toThrow('AGENTS.md: not a regular file');
      // A file whose size says 0 (as /proc's do) is still read, to its end.
      expect(readTarget('/proc/self/status', 'status')!.data.toString()).toMatch(/^Name:/);
      writeFileSync(join(dir, 'small'), 'x'.repeat(100_000));
      expect(readTarget(join(dir, 'small'), 'small')!.data.length).toBe(100_000);
      expect(TOOL_FILE_LIMIT).toBe(64 * 1024 * 1024);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
