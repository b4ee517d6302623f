// tunnel(a, b): two real TCP connections on loopback relayed both ways by the addon's
// thread, as the net proxy uses it (the proxy's end of each connection handed over).
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';

import { addon, native, skipReason } from './helpers.js';

/** A connected pair: [our end (Node), the far end (Node)]. */
async function pair(server: net.Server, port: number): Promise<[net.Socket, net.Socket]> {
  const far = new Promise<net.Socket>((r) => server.once('connection', r));
  const near = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  await new Promise((r) => near.once('connect', r));
  return [near, await far];
}

const fd = (s: net.Socket): number => (s as unknown as { _handle: { fd: number } })._handle.fd;

describe.skipIf(!native)(`native tunnel ${skipReason}`, () => {
  const server = net.createServer({ allowHalfOpen: true });
  let port = 0;
  afterAll(() => server.close());

  const setup = async () => {
    if (!port) port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)));
    // client <-> [a ... tunnel ... b] <-> upstream
    const [client, a] = await pair(server, port);
    const [b, upstream] = await pair(server, port);
    a.pause();
    b.pause();
    let onDone!: (v: [number, number, string | null]) => void;
    const done = new Promise<[number, number, string | null]>((r) => (onDone = r));
    const t = addon().tunnel!(fd(a), fd(b), (x, y, e) => onDone([x, y, e]));
    a.destroy(); // the tunnel holds its own duplicates
    b.destroy();
    return { client, upstream, t, done };
  };

  const read = (s: net.Socket): Promise<string> =>
    new Promise((r) => {
      let got = '';
      s.on('data', (d) => (got += d));
      s.on('end', () => r(got));
    });

  it('relays both ways, keeps a half-close a half-close, and counts each direction', async () => {
    const { client, upstream, t, done } = await setup();
    const atUpstream = read(upstream);
    client.end('ping');
    expect(await atUpstream).toBe('ping'); // the client's EOF arrived as EOF
    const atClient = read(client);
    upstream.end('pong and more'); // still writable after the other direction ended
    expect(await atClient).toBe('pong and more');
    expect(await done).toEqual([4, 13, null]);
    expect(t.bytes()).toEqual([4, 13]);
  });

  it('cancel() closes both connections and says so', async () => {
    const { client, upstream, t, done } = await setup();
    const ended = Promise.all([read(client), read(upstream)]);
    t.cancel();
    t.cancel();
    expect((await done)[2]).toBe('cancelled');
    expect(await ended).toEqual(['', '']); // both see the tunnel's end of their connection close
  });

  it('a reset on one side ends the tunnel and closes the other', async () => {
    const { client, upstream, done } = await setup();
    const ended = read(upstream);
    client.resetAndDestroy();
    const [, , error] = await done;
    expect(error).toMatch(/ECONNRESET|EPIPE/);
    expect(await ended).toBe('');
  });

  it('refuses what is not a socket, before anything starts', () => {
    const [r, w] = addon().pipe();
    expect(() => addon().tunnel!(r, w, () => undefined)).toThrow(/tunnel: fds must be sockets/);
    expect(() => addon().tunnel!(r, r, () => undefined)).toThrow(/must be different/);
    addon().close(r);
    addon().close(w);
  });
});
