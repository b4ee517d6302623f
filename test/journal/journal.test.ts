// The audit journal: hash chain, verification, torn-tail recovery, group commit, locking.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS, Journal, readRecords, verifyFile } from '../../src/kernel/journal.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aosh-journal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('journal', () => {
  it('chains records: each carries the SHA-256 of the previous one', async () => {
    const j = await Journal.open(dir, { session: 's1' });
    const a = await j.append('exec', { command: 'ls', exit_code: 0 });
    const b = await j.append('write', { path: '/tmp/x', bytes: 3, nested: { ok: true } });
    await j.close();
    expect(a.prev).toBe(GENESIS);
    expect(b.prev).toBe(a.hash);
    const lines = readFileSync(j.file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    const body = lines[0]!.replace(/,"hash":"[0-9a-f]{64}"\}$/, '}');
    expect(createHash('sha256').update(body).digest('hex')).toBe(a.hash);
    expect(JSON.parse(lines[0]!)).toMatchObject({ seq: 1, session: 's1', type: 'exec', command: 'ls' });
    expect(verifyFile(j.file)).toMatchObject({ ok: true, records: 2, head: b.hash });
  });

  it('continues the chain across reopen', async () => {
    let j = await Journal.open(dir);
    await j.append('a');
    await j.close();
    j = await Journal.open(dir);
    const r = await j.append('b');
    await j.close();
    expect(r.seq).toBe(2);
    expect(verifyFile(j.file)).toMatchObject({ ok: true, records: 2 });
  });

  it('reports the first broken link when a record is changed or removed', async () => {
    const j = await Journal.open(dir);
    for (let i = 0; i < 5; i++) await j.append('store', { key: `k${i}` });
    await j.close();
    const lines = readFileSync(j.file, 'utf8').split('\n');
    writeFileSync(j.file, [...lines.slice(0, 2), lines[2]!.replace('"k2"', '"kX"'), ...lines.slice(3)].join('\n'));
    expect(verifyFile(j.file)).toMatchObject({ ok: false, broken: { line: 3, reason: 'record hash does not match its content' } });
    writeFileSync(j.file, [...lines.slice(0, 2), ...lines.slice(3)].join('\n'));
    expect(verifyFile(j.file)).toMatchObject({ ok: false, broken: { line: 3, seq: 4 } });
    expect(verifyFile(j.file).broken!.reason).toMatch(/prev hash does not match/);
  });

  it('survives a torn last line: verify reports it, and reopening continues from the last good record', async () => {
    let j = await Journal.open(dir);
    const good = await j.append('exec', { command: 'one' });
    await j.close();
    const partial = '{"seq":2,"ts":"2026-01-01T00:00:00Z","type":"exe';
    appendFileSync(j.file, partial);
    const torn = verifyFile(j.file);
    expect(torn).toMatchObject({ ok: true, records: 1, tornTail: { line: 2 } });
    j = await Journal.open(dir);
    const next = await j.append('exec', { command: 'two' });
    await j.close();
    const recovered = readRecords(dir).find((r) => r.type === 'journal.recovered')!;
    expect(recovered).toMatchObject({ seq: 2, prev: good.hash, torn_bytes: partial.length });
    expect(next).toMatchObject({ seq: 3, prev: recovered.hash });
    const v = verifyFile(j.file);
    expect(v).toMatchObject({ ok: true, records: 3, recovered: [{ line: 2, bytes: partial.length }] });
    expect(v.tornTail).toBeUndefined();
  });

  it('does not accept garbage in the middle without a recovery record', async () => {
    const j = await Journal.open(dir);
    await j.append('a');
    await j.close();
    appendFileSync(j.file, 'garbage\n');
    const j2 = await Journal.open(dir);
    await j2.append('b');
    await j2.close();
    // Recovered properly: fine. Now splice garbage between two valid records by hand.
    const lines = readFileSync(j.file, 'utf8').trim().split('\n');
    writeFileSync(j.file, [lines[0], 'junk', ...lines.slice(1)].join('\n') + '\n');
    expect(verifyFile(j.file)).toMatchObject({ ok: false, broken: { line: 2, reason: 'unreadable line' } });
  });

  it('group-commits concurrent appends: fewer fsyncs than records, order = call order', async () => {
    const j = await Journal.open(dir);
    const recs = await Promise.all(Array.from({ length: 500 }, (_, i) => j.append('store', { i })));
    await j.close();
    expect(recs.map((r) => r.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(j.syncs).toBeLessThan(50);
    expect(verifyFile(j.file)).toMatchObject({ ok: true, records: 500 });
  });

  it('a second live journal in the same directory writes its own chain instead of interleaving', async () => {
    const a = await Journal.open(dir);
    const b = await Journal.open(dir);
    await a.append('x');
    await b.append('y');
    await Promise.all([a.close(), b.close()]);
    expect(a.file).not.toBe(b.file);
    expect(readdirSync(dir).filter((f) => f.endsWith('.jsonl'))).toHaveLength(2);
    expect(verifyFile(b.file).ok).toBe(true);
  });
});
