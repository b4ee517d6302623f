#!/usr/bin/env node
// Builds the C++ addon: node-gyp rebuild in native/ -> native/build/Release/aosh_native.node.
// Run by `npm run build:native` (and so by `npm install` through `prepare`).
//
// A failed build is a warning (aosh still runs, with isolation "none", and
// src/kernel/native.ts says why) - except under CI=true, where it fails the job:
// CI must never silently lose the sandbox.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
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

const [cmd, ...pre] = findNodeGyp();
const args = [...pre, 'rebuild', ...nodedirArgs()];
const result = spawnSync(cmd, args, { cwd: nativeDir, stdio: 'inherit' });
if (result.error) fail(`could not run ${cmd}: ${result.error.message}`);
if (result.status !== 0) fail(`node-gyp rebuild failed (exit ${result.status ?? result.signal}); see the output above`);
const output = path.join(nativeDir, 'build', 'Release', 'aosh_native.node');
if (!existsSync(output)) fail(`node-gyp succeeded but ${path.relative(root, output)} is missing`);
console.log(`build-native: built ${path.relative(root, output)}`);
