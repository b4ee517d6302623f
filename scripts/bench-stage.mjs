#!/usr/bin/env node
// Cost of one sandboxed stage: aosh vs bubblewrap vs a bare fork+exec, side by side in
// one run (issues 3 and 10). Goals: <= 1.0 ms per stage and <= 0.3x bwrap. Not a timed
// test: it prints numbers.
//
//   node scripts/bench-stage.mjs [STAGES] [ROUNDS]       (default 40 stages, 5 rounds)
//
// aosh: one `aosh -c` running STAGES sandboxed `/bin/true` stages, minus the same aosh
// with no stage (start-up), divided by STAGES. bwrap: a bash loop of STAGES
// `bwrap --unshare-all ...` runs of /bin/true with a comparable view (read-only root,
// writable working directory, private /tmp, fresh /proc and /dev, new session,
// die-with-parent), minus the empty bash loop, divided by STAGES. Rounds interleave the
// two; medians are reported. bubblewrap is installed with apt-get when missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { fmt } from './bench-lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const aosh = join(root, 'bin', 'aosh');
const stages = Number(process.argv[2] ?? 40);
const rounds = Number(process.argv[3] ?? 5);

function findBwrap() {
  for (const p of ['/usr/bin/bwrap', '/bin/bwrap']) if (existsSync(p)) return p;
  console.log('bench-stage: bwrap missing; installing bubblewrap with apt-get');
  const r = spawnSync('sh', ['-c', 'apt-get install -y bubblewrap || (apt-get update && apt-get install -y bubblewrap)'], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync('/usr/bin/bwrap')) {
    console.error('bench-stage: could not install bubblewrap (needs root and network)');
    process.exit(1);
  }
  return '/usr/bin/bwrap';
}

function time(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: root });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ').slice(0, 80)} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return { ms, stderr: String(r.stderr) };
}

const bwrap = findBwrap();
const loop = (body) => `for i in $(seq ${stages}); do ${body}; done`;
const bwrapLine = `${bwrap} --unshare-all --die-with-parent --new-session --ro-bind / / --bind "$PWD" "$PWD" --tmpfs /tmp --proc /proc --dev /dev --hostname aosh /bin/true`;
// Same shape for aosh: the loop is aosh's own; every /bin/true is a sandboxed stage.
const aoshLoop = `for i in ${Array.from({ length: stages }, (_, i) => i).join(' ')}; do /bin/true; done`;
const aoshArgs = [];

const ours = [];
const theirs = [];
const bare = [];
let isolation = '?';
let warning = '';
for (let r = 0; r < rounds; r++) {
  const empty = time(process.execPath, [aosh, ...aoshArgs, '-c', 'true']).ms;
  const full = time(process.execPath, [aosh, ...aoshArgs, '-c', aoshLoop]);
  warning ||= full.stderr.trim();
  ours.push((full.ms - empty) / stages);
  const bashEmpty = time('bash', ['-c', loop(':')]).ms;
  const bw = time('bash', ['-c', loop(bwrapLine)]).ms;
  theirs.push((bw - bashEmpty) / stages);
  bare.push((time('bash', ['-c', loop('/bin/true')]).ms - bashEmpty) / stages);
}
const probe = spawnSync(process.execPath, [aosh, '-c', 'spawn --name probe sleep 1 >/dev/null; ps --json; kill probe'], { cwd: root, encoding: 'utf8' });
try {
  isolation = JSON.parse(probe.stdout)[0].isolation;
} catch {
  // keep '?'
}
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const o = med(ours);
const b = med(theirs);
const f = med(bare);
console.log(`stage cost: ${stages} x /bin/true, ${rounds} rounds interleaved, median per stage (uid ${process.getuid()}, aosh isolation ${isolation})`);
if (warning) console.log(`  aosh said: ${warning}`);
console.log(`  bash fork+exec       ${fmt(f)}   (no sandbox: the floor)`);
console.log(`  bwrap --unshare-all  ${fmt(b)}`);
console.log(`  aosh sandboxed stage ${fmt(o)}   (goal <= 1.0 ms)`);
console.log(`  ratio aosh/bwrap: ${(o / b).toFixed(2)}x (goal <= 0.30x); aosh/bare: ${(o / f).toFixed(2)}x`);
