// Kernel features for running agents: STOP/CONT, the supervisor's restart policies, and
// named channels with fan-in and fan-out. All through the real binary.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAosh } from '../helpers/run-aosh.js';

const dir = mkdtempSync(path.join(tmpdir(), 'aosh-agents-'));
const run = (script: string) => runAosh(['-c', script], { cwd: dir, timeoutMs: 30_000 });

function states(json: string, name: string): string[] {
  return (JSON.parse(json) as Array<{ name: string; state: string }>).filter((e) => e.name === name).map((e) => e.state);
}

describe('kill -STOP / -CONT', () => {
  it('pauses every process of a sandboxed agent and resumes it; ps shows the state', async () => {
    // The ticker renames its file into place, so a reader never sees it half-written.
    writeFileSync(path.join(dir, 'ticker.sh'), 'i=0; while :; do i=$((i+1)); echo $i > ticks.new; mv ticks.new ticks; sleep 0.05; done\n');
    const r = await run([
      'rm -f ticks; spawn --name t sh ticker.sh >/dev/null',
      'n=0; until [ -s ticks ] || [ $n -gt 100 ]; do sleep 0.05; n=$((n+1)); done',
      'kill -STOP t; sleep 0.3',
      'ps --json > stopped.json; a=$(cat ticks); sleep 0.5; b=$(cat ticks)',
      '[ "$a" = "$b" ] && echo frozen || echo "moved $a $b"',
      'kill -CONT t',
      // Poll (up to 5 s) rather than assume a loaded machine ticks within a fixed time.
      'n=0; until [ "$(cat ticks)" -gt "$b" ] || [ $n -gt 100 ]; do sleep 0.05; n=$((n+1)); done',
      '[ "$(cat ticks)" -gt "$b" ] && echo resumed || echo "stuck $b"',
      'ps --json > running.json; kill t; wait t; echo "status $?"',
    ].join('\n'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('frozen\nresumed\nstatus 143\n');
    expect(states(readFileSync(path.join(dir, 'stopped.json'), 'utf8'), 't')).toEqual(['stopped']);
    expect(states(readFileSync(path.join(dir, 'running.json'), 'utf8'), 't')).toEqual(['running']);
  });
});

describe('spawn --restart', () => {
  it('restarts a crashing agent with backoff, then marks it failed', async () => {
    writeFileSync(path.join(dir, 'crash.sh'), 'echo run >> runs.log; exit 3\n');
    const r = await run('rm -f runs.log; spawn --name w --restart on-failure --max-restarts 2 sh crash.sh >/dev/null; wait w; echo "status $?"; wc -l < runs.log; ps -a --json > ps.json');
    expect(r.stdout).toBe('status 3\n3\n');
    const w = (JSON.parse(readFileSync(path.join(dir, 'ps.json'), 'utf8')) as Array<{ name: string; state: string; restarts: number }>).filter((e) => e.name === 'w');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ state: 'failed', restarts: 2 });
  });

  it('does not restart an agent that succeeds, nor one that is killed', async () => {
    const r = await run('spawn --name ok --restart on-failure true >/dev/null; wait ok; echo "ok $?"; spawn --name k --restart always sleep 30 >/dev/null; kill k; wait k; echo "k $?"; ps -a --json > ps.json');
    expect(r.stdout).toBe('ok 0\nk 143\n');
    const ps = JSON.parse(readFileSync(path.join(dir, 'ps.json'), 'utf8')) as Array<{ name: string; restarts: number }>;
    expect(ps.filter((e) => e.name === 'ok' || e.name === 'k').map((e) => e.restarts)).toEqual([0, 0]);
  });

  it('rejects a bad mode with a one-line usage error', async () => {
    const r = await run('spawn --restart sometimes true');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['spawn: --restart: expected no, on-failure or always, got sometimes']);
  });
});

describe('named channels', () => {
  it('fan-in from two writers and fan-out to two readers, with counters', async () => {
    // Writer 1 stays open until writer 2 is done, so the readers cannot see end of input
    // between the two (as with a FIFO, readers end when the last writer goes).
    const r = await run([
      'rm -f w2done; pipe mk news',
      'pipe read news > r1.txt & pipe read news > r2.txt &',
      'sleep 0.2; pipe ls --json > attached.json',
      '{ echo a; echo b; while [ ! -e w2done ]; do sleep 0.05; done; } | pipe write news &',
      'echo c | pipe write news; touch w2done',
      'wait',
      'pipe ls --json > ls.json; pipe rm news',
      'sort r1.txt | tr "\\n" " "; echo; sort r2.txt | tr "\\n" " "; echo',
    ].join('\n'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('a b c \na b c \n');
    const attached = JSON.parse(readFileSync(path.join(dir, 'attached.json'), 'utf8')) as { named: Array<{ readers: number }> };
    expect(attached.named[0]!.readers).toBe(2);
    const ls = JSON.parse(readFileSync(path.join(dir, 'ls.json'), 'utf8')) as { named: Array<Record<string, unknown>> };
    expect(ls.named).toEqual([expect.objectContaining({ name: 'news', messages_in: 3, messages_out: 6, bytes_in: 6, bytes_out: 12, readers: 0, writers: 0 })]);
  });

  it('keeps messages written before any reader for the first reader', async () => {
    const r = await run('pipe mk q; echo early | pipe write q; pipe read -n 1 q; pipe rm q');
    expect(r.stdout).toBe('early\n');
  });

  it('reports unknown channels in one line', async () => {
    const r = await run('echo x | pipe write nope');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('pipe: nope: no such channel (create it with pipe mk)\n');
  });
});

describe('audit journal of processes', () => {
  it('records every spawn, exit and signal of a session on one verifiable chain', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'aosh-audit-'));
    const env = { PATH: process.env.PATH!, HOME: home, AOSH_HOME: path.join(home, '.aosh'), LANG: 'C.UTF-8' };
    const first = await runAosh(['-c', 'ls / >/dev/null; sleep 30 & kill %1; wait'], { cwd: dir, env });
    expect(first.status).toBe(0);
    const r = await runAosh(['-c', 'audit tail -n 20 --json; audit verify'], { cwd: dir, env });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const records = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; name?: string; signal?: unknown });
    expect(records.map((x) => `${x.type}:${x.name}`)).toEqual(['proc.spawn:ls', 'proc.exit:ls', 'proc.spawn:sleep', 'proc.signal:sleep', 'proc.exit:sleep']);
    expect(lines[lines.length - 1]).toMatch(/ok, 5 records/);
  });
});
