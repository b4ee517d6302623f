// The kernel's LLM layer (see README.md here). Nothing imports this at startup: the
// think/conv builtins load it with import(), and providers load their SDKs on first call.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Kernel } from '../kernel.js';
import { LlmService, type LlmServiceOptions } from './service.js';

export { LlmService, DEFAULT_MAX_OUTPUT, type LlmServiceOptions } from './service.js';
export { THINK_EXIT, LlmError, ProviderError, BudgetError, NotConfiguredError, ReplayMissError, AbortedError } from './errors.js';
export { SECRET_VARS, NOT_CONFIGURED_MESSAGE, parseDotenv, type LlmConfig } from './config.js';
export { ConversationStore, type ConvMeta, type TranscriptLine } from './conversations.js';
export type { BudgetSpec, BudgetWindow, BudgetStatus } from './budgets.js';
export type * from './types.js';

export function createLlmService(opts: LlmServiceOptions): LlmService {
  return new LlmService(opts);
}

/** $AOSH_HOME: the kernel's, else the environment's, else ~/.aosh. */
export function aoshHome(kernel?: { home?: string }, env: Record<string, string | undefined> = process.env): string {
  return kernel?.home ?? env.AOSH_HOME ?? join(homedir(), '.aosh');
}

const services = new WeakMap<object, LlmService>();

/**
 * The LLM service of a kernel: `kernel.llm` once the kernel has one, else one service
 * per Kernel object created on first use from the process environment.
 */
export function llmFor(kernel: Kernel, opts: Partial<LlmServiceOptions> = {}): LlmService {
  const attached = (kernel as unknown as { llm?: LlmService }).llm;
  if (attached instanceof LlmService) return attached;
  let svc = services.get(kernel);
  if (!svc) {
    svc = createLlmService({ home: aoshHome(kernel), env: process.env, cwd: process.cwd(), ...opts });
    services.set(kernel, svc);
  }
  return svc;
}
