// The kernel's LLM service: resolves provider and model, reserves budgets (refusing
// before anything is sent), queues through the fair scheduler, retries, settles actual
// usage and cost, and records to a cassette. Every think — shell, pipeline stage, agent
// over the socket (THINK) — comes through LlmService.think().
import { Budgets, type BudgetSpec, type Reservation } from './budgets.js';
import { CassetteRecorder, ReplayProvider, normalizeRequest, requestKey } from './cassette.js';
import { DEFAULT_MODELS, NOT_CONFIGURED_MESSAGE, loadConfig, modelFamily, readConfigFiles, type ConfigFiles, type LlmConfig } from './config.js';
import { ConversationStore } from './conversations.js';
import { AbortedError, NotConfiguredError, ProviderError } from './errors.js';
import { costUsd, estimateInputTokens, priceFor, type Price } from './pricing.js';
import { RateLimiter } from './ratelimit.js';
import { callSignal } from './call-signal.js';
import { describeFailure, withRetry } from './retry.js';
import { Scheduler } from './scheduler.js';
// Light modules: each loads its SDK with import() on its first call.
import { GeminiProvider } from './providers/gemini.js';
import { OpenAIProvider } from './providers/openai.js';
import type { Provider, ProviderName, ProviderRequest, ProviderResponse, RetryInfo, ThinkRequest, ThinkResult } from './types.js';

/** The output cap when the caller sets none (budgets may lower it). */
export const DEFAULT_MAX_OUTPUT = 8192;

export interface LlmServiceOptions {
  /** $AOSH_HOME. */
  home: string;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Session budgets from flags (`aosh --budget-tokens N --budget-usd X`), added to config.json's. */
  budgets?: BudgetSpec[];
  /** Append every provider exchange to this cassette. */
  record?: string;
  /** Answer from this cassette, with no network. */
  replay?: string;
  now?: () => number;
  /** Providers to use instead of the configured ones (tests, embedding). */
  providers?: Partial<Record<ProviderName, Provider>>;
  /** The configuration files as read when the session started (see config.ts). */
  configFiles?: ConfigFiles;
  /** Called before each retry of any call (for a status line); ThinkRequest.onRetry is per call. */
  onRetry?: (info: RetryInfo) => void;
}

/** One configured provider and what it offers (`think models`). */
export interface ModelListing {
  provider: ProviderName;
  /** The model used when none is named. */
  default: string;
  endpoint?: string;
  models: string[];
  /** Why the list could not be fetched (the default is still shown). */
  error?: string;
}

export class LlmService {
  /** Replaced by reconfigure() (e.g. after `think keys set`). */
  config: LlmConfig;
  readonly budgets: Budgets;
  readonly scheduler: Scheduler;
  readonly conversations: ConversationStore;
  private readonly providers = new Map<ProviderName, Provider>();
  private recorder: CassetteRecorder | undefined;

  /** The files the configuration was read from (the session start's; see reconfigure). */
  private files: ConfigFiles | undefined;

  constructor(private readonly opts: LlmServiceOptions) {
    this.files = opts.configFiles;
    this.config = loadConfig({ home: opts.home, env: opts.env, cwd: opts.cwd, record: opts.record, replay: opts.replay, budgets: opts.budgets, files: this.files });
    const now = opts.now ?? Date.now;
    this.budgets = new Budgets(this.config.budgets, opts.home, now);
    const limiter = new RateLimiter((key) => this.config.limits[key.split(':')[0] as ProviderName], now);
    this.scheduler = new Scheduler({ concurrency: this.config.concurrency, weights: this.config.weights, limiter });
    this.conversations = new ConversationStore(opts.home);
    for (const [name, p] of Object.entries(opts.providers ?? {})) if (p) this.providers.set(name as ProviderName, p);
    if (this.config.record) this.recorder = new CassetteRecorder(this.config.record);
  }

  /**
   * Reads the configuration again (a key was just written to $AOSH_HOME/.env) and drops the
   * providers built from the old one; budgets, scheduler and conversations stay as they are.
   */
  reconfigure(): void {
    const o = this.opts;
    // Only $AOSH_HOME/.env is read again: `think keys set` writes it, and no stage can (it is
    // hidden in every world). The project's .env stays as the session started (config.ts).
    if (this.files) this.files = { ...this.files, homeEnv: readConfigFiles(o.cwd, o.home).homeEnv };
    this.config = loadConfig({ home: o.home, env: o.env, cwd: o.cwd, record: o.record, replay: o.replay, budgets: o.budgets, files: this.files });
    this.providers.clear();
    for (const [name, p] of Object.entries(o.providers ?? {})) if (p) this.providers.set(name as ProviderName, p);
  }

