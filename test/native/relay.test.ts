import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { addon, native, nullFd, readAll, skipReason, start } from './helpers.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'aosh-relay-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** relay() with a promise for onDone. */
function startRelay(from: number, to: number) {
  let resolveDone!: (v: { bytes: number; error: string | null }) => void;
  const done = new Promise<{ bytes: number; error: string | null }>((r) => (resolveDone = r));
  const handle = addon().relay(from, to, (bytes, error) => resolveDone({ bytes, error }));
  return { handle, done };
}

describe.skipIf(!native)(`native relay ${skipReason}`, () => {
  it('moves random binary data byte-exact between processes and counts it', async () => {
    const a = addon();
    const data = randomBytes(8 * 1024 * 1024 + 12345);
    const file = path.join(tmp, 'random.bin');
    writeFileSync(file, data);

    // cat file -> [a] -> relay -> [b] -> cat -> [c] -> test
    const [aR, aW] = a.pipe();
    const [bR, bW] = a.pipe();
    const [cR, cW] = a.pipe();
    const producer = start({ file: '/bin/cat', argv: ['cat', file], fds: [nullFd(), aW, 2] });
    a.close(aW);
    const consumer = start({ file: '/bin/cat', argv: ['cat'], fds: [bR, cW, 2] });
    a.close(bR);
    a.close(cW);
    const relay = startRelay(aR, bW);

    const [out, done, p, c] = await Promise.all([readAll(cR), relay.done, producer.exit, consumer.exit]);
    expect(out.length).toBe(data.length);
    expect(sha(out)).toBe(sha(data));
    expect(done).toEqual({ bytes: data.length, error: null });
    expect(relay.handle.bytes()).toBe(data.length);
    expect(p).toEqual({ code: 0, signal: null });
    expect(c).toEqual({ code: 0, signal: null });
  });

  it('propagates EOF downstream and closes both fds', async () => {
    const a = addon();
    const [inR, inW] = a.pipe();
    const [outR, outW] = a.pipe();
    const relay = startRelay(inR, outW);
    writeSync(inW, 'hello');
    a.close(inW); // EOF for the relay
    expect((await readAll(outR)).toString()).toBe('hello'); // and EOF for us: the relay closed outW
    expect(await relay.done).toEqual({ bytes: 5, error: null });
  });

  it('propagates EPIPE upstream: yes | relay | head -c 10 ends and yes dies of SIGPIPE', async () => {
    const a = addon();
    const [aR, aW] = a.pipe();
    const [bR, bW] = a.pipe();
    const [cR, cW] = a.pipe();
    const yes = start({ file: '/usr/bin/yes', argv: ['yes'], fds: [nullFd(), aW, 2] });
    a.close(aW);
    const head = start({ file: '/usr/bin/head', argv: ['head', '-c', '10'], fds: [bR, cW, 2] });
    a.close(bR);
    a.close(cW);
    const relay = startRelay(aR, bW);

    const [out, h, y, done] = await Promise.all([readAll(cR), head.exit, yes.exit, relay.done]);
    expect(out.toString()).toBe('y\ny\ny\ny\ny\n');
    expect(h).toEqual({ code: 0, signal: null });
    expect(y).toEqual({ code: null, signal: 13 });
    expect(done.error).toBeNull();
    expect(done.bytes).toBeGreaterThanOrEqual(10);
  });

  it('falls back to read/write when an end is not a pipe', async () => {
    const a = addon();
    const data = randomBytes(3 * 1024 * 1024 + 7);
    const file = path.join(tmp, 'source.bin');
    writeFileSync(file, data);
    const [outR, outW] = a.pipe();
    const relay = startRelay(openSync(file, 'r'), outW);
    const out = await readAll(outR);
    expect(sha(out)).toBe(sha(data));
    expect(await relay.done).toEqual({ bytes: data.length, error: null });
  });

  it('cancel() stops a relay waiting for input, and closes its fds', async () => {
    const a = addon();
    const [inR, inW] = a.pipe();
    const [outR, outW] = a.pipe();
    const relay = startRelay(inR, outW);
    relay.handle.cancel();
    relay.handle.cancel(); // idempotent
    expect(await relay.done).toEqual({ bytes: 0, error: 'cancelled' });
    expect((await readAll(outR)).length).toBe(0); // outW closed -> EOF
    expect(() => writeSync(inW, 'x')).toThrow(expect.objectContaining({ code: 'EPIPE' })); // inR closed
    a.close(inW);
  });

  it('cancel() stops a relay blocked on a full output pipe', async () => {
    const a = addon();
    const [aR, aW] = a.pipe();
    const [bR, bW] = a.pipe();
    const yes = start({ file: '/usr/bin/yes', argv: ['yes'], fds: [nullFd(), aW, 2] });
    a.close(aW);
    // Nobody reads bR: the relay fills b and then waits for room, forever.
    const relay = startRelay(aR, bW);
    // The relay grows b to 1 MiB; once it has moved that much, b is full and the
    // thread is parked in poll(). (A condition wait, not a timed one.)
    const full = readFileSync('/proc/sys/fs/pipe-max-size', 'utf8').trim() === String(1 << 20) ? 1 << 20 : 0;
    while (relay.handle.bytes() < full) await new Promise((r) => setTimeout(r, 1));
    relay.handle.cancel();
    const done = await relay.done;
    expect(done.error).toBe('cancelled');
    expect(done.bytes).toBeGreaterThanOrEqual(full);
    expect(await yes.exit).toEqual({ code: null, signal: 13 }); // aR closed by the relay
    a.close(bR);
  });

  it('cancel() after the end is a no-op; onDone ran once', async () => {
    const a = addon();
    const [inR, inW] = a.pipe();
    const [outR, outW] = a.pipe();
    let calls = 0;
    const done = new Promise<void>((resolve) =>
      a.relay(inR, outW, () => {
        calls++;
        resolve();
      }),
    );
    a.close(inW);
    await readAll(outR);
    await done;
    expect(calls).toBe(1);
  });

  it('throws EBADF for a closed fd (and the caller keeps ownership)', () => {
    const a = addon();
    const [r, w] = a.pipe();
    a.close(w);
    expect(() => a.relay(r, w, () => {})).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'fstat' }));
    a.close(r);
  });
});
