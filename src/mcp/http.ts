// `aosh mcp serve --http [ADDR]`: Streamable HTTP on a loopback address only, at /mcp. Every
// request needs `Authorization: Bearer TOKEN` (printed at start, or $AOSH_MCP_TOKEN), and its
// Host (and Origin, when a browser sends one) must be a loopback name: a web page cannot
// drive the kernel, not even through DNS rebinding. One SDK server per MCP session.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIPv4 } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { KernelFace } from './kernel-face.js';
import { createMcpServer, type ServeOptions } from './serve.js';

/** A request body larger than this is refused (413). */
const MAX_BODY = 4 * 1024 * 1024;
/** Open MCP sessions kept at most: a new one closes the oldest (clients that vanish without DELETE). */
export const MAX_SESSIONS = 32;

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || (isIPv4(h) && h.startsWith('127.'));
}

/** ADDR: PORT, :PORT, HOST, HOST:PORT, [::1]:PORT; default 127.0.0.1 and a free port. Throws for non-loopback hosts. */
export function parseAddr(spec: string): { host: string; port: number } {
  let host = '127.0.0.1';
  let port = '0';
  let m: RegExpExecArray | null;
  if (spec === '') {
    // defaults
  } else if ((m = /^:?(\d+)$/.exec(spec))) port = m[1]!;
  else if ((m = /^\[([^\]]+)\](?::(\d+))?$/.exec(spec))) [host, port] = [m[1]!, m[2] ?? '0'];
  else if ((m = /^([^:[\]]+)(?::(\d+))?$/.exec(spec))) [host, port] = [m[1]!, m[2] ?? '0'];
  else throw new Error(`--http: not an address: ${spec} (expected PORT, HOST:PORT or [::1]:PORT)`);
  if (Number(port) > 65535) throw new Error(`--http: not a port: ${port}`);
  if (!isLoopback(host)) throw new Error(`--http: ${host} is not a loopback address: aosh serves MCP only on 127.0.0.1, ::1 or localhost`);
  return { host, port: Number(port) };
}

function sendJson(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

function readBody(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; status: number; message: string }> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > MAX_BODY) {
        resolve({ ok: false, status: 413, message: `request body over ${MAX_BODY} bytes` });
        req.destroy();
        return;
      }
      parts.push(c);
    });
    req.on('end', () => {
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(parts).toString('utf8')) });
      } catch (e) {
        resolve({ ok: false, status: 400, message: `Parse error: ${(e as Error).message}` });
      }
    });
    req.on('error', () => resolve({ ok: false, status: 400, message: 'request aborted' }));
  });
}

function tokenMatches(header: string | undefined, token: Buffer): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  return given.length === token.length && timingSafeEqual(given, token);
}

export async function serveHttp(face: KernelFace, o: ServeOptions): Promise<number> {
  let addr: { host: string; port: number };
  try {
    addr = parseAddr(o.http ?? '');
  } catch (e) {
    await o.stderr.write(`mcp: serve: ${(e as Error).message}\n`);
    return 2;
  }
  const fromEnv = o.env.AOSH_MCP_TOKEN;
  if (fromEnv !== undefined && fromEnv.length < 16) {
    await o.stderr.write('mcp: serve: $AOSH_MCP_TOKEN must be at least 16 characters\n');
    return 2;
  }
  const tokenText = fromEnv ?? randomBytes(24).toString('base64url');
  const token = Buffer.from(tokenText);
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: Server }>();
  let port = addr.port;
  const hostOk = (h: string | undefined): boolean => {
    if (!h) return false;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(h);
    return !!m && isLoopback(m[1]!.replace(/^\[|\]$/g, '')) && Number(m[2] ?? 80) === port;
  };
  const originOk = (origin: string | undefined): boolean => {
    if (origin === undefined) return true;
    try {
      return isLoopback(new URL(origin).hostname.replace(/^\[|\]$/g, ''));
    } catch {
      return false;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!hostOk(req.headers.host) || !originOk(req.headers.origin)) return sendJson(res, 403, 'Forbidden: Host and Origin must be loopback names');
    if (url.pathname !== '/mcp') return sendJson(res, 404, 'Not found: the MCP endpoint is /mcp');
    if (!tokenMatches(req.headers.authorization, token)) return sendJson(res, 401, 'Unauthorized: send Authorization: Bearer TOKEN (printed by aosh mcp serve --http)', { 'www-authenticate': 'Bearer realm="aosh"' });
    const sid = req.headers['mcp-session-id'];
    let body: unknown;
    if (req.method === 'POST') {
      const b = await readBody(req);
      if (!b.ok) return sendJson(res, b.status, b.message);
      body = b.value;
    }
    if (typeof sid === 'string') {
      const s = sessions.get(sid);
      if (!s) return sendJson(res, 404, 'Session not found (initialize again)');
      return s.transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) return sendJson(res, 400, 'Bad Request: no Mcp-Session-Id (send initialize first)');
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server });
        for (const [old, s] of sessions) {
          if (sessions.size <= MAX_SESSIONS) break;
          sessions.delete(old);
          void s.server.close().catch(() => undefined);
        }
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    const server = createMcpServer(face, () => transport.sessionId);
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      if (!res.headersSent) sendJson(res, 500, `internal error: ${e.message}`);
      else res.destroy();
    });
  });
  const listening = await new Promise<string | null>((resolve) => {
    http.once('error', (e) => resolve((e as Error).message));
    http.listen(addr.port, addr.host, () => resolve(null));
  });
  if (listening !== null) {
    await o.stderr.write(`mcp: serve: cannot listen on ${addr.host}:${addr.port}: ${listening}\n`);
    return 1;
  }
  const a = http.address();
  port = typeof a === 'object' && a ? a.port : addr.port;
  const shown = addr.host.includes(':') ? `[${addr.host}]` : addr.host;
  const endpoint = `http://${shown}:${port}/mcp`;
  const d = face.describe();
  const j = await o.kernel.journal();
  await j?.append('mcp.serve', { transport: 'http', url: endpoint, cwd: d.cwd, mode: d.mode, permissions: d.permissions }).catch(() => undefined);
  // The address and the token, one per line, for the user and for scripts to read.
  await o.stdout.write(`url: ${endpoint}\ntoken: ${fromEnv !== undefined ? '(from $AOSH_MCP_TOKEN)' : tokenText}\n`);

  const status = await new Promise<number>((resolve) => {
    const stop = (): void => resolve(128 + (typeof o.signal.reason === 'number' ? o.signal.reason : 15));
    if (o.signal.aborted) return stop();
    o.signal.addEventListener('abort', stop, { once: true });
  });
  for (const s of sessions.values()) await s.server.close().catch(() => undefined);
  http.closeAllConnections();
  await new Promise((r) => http.close(r));
  return status;
}
