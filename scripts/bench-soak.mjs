#!/usr/bin/env node
// Soak benchmark (issue 12; not a test: it prints numbers). One aosh session runs PIPELINES
// pipelines (`echo x | cat > /dev/null`, sandboxed stages unless --no-sandbox) and then a
// stage of its own (scripts/soak-client.mjs) sends REQUESTS requests over the session's
// $AOSH_SOCKET. aosh's RSS and open fds are sampled at the start of each phase (after a
// warm-up of a quarter of it: V8 sizes its heap up over the first thousand pipelines), in
// its middle and at its end. Goal: flat — at most +10% from the first sample after warm-up
// to the end.
//
// The reference, measured in the same run: the same pipelines in bash (time ratio), and the
// same requests against a plain Node echo server speaking the same framing (throughput
// ratio; it keeps no state, so it is the floor).
//
//   node scripts/bench-soak.mjs [--pipelines N] [--requests N] [--no-sandbox] [--quick]
//   (--quick: 1,000 pipelines and 100,000 requests)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const aosh = join(root, 'bin', 'aosh');
const client = join(root, 'scripts', 'soak-client.mjs');
const args = process.argv.slice(2);
const flag = (name, d) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const quick = args.includes('--quick');
const PIPELINES = flag('--pipelines', quick ? 1_000 : 10_000);
const REQUESTS = flag('--requests', quick ? 100_000 : 1_000_000);
const noSandbox = args.includes('--no-sandbox');
const work = mkdtempSync(join(tmpdir(), 'aosh-soak-'));
const MiB = 1 << 20;

function sample(pid) {
  try {
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
    return { rss, fds: readdirSync(`/proc/${pid}/fd`).length, at: Date.now() };
  } catch {
    return null;
  }
}

const readNum = (f) => {
  try {
    return Number(readFileSync(f, 'utf8')) || 0;
  } catch {
    return 0;
  }
};

// ---- aosh -----------------------------------------------------------------------------
const step = Math.max(1, Math.floor(PIPELINES / 20));
const pipesFile = join(work, 'pipes');
const reqsFile = join(work, 'reqs');
const resultFile = join(work, 'result.json');
const script = [
  `for i in $(seq ${PIPELINES}); do echo x | cat > /dev/null; if (( i % ${step} == 0 )); then echo $i > ${pipesFile}; fi; done`,
  `${JSON.stringify(process.execPath)} ${JSON.stringify(client)} ${REQUESTS} ${reqsFile} ${Math.max(1, Math.floor(REQUESTS / 20))} > ${resultFile}`,
  // A moment for the last sample before the session ends.
  'sleep 1',
].join('\n');
const t0 = Date.now();
const child = spawn(process.execPath, [aosh, ...(noSandbox ? ['--no-sandbox'] : []), '-c', script], {
  cwd: work,
  env: { ...process.env, AOSH_HOME: join(work, 'home') },
  stdio: ['ignore', 'inherit', 'pipe'],
});
let stderr = '';
child.stderr.on('data', (d) => (stderr += d));
const exited = new Promise((r) => child.on('close', (code) => r(code)));

const marks = { pipelines: {}, requests: {} };
let pipesEnd = null;
let exitCode = null;
void exited.then((c) => (exitCode = c));
for (;;) {
  const s = sample(child.pid);
  const p = readNum(pipesFile);
  const q = readNum(reqsFile);
  const mark = (phase, name, cond) => {
    if (cond && !marks[phase][name] && s) marks[phase][name] = { ...s, done: phase === 'pipelines' ? p : q };
  };
  mark('pipelines', 'start', p >= PIPELINES * 0.25);
  mark('pipelines', 'middle', p >= PIPELINES * 0.6);
  mark('pipelines', 'end', p >= PIPELINES);
  if (p >= PIPELINES && !pipesEnd) pipesEnd = Date.now();
  mark('requests', 'start', q >= REQUESTS * 0.25);
  mark('requests', 'middle', q >= REQUESTS * 0.6);
  mark('requests', 'end', q >= REQUESTS);
  if (exitCode !== null || marks.requests.end) break;
  await new Promise((r) => setTimeout(r, 25));
}
await exited;
const total = Date.now() - t0;
const result = existsSync(resultFile) ? JSON.parse(readFileSync(resultFile, 'utf8') || '{}') : {};
if (exitCode !== 0 || !result.requests) {
  console.error(`bench-soak: aosh exited ${exitCode}; stderr:\n${stderr}`);
  process.exit(1);
}

