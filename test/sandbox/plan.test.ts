// The world's plan (src/kernel/world/plan.ts) as a pure function of permissions and the
// host: what is readable, writable and hidden, and the mount ops that say so. The world
// tests (doors, attacks) check what a stage sees; these check the policy's edges directly.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { permissionsFromFlags } from '../../src/kernel/permissions.js';
import { Flag, Kind, planWorld, PlanError, type WorldInput } from '../../src/kernel/world/plan.js';

let base: string;
let work: string;
let home: string;
let state: string;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'aosh-plan-'));
  work = path.join(base, 'work');
  home = path.join(base, 'home');
  // Under $HOME, as ~/.aosh is: only what the world shows needs hiding.
  state = path.join(base, 'home', '.aosh');
  for (const d of [work, path.join(work, 'deep', 'er'), path.join(home, '.ssh'), state, path.join(base, 'real')]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(home, '.ssh', 'id_rsa'), 'k');
  writeFileSync(path.join(home, '.netrc'), 'n');
  writeFileSync(path.join(work, '.env'), 'e');
  writeFileSync(path.join(work, 'deep', 'er', '.env.prod'), 'e');
  symlinkSync(path.join(base, 'real'), path.join(base, 'link'));
  symlinkSync(path.join(base, 'nowhere'), path.join(work, '.env.broken'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

function input(flags: string[], extra: Partial<WorldInput> = {}): WorldInput {
  return {
    perms: permissionsFromFlags(flags),
    cwd: work,
    home,
    kernelState: [state],
    tmpHost: path.join(base, 'tmp-host'),
    packageRoot: '/usr/lib',
    pathDirs: ['/usr/bin', '/bin'],
    net: 'none',
    allowAll: false,
    ...extra,
  };
}

const attached = (ops: ReturnType<typeof planWorld>['ops']): Map<string, number> => {
  const clones = ops.filter((o) => o[0] === Kind.clone);
  const out = new Map<string, number>();
  for (const o of ops) if (o[0] === Kind.attach) out.set(o[2], clones[o[1]]![1]);
  return out;
};

describe('the world plan', () => {
  it('default: every top-level directory read-only, the working directory writable, secrets hidden, .env files hidden deep and dangling ones skipped', () => {
    const plan = planWorld(input([]));
    expect(plan.policy.readRoots).toBe('all');
    expect(plan.policy.writable).toEqual([work]);
    const binds = attached(plan.ops);
    expect(binds.get('/usr')! & Flag.writable).toBe(0);
    expect(binds.get(work)! & Flag.writable).toBe(Flag.writable);
    expect(plan.policy.hidden).toEqual(expect.arrayContaining([path.join(home, '.ssh'), path.join(home, '.netrc'), state, path.join(work, '.env'), path.join(work, 'deep', 'er', '.env.prod')]));
    expect(plan.policy.hidden.some((h) => h.includes('.env.broken') || h.includes('nowhere'))).toBe(false);
    // A hidden directory is a mode-000 read-only tmpfs; a hidden file an empty mode-000 file.
    expect(plan.ops).toContainEqual([Kind.tmpfs, Flag.readOnly | Flag.noExec, path.join(home, '.ssh'), 'mode=000,size=4k']);
    expect(plan.ops).toContainEqual([Kind.hideFile, 0, path.join(home, '.netrc'), '']);
    expect(plan.ops.at(-3)![0]).toBe(Kind.pivot);
  });

  it('credentials in other homes (the account\'s own behind a different $HOME; every account\'s for root) are hidden too, and their ~/.aosh', () => {
    // Outside /tmp: the host's /tmp is not in the world, so nothing there needs hiding.
    const other = mkdtempSync(path.join('/var/tmp', 'aosh-plan-home-'));
    try {
      for (const d of ['.aws', '.aosh', '.ssh']) mkdirSync(path.join(other, d), { recursive: true });
      writeFileSync(path.join(other, '.npmrc'), '//registry/:_authToken=x');
      const plan = planWorld(input([], { otherHomes: [other] }));
      expect(plan.policy.hidden).toEqual(expect.arrayContaining(['.aws', '.aosh', '.ssh', '.npmrc'].map((d) => path.join(other, d))));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('--allow-read=P confines reads; --allow-write=P is the whole writable set; a symlinked grant is bound by its canonical path', () => {
    const plan = planWorld(input([`--allow-read=${path.join(work, 'deep')}`, `--allow-write=${path.join(base, 'link')}`]));
    expect(plan.policy.readRoots).toEqual(expect.arrayContaining(['/usr', '/etc', path.join(work, 'deep'), path.join(base, 'real')]));
    expect((plan.policy.readRoots as string[]).includes(home)).toBe(false);
    expect(plan.policy.writable).toEqual([path.join(base, 'real')]);
  });

  it('--deny-write inside the writable set makes that part read-only again; a grant naming a hidden path shows it', () => {
    const plan = planWorld(input([`--deny-write=${path.join(work, 'deep')}`, `--allow-read=${path.join(home, '.ssh')}`]));
    const binds = attached(plan.ops);
    expect(binds.get(path.join(work, 'deep'))! & Flag.writable).toBe(0);
    expect(plan.policy.hidden).not.toContain(path.join(home, '.ssh'));
  });

  it('aosh\'s state stays hidden whatever the grants say; -A hides nothing else', () => {
    const named = planWorld(input([`--allow-read=${state}`]));
    expect(named.policy.hidden).toContain(state);
    const all = planWorld(input(['-A'], { allowAll: true }));
    expect(all.policy.hidden).toEqual([state]);
    expect(all.policy.writable).toEqual(['/']);
  });

  it('refuses what cannot be had as asked, with one line', () => {
    expect(() => planWorld(input(['--allow-write=/no/such/dir']))).toThrow(PlanError);
    expect(() => planWorld(input(['--allow-write=/no/such/dir']))).toThrow(/--allow-write=\/no\/such\/dir: No such file or directory \(create it first\)/);
    expect(() => planWorld(input(['--deny-read']))).toThrow(/--deny-read without a path/);
  });

  it('no network: the world has its own loopback and an empty /run; the host network binds /run', () => {
    const none = planWorld(input([]));
    expect(none.ops[0]).toEqual([Kind.loopback, 0, '', '']);
    expect(none.ops).toContainEqual([Kind.tmpfs, Flag.readOnly | Flag.noExec, '/run', 'mode=0755,size=64k']);
    const host = planWorld(input(['--allow-net'], { net: 'host' }));
    expect(host.ops.some((o) => o[0] === Kind.loopback)).toBe(false);
    expect(attached(host.ops).has('/run')).toBe(true);
  });
});
