// The configured MCP servers' tools for the agent loop: each tool is offered to the model
// as server__tool with the server's own JSON schema, and decided like exec (auto runs it,
// ask and auto-edit ask the approver; "trust": true in the server's config runs it without
// asking, as gemini-cli's trust does). A server that cannot start is reported once and its
// tools are left out; a call that crashes or hangs comes back to the model as a tool error.
import type { ExtraTools } from '../kernel/agent/tools.js';
import type { Verdict } from '../kernel/agent/policy.js';
import type { ApprovalMode } from '../kernel/agent/types.js';
import type { ToolDef } from '../kernel/llm/types.js';
import type { Kernel } from '../kernel/kernel.js';
import { exposedName, toolEnabled } from './config.js';
import { McpCallError, mcpClientsFor, resultText, type LoadContext } from './client.js';

/** What the model gets back from one MCP tool at most. */
const OUTPUT_FOR_MODEL = 64 * 1024;

interface Entry {
  server: string;
  tool: string;
  trust: boolean;
}

function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}\n[... truncated: ${text.length} characters in all]`;
}

/** A JSON schema providers accept as function parameters (an object schema, no $schema key). */
function parametersOf(schema: Record<string, unknown> | undefined): Record<string, unknown> {
  const s: Record<string, unknown> = { ...(schema ?? {}) };
  delete s.$schema;
  if (s.type !== 'object') s.type = 'object';
  s.properties ??= {};
  return s;
}

export interface AgentMcp {
  tools: ExtraTools;
  /** One line per server that could not be used (printed by `agent`). */
  notices: string[];
}

/** Connects every enabled server (in parallel, each within its timeout) and collects their tools. */
export async function agentMcpTools(kernel: Kernel, ctx: LoadContext): Promise<AgentMcp> {
  const mgr = mcpClientsFor(kernel);
  mgr.load(ctx);
  const notices = mgr.problems.map((p) => `mcp: ${p}`);
  const byName = new Map<string, Entry>();
  const defs: ToolDef[] = [];
  await Promise.all(
    mgr.names().map(async (server) => {
      if (mgr.config(server)?.disabled) return;
      try {
        await mgr.connect(server);
      } catch (err) {
        notices.push(`mcp: ${(err as Error).message}; its tools are not offered`);
      }
    }),
  );
  for (const server of mgr.names()) {
    const st = mgr.status(server)!;
    const cfg = mgr.config(server)!;
    if (st.state !== 'ready') continue;
    for (const t of st.tools) {
      if (!toolEnabled(cfg, t.name)) continue;
      const name = exposedName(server, t.name);
      if (byName.has(name)) {
        notices.push(`mcp: ${server}: tool ${t.name} is offered as ${name}, which another tool already uses: left out`);
        continue;
      }
      byName.set(name, { server, tool: t.name, trust: cfg.trust });
      defs.push({ name, description: `[MCP server ${server}] ${t.description ?? t.title ?? t.name}`, parameters: parametersOf(t.inputSchema as Record<string, unknown>) });
    }
  }
  const tools: ExtraTools = {
    defs,
    has: (name) => byName.has(name),
    decide(name: string, _args: Record<string, unknown>, mode: ApprovalMode): Verdict {
      const e = byName.get(name)!;
      if (e.trust) return { action: 'allow', rule: `"trust": true for MCP server ${e.server}` };
      if (mode === 'auto') return { action: 'allow' };
      return { action: 'ask', why: `MCP tool ${name} needs approval in --mode ${mode}` };
    },
    async call(name, args, signal) {
      const e = byName.get(name)!;
      try {
        const res = await mgr.call(e.server, e.tool, args ?? {}, { signal });
        const text = clip(resultText(res), OUTPUT_FOR_MODEL);
        return res.isError ? { ok: false, output: text || `${name} reported an error` } : { ok: true, output: text };
      } catch (err) {
        if (err instanceof McpCallError) return { ok: false, output: err.message };
        throw err;
      }
    },
  };
  return { tools, notices };
}
