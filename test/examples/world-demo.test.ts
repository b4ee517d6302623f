// examples/agents/world_demo.py (the seed's world_demo, in aosh's SDK) as a real sandboxed
// aosh stage: world create/join, VFS and mocked HTTP, a chaos event, state, snapshot,
// restore, leave, destroy — all through the stage's /tmp/agentos.sock.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addonReady, baseEnv, removeDir, root, runAosh, tempDir } from '../helpers/run-aosh.js';

let home: string;
beforeEach(() => {
  home = tempDir('aosh-world-demo-');
});
afterEach(() => removeDir(home));

describe('examples: world_demo.py', () => {
  it('runs as a sandboxed stage and passes every check', async () => {
    await addonReady();
    const r = await runAosh(['-c', 'python3 examples/agents/world_demo.py'], { cwd: root, env: baseEnv(home, { AOSH_HOME: join(home, '.aosh'), AOSH_WORLD_SEED: '7' }), timeoutMs: 60_000 });
    expect(r.stdout, r.stderr).toContain('All demos completed successfully!');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^PASS create demo-world-0001$/m);
    expect(r.stdout).toContain("state: syscalls=8 files=3 failures=1 events=['disk_fail']");
    expect(r.stdout).toContain("PASS snapshot files=['/data/input.txt', '/data/output.txt', '/etc/app.conf']");
    expect(r.stdout).not.toContain('FAIL');
    // The VFS write stayed in the kernel's memory.
    expect(existsSync('/data/output.txt')).toBe(false);
    expect(existsSync(join(root, 'data'))).toBe(false);
  }, 90_000);
});
