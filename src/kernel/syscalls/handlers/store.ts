// STORE, FETCH, DELETE, KEYS (spec §3.14) over the kernel's KvStore. Changes are journaled.
import { createHash } from 'node:crypto';
import { KvStore } from '../../store.js';
import type { HandlerContext } from '../context.js';
import { optString, parseObject, who } from './util.js';

export async function store(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseObject(payload);
  const key = optString(req, 'key');
  if (!key) return { success: false, error: 'key is required' };
  const scope = KvStore.normalizeScope(req.scope);
  if (req.ttl !== undefined && req.ttl !== null && (typeof req.ttl !== 'number' || !Number.isFinite(req.ttl))) return { success: false, error: 'invalid request: ttl must be a number' };
  const ttl = req.ttl === null ? undefined : (req.ttl as number | undefined);
  const value = 'value' in req ? req.value : null;
  const kv = await ctx.svc.store();
  await kv.store(ctx.conn.id, key, value, scope, ttl);
  const json = JSON.stringify(value) ?? 'null';
  await ctx.svc.audit('store', { ...who(ctx), key, scope, ttl: ttl ?? null, bytes: Buffer.byteLength(json), sha256: createHash('sha256').update(json).digest('hex') });
  // The intended STATE_CHANGED event (spec Q12: REF never emits it because of a bug).
  if (scope === 'global') ctx.svc.hub.emit('STATE_CHANGED', { key, action: 'store', agent_id: ctx.conn.id }, ctx.conn.id);
  return { success: true, key };
}

export async function fetch(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseObject(payload);
  const key = optString(req, 'key');
  if (!key) return { success: false, error: 'key is required' };
  const res = (await ctx.svc.store()).fetch(ctx.conn.id, key);
  return res.exists ? { success: true, exists: true, value: res.value, scope: res.scope } : { success: true, exists: false, value: null };
}

export async function del(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseObject(payload);
  const key = optString(req, 'key');
  if (!key) return { success: false, error: 'key is required' };
  const deleted = await (await ctx.svc.store()).delete(ctx.conn.id, key);
  if (deleted) {
    await ctx.svc.audit('delete', { ...who(ctx), key });
    ctx.svc.hub.emit('STATE_CHANGED', { key, action: 'delete', agent_id: ctx.conn.id }, ctx.conn.id);
  }
  return { success: true, deleted };
}

export async function keys(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseObject(payload);
  const list = (await ctx.svc.store()).keys(ctx.conn.id, optString(req, 'prefix'));
  return { success: true, keys: list, count: list.length };
}
