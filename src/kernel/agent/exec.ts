// The agent's `exec` tool: ONE function runs a command line as a kernel process
// (`/bin/sh -c COMMAND` through kernel.spawn), so it appears in `ps`, dies with aosh, and
// gets whatever sandbox kernel.spawn applies to stages. stdout and stderr come back on two
// kernel pipes; both are hashed in full, kept up to a cap for the model, and handed to a
// live watcher (onOutput) as they arrive.
import { createHash } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Kernel } from '../kernel.js';
import type { ProcEntry } from '../process-table.js';
import type { ExecEvidence } from './types.js';

export interface StageOptions {
  command: string;
  cwd: string;
  env: Record<string, string>;
  /** Process-table name (default "agent-exec"). */
  name?: string;
  /** Kernel id of the agent task, shown as the stage's parent. */
  parent?: number | null;
  timeoutMs: number;
  /** Bytes of each stream kept in memory, head and tail (all of it is hashed and counted). */
  captureBytes: number;
  signal?: AbortSignal;
  /** The agent's permissions: the stage's sandbox enforces them (never above the session's). */
  permissions?: import('../permissions.js').PermissionSet;
  /** Each piece of output as it arrives, for a live view (all of it, whatever captureBytes keeps). */
  onOutput?: (stream: 'stdout' | 'stderr', chunk: Buffer) => void;
}

export interface StageResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  interrupted: boolean;
  durationMs: number;
  stdout: Buffer;
  stderr: Buffer;
  stdoutBytes: number;
  stderrBytes: number;
  stdoutSha256: string;
  stderrSha256: string;
  procId: number;
  pid: number | null;
  isolation: string;
}

/** After the shell exits, how long background children may keep the pipes open. */
const DRAIN_MS = 200;
const KILL_GRACE_MS = 2000;

interface Collector {
  done: Promise<void>;
  stop(): void;
  bytes(): number;
  data(): Buffer;
  sha256(): string;
}

function collect(fd: number, cap: number, onChunk?: (chunk: Buffer) => void): Collector {
  const sock = new Socket({ fd, readable: true, writable: false });
  const hash = createHash('sha256');
  const headCap = Math.ceil(cap / 2);
  const tailCap = cap - headCap;
  const head: Buffer[] = [];
  let headLen = 0;
  let tail: Buffer = Buffer.alloc(0);
  let total = 0;
  const done = new Promise<void>((resolve) => {
    sock.on('data', (c: Buffer) => {
      try {
        onChunk?.(c);
      } catch {
        // a watcher's failure is not the command's
      }
      hash.update(c);
      total += c.length;
      let rest = c;
      if (headLen < headCap) {
        const piece = rest.subarray(0, headCap - headLen);
        head.push(piece);
        headLen += piece.length;
        rest = rest.subarray(piece.length);
      }
      if (rest.length && tailCap > 0) {
        tail = Buffer.concat([tail, rest]);
        if (tail.length > tailCap) tail = tail.subarray(tail.length - tailCap);
      }
    });
    sock.on('end', () => resolve());
    sock.on('close', () => resolve());
    sock.on('error', () => resolve());
  });
  let digest: string | undefined;
  return {
    done,
    stop: () => sock.destroy(),
    bytes: () => total,
    data: () => {
      const h = Buffer.concat(head);
      const omitted = total - h.length - tail.length;
      if (omitted <= 0) return Buffer.concat([h, tail]);
      return Buffer.concat([h, Buffer.from(`\n[... ${omitted} bytes omitted ...]\n`), tail]);
    },
    sha256: () => (digest ??= hash.digest('hex')),
  };
}

function killGroup(entry: ProcEntry, sig: NodeJS.Signals): void {
  if (entry.pid === null) return;
  try {
    process.kill(-entry.pid, sig);
  } catch {
    try {
      process.kill(entry.pid, sig);
    } catch {
      // already gone
    }
  }
}

