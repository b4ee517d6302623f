#!/usr/bin/env node
// Time from start to the first interactive prompt of `aosh` in a real terminal (tmux),
// side by side with bare `node -e 0`, in one run. The prompt time comes from the REPL's
// own marks (AOSH_REPL_TIMING: ms since process start): "prompt" when the first prompt
// is drawn and accepts keys, "ink" when the ink UI has taken over. Wall time to the prompt
// seen in capture-pane (polled) is reported too.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const runs = Number(process.argv[2] ?? 10);
const socket = `aosh-bench-${process.pid}`;
const tmux = (...a) => execFileSync('tmux', ['-L', socket, ...a], { encoding: 'utf8' });
if (spawnSync('tmux', ['-V']).status !== 0) {
  console.error('bench-repl: tmux not found');
  process.exit(1);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function nodeBare() {
  const t = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return performance.now() - t;
}

async function aoshOnce(i) {
  const home = mkdtempSync(join(tmpdir(), 'aosh-bench-'));
  const timing = join(home, 'timing');
  const t = performance.now();
  tmux('new-session', '-d', '-s', `b${i}`, '-x', '100', '-y', '30', `cd ${root} && env -u CI AOSH_HOME=${home} AOSH_REPL_TIMING=${timing} ./bin/aosh`);
  let seen = null;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const s = tmux('capture-pane', '-p', '-t', `b${i}`);
    if (seen === null && /\$\s*$/m.test(s)) seen = performance.now() - t;
    let marks = '';
    try {
      marks = readFileSync(timing, 'utf8');
    } catch {}
    if (seen !== null && marks.includes('ink ')) {
      const get = (k) => Number(new RegExp(`^${k} ([\\d.]+)`, 'm').exec(marks)?.[1]);
      tmux('kill-session', '-t', `b${i}`);
      rmSync(home, { recursive: true, force: true });
      return { prompt: get('prompt'), ink: get('ink'), seen };
    }
    await sleep(5);
  }
  tmux('kill-session', '-t', `b${i}`);
  throw new Error('no prompt within 20 s');
}

tmux('new-session', '-d', '-s', 'keep', 'sleep 600');
const bare = [];
const res = [];
for (let i = 0; i < runs; i++) {
  bare.push(nodeBare());
  res.push(await aoshOnce(i));
}
tmux('kill-server');
const b = median(bare);
const p = median(res.map((r) => r.prompt));
const k = median(res.map((r) => r.ink));
const s = median(res.map((r) => r.seen));
const f = (x) => `${x.toFixed(0)} ms`;
console.log(`runs: ${runs} (medians)`);
console.log(`node -e 0 (wall)                   ${f(b)}`);
console.log(`aosh first prompt (since start)    ${f(p)}   ${(p / b).toFixed(2)}x node   goal <= 300 ms and <= 4x`);
console.log(`aosh prompt seen in tmux (wall)    ${f(s)}   (includes tmux start and polling)`);
console.log(`aosh ink UI took over              ${f(k)}`);
