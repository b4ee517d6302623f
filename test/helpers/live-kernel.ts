// A real aosh session for fault tests: `aosh --no-sandbox -c 'node kernel-host.mjs …'`
// keeps its kernel up while the test drives the session's own syscall socket (the one every
// stage gets as $AOSH_SOCKET) from outside. As root it runs inside the outer test container
// (test/sandbox/container.ts: PID namespace, memory and pids cgroups), so a kernel that
// grows without bound is stopped by the container's memory limit and cannot hurt the
// machine. (--no-sandbox: the stage's $AOSH_SOCKET is then the host path, and the kernel
// under test is the same with or without stage sandboxes.)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Container, containerSkipReason } from '../sandbox/container.js';
import { baseEnv, removeDir, root, startAosh, tempDir } from './run-aosh.js';

export const hostFixture = path.join(root, 'test', 'fixtures', 'kernel-host.mjs');

export interface LiveKernel {
  /** The session's syscall socket (host path). */
  socket: string;
  /** Host pid of the aosh process. */
  pid: number;
  home: string;
  /** Whether it runs in the outer container (memory-limited); why not, when not. */
  contained: boolean;
  why: string;
  alive(): boolean;
  /** Resident set size in bytes (VmRSS). */
  rss(): number;
  /** Open file descriptors. */
  fds(): number;
  /** What aosh wrote to stderr so far. */
  stderr(): string;
  /** Lets the stage end; resolves with aosh's exit. */
  stop(): Promise<{ status: number | null; stdout: string; stderr: string }>;
}

export interface LiveKernelOptions {
  /** Extra environment (e.g. AOSH_LIMIT_* for a test). */
  env?: Record<string, string>;
  /** The container's memory limit (default 1 GiB). */
  memoryBytes?: number;
  /** Extra aosh options before -c. */
  args?: string[];
}

export async function startLiveKernel(opts: LiveKernelOptions = {}): Promise<LiveKernel> {
  const dir = tempDir('aosh-live-');
  const home = path.join(dir, 'home');
  const ready = path.join(dir, 'ready');
  const stopFile = path.join(dir, 'stop');
  const env = baseEnv(dir, { AOSH_HOME: home, LANG: 'C.UTF-8', ...opts.env });
  const args = [...(opts.args ?? []), '--no-sandbox', '-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(hostFixture)} ${JSON.stringify(ready)} ${JSON.stringify(stopFile)}`];
  const why = containerSkipReason();
  let errText = '';
  let pidOf: () => number | null;
  let exit: Promise<{ status: number | null; stdout: string; stderr: string }>;
  let container: Container | null = null;
  if (!why) {
    container = new Container({ memoryBytes: opts.memoryBytes ?? 2 ** 30, pids: 256 });
    const c = container;
    exit = c.run(args, { cwd: dir, env, timeoutMs: 30 * 60_000 }).then((r) => ({ ...r, stderr: r.stderr }));
    // aosh is the node process in the container running bin/aosh.
    pidOf = () =>
      c.pids().find((p) => {
        const argv = cmdline(p);
        return argv[0] === process.execPath && argv[1] === path.join(root, 'bin', 'aosh');
      }) ?? null;
  } else {
    const child = startAosh(args, { cwd: dir, env });
    child.stderr!.on('data', (d: Buffer) => (errText += d.toString()));
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin!.end();
    exit = new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout: out, stderr: errText })));
    pidOf = () => child.pid ?? null;
  }
  let status: { status: number | null; stdout: string; stderr: string } | null = null;
  void exit.then((r) => (status = r));
  const deadline = Date.now() + 30_000;
  while (!existsSync(ready)) {
    if (status) throw new Error(`aosh exited before its kernel was up: ${JSON.stringify(status)}`);
    if (Date.now() > deadline) throw new Error('aosh did not start its stage within 30 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  let pid: number | null = null;
  while (!(pid = pidOf())) await new Promise((r) => setTimeout(r, 20));
  const socket = readFileSync(ready, 'utf8');
  const thePid = pid;
  return {
    socket,
    pid: thePid,
    home,
    contained: container !== null,
    why,
    alive: () => status === null && existsSync(`/proc/${thePid}`),
    rss: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${thePid}/status`, 'utf8'))![1]) * 1024,
    fds: () => readdirSync(`/proc/${thePid}/fd`).length,
    stderr: () => (container ? '(in container: see stop())' : errText),
    async stop() {
      writeFileSync(stopFile, '');
      const r = await Promise.race([exit, new Promise<null>((res) => setTimeout(() => res(null), 20_000))]);
      container?.destroy();
      removeDir(dir);
      if (!r) throw new Error('aosh did not exit within 20 s of its stage ending');
      return r;
    },
  };
}

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/** Lines of stderr that show a crash, a stack trace or a Node warning: none are allowed. */
export function alarming(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => /^\s+at |RangeError|TypeError|ReferenceError|Warning|FATAL|heap out of memory|Aborted|Segmentation/.test(l));
}
