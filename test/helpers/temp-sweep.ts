// Vitest global setup: removes the temporary directories the run's tests made.
// Many tests create a mkdtemp directory per file or per case and leave cleanup to the end;
// without this sweep every run left a few hundred `aosh-*` directories in /tmp and /var/tmp.
// Only directories that did not exist when the run started and that carry mkdtemp's
// six-character suffix are removed, so a developer's live session directories stay; and
// only when no other test run on the machine is still going (each run registers itself in
// /tmp/aosh-test-runs), since that run's directories look just like this one's.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const roots = [...new Set([tmpdir(), '/var/tmp'])];
const made = /^aosh-[A-Za-z0-9-]*-[A-Za-z0-9]{6}$/;
const runs = path.join(tmpdir(), 'aosh-test-runs');

function listing(): Set<string> {
  const out = new Set<string>();
  for (const root of roots) {
    try {
      for (const name of readdirSync(root)) if (made.test(name)) out.add(path.join(root, name));
    } catch {
      // A root that does not exist has nothing to sweep.
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Other test runs still going (their registrations; stale ones are dropped). */
function othersRunning(): boolean {
  let others = false;
  for (const name of readdirSync(runs)) {
    const pid = Number(name);
    if (pid === process.pid) continue;
    if (Number.isInteger(pid) && alive(pid)) others = true;
    else rmSync(path.join(runs, name), { force: true });
  }
  return others;
}

export default function setup(): () => void {
  const before = listing();
  mkdirSync(runs, { recursive: true });
  const me = path.join(runs, String(process.pid));
  writeFileSync(me, '');
  return () => {
    rmSync(me, { force: true });
    if (process.env.AOSH_KEEP_TEST_DIRS || othersRunning()) return;
    for (const dir of listing()) {
      if (before.has(dir)) continue;
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch (e) {
        // Something still mounted there (a test's world that did not unwind) stays, and says so.
        process.stderr.write(`temp-sweep: left ${dir}: ${(e as Error).message}\n`);
      }
    }
  };
}
