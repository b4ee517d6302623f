// Test helpers: a hand-made BuiltinContext with in-memory streams, and a kernel stand-in
// carrying an LlmService built from an explicit environment.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuiltinContext, InputStream, OutputStream, ShellAccess } from '../../src/builtins/types.js';
import type { Kernel } from '../../src/kernel/kernel.js';
import { createLlmService, type LlmService, type LlmServiceOptions } from '../../src/kernel/llm/index.js';

export class MemOut implements OutputStream {
  readonly fd = -1;
  readonly chunks: string[] = [];
  constructor(readonly isTTY = false) {}
  async write(data: string | Uint8Array): Promise<void> {
    this.chunks.push(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
  }
  get text(): string {
    return this.chunks.join('');
  }
}

export function memIn(text: string | null): InputStream {
  let buf = text === null ? Buffer.alloc(0) : Buffer.from(text);
  return {
    fd: -1,
    isTTY: text === null,
    async readAll() {
      const b = buf;
      buf = Buffer.alloc(0);
      return b;
    },
    async readLine() {
      if (!buf.length) return null;
      const i = buf.indexOf(10);
      const line = buf.subarray(0, i < 0 ? buf.length : i).toString();
      buf = buf.subarray(i < 0 ? buf.length : i + 1);
      return line;
    },
  };
}

export function tempHome(): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'aosh-llm-'));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

export function fakeKernel(opts: LlmServiceOptions): { kernel: Kernel; llm: LlmService } {
  const llm = createLlmService(opts);
  return { kernel: { home: opts.home, llm } as unknown as Kernel, llm };
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
  writes: string[];
}

export async function runBuiltin(
  builtin: { run(ctx: BuiltinContext): Promise<number> },
  name: string,
  args: string[],
  kernel: Kernel,
  stdin: string | null = null,
  vars: Record<string, string> = {},
  signal: AbortSignal = new AbortController().signal,
): Promise<RunResult> {
  const stdout = new MemOut();
  const stderr = new MemOut();
  const shell = {
    getVar: (n: string) => vars[n],
    setVar: () => {},
    unsetVar: () => {},
    exportVar: () => {},
    environment: () => ({}),
    cwd: process.cwd(),
    eval: async () => 0,
    lookup: () => null,
    exit: () => {
      throw new Error('exit');
    },
  } as unknown as ShellAccess;
  const ctx: BuiltinContext = { name, args, stdin: memIn(stdin), stdout, stderr, shell, kernel, signal, asTask: false };
  const status = await builtin.run(ctx);
  return { status, stdout: stdout.text, stderr: stderr.text, writes: stdout.chunks };
}

/** Environment for a service that talks to local fakes only (fast retries). */
export function envFor(extra: Record<string, string>): Record<string, string> {
  return { AOSH_LLM_RETRY_BASE_MS: '5', AOSH_LLM_RETRY_MAX_MS: '50', ...extra };
}
