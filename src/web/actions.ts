// What the page may do: start an agent, signal a process, answer an approval. Each goes
// through the kernel exactly as the shell's `spawn` and `kill` do (same sandbox, permissions
// that only intersect down, the same audit records), and each is journaled as a dashboard
// action. A bad request is one line back to the page, never an exception.
import { closeSync, openSync } from 'node:fs';
import { parse } from 'shell-quote';
import { parseBytes, parseCpu, parsePids } from '../kernel/cgroups.js';
import type { Kernel } from '../kernel/kernel.js';
import { applyPermissionFlag, emptyPermissions, intersect, type PermissionSet } from '../kernel/permissions.js';
import { isLive, type Limits } from '../kernel/process-table.js';
import { DEFAULT_POLICY, parseRestartMode, superviseSpawn } from '../kernel/supervisor.js';
import { searchPath } from '../lib/which.js';
import type { World } from '../kernel/world/world.js';
import type { ClientMsg } from './protocol.js';

export class ActionError extends Error {}

export interface ActionContext {
  kernel: Kernel;
  /** The environment agents started from the page get (the shell's exported variables). */
  env: () => Record<string, string>;
  cwd: () => string;
}

/** How long a Kill waits after SIGTERM before SIGKILL. */
export const KILL_GRACE_MS = 3000;

export async function perform(ctx: ActionContext, msg: ClientMsg): Promise<unknown> {
  switch (msg.t) {
    case 'spawn':
      return spawnAgent(ctx, msg);
    case 'signal':
      return signal(ctx, msg.id, msg.signal);
    case 'approve': {
      if (msg.decision !== 'once' && msg.decision !== 'session' && msg.decision !== 'deny') throw new ActionError(`unknown decision: ${String(msg.decision)}`);
      const req = ctx.kernel.approvals.pending().find((p) => p.id === msg.id);
      // A denial's reason goes back to the model, as the REPL's dialog sends it.
      const reason = msg.decision === 'deny' && typeof msg.reason === 'string' && msg.reason.trim() ? msg.reason.trim().slice(0, 500) : undefined;
      if (!req || !ctx.kernel.approvals.answer(msg.id, msg.decision, 'dashboard', reason)) throw new ActionError(`approval ${msg.id} is no longer pending`);
      ctx.kernel.audit('dashboard.approve', { approval: msg.id, kind: req.kind, requester: req.requester, title: req.title, decision: msg.decision, ...(reason ? { reason } : {}) });
      return { id: msg.id, decision: msg.decision };
    }
    default:
      throw new ActionError(`unknown action: ${(msg as { t?: unknown }).t}`);
  }
}

function signal(ctx: ActionContext, id: number, sig: string): unknown {
  const entry = ctx.kernel.procs.get(Number(id));
  if (!entry) throw new ActionError(`no process ${id}`);
  if (!isLive(entry)) throw new ActionError(`${entry.name} (${id}) has already ended (${entry.state})`);
  if (!['TERM', 'KILL', 'STOP', 'CONT', 'INT', 'HUP'].includes(sig)) throw new ActionError(`unsupported signal: ${sig}`);
  ctx.kernel.audit('dashboard.signal', { id: entry.id, name: entry.name, signal: sig });
  ctx.kernel.signal(entry, sig);
  if (sig === 'TERM' && entry.kind === 'process') {
    // Kill from the page means gone: a stage that ignores TERM gets KILL after a grace period.
    const t = setTimeout(() => {
      if (isLive(entry) && entry.state !== 'restarting') ctx.kernel.signal(entry, 'KILL');
    }, KILL_GRACE_MS);
    t.unref();
  }
  return { id: entry.id, signal: sig };
}

const NAME_RE = /^[A-Za-z0-9_.-]{1,64}$/;

