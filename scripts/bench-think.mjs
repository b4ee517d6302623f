#!/usr/bin/env node
// bench-think: (1) kernel overhead per think call against a local OpenAI-speaking server,
// side by side with a direct `openai` SDK call in the same run (goal: <= 1 ms p50);
// (2) fairness of the scheduler: Jain's index of service received by 10 backlogged agents
// with equal and with skewed demand (goal >= 0.99), next to FIFO in the same run.
// Not a timed test: it prints figures. Usage: node scripts/bench-think.mjs [--calls N]
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const calls = Number(process.argv[process.argv.indexOf('--calls') + 1]) || 400;

// Bundle the TypeScript sources we need (the SDKs stay external, resolved from the
// repo's node_modules, hence an output directory inside it).
mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
const out = mkdtempSync(join(root, 'node_modules/.cache/bench-think-'));
await build({
  entryPoints: { llm: join(root, 'src/kernel/llm/index.ts'), fake: join(root, 'test/fixtures/fake-openai-server.ts'), sched: join(root, 'src/kernel/llm/scheduler.ts') },
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  logLevel: 'error',
  absWorkingDir: root,
});
const llmMod = await import(pathToFileURL(join(out, 'llm.mjs')).href);
const { startFakeOpenAI } = await import(pathToFileURL(join(out, 'fake.mjs')).href);
const { Scheduler } = await import(pathToFileURL(join(out, 'sched.mjs')).href);
const { default: OpenAI } = await import('openai');

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => x.toFixed(3);

// ---- 1. overhead ----
const server = await startFakeOpenAI(() => ({ text: 'pong pong pong', usage: { input: 8, output: 3 } }));
const home = mkdtempSync(join(tmpdir(), 'bench-think-home-'));
const env = { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: `${server.url}/v1` };
const svc = llmMod.createLlmService({ home, cwd: home, env });
const svcBudget = llmMod.createLlmService({ home, cwd: home, env, budgets: [{ scope: 'session', tokens: 1e12, usd: 1e6 }, { scope: 'agent', tokens: 1e12, window: 'minute' }] });
const direct = new OpenAI({ apiKey: 'sk-bench', baseURL: `${server.url}/v1`, maxRetries: 0 });
const messages = [{ role: 'user', content: 'ping' }];

const variants = {
  direct: () => direct.chat.completions.create({ model: 'gpt-4.1-mini', messages, max_completion_tokens: 8192 }),
  kernel: () => svc.think({ model: 'gpt-4.1-mini', messages }),
  'kernel+budgets': () => svcBudget.think({ model: 'gpt-4.1-mini', messages }),
  'direct stream': async () => {
    const s = await direct.chat.completions.create({ model: 'gpt-4.1-mini', messages, stream: true, stream_options: { include_usage: true } });
    for await (const chunk of s) void chunk;
  },
  'kernel stream': () => svc.think({ model: 'gpt-4.1-mini', messages, onText: () => {} }),
};
const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let i = 0; i < 50; i++) for (const f of Object.values(variants)) await f(); // warm up
for (let i = 0; i < calls; i++) {
  // Interleave the variants so drift (GC, JIT, the server) hits them alike.
  for (const [k, f] of Object.entries(variants)) {
    const t0 = performance.now();
    await f();
    times[k].push(performance.now() - t0);
  }
}
await server.close();
console.log(`think overhead: ${calls} calls each, local OpenAI-speaking server, same process`);
console.log(`  ${'variant'.padEnd(16)} ${'p50 ms'.padStart(8)} ${'p90 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
for (const [k, xs] of Object.entries(times)) console.log(`  ${k.padEnd(16)} ${ms(pct(xs, 50)).padStart(8)} ${ms(pct(xs, 90)).padStart(8)} ${ms(pct(xs, 99)).padStart(8)}`);
const over = (a, b) => pct(times[a], 50) - pct(times[b], 50);
console.log(`  overhead p50: unary ${ms(over('kernel', 'direct'))} ms, with budgets ${ms(over('kernel+budgets', 'direct'))} ms, streaming ${ms(over('kernel stream', 'direct stream'))} ms (goal <= 1 ms)`);

// ---- 2. fairness ----
const jain = (xs) => {
  const s = xs.reduce((a, b) => a + b, 0);
  const q = xs.reduce((a, b) => a + b * b, 0);
  return (s * s) / (xs.length * q);
};

/**
 * Agents keep `outstanding` requests queued for `durationMs`; each request's service time
 * is proportional to its tokens. Service = weighted tokens (input + 2 x output) completed
 * while every agent is backlogged. fifo: one shared queue (what a plain pool would do).
 */
async function fairness(agents, { fifo, durationMs = 1500, concurrency = 4 }) {
  const s = new Scheduler({ concurrency });
  const served = new Map(agents.map((a) => [a.name, 0]));
  let stop = false;
  const t0 = performance.now();
  const loop = async (a) => {
    while (!stop) {
      const usage = { input: a.input, output: a.output };
      await s.submit(
        { client: fifo ? 'all' : a.name, input: a.input, maxOutput: a.output, limitKey: 'p' },
        () => new Promise((r) => setTimeout(() => r(usage), (a.input + 2 * a.output) / 100)),
        (u) => u,
      );
      if (performance.now() - t0 < durationMs) served.set(a.name, served.get(a.name) + a.input + 2 * a.output);
    }
  };
  const workers = agents.flatMap((a) => Array.from({ length: a.outstanding }, () => loop(a)));
  await new Promise((r) => setTimeout(r, durationMs));
  stop = true;
  await Promise.all(workers);
  return [...served.values()];
}

const equal = Array.from({ length: 10 }, (_, i) => ({ name: `a${i}`, input: 100, output: 100, outstanding: 4 }));
const skewed = Array.from({ length: 10 }, (_, i) =>
  i < 2 ? { name: `heavy${i}`, input: 400, output: 800, outstanding: 16 } : { name: `light${i}`, input: 50, output: 50, outstanding: 2 },
);
console.log('fairness: 10 backlogged agents, concurrency 4, service = input + 2 x output tokens');
for (const [label, agents] of [['equal demand', equal], ['skewed demand', skewed]]) {
  const vtc = await fairness(agents, { fifo: false });
  const fifo = await fairness(agents, { fifo: true });
  console.log(`  ${label.padEnd(14)} Jain VTC ${jain(vtc).toFixed(4)}  FIFO ${jain(fifo).toFixed(4)}  (goal >= 0.99; VTC min/max share ${(Math.min(...vtc) / Math.max(...vtc)).toFixed(3)})`);
}
rmSync(out, { recursive: true, force: true });
rmSync(home, { recursive: true, force: true });
