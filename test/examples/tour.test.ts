// The README's main job: the tour must run to the end on a fresh checkout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

describe('examples/tour.aosh', () => {
  it('runs to completion and shows each part of the tour', () => {
    const home = mkdtempSync(join(tmpdir(), 'aosh-tour-'));
    const r = spawnSync(join(root, 'bin/aosh'), [join(root, 'examples/tour.aosh')], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: home, AOSH_HOME: join(home, '.aosh'), LANG: 'C.UTF-8' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('hello, agents');
    expect(r.stdout).toContain('3 squared is 9');
    expect(r.stdout).toContain('here-documents expand: 6 * 7 = 42');
    // seq 1 100000 | grep 7 | wc -l, computed independently
    let sevens = 0;
    for (let i = 1; i <= 100000; i++) if (String(i).includes('7')) sevens++;
    expect(r.stdout).toContain(`\n${sevens}\n`);
    expect(r.stdout).toContain('binary data passes untouched: yes');
    expect(r.stdout).toContain('napper ended with status 143');
    expect(r.stdout.trimEnd().endsWith('tour done')).toBe(true);
  });
});
