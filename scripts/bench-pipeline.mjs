#!/usr/bin/env node
// Pipeline throughput: aosh vs bash on the same line, in one run, interleaved.
// Goal (issue #2): aosh >= 0.9x bash. Usage: node scripts/bench-pipeline.mjs [SIZE] [RUNS]
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { timeRuns, fmt } from './bench-lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const aosh = join(root, 'bin', 'aosh');
const size = process.argv[2] ?? '1G';
const runs = Number(process.argv[3] ?? 5);
const line = `head -c ${size} /dev/zero | cat | cat | wc -c`;
const bytes = Number(size.replace(/[GMK]$/, '')) * { G: 2 ** 30, M: 2 ** 20, K: 2 ** 10 }[size.slice(-1)] || Number(size);

const bash = [];
const ours = [];
for (let i = 0; i < runs; i++) {
  bash.push(timeRuns('bash', ['-c', line], 1).median);
  ours.push(timeRuns(aosh, ['-c', line], 1).median);
}
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const gbps = (ms) => ((bytes / 2 ** 30) / (ms / 1000)).toFixed(2);
const b = med(bash);
const o = med(ours);
console.log(`pipeline: ${line}   (${runs} runs each, interleaved, median)`);
console.log(`  bash  ${fmt(b)}  ${gbps(b)} GiB/s`);
console.log(`  aosh  ${fmt(o)}  ${gbps(o)} GiB/s`);
console.log(`  throughput ratio aosh/bash: ${(b / o).toFixed(2)}x (goal >= 0.90x)`);
