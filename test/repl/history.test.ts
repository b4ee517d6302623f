import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { History, escapeEntry, unescapeEntry } from '../../src/shell/repl/history.js';

describe('history', () => {
  it('appends entries, skips blanks and consecutive duplicates, creates the directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aosh-hist-'));
    const file = join(dir, 'sub', 'history');
    const h = new History(file);
    expect(h.add('ls')).toBe(true);
    expect(h.add('ls')).toBe(false);
    expect(h.add('   ')).toBe(false);
    h.add('echo hi');
    h.add('ls');
    expect(h.entries).toEqual(['ls', 'echo hi', 'ls']);
    expect(readFileSync(file, 'utf8')).toBe('ls\necho hi\nls\n');
  });

  it('stores multi-line entries on one line and reads them back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aosh-hist-'));
    const file = join(dir, 'history');
    const entry = 'if true; then\n  echo "a\\nb"\nfi';
    new History(file).add(entry);
    expect(readFileSync(file, 'utf8').split('\n').length).toBe(2);
    expect(new History(file).load().entries).toEqual([entry]);
    expect(unescapeEntry(escapeEntry('x\\n\ny'))).toBe('x\\n\ny');
  });

  it('collapses consecutive duplicates when loading and tolerates a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aosh-hist-'));
    const file = join(dir, 'history');
    writeFileSync(file, 'a\na\nb\n\na\n');
    expect(new History(file).load().entries).toEqual(['a', 'b', 'a']);
    expect(new History(join(dir, 'none')).load().entries).toEqual([]);
  });
});
