// Vitest global setup: removes the temporary directories the run's tests made.
// Many tests create a mkdtemp directory per file or per case and leave cleanup to the end;
// without this sweep every run left a few hundred `aosh-*` directories in /tmp and /var/tmp.
// Only directories that did not exist when the run started and that carry mkdtemp's
// six-character suffix are removed, so a developer's live session directories stay.
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const roots = [...new Set([tmpdir(), '/var/tmp'])];
const made = /^aosh-[A-Za-z0-9-]*-[A-Za-z0-9]{6}$/;

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

export default function setup(): () => void {
  const before = listing();
  return () => {
    if (process.env.AOSH_KEEP_TEST_DIRS) return;
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
