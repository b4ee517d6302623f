// Prices per model (USD per million tokens) and the conservative input-token estimate
// that budgets reserve against. Edit or extend the table in $AOSH_HOME/config.json:
//   { "llm": { "prices": { "my-model": { "input": 0.2, "output": 0.8 } } } }
import type { Message, ToolDef } from './types.js';

export interface Price {
  /** USD per 1M input tokens. */
  input: number;
  /** USD per 1M output tokens (thinking tokens are billed as output). */
  output: number;
}

export type PriceTable = Record<string, Price>;

export const DEFAULT_PRICES: PriceTable = {
  'gemini-3-pro-preview': { input: 2.0, output: 12.0 },
  'gemini-2.5-pro': { input: 1.25, output: 10.0 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4 },
  'gemini-2.0-flash': { input: 0.1, output: 0.4 },
  'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
  'gpt-5': { input: 1.25, output: 10.0 },
  'gpt-5-mini': { input: 0.25, output: 2.0 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-4.1': { input: 2.0, output: 8.0 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10.0 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  o3: { input: 2.0, output: 8.0 },
  'o4-mini': { input: 1.1, output: 4.4 },
};

/**
 * The price of a model: exact name, else the longest table key that prefixes it
 * ("gemini-2.5-flash-001" -> "gemini-2.5-flash"). Unknown models on a custom endpoint
 * (vLLM, Ollama ...) cost nothing; elsewhere the price is unknown (null).
 */
export function priceFor(model: string, table: PriceTable, customEndpoint: boolean): Price | null {
  const merged = { ...DEFAULT_PRICES, ...table };
  const name = model.replace(/^models\//, '');
  if (merged[name]) return merged[name]!;
  let best: string | undefined;
  for (const key of Object.keys(merged)) if (name.startsWith(key) && (!best || key.length > best.length)) best = key;
  if (best) return merged[best]!;
  if (merged.default) return merged.default;
  return customEndpoint ? { input: 0, output: 0 } : null;
}

export function costUsd(price: Price | null, input: number, output: number): number {
  if (!price) return 0;
  return (input * price.input + output * price.output) / 1e6;
}

/** Tokens an image may cost at most (OpenAI high detail tops out near 1105, Gemini 258 per tile). */
export const IMAGE_TOKENS = 1600;
/** Per-message framing tokens (role markers, separators). */
export const MESSAGE_OVERHEAD = 8;

/**
 * An upper bound on the input tokens of a request. Byte-level BPE tokenizers never
 * produce more tokens than UTF-8 bytes, so with bytesPerToken = 1 this bound is exact
 * by construction; a larger divisor trades that guarantee for headroom.
 */
export function estimateInputTokens(
  parts: { system?: string; messages: Message[]; tools?: ToolDef[]; schema?: Record<string, unknown> },
  bytesPerToken = 1,
): number {
  let bytes = 0;
  let extra = 16;
  if (parts.system) {
    bytes += Buffer.byteLength(parts.system);
    extra += MESSAGE_OVERHEAD;
  }
  for (const m of parts.messages) {
    extra += MESSAGE_OVERHEAD;
    if (typeof m.content === 'string') bytes += Buffer.byteLength(m.content);
    else {
      for (const p of m.content) {
        if (p.type === 'text') bytes += Buffer.byteLength(p.text);
        else extra += IMAGE_TOKENS;
      }
    }
    if (m.role === 'assistant' && m.toolCalls) bytes += Buffer.byteLength(JSON.stringify(m.toolCalls));
    if (m.role === 'tool') bytes += Buffer.byteLength(m.name) + Buffer.byteLength(m.toolCallId);
  }
  if (parts.tools) bytes += Buffer.byteLength(JSON.stringify(parts.tools));
  if (parts.schema) bytes += Buffer.byteLength(JSON.stringify(parts.schema));
  return Math.ceil(bytes / bytesPerToken) + extra;
}
