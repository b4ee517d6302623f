// REGISTER, SEND, RECV, BROADCAST (spec §3.10–3.13, §7). Unrestricted by permissions, as REF.
import type { HandlerContext } from '../context.js';
import { optBool, optNumber, parseObject } from './util.js';

export function register(payload: Buffer, ctx: HandlerContext): unknown {
  const req = parseObject(payload);
  if (req.name !== undefined && typeof req.name !== 'string') return { success: false, error: 'invalid request: name must be a string' };
  const name = (req.name as string | undefined) ?? '';
  if (!name) return { success: false, error: 'name required' };
  const res = ctx.svc.registry.register(ctx.conn.id, name);
  if (!res.ok) return { success: false, error: res.error };
  return { success: true, agent_id: ctx.conn.id, name };
}

export function send(payload: Buffer, ctx: HandlerContext): unknown {
  const req = parseObject(payload);
  const to = optNumber(req, 'to', 0);
  if (!Number.isInteger(to) || to < 0 || to > 0xffffffff) return { success: false, error: 'invalid request: to must be a conn-id' };
  if (req.to_name !== undefined && req.to_name !== null && typeof req.to_name !== 'string') return { success: false, error: 'invalid request: to_name must be a string' };
  const toName = (req.to_name as string | undefined) ?? '';
  let target = to;
  if (!target) {
    if (!toName) return { success: false, error: 'target agent required (to or to_name)' };
    const found = ctx.svc.registry.resolve(toName);
    if (found === undefined) return { success: false, error: `target agent not found: ${toName}` };
    target = found;
  }
  // An explicit null stays null; an absent message is {} (REF).
  const message = 'message' in req ? req.message : {};
  ctx.svc.registry.send(ctx.conn.id, target, message);
  return { success: true, delivered_to: target };
}

export function recv(payload: Buffer, ctx: HandlerContext): unknown {
  const req = parseObject(payload);
  const max = Math.trunc(optNumber(req, 'max', 10));
  const messages = ctx.svc.registry.recv(ctx.conn.id, max);
  return { success: true, messages, count: messages.length };
}

export function broadcast(payload: Buffer, ctx: HandlerContext): unknown {
  const req = parseObject(payload);
  const message = 'message' in req ? req.message : {};
  const n = ctx.svc.registry.broadcast(ctx.conn.id, message, optBool(req, 'include_self', false));
  return { success: true, delivered_count: n };
}
