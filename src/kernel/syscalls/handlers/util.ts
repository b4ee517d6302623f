// Small helpers shared by the handlers: JSON parsing with the protocol's error text (family D),
// typed field readers, and the one place denials are reported (journal + events).
import type { Denial } from '../../permissions.js';
import type { HandlerContext } from '../context.js';
import { opName } from '../opcodes.js';

export class BadRequest extends Error {}

/** Parses a JSON object payload; throws BadRequest("invalid request: …") otherwise. */
export function parseObject(payload: Buffer): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    throw new BadRequest(`invalid request: ${(err as Error).message}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new BadRequest('invalid request: payload must be a JSON object');
  return v as Record<string, unknown>;
}

export function optString(o: Record<string, unknown>, k: string, d = ''): string {
  const v = o[k];
  if (v === undefined || v === null) return d;
  if (typeof v !== 'string') throw new BadRequest(`invalid request: ${k} must be a string`);
  return v;
}

export function optNumber(o: Record<string, unknown>, k: string, d: number): number {
  const v = o[k];
  if (v === undefined || v === null) return d;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new BadRequest(`invalid request: ${k} must be a number`);
  return v;
}

export function optBool(o: Record<string, unknown>, k: string, d: boolean): boolean {
  const v = o[k];
  if (v === undefined || v === null) return d;
  if (typeof v !== 'boolean') throw new BadRequest(`invalid request: ${k} must be a boolean`);
  return v;
}

/** Accepts either spelling of a string-list field (spec Q11): first key found wins. */
export function stringList(o: Record<string, unknown>, listKeys: string[], singleKeys: string[]): string[] | null {
  for (const k of listKeys) {
    const v = o[k];
    if (Array.isArray(v)) return v.map(String);
    if (typeof v === 'string') return [v];
  }
  for (const k of singleKeys) if (typeof o[k] === 'string') return [o[k] as string];
  return null;
}

/**
 * Reports a refused syscall: a durable journal record, a SYSCALL_BLOCKED event and a kernel
 * `denied` event. Returns the error text: the protocol's wording plus the rule that refused.
 */
export async function deny(ctx: HandlerContext, op: number, base: string, denial: Denial, target?: string): Promise<string> {
  const { conn, svc } = ctx;
  const fields = { conn: conn.id, agent: conn.identity.label, proc: conn.identity.procId, op: opName(op), rule: denial.rule, reason: denial.reason, target: target ?? null };
  svc.hub.emit('SYSCALL_BLOCKED', fields, conn.id);
  svc.kernelEvents?.emit('denied', { id: conn.identity.procId, name: conn.identity.label, rule: denial.rule, action: `${opName(op)}${target ? ' ' + target : ''}` });
  await svc.audit('denied', fields);
  return `${base} (rule ${denial.rule}: ${denial.reason})`;
}

/** Common journal fields naming the caller. */
export function who(ctx: HandlerContext): { conn: number; agent: string; proc: number | null } {
  return { conn: ctx.conn.id, agent: ctx.conn.identity.label, proc: ctx.conn.identity.procId };
}
