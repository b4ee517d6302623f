// Name resolution for the proxy and the socket's HTTP op: the kernel resolves every name
// itself (a client never chooses the address), checks the addresses, and connects to the
// address it checked — never resolving the same name twice, so a DNS answer that changes
// between the check and the connect (rebinding) cannot slip a private address in.
//
// AOSH_NET_HOSTS=FILE (aosh's own environment, read once when the first name is resolved):
// a hosts(5)-format file that is then the ONLY source of names, so tests can map
// `allowed.test` to 127.0.0.1 and nothing leaves the machine. An address may carry a port
// (`127.0.0.1:8080 allowed.test`): connections to that name then go to that port whatever
// port the client asked for (a local test server standing in for allowed.test:443). Without it, getaddrinfo
// (dns.lookup: /etc/hosts, then DNS, as curl and every other client on the host would).
import { lookup } from 'node:dns/promises';
import { fsPromises } from '../../lib/tty.js';
import { isIP } from 'node:net';

import { normalizeHost } from './scope.js';

export interface Address {
  address: string;
  family: 4 | 6;
  /** AOSH_NET_HOSTS only (`127.0.0.1:8080 name`): connect to this port, whatever was asked. */
  port?: number;
}

export interface Resolver {
  /** Where names come from, for messages: "DNS" or "AOSH_NET_HOSTS=FILE". */
  readonly source: string;
  /** The addresses of a normalized host name; throws ResolveError. */
  lookup(host: string): Promise<Address[]>;
}

export class ResolveError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ResolveError';
  }
}

/** A resolver from a hosts file only (names it does not list do not resolve). */
export function hostsFileResolver(file: string): Resolver {
  let table: Promise<Map<string, Address[]>> | undefined;
  const load = async (): Promise<Map<string, Address[]>> => {
    const text = await fsPromises().readFile(file, 'utf8');
    const map = new Map<string, Address[]>();
    for (const line of text.split('\n')) {
      const [first, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
      // `ADDRESS name…`, or `ADDRESS:PORT name…` / `[V6]:PORT name…` (a test server's port).
      const m = first ? /^(?:\[([^\]]+)\]|([^:]+))(?::(\d{1,5}))?$|^([0-9a-fA-F:]+)$/.exec(first) : null;
      const ip = m ? (m[1] ?? m[2] ?? m[4])! : '';
      const port = m?.[3] !== undefined ? Number(m[3]) : undefined;
      const family = ip ? isIP(ip) : 0;
      if (family !== 4 && family !== 6) continue;
      if (port !== undefined && (port < 1 || port > 65535)) continue;
      for (const n of names) {
        const host = normalizeHost(n);
        if (!host) continue;
        const list = map.get(host) ?? [];
        if (!list.some((a) => a.address === ip && a.port === port)) list.push({ address: ip, family, ...(port !== undefined ? { port } : {}) });
        map.set(host, list);
      }
    }
    return map;
  };
  return {
    source: `AOSH_NET_HOSTS=${file}`,
    async lookup(host) {
      table ??= load();
      let map: Map<string, Address[]>;
      try {
        map = await table;
      } catch (err) {
        throw new ResolveError('EHOSTSFILE', `cannot read AOSH_NET_HOSTS=${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      const found = map.get(host);
      if (!found?.length) throw new ResolveError('ENOTFOUND', `${host} does not resolve (not in AOSH_NET_HOSTS=${file})`);
      return found;
    },
  };
}

/** getaddrinfo, every address, in the order the system prefers. */
export function systemResolver(): Resolver {
  return {
    source: 'DNS',
    async lookup(host) {
      try {
        const all = await lookup(host, { all: true, verbatim: true });
        const out: Address[] = [];
        for (const a of all) if ((a.family === 4 || a.family === 6) && !out.some((o) => o.address === a.address)) out.push({ address: a.address, family: a.family });
        if (out.length === 0) throw Object.assign(new Error('no address'), { code: 'ENODATA' });
        return out;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'EAI_FAIL';
        throw new ResolveError(code, `${host} does not resolve (${code})`);
      }
    },
  };
}

let shared: Resolver | undefined;

/** The kernel's resolver: AOSH_NET_HOSTS when aosh was started with it, else the system's. */
export function kernelResolver(env: NodeJS.ProcessEnv = process.env): Resolver {
  shared ??= env.AOSH_NET_HOSTS ? hostsFileResolver(env.AOSH_NET_HOSTS) : systemResolver();
  return shared;
}
