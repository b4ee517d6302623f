// Gemini through @google/genai (imported on first use). GEMINI_BASE_URL goes to the SDK's
// httpOptions.baseUrl. The SDK's own retries stay off; a per-request fetch wrapper keeps
// the Retry-After header, which the SDK's ApiError drops.
import { createHash } from 'node:crypto';
import type { Content, GenerateContentConfig, GenerateContentResponse, GoogleGenAI, Part } from '@google/genai';
import { ProviderError } from '../errors.js';
import { networkCode, networkDetail, parseRetryAfter } from '../retry.js';
import type { Message, Provider, ProviderRequest, ProviderResponse, ThinkingLevel, ToolCall } from '../types.js';

export function toGeminiContents(messages: Message[]): Content[] {
  const out: Content[] = [];
  const push = (role: 'user' | 'model', parts: Part[]): void => {
    const last = out[out.length - 1];
    if (last && last.role === role) last.parts!.push(...parts);
    else out.push({ role, parts });
  };
  for (const m of messages) {
    if (m.role === 'user') {
      if (typeof m.content === 'string') push('user', [{ text: m.content }]);
      else push('user', m.content.map((p) => (p.type === 'text' ? { text: p.text } : { inlineData: { mimeType: p.mimeType, data: p.data } })));
    } else if (m.role === 'assistant') {
      const parts: Part[] = [];
      if (m.content) parts.push({ text: m.content });
      for (const c of m.toolCalls ?? []) parts.push({ functionCall: { id: c.id, name: c.name, args: c.arguments } });
      push('model', parts.length ? parts : [{ text: '' }]);
    } else {
      let response: Record<string, unknown>;
      try {
        const v = JSON.parse(m.content) as unknown;
        response = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { result: v };
      } catch {
        response = { result: m.content };
      }
      push('user', [{ functionResponse: { id: m.toolCallId, name: m.name, response } }]);
    }
  }
  return out;
}

const BUDGETS: Record<ThinkingLevel, number> = { off: 0, minimal: 512, low: 1024, medium: 8192, high: 24576 };

export function toGeminiConfig(req: ProviderRequest): GenerateContentConfig {
  const c: GenerateContentConfig = { maxOutputTokens: req.maxTokens };
  if (req.system) c.systemInstruction = req.system;
  if (req.temperature !== undefined) c.temperature = req.temperature;
  if (req.thinking) {
    // Gemini 3 takes a level; 2.x takes a token budget.
    c.thinkingConfig = /gemini-[3-9]/.test(req.model)
      ? ({ thinkingLevel: (req.thinking === 'off' ? 'LOW' : req.thinking.toUpperCase()) as never })
      : { thinkingBudget: BUDGETS[req.thinking] };
  }
  if (req.schema) {
    c.responseMimeType = 'application/json';
    c.responseJsonSchema = req.schema;
  }
  if (req.tools?.length) {
    c.tools = [{ functionDeclarations: req.tools.map((t) => ({ name: t.name, description: t.description, parametersJsonSchema: t.parameters })) }];
    if (req.toolChoice) {
      const mode = req.toolChoice === 'required' ? 'ANY' : req.toolChoice === 'none' ? 'NONE' : 'AUTO';
      c.toolConfig = { functionCallingConfig: { mode: mode as never } };
    }
  }
  return c;
}

function textOf(r: GenerateContentResponse): string {
  let s = '';
  for (const p of r.candidates?.[0]?.content?.parts ?? []) if (p.text && !p.thought) s += p.text;
  return s;
}

function callsOf(r: GenerateContentResponse, start: number): ToolCall[] {
  const out: ToolCall[] = [];
  for (const p of r.candidates?.[0]?.content?.parts ?? []) {
    const fc = p.functionCall;
    if (fc?.name) out.push({ id: fc.id ?? `call_${start + out.length}`, name: fc.name, arguments: (fc.args ?? {}) as Record<string, unknown> });
  }
  return out;
}

function finish(reason: string | undefined, calls: number): string {
  if (calls > 0) return 'tool_calls';
  switch (reason) {
    case undefined:
    case 'STOP':
      return 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'PROHIBITED_CONTENT':
    case 'BLOCKLIST':
      return 'safety';
    default:
      return reason.toLowerCase();
  }
}

export class GeminiProvider implements Provider {
  readonly name = 'gemini' as const;
  readonly limitKey: string;
  readonly custom: boolean;
  private client: Promise<GoogleGenAI> | undefined;

