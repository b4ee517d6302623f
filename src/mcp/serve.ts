// `aosh mcp serve`: the session's kernel as an MCP server, on stdio or Streamable HTTP
// (http.ts). One KernelFace (the tools, over the kernel) is shared by every client; each
// client connection gets its own SDK Server with its own subscriptions and "allow for the
// session" answers. Approval questions go to the client as elicitations.
import { createReadStream, fstatSync } from 'node:fs';
import { Socket } from 'node:net';
import { Writable, type Readable } from 'node:stream';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  ElicitResultSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { loadAgentConfig } from '../kernel/agent/policy.js';
import { APPROVAL_MODES, type ApprovalMode } from '../kernel/agent/types.js';
import type { Kernel } from '../kernel/kernel.js';
import { procToJson, refreshUsage } from '../kernel/process-table.js';
import { VERSION } from '../version.js';
import { KernelFace, type AskClient } from './kernel-face.js';
import { SERVE_TOOLS } from './tool-defs.js';

export interface ServeArgs {
  /** --http [ADDR]: '' for the default address. */
  http?: string;
  mode?: ApprovalMode;
  flags: string[];
}

export function parseServeArgs(args: string[]): ServeArgs {
  const out: ServeArgs = { flags: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--http') {
      const next = args[i + 1];
      out.http = next !== undefined && !next.startsWith('-') ? (i++, next) : '';
    } else if (a.startsWith('--http=')) out.http = a.slice(7);
    else if (a === '--mode' || a.startsWith('--mode=')) {
      const v = a === '--mode' ? args[++i] : a.slice(7);
      if (!v || !(APPROVAL_MODES as readonly string[]).includes(v)) throw new Error(`--mode: expected ask, auto-edit or auto, got ${v ?? 'nothing'}`);
      out.mode = v as ApprovalMode;
    } else if (a === '-A' || /^--(allow|deny)-/.test(a)) out.flags.push(a);
    else throw new Error(`unknown argument: ${a}`);
  }
  return out;
}

/** Where serve writes (the builtin's stdout/stderr): writes reach the fd in order. */
export interface Out {
  write(data: string | Uint8Array): Promise<void>;
}

export interface ServeOptions extends ServeArgs {
  kernel: Kernel;
  aoshHome: string;
  cwd: string;
  env: Record<string, string>;
  stdinFd: number;
  stdout: Out;
  stderr: Out;
  signal: AbortSignal;
}

export const PS_URI = 'aosh://ps';
const OUTPUT_URI = /^aosh:\/\/proc\/(\d+)\/output$/;
/** Resource updates are sent at most this often per resource (a chatty process is one stream, not a flood). */
const NOTIFY_EVERY_MS = 100;
/** How long a user has to answer an approval question. */
const ASK_TIMEOUT_MS = 5 * 60_000;

const PROC_EVENTS = new Set(['spawned', 'exited', 'stopped', 'continued', 'restarted', 'failed', 'oom-killed']);

