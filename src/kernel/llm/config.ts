// Configuration: the process environment, then `.env` in the project dir, then
// `$AOSH_HOME/.env`, then `$AOSH_HOME/config.json` (its "llm" object). Earlier wins.
// Keys are read into the kernel's config only; process.env is never modified. A kernel
// reads the files once, when the session starts (ConfigFiles): a stage may write the
// project's .env, and must not be able to point the session's API key at its own server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderName } from './types.js';
import type { BudgetSpec } from './budgets.js';
import type { PriceTable } from './pricing.js';

export interface RetryConfig {
  /** Attempts including the first. */
  attempts: number;
  /** Attempts when the server gave no HTTP answer at all (refused, reset, DNS): at most `attempts`. */
  networkAttempts?: number;
  baseMs: number;
  maxMs: number;
}

export interface RateLimit {
  rpm?: number;
  tpm?: number;
}

export interface LlmConfig {
  /** The default provider, or null when nothing is configured. */
  provider: ProviderName | null;
  model?: string;
  gemini?: { apiKey: string; baseUrl?: string };
  openai?: { apiKey: string; baseUrl?: string };
  replay?: string;
  record?: string;
  concurrency: number;
  /** rpm/tpm per provider name. */
  limits: Partial<Record<ProviderName, RateLimit>>;
  budgets: BudgetSpec[];
  prices: PriceTable;
  retry: RetryConfig;
  /** Input-token estimate divisor: tokens <= ceil(bytes / this). 1 is a provable bound for byte-level tokenizers. */
  inputBytesPerToken: number;
  /** Scheduler weights per agent (default 1). */
  weights: Record<string, number>;
}

/** The variables that carry LLM credentials: they never enter a sandbox. */
export const SECRET_VARS = ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'OPENAI_API_KEY'] as const;

export const DEFAULT_MODELS: Record<'gemini' | 'openai', string> = {
  gemini: 'gemini-2.5-flash',
  openai: 'gpt-4.1-mini',
};

/** Parses a .env file: KEY=value, optional `export`, quotes, # comments. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2]!;
    const q = v[0];
    if ((q === '"' || q === "'") && v.lastIndexOf(q) > 0) {
      v = v.slice(1, v.lastIndexOf(q));
      if (q === '"') v = v.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      v = v.replace(/\s+#.*$/, '').trim();
    }
    out[m[1]!] = v;
  }
  return out;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The configuration files as they were when the session started. */
export interface ConfigFiles {
  projectEnv?: string;
  homeEnv?: string;
  configJson?: string;
}

/** Reads the configuration files now (a kernel does it once, at start). */
export function readConfigFiles(cwd: string, home: string): ConfigFiles {
  return { projectEnv: readText(join(cwd, '.env')), homeEnv: readText(join(home, '.env')), configJson: readText(join(home, 'config.json')) };
}

