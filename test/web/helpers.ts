// A real aosh session for the dashboard tests: bin/aosh running `dashboard` and then every
// line the test writes to its stdin (eval'd in the session), so the test can act as a user at
// the shell (`spawn`, `ps`, `think`) while a browser or an HTTP client acts on the page.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, removeDir, root, startAosh, tempDir } from '../helpers/run-aosh.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const ARTIFACTS = join(root, 'test', 'artifacts');

export interface Session {
  url: string;
  port: number;
  token: string;
  base: string;
  work: string;
  home: string;
  child: ChildProcess;
  /** stderr so far (warnings, errors). */
  stderr(): string;
  /** Runs one line in the session; resolves with what it printed on stdout. */
  run(line: string, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

let marker = 0;

export async function startSession(opts: { env?: Record<string, string>; args?: string[]; work?: string; home?: string; dashboard?: string } = {}): Promise<Session> {
  const work = opts.work ?? tempDir('aosh-web-work-');
  const home = opts.home ?? tempDir('aosh-web-home-');
  const env = { ...baseEnv(work), AOSH_HOME: home, ...opts.env };
  // Each line runs with /dev/null as stdin: the rest of stdin is the test's next commands.
  const script = `${opts.dashboard ?? 'dashboard --port 0'}; while IFS= read -r __line; do eval "$__line" < /dev/null; done`;
  const child = startAosh([...(opts.args ?? []), '-c', script], { cwd: work, env });
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    for (const w of waiters.splice(0)) w();
  });
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString('utf8');
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
    for (const w of waiters.splice(0)) w();
  });
  const until = async (pred: () => boolean, what: string, ms: number): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!pred()) {
      if (exited) throw new Error(`aosh exited while waiting for ${what}; stderr: ${err}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; stdout: ${out.slice(-2000)} stderr: ${err.slice(-2000)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 200));
        waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  };
  await until(() => /^http:\/\/127\.0\.0\.1:\d+\/\?token=\S+\n/.test(out), 'the dashboard URL', 20_000);
  const url = out.slice(0, out.indexOf('\n'));
  out = out.slice(url.length + 1);
  const u = new URL(url);
  const session: Session = {
    url,
    port: Number(u.port),
    token: u.searchParams.get('token')!,
    base: `http://127.0.0.1:${u.port}`,
    work,
    home,
    child,
    stderr: () => err,
    async run(line, timeoutMs = 20_000) {
      const m = `__aosh_test_done_${++marker}__`;
      const start = out.length;
      child.stdin!.write(`${line}; echo ${m}\n`);
      await until(() => out.indexOf(m, start) >= 0, `the end of: ${line}`, timeoutMs);
      const at = out.indexOf(m, start);
      const text = out.slice(start, at);
      out = out.slice(at + m.length + 1);
      return text;
    },
    async close() {
      if (!exited) {
        child.stdin!.end();
        const done = new Promise<void>((r) => child.once('exit', () => r()));
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await done;
        clearTimeout(t);
      }
      if (!opts.work) removeDir(work);
      if (!opts.home) removeDir(home);
    },
  };
  return session;
}

/** Polls until check() gives a truthy value (or throws after timeoutMs). */
export async function poll<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A live process by name in `ps` output (header skipped). */
export function psHas(ps: string, name: string): boolean {
  return ps.split('\n').slice(1).some((l) => l.split(/\s+/)[1] === name);
}

export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} not found (apt-get install chromium; .ci/run installs it)`;
}