// ---- references -------------------------------------------------------------------------
const bashT0 = Date.now();
spawnSync('bash', ['-c', `for i in $(seq ${PIPELINES}); do echo x | cat > /dev/null; done`], { stdio: 'inherit' });
const bashMs = Date.now() - bashT0;

const refSock = join(work, 'ref.sock');
const ref = createServer((s) => {
  let buf = Buffer.alloc(0);
  s.on('data', (c) => {
    buf = buf.length ? Buffer.concat([buf, c]) : c;
    const out = [];
    while (buf.length >= 17) {
      const n = buf.readUInt32LE(9);
      if (buf.length < 17 + n) break;
      const f = Buffer.from(buf.subarray(0, 17 + n));
      f.writeUInt32LE(1, 4);
      out.push(f);
      buf = buf.subarray(17 + n);
    }
    if (out.length) s.write(Buffer.concat(out));
  });
  s.on('error', () => undefined);
});
await new Promise((r) => ref.listen(refSock, r));
const refRun = spawn(process.execPath, [client, String(REQUESTS), ''], { env: { ...process.env, AOSH_SOCKET: refSock }, stdio: ['ignore', 'pipe', 'inherit'] });
let refOut = '';
refRun.stdout.on('data', (d) => (refOut += d));
await new Promise((r) => refRun.on('close', r));
ref.close();
const refResult = JSON.parse(refOut.trim() || '{}');
rmSync(work, { recursive: true, force: true });

// ---- report -----------------------------------------------------------------------------
const fmtS = (m) => (m ? `RSS ${(m.rss / MiB).toFixed(1)} MiB, ${m.fds} fds (at ${m.done})` : 'not sampled');
const growth = (a, b, k) => (a && b ? `${(((b[k] - a[k]) / a[k]) * 100).toFixed(1)}%` : '?');
console.log(`soak: ${PIPELINES} pipelines (${noSandbox ? 'no sandbox' : 'sandboxed stages'}) then ${REQUESTS} socket requests, one aosh session (${total} ms)`);
for (const phase of ['pipelines', 'requests']) {
  const m = marks[phase];
  console.log(`  ${phase}: start ${fmtS(m.start)}; middle ${fmtS(m.middle)}; end ${fmtS(m.end)}`);
  console.log(`    growth after warm-up: RSS ${growth(m.start, m.end, 'rss')}, fds ${growth(m.start, m.end, 'fds')} (goal <= +10%)`);
}
const first = marks.pipelines.start;
const last = marks.requests.end;
console.log(
  `  whole session after warm-up: RSS ${growth(first, last, 'rss')}, fds ${last && first ? last.fds - first.fds : '?'} more ` +
    '(the syscall server starts with the first socket connection: the step between the phases is it, loaded and warm)',
);
const pipesMs = pipesEnd && first ? pipesEnd - t0 : null;
console.log(`  pipelines: aosh ${pipesMs ?? '?'} ms vs bash ${bashMs} ms (ratio ${pipesMs ? (pipesMs / bashMs).toFixed(2) : '?'}x; aosh's includes start-up)`);
console.log(
  `  requests: aosh ${result.ms} ms (${Math.round((result.requests / result.ms) * 1000)} req/s, ${result.errors} errors) vs plain node echo ${refResult.ms} ms (ratio ${(result.ms / refResult.ms).toFixed(2)}x)`,
);
