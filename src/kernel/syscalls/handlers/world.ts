// World simulation opcodes 0xA0–0xA8 (spec §3.19, §6) and the routing of a member's READ,
// WRITE and HTTP into its world (§6.2). Routed calls are answered from the kernel's memory
// only (world/vfs.ts, world/netmock.ts): they never touch the real filesystem or network,
// so they need no sandbox check. A caller outside any world, or whose path its world does
// not intercept, gets the ordinary handler with every check (the route* functions return
// null). EXEC is never routed.
import type { HandlerContext } from '../context.js';
import { encodeValue, raw, rawField } from '../json.js';
import { Op } from '../opcodes.js';
import { MAX_EVENTS, MAX_SLEEP_MS } from '../world/chaos.js';
import type { World } from '../world/registry.js';
import { isObj } from '../world/values.js';
import { BadRequest, optBool, optString, parseObject } from './util.js';

const MAX_EVENT_TYPE_CHARS = 256;

/** A request's config/snapshot, bounded as STORE values are (json.ts): size here, depth at dispatch. */
function bounded(payload: Buffer, req: Record<string, unknown>, key: string, ctx: HandlerContext): Buffer {
  return encodeValue(req[key], ctx.svc.limits.worldConfigBytes, key, 'AOSH_LIMIT_WORLD_CONFIG_BYTES', rawField(payload, key));
}

export function world(payload: Buffer, ctx: HandlerContext, op: number): unknown {
  const req = parseObject(payload);
  const reg = ctx.svc.worlds;
  const fail = (error: string): unknown => ({ success: false, error });
  switch (op) {
    case Op.WORLD_CREATE: {
      const name = optString(req, 'name', 'unnamed');
      const config = req.config ?? {};
      if (!isObj(config)) return fail('invalid request: config must be an object');
      const json = req.config === undefined || req.config === null ? Buffer.from('{}') : bounded(payload, req, 'config', ctx);
      const w = reg.create(name, config, json);
      if (typeof w === 'string') return fail(w);
      return { success: true, world_id: w.id, name };
    }
    case Op.WORLD_LIST: {
      const worlds = reg.list().map((w) => w.summary());
      return { success: true, worlds, count: worlds.length };
    }
    case Op.WORLD_LEAVE:
      return reg.leave(ctx.conn.id) ? { success: true } : fail('Not in any world');
    case Op.WORLD_RESTORE: {
      const snap = req.snapshot;
      if (!isObj(snap) || Object.keys(snap).length === 0) return fail('snapshot required');
      const newId = optString(req, 'new_world_id');
      // Checked for size as sent; the config inside is kept re-encoded (depth is bounded already).
      bounded(payload, req, 'snapshot', ctx);
      const config = isObj(snap.config) ? snap.config : {};
      const w = reg.restore(snap, newId, Buffer.from(JSON.stringify(config)));
      if (w === null) return fail('Failed to restore world');
      if (typeof w === 'string') return fail(w);
      return { success: true, world_id: w.id };
    }
  }
  const id = optString(req, 'world_id');
  if (!id) return fail('world_id required');
  switch (op) {
    case Op.WORLD_DESTROY:
      return reg.destroy(id, optBool(req, 'force', false)) ? { success: true, world_id: id } : fail('Failed to destroy world (not found or has active agents)');
    case Op.WORLD_JOIN: {
      const r = reg.join(ctx.conn.id, id);
      if (typeof r === 'string') return fail(r);
      return r ? { success: true, world_id: id } : fail('Failed to join world (not found or already in a world)');
    }
    case Op.WORLD_EVENT: {
      const type = optString(req, 'event_type');
      if (!type) return fail('event_type required');
      if (type.length > MAX_EVENT_TYPE_CHARS) return fail(`invalid request: event_type longer than ${MAX_EVENT_TYPE_CHARS} characters`);
      const params = req.params ?? {};
      if ('params' in req) encodeValue(params, ctx.svc.limits.eventBytes, 'params', 'AOSH_LIMIT_EVENT_BYTES', rawField(payload, 'params'));
      const w = reg.get(id);
      if (!w) return fail('Failed to inject event (world not found)');
      if (!w.chaos.events.has(type) && w.chaos.events.size >= MAX_EVENTS) return fail(`too many events in world ${id}: ${MAX_EVENTS} types are active`);
      w.chaos.events.set(type, params);
      return { success: true, world_id: id, event_type: type };
    }
    case Op.WORLD_STATE: {
      const w = reg.get(id);
      return w ? { success: true, state: w.state() } : fail('World not found');
    }
    case Op.WORLD_SNAPSHOT: {
      const w = reg.get(id);
      if (!w) return fail('World not found');
      // The config goes back exactly as the client sent it (12.0 stays a float for Python).
      const rest = JSON.stringify(w.snapshot());
      return raw(['{"success":true,"snapshot":{"config":', w.configJson, ',', rest.slice(1), '}']);
    }
  }
  throw new BadRequest(`invalid request: unknown world opcode ${op}`);
}

