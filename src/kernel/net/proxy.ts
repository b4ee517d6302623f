// The filtering proxy of one world (DESIGN.md: `net`, outside every world). The kernel
// serves a listening socket the zygote made on the world's own 127.0.0.1 (World.listen):
// stages reach it with HTTP_PROXY/HTTPS_PROXY, connections arrive here, in the kernel, and
// the kernel connects out with the host's network. Nothing else leaves the world: its
// network namespace has only loopback.
//
// Two forms, as curl, pip, npm, git and Python's urllib speak them:
//   CONNECT host:port          a tunnel (TLS, or anything else) to host:port
//   GET http://host[:port]/p   plain HTTP forwarded; the request line becomes origin-form,
//                              Host is set from the URI, Proxy-* and hop-by-hop headers
//                              dropped, and `Connection: close` asked of the server, so each
//                              client connection carries requests to one host only
//   (an origin-form request uses its Host header: a client that ignores proxies but was
//   pointed here anyway.)
// No SOCKS: every client aosh's users run through a proxy speaks HTTP CONNECT (curl, pip,
// npm, git over https, urllib, requests, Go); SOCKS5 would be a second parser for the same
// decision. ssh can tunnel through CONNECT (`ProxyCommand nc -X connect …`).
//
// The decision (policy.ts) is by the host the client asked for; the kernel resolves it and
// connects to the addresses it checked. Each refusal answers 403 with a reason phrase and a
// body naming the host and the flag that would allow it, and is reported (the shell's note,
// the journal's net.denied). Limits: a request head of 64 KiB, 30 s to send it, 256 open
// connections per world (503 beyond).
import net from 'node:net';

import type { PermissionSet } from '../permissions.js';
import { NetPolicy, parseAuthority, type Refusal } from './policy.js';
import { kernelResolver, type Address, type Resolver } from './resolve.js';

const MAX_HEAD = 64 * 1024;
const HEAD_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 15_000;
const LINGER_MS = 5_000;
export const MAX_CONNECTIONS = 256;
/** After this many bytes a connection moves from Node to a native tunnel (when there is one). */
export const HANDOFF_BYTES = 256 << 10;
/** Fewer pause/resume turns per MiB than the 16 KiB default, while Node relays. */
const WATER = 256 << 10;

/** native tunnel(): the data path off the event loop (native/tunnel.cc). */
export type TunnelFn = (a: number, b: number, onDone: (aToB: number, bToA: number, error: string | null) => void) => { bytes(): [number, number]; cancel(): void };

export interface ProxyHooks {
  /** The world (session, or the agent's name): journal records and `net ls`. */
  label: string;
  policy: NetPolicy;
  resolver: Resolver;
  /** A refused request (after the 403 is on its way). */
  onRefused(r: Refusal): void;
  /** When given, open connections are relayed by a native thread; else by Node streams. */
  tunnel?: TunnelFn;
}

export interface LiveConnection {
  host: string;
  port: number;
  address: string;
  kind: 'connect' | 'http';
  since: number;
  bytesIn: number;
  bytesOut: number;
  /** Who moves its bytes: a native thread, or Node streams (an addon without tunnel()). */
  relay: 'native' | 'node';
}

export interface ProxyStats {
  connections: number;
  active: number;
  bytesIn: number;
  bytesOut: number;
  denied: number;
  live: LiveConnection[];
  denials: Array<{ at: number; host: string; port: number; reason: string; message: string }>;
}

interface Tunnel {
  host: string;
  port: number;
  address: string;
  kind: 'connect' | 'http';
  since: number;
  client: net.Socket;
  upstream: net.Socket;
  /** Set once a native thread relays it: the Node sockets are gone then. */
  native?: { bytes(): [number, number]; cancel(): void };
  /** Bytes Node moved before the hand-off (the forwarded head). */
  base: { in: number; out: number };
}

export class NetProxy {
  private readonly server: net.Server;
  private readonly tunnels = new Set<Tunnel>();
  private readonly pending = new Set<net.Socket>();
  private total = { connections: 0, bytesIn: 0, bytesOut: 0, denied: 0 };
  private readonly recent: ProxyStats['denials'] = [];
  private seenVersion: number;
  private closed = false;

