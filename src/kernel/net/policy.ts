// The decision behind --allow-net=HOST,…, made the same way by the filtering proxy (every
// stage and agent of a world with a list), the socket's HTTP op and `net check`:
//
//   1. the host the client ASKED for (CONNECT target, absolute URI, Host header, or URL),
//      normalized (scope.ts), must match an entry of the allow list and none of --deny-net;
//   2. an IP literal passes only when listed as that literal (a glob or `*` never admits one);
//   3. a name is resolved by the kernel (resolve.ts), and every address must be public
//      (address.ts) unless the name itself is listed exactly: `*.example.com` pointed at
//      127.0.0.1 by its DNS is refused (rebinding), `--allow-net=dev.local` may be private;
//   4. the connection goes to the addresses checked in 3, nowhere else.
//
// The list can only narrow while the world lives (SET_PERMS of the agent): `version`
// changes, and every open connection is judged again (the proxy closes those no longer
// allowed) as is every later request.
import type { Grant, PermissionSet } from '../permissions.js';
import { intersect, emptyPermissions } from '../permissions.js';
import { addressClass } from './address.js';
import type { Address, Resolver } from './resolve.js';
import { ResolveError } from './resolve.js';
import { isIpLiteral, normalizeHost, parseScope, scopeMatches, splitHostPort, type Scope } from './scope.js';

/** A refused request: what to tell the client, the shell (note) and the journal. */
export interface Refusal {
  host: string;
  port: number;
  /** 'not-listed' | 'denied' | 'ip-literal' | 'private-address' | 'network-off' | 'list-changed' | 'bad-request' */
  reason: string;
  /** One line: the host and the flag that would allow it. */
  message: string;
  /** The address a name resolved to, when that was the reason. */
  address?: string;
}

export type Verdict = { ok: true; host: string; port: number; explicit: boolean; rule: string } | { ok: false; refusal: Refusal };

export type Admission = { ok: true; host: string; port: number; addresses: Address[]; explicit: boolean; rule: string } | { ok: false; refusal: Refusal } | { ok: false; unresolved: ResolveError; host: string; port: number };

export class NetPolicy {
  private allowGrant: Grant;
  private denyGrant: Grant;
  private allowScopes: Scope[] = [];
  private denyScopes: Scope[] = [];
  /** Bumped on every change of the list (open connections are judged again). */
  version = 0;

  constructor(perms: Pick<PermissionSet, 'allow' | 'deny'>) {
    this.allowGrant = perms.allow.net;
    this.denyGrant = perms.deny.net;
    this.compile();
  }

  /** The allow list as written (empty when the network is off); true: every host. */
  get list(): string[] | true {
    if (this.denyGrant === true || this.allowGrant === false) return [];
    return this.allowGrant === true ? true : [...this.allowGrant];
  }

  get denied(): string[] {
    return Array.isArray(this.denyGrant) ? [...this.denyGrant] : [];
  }

  /** Intersects the list with `perms` (never widens). Returns whether it changed. */
  narrow(perms: Pick<PermissionSet, 'allow' | 'deny'>): boolean {
    const cur = emptyPermissions();
    cur.allow.net = this.allowGrant;
    cur.deny.net = this.denyGrant;
    const next = emptyPermissions();
    next.allow.net = perms.allow.net;
    next.deny.net = perms.deny.net;
    const both = intersect(cur, next);
    if (JSON.stringify([both.allow.net, both.deny.net]) === JSON.stringify([this.allowGrant, this.denyGrant])) return false;
    this.allowGrant = both.allow.net;
    this.denyGrant = both.deny.net;
    this.compile();
    this.version++;
    return true;
  }

  private compile(): void {
    const scopes = (g: Grant): Scope[] => (Array.isArray(g) ? g.map(parseScope).filter((s): s is Scope => s !== null) : []);
    this.allowScopes = scopes(this.allowGrant);
    this.denyScopes = scopes(this.denyGrant);
  }

