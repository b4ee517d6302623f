// Helpers for the MCP tests: `aosh mcp serve` driven by the SDK's own client (stdio, and
// Streamable HTTP with the printed URL and token), temp dirs, and the fixture paths.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { aoshBin, baseEnv, removeDir, root, tempDir } from '../helpers/run-aosh.js';

export const fixtureServer = path.join(root, 'test', 'fixtures', 'mcp-server.mjs');
/** The real third-party server from npm (pinned in devDependencies). */
export const filesystemServer = path.join(root, 'node_modules', '@modelcontextprotocol', 'server-filesystem', 'dist', 'index.js');

export interface Dirs {
  work: string;
  home: string;
  cleanup(): void;
}

export function dirs(): Dirs {
  const work = tempDir('aosh-mcp-work-');
  const home = tempDir('aosh-mcp-home-');
  return { work, home, cleanup: () => (removeDir(work), removeDir(home)) };
}

/** Writes <work>/.aosh/mcp.json. */
export function projectServers(work: string, servers: Record<string, unknown>): void {
  mkdirSync(path.join(work, '.aosh'), { recursive: true });
  writeFileSync(path.join(work, '.aosh', 'mcp.json'), JSON.stringify({ mcpServers: servers }));
}

export function env(d: Dirs, extra: Record<string, string> = {}): Record<string, string> {
  return baseEnv(d.work, { AOSH_HOME: d.home, ...extra });
}

export interface StdioSession {
  client: Client;
  transport: StdioClientTransport;
  stderr(): string;
  close(): Promise<void>;
}

/** `aosh [aoshArgs] mcp serve [serveArgs]` on stdio, connected with the SDK's StdioClientTransport. */
export async function connectStdio(d: Dirs, serveArgs: string[], opts: { aoshArgs?: string[]; env?: Record<string, string>; capabilities?: Record<string, unknown>; setup?: (c: Client) => void } = {}): Promise<StdioSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [aoshBin, ...(opts.aoshArgs ?? []), 'mcp', 'serve', ...serveArgs],
    cwd: d.work,
    env: opts.env ?? env(d),
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const client = new Client({ name: 'aosh-test', version: '1.0.0' }, { capabilities: opts.capabilities ?? {} });
  opts.setup?.(client);
  await client.connect(transport);
  return { client, transport, stderr: () => err, close: () => client.close() };
}

export interface HttpServe {
  child: ChildProcess;
  url: string;
  token: string;
  /** What it printed at start. */
  out: string;
  stderr(): string;
  exited: Promise<{ status: number | null; signal: NodeJS.Signals | null }>;
  connect(opts?: { capabilities?: Record<string, unknown>; setup?: (c: Client) => void }): Promise<Client>;
  stop(): Promise<{ status: number | null; signal: NodeJS.Signals | null }>;
}

/** `aosh mcp serve --http [ADDR]`, once it printed its URL and token. */
export async function startHttp(d: Dirs, serveArgs: string[] = [], e: Record<string, string> = env(d)): Promise<HttpServe> {
  const child = spawn(process.execPath, [aoshBin, 'mcp', 'serve', '--http', ...serveArgs], { cwd: d.work, env: e, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((r) => child.on('close', (status, signal) => r({ status, signal })));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (/^token: \S.*\n/m.test(out)) resolve();
    });
    void exited.then((x) => reject(new Error(`mcp serve --http exited ${x.status ?? x.signal}: ${err}`)));
  });
  const url = /^url: (\S+)$/m.exec(out)![1]!;
  const token = /^token: (.+)$/m.exec(out)![1]!;
  return {
    child,
    url,
    token,
    out,
    stderr: () => err,
    exited,
    async connect(opts = {}) {
      const client = new Client({ name: 'aosh-http-test', version: '1.0.0' }, { capabilities: opts.capabilities ?? {} });
      opts.setup?.(client);
      await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
      return client;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The text of a tool result's first part. */
export function text(r: unknown): string {
  const c = (r as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return c.map((p) => p.text ?? '').join('\n');
}