  /** The configured providers with their default model and, when the endpoint says, its models. */
  async listModels(only?: Exclude<ProviderName, 'replay'>, signal?: AbortSignal): Promise<ModelListing[]> {
    const c = this.config;
    const names = (['gemini', 'openai'] as const).filter((n) => (only ? n === only : true) && (this.providers.has(n) || !!c[n]));
    const out: ModelListing[] = [];
    for (const name of names) {
      const p = this.provider(name);
      const { model } = this.resolve({ provider: name });
      const entry: ModelListing = { provider: name, default: model, ...(p.endpoint ? { endpoint: p.endpoint } : {}), models: [] };
      if (p.listModels) {
        try {
          entry.models = await p.listModels(signal);
        } catch (err) {
          entry.error = err instanceof ProviderError ? describeFailure(err) : (err as Error).message;
        }
      } else entry.error = 'this provider cannot list its models';
      out.push(entry);
    }
    return out;
  }

  /** True when some provider can answer. */
  get configured(): boolean {
    return this.config.provider !== null || this.providers.size > 0;
  }

  private provider(name: ProviderName): Provider {
    let p = this.providers.get(name);
    if (p) return p;
    if (name === 'replay') {
      if (!this.config.replay) throw new NotConfiguredError('AOSH_PROVIDER=replay needs a cassette: --replay FILE or AOSH_REPLAY=FILE');
      p = new ReplayProvider(this.config.replay);
    } else if (name === 'gemini' && this.config.gemini) {
      p = new GeminiProvider(this.config.gemini);
    } else if (name === 'openai' && this.config.openai) {
      p = new OpenAIProvider(this.config.openai);
    } else {
      throw new NotConfiguredError(name === 'gemini' ? 'gemini is not configured: set GEMINI_API_KEY (or GOOGLE_API_KEY)' : 'openai is not configured: set OPENAI_API_KEY and/or OPENAI_BASE_URL');
    }
    this.providers.set(name, p);
    return p;
  }

  /** Which provider and model serve a request. */
  resolve(req: Pick<ThinkRequest, 'provider' | 'model'>): { provider: ProviderName; model: string } {
    const c = this.config;
    const has = (n: ProviderName): boolean => this.providers.has(n) || (n === 'gemini' ? !!c.gemini : n === 'openai' ? !!c.openai : !!c.replay);
    let name: ProviderName | null;
    if (c.provider === 'replay' || (this.providers.has('replay') && !req.provider)) name = 'replay';
    else if (req.provider) name = req.provider;
    else {
      // A model name that clearly belongs to the other configured provider switches to it.
      const byName = req.model ? modelFamily(req.model) : null;
      name = byName && has(byName) ? byName : (c.provider ?? [...this.providers.keys()][0] ?? null);
    }
    if (!name) throw new NotConfiguredError(NOT_CONFIGURED_MESSAGE);
    const fallback = name === 'replay' ? 'default' : DEFAULT_MODELS[name];
    // AOSH_MODEL applies unless it clearly names the other provider's model.
    const fam = c.model ? modelFamily(c.model) : null;
    const cfgModel = c.model && (name === 'replay' || !fam || fam === name) ? c.model : undefined;
    return { provider: name, model: req.model ?? cfgModel ?? fallback };
  }

  async think(req: ThinkRequest): Promise<ThinkResult> {
    const agent = req.agent ?? 'shell';
    const { provider: pname, model } = this.resolve(req);
    const provider = this.provider(pname);
    const inputEst = estimateInputTokens(req, this.config.inputBytesPerToken);
    const price = priceFor(model, this.config.prices, provider.custom);
    const wanted = Math.max(1, Math.floor(req.maxTokens ?? DEFAULT_MAX_OUTPUT));
    // Rejects with BudgetError here, before anything is queued or sent; waits while other
    // calls' reservations are in the way (hard and fair: see budgets.ts).
    const reservation = await this.budgets.acquire(agent, inputEst, wanted, price, model, req.signal);
    try {
      return await this.run(req, agent, pname, provider, model, inputEst, price, reservation);
    } catch (err) {
      // Whatever failed before run() settled: give the hold back (settle is idempotent).
      reservation.release();
      throw err;
    }
  }

