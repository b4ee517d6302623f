// Issue 12, "crash by memory": mailboxes were capped at 10,000 messages but not in bytes, so
// ~4,000 SENDs of 1 MiB to a name that never reads took aosh to 4.1 GB and a V8 abort; every
// finished stage stayed in the process table for ever. Now every resource has a byte or
// count limit (limits.ts), a SEND that does not fit is refused (backpressure), and the
// process table keeps a finite history. Driven against the real aosh over its real socket,
// inside the outer container's memory limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../syscalls/helpers.js';
import { alarming, startLiveKernel, type LiveKernel } from '../helpers/live-kernel.js';
import { baseEnv, removeDir, runAosh, tempDir } from '../helpers/run-aosh.js';

const MiB = 1 << 20;
const filler = Buffer.alloc(MiB - 64, 'x');
/** A SEND request whose message is a string of about 1 MiB (the request stays under 1 MiB). */
function bigSend(to: string, i: number): Buffer {
  const head = Buffer.from(`{"to_name":${JSON.stringify(to)},"message":"${i}:`);
  return Buffer.concat([head, filler.subarray(0, MiB - 64 - head.length), Buffer.from('"}')]);
}

/** Waits until `name` is unregistered (its connection's close has been processed). */
async function gone(c: RawClient, name: string): Promise<void> {
  for (;;) {
    const r = await c.call(0x20, { to_name: name, message: 0 });
    if (!r.success && /target agent not found/.test(r.error)) return;
    await new Promise((res) => setTimeout(res, 10));
  }
}

describe('mailboxes are bounded in bytes; a full one refuses the SEND', () => {
  let k: LiveKernel;
  beforeAll(async () => {
    k = await startLiveKernel();
    if (!k.contained) console.log(`memory tests run aosh outside the outer container: ${k.why}`);
  });
  afterAll(async () => {
    const r = await k.stop();
    expect(alarming(r.stderr)).toEqual([]);
    expect(r.status).toBe(0);
  });

  it('4,000 SENDs of 1 MiB to a name that never reads: the first 16 MiB queue, the rest are refused, RSS stays bounded', async () => {
    const sink = await RawClient.connect(k.socket);
    expect((await sink.call(0x23, { name: 'sink' })).success).toBe(true);
    const sender = await RawClient.connect(k.socket);
    const before = k.rss();
    let ok = 0;
    let full = 0;
    let maxRss = before;
    // Pipelined 16 at a time (a client may write ahead; the kernel reads as it answers);
    // the same bytes each time, so that the cost measured is the kernel's.
    const results: { success: boolean; error?: string }[] = [];
    const one = bigSend('sink', 0);
    for (let i = 0; i < 4000; i += 16) {
      for (let j = i; j < i + 16; j++) sender.send(0x20, one);
      for (let j = i; j < i + 16; j++) results.push(JSON.parse((await sender.recv(20_000)).payload.toString()));
      if (i % 256 === 0) maxRss = Math.max(maxRss, k.rss());
    }
    for (const r of results) {
      if (r.success) ok++;
      else {
        expect(r.error).toMatch(/^mailbox full: agent \d+ has [\d.]+ MiB unread and this message is [\d.]+ KiB \(limit 16 MiB, AOSH_LIMIT_MAILBOX_BYTES\); try again after it reads$/);
        full++;
      }
    }
    maxRss = Math.max(maxRss, k.rss());
    console.log(`4,000 x 1 MiB SENDs: ${ok} queued, ${full} refused; RSS ${(before / MiB).toFixed(0)} MiB before, at most ${(maxRss / MiB).toFixed(0)} MiB during`);
    expect(ok).toBe(16);
    expect(full).toBe(3984);
    // 16 MiB of mail plus the decoding of one request at a time; the old kernel reached 4.1 GB.
    expect(maxRss - before).toBeLessThan(200 * MiB);
    // Backpressure, not loss: once the sink reads, the sender gets through again.
    const got = await sink.call(0x21, { max: 100 });
    expect(got.count).toBeGreaterThan(0);
    expect(got.messages[0].message.startsWith('0:')).toBe(true);
    sender.send(0x20, bigSend('sink', 9999));
    expect(JSON.parse((await sender.recv(20_000)).payload.toString()).success).toBe(true);
    sink.close();
    await gone(sender, 'sink');
    sender.close();
    expect(k.alive()).toBe(true);
  }, 240_000);

  it('one agent cannot fill every mailbox: its unread mail is capped at 64 MiB in all', async () => {
    const sinks: RawClient[] = [];
    for (let i = 0; i < 6; i++) {
      const s = await RawClient.connect(k.socket);
      await s.call(0x23, { name: `many-${i}` });
      sinks.push(s);
    }
    const sender = await RawClient.connect(k.socket);
    let ok = 0;
    let refusal = '';
    for (let i = 0; i < 6 * 16; i++) {
      sender.send(0x20, bigSend(`many-${i % 6}`, i));
      const r = JSON.parse((await sender.recv(20_000)).payload.toString());
      if (r.success) ok++;
      else refusal ||= r.error;
    }
    // Every test client comes in on the session endpoint: one agent, 64 MiB of unread mail.
    expect(ok).toBe(64);
    expect(refusal).toMatch(/^too much unread mail: this agent has [\d.]+ MiB of messages nobody has read yet \(limit 64 MiB, AOSH_LIMIT_AGENT_QUEUED_BYTES\)/);
    // A reader that disconnects takes its unread mail with it: the sender's share comes back.
    sinks[0]!.close();
    await gone(sender, 'many-0');
    sender.send(0x20, bigSend('many-5', 0));
    expect(JSON.parse((await sender.recv(20_000)).payload.toString())).toMatchObject({ success: true });
    for (const s of sinks) s.close();
    sender.close();
  }, 120_000);
});

describe('the process table keeps a finite history', () => {
  it('3,000 pipelines leave at most proc_history ended rows; a job keeps its members', async () => {
    const dir = tempDir('aosh-hist-');
    try {
      const script = [
        'sleep 0.01 & p=$!',
        'for i in $(seq 3000); do echo x | : ; done',
        'ps -a --json > all.json',
        // By pid: an ended job is no %1 any more once a foreground command ran (bash's 127).
        'wait $p; echo "job status $?"',
      ].join('\n');
      const r = await runAosh(['--no-sandbox', '-c', script], { cwd: dir, env: baseEnv(dir, { AOSH_HOME: `${dir}/home` }), timeoutMs: 120_000 });
      expect(alarming(r.stderr)).toEqual([]);
      expect(r.stdout).toContain('job status 0');
      const rows = JSON.parse((await import('node:fs')).readFileSync(`${dir}/all.json`, 'utf8')) as { id: number; command: string }[];
      // 6,001 rows before (two per pipeline, for ever); now the last 1,000 ended plus the job.
      expect(rows.length).toBeLessThanOrEqual(1001 + 1);
      expect(rows.some((e) => e.command.startsWith('sleep'))).toBe(true);

      const small = await runAosh(['--no-sandbox', '-c', 'for i in $(seq 200); do echo x | : ; done; ps -a --json > small.json'], {
        cwd: dir,
        env: baseEnv(dir, { AOSH_HOME: `${dir}/home`, AOSH_LIMIT_PROC_HISTORY: '20' }),
        timeoutMs: 60_000,
      });
      expect(small.status).toBe(0);
      const few = JSON.parse((await import('node:fs')).readFileSync(`${dir}/small.json`, 'utf8')) as unknown[];
      expect(few.length).toBeLessThanOrEqual(21);
    } finally {
      removeDir(dir);
    }
  }, 180_000);
});
