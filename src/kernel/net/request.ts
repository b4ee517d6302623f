// One HTTP(S) exchange made by the kernel for an agent (the socket's HTTP op), under the same
// rules as the proxy: the policy admits the URL's host (policy.ts) and the request goes to
// the address that was checked — the name is never resolved a second time, by fetch or
// anyone (a `lookup` that answers with the checked address). TLS still verifies the
// certificate against the name, and SNI and Host carry the name.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { extraCaReady } from '../../lib/extra-ca.js';
import type { Address } from './resolve.js';

export interface PinnedRequest {
  url: URL;
  /** The checked addresses (Node tries them in turn when it can). */
  addresses: Address[];
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** Sends the request to the checked addresses; resolves with the response head (the body still to read). */
export async function pinnedRequest(r: PinnedRequest): Promise<IncomingMessage> {
  if (r.url.protocol === 'https:') await extraCaReady();
  const mod = r.url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  // Host carries the URL's authority even when AOSH_NET_HOSTS sends it to another port.
  const given = new Set(Object.keys(r.headers).map((k) => k.toLowerCase()));
  const headers: Record<string, string> = { ...r.headers };
  for (const [k, v] of [['host', r.url.host], ['user-agent', 'aosh'], ['accept', '*/*']] as const) if (!given.has(k)) headers[k] = v;
  const port = r.addresses[0]!.port ?? (r.url.port || (r.url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve, reject) => {
    const req = mod.request(
      {
        protocol: r.url.protocol,
        hostname: r.url.hostname.replace(/^\[|\]$/g, ''),
        port,
        servername: r.url.protocol === 'https:' && !/^\[|^\d+(\.\d+){3}$/.test(r.url.hostname) ? r.url.hostname : undefined,
        path: r.url.pathname + r.url.search,
        method: r.method,
        headers,
        signal: r.signal,
        agent: false,
        lookup: (_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) => {
          if (opts.all) cb(null, r.addresses.map((a) => ({ address: a.address, family: a.family })));
          else cb(null, r.addresses[0]!.address, r.addresses[0]!.family);
        },
      } as import('node:https').RequestOptions,
      resolve,
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Response headers as one string per name (the form fetch gave). */
export function flatHeaders(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** The body, at most `limit` bytes (throws past it). */
export async function readBody(res: IncomingMessage, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    n += chunk.length;
    if (n > limit) {
      res.destroy();
      throw new Error(`response larger than ${limit} bytes`);
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}
