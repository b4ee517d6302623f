// The dashboard's HTTP server: one page (HTML with its script and styles inline, under a
// nonce-based Content-Security-Policy that also forbids fetching anything from anywhere else),
// GET /metrics, GET /api/state, and the WebSocket at /ws. 127.0.0.1 only; every request needs
// the token and, when it carries an Origin, the page's own (see auth.ts).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kernel } from '../kernel/kernel.js';
import { checkRequest } from './auth.js';
import type { Hub, HubClient } from './hub.js';
import { metricsFor } from './metrics.js';

export interface Assets {
  html: string;
  script: string;
  style: string;
}

/**
 * The built browser code (scripts/bundle.mjs puts it in dist/web/client): found next to this
 * module when it runs from dist/ or the bundle, else in the package's dist/ (tests from src/).
 */
export function loadAssets(): Assets {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'client'), join(here, '..', 'web', 'client'), join(here, '..', '..', 'dist', 'web', 'client')];
  const dir = candidates.find((d) => existsSync(join(d, 'app.js')) && existsSync(join(d, 'index.html')));
  if (!dir) throw new Error(`the dashboard's page is not built (looked in ${candidates.join(', ')}); run: npm run build:ts`);
  return { html: readFileSync(join(dir, 'index.html'), 'utf8'), script: readFileSync(join(dir, 'app.js'), 'utf8'), style: readFileSync(join(dir, 'style.css'), 'utf8') };
}

export interface ServeOptions {
  kernel: Kernel;
  hub: Hub;
  token: string;
  assets: Assets;
}

export class DashboardServer {
  port = 0;
  private wss: import('ws').WebSocketServer | null = null;

  constructor(
    private readonly http: Server,
    private readonly opts: ServeOptions,
  ) {}

  static async listen(opts: ServeOptions, port: number, fallbackToRandom: boolean): Promise<DashboardServer> {
    const [{ createServer }, { WebSocketServer }] = await Promise.all([import('node:http'), import('ws')]);
    const http = createServer();
    const srv = new DashboardServer(http, opts);
    srv.wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false });
    http.on('request', (req, res) => srv.onRequest(req, res));
    http.on('upgrade', (req, socket, head) => srv.onUpgrade(req, socket as Socket, head));
    http.on('clientError', (_err, socket) => socket.destroy());
    try {
      await listenOn(http, port);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !fallbackToRandom) throw err;
      await listenOn(http, 0);
    }
    srv.port = (http.address() as { port: number }).port;
    return srv;
  }

  private refuse(req: IncomingMessage): { url: URL; refusal: ReturnType<typeof checkRequest> } {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    return { url, refusal: checkRequest(req, url, this.port, this.opts.token) };
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const { url, refusal } = this.refuse(req);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (refusal) return text(res, refusal.status, `aosh dashboard: ${refusal.reason}\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'aosh dashboard: only GET here; actions go over the WebSocket\n');
    switch (url.pathname) {
      case '/':
      case '/index.html':
        return this.page(res);
      case '/metrics':
        void metricsFor(this.opts.kernel)
          .then(async (m) => {
            const body = await m.text();
            res.writeHead(200, { 'Content-Type': m.contentType });
            res.end(body);
          })
          .catch((err: Error) => text(res, 500, `aosh dashboard: metrics failed: ${err.message}\n`));
        return;
      case '/api/state':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ session: this.opts.hub.session, ...this.opts.hub.state() }));
        return;
      default:
        return text(res, 404, `aosh dashboard: no such page: ${url.pathname}\n`);
    }
  }

  private page(res: ServerResponse): void {
    const nonce = randomBytes(16).toString('base64');
    const { html, script, style } = this.opts.assets;
    const body = html
      .replace('<!--STYLE-->', () => `<style nonce="${nonce}">${style}</style>`)
      .replace('<!--SCRIPT-->', () => `<script nonce="${nonce}">${script.replace(/<\/script/gi, '<\\/script')}</script>`);
    // Nothing from elsewhere: no CDN, no fonts, no images but data: URLs; the socket is ours.
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      `connect-src ws://127.0.0.1:${this.port} ws://localhost:${this.port} 'self'`,
      "img-src 'self' data:",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; ');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp, 'X-Frame-Options': 'DENY' });
    res.end(body);
  }

  private onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const { url, refusal } = this.refuse(req);
    const deny = (status: number, reason: string): void => {
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Forbidden'}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\naosh dashboard: ${reason}\n`);
    };
    if (refusal) return deny(refusal.status, refusal.reason);
    if (url.pathname !== '/ws') return deny(404, `no such socket: ${url.pathname}`);
    this.wss!.handleUpgrade(req, socket, head, (ws) => {
      const io: HubClient = { send: (t) => ws.send(t), buffered: () => ws.bufferedAmount };
      const onMessage = this.opts.hub.addClient(io);
      ws.on('message', (data, isBinary) => {
        if (!isBinary) onMessage(String(data));
      });
      ws.on('close', () => this.opts.hub.removeClient(io));
      ws.on('error', () => ws.terminate());
    });
  }

  async close(): Promise<void> {
    for (const c of this.wss?.clients ?? []) c.terminate();
    this.wss?.close();
    const closed = new Promise<void>((r) => this.http.close(() => r()));
    this.http.closeAllConnections();
    await closed;
  }
}

function listenOn(http: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    http.once('error', onError);
    http.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      http.off('error', onError);
      resolve();
    });
  });
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(body);
}