  /** `listen`: the world's listener fd, or where to listen (tests, benchmarks). */
  constructor(
    listen: number | net.ListenOptions,
    private readonly hooks: ProxyHooks,
  ) {
    this.seenVersion = hooks.policy.version;
    this.server = net.createServer({ allowHalfOpen: true, noDelay: true, highWaterMark: WATER } as net.ServerOpts, (c) => this.accept(c));
    this.server.on('error', () => undefined);
    this.server.listen(typeof listen === 'number' ? { fd: listen } : listen);
    // The proxy never keeps aosh alive: a world's stages do (World.spawn refs its watch).
    this.server.unref();
  }

  /** The port it listens on, once it does. */
  async port(): Promise<number> {
    if (!this.server.listening) await new Promise((r) => this.server.once('listening', r));
    return (this.server.address() as net.AddressInfo).port;
  }

  stats(): ProxyStats {
    let bytesIn = this.total.bytesIn;
    let bytesOut = this.total.bytesOut;
    const live: LiveConnection[] = [];
    for (const t of this.tunnels) {
      const [i, o] = moved(t);
      bytesIn += i;
      bytesOut += o;
      live.push({ host: t.host, port: t.port, address: t.address, kind: t.kind, since: t.since, bytesIn: i, bytesOut: o, relay: t.native ? 'native' : 'node' });
    }
    return { connections: this.total.connections, active: this.tunnels.size, bytesIn, bytesOut, denied: this.total.denied, live, denials: [...this.recent] };
  }

