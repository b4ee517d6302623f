#!/usr/bin/env node
// Bundles the CLI into one CommonJS file, dist/bundle/aosh.cjs. tsc still type-checks and
// emits dist/ for tests and the SDK. Why: `aosh -c true` must start within 1.5x of
// `node -e 0`; loading ~60 ES modules one by one (and the ESM loader itself) costs more
// than the shell. Packages stay external and heavy ones (openai, @google/genai, ink)
// are reached only through dynamic import() inside the builtins that need them.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
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
  // Whitespace and comments out, names kept (stack traces and profiles stay readable), and
  // ASCII only: Node decodes an ASCII file straight into a one-byte string, where one
  // non-ASCII character in a comment made reading the 1.4 MB bundle cost 5 ms of start-up.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  charset: 'ascii',
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

// import() in a script compiled with a V8 code cache fails in Node 20 ("A dynamic import
// callback was not specified"), so the bundle's dynamic imports go through bin/aosh's
// (a module Node loaded itself): globalThis.__aosh_import, or a plain import() when the
// bundle is required some other way.
const bundleFile = join(outdir, 'aosh.cjs');
const code = readFileSync(bundleFile, 'utf8').replace(/(?<![\w$.])import\(/g, '__aoshImport(');
// bin/aosh reads the bundle as latin1 (faster than utf8 at start-up): it must be ASCII, as
// charset 'ascii' makes it.
const nonAscii = code.search(/[^\x00-\x7f]/);
if (nonAscii >= 0) throw new Error(`bundle: a non-ASCII character at offset ${nonAscii} of ${bundleFile} (bin/aosh reads it as latin1)`);
writeFileSync(bundleFile, `const __aoshImport = globalThis.__aosh_import || ((s) => import(s));\n${code}`);

// V8's code cache for bin/aosh: a training run of interpreter-heavy lines (loops,
// arithmetic, case, functions, arrays, expansions, printf, read), then the compiled code is
// saved (bin/aosh loads it; V8 refuses a cache from another node and aosh compiles anew).
const TRAIN = [
  'n=0; for i in $(seq 200); do n=$((n+i)); done; for ((i=0; i<200; i++)); do s+="x$i"; done',
  'for ((i=0;i<200;i++)); do case $((i%4)) in 0) a=$((a+1));; 1|2) b=$((b+1));; *) c=$((c+1));; esac; done',
  'f() { local x=$1; r=$((x*2)); }; for ((i=0;i<200;i++)); do f $i; done',
  'a=(); for ((i=0;i<200;i++)); do a+=($i); done; for v in "${a[@]}"; do ((s+=v)); done; declare -A m=([k]=v); echo "${!m[@]} ${#a[@]}"',
  'x=$(printf "ab%.0s" {1..50}); y=${x//a/b}; z=${x#a}; z=${x%%b*}; z=${x^^}; z=${x:1:2}; for i in 1 2 3; do w=$(echo $i); done',
  'printf "%s %d\n" a 1 >/dev/null; while read -r l; do [[ $l == 1* ]] && echo "$l"; done <<< $\'1\\n2\' >/dev/null; test -n x && [ 1 -lt 2 ]',
].join('\n');
const home = mkdtempSync(join(tmpdir(), 'aosh-train-'));
const train = spawnSync(join(root, 'bin', 'aosh'), ['--no-sandbox', '-c', TRAIN], {
  env: { ...process.env, AOSH_HOME: home, AOSH_CODE_CACHE_WRITE: join(outdir, 'aosh.cjs.cache') },
  cwd: home,
  stdio: ['ignore', 'ignore', 'pipe'],
  encoding: 'utf8',
});
rmSync(home, { recursive: true, force: true });
if (train.status !== 0) console.warn(`bundle: the code-cache training run failed (status ${train.status}): ${train.stderr}`);
