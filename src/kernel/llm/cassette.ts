// Record and replay. A cassette is JSONL, one provider exchange per line:
//   {"v":1,"key":"<sha256>","ts":"...","request":{...normalized},"response":{...},"chunks":["He","llo"]}
// The key hashes the request as the caller stated it (requested model or null, system,
// messages with images replaced by their sha256, temperature, thinking, schema, tools),
// not the provider or the budget-capped output limit, so a replay needs no keys and no
// config. Identical requests are answered in recorded order; the last answer repeats.
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ReplayMissError } from './errors.js';
import type { Message, Provider, ProviderRequest, ProviderResponse, ProviderName, ThinkRequest } from './types.js';

export interface CassetteEntry {
  v: 1;
  key: string;
  ts: string;
  request: unknown;
  response: ProviderResponse & { provider: ProviderName };
  /** The streamed text pieces, when the call streamed. */
  chunks?: string[];
}

function stable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) o[k] = stable(x);
    }
    return o;
  }
  return v;
}

function normalizeMessages(messages: Message[]): unknown[] {
  return messages.map((m) =>
    m.role === 'user' && typeof m.content !== 'string'
      ? { ...m, content: m.content.map((p) => (p.type === 'image' ? { type: 'image', mimeType: p.mimeType, sha256: createHash('sha256').update(p.data).digest('hex') } : p)) }
      : m,
  );
}

export function normalizeRequest(req: ThinkRequest): unknown {
  return stable({
    model: req.model ?? null,
    system: req.system,
    messages: normalizeMessages(req.messages),
    temperature: req.temperature,
    thinking: req.thinking,
    schema: req.schema,
    tools: req.tools,
    toolChoice: req.toolChoice,
  });
}

export function requestKey(req: ThinkRequest): string {
  return createHash('sha256').update(JSON.stringify(normalizeRequest(req))).digest('hex');
}

export class CassetteRecorder {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  append(entry: CassetteEntry): void {
    appendFileSync(this.path, JSON.stringify(entry) + '\n');
  }
}

/** Answers from a cassette, with no network. */
export class ReplayProvider implements Provider {
  readonly name = 'replay' as const;
  readonly limitKey = 'replay';
  readonly custom = true;
  private readonly byKey = new Map<string, CassetteEntry[]>();
  private readonly used = new Map<string, number>();

  constructor(readonly path: string) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new ReplayMissError(`cannot read cassette ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    let n = 0;
    for (const line of text.split('\n')) {
      n++;
      if (!line.trim()) continue;
      let e: CassetteEntry;
      try {
        e = JSON.parse(line) as CassetteEntry;
      } catch {
        throw new ReplayMissError(`${path}:${n}: not a cassette line (invalid JSON)`);
      }
      const list = this.byKey.get(e.key) ?? [];
      list.push(e);
      this.byKey.set(e.key, list);
    }
  }

  lookup(key: string): CassetteEntry | undefined {
    const list = this.byKey.get(key);
    if (!list?.length) return undefined;
    const i = this.used.get(key) ?? 0;
    this.used.set(key, i + 1);
    return list[Math.min(i, list.length - 1)];
  }

  async generate(req: ProviderRequest & { cassetteKey?: string; prompt?: string }, onText?: (delta: string) => void): Promise<ProviderResponse> {
    const e = req.cassetteKey ? this.lookup(req.cassetteKey) : undefined;
    if (!e) {
      const hint = req.prompt ? ` ("${req.prompt.replace(/\s+/g, ' ').slice(0, 40)}")` : '';
      throw new ReplayMissError(`replay: no recorded answer in ${this.path} for this request${hint} (key ${req.cassetteKey?.slice(0, 12) ?? '?'})`);
    }
    if (onText) for (const c of e.chunks ?? [e.response.content]) if (c) onText(c);
    return { ...e.response, toolCalls: e.response.toolCalls ?? [] };
  }
}
