// The real bin/aosh in a real terminal: tmux (own server socket), send-keys, capture-pane.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const built = existsSync(join(ROOT, 'dist/shell/repl/index.js'));
const inCi = process.env.CI === 'true' || process.env.CI === '1';
if (!hasTmux || !built) {
  const why = !hasTmux ? 'tmux not found' : 'dist/ not built (npx tsc -p tsconfig.json)';
  if (inCi) throw new Error(`repl e2e: ${why}, and CI must not skip`);
  console.log(`skipping repl e2e tests: ${why}`);
}

const SOCKET = `aosh-e2e-${process.pid}`;
let session = '';
let home = '';
let n = 0;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

function screen(): string {
  return tmux('capture-pane', '-p', '-t', session);
}

async function waitFor(pred: (s: string) => boolean, what: string, ms = 15_000): Promise<string> {
  const deadline = Date.now() + ms;
  let s = '';
  while (Date.now() < deadline) {
    s = screen();
    if (pred(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
}

const waitText = (text: string, ms?: number): Promise<string> => waitFor((s) => s.includes(text), JSON.stringify(text), ms);
const keys = (...k: string[]): void => void tmux('send-keys', '-t', session, ...k);
const type = (text: string): void => void tmux('send-keys', '-t', session, '-l', text);
/** The prompt is ready when the last non-empty line ends with "$". */
const promptCount = (s: string): number => s.split('\n').filter((l) => /\$ ?$/.test(l.trimEnd()) || /\$ \S/.test(l)).length;

function children(pid: string): string[] {
  const r = spawnSync('pgrep', ['-P', pid], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean);
}

/** Waits until a process named `name` runs under the pane: the terminal is then in cooked mode. */
async function childRunning(name: string): Promise<void> {
  const pane = tmux('display', '-p', '-t', session, '#{pane_pid}').trim();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    // Descendants at any depth (the kernel may keep a helper between aosh and its stages).
    const todo = children(pane);
    while (todo.length) {
      const pid = todo.pop()!;
      const comm = spawnSync('ps', ['-o', 'comm=', '-p', pid], { encoding: 'utf8' }).stdout.trim();
      if (comm === name) return;
      todo.push(...children(pid));
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} did not start under aosh`);
}

describe.skipIf(!hasTmux || !built)('aosh in a terminal (tmux)', () => {
  // A session that outlives the tests keeps this tmux server up between them.
  beforeAll(() => void tmux('new-session', '-d', '-s', 'keep', 'sleep 600'));
  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // gone
    }
  });

  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'aosh-e2e-'));
    writeFileSync(join(home, 'history'), 'echo from-history\n');
    session = `s${n++}`;
    const cmd = `cd ${ROOT} && env -u CI AOSH_HOME=${home} HOME=${home} ./bin/aosh; echo "[aosh exited $?]"; sleep 30`;
    tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', cmd);
    await waitFor((s) => /\$\s*$/m.test(s), 'the first prompt');
  });

  afterEach(() => {
    try {
      tmux('kill-session', '-t', session);
    } catch {
      // already gone
    }
  });

  it('runs a pipeline, shows its output, and Up recalls it', async () => {
    type('echo hello | tr a-z A-Z');
    keys('Enter');
    await waitText('HELLO');
    await waitFor((s) => promptCount(s) >= 2, 'the next prompt');
    keys('Up');
    await waitFor((s) => s.trimEnd().split('\n').pop()!.endsWith('$ echo hello | tr a-z A-Z'), 'the recalled line');
    expect(readFileSync(join(home, 'history'), 'utf8')).toBe('echo from-history\necho hello | tr a-z A-Z\n');
  });

  it('Tab completes spaw to spawn', async () => {
    type('spaw');
    keys('Tab');
    await waitFor((s) => /\$ spawn\s*$/m.test(s), 'spawn completed');
  });

  it('continues an incomplete command with a continuation prompt', async () => {
    type('if true; then');
    keys('Enter');
    await waitFor((s) => /^> ?$/m.test(s), 'the continuation prompt');
    type('echo inside');
    keys('Enter');
    type('fi');
    keys('Enter');
    await waitFor((s) => /^inside$/m.test(s), 'the output');
  });

  it('Ctrl-C stops sleep 100 and the prompt returns', async () => {
    type('sleep 100');
    keys('Enter');
    await childRunning('sleep');
    keys('C-c');
    await waitText('[130] $');
  });

  it('Ctrl-C at the prompt\'s job leaves background agents running', async () => {
    type('spawn --name bgnap tail -f /dev/null');
    keys('Enter');
    await waitText('bgnap pid=');
    type('sleep 100');
    keys('Enter');
    await childRunning('sleep');
    keys('C-c');
    await waitText('[130] (1 running) $');
    type('kill bgnap; wait bgnap; echo "agent $?"');
    keys('Enter');
    await waitText('agent 143');
  });

  it('a program reading the terminal gets the typed lines (blocking tty)', async () => {
    type('cat');
    keys('Enter');
    await childRunning('cat');
    type('typed by hand');
    keys('Enter');
    await waitFor((s) => s.split('\n').filter((l) => l.trim() === 'typed by hand').length >= 2, 'cat to echo the line');
    keys('C-d');
    await waitFor((s) => !/Resource temporarily unavailable/.test(s) && promptCount(s) >= 2, 'the prompt after cat');
    expect(screen()).not.toMatch(/Resource temporarily unavailable/);
  });

  it('Ctrl-Z stops a job; jobs lists it; fg resumes it', async () => {
    type('sleep 100');
    keys('Enter');
    await childRunning('sleep');
    keys('C-z');
    await waitText('Stopped');
    await waitText('[148]');
    type('jobs');
    keys('Enter');
    await waitFor((s) => /\[1\]\+ Stopped\s+sleep 100/.test(s), 'jobs output');
    type('fg');
    keys('Enter');
    await waitFor((s) => /\$ fg\nsleep 100\n/.test(s), 'fg to resume the job');
    await new Promise((r) => setTimeout(r, 200));
    keys('C-c');
    await waitText('[130] $');
  });

  it('less gets the terminal and quits cleanly', async () => {
    type('seq 1 500 | less');
    keys('Enter');
    await waitFor((s) => /^:\s*$/m.test(s) || s.includes('(END)'), 'less');
    keys('q');
    type('echo after-less');
    keys('Enter');
    await waitFor((s) => /^after-less$/m.test(s), 'the shell after less');
  });

  it('Ctrl-D on an empty line exits', async () => {
    keys('C-d');
    await waitText('[aosh exited 0]');
  });

  it('exit works with a status', async () => {
    type('exit 3');
    keys('Enter');
    await waitText('[aosh exited 3]');
  });
});