/** One SDK server for one client connection, over the shared face. */
export function createMcpServer(face: KernelFace, session?: () => string | undefined): Server {
  const server = new Server(
    { name: 'aosh', title: 'aosh kernel', version: VERSION },
    {
      capabilities: { tools: {}, resources: { subscribe: true, listChanged: true } },
      instructions:
        `The tools act on an aosh session's kernel (cwd ${face.describe().cwd}, approval mode ${face.describe().mode}): exec runs sandboxed commands, spawn starts background agents (see ps, wait, kill and the aosh://proc/ID/output resources), read_file/write_file/list_dir work on files with the session's permissions. A denial is a tool error that says why.`,
    },
  );
  const approved = new Set<string>();
  const subs = new Set<string>();
  const client = (): string => {
    const sid = session?.();
    return `mcp:${server.getClientVersion()?.name ?? 'client'}${sid ? `:${sid.slice(0, 8)}` : ''}`;
  };

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: SERVE_TOOLS }));
  server.setRequestHandler(CallToolRequestSchema, async (req, extra) => {
    const ask: AskClient = async (title, why, signal) => {
      if (!server.getClientCapabilities()?.elicitation?.form) return null;
      try {
        // On the request's own stream, so an HTTP client gets it while its call is open.
        const r = await extra.sendRequest(
          {
            method: 'elicitation/create',
            params: {
              mode: 'form',
              message: `aosh asks: ${title}\n(${why}.) Allow it?`,
              requestedSchema: { type: 'object', properties: { always: { type: 'boolean', title: 'Allow this for the rest of the session', default: false } } },
            },
          },
          ElicitResultSchema,
          { signal, timeout: ASK_TIMEOUT_MS },
        );
        if (r.action !== 'accept') return 'deny';
        return r.content?.always === true ? 'session' : 'once';
      } catch {
        // No answer (timeout, the client failed): not an allow.
        return 'deny';
      }
    };
    return face.call(req.params.name, (req.params.arguments ?? {}) as Record<string, unknown>, { client: client(), ask, signal: extra.signal, approved });
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: [
      { uri: PS_URI, name: 'ps', title: 'Process table', description: 'The kernel\'s processes (ps -a --json)', mimeType: 'application/json' },
      ...face.logs.list().map((l) => ({ uri: `aosh://proc/${l.id}/output`, name: `${l.name} output`, title: `Output of ${l.name} [${l.id}]`, mimeType: 'text/plain' })),
    ],
  }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: [{ uriTemplate: 'aosh://proc/{id}/output', name: 'output', title: 'Output of a process started by spawn', mimeType: 'text/plain' }],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
    const uri = req.params.uri;
    if (uri === PS_URI) {
      const rows = face.kernel.procs.list(true).map((e) => {
        refreshUsage(e);
        return procToJson(e);
      });
      return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(rows) }] };
    }
    const m = OUTPUT_URI.exec(uri);
    const log = m ? face.logs.get(Number(m[1])) : undefined;
    // -32002: the spec's "resource not found".
    if (!log) throw new McpError(-32002, m ? `no output kept for process ${m[1]} (only processes started by spawn have one, the last ${64} ended ones)` : `unknown resource: ${uri}`, { uri });
    return { contents: [{ uri, mimeType: 'text/plain', text: log.text() }] };
  });
  server.setRequestHandler(SubscribeRequestSchema, async (req) => {
    const uri = req.params.uri;
    if (uri !== PS_URI && !OUTPUT_URI.test(uri)) throw new McpError(ErrorCode.InvalidParams, `cannot subscribe to ${uri}: the resources are ${PS_URI} and aosh://proc/ID/output`);
    subs.add(uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (req) => {
    subs.delete(req.params.uri);
    return {};
  });

  // Notifications, coalesced per resource.
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const updated = (uri: string): void => {
    if (!subs.has(uri)) return;
    pending.add(uri);
    timer ??= setTimeout(() => {
      timer = undefined;
      for (const u of pending) server.sendResourceUpdated({ uri: u }).catch(() => undefined);
      pending.clear();
    }, NOTIFY_EVERY_MS);
  };
  const offKernel = face.kernel.events.onAny((e) => {
    if (!PROC_EVENTS.has(e.type)) return;
    updated(PS_URI);
    const id = (e.data as { id?: number }).id;
    if (id !== undefined && face.logs.get(id)) updated(`aosh://proc/${id}/output`);
  });
  const offFace = face.watch((e) => {
    if (e.type === 'output') updated(`aosh://proc/${e.log.id}/output`);
    else server.sendResourceListChanged().catch(() => undefined);
  });
  server.onclose = () => {
    offKernel();
    offFace();
    clearTimeout(timer);
  };
  return server;
}

/** A readable stream over an inherited fd: a socket for pipes and sockets (no thread held), else a file stream. */
function fdReadable(fd: number): Readable {
  let pipeLike = false;
  try {
    const st = fstatSync(fd);
    pipeLike = st.isFIFO() || st.isSocket();
  } catch {
    pipeLike = false;
  }
  return pipeLike ? new Socket({ fd, readable: true, writable: false }) : createReadStream('', { fd, autoClose: false });
}

export async function serveMcp(o: ServeOptions): Promise<number> {
  const cfg = loadAgentConfig(o.aoshHome);
  let face: KernelFace;
  try {
    face = new KernelFace({ kernel: o.kernel, aoshHome: o.aoshHome, cwd: o.cwd, env: o.env, mode: o.mode ?? cfg.mode ?? 'auto-edit', flags: o.flags, rules: cfg.rules, ...(cfg.execTimeoutSec ? { execTimeoutSec: cfg.execTimeoutSec } : {}) });
  } catch (e) {
    await o.stderr.write(`mcp: serve: ${(e as Error).message}\n`);
    return 2;
  }
  const d = face.describe();
  if (o.http !== undefined) {
    const { serveHttp } = await import('./http.js');
    return serveHttp(face, o);
  }
  const j = await o.kernel.journal();
  await j?.append('mcp.serve', { transport: 'stdio', cwd: d.cwd, mode: d.mode, permissions: d.permissions }).catch(() => undefined);
  const input = fdReadable(o.stdinFd);
  let finish!: (status: number) => void;
  const finished = new Promise<number>((r) => (finish = r));
  const output = new Writable({
    write(chunk: Buffer, _enc, cb) {
      o.stdout.write(chunk).then(() => cb(), cb);
    },
  });
  // The client went away (EPIPE): the session is over.
  output.on('error', () => finish(0));
  input.on('end', () => finish(0));
  input.on('close', () => finish(0));
  input.on('error', () => finish(0));
  const onAbort = (): void => finish(128 + (typeof o.signal.reason === 'number' ? o.signal.reason : 15));
  o.signal.addEventListener('abort', onAbort, { once: true });
  const server = createMcpServer(face);
  await server.connect(new StdioServerTransport(input, output));
  const status = await finished;
  o.signal.removeEventListener('abort', onAbort);
  await server.close().catch(() => undefined);
  input.destroy();
  return status;
}
