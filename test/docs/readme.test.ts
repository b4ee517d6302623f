// README as tests: every line of its ```sh blocks runs in bash with `aosh` on PATH, every
// line of its ```aosh blocks runs through `aosh -c`, in a directory holding the files the
// lines name, against the local fake OpenAI-compatible server where they think. Lines that
// cannot run here are listed below with the reason, and the test prints it. It also checks
// that README links only to files inside the repository, and that docs/aosh.1.md names
// every option and subcommand the CLI has.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_FLAGS, SUBCOMMANDS } from '../../src/cli.js';
import { flagNames } from '../../src/builtins/flags.js';
import { startFakeOpenAI, type FakeServer } from '../fixtures/fake-openai-server.js';
import { aoshBin, root, tempDir } from '../helpers/run-aosh.js';

const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** Lines not run here, and why (printed). Everything else must run with status 0. */
const NOT_RUN: Record<string, string> = {
  'npm install': 'this suite runs after it (npm test on a clone that npm install built)',
  'npm test': 'this suite is part of it',
  aosh: 'the interactive session needs a terminal: test/repl/e2e.test.ts types into it in tmux',
};
const BENCHMARK = /^node scripts\/bench-/;
/** Lines that start a server running until it is stopped (test/mcp tests it). */
const SERVER = /aosh mcp serve --http .*&$/;
/** Tools a line may need that are not part of aosh; without them the line is not run, and the test says so. */
const OPTIONAL_TOOLS = ['claude', 'jq', 'openssl'];

function missingTool(line: string): string | null {
  for (const tool of OPTIONAL_TOOLS) {
    if (!new RegExp(`(^|[|;&(]\\s*|\\$\\()${tool}\\b`).test(line)) continue;
    const found = spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
    if (!found) return tool;
  }
  return null;
}

function blocks(lang: string): string[] {
  const out: string[] = [];
  for (const m of readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))) {
    for (const raw of m[1]!.split('\n')) {
      // The trailing comment: two spaces or more, then "# ".
      const line = raw.replace(/\s{2,}#\s.*$/, '').trim();
      if (line) out.push(line);
    }
  }
  return out;
}

let server: FakeServer;
const dir = tempDir('aosh-readme-');
const bin = join(dir, 'bin');
beforeAll(async () => {
  server = await startFakeOpenAI();
  mkdirSync(bin);
  symlinkSync(aoshBin, join(bin, 'aosh'));
  // The files the README's lines name.
  writeFileSync(join(dir, 'script.aosh'), 'echo "$0 $1 $2"\n');
  writeFileSync(join(dir, 'err.log'), 'Error: ENOENT: no such file or directory, open config.json\n');
  writeFileSync(join(dir, 'notes.md'), '# notes\n- the tests fail on CI only\n');
  writeFileSync(join(dir, 'worker.py'), 'print("worker did its job")\n');
  writeFileSync(join(dir, 'x.txt'), 'a file whose name has an x\n');
  writeFileSync(join(dir, 'package.json'), '{"name": "demo"}\n');
  // The "fs" MCP server the README's mcp lines use: the real server-filesystem, as a project's .aosh/mcp.json.
  mkdirSync(join(dir, '.aosh'));
  const fsServer = join(root, 'node_modules', '@modelcontextprotocol', 'server-filesystem', 'dist', 'index.js');
  writeFileSync(join(dir, '.aosh', 'mcp.json'), JSON.stringify({ mcpServers: { fs: { command: process.execPath, args: [fsServer, '.'] } } }));
});
afterAll(async () => {
  await server.close();
});

/** Runs a command without blocking this process (the fake server answers from here). */
function exec(file: string, args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(file, args, { cwd, env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
    child.stdin.end();
  });
}

function env(): Record<string, string> {
  return {
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: dir,
    AOSH_HOME: join(dir, '.aosh-home'),
    OPENAI_API_KEY: 'k',
    OPENAI_BASE_URL: server.url,
    AOSH_MODEL: 'gpt-test',
    LANG: 'C.UTF-8',
  };
}

describe('README.md as tests', () => {
  const sh = blocks('sh');
  const aosh = blocks('aosh');

  it('has shell lines to run', () => {
    expect(sh.length).toBeGreaterThan(8);
    expect(aosh.length).toBeGreaterThan(1);
  });

  it.each(sh.map((l) => [l] as const))('sh: %s', async (line) => {
    const tool = missingTool(line);
    if (NOT_RUN[line] || BENCHMARK.test(line) || SERVER.test(line) || tool) {
      const why = NOT_RUN[line] ?? (BENCHMARK.test(line) ? 'a benchmark measures and prints numbers for this machine, it does not pass or fail; run it by hand' : SERVER.test(line) ? 'it starts a server that runs until stopped (test/mcp/ tests serve --http)' : `it needs ${tool}, which is not installed here`);
      console.log(`README line not run here: ${line}: ${why}`);
      return;
    }
    // Lines starting ./bin/aosh run from the checkout, as on a fresh clone; the rest in the fixture.
    const cwd = line.startsWith('./') ? root : dir;
    const r = await exec('bash', ['-c', line], cwd);
    expect(r.stderr, line).not.toMatch(/command not found|invalid option|unknown option|No such file|internal error|EPIPE/);
    expect(r.status, `${line}\n${r.stderr}`).toBe(0);
  });

  it.each(aosh.map((l) => [l] as const))('aosh: %s', async (line) => {
    const tool = missingTool(line);
    if (tool) {
      console.log(`README line not run here: ${line}: it needs ${tool}, which is not installed here`);
      return;
    }
    const r = await exec(aoshBin, ['-c', line], dir);
    expect(r.stderr, line).not.toMatch(/command not found|invalid option|unknown option|No such file|internal error/);
    expect(r.status, `${line}\n${r.stderr}`).toBe(0);
  });

  it('what the lines print is what the README says', async () => {
    const run = async (line: string): Promise<string> => (await exec('bash', ['-c', line], dir)).stdout;
    expect(await run('aosh script.aosh a b')).toBe('script.aosh a b\n');
    expect(await run("aosh -c 'ls | grep x' name arg")).toBe('x.txt\n');
    expect(await run("echo 'ps' | aosh")).toMatch(/^ID\s+NAME\s+PID/);
    expect(await run('aosh think "explain this" < err.log')).toContain('echo: ');
    const pipe = await exec(aoshBin, ['-c', 'pipe mk jobs; seq 3 | pipe write jobs & pipe read -n 3 jobs | sort -r; pipe rm jobs'], dir);
    expect(pipe.stdout).toBe('3\n2\n1\n');
  });

  it('links only to files inside the repository', () => {
    for (const file of ['README.md', 'docs/aosh.1.md', 'docs/reference.md']) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const m of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue; // a URL
        const abs = resolve(root, file, '..', target);
        expect(abs.startsWith(root + '/'), `${file} links outside the repository: ${target}`).toBe(true);
        expect(existsSync(abs), `${file} links to a missing file: ${target}`).toBe(true);
      }
      expect(text, file).not.toMatch(/\.\.\/shared/);
    }
  });

  it('docs/aosh.1.md names every option and subcommand', () => {
    const man = readFileSync(join(root, 'docs/aosh.1.md'), 'utf8');
    for (const name of flagNames(CLI_FLAGS)) expect(man, name).toContain(`\`${name}`);
    for (const name of Object.keys(SUBCOMMANDS)) expect(man, name).toContain(`aosh ${name}`);
  });
});
