#!/usr/bin/env node
// MCP per-call latency, each side next to its reference in one run:
//   server: the SDK client calling `aosh mcp serve` tools (ps, read_file, exec true) vs the same
//           client calling a bare SDK server's echo tool (test/fixtures/mcp-server.mjs): what
//           the kernel adds per call (exec: a whole sandboxed stage).
//   client: aosh's own client (mcp call, its server a sandboxed stage) calling the fixture's
//           echo, in one session, vs the SDK client calling it over plain stdio from node.
// Usage: node scripts/bench-mcp.mjs [CALLS]   (the MCP SDK and the fixture ship with the dev install)
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const aosh = join(root, 'bin', 'aosh');
const fixture = join(root, 'test', 'fixtures', 'mcp-server.mjs');
const calls = Number(process.argv[2] ?? 200);
const work = mkdtempSync(join(tmpdir(), 'aosh-bench-mcp-'));
const home = mkdtempSync(join(tmpdir(), 'aosh-bench-mcp-home-'));
writeFileSync(join(work, 'f.txt'), 'hello\n');
const env = { PATH: process.env.PATH, HOME: work, AOSH_HOME: home };

async function connect(command, args) {
  const c = new Client({ name: 'bench', version: '1' });
  await c.connect(new StdioClientTransport({ command, args, cwd: work, env, stderr: 'ignore' }));
  return c;
}

async function perCall(c, name, args, n) {
  const t = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const r = await c.callTool({ name, arguments: args });
    t.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.isError) throw new Error(`${name}: ${JSON.stringify(r.content)}`);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

try {
  const ref = await connect(process.execPath, [fixture]);
  const srv = await connect(process.execPath, [aosh, 'mcp', 'serve', '--mode', 'auto']);
  // Warm both (first calls load modules).
  await perCall(ref, 'echo', { text: 'x' }, 5);
  await perCall(srv, 'ps', {}, 5);
  const echo = await perCall(ref, 'echo', { text: 'x' }, calls);
  const ps = await perCall(srv, 'ps', {}, calls);
  const read = await perCall(srv, 'read_file', { path: 'f.txt' }, calls);
  const execN = Math.max(10, Math.floor(calls / 5));
  const exec = await perCall(srv, 'exec', { command: 'true' }, execN);
  await ref.close();
  await srv.close();
  console.log(`mcp serve, per call (median; SDK client over stdio)`);
  console.log(`  reference: bare SDK server, echo     ${echo.toFixed(2)} ms`);
  console.log(`  aosh ps                              ${ps.toFixed(2)} ms  (${(ps / echo).toFixed(2)}x)`);
  console.log(`  aosh read_file                       ${read.toFixed(2)} ms  (${(read / echo).toFixed(2)}x)`);
  console.log(`  aosh exec "true" (a sandboxed stage) ${exec.toFixed(2)} ms  (${execN} calls)`);

  // The client side: N calls in one aosh session vs the SDK client from node.
  mkdirSync(join(work, '.aosh'), { recursive: true });
  writeFileSync(join(work, '.aosh', 'mcp.json'), JSON.stringify({ mcpServers: { fx: { command: process.execPath, args: [fixture] } } }));
  const n = Math.max(20, Math.floor(calls / 2));
  // The same loop with a builtin that does nothing is measured too: the shell's own share.
  const script = [
    `mcp call fx echo '{"text":"warm"}' >/dev/null`,
    `t0=$EPOCHREALTIME; for i in $(seq ${n}); do mcp call fx echo '{"text":"x"}' >/dev/null; done; t1=$EPOCHREALTIME`,
    `for i in $(seq ${n}); do echo '{"text":"x"}' >/dev/null; done; t2=$EPOCHREALTIME`,
    'echo "$t0 $t1 $t2"',
  ].join('; ');
  const r = spawnSync(aosh, ['-c', script], { cwd: work, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`aosh: ${r.stderr}`);
  const [t0, t1, t2] = r.stdout.trim().split(' ').map(Number);
  const ours = ((t1 - t0) * 1000) / n;
  const loop = ((t2 - t1) * 1000) / n;
  const direct = await connect(process.execPath, [fixture]);
  await perCall(direct, 'echo', { text: 'x' }, 5);
  const theirs = await perCall(direct, 'echo', { text: 'x' }, n);
  await direct.close();
  console.log(`mcp client, per call (${n} calls in one session)`);
  console.log(`  reference: SDK client from node       ${theirs.toFixed(2)} ms`);
  console.log(`  aosh: the shell loop alone (echo)     ${loop.toFixed(2)} ms (mean)`);
  console.log(`  aosh: mcp call fx echo (a stage)      ${ours.toFixed(2)} ms (mean, loop included)  (${(ours / theirs).toFixed(2)}x)`);
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
}
