// The page's one WebSocket to aosh: reconnects by itself (aosh restarting, a laptop waking),
// backing off to RETRY_MAX_MS, and matches replies to requests.
import type { ClientMsg, ServerMsg } from '../protocol.js';

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 2000;

type Outgoing = ClientMsg extends infer M ? (M extends { req: number } ? Omit<M, 'req'> : never) : never;

export class Conn {
  private ws: WebSocket | null = null;
  private nextReq = 1;
  private retryMs = RETRY_MIN_MS;
  private readonly waiting = new Map<number, (r: { ok: boolean; error?: string; result?: unknown }) => void>();
  onMessage: (m: ServerMsg) => void = () => {};
  onStatus: (s: 'connecting' | 'open' | 'closed', retryInMs?: number) => void = () => {};

  constructor(private readonly url: string) {}

  connect(): void {
    this.onStatus('connecting');
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.retryMs = RETRY_MIN_MS;
      this.onStatus('open');
    };
    ws.onmessage = (ev) => {
      let m: ServerMsg;
      try {
        m = JSON.parse(String(ev.data)) as ServerMsg;
      } catch {
        return;
      }
      if (m.t === 'reply' && m.req) {
        const w = this.waiting.get(m.req);
        this.waiting.delete(m.req);
        w?.(m);
        return;
      }
      this.onMessage(m);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      for (const w of this.waiting.values()) w({ ok: false, error: 'disconnected from aosh' });
      this.waiting.clear();
      const wait = this.retryMs;
      this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
      this.onStatus('closed', wait);
      setTimeout(() => this.connect(), wait);
    };
  }

  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Sends a request; resolves with the server's reply. */
  request(msg: Outgoing): Promise<{ ok: boolean; error?: string; result?: unknown }> {
    if (!this.open) return Promise.resolve({ ok: false, error: 'not connected to aosh' });
    const req = this.nextReq++;
    return new Promise((resolve) => {
      this.waiting.set(req, resolve);
      this.ws!.send(JSON.stringify({ ...msg, req }));
    });
  }
}
