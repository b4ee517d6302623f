// Issue 12, "crash by nesting": a value nested ~5,000 levels deep (10 KB) SENT, BROADCAST,
// STOREd or EMITted came back in an answer whose JSON.stringify overflowed the stack outside
// any try/catch, and aosh exited 1 with a RangeError trace — BROADCAST let one client kill
// every other client's session. Now a request nested deeper than limits.jsonDepth is refused
// with a one-line JSON error when it is accepted, and the kernel (the real aosh, over its
// real socket) stays up for everybody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../syscalls/helpers.js';
import { alarming, startLiveKernel, type LiveKernel } from '../helpers/live-kernel.js';

const DEEP = 5000;
const deep = (open: string, close: string, n = DEEP, center = ''): string => open.repeat(n) + center + close.repeat(n);

let k: LiveKernel;
let victim: RawClient;
beforeAll(async () => {
  k = await startLiveKernel();
  if (!k.contained) console.log(`nesting tests run aosh outside the outer container: ${k.why}`);
  victim = await RawClient.connect(k.socket);
  expect((await victim.call(0x23, { name: 'victim' })).success).toBe(true);
  await victim.call(0x60, { events: ['CUSTOM'] });
});
afterAll(async () => {
  victim?.close();
  const r = await k.stop();
  expect(alarming(r.stderr)).toEqual([]);
  expect(r.status).toBe(0);
});

describe('a value nested 5,000 levels deep', () => {
  const cases: [string, number, string][] = [
    ['SEND', 0x20, `{"to_name":"victim","message":${deep('[', ']')}}`],
    ['BROADCAST', 0x22, `{"message":${deep('{"a":', '}', DEEP, '0')}}`],
    ['STORE', 0x30, `{"key":"deep","value":${deep('[', ']')}}`],
    ['EMIT', 0x63, `{"event":"CUSTOM","data":${deep('[', ']')}}`],
  ];
  for (const [name, op, payload] of cases) {
    it(`is refused by ${name} with a clear JSON error, and the kernel answers everybody after`, async () => {
      const bad = await RawClient.connect(k.socket);
      bad.send(op, payload);
      const r = JSON.parse((await bad.recv()).payload.toString());
      expect(r.success).toBe(false);
      expect(r.error).toMatch(/nested more than 64 levels deep \(limit AOSH_LIMIT_JSON_DEPTH\)/);
      // Nothing reached the victim's mailbox or event queue, and it is still served.
      expect(await victim.call(0x21, { max: 10 })).toMatchObject({ success: true, count: 0 });
      expect(await victim.call(0x62, { max: 10 })).toMatchObject({ success: true, count: 0 });
      expect((await bad.call(0x31, { key: 'deep' })).exists).toBe(false);
      bad.close();
      expect(k.alive()).toBe(true);
    });
  }

  it('at the limit (63 levels inside the request) is kept and answered intact', async () => {
    const c = await RawClient.connect(k.socket);
    const value = JSON.parse(deep('[', ']', 63));
    expect(await c.call(0x20, { to_name: 'victim', message: value })).toMatchObject({ success: true });
    const got = await victim.call(0x21, { max: 1 });
    expect(got.messages[0].message).toEqual(value);
    expect(await c.call(0x30, { key: 'edge', value })).toMatchObject({ success: true });
    expect((await c.call(0x31, { key: 'edge' })).value).toEqual(value);
    c.close();
  });

  it('inside a THINK image or a TUNNEL_CONFIG value never reaches anything that walks it', async () => {
    const c = await RawClient.connect(k.socket);
    c.send(0x01, `{"prompt":"hi","image":{"data":"x","mime_type":${deep('[', ']')}}}`);
    const t = JSON.parse((await c.recv()).payload.toString());
    expect(t.success).toBe(false); // offline (no provider): the spec's shape, not a crash
    c.send(0xb4, `{"relay_url":${deep('[', ']')}}`);
    expect(JSON.parse((await c.recv()).payload.toString()).error).toMatch(/nested more than/);
    expect(await c.call(0xb2, {})).toMatchObject({ success: true, connected: false });
    c.close();
    expect(k.alive()).toBe(true);
  });
});
