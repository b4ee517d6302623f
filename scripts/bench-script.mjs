#!/usr/bin/env node
// Fork-heavy scripts under aosh (every external command a sandboxed stage) and bash, in one
// run, interleaved (issue 10). Goal: <= 1.5x bash with the sandbox on. Not a timed test.
//
//   node scripts/bench-script.mjs [ROUNDS]       (default 5 rounds; medians)
//
// The scripts: 300 x /bin/true, and 300 x `x=$(echo $i | tr 0-9 a-j)` (a command
// substitution with a two-stage pipeline: echo is a builtin, tr a sandboxed stage). aosh
// runs them with the default permissions (its world is built once, on the first stage, and
// that is counted); `--no-sandbox` is shown for comparison.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { fmt } from './bench-lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const aosh = join(root, 'bin', 'aosh');
const rounds = Number(process.argv[2] ?? 5);
const cwd = mkdtempSync(join(tmpdir(), 'aosh-bench-script-'));

const scripts = {
  'true x300': 'for i in $(seq 300); do /bin/true; done',
  'x=$(echo $i | tr 0-9 a-j) x300': 'for i in $(seq 300); do x=$(echo $i | tr 0-9 a-j); done; echo $x',
};

function time(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ').slice(0, 60)}: ${r.error ? r.error.message : `exit ${r.status ?? r.signal}: ${r.stderr}`}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`fork-heavy scripts, ${rounds} rounds interleaved, medians (uid ${process.getuid()}, load ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
for (const [name, body] of Object.entries(scripts)) {
  const t = { bash: [], aosh: [], nosb: [] };
  for (let r = 0; r < rounds; r++) {
    t.bash.push(time('bash', ['-c', body]));
    t.aosh.push(time(process.execPath, [aosh, '-c', body]));
    t.nosb.push(time(process.execPath, [aosh, '--no-sandbox', '-c', body]));
  }
  const [b, a, n] = [med(t.bash), med(t.aosh), med(t.nosb)];
  console.log(`  ${name}`);
  console.log(`    bash               ${fmt(b)}`);
  console.log(`    aosh (sandboxed)   ${fmt(a)}   ${(a / b).toFixed(2)}x bash (goal <= 1.50x)`);
  console.log(`    aosh --no-sandbox  ${fmt(n)}   ${(n / b).toFixed(2)}x bash`);
}
rmSync(cwd, { recursive: true, force: true });
