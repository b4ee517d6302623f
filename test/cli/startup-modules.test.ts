// Start-up stays light: `aosh -c` loads none of Node's terminal, socket, stream or readline
// modules unless a command needs them (a program or a redirection in the sandbox starts the
// world, which does) (node:tty alone pulls in net and the stream stack, a
// few ms of every run). The bundle runs every module's top-level imports at start-up, so one
// `import { isatty } from 'node:tty'` anywhere brings them back: use src/lib/tty.ts instead.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, tempDir } from '../helpers/run-aosh.js';

const dir = tempDir('aosh-startup-');
const preload = join(dir, 'modules.cjs');
// At exit, prints the built-in modules loaded after the preload ran (Node's own start-up excluded).
writeFileSync(
  preload,
  "const base = new Set(process.moduleLoadList);\nprocess.on('exit', () => require('fs').writeSync(2, '\\nMODULES ' + process.moduleLoadList.filter((m) => !base.has(m) && m.startsWith('NativeModule ')).map((m) => m.slice(13)).join(' ') + '\\n'));\n",
);
const bin = process.env.AOSH_BIN ?? join(__dirname, '..', '..', 'bin', 'aosh');
const HEAVY = /^(tty|net|stream|readline|fs\/promises|internal\/(streams|readline)\/.*)$/;

function modulesLoaded(args: string[]): string[] {
  const r = spawnSync('node', ['-r', preload, bin, ...args], { env: { ...baseEnv(dir), AOSH_HOME: dir }, cwd: dir, encoding: 'utf8' });
  const line = /^MODULES (.*)$/m.exec(r.stderr);
  if (r.status !== 0 || !line) throw new Error(`aosh ${args.join(' ')}: status ${r.status}, stderr: ${r.stderr}`);
  return line[1]!.split(' ').filter(Boolean);
}

describe('start-up modules', () => {
  for (const args of [['--no-sandbox', '-c', 'true'], ['-c', 'x=1; echo $x; for i in 1 2; do y=$((i*2)); done']]) {
    it(`aosh ${args.join(' ')} loads no tty, net, stream or readline module`, () => {
      const loaded = modulesLoaded(args);
      expect(loaded.filter((m) => HEAVY.test(m))).toEqual([]);
    });
  }
});
