// REGISTER, SEND, RECV, BROADCAST (spec §3.10–3.13, §7). Unrestricted by permissions, as REF.
// A message is checked and encoded when it is sent (json.ts), kept as JSON, and answered by
// RECV without being decoded again; a mailbox that is full refuses the SEND (registry.ts).
import type { HandlerContext } from '../context.js';
import { encodeValue, raw, rawField, str } from '../json.js';
import { optBool, optNumber, parseObject } from './util.js';

/** The message of a SEND/BROADCAST as JSON: an explicit null stays null, absent is {} (REF). */
function message(req: Record<string, unknown>, payload: Buffer, ctx: HandlerContext): Buffer {
  if (!('message' in req)) return Buffer.from('{}');
  return encodeValue(req.message, ctx.svc.limits.messageBytes, 'message', 'AOSH_LIMIT_MESSAGE_BYTES', rawField(payload, 'message'));
}

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
  const sent = ctx.svc.registry.send(ctx.conn.id, ctx.conn.socketPath, target, message(req, payload, ctx));
  if (!sent.ok) return { success: false, error: sent.error };
  return { success: true, delivered_to: target };
}

export function recv(payload: Buffer, ctx: HandlerContext): unknown {
  const req = parseObject(payload);
  const max = Math.trunc(optNumber(req, 'max', 10));
  // An answer of at most limits.answerBytes: fewer than `max` messages when they are big
  // (the spec's "up to max"); the rest wait for the next RECV.
  const got = ctx.svc.registry.recv(ctx.conn.id, max, ctx.svc.limits.answerBytes);
  const now = Date.now();
  const parts: (string | Buffer)[] = ['{"success":true,"messages":['];
  got.forEach((q, i) => {
    parts.push(`${i ? ',' : ''}{"from":${q.from},"from_name":${str(q.from_name)},"message":`, q.json, `,"age_ms":${now - q.at}}`);
  });
  parts.push(`],"count":${got.length}}`);
  return raw(parts);
}

export function broadcast(payload: Buffer, ctx: HandlerContext): unknown {
  const req = parseObject(payload);
  const includeSelf = optBool(req, 'include_self', false);
  const r = ctx.svc.registry.broadcast(ctx.conn.id, ctx.conn.socketPath, message(req, payload, ctx), includeSelf);
  // Recipients whose mailbox is full are named (aosh extension), with the first reason.
  if (r.refused.length) return { success: true, delivered_count: r.delivered, refused: r.refused, error: r.error };
  return { success: true, delivered_count: r.delivered };
}
