// Who may talk to the dashboard: only this machine (the server listens on 127.0.0.1), only
// with the token printed in the URL, and only from the dashboard's own origin. The Host check
// stops DNS rebinding (a foreign page resolving its name to 127.0.0.1); the Origin check stops
// a foreign page from driving the WebSocket or posting, even if it guessed the port.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { dirname } from 'node:path';

export interface Refusal {
  status: 401 | 403;
  reason: string;
}

/** 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The token from `?token=`, `Authorization: Bearer`, or the page's cookie. */
export function presentedToken(req: IncomingMessage, url: URL): string | null {
  const q = url.searchParams.get('token');
  if (q) return q;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return null;
}

export function tokenMatches(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The origins the page itself has. */
export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** null when the request may proceed; else the status and a one-line reason. */
export function checkRequest(req: IncomingMessage, url: URL, port: number, token: string): Refusal | null {
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return { status: 403, reason: `foreign Host header: ${host || '(none)'}` };
  const origin = req.headers.origin;
  if (origin !== undefined && !ownOrigins(port).includes(origin)) return { status: 403, reason: `foreign Origin: ${origin}` };
  if (!tokenMatches(presentedToken(req, url), token)) return { status: 401, reason: 'missing or wrong token (open the URL aosh printed)' };
  return null;
}

/**
 * The token and port kept in $AOSH_HOME/web.json (mode 0600), so a page left open finds the
 * session again after aosh restarts: same port when it is free, same token.
 */
export interface WebState {
  token: string;
  port?: number;
}

export function loadWebState(file: string | null): WebState | null {
  if (!file) return null;
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as Partial<WebState>;
    if (typeof j.token === 'string' && /^[A-Za-z0-9_-]{32,}$/.test(j.token)) return { token: j.token, port: typeof j.port === 'number' ? j.port : undefined };
  } catch {
    // missing or unreadable: a new token
  }
  return null;
}

export function saveWebState(file: string | null, state: WebState): void {
  if (!file) return;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Created 0600 from the start: the token is never readable by others, not even briefly.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state) + '\n', { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // a read-only $AOSH_HOME: the token lives as long as this session
  }
}
