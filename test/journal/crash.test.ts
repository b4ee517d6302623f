// kill -9 in the middle of a burst: a child process runs the syscall server (real Kernel),
// clients hammer WRITE/EXEC/STORE, the server gets SIGKILL, and then the chain must verify
// and every syscall that was answered must have its record.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal, journalDir, journalFiles, readRecords, verifyFile } from '../../src/kernel/journal.js';
import { loadNative } from '../../src/kernel/native.js';
import { RawClient } from '../syscalls/helpers.js';

const root = resolve(import.meta.dirname, '../..');
let work: string;
let bundle: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'aosh-crash-'));
  bundle = join(work, 'server.mjs');
  await build({ entryPoints: [join(root, 'test/journal/fixtures/crash-server.ts')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'silent' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(loadNative() === null)('kill -9 of the server', () => {
  it('loses no record of an answered syscall, and the chain verifies', async () => {
    const home = join(work, 'home');
    const child = spawn(process.execPath, [bundle], {
      env: { ...process.env, AOSH_HOME: home, AOSH_NATIVE_PATH: join(root, 'native/build/Release/aosh_native.node'), NODE_PATH: join(root, 'node_modules') },
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const path = await new Promise<string>((res, rej) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) res(out.trim());
      });
      child.once('exit', (code) => rej(new Error(`server exited ${code}`)));
    });
    const answered: Array<{ type: string; tag: string }> = [];
    let stop = false;
    const worker = async (w: number): Promise<void> => {
      const c = await RawClient.connect(path);
      for (let n = 0; !stop; n++) {
        const tag = `w${w}-${n}`;
        const kind = n % 3;
        try {
          if (kind === 0) {
            const r = await c.call(0x30, { key: tag, value: n });
            if (r.success) answered.push({ type: 'store', tag });
          } else if (kind === 1) {
            const r = await c.call(0x04, { path: join(home, `${tag}.txt`), content: tag });
            if (r.success) answered.push({ type: 'write', tag });
          } else {
            const r = await c.call(0x02, { command: `echo ${tag}` });
            if (r.success) answered.push({ type: 'exec', tag });
          }
        } catch {
          return; // the server died mid-call: that call was never answered
        }
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
    expect(answered.length).toBeGreaterThan(30);
    const files = journalFiles(journalDir(home));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(verifyFile(f).ok).toBe(true);
    const recs = readRecords(journalDir(home));
    const have = new Set<string>();
    for (const r of recs) {
      if (r.type === 'store') have.add(`store:${r.key as string}`);
      if (r.type === 'write') have.add(`write:${(r.path as string).split('/').pop()!.replace(/\.txt$/, '')}`);
      if (r.type === 'exec') have.add(`exec:${(r.command as string).slice(5)}`);
    }
    const missing = answered.filter((a) => !have.has(`${a.type}:${a.tag}`));
    expect(missing).toEqual([]);
    // The next session takes over the dead owner's lock and continues the same chain.
    const next = await Journal.open(journalDir(home));
    expect(next.file).toBe(join(journalDir(home), 'audit.jsonl'));
    await next.append('session.start');
    await next.close();
    expect(verifyFile(next.file)).toMatchObject({ ok: true });
  }, 30_000);
});
