// Policy -> native SandboxSpec for one stage, the isolation level it achieves, and the
// secret-environment filter. Kernel.spawn is the only caller.
//
// How a PermissionSet maps onto the sandbox (DESIGN.md "Sandbox defaults for a stage"):
//
//   read   The root is visible read-only (programs need /usr, /etc...). Secrets are hidden
//          whatever the grants: ~/.ssh, ~/.aws, ~/.gnupg, ~/.config/gcloud, the aosh state
//          dir ($AOSH_HOME) and `.env` in the working directory. A hidden path named by
//          --allow-read (or --allow-write) is shown again; --deny-read=PATH hides PATH.
//          --allow-read=PATH under the private /tmp is bound in read-only.
//   write  The working directory is writable (unless --deny-write covers it), and so is
//          each --allow-write=PATH. Everything else is read-only, including with
//          --allow-write given without a value (`true` does not make / writable: write the
//          paths you mean). /tmp and /dev/shm are private tmpfs mounts per stage;
//          --allow-write=/tmp shares the host's /tmp instead.
//   net    Granted (-A, --allow-net[=...]): the stage shares the host network. Without a
//          grant (the default) an empty network namespace with loopback up. Host lists are not
//          enforced at this level (a later issue); any net grant shares the network.
//   env    Variables that look like secrets (*_KEY, *_TOKEN, *_SECRET, *PASSWORD*,
//          *_CREDENTIALS, and the LLM keys) are removed unless --allow-env=NAME names
//          them; --deny-env=NAME removes NAME. Applies with and without a sandbox.
//   run    Not enforced here (a later issue: command allow lists).
//
// Isolation: `full` as root (all namespaces + cgroup limits), `userns` when not root
// (a user namespace too; limits where the cgroup is delegated to us) or as root with no
// usable cgroup controller, `none` with --no-sandbox or when a kernel feature is missing
// (the kernel prints one warning line and records it).
//
// Interactive foreground jobs (a terminal handed over with foregroundTty, e.g. vim from
// the REPL) keep every namespace, the filters and the cgroup, but skip setsid: the
// program must keep its controlling terminal for /dev/tty and job control. TIOCSTI stays
// blocked by seccomp, so the terminal still cannot be injected into.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import type { SandboxSpec } from './native.js';
import type { PermissionSet } from './permissions.js';
import { check, isAllowed } from './permissions.js';
import type { Isolation, Limits } from './process-table.js';
import type { SessionTmp } from './session-tmp.js';

/**
 * Limits every stage gets unless aosh's --mem/--cpu/--pids or the stage's own say
 * otherwise: a pids ceiling (a fork bomb stays contained); memory and cpu unlimited.
 */
export const DEFAULT_STAGE_LIMITS: Limits = { pids: 4096 };

/** Names that look like credentials. */
const SECRET_NAME = /(_KEY|_TOKEN|_SECRET|_CREDENTIALS)$|PASSWORD|^(GEMINI_API_KEY|GOOGLE_API_KEY|OPENAI_API_KEY|ANTHROPIC_API_KEY)$/i;

export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** True when the env grant names this variable explicitly. */
function namedInEnvGrant(perms: PermissionSet, name: string): boolean {
  const g = perms.allow.env;
  return Array.isArray(g) && g.includes(name);
}

/** The environment a stage gets: secrets removed unless named by --allow-env, --deny-env removed. */
export function filterEnv(env: Record<string, string>, perms: PermissionSet): Record<string, string> {
  const out: Record<string, string> = {};
  const denied = perms.deny.env;
  for (const [k, v] of Object.entries(env)) {
    if (denied === true || (Array.isArray(denied) && denied.includes(k))) continue;
    if (looksSecret(k) && !namedInEnvGrant(perms, k)) continue;
    out[k] = v;
  }
  return out;
}

/** Directories and files a stage never sees unless a grant names them. */
export function secretPaths(home: string, aoshHome: string | undefined): string[] {
  return [
    path.join(home, '.ssh'),
    path.join(home, '.aws'),
    path.join(home, '.gnupg'),
    path.join(home, '.config', 'gcloud'),
    aoshHome ?? path.join(home, '.aosh'),
  ];
}

export interface StageSandboxInput {
  perms: PermissionSet;
  cwd: string;
  /** $HOME of the session (where the secrets live). */
  home?: string;
  /** $AOSH_HOME. */
  aoshHome?: string;
  /** Terminal handed to the stage (interactive foreground job): no setsid. */
  foreground: boolean;
  /** cgroup.procs files the child joins first. */
  cgroupProcs: string[];
  /** The session's /tmp (see session-tmp.ts); absent: a fresh tmpfs per stage. */
  sessionTmp?: SessionTmp;
  /** An agent's own AGNT socket (host path), bound over /tmp/agentos.sock. */
  agentSocket?: string;
}

