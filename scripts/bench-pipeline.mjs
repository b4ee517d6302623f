#!/usr/bin/env node
// Pipeline throughput: aosh vs bash on the same line, in one run, interleaved.
// Goal (issues 2 and 10): throughput >= 1.0x bash, each shell's own start-up (`-c true`,
// measured in the same rounds) taken out: aosh's ~70 ms of node start would otherwise be
// counted as transfer time. The whole-command ratio is printed too.
// Usage: node scripts/bench-pipeline.mjs [SIZE] [RUNS]
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
const bashStart = [];
const oursStart = [];
for (let i = 0; i < runs; i++) {
  bashStart.push(timeRuns('bash', ['-c', 'true'], 1).median);
  bash.push(timeRuns('bash', ['-c', line], 1).median);
  oursStart.push(timeRuns(aosh, ['-c', 'true'], 1).median);
  ours.push(timeRuns(aosh, ['-c', line], 1).median);
}
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const gbps = (ms) => ((bytes / 2 ** 30) / (ms / 1000)).toFixed(2);
const b = med(bash);
const o = med(ours);
console.log(`pipeline: ${line}   (${runs} runs each, interleaved, median)`);
const bs = med(bashStart);
const os = med(oursStart);
console.log(`  bash  ${fmt(b)}  (start-up ${fmt(bs)})  ${gbps(b - bs)} GiB/s`);
console.log(`  aosh  ${fmt(o)}  (start-up ${fmt(os)})  ${gbps(o - os)} GiB/s`);
console.log(`  throughput ratio aosh/bash: ${((b - bs) / (o - os)).toFixed(2)}x (goal >= 1.0x); whole command ${(b / o).toFixed(2)}x`);
