// HTTP (spec §3.17) made by the kernel instead of REF's shell-spliced curl (Q16 SHOULD),
// under the same rules as a stage's traffic through the world's proxy (net/policy.ts): the
// caller's allow list (SET_PERMS narrows it), IP literals only when listed, names that
// resolve to loopback/private/link-local addresses only when listed by name, and the
// request sent to the address that was checked (net/request.ts). Redirects are followed by
// hand so every hop is admitted the same way.
// Divergence (Q16 MAY): `status_code` is the real status. `success` stays true for any
// completed exchange, 4xx/5xx included, as REF reports it.
import { check } from '../../permissions.js';
import type { HandlerContext } from '../context.js';
import { Op } from '../opcodes.js';
import { deny, optNumber, optString, parseObject, who } from './util.js';
import { routeHttp } from './world.js';

export const HTTP_BODY_LIMIT = 16 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export async function http(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseObject(payload);
  let url = optString(req, 'url');
  const method = optString(req, 'method', 'GET').toUpperCase();
  const timeout = optNumber(req, 'timeout', 30);
  const fail = (error: string, status = 0): unknown => ({ success: false, error, body: '', status_code: status });
  if (!url) return fail('URL required');
  // A member of a world whose network is mocked gets the mock, never the network (spec §6.4).
  const routed = await routeHttp(ctx, url, method);
  if (routed) return routed;
  const headers: Record<string, string> = {};
  if (req.headers !== undefined && req.headers !== null) {
    if (typeof req.headers !== 'object' || Array.isArray(req.headers)) return fail('invalid request: headers must be an object');
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v !== 'string') return fail(`invalid request: header ${k} must be a string`);
      headers[k] = v;
    }
  }
  if (!/^[A-Z]+$/.test(method)) return fail(`invalid request: method ${method}`);
  const body = ['POST', 'PUT', 'PATCH'].includes(method) && typeof req.body === 'string' ? req.body : undefined;
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(Math.max(1, timeout) * 1000)]);
  const [{ NetPolicy }, { kernelResolver }, { pinnedRequest, flatHeaders, readBody }] = await Promise.all([import('../../net/policy.js'), import('../../net/resolve.js'), import('../../net/request.js')]);
  for (let hop = 0; ; hop++) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return fail(`Failed to execute HTTP request: invalid URL ${url}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return fail(`Failed to execute HTTP request: unsupported scheme ${parsed.protocol}`);
    const perms = ctx.conn.perms;
    const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
    const admitted = await new NetPolicy(perms).admit(parsed.hostname, port, kernelResolver());
    if (!admitted.ok && 'refusal' in admitted) {
      const r = admitted.refusal;
      const off = perms.allow.net === false || perms.deny.net === true;
      const base = off ? 'Permission denied: HTTP not allowed' : `Permission denied: domain not in whitelist: ${r.host}`;
      const rule = check(perms, 'net', `${r.host}:${port}`)?.rule ?? `--allow-net=${Array.isArray(perms.allow.net) ? perms.allow.net.join(',') : ''}`;
      await ctx.svc.audit('net.denied', { ...who(ctx), host: r.host, port, reason: r.reason, address: r.address ?? null, via: 'HTTP' });
      return fail(await deny(ctx, Op.HTTP, base, { rule, reason: r.message }, url));
    }
    if (!admitted.ok) {
      await ctx.svc.audit('http', { ...who(ctx), method, url, ok: false, error: admitted.unresolved.code });
      return fail(`Failed to execute HTTP request: ${admitted.unresolved.message}`);
    }
    let res;
    try {
      res = await pinnedRequest({ url: parsed, addresses: admitted.addresses, method, headers, body, signal });
    } catch (err) {
      await ctx.svc.audit('http', { ...who(ctx), method, url, ok: false, error: errText(err) });
      return fail(`Failed to execute HTTP request: ${errText(err)}`);
    }
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location && hop < MAX_REDIRECTS) {
      res.destroy();
      url = new URL(location, parsed).toString();
      continue;
    }
    let text: string;
    try {
      text = (await readBody(res, HTTP_BODY_LIMIT)).toString('utf8');
    } catch (err) {
      return fail(`Failed to execute HTTP request: ${errText(err)}`, status);
    }
    await ctx.svc.audit('http', { ...who(ctx), method, url, status, bytes: Buffer.byteLength(text) });
    return { success: true, body: text, status_code: status, headers: flatHeaders(res.headers) };
  }
}

function errText(err: unknown): string {
  const e = err as Error & { code?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
  return e.code ?? e.cause?.code ?? e.cause?.message ?? e.message;
}