  constructor(private readonly cfg: { apiKey: string; baseUrl?: string }) {
    this.custom = !!cfg.baseUrl && !/googleapis\.com/.test(cfg.baseUrl);
    const id = createHash('sha256').update(cfg.apiKey).digest('hex').slice(0, 8);
    this.limitKey = `gemini:${cfg.baseUrl ?? 'googleapis'}:${id}`;
  }

  /** The URL requests go to, for messages. */
  get endpoint(): string {
    return this.cfg.baseUrl ?? 'https://generativelanguage.googleapis.com';
  }

  /** The models that can generate content (models.list), without the "models/" prefix, sorted. */
  async listModels(signal?: AbortSignal): Promise<string[]> {
    const ai = await this.sdk();
    try {
      const ids: string[] = [];
      const pager = await ai.models.list({ config: { abortSignal: signal } });
      for await (const m of pager) {
        const actions = m.supportedActions;
        if (actions && !actions.includes('generateContent')) continue;
        if (m.name) ids.push(m.name.replace(/^models\//, ''));
      }
      return ids.sort();
    } catch (err) {
      throw geminiError(err, undefined, this.endpoint);
    }
  }

  private sdk(): Promise<GoogleGenAI> {
    this.client ??= import('@google/genai').then(
      ({ GoogleGenAI: Ctor }) => new Ctor({ apiKey: this.cfg.apiKey, ...(this.cfg.baseUrl ? { httpOptions: { baseUrl: this.cfg.baseUrl } } : {}) }),
    );
    return this.client;
  }

  async generate(req: ProviderRequest, onText?: (delta: string) => void): Promise<ProviderResponse> {
    const ai = await this.sdk();
    let retryAfter: number | undefined;
    const fetchKeepingRetryAfter: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!res.ok) retryAfter = parseRetryAfter((n) => res.headers.get(n));
      return res;
    };
    const config = { ...toGeminiConfig(req), abortSignal: req.signal, httpOptions: { fetch: fetchKeepingRetryAfter } };
    const params = { model: req.model, contents: toGeminiContents(req.messages), config };
    try {
      if (!req.stream) {
        const r = await ai.models.generateContent(params);
        const calls = callsOf(r, 0);
        return {
          content: textOf(r),
          toolCalls: calls,
          model: r.modelVersion ?? req.model,
          usage: usageOf(r),
          finishReason: finish(r.candidates?.[0]?.finishReason, calls.length),
        };
      }
      const stream = await ai.models.generateContentStream(params);
      let content = '';
      let model = req.model;
      let reason: string | undefined;
      let usage = { input: 0, output: 0 };
      const calls: ToolCall[] = [];
      for await (const r of stream) {
        if (r.modelVersion) model = r.modelVersion;
        if (r.usageMetadata) usage = usageOf(r);
        if (r.candidates?.[0]?.finishReason) reason = r.candidates[0].finishReason;
        const t = textOf(r);
        if (t) {
          content += t;
          onText?.(t);
        }
        calls.push(...callsOf(r, calls.length));
      }
      return { content, toolCalls: calls, model, usage, finishReason: finish(reason, calls.length) };
    } catch (err) {
      throw geminiError(err, retryAfter, this.endpoint);
    }
  }
}

function usageOf(r: GenerateContentResponse): { input: number; output: number } {
  const u = r.usageMetadata;
  return { input: u?.promptTokenCount ?? 0, output: (u?.candidatesTokenCount ?? 0) + (u?.thoughtsTokenCount ?? 0) };
}

function geminiError(err: unknown, retryAfter: number | undefined, endpoint?: string): unknown {
  if (err instanceof ProviderError) return err;
  const e = err as { status?: number; message?: string; name?: string };
  if (e?.name === 'AbortError') return err;
  if (typeof e?.status === 'number') {
    let msg = e.message ?? 'request failed';
    try {
      const body = JSON.parse(msg) as { error?: { message?: string; details?: { retryDelay?: string }[] } };
      msg = body.error?.message ?? msg;
      const delay = body.error?.details?.find((d) => d.retryDelay)?.retryDelay;
      if (retryAfter === undefined && delay && /^\d+(\.\d+)?s$/.test(delay)) retryAfter = parseFloat(delay) * 1000;
    } catch {
      /* not JSON */
    }
    return new ProviderError(`gemini: ${e.status} ${msg.replace(/\s+/g, ' ').trim().slice(0, 300)}`, e.status, retryAfter, false, { endpoint });
  }
  return new ProviderError(`gemini: ${networkDetail(err)}`, undefined, undefined, true, { endpoint, code: networkCode(err) });
}
