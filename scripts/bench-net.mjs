#!/usr/bin/env node
// The cost of --allow-net=HOST,… (issue 15): a sandboxed curl reaching a local server
// through the world's filtering proxy, against a direct curl on the host to the same server,
// side by side in one run. Not a timed test: it prints numbers.
//
//   node scripts/bench-net.mjs [MIB] [ROUNDS] [REQUESTS]     (default 256 MiB, 5 rounds, 100 requests)
//
// Throughput: MIB MiB in one GET (curl's %{speed_download}), direct vs through the proxy as
// plain HTTP (absolute-URI forwarding) and as a CONNECT tunnel (curl -p). Goal >= 0.8x.
// Set-up: REQUESTS small GETs, each on a new connection (Connection: close), curl's
// %{time_starttransfer} (connect + request + first byte); the proxy's added cost is the
// difference of the medians (it resolves the name, checks it, connects upstream). Goal <= 1 ms.
// Rounds interleave direct and proxied runs; medians are reported. The server is a Node
// process of its own; the name bench.test comes from AOSH_NET_HOSTS (127.0.0.1).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const aosh = join(root, 'bin', 'aosh');
const mib = Number(process.argv[2] ?? 256);
const rounds = Number(process.argv[3] ?? 5);
const requests = Number(process.argv[4] ?? 100);

if (spawnSync('curl', ['--version']).status !== 0) {
  console.error('bench-net: curl is missing (apt-get install curl)');
  process.exit(1);
}

const SERVER = `
const http = require('node:http');
const chunk = Buffer.alloc(1 << 20, 97);
const mib = ${mib};
const s = http.createServer((req, res) => {
  if (req.url !== '/big') return res.end('ok\\n');
  res.writeHead(200, { 'content-length': String(mib * (1 << 20)) });
  let i = 0;
  const pump = () => { while (i < mib) { i++; if (!res.write(chunk)) return void res.once('drain', pump); } res.end(); };
  pump();
});
s.listen(0, '127.0.0.1', () => process.stdout.write(String(s.address().port) + '\\n'));
`;

const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve, reject) => {
  server.stdout.once('data', (d) => resolve(Number(String(d).trim())));
  server.once('exit', (c) => reject(new Error(`server exited ${c}`)));
});
const dir = mkdtempSync(join(tmpdir(), 'aosh-bench-net-'));
const hosts = join(dir, 'hosts');
writeFileSync(hosts, '127.0.0.1 bench.test\n');
const env = { ...process.env, AOSH_NET_HOSTS: hosts, AOSH_HOME: join(dir, 'home') };

const big = (url, extra = []) => ['-sS', '-o', '/dev/null', '-w', '%{speed_download}\\n', ...extra, url];
// Each request on a new connection; the timings go to stderr, the bodies to /dev/null via stdout.
const tiny = (url) => ['-sS', '-H', 'Connection: close', '-w', '%{stderr}%{time_starttransfer}\\n', `${url}?[1-${requests}]`];

function curlDirect(args) {
  const r = spawnSync('curl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`curl ${args.join(' ')}: ${r.stderr}`);
  return r;
}

function curlSandboxed(args) {
  const quoted = args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const r = spawnSync(aosh, ['--allow-net=bench.test', '-c', `curl ${quoted}`], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`aosh curl ${args.join(' ')}: ${r.status} ${r.stderr}`);
  return r;
}

const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const seconds = (text) => text.split('\n').filter(Boolean).map(Number);
const t = { direct: [], proxy: [], tunnel: [], setDirect: [], setProxy: [] };
try {
  for (let i = 0; i < rounds; i++) {
    t.direct.push(Number(curlDirect(big(`http://127.0.0.1:${port}/big`)).stdout));
    t.proxy.push(Number(curlSandboxed(big(`http://bench.test:${port}/big`)).stdout));
    t.tunnel.push(Number(curlSandboxed(big(`http://bench.test:${port}/big`, ['-p'])).stdout));
    t.setDirect.push(...seconds(curlDirect(tiny(`http://127.0.0.1:${port}/tiny`)).stderr));
    t.setProxy.push(...seconds(curlSandboxed(tiny(`http://bench.test:${port}/tiny`)).stderr));
  }
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}

const mbs = (b) => `${(b / 2 ** 20).toFixed(0)} MiB/s`;
const ms = (s) => `${(s * 1000).toFixed(3)} ms`;
const d = med(t.direct);
console.log(`bench-net: ${mib} MiB per transfer, ${rounds} rounds, ${requests} set-ups per round, medians`);
console.log(`  direct curl on the host           ${mbs(d)}`);
console.log(`  sandboxed curl, plain HTTP proxy  ${mbs(med(t.proxy))}   ratio ${(med(t.proxy) / d).toFixed(2)}x (goal >= 0.80x)`);
console.log(`  sandboxed curl, CONNECT tunnel    ${mbs(med(t.tunnel))}   ratio ${(med(t.tunnel) / d).toFixed(2)}x`);
console.log(`  set-up to first byte, direct      ${ms(med(t.setDirect))}`);
console.log(`  set-up to first byte, proxied     ${ms(med(t.setProxy))}   added ${ms(med(t.setProxy) - med(t.setDirect))} (goal <= 1 ms)`);
