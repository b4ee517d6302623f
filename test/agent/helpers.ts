// Helpers for the agent tests: a temp work dir + AOSH_HOME, the environment that points the
// real binary at a local fake provider, and readers for a run's files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, removeDir, runAosh, tempDir, type RunOptions, type RunResult } from '../helpers/run-aosh.js';
import type { FakeReply, FakeToolCall } from '../fixtures/fake-llm-common.js';

export interface Sandbox {
  work: string;
  home: string;
  cleanup(): void;
}

export function sandbox(): Sandbox {
  const work = tempDir('aosh-agent-work-');
  const home = tempDir('aosh-agent-home-');
  return { work, home, cleanup: () => (removeDir(work), removeDir(home)) };
}

export function openaiEnv(sb: Sandbox, url: string, extra: Record<string, string> = {}): Record<string, string> {
  return baseEnv(sb.work, {
    AOSH_HOME: sb.home,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: `${url}/v1`,
    AOSH_LLM_RETRY_BASE_MS: '5',
    AOSH_LLM_RETRY_MAX_MS: '50',
    ...extra,
  });
}

export function geminiEnv(sb: Sandbox, url: string, extra: Record<string, string> = {}): Record<string, string> {
  return baseEnv(sb.work, {
    AOSH_HOME: sb.home,
    GEMINI_API_KEY: 'gm-test',
    GEMINI_BASE_URL: url,
    AOSH_LLM_RETRY_BASE_MS: '5',
    AOSH_LLM_RETRY_MAX_MS: '50',
    ...extra,
  });
}

export function agent(sb: Sandbox, env: Record<string, string>, args: string[], opts: Omit<RunOptions, 'cwd' | 'env'> = {}): Promise<RunResult> {
  return runAosh(['agent', ...args], { cwd: sb.work, env, timeoutMs: 20_000, ...opts });
}

/** A reply with one tool call. */
export function call(name: string, args: Record<string, unknown>, id?: string): FakeReply {
  const c: FakeToolCall = { name, arguments: args, ...(id ? { id } : {}) };
  return { toolCalls: [c] };
}

export function runIds(home: string): string[] {
  try {
    return readdirSync(join(home, 'runs')).filter((n) => /^\d{8}-\d{6}-[0-9a-z]{4}$/.test(n)).sort();
  } catch {
    return [];
  }
}

export function steps(home: string, id: string): any[] {
  return readFileSync(join(home, 'runs', id, 'steps.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

export function meta(home: string, id: string): any {
  return JSON.parse(readFileSync(join(home, 'runs', id, 'meta.json'), 'utf8'));
}

export function journal(home: string): any[] {
  const dir = join(home, 'journal');
  const out: any[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
    for (const l of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!l.trim()) continue;
      try {
        out.push(JSON.parse(l));
      } catch {
        // torn
      }
    }
  }
  return out;
}
