#!/usr/bin/env node
// Bundles the CLI into one CommonJS file, dist/bundle/aosh.cjs. tsc still type-checks and
// emits dist/ for tests and the SDK. Why: `aosh -c true` must start within 1.5x of
// `node -e 0`; loading ~60 ES modules one by one (and the ESM loader itself) costs more
// than the shell. Packages stay external and heavy ones (openai, @google/genai, ink)
// are reached only through dynamic import() inside the builtins that need them.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'src', 'cli.ts')],
  outfile: join(outdir, 'aosh.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  // dist/bundle/aosh.cjs sits two levels below the package root, like dist/kernel/native.js,
  // so code that finds files relative to its own URL keeps working.
  define: { 'import.meta.url': '__aosh_import_meta_url' },
  banner: { js: "const __aosh_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
});

// The dashboard's browser code (src/web/client): one script, inlined into the page by the
// server with its styles, under a CSP that lets the page fetch nothing from anywhere else.
const clientSrc = join(root, 'src', 'web', 'client');
const clientOut = join(root, 'dist', 'web', 'client');
rmSync(clientOut, { recursive: true, force: true });
mkdirSync(clientOut, { recursive: true });
await build({
  entryPoints: [join(clientSrc, 'main.ts')],
  outfile: join(clientOut, 'app.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome100',
  minify: true,
  logLevel: 'warning',
});
for (const f of ['index.html', 'style.css']) copyFileSync(join(clientSrc, f), join(clientOut, f));
