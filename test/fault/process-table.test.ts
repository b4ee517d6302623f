// The process table's finite history (issue 12: every finished stage stayed for ever): the
// last N ended entries, none older than T, plus every entry a job still holds.
import { describe, expect, it } from 'vitest';
import { ProcessTable } from '../../src/kernel/process-table.js';

function table(count: number, seconds: number) {
  let now = 1_000_000;
  const t = new ProcessTable({ count, seconds }, () => now);
  const forgotten: number[] = [];
  t.onForget = (id) => forgotten.push(id);
  const add = (name = 'x') => t.add({ name, kind: 'process', pid: 1, pgid: null, command: name, job: null, parent: null, isolation: 'none', limits: {} });
  return { t, add, forgotten, tick: (ms: number) => (now += ms) };
}

describe('process table history', () => {
  it('keeps the last N ended entries and every live one', () => {
    const { t, add, forgotten } = table(3, 3600);
    const live = add('live');
    for (let i = 0; i < 10; i++) t.markExited(add(`e${i}`), 0, null);
    expect(t.list(true).map((e) => e.name)).toEqual(['live', 'e7', 'e8', 'e9']);
    expect(t.size).toBe(4);
    expect(forgotten).toHaveLength(7); // the kernel drops its waiters for these
    expect(t.get(live.id)).toBe(live);
  });

  it('forgets ended entries older than T, even under the count', () => {
    const { t, add, tick } = table(100, 60);
    t.markExited(add('old'), 0, null);
    tick(61_000);
    t.markExited(add('new'), 0, null);
    expect(t.list(true).map((e) => e.name)).toEqual(['new']);
    tick(61_000);
    expect(t.find('new')).toEqual([]); // looked up after its time: gone
  });

  it('keeps what a job retains until it is released', () => {
    const { t, add } = table(2, 3600);
    const job = add('job-member');
    t.retain(job.id);
    t.markExited(job, 0, null);
    for (let i = 0; i < 5; i++) t.markExited(add(`e${i}`), 0, null);
    expect(t.list(true).map((e) => e.name)).toEqual(['job-member', 'e3', 'e4']);
    t.release(job.id);
    expect(t.list(true).map((e) => e.name)).toEqual(['e3', 'e4']);
  });

  it('an entry that comes back to life (a restarting agent) is not history, and counts once when it ends again', () => {
    const { t, add } = table(2, 3600);
    const agent = add('agent');
    t.markExited(agent, 1, null);
    agent.state = 'restarting';
    for (let i = 0; i < 4; i++) t.markExited(add(`e${i}`), 0, null);
    expect(t.get(agent.id)).toBe(agent);
    t.markExited(agent, 0, null);
    t.markExited(add('last'), 0, null);
    expect(t.list(true).map((e) => e.name)).toEqual(['agent', 'last']);
  });
});
