// The dashboard in a real browser: Debian's chromium driven by playwright-core (no browser
// download), against real sessions (bin/aosh). Screenshots go to test/artifacts/.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../agent/helpers.js';
import { scripted, startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { removeDir, tempDir } from '../helpers/run-aosh.js';
import { ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, chromiumMissing, poll, psHas, startSession, type Session } from './helpers.js';

const missing = chromiumMissing();
if (missing) {
  if (process.env.CI) throw new Error(`browser tests: ${missing}, and CI must not skip them`);
  console.log(`skipping the browser tests: ${missing}`);
}

let browser: Browser;
let context: BrowserContext;
let page: Page;
let s: Session | undefined;
/** Every URL the page asked for: nothing may come from anywhere but the dashboard. */
let requested: string[] = [];

beforeAll(async () => {
  if (missing) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  // playwright gives every launch a fresh --user-data-dir of its own (and refuses one passed in).
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
});
afterAll(async () => {
  await browser?.close();
});

async function open(sess: Session, hash = ''): Promise<void> {
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  requested = [];
  page.on('request', (r) => void requested.push(r.url()));
  const errors: string[] = [];
  page.on('pageerror', (e) => void errors.push(e.message));
  const res = await page.goto(sess.url + hash);
  expect(res?.status()).toBe(200);
  await page.waitForSelector('#conn.conn-open', { timeout: 10_000 });
  expect(errors).toEqual([]);
}

afterEach(async () => {
  await context?.close();
  await s?.close();
  s = undefined;
  for (const u of requested) expect(u.startsWith('http://127.0.0.1:') || u.startsWith('ws://127.0.0.1:') || u.startsWith('data:'), u).toBe(true);
});

const row = (name: string) => page.locator('#procs tbody tr', { has: page.locator('a', { hasText: new RegExp(`^${name}$`) }) });

describe.skipIf(!!missing)('the dashboard in chromium', () => {
  it('refuses a page request without the token', async () => {
    s = await startSession();
    context = await browser.newContext();
    page = await context.newPage();
    const res = await page.goto(`${s.base}/`);
    expect(res?.status()).toBe(401);
    expect(await page.textContent('body')).toContain('missing or wrong token');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-no-token.png') });
  });

  it('shows an agent spawned in the shell within 1 s, kills it from the page, and it leaves ps', async () => {
    s = await startSession();
    await open(s);
    await s.run('spawn --name web1 sleep 300 >/dev/null');
    const t0 = Date.now();
    await row('web1').locator('.badge', { hasText: 'running' }).waitFor({ timeout: 1000 });
    console.log(`web1 on the page ${Date.now() - t0} ms after spawn returned`);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-overview.png'), fullPage: true });
    expect(psHas(await s.run('ps'), 'web1')).toBe(true);
    await row('web1').locator('button[data-action="TERM"]').click();
    await poll(async () => !psHas(await s!.run('ps'), 'web1'), 'web1 to leave ps');
    await row('web1').locator('.badge', { hasText: 'killed' }).waitFor({ timeout: 5000 });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-killed.png'), fullPage: true });
  });

  it('stops and continues a process from the page (STOP/CONT)', async () => {
    s = await startSession();
    await open(s);
    await s.run('spawn --name pausy sleep 300 >/dev/null');
    await row('pausy').locator('button[data-action="STOP"]').click();
    await poll(async () => /\bpausy\s+\d+\s+stopped\b/.test(await s!.run('ps')), 'pausy stopped in ps');
    await row('pausy').locator('.badge', { hasText: 'stopped' }).waitFor({ timeout: 5000 });
    await row('pausy').locator('button[data-action="CONT"]').click();
    await poll(async () => /\bpausy\s+\d+\s+running\b/.test(await s!.run('ps')), 'pausy running again in ps');
    await s.run('kill pausy');
  });

  it('spawns an agent from the page, follows its output on its own page, and kills it there', async () => {
    s = await startSession();
    await open(s);
    await page.fill('#spawn input[name=command]', `sh -c 'for i in 1 2 3; do echo line $i; sleep 0.2; done; echo oops >&2; sleep 300'`);
    await page.fill('#spawn input[name=name]', 'pager');
    await page.fill('#spawn input[name=mem]', '128M');
    await page.click('#spawn button[type=submit]');
    await page.waitForSelector('#spawn-result.ok', { timeout: 10_000 });
    expect(await page.textContent('#spawn-result')).toMatch(/^started \[\d+\] pager pid=\d+$/);
    expect(psHas(await s.run('ps'), 'pager')).toBe(true);
    await row('pager').locator('a').click();
    await page.waitForSelector('#agent:not(.hidden)');
    await poll(async () => (await page.textContent('#agent-stream'))?.includes('line 3'), 'line 3 on the agent page', 10_000);
    expect(await page.textContent('#agent-limits')).toContain('memory: 134217728');
    expect(await page.textContent('#agent-perms')).toContain('net: no');
    await page.click('#agent-tabs button[data-tab="stderr"]');
    await poll(async () => (await page.textContent('#agent-stream'))?.includes('oops'), 'stderr on the agent page');
    await page.click('#agent-tabs button[data-tab="log"]');
    await poll(async () => (await page.textContent('#agent-stream'))?.includes('spawned id='), 'the kernel log on the agent page');
    await page.click('#agent-tabs button[data-tab="stdout"]');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-agent.png'), fullPage: true });
    await page.click('#agent-actions button[data-action="TERM"]');
    await poll(async () => !psHas(await s!.run('ps'), 'pager'), 'pager to leave ps');
    await page.waitForSelector('#agent-title .badge.st-killed', { timeout: 5000 });
  });

  it('approves a pending agent action from the page', async () => {
    const fake: FakeServer = await startFakeOpenAI();
    fake.respond(scripted([call('exec', { command: 'echo approved-by-page > approved.txt' }), call('done', { answer: 'the file is written' })]));
    try {
      s = await startSession({ env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${fake.url}/v1`, AOSH_PROVIDER: 'openai' } });
      await open(s);
      const running = s.run('agent --mode ask "write approved.txt"', 60_000);
      const card = page.locator('.approval', { hasText: 'echo approved-by-page > approved.txt' });
      await card.waitFor({ timeout: 20_000 });
      expect(await page.textContent('#approvals-count')).toBe('1');
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-approval.png'), fullPage: true });
      expect(existsSync(join(s.work, 'approved.txt'))).toBe(false);
      await card.locator('button[data-decision="once"]').click();
      const out = await running;
      expect(out).toContain('the file is written');
      expect(readFileSync(join(s.work, 'approved.txt'), 'utf8')).toBe('approved-by-page\n');
      await card.waitFor({ state: 'detached', timeout: 5000 });
      // On the record: who answered, and what.
      const audit = await poll(async () => {
        const r = await s!.run('audit tail -n 50');
        return r.includes('dashboard.approve') ? r : null;
      }, 'dashboard.approve in the audit journal');
      expect(audit).toContain('once');
    } finally {
      await fake.close();
    }
  });

  it('denies from the page too', async () => {
    const fake: FakeServer = await startFakeOpenAI();
    fake.respond(scripted([call('exec', { command: 'echo never > denied.txt' }), call('done', { answer: 'gave up' })]));
    try {
      s = await startSession({ env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${fake.url}/v1`, AOSH_PROVIDER: 'openai' } });
      await open(s);
      const running = s.run('agent --mode ask "write denied.txt"; echo "status=$?"', 60_000);
      const card = page.locator('.approval', { hasText: 'echo never > denied.txt' });
      await card.waitFor({ timeout: 20_000 });
      await card.locator('input.reason').fill('not in this directory');
      await card.locator('button[data-decision="deny"]').click();
      await running;
      expect(existsSync(join(s.work, 'denied.txt'))).toBe(false);
      // The reason typed on the page reaches the model with the denial.
      const tool = fake.requests[1]!.body.messages.find((m: any) => m.role === 'tool');
      expect(tool.content).toMatch(/denied/);
      expect(tool.content).toContain('not in this directory');
    } finally {
      await fake.close();
    }
  });

  it('reconnects by itself when aosh restarts', async () => {
    const home = tempDir('aosh-web-home-');
    try {
      // Without --port: the port and token kept in $AOSH_HOME/web.json come back.
      s = await startSession({ home, dashboard: 'dashboard' });
      await open(s);
      const first = await page.textContent('#session');
      expect(first).toContain(`pid ${s.child.pid}`);
      const { port, url } = s;
      await s.close();
      await page.waitForSelector('#conn.conn-closed', { timeout: 10_000 });
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-reconnecting.png') });
      s = await startSession({ home, dashboard: 'dashboard' });
      expect(s.port).toBe(port);
      expect(s.url).toBe(url);
      await page.waitForSelector('#conn.conn-open', { timeout: 15_000 });
      await poll(async () => (await page.textContent('#session'))?.includes(`pid ${s!.child.pid}`), 'the new session on the page');
      await s.run('spawn --name after sleep 300 >/dev/null');
      await row('after').waitFor({ timeout: 5000 });
    } finally {
      await s?.close();
      s = undefined;
      removeDir(home);
    }
  });
});
