#!/usr/bin/env node
// Start-up cost: `aosh -c true` vs `node -e 0`, in one run, interleaved.
// Goal (issue #2): aosh <= 1.5x node. Usage: node scripts/bench-start.mjs [RUNS]
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { timeRuns, fmt } from './bench-lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const aosh = join(root, 'bin', 'aosh');
const runs = Number(process.argv[2] ?? 30);
const node = [];
const ours = [];
for (let i = 0; i < runs; i++) {
  node.push(timeRuns(process.execPath, ['-e', '0'], 1).median);
  ours.push(timeRuns(aosh, ['-c', 'true'], 1).median);
}
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const n = med(node);
const o = med(ours);
console.log(`start-up (${runs} runs each, interleaved, median)`);
console.log(`  node -e 0       ${fmt(n)}`);
console.log(`  aosh -c true    ${fmt(o)}`);
console.log(`  ratio aosh/node: ${(o / n).toFixed(2)}x (goal <= 1.50x)`);
