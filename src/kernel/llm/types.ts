// The provider-neutral shapes every LLM call uses: the shell's `think`, pipeline stages,
// agents over the socket (THINK) and the agent loop's tool calls. Providers map these to
// and from their own wire formats; nothing outside src/kernel/llm/providers sees an SDK type.

export type ProviderName = 'gemini' | 'openai' | 'replay';

export type ThinkingLevel = 'off' | 'minimal' | 'low' | 'medium' | 'high';

export interface TextPart {
  type: 'text';
  text: string;
}

export interface ImagePart {
  type: 'image';
  mimeType: string;
  /** Base64 of the image bytes. */
  data: string;
}

export type ContentPart = TextPart | ImagePart;

/** A tool the model may call; `parameters` is a JSON Schema object. */
export interface ToolDef {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
}

/** One tool call the model asked for. `arguments` is the parsed JSON object. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

export type Message =
  | { role: 'user'; content: string | ContentPart[] }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  /** The result of one tool call, answered by id (and name: Gemini matches by name). */
  | { role: 'tool'; toolCallId: string; name: string; content: string };

export interface Usage {
  input: number;
  output: number;
}

/** A request as the caller states it (before provider, model and budgets are resolved). */
export interface ThinkRequest {
  /** Scheduler client and budget owner: an agent name; the interactive shell is "shell". */
  agent?: string;
  /** Override the configured provider for this call. */
  provider?: Exclude<ProviderName, 'replay'>;
  model?: string;
  system?: string;
  messages: Message[];
  temperature?: number;
  thinking?: ThinkingLevel;
  /** The caller's output cap; budgets may lower it, never raise it. */
  maxTokens?: number;
  /** JSON Schema the answer must follow (structured output). */
  schema?: Record<string, unknown>;
  tools?: ToolDef[];
  toolChoice?: 'auto' | 'none' | 'required';
  /** Called with each piece of text as it arrives (streaming). Without it the call is unary. */
  onText?: (delta: string) => void;
  /** Called before each retry, so the caller can say why it waits (see retryNotice()). */
  onRetry?: (info: RetryInfo) => void;
  signal?: AbortSignal;
}

/** A failed attempt that will be retried. */
export interface RetryInfo {
  agent: string;
  /** The attempt that failed (1-based). */
  attempt: number;
  /** Attempts this kind of failure gets in all. */
  attempts: number;
  delayMs: number;
  /** The provider error's message. */
  error: string;
  /** One line for a user: "connection refused by http://127.0.0.1:8080/v1". */
  reason: string;
}

export interface ThinkResult {
  content: string;
  toolCalls: ToolCall[];
  provider: ProviderName;
  model: string;
  usage: Usage;
  costUsd: number;
  /** 'stop' | 'length' | 'tool_calls' | 'safety' | provider-specific. */
  finishReason: string;
  /** The output cap actually sent (after budgets). */
  maxTokens: number;
  /** True when the answer came from a cassette. */
  replayed?: boolean;
}

/** What a provider receives: everything resolved, the output cap final. */
export interface ProviderRequest {
  model: string;
  system?: string;
  messages: Message[];
  temperature?: number;
  thinking?: ThinkingLevel;
  maxTokens: number;
  schema?: Record<string, unknown>;
  tools?: ToolDef[];
  toolChoice?: 'auto' | 'none' | 'required';
  stream: boolean;
  signal?: AbortSignal;
}

export interface ProviderResponse {
  content: string;
  toolCalls: ToolCall[];
  model: string;
  usage: Usage;
  finishReason: string;
  /** Set by the replay provider: the provider that originally answered. */
  provider?: ProviderName;
}

/** A provider: one call, optionally streaming text through onText. Throws ProviderError. */
export interface Provider {
  readonly name: ProviderName;
  /** Identifies the account/endpoint for rpm/tpm limits (never contains the key itself). */
  readonly limitKey: string;
  /** Whether the endpoint is a local/compatible server (unknown models then cost 0). */
  readonly custom: boolean;
  generate(req: ProviderRequest, onText?: (delta: string) => void): Promise<ProviderResponse>;
  /** The models the endpoint offers (for `think models`), when it can say. */
  listModels?(signal?: AbortSignal): Promise<string[]>;
  /** Where requests go, for messages. */
  readonly endpoint?: string;
}