  /** The list changed: every open connection is judged again; those refused now are closed. */
  recheck(): void {
    if (this.hooks.policy.version === this.seenVersion) return;
    this.seenVersion = this.hooks.policy.version;
    for (const t of [...this.tunnels]) {
      const r = this.hooks.policy.stillAllowed(t.host, t.port);
      if (!r) continue;
      end(t);
      this.refused(r);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.server.close();
    for (const s of this.pending) s.destroy();
    for (const t of this.tunnels) end(t);
  }

  private accept(c: net.Socket): void {
    c.on('error', () => undefined);
    if (this.closed) return void c.destroy();
    if (this.pending.size + this.tunnels.size >= MAX_CONNECTIONS) {
      return this.reply(c, 503, 'Service Unavailable', `aosh: too many open connections through the proxy of ${this.hooks.label} (${MAX_CONNECTIONS})\n`);
    }
    this.pending.add(c);
    c.once('close', () => this.pending.delete(c));
    let buf: Buffer = Buffer.alloc(0);
    const timer = setTimeout(() => c.destroy(), HEAD_TIMEOUT_MS);
    timer.unref();
    const onData = (d: Buffer): void => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buf.length > MAX_HEAD) {
          c.off('data', onData);
          clearTimeout(timer);
          this.reply(c, 431, 'Request Header Fields Too Large', `aosh: request head over ${MAX_HEAD} bytes\n`);
        }
        return;
      }
      // Nothing more is read until the connection is decided: what the client sends next
      // stays in the socket (a native tunnel takes it from there) or in `rest`.
      c.off('data', onData);
      stopReading(c);
      clearTimeout(timer);
      this.handle(c, buf.subarray(0, end).toString('latin1'), buf.subarray(end + 4)).catch(() => c.destroy());
    };
    c.on('data', onData);
  }

  private async handle(c: net.Socket, head: string, rest: Buffer): Promise<void> {
    const lines = head.split('\r\n');
    const m = /^([A-Za-z]+) (\S+) HTTP\/(1\.[01])$/.exec(lines[0]!);
    if (!m) return this.reply(c, 400, 'Bad Request', 'aosh: not an HTTP proxy request\n');
    const method = m[1]!.toUpperCase();
    const target = m[2]!;
    const headers: Array<[string, string]> = [];
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      if (i <= 0 || /^\s/.test(l)) return this.reply(c, 400, 'Bad Request', 'aosh: malformed header line\n');
      headers.push([l.slice(0, i).trim(), l.slice(i + 1).trim()]);
    }
    const header = (name: string): string | undefined => headers.find(([k]) => k.toLowerCase() === name)?.[1];

    let kind: 'connect' | 'http';
    let auth: { host: string; port: number } | null;
    let path = '';
    if (method === 'CONNECT') {
      kind = 'connect';
      auth = parseAuthority(target, null);
      if (!auth) return this.reply(c, 400, 'Bad Request', `aosh: CONNECT needs host:port, not ${target}\n`);
    } else {
      kind = 'http';
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
        let url: URL;
        try {
          url = new URL(target);
        } catch {
          return this.reply(c, 400, 'Bad Request', `aosh: not a URL: ${target}\n`);
        }
        if (url.protocol !== 'http:') return this.reply(c, 400, 'Bad Request', `aosh: ${url.protocol.slice(0, -1)} URLs go through CONNECT (set HTTPS_PROXY), not as a plain request\n`);
        auth = { host: url.hostname, port: url.port ? Number(url.port) : 80 };
        path = url.pathname + url.search;
      } else {
        const h = header('host');
        auth = h ? parseAuthority(h, 80) : null;
        if (!auth) return this.reply(c, 400, 'Bad Request', 'aosh: a request to the proxy names its host (absolute URI or Host header)\n');
        path = target;
      }
    }

    const policy = this.hooks.policy;
    const seen = policy.version;
    const a = await policy.admit(auth.host, auth.port, this.hooks.resolver);
    if (c.destroyed) return;
    if (!a.ok) {
      if ('refusal' in a) return this.refused(a.refusal, c);
      return this.reply(c, 502, 'Bad Gateway', `aosh: ${a.unresolved.message}\n`);
    }
    let up: { socket: net.Socket; address: string };
    try {
      up = await connectFirst(a.addresses, a.port);
    } catch (err) {
      return this.reply(c, 502, 'Bad Gateway', `aosh: cannot connect to ${a.host}:${a.port} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})\n`);
    }
    if (c.destroyed || this.closed) return void up.socket.destroy();
    // The list may have narrowed while the name was resolved: judge again before opening.
    if (policy.version !== seen) {
      const r = policy.stillAllowed(a.host, a.port);
      if (r) {
        up.socket.destroy();
        return this.refused(r, c);
      }
    }
    this.pending.delete(c);
    const u = up.socket;
    const t: Tunnel = { host: a.host, port: a.port, address: up.address, kind, since: Date.now(), client: c, upstream: u, base: { in: 0, out: 0 } };
    this.total.connections++;
    this.tunnels.add(t);
    // The proxy's own words first, flushed, then the relay takes over.
    try {
      await Promise.all([
        kind === 'connect' ? write(c, 'HTTP/1.1 200 Connection Established\r\n\r\n') : write(u, forwardHead(method, path, m[3]!, headers, a.host, a.port)),
        rest.length ? write(u, rest) : Promise.resolve(),
      ]);
    } catch {
      this.tunnels.delete(t);
      c.destroy();
      u.destroy();
      return;
    }
    if (!this.tunnels.has(t)) return; // the list changed meanwhile (recheck ended it)
    this.relay(t);
  }

  /**
   * Node relays a connection first (a small exchange costs no thread: measured ~0.4 ms less
   * set-up than starting a native tunnel for each); once it has moved HANDOFF_BYTES, a
   * native thread takes over (tunnel.cc: half the CPU per byte, and off the event loop that
   * also runs the shell). Without the addon's tunnel() Node relays it to the end.
   */
  private relay(t: Tunnel): void {
    const { client: c, upstream: u } = t;
    let done = false;
    let moved = 0;
    let switching = false;
    const finish = (): void => {
      if (done || switching) return;
      done = true;
      if (!this.tunnels.delete(t)) return;
      this.total.bytesIn += u.bytesRead;
      this.total.bytesOut += u.bytesWritten;
    };
    const forward = (from: net.Socket, to: net.Socket) => (d: Buffer) => {
      if (!to.write(d)) {
        from.pause();
        to.once('drain', () => {
          if (!switching) from.resume();
        });
      }
      moved += d.length;
      if (!switching && this.hooks.tunnel && moved >= HANDOFF_BYTES) {
        switching = true;
        this.switchToNative(t, off).then(
          (ok) => {
            if (ok) return;
            // Stay with Node (a side has ended, or the addon refused): reading goes on,
            // and a side that closed meanwhile closes the other, as it would have.
            switching = false;
            if (c.destroyed || u.destroyed) {
              finish();
              c.destroy();
              u.destroy();
            } else for (const s of [c, u]) s.resume();
          },
          () => {
            switching = false;
            c.destroy();
            u.destroy();
          },
        );
      }
    };
    // One side gone: flush what the other still has to write, then close it; an error
    // (a reset) closes it at once. EOF on one side is a half-close of the other.
    const follow = (b: net.Socket) => (hadError: boolean) => {
      if (switching) return;
      finish();
      if (hadError) b.destroy();
      else if (!b.destroyed) b.end(() => b.destroy());
    };
    const on: Array<[net.Socket, string, (...args: any[]) => void]> = [ // eslint-disable-line @typescript-eslint/no-explicit-any
      [c, 'data', forward(c, u)],
      [u, 'data', forward(u, c)],
      [c, 'end', () => u.end()],
      [u, 'end', () => c.end()],
      [c, 'close', follow(u)],
      [u, 'close', follow(c)],
    ];
    for (const [sock, ev, fn] of on) sock.on(ev, fn);
    const off = (): void => {
      for (const [sock, ev, fn] of on) sock.off(ev, fn);
    };
    u.on('error', () => undefined);
    // Node reads ahead even while a socket is paused: an EOF may have come with the head.
    if (c.readableEnded) u.end();
    if (u.readableEnded) c.end();
    c.resume();
    u.resume();
  }

  /**
   * Moves a connection Node relays to a native thread: reading stops on both sides, what
   * Node still holds is written out and flushed, then both fds go to tunnel(). False (and
   * nothing changed but a pause) when it cannot be done cleanly: Node goes on.
   */
  private async switchToNative(t: Tunnel, detach: () => void): Promise<boolean> {
    const { client: c, upstream: u } = t;
    stopReading(c);
    stopReading(u);
    for (;;) {
      if ([c, u].some((s) => s.destroyed || s.readableEnded || s.writableEnded)) return false;
      // What libuv read before the stop and Node buffered (a paused side).
      for (const [from, to] of [[c, u], [u, c]] as const) {
        for (let chunk = from.read() as Buffer | null; chunk !== null; chunk = from.read() as Buffer | null) to.write(chunk);
      }
      await Promise.all([flushed(c), flushed(u)]);
      if (c.readableLength === 0 && u.readableLength === 0 && c.writableLength === 0 && u.writableLength === 0) break;
    }
    if (!this.hooks.tunnel || fdOf(c) < 0 || fdOf(u) < 0) return false;
    detach();
    if (this.handOff(t)) return true;
    // No thread for it (the process is out of fds or threads): this connection ends.
    if (this.tunnels.delete(t)) {
      this.total.bytesIn += u.bytesRead;
      this.total.bytesOut += u.bytesWritten;
    }
    c.destroy();
    u.destroy();
    return true;
  }

  /**
   * Gives both connections to a native thread (tunnel.cc): it duplicates the fds, and
   * Node's sockets are closed at once. Only when Node holds none of their bytes.
   */
  private handOff(t: Tunnel): boolean {
    const tunnel = this.hooks.tunnel;
    const cfd = fdOf(t.client);
    const ufd = fdOf(t.upstream);
    if (!tunnel || cfd < 0 || ufd < 0 || t.client.readableLength || t.upstream.readableLength || t.client.writableLength || t.upstream.writableLength) return false;
    t.base = { in: t.upstream.bytesRead, out: t.upstream.bytesWritten };
    try {
      t.native = tunnel(cfd, ufd, (aToB, bToA) => {
        if (!this.tunnels.delete(t)) return;
        this.total.bytesIn += t.base.in + bToA;
        this.total.bytesOut += t.base.out + aToB;
      });
    } catch {
      return false;
    }
    t.client.destroy();
    t.upstream.destroy();
    return true;
  }

  private refused(r: Refusal, c?: net.Socket): void {
    this.total.denied++;
    this.recent.push({ at: Date.now(), host: r.host, port: r.port, reason: r.reason, message: r.message });
    if (this.recent.length > 20) this.recent.shift();
    if (c) this.reply(c, 403, `Forbidden by aosh: ${r.message}`, `aosh: ${r.message}\n`, r.reason);
    try {
      this.hooks.onRefused(r);
    } catch {
      // a report that fails must not take the proxy down
    }
  }

  /** A complete answer, then the connection closes (after the client had time to read it). */
  private reply(c: net.Socket, code: number, reason: string, body: string, refusedFor?: string): void {
    this.pending.delete(c);
    const phrase = reason.replace(/[^\x20-\x7e]/g, '?');
    const b = Buffer.from(body);
    const extra = refusedFor ? `X-Aosh-Refused: ${refusedFor}\r\n` : '';
    // Whatever the client still sends (a request body) is read and dropped: closing with
    // unread input would reset the connection and could destroy the answer in flight.
    c.on('data', () => undefined);
    c.resume();
    c.end(`HTTP/1.1 ${code} ${phrase}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${b.length}\r\nConnection: close\r\n${extra}\r\n${body}`);
    setTimeout(() => c.destroy(), LINGER_MS).unref();
  }
}

