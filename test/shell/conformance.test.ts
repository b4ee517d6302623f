// Shell conformance suite: every case in conformance.cases.ts runs through real
// bash AND through aosh (bin/aosh), comparing stdout and exit status with the
// table. Stderr is not compared, but it is printed on failure.
//
//   npx vitest run test/shell/conformance.test.ts -t bash   # bash half only
//   npx vitest run test/shell/conformance.test.ts -t aosh   # aosh half only
//
// bash is found on the fixed PATH (or $CONFORMANCE_BASH); aosh is bin/aosh (or $AOSH_BIN).
// If bash is missing: under CI the bash cases fail loudly, otherwise they are skipped.

import { describe, expect, it } from 'vitest';
import { CASES, GROUPS, type ConformanceCase } from './conformance.cases.js';
import { aoshPath, bashVersion, describeRun, fileExists, findBash, runCase } from './conformance-helpers.js';

const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

const bashPath = findBash();
const bashVer = bashPath ? bashVersion(bashPath) : undefined;
const bashProblem = !bashPath
  ? 'bash not found on PATH (set CONFORMANCE_BASH to point at bash 5.x)'
  : !bashVer
    ? `bash at ${bashPath} does not run`
    : undefined;
if (bashProblem && !IN_CI) {
  console.warn(`[conformance] skipping bash cases: ${bashProblem}`);
} else if (bashVer && !bashVer.startsWith('5.')) {
  console.warn(`[conformance] expectations were recorded with bash 5.2; found bash ${bashVer}`);
}

const AOSH = aoshPath();

function check(label: 'bash' | 'aosh', shell: string, c: ConformanceCase, expected: { stdout: string; status: number }) {
  return async () => {
    const r = await runCase(shell, c);
    const msg = describeRun(label, c, expected, r);
    if (r.spawnError || r.timedOut) throw new Error(msg);
    expect({ stdout: r.stdout, status: r.status }, msg).toEqual(expected);
  };
}

describe('conformance table', () => {
  it('is well-formed', () => {
    const names = new Set<string>();
    for (const c of CASES) {
      expect(names.has(c.name), `duplicate case name: ${c.name}`).toBe(false);
      names.add(c.name);
      expect(GROUPS as readonly string[], `unknown group for ${c.name}`).toContain(c.group);
      expect(c.name, 'case names must not contain the runner prefixes').not.toMatch(/bash|aosh/);
      if (c.aoshDiffers) {
        expect(c.aoshDiffers.reason.length, `aoshDiffers needs a reason: ${c.name}`).toBeGreaterThan(0);
        expect(c.aoshDiffers.stdout !== undefined || c.aoshDiffers.status !== undefined, `aoshDiffers needs stdout or status: ${c.name}`).toBe(true);
      }
    }
    expect(CASES.length).toBeGreaterThanOrEqual(220);
  });
});

for (const group of GROUPS) {
  const cases = CASES.filter((c) => c.group === group);
  if (cases.length === 0) continue;
  describe(group, () => {
    for (const c of cases) {
      const bashExpected = { stdout: c.stdout, status: c.status };
      if (bashProblem) {
        if (IN_CI) {
          it.concurrent(`bash: ${c.name}`, () => {
            throw new Error(`[conformance] CI=true but ${bashProblem}`);
          });
        } else {
          // Outside CI without a usable bash 5.2 the reference cannot run: the name says why.
          it.skip(`bash: ${c.name} (skipped: ${bashProblem})`, () => {});
        }
      } else {
        it.concurrent(`bash: ${c.name}`, check('bash', bashPath!, c, bashExpected));
      }

      const aoshExpected = c.aoshDiffers
        ? { stdout: c.aoshDiffers.stdout ?? c.stdout, status: c.aoshDiffers.status ?? c.status }
        : bashExpected;
      it.concurrent(`aosh: ${c.name}`, async () => {
        if (!fileExists(AOSH)) throw new Error(`[conformance] ${AOSH} does not exist yet (aosh CLI not built)`);
        await check('aosh', AOSH, c, aoshExpected)();
      });
    }
  });
}
