#!/usr/bin/env node
// Interpreter speed: interpreter-bound scripts under aosh and bash in one run, interleaved,
// each timed as a whole process (start-up included), with the ratio per script; and the same
// with each shell's own start-up (`-c true`, measured in the same run) taken off, which is the
// interpreter's share. Goal (issue 14): aosh <= 1.0x bash on every one.
//
//   node scripts/bench-interp.mjs [RUNS] [FILTER]
//
// Both shells get the same script with `-c`, stdout to a file (checked to be identical),
// stderr inherited. aosh runs with --no-sandbox so the one `seq` stage does not pay for
// namespace set-up (that cost is bench-stage's subject, not the interpreter's).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const aosh = join(root, 'bin', 'aosh');
const runs = Number(process.argv[2] ?? 5);
const filter = process.argv[3] ?? '';

const SCRIPTS = [
  ['loop: n=$((n+i)) over $(seq 100000)', 'n=0; for i in $(seq 100000); do n=$((n+i)); done; echo $n'],
  ['arith for: for ((...)); do :; done x100000', 'for ((i=0; i<100000; i++)); do :; done; echo $i'],
  ['string building: s+=... x40000', 's=; for ((i=0; i<40000; i++)); do s+="x$i"; done; echo ${#s}'],
  ['case dispatch x60000', 'a=0 b=0 c=0; for ((i=0;i<60000;i++)); do case $((i%4)) in 0) a=$((a+1));; 1|2) b=$((b+1));; *) c=$((c+1));; esac; done; echo $a $b $c'],
  ['function calls x40000', 'f() { local x=$1; r=$((x*2)); }; for ((i=0;i<40000;i++)); do f $i; done; echo $r'],
  ['array operations x30000', 'a=(); for ((i=0;i<30000;i++)); do a+=($i); done; s=0; for ((i=0;i<${#a[@]};i++)); do s=$((s+a[i])); done; for v in "${a[@]}"; do ((s+=v)); done; echo ${#a[@]} $s'],
  ['${x//a/b} over 10k chars x20', 'x=$(printf "ab%.0s" {1..5000}); for i in {1..20}; do y=${x//a/b}; done; echo ${#y} ${y:0:4}'],
  ['x=$(echo $i) x300', 'for i in $(seq 300); do x=$(echo $i); done; echo $x'],
  ['read loop over 5000 lines', 'seq 5000 > in.txt; n=0; while read -r l; do n=$((n+l)); done < in.txt; echo $n'],
  ['read loop from a pipe, 5000 lines', 'seq 5000 | { n=0; while read -r l; do n=$((n+l)); done; echo $n; }'],
];

function time(cmd, args, cwd, outFile) {
  const fd = openSync(outFile, 'w');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', fd, 'pipe'] });
  const t1 = process.hrtime.bigint();
  closeSync(fd);
  // The one line --no-sandbox always prints is expected; anything else is shown.
  const err = String(r.stderr).split('\n').filter((l) => l && !l.includes('--no-sandbox: stages run without')).join('\n');
  if (err) process.stderr.write(err + '\n');
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status ?? r.signal}`);
  return { ms: Number(t1 - t0) / 1e6, out: readFileSync(outFile, 'utf8') };
}

const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const dir = mkdtempSync(join(tmpdir(), 'aosh-bench-'));
console.log(`interpreter benchmark: median of ${runs} runs each, interleaved, whole process`);
let worst = 0;
let worstNet = 0;
try {
  const sb = [];
  const so = [];
  for (let i = 0; i < Math.max(runs, 5); i++) {
    sb.push(time('bash', ['-c', 'true'], dir, join(dir, 'out.bash')).ms);
    so.push(time(aosh, ['--no-sandbox', '-c', 'true'], dir, join(dir, 'out.aosh')).ms);
  }
  const upB = med(sb);
  const upO = med(so);
  console.log(`  start-up (-c true)                     bash ${upB.toFixed(0).padStart(5)} ms   aosh ${upO.toFixed(0).padStart(5)} ms`);
  for (const [name, script] of SCRIPTS) {
    if (filter && !name.includes(filter)) continue;
    const b = [];
    const o = [];
    let outB = '';
    let outO = '';
    for (let i = 0; i < runs; i++) {
      const rb = time('bash', ['-c', script], dir, join(dir, 'out.bash'));
      const ro = time(aosh, ['--no-sandbox', '-c', script], dir, join(dir, 'out.aosh'));
      b.push(rb.ms);
      o.push(ro.ms);
      outB = rb.out;
      outO = ro.out;
    }
    const ratio = med(o) / med(b);
    const net = Math.max(0, med(o) - upO) / Math.max(0.1, med(b) - upB);
    worst = Math.max(worst, ratio);
    worstNet = Math.max(worstNet, net);
    const same = outB === outO ? '' : `  OUTPUT DIFFERS: bash ${JSON.stringify(outB)} aosh ${JSON.stringify(outO)}`;
    console.log(`  ${name.padEnd(38)} bash ${med(b).toFixed(0).padStart(5)} ms   aosh ${med(o).toFixed(0).padStart(5)} ms   ratio ${ratio.toFixed(2)}x   without start-up ${net.toFixed(2)}x${same}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`  worst ratio aosh/bash: ${worst.toFixed(2)}x whole process, ${worstNet.toFixed(2)}x without start-up (goal <= 1.00x)`);