/** [in, out] moved so far by a connection, whoever relays it. */
function moved(t: Tunnel): [number, number] {
  if (t.native) {
    const [aToB, bToA] = t.native.bytes();
    return [t.base.in + bToA, t.base.out + aToB];
  }
  return [t.upstream.bytesRead, t.upstream.bytesWritten];
}

/** Closes a connection now (the list changed, the world ended). */
function end(t: Tunnel): void {
  if (t.native) t.native.cancel();
  t.client.destroy();
  t.upstream.destroy();
}

/** Resolves once everything written to `s` so far has reached the kernel (writes complete in order). */
function flushed(s: net.Socket): Promise<void> {
  if (s.writableLength === 0 || s.destroyed || s.writableEnded) return Promise.resolve();
  return new Promise((resolve) => s.write(Buffer.alloc(0), () => resolve()));
}

function write(s: net.Socket, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => s.write(data, (err) => (err ? reject(err) : resolve())));
}

// Node's socket internals, used with care: the fd (to duplicate it for a native tunnel) and
// a read stop. Node may start reading again on its own (read-ahead up to the high-water
// mark, EOF included), so nothing relies on the stop: what Node read is in its buffer,
// which is drained before a hand-off, and the hand-off itself happens in one tick.
interface Handle {
  fd?: number;
  reading?: boolean;
  readStop?: () => number;
}

