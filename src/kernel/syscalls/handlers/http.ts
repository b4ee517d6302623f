// HTTP (spec §3.17) with Node's fetch instead of REF's shell-spliced curl (Q16 SHOULD).
// Redirects are followed by hand so every hop's host is checked against the allow list.
// Divergence (Q16 MAY): `status_code` is the real status. `success` stays true for any
// completed exchange, 4xx/5xx included, as REF reports it.
import { checkNet } from '../../permissions.js';
import type { HandlerContext } from '../context.js';
import { Op } from '../opcodes.js';
import { deny, optNumber, optString, parseObject, who } from './util.js';

export const HTTP_BODY_LIMIT = 16 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export async function http(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseObject(payload);
  let url = optString(req, 'url');
  const method = optString(req, 'method', 'GET').toUpperCase();
  const timeout = optNumber(req, 'timeout', 30);
  const fail = (error: string, status = 0): unknown => ({ success: false, error, body: '', status_code: status });
  if (!url) return fail('URL required');
  const headers: Record<string, string> = {};
  if (req.headers !== undefined && req.headers !== null) {
    if (typeof req.headers !== 'object' || Array.isArray(req.headers)) return fail('invalid request: headers must be an object');
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v !== 'string') return fail(`invalid request: header ${k} must be a string`);
      headers[k] = v;
    }
  }
  const body = ['POST', 'PUT', 'PATCH'].includes(method) && typeof req.body === 'string' ? req.body : undefined;
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(Math.max(1, timeout) * 1000)]);
  for (let hop = 0; ; hop++) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return fail(`Failed to execute HTTP request: invalid URL ${url}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return fail(`Failed to execute HTTP request: unsupported scheme ${parsed.protocol}`);
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    const perms = ctx.conn.perms;
    const denial = checkNet(perms, host);
    if (denial) {
      const base = perms.allow.net === false || perms.deny.net === true ? 'Permission denied: HTTP not allowed' : `Permission denied: domain not in whitelist: ${host}`;
      return fail(await deny(ctx, Op.HTTP, base, denial, url));
    }
    let res: Response;
    try {
      res = await fetch(parsed, { method, headers, body, redirect: 'manual', signal });
    } catch (err) {
      await ctx.svc.audit('http', { ...who(ctx), method, url, ok: false, error: errText(err) });
      return fail(`Failed to execute HTTP request: ${errText(err)}`);
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location && hop < MAX_REDIRECTS) {
      await res.body?.cancel();
      url = new URL(location, parsed).toString();
      continue;
    }
    let text: string;
    try {
      text = await readLimited(res);
    } catch (err) {
      return fail(`Failed to execute HTTP request: ${errText(err)}`, res.status);
    }
    await ctx.svc.audit('http', { ...who(ctx), method, url, status: res.status, bytes: Buffer.byteLength(text) });
    return { success: true, body: text, status_code: res.status, headers: Object.fromEntries(res.headers) };
  }
}

async function readLimited(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const parts: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > HTTP_BODY_LIMIT) {
      await reader.cancel();
      throw new Error(`response larger than ${HTTP_BODY_LIMIT} bytes`);
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString('utf8');
}

function errText(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
  return e.cause?.code ?? e.cause?.message ?? e.message;
}
