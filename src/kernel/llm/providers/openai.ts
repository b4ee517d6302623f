// OpenAI, and any OpenAI-compatible server (vLLM, SGLang, llama.cpp, Ollama, LM Studio)
// through the `openai` SDK with a base URL. The SDK is imported on first use; its own
// retries are off (the kernel retries, honouring Retry-After).
import { createHash } from 'node:crypto';
import type OpenAI from 'openai';
import { ProviderError } from '../errors.js';
import { networkCode, networkDetail, parseRetryAfter } from '../retry.js';
import type { Message, Provider, ProviderRequest, ProviderResponse, ToolCall } from '../types.js';

type ChatParams = OpenAI.Chat.Completions.ChatCompletionCreateParams;
type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

export function toOpenAIMessages(system: string | undefined, messages: Message[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (system) out.push({ role: 'system', content: system });
  for (const m of messages) {
    if (m.role === 'user') {
      if (typeof m.content === 'string') out.push({ role: 'user', content: m.content });
      else
        out.push({
          role: 'user',
          content: m.content.map((p) =>
            p.type === 'text'
              ? { type: 'text' as const, text: p.text }
              : { type: 'image_url' as const, image_url: { url: `data:${p.mimeType};base64,${p.data}` } },
          ),
        });
    } else if (m.role === 'assistant') {
      out.push({
        role: 'assistant',
        content: m.content,
        ...(m.toolCalls?.length
          ? { tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: JSON.stringify(c.arguments) } })) }
          : {}),
      });
    } else {
      out.push({ role: 'tool', tool_call_id: m.toolCallId, content: m.content });
    }
  }
  return out;
}

export function toOpenAIParams(req: ProviderRequest, official: boolean): ChatParams {
  const p: Record<string, unknown> = { model: req.model, messages: toOpenAIMessages(req.system, req.messages) };
  // api.openai.com wants max_completion_tokens (reasoning models reject max_tokens);
  // compatible servers universally accept max_tokens.
  p[official ? 'max_completion_tokens' : 'max_tokens'] = req.maxTokens;
  if (req.temperature !== undefined) p.temperature = req.temperature;
  if (req.thinking && req.thinking !== 'off') p.reasoning_effort = req.thinking;
  if (req.schema) p.response_format = { type: 'json_schema', json_schema: { name: 'output', schema: req.schema } };
  if (req.tools?.length) {
    p.tools = req.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
    if (req.toolChoice) p.tool_choice = req.toolChoice;
  }
  return p as unknown as ChatParams;
}

function parseArgs(s: string): Record<string, unknown> {
  if (!s) return {};
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { _raw: s };
  }
}

function finish(reason: string | null | undefined): string {
  if (!reason) return 'stop';
  return reason === 'content_filter' ? 'safety' : reason;
}

export function toProviderError(err: unknown, label: string, endpoint?: string): unknown {
  if (err instanceof ProviderError) return err;
  const e = err as { status?: number; headers?: Headers; message?: string; name?: string; cause?: unknown };
  if (e?.name === 'AbortError' || e?.name === 'APIUserAbortError') return err;
  const oneLine = (s: string | undefined): string => (s ?? 'request failed').replace(/\s+/g, ' ').trim().slice(0, 300);
  if (typeof e?.status === 'number') {
    const ra = e.headers ? parseRetryAfter((n) => e.headers!.get(n)) : undefined;
    return new ProviderError(`${label}: ${oneLine(e.message)}`, e.status, ra, false, { endpoint });
  }
  return new ProviderError(`${label}: ${networkDetail(err)}`, undefined, undefined, true, { endpoint, code: networkCode(err) });
}

export class OpenAIProvider implements Provider {
  readonly name = 'openai' as const;
  readonly limitKey: string;
  readonly custom: boolean;
  private client: Promise<OpenAI> | undefined;

  constructor(private readonly cfg: { apiKey: string; baseUrl?: string }) {
    this.custom = !!cfg.baseUrl && !/^https:\/\/api\.openai\.com/.test(cfg.baseUrl);
    const id = createHash('sha256').update(cfg.apiKey).digest('hex').slice(0, 8);
    this.limitKey = `openai:${cfg.baseUrl ?? 'api.openai.com'}:${id}`;
  }

  /** The URL requests go to, for messages ("connection refused by ..."). */
  get endpoint(): string {
    return this.cfg.baseUrl ?? 'https://api.openai.com/v1';
  }

  private get label(): string {
    return this.custom ? `openai-compatible server ${this.cfg.baseUrl}` : 'openai';
  }

  /** The server's models (GET /models), sorted. */
  async listModels(signal?: AbortSignal): Promise<string[]> {
    const client = await this.sdk();
    try {
      const ids: string[] = [];
      for await (const m of client.models.list({ signal })) ids.push(m.id);
      return ids.sort();
    } catch (err) {
      throw toProviderError(err, this.label, this.endpoint);
    }
  }

  private sdk(): Promise<OpenAI> {
    this.client ??= import('openai').then(({ default: Ctor }) => new Ctor({ apiKey: this.cfg.apiKey, baseURL: this.cfg.baseUrl, maxRetries: 0, timeout: 600_000 }));
    return this.client;
  }

  async generate(req: ProviderRequest, onText?: (delta: string) => void): Promise<ProviderResponse> {
    const client = await this.sdk();
    const params = toOpenAIParams(req, !this.custom);
    try {
      if (!req.stream) {
        const r = await client.chat.completions.create({ ...params, stream: false }, { signal: req.signal });
        const choice = r.choices[0];
        const calls: ToolCall[] = (choice?.message.tool_calls ?? []).flatMap((c) =>
          c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: parseArgs(c.function.arguments) }] : [],
        );
        return {
          content: choice?.message.content ?? '',
          toolCalls: calls,
          model: r.model || req.model,
          usage: { input: r.usage?.prompt_tokens ?? 0, output: r.usage?.completion_tokens ?? 0 },
          finishReason: finish(choice?.finish_reason),
        };
      }
      const stream = await client.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } }, { signal: req.signal });
      let content = '';
      let model = req.model;
      let reason: string | null | undefined;
      let usage = { input: 0, output: 0 };
      const calls = new Map<number, { id: string; name: string; args: string }>();
      for await (const chunk of stream) {
        if (chunk.model) model = chunk.model;
        if (chunk.usage) usage = { input: chunk.usage.prompt_tokens ?? 0, output: chunk.usage.completion_tokens ?? 0 };
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        if (choice.finish_reason) reason = choice.finish_reason;
        const d = choice.delta;
        if (d?.content) {
          content += d.content;
          onText?.(d.content);
        }
        for (const tc of d?.tool_calls ?? []) {
          const cur = calls.get(tc.index) ?? { id: '', name: '', args: '' };
          if (tc.id) cur.id = tc.id;
          if (tc.function?.name) cur.name += tc.function.name;
          if (tc.function?.arguments) cur.args += tc.function.arguments;
          calls.set(tc.index, cur);
        }
      }
      return {
        content,
        toolCalls: [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([i, c]) => ({ id: c.id || `call_${i}`, name: c.name, arguments: parseArgs(c.args) })),
        model,
        usage,
        finishReason: finish(reason),
      };
    } catch (err) {
      throw toProviderError(err, this.label, this.endpoint);
    }
  }
}