/** Environment merged with the .env files (process env first). */
export function mergedEnv(env: Record<string, string | undefined>, cwd: string, home: string, files?: ConfigFiles): Record<string, string> {
  const out: Record<string, string> = {};
  const f = files ?? readConfigFiles(cwd, home);
  const layers = [f.homeEnv, f.projectEnv].map((t) => (t ? parseDotenv(t) : {}));
  for (const layer of layers) Object.assign(out, layer);
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

function num(v: unknown, fallback: number): number {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Reads `$AOSH_HOME/config.json`'s "llm" object; a broken file is an error naming it. */
export function readConfigFile(home: string, files?: ConfigFiles): Record<string, unknown> {
  const path = join(home, 'config.json');
  const text = files ? files.configJson : readText(path);
  if (text === undefined) return {};
  try {
    const all = JSON.parse(text) as Record<string, unknown>;
    const llm = all.llm;
    return llm && typeof llm === 'object' ? (llm as Record<string, unknown>) : {};
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
}

export interface ConfigInput {
  home: string;
  env: Record<string, string | undefined>;
  cwd: string;
  record?: string;
  replay?: string;
  budgets?: BudgetSpec[];
  /** The files as read at session start (default: read them now). */
  files?: ConfigFiles;
}

export function loadConfig(input: ConfigInput): LlmConfig {
  const files = input.files ?? readConfigFiles(input.cwd, input.home);
  const env = mergedEnv(input.env, input.cwd, input.home, files);
  // The project's .env lies in the start directory, which every sandboxed command may write:
  // what it says may not name files the kernel writes or reads on the host, nor send a key
  // it did not set itself to a server of its choosing (a stage's `echo
  // OPENAI_BASE_URL=http://evil >> .env` would otherwise get the next session's key).
  const trusted = mergedEnv(input.env, input.cwd, input.home, { ...files, projectEnv: undefined });
  const fromProject = (k: string): boolean => env[k] !== undefined && env[k] !== trusted[k];
  for (const k of ['AOSH_RECORD', 'AOSH_REPLAY']) {
    if (fromProject(k)) throw new Error(`${join(input.cwd, '.env')} sets ${k}: a file the kernel reads or writes is named only in the environment, $AOSH_HOME/.env or --record/--replay`);
  }
  for (const [base, keys] of [['OPENAI_BASE_URL', ['OPENAI_API_KEY']], ['GEMINI_BASE_URL', ['GEMINI_API_KEY', 'GOOGLE_API_KEY']]] as const) {
    const key = keys.find((k) => env[k]);
    if (fromProject(base) && key && !fromProject(key)) {
      throw new Error(`${join(input.cwd, '.env')} sets ${base} but not ${key}, which would be sent there from ${input.env[key] ? 'the environment' : '$AOSH_HOME/.env'}: set both in that file, or ${base} in the environment or $AOSH_HOME/.env`);
    }
  }
  const file = readConfigFile(input.home, files);
  const str = (k: string, fileKey?: string): string | undefined => {
    const v = env[k] ?? (fileKey ? file[fileKey] : undefined);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };

  const geminiKey = str('GEMINI_API_KEY') ?? str('GOOGLE_API_KEY') ?? str('', 'geminiApiKey');
  const openaiKey = str('OPENAI_API_KEY') ?? str('', 'openaiApiKey');
  const openaiBase = str('OPENAI_BASE_URL', 'openaiBaseUrl');
  const geminiBase = str('GEMINI_BASE_URL', 'geminiBaseUrl');
  const model = str('AOSH_MODEL', 'model');
  const replay = input.replay ?? str('AOSH_REPLAY');
  const record = input.record ?? str('AOSH_RECORD');

  const cfg: LlmConfig = {
    provider: null,
    model,
    replay,
    record,
    concurrency: num(env.AOSH_LLM_CONCURRENCY ?? file.concurrency, 4),
    limits: {},
    budgets: [...(Array.isArray(file.budgets) ? (file.budgets as BudgetSpec[]) : []), ...(input.budgets ?? [])],
    prices: (file.prices && typeof file.prices === 'object' ? file.prices : {}) as PriceTable,
    retry: {
      attempts: num(env.AOSH_LLM_RETRIES, 5),
      networkAttempts: num(env.AOSH_LLM_NET_RETRIES, 3),
      baseMs: num(env.AOSH_LLM_RETRY_BASE_MS, 500),
      maxMs: num(env.AOSH_LLM_RETRY_MAX_MS, 30_000),
    },
    inputBytesPerToken: num(file.inputBytesPerToken, 1),
    weights: (file.weights && typeof file.weights === 'object' ? file.weights : {}) as Record<string, number>,
  };
  if (geminiKey) cfg.gemini = { apiKey: geminiKey, baseUrl: geminiBase };
  if (openaiKey || openaiBase) cfg.openai = { apiKey: openaiKey ?? 'no-key', baseUrl: openaiBase };

  const limits = (file.limits && typeof file.limits === 'object' ? file.limits : {}) as LlmConfig['limits'];
  cfg.limits = { ...limits };
  const rpm = env.AOSH_LLM_RPM ? num(env.AOSH_LLM_RPM, 0) : undefined;
  const tpm = env.AOSH_LLM_TPM ? num(env.AOSH_LLM_TPM, 0) : undefined;
  if (rpm || tpm) for (const p of ['gemini', 'openai'] as const) cfg.limits[p] = { ...cfg.limits[p], rpm, tpm };

  const envBudgetTokens = env.AOSH_BUDGET_TOKENS ? num(env.AOSH_BUDGET_TOKENS, 0) : 0;
  const envBudgetUsd = env.AOSH_BUDGET_USD ? Number(env.AOSH_BUDGET_USD) : NaN;
  if (envBudgetTokens || Number.isFinite(envBudgetUsd)) {
    cfg.budgets.push({
      scope: 'session',
      ...(envBudgetTokens ? { tokens: envBudgetTokens } : {}),
      ...(Number.isFinite(envBudgetUsd) ? { usd: envBudgetUsd } : {}),
    });
  }

  const wanted = str('AOSH_PROVIDER', 'provider');
  if (wanted === 'gemini' || wanted === 'openai' || wanted === 'replay') cfg.provider = wanted;
  else if (replay) cfg.provider = 'replay';
  else cfg.provider = guessProvider(model, !!cfg.gemini, !!cfg.openai);
  return cfg;
}

/** The provider a model name clearly belongs to, if any. */
export function modelFamily(model: string): 'gemini' | 'openai' | null {
  if (/^(models\/)?(gemini|gemma)/.test(model)) return 'gemini';
  if (/^(gpt|o\d|chatgpt|text-embedding)/.test(model)) return 'openai';
  return null;
}

/** Which provider serves a model name, given the providers that have credentials. */
export function guessProvider(model: string | undefined, hasGemini: boolean, hasOpenai: boolean): ProviderName | null {
  const fam = model ? modelFamily(model) : null;
  if (fam === 'gemini' && hasGemini) return 'gemini';
  if (fam === 'openai' && hasOpenai) return 'openai';
  if (hasGemini) return 'gemini';
  if (hasOpenai) return 'openai';
  return null;
}

export const NOT_CONFIGURED_MESSAGE =
  'no LLM provider configured: set GEMINI_API_KEY (or GOOGLE_API_KEY), or OPENAI_API_KEY and/or OPENAI_BASE_URL, in the environment, a .env file or $AOSH_HOME/.env (or use --replay FILE)';
