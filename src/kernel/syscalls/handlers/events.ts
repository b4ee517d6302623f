// SUBSCRIBE, UNSUBSCRIBE, POLL_EVENTS, EMIT (spec §3.18). Both key spellings are accepted
// (Q11): REF's `events`/`event` and the SDK's `event_types`/`event_type`, so SDK calls work.
import type { HandlerContext } from '../context.js';
import { eventType } from '../event-hub.js';
import { encodeValue, rawField } from '../json.js';
import { optBool, optNumber, parseObject, stringList } from './util.js';

export function subscribe(payload: Buffer, ctx: HandlerContext): unknown {
  const req = parseObject(payload);
  const types = stringList(req, ['events', 'event_types'], ['event', 'event_type']);
  if (!types || types.length === 0) return { success: false, error: 'No events specified' };
  ctx.svc.hub.subscribe(ctx.conn.id, types);
  return { success: true, subscribed: types };
}

export function unsubscribe(payload: Buffer, ctx: HandlerContext): unknown {
  const req = parseObject(payload);
  if (optBool(req, 'all', false)) ctx.svc.hub.unsubscribe(ctx.conn.id, 'all');
  else ctx.svc.hub.unsubscribe(ctx.conn.id, stringList(req, ['events', 'event_types'], ['event', 'event_type']) ?? []);
  return { success: true };
}

export function pollEvents(payload: Buffer, ctx: HandlerContext): unknown {
  const req = parseObject(payload);
  return ctx.svc.hub.pollAnswer(ctx.conn.id, Math.trunc(optNumber(req, 'max', 100)));
}

export function emit(payload: Buffer, ctx: HandlerContext): unknown {
  const req = parseObject(payload);
  const name = typeof req.event === 'string' ? req.event : typeof req.event_type === 'string' ? req.event_type : 'CUSTOM';
  let data = 'data' in req ? req.data : null;
  // REF always emits CUSTOM and tags the asked type into data.custom_type. aosh emits the
  // asked type when it is a known one, else CUSTOM with custom_type.
  const type = eventType(name);
  let asSent = 'data' in req ? rawField(payload, 'data') : undefined;
  if (name !== 'CUSTOM' && type === 'CUSTOM') {
    asSent = undefined; // custom_type is added: encode it
    if (data !== null && (typeof data !== 'object' || Array.isArray(data))) return { success: false, error: 'invalid request: data must be an object to carry custom_type' };
    data = { ...((data as Record<string, unknown> | null) ?? {}), custom_type: name };
  }
  // Checked and encoded once, when accepted: every subscriber's queue shares these bytes.
  ctx.svc.hub.emit(type, encodeValue(data, ctx.svc.limits.eventBytes, 'event data', 'AOSH_LIMIT_EVENT_BYTES', asSent), ctx.conn.id);
  ctx.svc.kernelEvents?.emit('custom', { type: name, source: ctx.conn.identity.label, data });
  return { success: true, event: name };
}