function spawnAgent(ctx: ActionContext, msg: Extract<ClientMsg, { t: 'spawn' }>): unknown {
  const words = parse(String(msg.command ?? ''));
  if (words.length === 0) throw new ActionError('spawn: a command is needed');
  if (!words.every((w): w is string => typeof w === 'string')) throw new ActionError('spawn: one command only (no pipes, redirections, globs or ; &)');
  const argv = words as string[];
  const name = msg.name?.trim() || argv[0]!.split('/').pop()!;
  if (!NAME_RE.test(name)) throw new ActionError(`spawn: invalid name ${JSON.stringify(name)} (letters, digits, _ . -)`);
  const limits: Limits = {};
  const limit = (v: string | undefined, what: 'mem' | 'cpu' | 'pids'): void => {
    if (!v?.trim()) return;
    const n = what === 'mem' ? parseBytes(v.trim()) : what === 'cpu' ? parseCpu(v.trim()) : parsePids(v.trim());
    if (n === null) throw new ActionError(`spawn: --${what}: invalid value: ${v}`);
    limits[what === 'mem' ? 'memoryBytes' : what === 'cpu' ? 'cpu' : 'pids'] = n;
  };
  limit(msg.mem, 'mem');
  limit(msg.cpu, 'cpu');
  limit(msg.pids, 'pids');
  let perms: PermissionSet | undefined;
  const flags = parse(String(msg.flags ?? '')).filter((f): f is string => typeof f === 'string');
  for (const f of flags) {
    perms ??= emptyPermissions();
    let ok: boolean;
    try {
      ok = applyPermissionFlag(perms, f);
    } catch (e) {
      throw new ActionError(`spawn: ${(e as Error).message}`);
    }
    if (!ok) throw new ActionError(`spawn: not a permission flag: ${f}`);
  }
  const policy = { ...DEFAULT_POLICY };
  if (msg.restart) {
    const mode = parseRestartMode(msg.restart);
    if (!mode) throw new ActionError(`spawn: --restart: expected no, on-failure or always, got ${msg.restart}`);
    policy.mode = mode;
  }
  const env = ctx.env();
  const cwd = ctx.cwd();
  // Looked up as the session's stages see the filesystem (the world's view), like `spawn` does.
  const file = argv[0]!.includes('/') ? argv[0]! : searchPath(argv[0]!, env.PATH ?? process.env.PATH ?? '', cwd, ctx.kernel.fs);
  if (!file) throw new ActionError(`spawn: ${argv[0]}: command not found`);
  const k = ctx.kernel;
  for (const e of k.procs.find(name)) if (isLive(e) && e.agent) throw new ActionError(`spawn: an agent named ${name} is running`);

  // Its output goes to agents/<name>/stdout and stderr in the files view, where its page
  // (and `tail -f /aos/agents/<name>/stdout` in any stage) follows it.
  const dir = k.aosfs.agentDir(name);
  const ceiling = perms ? intersect(k.permissions, perms) : k.permissions;
  const endpoint = k.sockets.forAgent(name, ceiling, cwd);
  const fds: number[] = [];
  let world: World | undefined;
  try {
    fds.push(openSync('/dev/null', 'r'), openSync(`${dir}/stdout`, 'w', 0o644), openSync(`${dir}/stderr`, 'w', 0o644));
    // Its own world, as `spawn` gives it: its permissions, its socket at /tmp/agentos.sock, its /tmp.
    world = k.sandboxed ? k.worlds.createAgentWorld(name, ceiling, cwd, endpoint.path) : undefined;
    const spec = {
      world,
      agent: true,
      file,
      argv,
      env: { ...env, AOSH_SOCKET: endpoint.path },
      cwd,
      fds,
      name,
      command: argv.join(' '),
      limits,
      permissions: perms,
    };
    const handle = policy.mode === 'no' ? k.spawn(spec) : superviseSpawn(k, spec, policy);
    const own = world;
    void handle.done.then(() => {
      endpoint.close();
      if (own) k.worlds.closeWorld(own);
    });
    k.audit('dashboard.spawn', { id: handle.entry.id, name, command: spec.command, limits, permissions: flags });
    return { id: handle.entry.id, name, pid: handle.entry.pid };
  } catch (e) {
    endpoint.close();
    if (world) k.worlds.closeWorld(world);
    if (e instanceof ActionError) throw e;
    throw new ActionError(`spawn: ${(e as Error).message}`);
  } finally {
    // The stage has its own copies (and a supervised restart reopens nothing: it reuses these
    // numbers, so they must stay valid while it may restart).
    if (policy.mode === 'no') for (const fd of fds) closeSync(fd);
    else void superviseClose(k, name, fds);
  }
}

/** A supervised agent may be started again with the same fds: close them when it is over. */
async function superviseClose(k: Kernel, name: string, fds: number[]): Promise<void> {
  const e = k.procs.find(name).find((x) => x.agent);
  if (e) await k.wait(e);
  for (const fd of fds) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
}