function stopReading(s: net.Socket): void {
  s.pause();
  const h = (s as unknown as { _handle?: Handle })._handle;
  if (h && typeof h.readStop === 'function') {
    h.reading = false;
    h.readStop();
  }
}

function fdOf(s: net.Socket): number {
  const fd = (s as unknown as { _handle?: Handle })._handle?.fd;
  return typeof fd === 'number' ? fd : -1;
}

/** A world's proxy on the listener `fd`, with its policy (narrowed later by SET_PERMS). */
export function serveWorld(fd: number, o: { label: string; perms: Pick<PermissionSet, 'allow' | 'deny'>; onRefused(r: Refusal): void; resolver?: Resolver; tunnel?: TunnelFn }): { proxy: NetProxy; policy: NetPolicy } {
  const policy = new NetPolicy(o.perms);
  const proxy = new NetProxy(fd, { label: o.label, policy, resolver: o.resolver ?? kernelResolver(), onRefused: o.onRefused, tunnel: o.tunnel });
  return { proxy, policy };
}

/** Connects to the first address that answers (in the resolver's order). */
function connectFirst(addresses: Address[], port: number): Promise<{ socket: net.Socket; address: string }> {
  return new Promise((resolve, reject) => {
    let i = 0;
    let last: Error | undefined;
    const next = (): void => {
      const a = addresses[i++];
      if (!a) return reject(last ?? new Error('no address'));
      const s = net.connect({ host: a.address, port: a.port ?? port, family: a.family, allowHalfOpen: true, noDelay: true, readableHighWaterMark: WATER, writableHighWaterMark: WATER } as net.NetConnectOpts);
      // Paused before it connects: Node then never reads from it (a server that speaks
      // first, like ssh, keeps its banner in the socket for the tunnel).
      s.pause();
      const onError = (err: Error): void => {
        s.destroy();
        last = err;
        next();
      };
      s.setTimeout(CONNECT_TIMEOUT_MS, () => onError(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      s.once('error', onError);
      s.once('connect', () => {
        s.setTimeout(0);
        s.off('error', onError);
        resolve({ socket: s, address: a.address });
      });
    };
    next();
  });
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'host']);

/**
 * The head of a plain-HTTP request as the server gets it: origin-form, Host from the URI
 * (so a client cannot name one host to the proxy and another to the server), hop-by-hop
 * headers dropped, and `Connection: close` (a WebSocket or other Upgrade keeps its Upgrade).
 */
export function forwardHead(method: string, path: string, version: string, headers: Array<[string, string]>, host: string, port: number): string {
  const named = new Set((headers.find(([k]) => k.toLowerCase() === 'connection')?.[1] ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
  const upgrade = named.has('upgrade') && headers.some(([k]) => k.toLowerCase() === 'upgrade');
  const out = [`${method} ${path || '/'} HTTP/${version}`, `Host: ${port === 80 ? host : `${host}:${port}`}`];
  for (const [k, v] of headers) {
    const l = k.toLowerCase();
    if (HOP_BY_HOP.has(l) || (named.has(l) && !(upgrade && l === 'upgrade'))) continue;
    out.push(`${k}: ${v}`);
  }
  out.push(upgrade ? 'Connection: Upgrade' : 'Connection: close');
  return out.join('\r\n') + '\r\n\r\n';
}
