// The fetch an MCP client uses for a server reached over HTTP (type "http" or "sse"). The
// kernel makes these connections itself, from the host's network, so they must obey what
// a stage's traffic through the world's proxy obeys (net/policy.ts): the host admitted by
// the session's --allow-net list, IP literals only when listed, a name whose addresses are
// loopback/private/link-local only when listed by name, and the connection made to the
// address that was checked (net/request.ts), never to a second resolution. A plain
// `check()` of the name let `--allow-net='*'` reach `localhost` and any name its DNS
// pointed at 127.0.0.1 — the host's own services, from outside every world.
import { Readable } from 'node:stream';

import type { PermissionSet } from '../kernel/permissions.js';

type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;

export function pinnedFetch(perms: PermissionSet): FetchLike {
  return async (input, init) => {
    const url = new URL(String(input));
    const [{ NetPolicy }, { kernelResolver }, { pinnedRequest }] = await Promise.all([import('../kernel/net/policy.js'), import('../kernel/net/resolve.js'), import('../kernel/net/request.js')]);
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    const admitted = await new NetPolicy(perms).admit(url.hostname, port, kernelResolver());
    if (!admitted.ok) throw new Error('refusal' in admitted ? admitted.refusal.message : admitted.unresolved.message);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const body = init?.body === undefined || init.body === null ? undefined : typeof init.body === 'string' ? init.body : String(init.body);
    const res = await pinnedRequest({ url, addresses: admitted.addresses, method: init?.method ?? 'GET', headers, body, signal: init?.signal ?? new AbortController().signal });
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v);
    const status = res.statusCode ?? 502;
    const noBody = status === 204 || status === 304 || init?.method === 'HEAD';
    if (noBody) res.resume();
    return new Response(noBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status, headers: out });
  };
}
