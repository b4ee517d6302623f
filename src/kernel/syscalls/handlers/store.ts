// STORE, FETCH, DELETE, KEYS (spec §3.14) over the kernel's KvStore.
//
// A write is on the journal before it happens: it is checked against the limits
// (prepare), journaled, then committed. So every write that succeeded is on the record, a
// write refused by a limit or by the disk is answered success:false and is never applied
// (it cannot reach store.json later), and one client's failure leaves everybody else's
// STOREs alone. Values stay JSON from the request to the answer (json.ts).
import { createHash } from 'node:crypto';
import { KvStore, StoreError, type PreparedWrite } from '../../store.js';
import type { HandlerContext } from '../context.js';
import { describeError } from '../fault.js';
import { encodeValue, raw, rawField, str } from '../json.js';
import { optString, parseObject, who } from './util.js';

export async function store(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseObject(payload);
  const key = optString(req, 'key');
  if (!key) return { success: false, error: 'key is required' };
  const scope = KvStore.normalizeScope(req.scope);
  if (req.ttl !== undefined && req.ttl !== null && (typeof req.ttl !== 'number' || !Number.isFinite(req.ttl))) return { success: false, error: 'invalid request: ttl must be a number' };
  const ttl = req.ttl === null ? undefined : (req.ttl as number | undefined);
  const buf = 'value' in req ? encodeValue(req.value, ctx.svc.limits.storeValueBytes, 'value', 'AOSH_LIMIT_STORE_VALUE_BYTES', rawField(payload, 'value')) : Buffer.from('null');
  const json = buf.toString('utf8');
  const kv = await ctx.svc.store();
  let w: PreparedWrite;
  try {
    w = kv.prepare(ctx.conn.id, key, json, scope, ttl);
  } catch (err) {
    if (err instanceof StoreError) return { success: false, error: err.message };
    throw err;
  }
  const fields = { ...who(ctx), key, scope, ttl: ttl ?? null, bytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
  if (!(await journaled(ctx, 'store', fields, w))) return { success: false, error: 'not stored: the audit journal could not be written' };
  try {
    await w.commit();
  } catch (err) {
    await ctx.svc.audit('store.failed', { ...who(ctx), key, scope, error: describeError(err, false) }).catch(() => undefined);
    return { success: false, error: err instanceof StoreError ? err.message : `not stored: ${describeError(err, false)}` };
  }
  // The intended STATE_CHANGED event (spec Q12: REF never emits it because of a bug).
  if (scope === 'global') ctx.svc.hub.emit('STATE_CHANGED', { key, action: 'store', agent_id: ctx.conn.id }, ctx.conn.id);
  return { success: true, key };
}

/** Appends the journal record of a write about to happen; on failure the write is dropped. */
async function journaled(ctx: HandlerContext, type: string, fields: Record<string, unknown>, w: PreparedWrite): Promise<boolean> {
  try {
    await ctx.svc.audit(type, fields);
    return true;
  } catch {
    w.abort();
    return false;
  }
}

export async function fetch(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseObject(payload);
  const key = optString(req, 'key');
  if (!key) return { success: false, error: 'key is required' };
  const res = (await ctx.svc.store()).fetchJson(ctx.conn.id, key);
  if (!res) return { success: true, exists: false, value: null };
  return raw(['{"success":true,"exists":true,"value":', res.json, `,"scope":${str(res.scope)}}`]);
}

export async function del(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseObject(payload);
  const key = optString(req, 'key');
  if (!key) return { success: false, error: 'key is required' };
  const d = (await ctx.svc.store()).prepareDelete(ctx.conn.id, key);
  if (!d) return { success: true, deleted: false };
  if (!(await journaled(ctx, 'delete', { ...who(ctx), key }, d))) return { success: false, deleted: false, error: 'not deleted: the audit journal could not be written' };
  try {
    await d.commit();
  } catch (err) {
    await ctx.svc.audit('delete.failed', { ...who(ctx), key, error: describeError(err, false) }).catch(() => undefined);
    return { success: false, deleted: false, error: err instanceof StoreError ? err.message : `not deleted: ${describeError(err, false)}` };
  }
  ctx.svc.hub.emit('STATE_CHANGED', { key, action: 'delete', agent_id: ctx.conn.id }, ctx.conn.id);
  return { success: true, deleted: true };
}

export async function keys(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseObject(payload);
  const list = (await ctx.svc.store()).keys(ctx.conn.id, optString(req, 'prefix'));
  return { success: true, keys: list, count: list.length };
}
