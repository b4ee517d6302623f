// The kernel's LLM layer (see README.md here). Nothing imports this at startup: the
// think/conv builtins load it with import(), and providers load their SDKs on first call.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Kernel } from '../kernel.js';
import { LlmService, type LlmServiceOptions } from './service.js';

export { LlmService, DEFAULT_MAX_OUTPUT, type LlmServiceOptions, type ModelListing } from './service.js';
export { retryNotice, describeFailure } from './retry.js';
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
 * The LLM service of a kernel, created on first use: `kernel.llm` when set, else one
 * service per Kernel object built from `kernel.llmOptions` (the CLI's --record, --replay,
 * --budget-*), the process environment and cwd. The kernel never imports this module
 * statically, so startup does not pay for it.
 */
export function llmFor(kernel: Kernel, opts: Partial<LlmServiceOptions> = {}): LlmService {
  const k = kernel as unknown as { llm?: LlmService; llmOptions?: Partial<LlmServiceOptions> };
  if (k.llm instanceof LlmService) return k.llm;
  let svc = services.get(kernel);
  if (!svc) {
    const { startDir, configFiles } = kernel as unknown as { startDir?: string; configFiles?: import('./config.js').ConfigFiles };
    svc = createLlmService({ home: aoshHome(kernel), env: process.env, cwd: startDir ?? process.cwd(), configFiles, ...k.llmOptions, ...opts });
    services.set(kernel, svc);
    try {
      k.llm = svc;
    } catch {
      /* a getter-only property: the WeakMap keeps it */
    }
  }
  return svc;
}