/** Runs COMMAND with `/bin/sh -c` as a kernel process; never throws for the command's own failure. */
export async function runStage(kernel: Kernel, opts: StageOptions): Promise<StageResult> {
  const started = Date.now();
  const [outR, outW] = kernel.native.pipe();
  let errR: number;
  let errW: number;
  try {
    [errR, errW] = kernel.native.pipe();
  } catch (err) {
    kernel.native.close(outR);
    kernel.native.close(outW);
    throw err;
  }
  const stdin = openSync('/dev/null', 'r');
  let handle;
  try {
    handle = kernel.spawn({
      // The agent's world: its permissions (never above the session's), one /tmp for the run.
      world: kernel.sandboxed ? kernel.worlds.worldFor(opts.permissions, opts.cwd) : undefined,
      viaShell: true,
      file: '/bin/sh',
      argv: ['sh', '-c', opts.command],
      env: opts.env,
      cwd: opts.cwd,
      fds: [stdin, outW, errW],
      name: opts.name ?? 'agent-exec',
      permissions: opts.permissions,
      command: opts.command,
      parent: opts.parent ?? null,
      pgid: 0,
    });
  } catch (err) {
    kernel.native.close(outR);
    kernel.native.close(errR);
    throw err;
  } finally {
    closeSync(stdin);
    kernel.native.close(outW);
    kernel.native.close(errW);
  }
  const { entry, done } = handle;
  const out = collect(outR, opts.captureBytes, opts.onOutput && ((c) => opts.onOutput!('stdout', c)));
  const err = collect(errR, opts.captureBytes, opts.onOutput && ((c) => opts.onOutput!('stderr', c)));
  let timedOut = false;
  let interrupted = false;
  let grace: NodeJS.Timeout | undefined;
  const stop = (): void => {
    killGroup(entry, 'SIGTERM');
    grace ??= setTimeout(() => killGroup(entry, 'SIGKILL'), KILL_GRACE_MS);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, opts.timeoutMs);
  const onAbort = (): void => {
    interrupted = true;
    stop();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();
  const finished = await done;
  clearTimeout(timer);
  if (grace) clearTimeout(grace);
  opts.signal?.removeEventListener('abort', onAbort);
  const drain = setTimeout(() => {
    out.stop();
    err.stop();
  }, DRAIN_MS);
  await Promise.all([out.done, err.done]);
  clearTimeout(drain);
  return {
    exitCode: finished.exitCode,
    signal: finished.signal,
    timedOut,
    interrupted,
    durationMs: Date.now() - started,
    stdout: out.data(),
    stderr: err.data(),
    stdoutBytes: out.bytes(),
    stderrBytes: err.bytes(),
    stdoutSha256: out.sha256(),
    stderrSha256: err.sha256(),
    procId: entry.id,
    pid: entry.pid,
    isolation: entry.isolation,
  };
}

/** Lines and bytes of each end of an exec's output kept as evidence for `agent trace`. */
const TRACE_LINES = 20;
const TRACE_BYTES = 4096;

/** The first and last lines of a stream's output, for the trace (the tail only when it is not all in the head). */
export function headTail(stream: 'stdout' | 'stderr', data: Buffer, total: number): Partial<ExecEvidence> {
  if (total === 0) return {};
  const text = data.toString('utf8');
  const lines = text.replace(/\n$/, '').split('\n');
  let head = lines.slice(0, TRACE_LINES).join('\n');
  if (head.length > TRACE_BYTES) head = head.slice(0, TRACE_BYTES);
  const out: Partial<ExecEvidence> = { [`${stream}Head`]: head };
  if (head.length < text.replace(/\n$/, '').length) {
    let tail = lines.slice(Math.max(TRACE_LINES, lines.length - TRACE_LINES)).join('\n');
    if (tail.length > TRACE_BYTES) tail = tail.slice(-TRACE_BYTES);
    if (tail) out[`${stream}Tail`] = tail;
  }
  return out;
}
