#!/usr/bin/env node
// Relay throughput: `head -c SIZE /dev/zero | cat | cat | wc -c` run two ways in one go:
//   aosh: the four processes spawned through the addon, a relay thread between each
//         pair (7 pipes' worth of plumbing: head->[relay]->cat->[relay]->cat->[relay]->wc)
//   bash: `bash -c` of the same pipeline (direct pipes)
// Runs are interleaved; the ratio is bash time / aosh time (>= 0.9 is the target).
//
//   node scripts/bench-relay.mjs [--size 1G] [--runs 5] [--only aosh|bash]   (--only: one run, for perf/strace)
//
// Loads native/build/Release/aosh_native.node directly (the raw addon is what is measured).
import { accessSync, constants, createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const a = createRequire(import.meta.url)(path.join(root, 'native', 'build', 'Release', 'aosh_native.node'));

const { values } = parseArgs({ options: { size: { type: 'string', default: '1G' }, runs: { type: 'string', default: '5' }, only: { type: 'string' } } });
const units = { K: 1 << 10, M: 1 << 20, G: 1 << 30 };
const m = /^(\d+)([KMG]?)$/.exec(values.size);
if (!m) throw new Error(`bad --size ${values.size}`);
const bytes = Number(m[1]) * (units[m[2]] ?? 1);
const runs = Number(values.runs);
const env = [`PATH=${process.env.PATH ?? '/usr/bin:/bin'}`, 'LC_ALL=C'];

function which(cmd) {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    try {
      accessSync(path.join(dir, cmd), constants.X_OK);
      return path.join(dir, cmd);
    } catch {
      // next directory
    }
  }
  throw new Error(`${cmd} not found on PATH`);
}

function spawn(argv, fds) {
  return new Promise((resolve, reject) => {
    try {
      a.spawn({ file: which(argv[0]), argv, env, cwd: root, fds }, resolve);
    } catch (e) {
      reject(e);
    }
  });
}

/** Reads the (tiny) `wc -c` output to EOF. */
function readFd(fd) {
  return new Promise((resolve, reject) => {
    let out = '';
    createReadStream('', { fd })
      .on('data', (c) => (out += c))
      .on('end', () => resolve(out))
      .on('error', reject);
  });
}

async function runAosh() {
  const stages = [['head', '-c', String(bytes), '/dev/zero'], ['cat'], ['cat'], ['wc', '-c']];
  const [outR, outW] = a.pipe();
  const start = process.hrtime.bigint();
  const waits = [];
  let stdin = -1; // read end feeding the next stage
  for (let i = 0; i < stages.length; i++) {
    const last = i === stages.length - 1;
    let stageOut = outW;
    let relayIn = -1;
    if (!last) [relayIn, stageOut] = a.pipe();
    waits.push(spawn(stages[i], [stdin, stageOut, 2]));
    if (stdin >= 0) a.close(stdin);
    a.close(stageOut);
    if (!last) {
      const [nextR, relayOut] = a.pipe();
      waits.push(new Promise((resolve) => a.relay(relayIn, relayOut, (n, err) => resolve({ n, err }))));
      stdin = nextR;
    }
  }
  const [out, ...results] = await Promise.all([readFd(outR), ...waits]);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  check(out, results);
  return seconds;
}

async function runBash() {
  const [outR, outW] = a.pipe();
  const start = process.hrtime.bigint();
  const exit = spawn(['bash', '-c', `head -c ${bytes} /dev/zero | cat | cat | wc -c`], [-1, outW, 2]);
  a.close(outW);
  const [out, status] = await Promise.all([readFd(outR), exit]);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  check(out, [status]);
  return seconds;
}

function check(out, results) {
  if (Number(out.trim()) !== bytes) throw new Error(`wc -c said ${out.trim()}, expected ${bytes}`);
  for (const r of results) {
    if ('code' in r && r.code !== 0) throw new Error(`stage failed: ${JSON.stringify(r)}`);
    if ('err' in r && r.err !== null) throw new Error(`relay failed: ${r.err}`);
  }
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const gbps = (s) => (bytes / s / 1e9).toFixed(2);

if (values.only) {
  const t = values.only === 'bash' ? await runBash() : await runAosh();
  console.log(`${values.only}: ${t.toFixed(3)}s`);
  process.exit(0);
}

await runAosh(); // warm-up: page cache, binaries
await runBash();
const aosh = [];
const bash = [];
for (let i = 0; i < runs; i++) {
  aosh.push(await runAosh());
  bash.push(await runBash());
  console.log(`run ${i + 1}: aosh ${aosh.at(-1).toFixed(3)}s  bash ${bash.at(-1).toFixed(3)}s`);
}
const ratio = median(bash) / median(aosh);
console.log(
  `head -c ${values.size} /dev/zero | cat | cat | wc -c  (${runs} runs, median)\n` +
    `  aosh (3 relays): ${median(aosh).toFixed(3)}s  ${gbps(median(aosh))} GB/s\n` +
    `  bash (direct)  : ${median(bash).toFixed(3)}s  ${gbps(median(bash))} GB/s\n` +
    `  ratio bash/aosh: ${ratio.toFixed(2)}x ${ratio >= 0.9 ? '(>= 0.9 target met)' : '(BELOW the 0.9 target)'}`,
);
