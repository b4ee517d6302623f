// Every queue the kernel keeps for a client has a limit, and every limit has a test: event
// queues drop their oldest and say so, answers are cut to answer_bytes without losing a
// message, mailbox counts refuse the SEND, names are bounded. Over the real socket.
import { describe, expect, it } from 'vitest';
import { RawClient, startTestServer } from '../syscalls/helpers.js';

describe('event queues', () => {
  it('keep the newest event_queue_events, and the next POLL_EVENTS says how many were dropped', async () => {
    const t = await startTestServer({ limits: { eventQueueEvents: 5 } });
    try {
      const sub = await RawClient.connect(t.path);
      await sub.call(0x60, { events: ['CUSTOM'] });
      const pub = await RawClient.connect(t.path);
      for (let i = 0; i < 12; i++) expect((await pub.call(0x63, { event: 'CUSTOM', data: { i } })).success).toBe(true);
      const got = await sub.call(0x62, { max: 100 });
      expect(got.events.map((e: { data: { i: number } }) => e.data.i)).toEqual([7, 8, 9, 10, 11]);
      expect(got).toMatchObject({ success: true, count: 5, dropped: 7 });
      expect((await sub.call(0x62, { max: 100 })).dropped).toBeUndefined();
      sub.close();
      pub.close();
    } finally {
      await t.cleanup();
    }
  });

  it('refuse EMIT data beyond event_bytes; all queues together stay under events_bytes', async () => {
    const t = await startTestServer({ limits: { eventBytes: 1000, eventsBytes: 5000 } });
    try {
      const subs = await Promise.all(Array.from({ length: 4 }, () => RawClient.connect(t.path)));
      for (const s of subs) await s.call(0x60, { events: ['CUSTOM'] });
      const pub = await RawClient.connect(t.path);
      expect((await pub.call(0x63, { event: 'CUSTOM', data: 'x'.repeat(1000) })).error).toMatch(/^event data too large: 1002 bytes as JSON \(limit 1000 B, AOSH_LIMIT_EVENT_BYTES\)$/);
      for (let i = 0; i < 20; i++) await pub.call(0x63, { event: 'CUSTOM', data: 'y'.repeat(400) });
      expect(t.server.stats().events.queuedBytes).toBeLessThanOrEqual(5000);
      const polled = await subs[3]!.call(0x62, { max: 100 });
      expect(polled.count).toBeGreaterThan(0); // the newest survive
      for (const s of [...subs, pub]) s.close();
    } finally {
      await t.cleanup();
    }
  });
});

describe('mailboxes and names', () => {
  it('a RECV answer holds at most answer_bytes (at least one message); the rest wait', async () => {
    const t = await startTestServer({ limits: { answerBytes: 10_000 } });
    try {
      const c = await RawClient.connect(t.path);
      await c.call(0x23, { name: 'me' });
      for (let i = 0; i < 10; i++) await c.call(0x20, { to_name: 'me', message: `${i}`.padEnd(3000, '.') });
      const first = await c.call(0x21, { max: 100 });
      expect(first.count).toBe(3);
      const rest = await c.call(0x21, { max: 100 });
      const last = await c.call(0x21, { max: 100 });
      const all = [...first.messages, ...rest.messages, ...last.messages, ...(await c.call(0x21, { max: 100 })).messages];
      expect(all.map((m: { message: string }) => m.message[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
      // One message bigger than the answer limit still comes out, alone.
      await c.call(0x20, { to_name: 'me', message: 'z'.repeat(20_000) });
      expect((await c.call(0x21, { max: 100 })).count).toBe(1);
      c.close();
    } finally {
      await t.cleanup();
    }
  });

  it('a mailbox refuses the SEND past mailbox_messages, and takes it again once read', async () => {
    const t = await startTestServer({ limits: { mailboxMessages: 3 } });
    try {
      const c = await RawClient.connect(t.path);
      await c.call(0x23, { name: 'box' });
      for (let i = 0; i < 3; i++) expect((await c.call(0x20, { to_name: 'box', message: i })).success).toBe(true);
      expect((await c.call(0x20, { to_name: 'box', message: 3 })).error).toMatch(/^mailbox full: agent 1 has 3 unread messages \(limit 3, AOSH_LIMIT_MAILBOX_MESSAGES\); try again after it reads$/);
      const b = await c.call(0x22, { message: 'all', include_self: true });
      expect(b).toMatchObject({ success: true, delivered_count: 0, refused: [1] });
      await c.call(0x21, { max: 1 });
      expect((await c.call(0x20, { to_name: 'box', message: 3 })).success).toBe(true);
      c.close();
    } finally {
      await t.cleanup();
    }
  });

  it('names are bounded in length and in number per connection', async () => {
    const t = await startTestServer({ limits: { namesPerConnection: 3 } });
    try {
      const c = await RawClient.connect(t.path);
      expect((await c.call(0x23, { name: 'n'.repeat(1025) })).error).toMatch(/^name too long: 1025 bytes \(limit 1024, AOSH_LIMIT_NAME_BYTES\)$/);
      for (const n of ['a', 'b', 'c', 'a']) expect((await c.call(0x23, { name: n })).success).toBe(true);
      expect((await c.call(0x23, { name: 'd' })).error).toMatch(/^too many names: this connection holds 3 \(limit 3, AOSH_LIMIT_NAMES_PER_CONNECTION\)$/);
      // Names reach the user's terminal (ps, notices): an agent may not put escape sequences there.
      const osc52 = '\u001b]52;c;ZWNobyBwd25lZA==\u0007';
      expect((await c.call(0x23, { name: 'e' + osc52 })).error).toBe('name must not contain control characters');
      expect(await c.call(0x10, { name: osc52, script: 'x.py' })).toEqual({ error: 'failed to spawn agent', detail: 'name must not contain control characters' });
      expect((await c.call(0x10, { name: 'n'.repeat(1025), script: 'x.py' })).detail).toMatch(/^name too long: 1025 bytes/);
      c.close();
    } finally {
      await t.cleanup();
    }
  });

  it('a message over message_bytes is refused, nothing queued', async () => {
    const t = await startTestServer({ limits: { messageBytes: 100 } });
    try {
      const c = await RawClient.connect(t.path);
      await c.call(0x23, { name: 'm' });
      expect((await c.call(0x20, { to_name: 'm', message: 'q'.repeat(200) })).error).toMatch(/^message too large: 202 bytes as JSON \(limit 100 B, AOSH_LIMIT_MESSAGE_BYTES\)$/);
      expect((await c.call(0x21, {})).count).toBe(0);
      c.close();
    } finally {
      await t.cleanup();
    }
  });
});
