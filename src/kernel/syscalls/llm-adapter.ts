// THINK over the LLM layer: maps the protocol's request (spec §3.3) to LlmService.think() and
// its answer back. Wire it with `server.setThinkHandler(thinkHandlerFor(llm))`. Typed against
// the llm module's request/result shapes, so a change there shows up here at compile time.
import type { ContentPart, ThinkRequest as LlmRequest, ThinkResult as LlmResult, ThinkingLevel } from '../llm/types.js';
import type { ThinkHandler } from './types.js';

export interface LlmLike {
  think(req: LlmRequest): Promise<LlmResult>;
}

const LEVELS: readonly string[] = ['off', 'minimal', 'low', 'medium', 'high'];

export function thinkHandlerFor(llm: LlmLike): ThinkHandler {
  return async (req, caller, signal) => {
    const content: string | ContentPart[] = req.image?.data
      ? [{ type: 'image', mimeType: req.image.mime_type || 'image/jpeg', data: req.image.data }, { type: 'text', text: req.prompt }]
      : req.prompt;
    try {
      const res = await llm.think({
        // Per-agent queues and budgets key on the endpoint's label (the stage or SPAWN name),
        // not the conn-id: reconnecting must not reset an agent's budget.
        agent: caller.agent,
        model: req.model,
        system: req.system_instruction,
        messages: [{ role: 'user', content }],
        temperature: req.temperature,
        thinking: req.thinking_level && LEVELS.includes(req.thinking_level) ? (req.thinking_level as ThinkingLevel) : undefined,
        maxTokens: req.max_tokens,
        signal,
      });
      return { content: res.content, tokens: res.usage.input + res.usage.output, model: res.model, cost_usd: res.costUsd };
    } catch (err) {
      // No provider configured: THINK answers with the spec's fixed offline shape.
      if ((err as { code?: string }).code === 'ENOPROVIDER') throw Object.assign(new Error((err as Error).message), { code: 'ENOLLM' });
      throw err;
    }
  };
}
