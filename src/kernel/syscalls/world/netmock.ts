// A world's network mock (spec §6.4). It answers from its table and never opens a
// connection: REF does not pass an unmatched request through either ("No mock response
// configured for URL"), so a world's HTTP never reaches the network.
import { BadRequest } from '../handlers/util.js';
import { wildcardMatch } from './glob.js';
import { arr, bool, isObj, num, obj, str, strings } from './values.js';

const MAX_MOCKS = 1024;
const MAX_URL_CHARS = 8192;
const MAX_DOMAINS = 256;
/** Entries `recorded` keeps in record mode (the oldest go first). */
export const MAX_RECORDED = 1000;

export interface MockResponse {
  status: number;
  body: string;
  latency_ms: number;
  headers: Record<string, string>;
}

export type Mode = 'mock' | 'passthrough' | 'record';

export const FAIL_UNMATCHED_BODY = 'Network mock: URL not configured and fail_unmatched=true';

function parseResponse(v: unknown, where: string, d: { status: number; body: string }): MockResponse {
  if (typeof v === 'string') return { status: 200, body: v, latency_ms: 0, headers: {} };
  if (!isObj(v)) throw new BadRequest(`invalid request: ${where} must be a string or an object`);
  const headers: Record<string, string> = {};
  for (const [k, h] of Object.entries(obj(v, 'headers', where))) {
    if (typeof h !== 'string') throw new BadRequest(`invalid request: ${where}.headers.${k} must be a string`);
    headers[k] = h;
  }
  return { status: Math.trunc(num(v, 'status', d.status, where)), body: str(v, 'body', d.body, where)!, latency_ms: num(v, 'latency_ms', 0, where), headers };
}

export class NetworkMock {
  mode: Mode = 'passthrough';
  failUnmatched = false;
  readonly mocks = new Map<string, MockResponse>();
  defaultResponse: MockResponse | null = null;
  allowedDomains: string[] = [];
  recorded: unknown[] = [];
  intercepted = 0;
  passedThrough = 0;
  failed = 0;

  /** From a create config's `network` or a snapshot's (the same keys, plus `recorded`). */
  load(cfg: Record<string, unknown>): void {
    const mode = str(cfg, 'mode', 'passthrough', 'network');
    // An unknown mode is passthrough, the default (REF maps only the two other names).
    this.mode = mode === 'mock' || mode === 'record' ? mode : 'passthrough';
    this.failUnmatched = bool(cfg, 'fail_unmatched', false, 'network');
    const mocks = Object.entries(obj(cfg, 'mock_responses', 'network'));
    if (mocks.length > MAX_MOCKS) throw new BadRequest(`invalid request: network.mock_responses has ${mocks.length} entries (limit ${MAX_MOCKS})`);
    for (const [url, v] of mocks) {
      if (url.length > MAX_URL_CHARS) throw new BadRequest(`invalid request: network.mock_responses has a URL longer than ${MAX_URL_CHARS} characters`);
      this.mocks.set(url, parseResponse(v, `network.mock_responses[${url}]`, { status: 200, body: '' }));
    }
    if (cfg.default_response !== undefined && cfg.default_response !== null) {
      this.defaultResponse = parseResponse(cfg.default_response, 'network.default_response', { status: 404, body: 'Not Found' });
    }
    this.allowedDomains = strings(cfg, 'allowed_domains', 'network', MAX_DOMAINS, MAX_URL_CHARS);
    this.recorded = arr(cfg, 'recorded', 'network').slice(-MAX_RECORDED);
  }

  /** Mocked: the mode is not passthrough (mock and record both intercept). */
  get enabled(): boolean {
    return this.mode !== 'passthrough';
  }

  /** The lookup order of spec §6.4; null means "no mock". The method is ignored. */
  lookup(url: string): MockResponse | null {
    const exact = this.mocks.get(url);
    if (exact) return exact;
    // Several matching patterns: REF's order is unspecified; this takes the first configured.
    for (const [pattern, r] of this.mocks) if (pattern.includes('*') && wildcardMatch(pattern, url)) return r;
    const host = hostOf(url);
    if (host && this.allowedDomains.some((d) => d.toLowerCase() === host || wildcardMatch(d, host))) return null;
    if (this.failUnmatched) return { status: 503, body: FAIL_UNMATCHED_BODY, latency_ms: 0, headers: {} };
    return this.defaultResponse;
  }

  /** Record mode keeps what was asked and answered, newest last, bounded. */
  record(entry: Record<string, unknown>): void {
    if (this.mode !== 'record') return;
    this.recorded.push(entry);
    if (this.recorded.length > MAX_RECORDED) this.recorded.splice(0, this.recorded.length - MAX_RECORDED);
  }

  metrics(): Record<string, unknown> {
    return { mode: this.mode, mock_count: this.mocks.size, requests_intercepted: this.intercepted, requests_passed_through: this.passedThrough, requests_failed: this.failed, recorded_count: this.recorded.length };
  }

  snapshot(): Record<string, unknown> {
    const mocks: Record<string, unknown> = {};
    for (const [u, r] of this.mocks) mocks[u] = { status: r.status, body: r.body, latency_ms: r.latency_ms, headers: r.headers };
    const out: Record<string, unknown> = { mode: this.mode, fail_unmatched: this.failUnmatched, mock_responses: mocks };
    if (this.defaultResponse) out.default_response = { status: this.defaultResponse.status, body: this.defaultResponse.body };
    out.allowed_domains = this.allowedDomains;
    out.recorded = this.recorded;
    return out;
  }
}

/** The host of a URL, lower-case, or "" when it does not parse. */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}