  /** Step 1 and 2: the list alone (no resolution). `rawHost` as the client wrote it. */
  decide(rawHost: string, port: number): Verdict {
    const host = normalizeHost(rawHost);
    const shown = host ?? rawHost;
    if (!host) return refuse(shown, port, 'bad-request', `${JSON.stringify(rawHost)} is not a host name`);
    if (this.denyGrant === true || this.allowGrant === false) {
      return refuse(host, port, 'network-off', `${host} is not allowed: the network is off here (allow with --allow-net=${flagHost(host)})`);
    }
    const deny = this.denyScopes.find((s) => scopeMatches(s, host, port));
    if (deny) return refuse(host, port, 'denied', `${host} is denied by --deny-net=${deny.text}`);
    if (this.allowGrant === true) return { ok: true, host, port, explicit: true, rule: '--allow-net' };
    const hits = this.allowScopes.filter((s) => scopeMatches(s, host, port));
    if (hits.length === 0) {
      const onlyPort = this.allowScopes.some((s) => scopeMatches({ ...s, port: null }, host, port));
      if (onlyPort) return refuse(host, port, 'not-listed', `${host}:${port} is not allowed: another port is listed (allow with --allow-net=${flagHost(host)}:${port})`);
      if (isIpLiteral(host)) return refuse(host, port, 'ip-literal', `${host} is an IP address, not on the list (allow with --allow-net=${flagHost(host)})`);
      return refuse(host, port, 'not-listed', `${host} is not allowed (allow with --allow-net=${flagHost(host)})`);
    }
    const exact = hits.find((s) => s.kind === 'name' || s.kind === 'ip');
    return { ok: true, host, port, explicit: exact !== undefined, rule: `--allow-net=${(exact ?? hits[0]!).text}` };
  }

  /** Step 3: the resolved addresses of an admitted name. */
  checkAddresses(v: Extract<Verdict, { ok: true }>, addresses: Address[]): Refusal | null {
    if (v.explicit) return null;
    for (const a of addresses) {
      const why = addressClass(a.address);
      if (why) {
        const r = refuse(v.host, v.port, 'private-address', `${v.host} resolves to ${a.address} (${why}): allowed only when listed by name (allow with --allow-net=${flagHost(v.host)})`);
        return { ...r.refusal, address: a.address };
      }
    }
    return null;
  }

  /** Steps 1 to 3: the verdict on host:port and the addresses to connect to. */
  async admit(rawHost: string, port: number, resolver: Resolver): Promise<Admission> {
    const v = this.decide(rawHost, port);
    if (!v.ok) return v;
    let addresses: Address[];
    if (isIpLiteral(v.host)) {
      const a = v.host.startsWith('[') ? v.host.slice(1, -1) : v.host;
      addresses = [{ address: a, family: a.includes(':') ? 6 : 4 }];
    } else {
      try {
        addresses = await resolver.lookup(v.host);
      } catch (err) {
        const e = err instanceof ResolveError ? err : new ResolveError('EAI_FAIL', `${v.host} does not resolve (${(err as Error).message})`);
        return { ok: false, unresolved: e, host: v.host, port };
      }
    }
    // An IP literal is explicit by construction (step 2), so only names reach this check.
    const bad = this.checkAddresses(v, addresses);
    if (bad) return { ok: false, refusal: bad };
    return { ok: true, host: v.host, port, addresses, explicit: v.explicit, rule: v.rule };
  }

  /** Whether an open connection to host:port (admitted before) is still allowed now. */
  stillAllowed(host: string, port: number): Refusal | null {
    const v = this.decide(host, port);
    if (v.ok) return null;
    return { ...v.refusal, reason: 'list-changed', message: `${host} is no longer allowed: the list changed (${v.refusal.message})` };
  }
}

function refuse(host: string, port: number, reason: string, message: string): { ok: false; refusal: Refusal } {
  return { ok: false, refusal: { host, port, reason, message } };
}

/** How a host is written in a flag (IPv6 keeps its brackets). */
function flagHost(host: string): string {
  return host;
}

/** "host:port" of a CONNECT target or Host header; default port when absent. Null when malformed. */
export function parseAuthority(s: string, defaultPort: number | null): { host: string; port: number } | null {
  const hp = splitHostPort(s.trim());
  if (!hp) return null;
  const port = hp.port ?? defaultPort;
  if (port === null) return null;
  return { host: hp.host, port };
}