const isUnder = (p: string, dir: string): boolean => dir === '/' || p === dir || p.startsWith(dir.endsWith('/') ? dir : dir + '/');

function grantPaths(g: boolean | string[], cwd: string, home: string): string[] {
  if (!Array.isArray(g)) return [];
  return g
    .filter((s) => !/[*?[]/.test(s))
    .map((s) => path.resolve(cwd, s.startsWith('~/') ? path.join(home, s.slice(2)) : s === '~' ? home : s));
}

/** The native spec for one stage. */
export function buildSandbox(input: StageSandboxInput): SandboxSpec {
  const { perms, cwd } = input;
  const home = input.home ?? homedir();
  const root = process.getuid?.() === 0;
  const reads = grantPaths(perms.allow.read, cwd, home);
  const writes = grantPaths(perms.allow.write, cwd, home);
  const granted = [...reads, ...writes];

  const writable: string[] = [];
  if (check(perms, 'write', cwd)?.rule.startsWith('--deny') !== true) writable.push(cwd);
  for (const w of writes) if (!writable.some((d) => isUnder(w, d))) writable.push(w);

  const st = input.sessionTmp;
  if (st) {
    // A path under /tmp that exists in the session's /tmp is in there (writable as a
    // whole, no bind of its own); one that exists only on the host is bound in.
    for (let i = writable.length - 1; i >= 0; i--) {
      const w = writable[i]!;
      if (isUnder(w, '/tmp') && !st.isHostBound(w) && (w === '/tmp' || existsSync(st.map(w)) || !existsSync(w))) writable.splice(i, 1);
    }
  }
  const tmpfs = ['/tmp', '/dev/shm'].filter((t) => !writable.some((w) => w === t || isUnder(t, w)));
  const hidden = [...secretPaths(home, input.aoshHome), path.join(cwd, '.env')]
    .filter((h) => !granted.some((g) => isUnder(g, h) || isUnder(h, g)))
    // hiding an ancestor of the working directory would make it unreachable
    .filter((h) => !isUnder(cwd, h));
  const deniedReads = perms.deny.read;
  if (Array.isArray(deniedReads)) hidden.push(...grantPaths(deniedReads, cwd, home).filter((h) => !isUnder(cwd, h)));
  const binds: Array<[string, string, boolean]> = [];
  for (const r of reads) {
    if (tmpfs.some((t) => isUnder(r, t)) && !writable.some((w) => isUnder(r, w))) binds.push([r, r, false]);
  }
  if (st && tmpfs.includes('/tmp')) {
    // One /tmp for the whole session instead of a tmpfs per stage. Host paths under /tmp
    // that are not bound in are not there to hide.
    for (let i = hidden.length - 1; i >= 0; i--) if (isUnder(hidden[i]!, '/tmp') && !st.isHostBound(hidden[i]!)) hidden.splice(i, 1);
    tmpfs.splice(tmpfs.indexOf('/tmp'), 1);
    binds.unshift([st.host, '/tmp', true]);
    for (const w of writable) if (isUnder(w, '/tmp')) st.prepareMountPoint(w, true);
    // Host paths under /tmp that stay visible ($HOME or the start directory living there): read-only.
    for (const h of st.hostBound) {
      if (writable.some((w) => isUnder(h, w)) || !existsSync(h)) continue;
      st.prepareMountPoint(h, true);
      binds.push([h, h, false]);
    }
    for (const [, target] of binds) if (target !== '/tmp') st.prepareMountPoint(target, target !== '/tmp/agentos.sock');
  }
  // Seed agents hard-code /tmp/agentos.sock: an agent started by spawn sees its own socket there.
  if (input.agentSocket && (st || tmpfs.includes('/tmp'))) {
    st?.prepareMountPoint('/tmp/agentos.sock', false);
    binds.push([input.agentSocket, '/tmp/agentos.sock', true]);
  }
  return {
    user: !root,
    pid: true,
    mount: true,
    uts: true,
    ipc: true,
    net: !isAllowed(perms, 'net'),
    hostname: 'aosh',
    cgroupProcs: input.cgroupProcs,
    cgroupNamespace: true,
    fs: { readOnlyRoot: true, writable, hidden, tmpfs, proc: true, binds },
    noNewPrivs: true,
    dropCapabilities: true,
    seccomp: true,
    newSession: !input.foreground,
  };
}

/** The level a sandboxed stage achieves. */
export function achievedIsolation(limitsApplied: boolean): Isolation {
  return process.getuid?.() === 0 && limitsApplied ? 'full' : 'userns';
}
