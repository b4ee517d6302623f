// A world's network under --allow-net=HOST,…: the listener the zygote made on the world's
// own 127.0.0.1, the proxy environment its stages get, the counters `net ls` and `ps --json`
// show. Cheap on purpose: loaded with the kernel, it imports no networking module; the
// proxy itself (proxy.ts: node:net, the resolver, the policy) is imported when the first
// world with a list is built. Connections that arrive before it is loaded wait in the
// listen backlog (511), so none is lost.
import { closeSync } from 'node:fs';

import type { Grant, PermissionSet } from '../permissions.js';
import { emptyPermissions, intersect } from '../permissions.js';
import type { Refusal } from './policy.js';
import type { NetProxy, ProxyStats, TunnelFn } from './proxy.js';

/** The proxy's port on each world's loopback (the world has its own network namespace). */
export const PROXY_PORT = 3128;

/** `net ls --json` / `ps --json` (`net`): one world's proxy. */
export interface NetReport {
  world: string;
  proxy: string;
  allow: string[];
  deny: string[];
  connections: number;
  active: number;
  bytes_in: number;
  bytes_out: number;
  denied: number;
  live: Array<{ host: string; port: number; address: string; kind: string; relay: string; since: string; bytes_in: number; bytes_out: number }>;
  denials: Array<{ at: string; host: string; port: number; reason: string; message: string }>;
}

export interface WorldNetOptions {
  label: string;
  perms: Pick<PermissionSet, 'allow' | 'deny'>;
  listener: { fd: number; port: number };
  onRefused(r: Refusal): void;
  /** The proxy could not be started (the world is then closed by the caller). */
  onFailed(reason: string): void;
  /** The addon's tunnel(), when it has one: connections are relayed off the event loop. */
  tunnel?: TunnelFn;
}

export class WorldNet {
  readonly label: string;
  readonly url: string;
  private grants: { allow: Grant; deny: Grant };
  private proxy: NetProxy | undefined;
  private narrowTo: ((p: Pick<PermissionSet, 'allow' | 'deny'>) => boolean) | undefined;
  private fd: number | undefined;
  private closed = false;
  private final: ProxyStats | undefined;

  constructor(private readonly opts: WorldNetOptions) {
    this.label = opts.label;
    this.url = `http://127.0.0.1:${opts.listener.port}`;
    this.grants = { allow: opts.perms.allow.net, deny: opts.perms.deny.net };
    this.fd = opts.listener.fd;
    import('./proxy.js').then(
      (m) => {
        if (this.closed) return;
        const fd = this.fd!;
        this.fd = undefined;
        const started = m.serveWorld(fd, { label: this.label, perms: this.permsNow(), onRefused: opts.onRefused, tunnel: opts.tunnel });
        this.proxy = started.proxy;
        this.narrowTo = (p) => {
          const changed = started.policy.narrow(p);
          if (changed) started.proxy.recheck();
          return changed;
        };
      },
      (err: Error) => opts.onFailed(`cannot load the network proxy (${err.message})`),
    );
  }

  /** What a stage of this world gets: every spelling of the proxy variables. */
  env(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY']) {
      out[k] = this.url;
      out[k.toLowerCase()] = this.url;
    }
    // The world's own loopback stays direct (a stage's own servers), unless the list names
    // the host's loopback itself (--allow-net=127.0.0.1:8080): then that goes to the proxy.
    const listed = new Set(this.allow.map((s) => s.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1').toLowerCase()));
    out.NO_PROXY = out.no_proxy = ['localhost', '127.0.0.1', '::1'].filter((h) => !listed.has(h)).join(',');
    // Node >= 24 honours the variables above for fetch and http only when asked.
    out.NODE_USE_ENV_PROXY = '1';
    return out;
  }

  /** The allow list now (the world's, narrowed by SET_PERMS of its agent). */
  get allow(): string[] {
    const p = this.permsNow();
    if (p.deny.net === true || p.allow.net === false) return [];
    return p.allow.net === true ? ['*'] : [...p.allow.net];
  }

  /** Narrows the list (never widens); open connections no longer allowed are closed. */
  narrow(perms: Pick<PermissionSet, 'allow' | 'deny'>): boolean {
    const ask = emptyPermissions();
    ask.allow.net = perms.allow.net;
    ask.deny.net = perms.deny.net;
    const next = intersect(this.permsNow(), ask);
    const changed = JSON.stringify([next.allow.net, next.deny.net]) !== JSON.stringify([this.grants.allow, this.grants.deny]);
    this.grants = { allow: next.allow.net, deny: next.deny.net };
    this.narrowTo?.(perms);
    return changed;
  }

  report(): NetReport {
    const s = this.final ?? this.proxy?.stats();
    const iso = (t: number): string => new Date(t).toISOString();
    return {
      world: this.label,
      proxy: this.url,
      allow: this.allow,
      deny: Array.isArray(this.grants.deny) ? [...this.grants.deny] : [],
      connections: s?.connections ?? 0,
      active: s?.active ?? 0,
      bytes_in: s?.bytesIn ?? 0,
      bytes_out: s?.bytesOut ?? 0,
      denied: s?.denied ?? 0,
      live: (s?.live ?? []).map((l) => ({ host: l.host, port: l.port, address: l.address, kind: l.kind, relay: l.relay, since: iso(l.since), bytes_in: l.bytesIn, bytes_out: l.bytesOut })),
      denials: (s?.denials ?? []).map((d) => ({ at: iso(d.at), host: d.host, port: d.port, reason: d.reason, message: d.message })),
    };
  }

  get alive(): boolean {
    return !this.closed;
  }

  /** With the world: the listener and every connection through it end. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.proxy) {
      this.final = { ...this.proxy.stats(), active: 0, live: [] };
      this.proxy.close();
    }
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // closed
      }
      this.fd = undefined;
    }
  }

  private permsNow(): PermissionSet {
    const p = emptyPermissions();
    p.allow.net = this.grants.allow;
    p.deny.net = this.grants.deny;
    return p;
  }
}