  private async run(req: ThinkRequest, agent: string, pname: ProviderName, provider: Provider, model: string, inputEst: number, price: Price | null, reservation: Reservation): Promise<ThinkResult> {
    const key = pname === 'replay' || this.recorder ? requestKey(req) : undefined;
    const firstText = req.messages.findLast((m) => m.role === 'user');
    const preq: ProviderRequest & { cassetteKey?: string; prompt?: string } = {
      model,
      system: req.system,
      messages: req.messages,
      temperature: req.temperature,
      thinking: req.thinking,
      maxTokens: reservation.maxOutput,
      schema: req.schema,
      tools: req.tools,
      toolChoice: req.toolChoice,
      stream: !!req.onText,
      signal: req.signal,
      cassetteKey: key,
      prompt: firstText && typeof firstText.content === 'string' ? firstText.content : undefined,
    };
    const chunks: string[] = [];
    let streamedBytes = 0;
    let progress: ((outputSoFar: number) => void) | undefined;
    const onText = req.onText
      ? (d: string): void => {
          chunks.push(d);
          streamedBytes += Buffer.byteLength(d);
          progress?.(Math.ceil(streamedBytes / 4)); // a typical 4 bytes per token; trued up at the end
          req.onText!(d);
        }
      : undefined;

    let res: ProviderResponse;
    try {
      res = await this.scheduler.submit(
        { client: agent, input: inputEst, maxOutput: reservation.maxOutput, limitKey: provider.limitKey, signal: req.signal },
        (reportProgress) => {
          progress = reportProgress;
          // Each attempt gets a signal of its own (call-signal.ts): the SDK's listeners go
          // there, never onto the caller's long-lived signal.
          const attempt = async (): Promise<ProviderResponse> => {
            const link = callSignal(req.signal);
            try {
              return await provider.generate({ ...preq, signal: link.signal }, onText);
            } finally {
              link.done();
            }
          };
          return withRetry(attempt, this.config.retry, {
            committed: () => streamedBytes > 0,
            signal: req.signal,
            onRetry: (attempt, delayMs, err, attempts) => {
              const info: RetryInfo = { agent, attempt, attempts, delayMs, error: err.message, reason: describeFailure(err) };
              this.opts.onRetry?.(info);
              req.onRetry?.(info);
            },
          });
        },
        (r) => r.usage,
      );
      // SDK streams end quietly when aborted: a cut answer is an interruption, not a result.
      if (req.signal?.aborted) throw new AbortedError();
    } catch (err) {
      // A stream cut short may have been billed: charge what we know reached us.
      if (streamedBytes > 0) reservation.settle(inputEst, Math.min(reservation.maxOutput, streamedBytes), price ? costUsd(price, inputEst, Math.min(reservation.maxOutput, streamedBytes)) : 0);
      else reservation.release();
      throw err;
    }

    // Servers that report no usage are charged conservatively (never less than they could cost).
    const outBytes = Buffer.byteLength(res.content) + (res.toolCalls.length ? Buffer.byteLength(JSON.stringify(res.toolCalls)) : 0);
    const usage = {
      input: res.usage.input > 0 ? res.usage.input : inputEst,
      output: res.usage.output > 0 || outBytes === 0 ? res.usage.output : Math.min(reservation.maxOutput, outBytes),
    };
    const answeredModel = res.model || model;
    const cost = costUsd(priceFor(answeredModel, this.config.prices, provider.custom) ?? price, usage.input, usage.output);
    reservation.settle(usage.input, usage.output, cost);

    if (this.recorder && key && pname !== 'replay') {
      this.recorder.append({
        v: 1,
        key,
        ts: new Date().toISOString(),
        request: normalizeRequest(req),
        response: { ...res, provider: pname },
        ...(req.onText ? { chunks } : {}),
      });
    }
    return {
      content: res.content,
      toolCalls: res.toolCalls,
      provider: pname === 'replay' ? (res.provider ?? 'replay') : pname,
      model: answeredModel,
      usage,
      costUsd: cost,
      finishReason: res.finishReason,
      maxTokens: reservation.maxOutput,
      ...(pname === 'replay' ? { replayed: true } : {}),
    };
  }
}
