#!/usr/bin/env node
// bench-dashboard: aosh's own CPU with 200 live agents, first without the dashboard, then with
// it serving and a page connected (a WebSocket client receiving every push; --browser uses
// headless chromium instead), in one session and one run. The difference is what dashboard
// updates cost. Goal (issue 17): under 5 % of one core. Not a timed test: it prints figures.
// Usage: node scripts/bench-dashboard.mjs [--agents N] [--seconds S] [--browser]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const agents = arg('--agents', 200);
const seconds = arg('--seconds', 10);
const useBrowser = process.argv.includes('--browser');
const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

const work = mkdtempSync(join(tmpdir(), 'aosh-bench-dash-'));
const home = mkdtempSync(join(tmpdir(), 'aosh-bench-dash-home-'));
// The agents are sandboxed stages like any other (cgroup, namespaces); `read` waits on stdin
// without blocking aosh's event loop, so the session idles between the phases.
const script = `for i in {1..${agents}}; do spawn --name agent$i sleep 100000 >/dev/null; done; echo ready; read go; dashboard --port 0; read done`;
const child = spawn(process.execPath, [join(root, 'bin', 'aosh'), '-c', script], { cwd: work, env: { PATH: process.env.PATH, HOME: work, AOSH_HOME: home }, stdio: ['pipe', 'pipe', 'inherit'] });
let out = '';
child.stdout.on('data', (c) => (out += c));
const waitFor = async (re, what, ms = 120_000) => {
  const deadline = Date.now() + ms;
  while (!re.test(out)) {
    if (child.exitCode !== null) throw new Error(`aosh exited (${child.exitCode}) before ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
  return re.exec(out);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** utime + stime of the aosh process (all its threads), in seconds. */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / ticks;
}
async function measure(pid) {
  const c0 = cpuSeconds(pid);
  const t0 = process.hrtime.bigint();
  await sleep(seconds * 1000);
  const c1 = cpuSeconds(pid);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  return ((c1 - c0) / wall) * 100;
}

let browser = null;
let ws = null;
try {
  const t0 = Date.now();
  await waitFor(/ready\n/, `${agents} agents`);
  console.log(`bench-dashboard: ${agents} live agents (sandboxed sleep), started in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${seconds} s per phase`);
  await sleep(2000);
  const without = await measure(child.pid);
  console.log(`  aosh CPU, no dashboard:             ${without.toFixed(2)} % of one core`);

  child.stdin.write('go\n');
  const [url] = await waitFor(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/, 'the dashboard URL');
  const u = new URL(url);
  let messages = 0;
  let bytes = 0;
  let lastProcs = 0;
  if (useBrowser) {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    const page = await browser.newPage();
    page.on('websocket', (s) => s.on('framereceived', (f) => {
      messages++;
      bytes += f.payload.length;
    }));
    await page.goto(url);
    await page.waitForSelector('#conn.conn-open');
  } else {
    const { default: WebSocket } = await import('ws');
    ws = new WebSocket(`ws://127.0.0.1:${u.port}/ws?token=${u.searchParams.get('token')}`, { headers: { Origin: `http://127.0.0.1:${u.port}` } });
    ws.on('message', (d) => {
      messages++;
      bytes += d.length;
      if (String(d).startsWith('{"t":"state"')) lastProcs = JSON.parse(String(d)).procs.length;
    });
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  }
  await sleep(2000);
  const m0 = messages;
  const b0 = bytes;
  const withDash = await measure(child.pid);
  const rate = (messages - m0) / seconds;
  console.log(`  aosh CPU, dashboard + ${useBrowser ? 'chromium page' : 'one WebSocket client'}: ${withDash.toFixed(2)} % of one core (${rate.toFixed(1)} pushes/s, ${((bytes - b0) / seconds / 1024).toFixed(0)} KiB/s${lastProcs ? `, ${lastProcs} processes per state` : ''})`);
  const cost = withDash - without;
  console.log(`  dashboard updates cost:             ${cost.toFixed(2)} % of one core (goal < 5 %) ${cost < 5 ? 'OK' : 'OVER'}`);
} finally {
  ws?.close();
  await browser?.close();
  child.stdin.end();
  await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  rmSync(work, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
}
