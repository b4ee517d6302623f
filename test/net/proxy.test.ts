// The filtering proxy itself, on the host's loopback (the sandboxed clients are in
// test/sandbox/net.test.ts): real sockets, a real curl, real local servers, names from a
// hosts file (AOSH_NET_HOSTS's resolver), so nothing leaves the machine.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadNative } from '../../src/kernel/native.js';
import { NetPolicy, type Refusal } from '../../src/kernel/net/policy.js';
import { forwardHead, HANDOFF_BYTES, NetProxy } from '../../src/kernel/net/proxy.js';
import { hostsFileResolver } from '../../src/kernel/net/resolve.js';
import { permissionsFromFlags } from '../../src/kernel/permissions.js';
import { pollUntil } from '../helpers/run-aosh.js';

const hasCurl = spawnSync('curl', ['--version']).status === 0;

/** curl, asynchronously: the proxy under test runs on this process's event loop. */
function curl(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('curl', args, { encoding: 'utf8' }, (err, stdout, stderr) => resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

/** Sends `data` on a fresh connection and collects everything until the proxy closes it. */
function exchange(port: number, data: string | Buffer, opts: { endAfterWrite?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    s.on('data', (d) => got.push(d));
    s.on('error', reject);
    s.on('close', () => resolve(Buffer.concat(got).toString('latin1')));
    s.write(data);
    if (opts.endAfterWrite) s.end();
  });
}

const tunnel = loadNative()?.tunnel;
const relays = [['Node streams', undefined], ['native tunnels', tunnel]] as const;

describe.each(relays)('the filtering proxy, relayed by %s', (relayName, relay) => {
  if (relayName === 'native tunnels' && !relay) console.log('proxy.test: the native addon has no tunnel(): run npm run build:native');
  let dir: string;
  let web: HttpServer;
  let webPort: number;
  let echo: net.Server;
  let echoPort: number;
  let stream: net.Server;
  let streamPort: number;
  let policy: NetPolicy;
  let proxy: NetProxy;
  let port: number;
  const refused: Refusal[] = [];
  const heads: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'aosh-proxy-'));
    web = createHttpServer((req, res) => {
      heads.push(JSON.stringify({ url: req.url, host: req.headers.host, connection: req.headers.connection, proxy: req.headers['proxy-connection'] ?? null, auth: req.headers['proxy-authorization'] ?? null }));
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.url === '/big') {
          res.writeHead(200, { 'content-length': String(4 << 20) });
          return res.end(Buffer.alloc(4 << 20, 120));
        }
        res.end(`${req.method} ${req.url} ${Buffer.concat(chunks).toString()}`);
      });
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    webPort = (web.address() as net.AddressInfo).port;
    // "TLS-like": bytes both ways, the answer only after the client's half-close.
    echo = net.createServer({ allowHalfOpen: true }, (c) => {
      const got: Buffer[] = [];
      c.on('data', (d) => got.push(d));
      c.on('end', () => c.end(Buffer.concat([Buffer.from('ECHO:'), ...got])));
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    echoPort = (echo.address() as net.AddressInfo).port;
    stream = net.createServer((c) => {
      const chunk = Buffer.alloc(64 << 10, 115);
      const pump = (): void => {
        while (c.write(chunk));
        c.once('drain', pump);
      };
      c.on('error', () => undefined);
      pump();
    });
    await new Promise<void>((r) => stream.listen(0, '127.0.0.1', r));
    streamPort = (stream.address() as net.AddressInfo).port;
    writeFileSync(path.join(dir, 'hosts'), `127.0.0.1 allowed.test echo.test rebind.glob.test\n127.0.0.1:${echoPort} mapped.test\n`);
    policy = new NetPolicy(permissionsFromFlags(['--allow-net=allowed.test,echo.test,*.glob.test,mapped.test:443']));
    proxy = new NetProxy({ port: 0, host: '127.0.0.1' }, { label: 'test', policy, resolver: hostsFileResolver(path.join(dir, 'hosts')), onRefused: (r) => refused.push(r), tunnel: relay });
    port = await proxy.port();
  });

  afterAll(() => {
    proxy?.close();
    web?.close();
    echo?.close();
    stream?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!hasCurl)('forwards plain HTTP for an allowed host: origin-form, Host from the URI, no proxy headers, Connection: close', async () => {
    heads.length = 0;
    const r = await curl(['-sS', '-x', `http://127.0.0.1:${port}`, '-H', 'Proxy-Authorization: Basic eDp5', '-H', 'Host: evil.test', '--data', 'payload', `http://allowed.test:${webPort}/p?q=1`]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('POST /p?q=1 payload');
    expect(JSON.parse(heads[0]!)).toEqual({ url: '/p?q=1', host: `allowed.test:${webPort}`, connection: 'close', proxy: null, auth: null });
  });

  it.skipIf(!hasCurl)('refuses other hosts with 403 and a reason that names the flag', async () => {
    refused.length = 0;
    const r = await curl(['-sS', '-i', '-x', `http://127.0.0.1:${port}`, `http://other.test:${webPort}/`]);
    expect(r.stdout).toMatch(/^HTTP\/1\.1 403 Forbidden by aosh: other\.test is not allowed \(allow with --allow-net=other\.test\)\r\n/);
    expect(r.stdout).toMatch(/X-Aosh-Refused: not-listed\r\n/);
    expect(r.stdout.endsWith('\r\n\r\naosh: other.test is not allowed (allow with --allow-net=other.test)\n')).toBe(true);
    expect(refused).toEqual([{ host: 'other.test', port: webPort, reason: 'not-listed', message: 'other.test is not allowed (allow with --allow-net=other.test)' }]);
    const t = await curl(['-sS', '-p', '-x', `http://127.0.0.1:${port}`, `http://other.test:${webPort}/`]);
    expect(t.status).toBe(56); // curl: CONNECT tunnel failed, response 403
  });

  it('refuses an IP literal and a glob name that resolves to loopback (rebinding)', async () => {
    expect(await exchange(port, `CONNECT 127.0.0.1:${echoPort} HTTP/1.1\r\nHost: x\r\n\r\n`)).toMatch(/^HTTP\/1\.1 403 Forbidden by aosh: 127\.0\.0\.1 is an IP address, not on the list/);
    expect(await exchange(port, `CONNECT 0x7f.1:${echoPort} HTTP/1.1\r\n\r\n`)).toMatch(/^HTTP\/1\.1 403 .*127\.0\.0\.1 is an IP address/);
    expect(await exchange(port, `CONNECT rebind.glob.test:${echoPort} HTTP/1.1\r\n\r\n`)).toMatch(/^HTTP\/1\.1 403 Forbidden by aosh: rebind\.glob\.test resolves to 127\.0\.0\.1 \(loopback\): allowed only when listed by name/);
  });

  it('tunnels CONNECT both ways, half-close included, and counts the bytes', async () => {
    const before = proxy.stats();
    const r = await exchange(port, `CONNECT echo.test:${echoPort} HTTP/1.1\r\nHost: echo.test:${echoPort}\r\n\r\n\x16\x03\x01hello`, { endAfterWrite: true });
    expect(r).toBe('HTTP/1.1 200 Connection Established\r\n\r\nECHO:\x16\x03\x01hello');
    const after = proxy.stats();
    expect(after.connections - before.connections).toBe(1);
    expect(after.bytesOut - before.bytesOut).toBe(8);
    expect(after.bytesIn - before.bytesIn).toBe(13);
  });

  it('a name AOSH_NET_HOSTS maps to ADDRESS:PORT is judged on the port asked, connected on the mapped one', async () => {
    const r = await exchange(port, 'CONNECT mapped.test:443 HTTP/1.1\r\n\r\nping', { endAfterWrite: true });
    expect(r).toBe('HTTP/1.1 200 Connection Established\r\n\r\nECHO:ping');
    expect(await exchange(port, 'CONNECT mapped.test:444 HTTP/1.1\r\n\r\n')).toMatch(/^HTTP\/1\.1 403 Forbidden by aosh: mapped\.test:444 is not allowed: another port is listed/);
  });

  it('a tunnel that moves past the hand-off keeps every byte, both ways, and its half-close', async () => {
    const payload = Buffer.alloc(3 * HANDOFF_BYTES + 12345);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 7) & 0xff;
    const r = await new Promise<Buffer>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1');
      const got: Buffer[] = [];
      s.on('data', (d) => got.push(d));
      s.on('error', reject);
      s.on('close', () => resolve(Buffer.concat(got)));
      s.write(`CONNECT echo.test:${echoPort} HTTP/1.1\r\n\r\n`);
      s.write(payload);
      s.end();
    });
    const head = 'HTTP/1.1 200 Connection Established\r\n\r\nECHO:';
    expect(r.subarray(0, head.length).toString()).toBe(head);
    expect(r.subarray(head.length).equals(payload)).toBe(true);
  });

  it('a server that speaks first (an ssh banner) is heard through CONNECT', async () => {
    const banner = net.createServer((c) => {
      c.write('SSH-2.0-test\r\n');
      c.on('data', (d) => c.end(`got ${d.toString().trim()}\n`));
    });
    const bport = await new Promise<number>((r) => banner.listen(0, '127.0.0.1', () => r((banner.address() as net.AddressInfo).port)));
    try {
      const r = await new Promise<string>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1');
        let got = '';
        s.on('data', (d) => {
          got += d.toString();
          if (got.endsWith('SSH-2.0-test\r\n')) s.write('SSH-2.0-client\r\n');
        });
        s.on('error', reject);
        s.on('close', () => resolve(got));
        s.write(`CONNECT echo.test:${bport} HTTP/1.1\r\n\r\n`);
      });
      expect(r).toBe('HTTP/1.1 200 Connection Established\r\n\r\nSSH-2.0-test\r\ngot SSH-2.0-client\n');
    } finally {
      banner.close();
    }
  });

  it.skipIf(!hasCurl)('moves a 4 MiB body intact', async () => {
    const r = await curl(['-sS', '-o', path.join(dir, 'big'), '-w', '%{size_download}', '-x', `http://127.0.0.1:${port}`, `http://allowed.test:${webPort}/big`]);
    expect(r.stdout).toBe(String(4 << 20));
    const body = readFileSync(path.join(dir, 'big'));
    expect(body.length === 4 << 20 && body.every((b) => b === 120)).toBe(true);
  });

  it('answers malformed and unsupported requests with one clear line', async () => {
    expect(await exchange(port, 'hello\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*aosh: not an HTTP proxy request\n$/);
    expect(await exchange(port, 'CONNECT allowed.test HTTP/1.1\r\n\r\n')).toMatch(/aosh: CONNECT needs host:port, not allowed\.test\n$/);
    expect(await exchange(port, 'GET https://allowed.test/ HTTP/1.1\r\n\r\n')).toMatch(/aosh: https URLs go through CONNECT \(set HTTPS_PROXY\), not as a plain request\n$/);
    expect(await exchange(port, 'GET / HTTP/1.1\r\n\r\n')).toMatch(/aosh: a request to the proxy names its host/);
    expect(await exchange(port, `GET /x HTTP/1.1\r\nX: ${'a'.repeat(70_000)}`)).toMatch(/^HTTP\/1\.1 431 /);
    expect(await exchange(port, 'CONNECT nowhere.glob.test:443 HTTP/1.1\r\n\r\n')).toMatch(/^HTTP\/1\.1 502 Bad Gateway[\s\S]*aosh: nowhere\.glob\.test does not resolve \(not in AOSH_NET_HOSTS=/);
    // A port nothing listens on (the echo server's, closed for a moment, is racy: use a fresh one).
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const dead = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await exchange(port, `CONNECT allowed.test:${dead} HTTP/1.1\r\n\r\n`)).toMatch(new RegExp(`aosh: cannot connect to allowed\\.test:${dead} \\(ECONNREFUSED\\)\\n$`));
  });

  it('a request on an origin-form line goes by its Host header', async () => {
    const r = await exchange(port, `GET /o HTTP/1.1\r\nHost: allowed.test:${webPort}\r\n\r\n`);
    expect(r).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*GET \/o $/);
  });

  it('when the list narrows, open tunnels to hosts no longer allowed are closed and new requests refused', async () => {
    const p = new NetPolicy(permissionsFromFlags(['--allow-net=echo.test,allowed.test']));
    const seen: Refusal[] = [];
    const px = new NetProxy({ port: 0, host: '127.0.0.1' }, { label: 'narrow', policy: p, resolver: hostsFileResolver(path.join(dir, 'hosts')), onRefused: (r) => seen.push(r), tunnel: relay });
    const pport = await px.port();
    try {
      const s = net.connect(pport, '127.0.0.1');
      const got: Buffer[] = [];
      const closed = new Promise<void>((r) => s.on('close', () => r()));
      s.on('data', (d) => got.push(d));
      // A server that streams and never ends: the tunnel moves past HANDOFF_BYTES (a native
      // thread then relays it, when there is one) and stays open.
      s.write(`CONNECT echo.test:${streamPort} HTTP/1.1\r\n\r\n`);
      await pollUntil(() => Buffer.concat(got).length > 2 * HANDOFF_BYTES, 'streamed bytes');
      expect(px.stats().active).toBe(1);
      await pollUntil(() => px.stats().live[0]?.relay === (relay ? 'native' : 'node'), `the ${relayName} relay`);
      p.narrow(permissionsFromFlags(['--allow-net=allowed.test']));
      px.recheck();
      await closed;
      await pollUntil(() => px.stats().active === 0, 'the tunnel to end');
      expect(seen.map((r) => r.reason)).toEqual(['list-changed']);
      expect(seen[0]!.message).toMatch(/^echo\.test is no longer allowed: the list changed/);
      s.destroy();
      expect(await exchange(pport, `CONNECT echo.test:${echoPort} HTTP/1.1\r\n\r\n`)).toMatch(/^HTTP\/1\.1 403 Forbidden by aosh: echo\.test is not allowed/);
    } finally {
      px.close();
    }
  });
});

describe('forwardHead', () => {
  it('keeps an Upgrade, drops the hop-by-hop headers the client named', () => {
    const h = forwardHead('GET', '/ws', '1.1', [['Host', 'x'], ['Connection', 'Upgrade, X-Hop'], ['Upgrade', 'websocket'], ['X-Hop', '1'], ['X-Keep', '2']], 'a.test', 8080);
    expect(h).toBe('GET /ws HTTP/1.1\r\nHost: a.test:8080\r\nUpgrade: websocket\r\nX-Keep: 2\r\nConnection: Upgrade\r\n\r\n');
    expect(forwardHead('GET', '', '1.0', [['Keep-Alive', '5']], '[::1]', 80)).toBe('GET / HTTP/1.0\r\nHost: [::1]\r\nConnection: close\r\n\r\n');
  });
});