/** Sleeps for chaos or mock latency, at most MAX_SLEEP_MS, and no longer than the connection. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  const wait = Math.min(Math.max(0, ms), MAX_SLEEP_MS);
  if (wait <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, wait);
    signal.addEventListener('abort', done, { once: true });
  });
}

function routedFs(ctx: HandlerContext, path: string): World | null {
  const w = ctx.svc.worlds.worldOf(ctx.conn.id);
  return w && w.vfs.enabled && w.vfs.intercepts(path) ? w : null;
}

/** READ for a member whose world intercepts the path (spec §6.3), or null: the real READ runs. */
export async function routeRead(ctx: HandlerContext, path: string): Promise<unknown> {
  const w = routedFs(ctx, path);
  if (!w) return null;
  w.syscallCount++;
  const fail = (error: string): unknown => ({ success: false, error, content: '', size: 0, world: w.id });
  if (w.chaos.shouldFailRead(path)) return fail('Simulated I/O failure (chaos)');
  await sleep(w.chaos.latencyMs(), ctx.signal);
  const f = w.vfs.read(path);
  if (!f) return fail('File not found in virtual filesystem');
  return { success: true, content: f.content, size: f.bytes, world: w.id };
}

/** WRITE for a member whose world intercepts the path (spec §6.3), or null. */
export async function routeWrite(ctx: HandlerContext, path: string, content: string, mode: string): Promise<unknown> {
  const w = routedFs(ctx, path);
  if (!w) return null;
  w.syscallCount++;
  const fail = (error: string): unknown => ({ success: false, error, bytes_written: 0, world: w.id });
  if (w.chaos.shouldFailWrite(path)) return fail('Simulated I/O failure (chaos)');
  await sleep(w.chaos.latencyMs(), ctx.signal);
  const r = w.vfs.write(path, content, mode === 'append');
  if (typeof r === 'string') return fail(r);
  return { success: true, bytes_written: r, world: w.id };
}

/** HTTP for a member whose world mocks the network (spec §6.4), or null. */
export async function routeHttp(ctx: HandlerContext, url: string, method: string): Promise<unknown> {
  const w = ctx.svc.worlds.worldOf(ctx.conn.id);
  if (!w || !w.net.enabled) return null;
  w.syscallCount++;
  if (w.chaos.shouldFailNetwork(url)) {
    w.net.failed++;
    return { success: false, error: 'Simulated network failure (chaos)', body: '', status_code: 503, world: w.id };
  }
  const r = w.net.lookup(url);
  if (!r) {
    w.net.passedThrough++;
    return { success: false, error: 'No mock response configured for URL', body: '', status_code: 0, world: w.id };
  }
  w.net.intercepted++;
  await sleep(r.latency_ms + w.chaos.latencyMs(), ctx.signal);
  w.net.record({ url, method, status_code: r.status, timestamp: Date.now() });
  return { success: r.status >= 200 && r.status < 400, body: r.body, status_code: r.status, headers: r.headers, world: w.id, mocked: true };
}
