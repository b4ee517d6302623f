// The `audit` builtin: verify (status 1 on a broken chain) and tail.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getBuiltin } from '../../src/builtins/index.js';
import { Journal, journalDir } from '../../src/kernel/journal.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'aosh-audit-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stream = (fd: number, sink: (s: string) => void) => ({ fd, isTTY: false, write: async (d: string | Uint8Array) => sink(typeof d === 'string' ? d : Buffer.from(d).toString()) });
  const ctx = {
    name: 'audit',
    args,
    stdin: { fd: 0, isTTY: false, readAll: async () => Buffer.alloc(0), readLine: async () => null },
    stdout: stream(1, (s) => (out += s)),
    stderr: stream(2, (s) => (err += s)),
    shell: { getVar: () => undefined } as any,
    kernel: { home } as any,
    signal: new AbortController().signal,
    asTask: false,
  };
  // Through the registry, as the shell runs it (usage errors become a line and status 2).
  const status = await getBuiltin('audit')!.run(ctx as any);
  return { status, out, err };
}

describe('audit builtin', () => {
  it('verifies an intact chain and tails records as text and JSON', async () => {
    const j = await Journal.open(journalDir(home));
    await j.append('exec', { command: 'echo hi', exit_code: 0 });
    await j.append('denied', { rule: '--deny-read=/etc/passwd', op: 'READ' });
    await j.close();
    const v = await run('verify');
    expect(v.status).toBe(0);
    expect(v.out).toMatch(/^audit\.jsonl: ok, 2 records/);
    const t = await run('tail', '-n', '1');
    expect(t.out).toMatch(/#2 {2}denied {2}rule=--deny-read=\/etc\/passwd op=READ/);
    const tj = await run('tail', '--json');
    expect(tj.out.trim().split('\n').map((l) => JSON.parse(l).type)).toEqual(['exec', 'denied']);
  });

  it('exits 1 and names the first broken link', async () => {
    const j = await Journal.open(journalDir(home));
    for (let i = 0; i < 3; i++) await j.append('store', { key: `k${i}` });
    await j.close();
    const lines = readFileSync(j.file, 'utf8').split('\n');
    lines[1] = lines[1]!.replace('"k1"', '"evil"');
    writeFileSync(j.file, lines.join('\n'));
    const v = await run('verify');
    expect(v.status).toBe(1);
    expect(v.out).toMatch(/BROKEN at line 2: record hash does not match its content/);
  });

  it('rejects unknown subcommands with status 2', async () => {
    expect((await run('bogus')).status).toBe(2);
    expect((await run('tail', '-n', 'x')).status).toBe(2);
  });
});
