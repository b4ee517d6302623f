// The wire contract (spec §1, §10.1–4): framing, conn-ids, ordering, malformed input,
// concurrency. Written against the spec with a raw client, not the SDK.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAGIC, RawClient, frame, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
const clients: RawClient[] = [];
async function client(): Promise<RawClient> {
  const c = await RawClient.connect(t.path);
  clients.push(c);
  return c;
}

beforeEach(async () => {
  t = await startTestServer();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await t.cleanup();
});

describe('framing and identity', () => {
  it('echoes NOOP with the conn-id in the header, ignoring the request agent_id', async () => {
    const a = await client();
    a.send(0x00, 'hi', 999);
    const f = await a.recv();
    expect(f).toEqual({ magic: MAGIC, agentId: 1, op: 0, payload: Buffer.from('hi') });
    const b = await client();
    b.send(0x00, 'x');
    expect((await b.recv()).agentId).toBe(2);
  });

  it('puts the magic on the wire as the bytes "TNGA"', async () => {
    const a = await client();
    let raw = Buffer.alloc(0);
    a.sock.on('data', (c: Buffer) => (raw = Buffer.concat([raw, c])));
    a.send(0x00, 'z');
    await a.recv();
    expect(raw.subarray(0, 4).toString('latin1')).toBe('TNGA');
  });

  it('answers several frames in one write, in order', async () => {
    const a = await client();
    a.write(Buffer.concat([frame(0, 'one'), frame(0, 'two'), frame(0, 'three')]));
    const got = [await a.recv(), await a.recv(), await a.recv()].map((f) => f.payload.toString());
    expect(got).toEqual(['one', 'two', 'three']);
  });

  it('waits for a payload that arrives 250 ms after its header, and for bytes split anywhere', async () => {
    const a = await client();
    const f = frame(0, 'later');
    a.write(f.subarray(0, 17));
    await new Promise((r) => setTimeout(r, 250));
    a.write(f.subarray(17));
    expect((await a.recv()).payload.toString()).toBe('later');
    const g = frame(0, 'bytewise');
    for (const byte of g) a.write(Buffer.from([byte]));
    expect((await a.recv()).payload.toString()).toBe('bytewise');
  });

  it('echoes empty, non-UTF-8 and exactly 1 MiB payloads byte for byte', async () => {
    const a = await client();
    a.send(0, '');
    expect((await a.recv()).payload.length).toBe(0);
    const bin = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3]);
    a.send(0, bin);
    expect((await a.recv()).payload.equals(bin)).toBe(true);
    const big = Buffer.alloc(1024 * 1024, 7);
    big[12345] = 9;
    a.send(0, big);
    expect((await a.recv(10_000)).payload.equals(big)).toBe(true);
  });

  it('LIST with an empty payload is a bare []; EXIT says goodbye and keeps the connection', async () => {
    const a = await client();
    a.send(0x12, '');
    expect(JSON.parse((await a.recv()).payload.toString())).toEqual([]);
    a.send(0xff, '');
    const bye = await a.recv();
    expect([bye.op, bye.payload.toString()]).toEqual([0xff, 'goodbye']);
    a.send(0, 'still here');
    expect((await a.recv()).payload.toString()).toBe('still here');
  });

  it('echoes unknown opcodes unchanged (REF)', async () => {
    const a = await client();
    a.send(0x70, 'weird');
    const f = await a.recv();
    expect([f.op, f.payload.toString()]).toEqual([0x70, 'weird']);
  });
});

describe('malformed input never affects other clients', () => {
  it('closes a connection that sends a bad magic', async () => {
    const bad = await client();
    const good = await client();
    bad.write(frame(0, 'x', 0, 0xdeadbeef));
    expect(await bad.waitClosed()).toBe(true);
    good.send(0, 'ok');
    expect((await good.recv()).payload.toString()).toBe('ok');
  });

  it('answers an oversize request with an error in its opcode, skips its payload, and keeps serving', async () => {
    const a = await client();
    const size = 1024 * 1024 + 1;
    a.write(frame(0x30, Buffer.alloc(size, 0x61)));
    const f = await a.recv(10_000);
    expect(f.op).toBe(0x30);
    expect(JSON.parse(f.payload.toString())).toMatchObject({ success: false, error: expect.stringContaining('too large') });
    a.send(0, 'after');
    expect((await a.recv()).payload.toString()).toBe('after');
  });

  it('uses family B for an oversize SPAWN', async () => {
    const a = await client();
    a.write(frame(0x10, Buffer.alloc(2 * 1024 * 1024, 0x20)));
    const body = JSON.parse((await a.recv(10_000)).payload.toString());
    expect(body.error).toBeTruthy();
    expect(body.success).toBeUndefined();
  });

  it('survives a truncated frame followed by a disconnect', async () => {
    const a = await client();
    a.write(frame(0, 'truncated').subarray(0, 20));
    a.close();
    const b = await client();
    b.send(0, 'fine');
    expect((await b.recv()).payload.toString()).toBe('fine');
  });

  it('answers invalid JSON with each family’s error shape', async () => {
    const a = await client();
    expect(await a.call(0x30, '{nope')).toMatchObject({ success: false, error: expect.stringMatching(/^invalid request: /) });
    expect(await a.call(0x02, 'not json')).toMatchObject({ success: false, exit_code: -1, stdout: '' });
    const spawn = await a.call(0x10, '{bad');
    expect(spawn.error).toBe('invalid JSON');
    expect(spawn.success).toBeUndefined();
    expect((await a.call(0x11, '[')).error).toBe('invalid request');
    expect(await a.call(0x10, { name: 5, script: 'x.py' })).toMatchObject({ error: 'invalid JSON' });
    expect(await a.call(0x21, '')).toMatchObject({ success: false, messages: [], count: 0 });
  });
});

describe('concurrency', () => {
  it('a slow THINK on one connection does not hold up another, and each connection keeps its order', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    t.server.setThinkHandler(async (req) => {
      await gate;
      return { content: `re: ${req.prompt}`, tokens: 3 };
    });
    const slow = await client();
    const fast = await client();
    slow.send(0x01, JSON.stringify({ prompt: 'p' }));
    slow.send(0x00, 'after-think');
    fast.send(0x00, 'quick');
    expect((await fast.recv(1000)).payload.toString()).toBe('quick');
    release();
    const first = await slow.recv();
    const second = await slow.recv();
    expect(first.op).toBe(0x01);
    expect(JSON.parse(first.payload.toString())).toEqual({ success: true, content: 're: p', tokens: 3 });
    expect(second.payload.toString()).toBe('after-think');
  });

  it('keeps 50 clients × 200 pipelined requests each in order', async () => {
    const cs = await Promise.all(Array.from({ length: 50 }, () => client()));
    await Promise.all(
      cs.map(async (c, i) => {
        const frames = [];
        for (let n = 0; n < 200; n++) frames.push(n % 3 === 0 ? frame(0x30, JSON.stringify({ key: `k${i}`, value: n, scope: 'agent' })) : frame(0, `${i}:${n}`));
        c.write(Buffer.concat(frames));
        for (let n = 0; n < 200; n++) {
          const f = await c.recv();
          if (n % 3 === 0) expect(JSON.parse(f.payload.toString())).toEqual({ success: true, key: `k${i}` });
          else expect(f.payload.toString()).toBe(`${i}:${n}`);
        }
      }),
    );
  });
});
