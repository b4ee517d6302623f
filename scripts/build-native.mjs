#!/usr/bin/env node
// Builds the C++ addon: node-gyp rebuild in native/ -> native/build/Release/aosh_native.node.
// Run by `npm run build:native` (and so by `npm install` through `prepare`).
//
// A failed build is a warning (aosh still runs, with isolation "none", and
// src/kernel/native.ts says why) - except under CI=true, where it fails the job:
// CI must never silently lose the sandbox.
//
// `npm test` builds first, and several checkouts' tests may run at once, so:
// the build is skipped when the addon is newer than every input (pass --force
// to rebuild anyway), and concurrent builds are serialised by a lock directory
// (in the temp dir; node-gyp rebuild deletes native/build/ first).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = path.join(root, 'native');
const strict = process.env.CI === 'true';

/** node-gyp: the one npm is running with, else npm's bundled copy, else PATH. */
function findNodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return [process.execPath, fromNpm];
  const npmCli = process.env.npm_execpath; // .../npm/bin/npm-cli.js when run by npm
  const npmDirs = [];
  if (npmCli) npmDirs.push(path.resolve(path.dirname(npmCli), '..'));
  // Not run by npm: npm lives next to node (<prefix>/lib/node_modules/npm).
  npmDirs.push(path.resolve(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm'));
  for (const dir of npmDirs) {
    const bundled = path.join(dir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    if (existsSync(bundled)) return [process.execPath, bundled];
  }
  try {
    return [process.execPath, createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js')];
  } catch {
    return ['node-gyp'];
  }
}

/**
 * Headers: npm passes its `nodedir` setting as npm_config_nodedir, which node-gyp
 * reads itself. Run directly, prefer the headers installed next to this node
 * (<prefix>/include/node) over a download.
 */
function nodedirArgs() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include', 'node', 'common.gypi')) ? [`--nodedir=${prefix}`] : [];
}

function fail(message) {
  if (strict) {
    console.error(`build-native: ${message} (CI=true: failing the build)`);
    process.exit(1);
  }
  console.warn(`build-native: WARNING: ${message}; aosh will run without the native addon (no sandbox, isolation "none")`);
  process.exit(0);
}

if (process.platform !== 'linux') fail(`the addon is Linux-only (platform ${process.platform})`);

const output = path.join(nativeDir, 'build', 'Release', 'aosh_native.node');
// The world process (native/world/), built by the same node-gyp run.
const worldBinary = path.join(nativeDir, 'build', 'Release', 'aosh-world');

/** True when the built addon is newer than the sources, binding.gyp, node-addon-api and this script. */
function upToDate() {
  if (!existsSync(output) || !existsSync(worldBinary)) return false;
  const built = Math.min(statSync(output).mtimeMs, statSync(worldBinary).mtimeMs);
  const inputs = ['', 'world']
    .flatMap((dir) => readdirSync(path.join(nativeDir, dir)).filter((f) => /\.(cc|h|gyp)$/.test(f)).map((f) => path.join(nativeDir, dir, f)));
  inputs.push(fileURLToPath(import.meta.url));
  const napi = path.join(root, 'node_modules', 'node-addon-api', 'package.json');
  if (existsSync(napi)) inputs.push(napi);
  return inputs.every((f) => statSync(f).mtimeMs < built);
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** mkdir is atomic: whoever creates the directory builds; the others wait for it. */
function withLock(body) {
  // In the temp dir, keyed by checkout, so a killed build leaves nothing in the repo.
  const key = createHash('sha256').update(nativeDir).digest('hex').slice(0, 16);
  const lock = path.join(tmpdir(), `aosh-build-native-${key}.lock`);
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let owner = NaN;
      try {
        owner = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // the owner has not written its pid yet
      }
      const ownerAlive = Number.isInteger(owner) && owner > 0 && (() => {
        try {
          process.kill(owner, 0);
          return true;
        } catch {
          return false;
        }
      })();
      if ((Number.isInteger(owner) && owner > 0 && !ownerAlive) || waited > 300_000) {
        rmSync(lock, { recursive: true, force: true }); // stale: its builder died
      } else {
        sleep(200);
      }
    }
  }
  writeFileSync(path.join(lock, 'pid'), String(process.pid));
  try {
    return body();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const force = process.argv.includes('--force');
const problem = withLock(() => {
  if (!force && upToDate()) {
    console.log(`build-native: ${path.relative(root, output)} is up to date (--force to rebuild)`);
    return null;
  }
  const [cmd, ...pre] = findNodeGyp();
  const result = spawnSync(cmd, [...pre, 'rebuild', ...nodedirArgs()], { cwd: nativeDir, stdio: 'inherit' });
  if (result.error) return `could not run ${cmd}: ${result.error.message}`;
  if (result.status !== 0) return `node-gyp rebuild failed (exit ${result.status ?? result.signal}); see the output above`;
  for (const f of [output, worldBinary]) if (!existsSync(f)) return `node-gyp succeeded but ${path.relative(root, f)} is missing`;
  console.log(`build-native: built ${path.relative(root, output)}`);
  return null;
});
if (problem) fail(problem);
