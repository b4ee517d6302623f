// Helpers for the shell conformance suite (conformance.test.ts).
//
// Every case runs as `SHELL -c SCRIPT [name args...]` in a fresh temporary
// directory, with a fixed minimal environment, stdin from the case (or empty),
// and stdout + exit status captured. Stderr is captured only for diagnostics.
//
// stdin is a real pipe, as a shell pipeline or a terminal's job gives: Node's 'pipe' is a
// socketpair, and bash -c with a socket on stdin and SHLVL unset believes sshd started it
// and reads ~/.bashrc and /etc/bash.bashrc first (which set $_ and PIPESTATUS).

import { spawn, spawnSync } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, write, writeFileSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceCase } from './conformance.cases.js';
import { loadNative } from '../../src/kernel/native.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Per-process time limit; a case that hangs is killed (whole process group) and reported. */
export const CASE_TIMEOUT_MS = 10_000;

const BASE_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** The fixed PATH every case runs with (plus node's directory, so a `#!/usr/bin/env node` bin/aosh works). */
export function casePath(): string {
  const dirs = [...BASE_PATH];
  const nodeDir = dirname(process.execPath);
  if (!dirs.includes(nodeDir)) dirs.push(nodeDir);
  return dirs.join(delimiter);
}

/**
 * Minimal, fixed environment: no BASH_ENV/ENV, no inherited LC_* or shell options. aosh
 * keeps its state in $AOSH_HOME (default ~/.aosh, made when the sandbox is first built so
 * that it can be hidden): outside the case's directory, so `echo .*` sees what bash sees.
 */
export function caseEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: casePath(), HOME: home, LANG: 'C.UTF-8', AOSH_HOME: join(tmpdir(), 'aosh-conformance-home') };
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Locate bash: $CONFORMANCE_BASH, else the first `bash` on the fixed PATH. */
export function findBash(): string | undefined {
  const override = process.env.CONFORMANCE_BASH;
  if (override) return isExecutable(override) ? override : undefined;
  for (const dir of casePath().split(delimiter)) {
    const p = join(dir, 'bash');
    if (isExecutable(p)) return p;
  }
  return undefined;
}

/** bash's version string (e.g. "5.2.15(1)-release"), or undefined if it will not run. */
export function bashVersion(bash: string): string | undefined {
  const r = spawnSync(bash, ['-c', 'echo "$BASH_VERSION"'], { encoding: 'utf8', env: caseEnv(tmpdir()) });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Path to the aosh CLI: $AOSH_BIN, else <repo>/bin/aosh. */
export function aoshPath(): string {
  return process.env.AOSH_BIN || join(REPO_ROOT, 'bin', 'aosh');
}

export interface RunResult {
  stdout: string;
  stderr: string;
  /** Exit status; for a signal death, 128 + signal number (as a shell would report it). */
  status: number;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Spawn failure (ENOENT, EACCES...), if any. */
  spawnError?: string;
  cwd: string;
}

const SIGNUMS: Record<string, number> = osConstants.signals as Record<string, number>;

/** Create a fresh temp dir populated with the case's files (nested paths allowed). */
export function makeCaseDir(c: ConformanceCase): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'aosh-conf-')));
  for (const [rel, content] of Object.entries(c.files ?? {})) {
    const full = join(dir, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content, { mode: 0o644 });
  }
  return dir;
}

/** Run `shell -c script [args...]` for one case. Never rejects. */
export function runCase(shell: string, c: ConformanceCase): Promise<RunResult> {
  const cwd = makeCaseDir(c);
  return new Promise<RunResult>((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let settled = false;
    const finish = (r: Omit<RunResult, 'stdout' | 'stderr' | 'cwd'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const res: RunResult = {
        ...r,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        cwd,
      };
      try {
        rmSync(cwd, { recursive: true, force: true });
      } catch {
        // a case may leave an unremovable dir (chmod 000); not our problem
      }
      resolve(res);
    };
    let child: ReturnType<typeof spawn>;
    const [rd, wr] = stdinPipe();
    try {
      child = spawn(shell, ['-c', c.script, ...(c.args ?? [])], {
        cwd,
        env: caseEnv(cwd),
        stdio: [rd, 'pipe', 'pipe'],
        detached: true, // own process group, so a timeout kills background jobs too
      });
    } catch (e) {
      closeSync(wr);
      finish({ status: -1, signal: null, timedOut: false, spawnError: String(e) });
      return;
    } finally {
      closeSync(rd);
    }
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, CASE_TIMEOUT_MS);
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    feed(wr, Buffer.from(c.stdin ?? ''));
    child.on('error', (e) => finish({ status: -1, signal: null, timedOut, spawnError: e.message }));
    // 'close' waits for stdout/stderr to be closed by every holder (incl. background jobs).
    child.on('close', (code, signal) => {
      const status = code ?? (signal ? 128 + (SIGNUMS[signal] ?? 0) : -1);
      finish({ status, signal, timedOut });
    });
  });
}

const native = loadNative();

function stdinPipe(): [number, number] {
  if (!native) throw new Error('the conformance suite needs the native addon (npm run build) for its stdin pipes');
  return native.pipe();
}

/** Writes all of buf to the pipe, then closes it; EPIPE (the script did not read it) ends the feed. */
function feed(fd: number, buf: Buffer): void {
  if (buf.length === 0) return closeSync(fd);
  write(fd, buf, (err, n) => {
    if (err || n >= buf.length) return closeSync(fd);
    feed(fd, buf.subarray(n));
  });
}

function indent(s: string, prefix = '    '): string {
  return s.split('\n').map((l) => prefix + l).join('\n');
}

/** A readable failure report: script, args, stdin, expected vs actual, and stderr. */
export function describeRun(shellLabel: string, c: ConformanceCase, expected: { stdout: string; status: number }, r: RunResult): string {
  const lines = [
    `[${shellLabel}] case "${c.name}" (group ${c.group})`,
    `  script:`,
    indent(c.script),
  ];
  if (c.args) lines.push(`  args: ${JSON.stringify(c.args)}`);
  if (c.stdin !== undefined) lines.push(`  stdin: ${JSON.stringify(c.stdin)}`);
  if (c.files) lines.push(`  files: ${JSON.stringify(Object.keys(c.files))}`);
  if (c.aoshDiffers && shellLabel === 'aosh') lines.push(`  (aosh deliberately differs: ${c.aoshDiffers.reason})`);
  lines.push(`  expected status ${expected.status}, got ${r.status}${r.signal ? ` (signal ${r.signal})` : ''}${r.timedOut ? ` (TIMED OUT after ${CASE_TIMEOUT_MS} ms)` : ''}`);
  lines.push(`  expected stdout: ${JSON.stringify(expected.stdout)}`);
  lines.push(`  actual stdout:   ${JSON.stringify(r.stdout)}`);
  if (r.spawnError) lines.push(`  spawn error: ${r.spawnError}`);
  lines.push(`  stderr:`, r.stderr ? indent(r.stderr.replace(/\n$/, '')) : '    (empty)');
  lines.push('  assertion'); // vitest appends ": expected ... to deeply equal ..." after this
  return lines.join('\n');
}

export function fileExists(p: string): boolean {
  return existsSync(p);
}
