// NOOP (byte-exact echo), EXIT ("goodbye", connection stays open) and THINK (spec §3.1–3.3).
import { checkThink } from '../../permissions.js';
import type { HandlerContext } from '../context.js';
import { Op } from '../opcodes.js';
import type { ThinkRequest } from '../types.js';
import { deny, who } from './util.js';

const GOODBYE = Buffer.from('goodbye');

export function noop(payload: Buffer): Buffer {
  return payload;
}

export function exit(): Buffer {
  return GOODBYE;
}

/**
 * REF adds max_tokens = 1024 to a request that has none (spec §3.3 step 3). It is also what
 * the call reserves against the budgets (llm/budgets.ts): what it can really use, not the
 * whole remaining budget, so a hundred agents under one small session budget all get served.
 */
export const THINK_DEFAULT_MAX_TOKENS = 1024;

/** The spec's fixed offline shape (§3.3 step 1): every seed example copes with it. */
export const THINK_OFFLINE = { success: false, error: 'LLM not configured (set GEMINI_API_KEY)', content: '' };

export async function think(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseThink(payload);
  if (!req) return { success: false, error: 'invalid request: prompt must be a string', content: '' };
  const handler = ctx.svc.think;
  // REF checks for a configured LLM before permissions; keep that order.
  if (!handler) return THINK_OFFLINE;
  const denial = checkThink(ctx.conn.perms, ctx.conn.usage);
  if (denial) return { success: false, error: await deny(ctx, Op.THINK, 'Permission denied: LLM quota exceeded or not allowed', denial), content: '' };
  const { conn } = ctx;
  try {
    const res = await handler(req, { connId: conn.id, agent: conn.identity.label, procId: conn.identity.procId }, ctx.signal);
    if (res.tokens > 0) {
      conn.usage.calls++;
      conn.usage.tokens += res.tokens;
    }
    await ctx.svc.audit('think', { ...who(ctx), model: res.model ?? req.model ?? null, tokens: res.tokens, cost_usd: res.cost_usd ?? null, prompt_chars: req.prompt.length, ok: true });
    // No `error` key on success (spec Q6): the examples test result.get("error").
    return { success: true, content: res.content, tokens: res.tokens };
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOLLM') return THINK_OFFLINE;
    const message = (err as Error).message || String(err);
    await ctx.svc.audit('think', { ...who(ctx), model: req.model ?? null, tokens: 0, ok: false, error: message }).catch(() => undefined);
    return { success: false, error: message, content: '' };
  }
}

/** A JSON object with a string prompt, or (REF) the whole non-JSON payload as the prompt. */
function parseThink(payload: Buffer): ThinkRequest | null {
  const text = payload.toString('utf8');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { prompt: text, max_tokens: THINK_DEFAULT_MAX_TOKENS };
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return { prompt: text, max_tokens: THINK_DEFAULT_MAX_TOKENS };
  const o = v as Record<string, unknown>;
  if (o.prompt !== undefined && typeof o.prompt !== 'string') return null;
  const req: ThinkRequest = { prompt: (o.prompt as string | undefined) ?? '', max_tokens: THINK_DEFAULT_MAX_TOKENS };
  // Only the string fields of an image are read: whatever else a client nests there never
  // reaches the provider SDK.
  const img = o.image as Record<string, unknown> | undefined;
  if (img && typeof img === 'object' && typeof img.data === 'string') req.image = { data: img.data, mime_type: typeof img.mime_type === 'string' ? img.mime_type : '' };
  if (typeof o.system_instruction === 'string') req.system_instruction = o.system_instruction;
  if (typeof o.thinking_level === 'string') req.thinking_level = o.thinking_level;
  if (typeof o.temperature === 'number') req.temperature = o.temperature;
  if (typeof o.model === 'string') req.model = o.model;
  if (typeof o.max_tokens === 'number' && Number.isFinite(o.max_tokens) && o.max_tokens >= 1) req.max_tokens = Math.floor(o.max_tokens);
  return req;
}
