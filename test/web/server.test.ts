// The dashboard's door: 127.0.0.1 only, the token on every request, the page's own Origin and
// Host, and the WebSocket speaking the protocol — against a real session (bin/aosh).
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { poll, startSession, type Session } from './helpers.js';

let s: Session;
beforeAll(async () => {
  s = await startSession();
});
afterAll(async () => {
  await s?.close();
});

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: s.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket; resolves with the first message, or rejects with the HTTP status. */
function ws(path: string, headers: Record<string, string> = {}): Promise<{ sock: WebSocket; first: any }> {
  return new Promise((resolve, reject) => {
    const sock = new WebSocket(`ws://127.0.0.1:${s.port}${path}`, { headers });
    sock.once('message', (d) => resolve({ sock, first: JSON.parse(String(d)) }));
    sock.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    sock.once('error', reject);
  });
}

describe('the dashboard server', () => {
  it('prints a URL on 127.0.0.1 with a long random token, and listens on loopback only', () => {
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    // The kernel's socket table: our port is bound to 127.0.0.1 (0100007F), on no other address.
    const hex = s.port.toString(16).toUpperCase().padStart(4, '0');
    const rows = [readFileSync('/proc/net/tcp', 'utf8'), readFileSync('/proc/net/tcp6', 'utf8')].join('\n').split('\n').map((l) => l.trim().split(/\s+/));
    const listening = rows.filter((f) => f[1]?.endsWith(`:${hex}`) && f[3] === '0A').map((f) => f[1]);
    expect(listening).toEqual([`0100007F:${hex}`]);
  });

  it('refuses requests without the token, with a wrong one, from a foreign Origin or Host', async () => {
    const none = await get('/');
    expect(none.status).toBe(401);
    expect(none.body).toBe('aosh dashboard: missing or wrong token (open the URL aosh printed)\n');
    expect((await get('/?token=nope')).status).toBe(401);
    expect((await get(`/metrics`)).status).toBe(401);
    expect((await get(`/api/state`)).status).toBe(401);
    const foreign = await get(`/?token=${s.token}`, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain('foreign Origin: http://evil.example');
    const rebound = await get(`/?token=${s.token}`, { Host: `evil.example:${s.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('foreign Host header');
    expect((await get(`/?token=${s.token}`, {}, 'POST')).status).toBe(405);
  });

  it('serves the page with everything inline and a CSP that allows nothing from elsewhere', async () => {
    const page = await get(`/?token=${s.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
    expect(csp).toContain(`connect-src ws://127.0.0.1:${s.port}`);
    // No external script, style, font or image: nothing the browser would fetch.
    expect(page.body).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet|@import|url\(https?:|src="https?:/i);
    expect(page.body).toContain('<script nonce=');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await get(`/nope?token=${s.token}`)).status).toBe(404);
    // A bearer token works as well as the query (for scrapers).
    expect((await get('/metrics', { Authorization: `Bearer ${s.token}` })).status).toBe(200);
  });

  it('refuses WebSocket upgrades without the token or from a foreign Origin', async () => {
    await expect(ws('/ws')).rejects.toThrow('HTTP 401');
    await expect(ws(`/ws?token=${s.token}`, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(ws(`/other?token=${s.token}`)).rejects.toThrow('HTTP 404');
  });

  it('greets with the session and pushes the state when the kernel changes', async () => {
    const { sock, first } = await ws(`/ws?token=${s.token}`, { Origin: `http://127.0.0.1:${s.port}` });
    try {
      expect(first.t).toBe('hello');
      expect(first.session.pid).toBe(s.child.pid);
      expect(typeof first.session.aosfs).toBe('string');
      const states: any[] = [];
      sock.on('message', (d) => {
        const m = JSON.parse(String(d));
        if (m.t === 'state') states.push(m);
      });
      await s.run('spawn --name wsnap sleep 30 >/dev/null');
      const seen = await poll(() => states.find((m) => m.procs.some((p: any) => p.name === 'wsnap' && p.state === 'running' && p.agent)), 'wsnap in a pushed state');
      const p = seen.procs.find((x: any) => x.name === 'wsnap');
      expect(p.isolation).toMatch(/^(full|userns|none)$/);
      expect(p.pid).toBeGreaterThan(0);
      // A bad message gets one line back, never a crash.
      const replies: any[] = [];
      sock.on('message', (d) => {
        const m = JSON.parse(String(d));
        if (m.t === 'reply') replies.push(m);
      });
      sock.send('not json');
      sock.send(JSON.stringify({ t: 'signal', req: 7, id: 99999, signal: 'TERM' }));
      sock.send(JSON.stringify({ t: 'spawn', req: 8, command: 'ls | wc' }));
      sock.send(JSON.stringify({ t: 'approve', req: 9, id: 424242, decision: 'once' }));
      await poll(() => replies.length >= 4, 'four replies');
      expect(replies.find((r) => r.req === 0)).toMatchObject({ ok: false, error: 'bad message: expected a JSON object with "t"' });
      expect(replies.find((r) => r.req === 7)).toMatchObject({ ok: false, error: 'no process 99999' });
      expect(replies.find((r) => r.req === 8)).toMatchObject({ ok: false, error: 'spawn: one command only (no pipes, redirections, globs or ; &)' });
      expect(replies.find((r) => r.req === 9)).toMatchObject({ ok: false, error: 'approval 424242 is no longer pending' });
      // A signal from the socket reaches the process.
      sock.send(JSON.stringify({ t: 'signal', req: 10, id: p.id, signal: 'TERM' }));
      await poll(() => replies.some((r) => r.req === 10 && r.ok), 'the kill reply');
      await poll(async () => !(await s.run('ps')).includes('wsnap'), 'wsnap gone from ps');
    } finally {
      sock.close();
    }
  });

  it('answers /api/state with the same view', async () => {
    const r = await get(`/api/state?token=${s.token}`);
    expect(r.status).toBe(200);
    const j = JSON.parse(r.body);
    expect(j.t).toBe('state');
    expect(j.session.pid).toBe(s.child.pid);
    expect(Array.isArray(j.procs)).toBe(true);
  });
});
