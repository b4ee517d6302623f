// SPAWN, KILL, LIST (spec §3.7–3.9, §4). Error family B: SPAWN/KILL errors are a bare
// {"error"} with no `success` key; SPAWN success is {"id","name","pid","status":"running"}.
//
// The child's permissions are the intersection of what the request asks (its `permissions`
// object or `level` — aosh extensions — else the caller's own set, minus the network when
// `network` is false) and what the caller has. Each child gets its own socket endpoint, so
// its connections are checked against exactly that set.
import { resolve } from 'node:path';
import { checkSpawn, clonePermissions, fromProtocolPerms, intersect, isLevel, levelPermissions, type PermissionSet } from '../../permissions.js';
import type { HandlerContext } from '../context.js';
import { Op } from '../opcodes.js';
import { deny, who } from './util.js';
import { limitFloorError } from '../../cgroups.js';

let anonymous = 0;
/** Agents ended by KILL: their AGENT_EXITED (with killed_by) was already emitted. */
const killed = new Set<number>();

/** Why an agent name cannot be used, or null: at most `max` bytes, no control characters. */
export function nameProblem(name: string | undefined, max: number): string | null {
  if (name === undefined) return null;
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'name must not contain control characters';
  if (Buffer.byteLength(name) > max) return `name too long: ${Buffer.byteLength(name)} bytes (limit ${max}, AOSH_LIMIT_NAME_BYTES)`;
  return null;
}

export async function spawn(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  let req: Record<string, unknown>;
  try {
    req = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
    if (req === null || typeof req !== 'object' || Array.isArray(req)) throw new Error('not an object');
    for (const k of ['name', 'script', 'python'] as const) if (req[k] !== undefined && typeof req[k] !== 'string') throw new Error(`${k} must be a string`);
    for (const k of ['sandboxed', 'network'] as const) if (req[k] !== undefined && typeof req[k] !== 'boolean') throw new Error(`${k} must be a boolean`);
    if (req.limits !== undefined && (typeof req.limits !== 'object' || req.limits === null)) throw new Error('limits must be an object');
  } catch {
    return { error: 'invalid JSON' };
  }
  const script = (req.script as string | undefined) ?? '';
  if (!script) return { error: 'script path required' };
  // The name is printed on the user's terminal (ps, job notices, audit tail): an escape
  // sequence in it would be the agent writing to the terminal (OSC 52 sets the clipboard).
  const badName = nameProblem(req.name as string | undefined, ctx.svc.limits.nameBytes);
  if (badName) return { error: 'failed to spawn agent', detail: badName };
  const lim = (req.limits ?? {}) as Record<string, unknown>;
  for (const [k, kind, scale] of [['memory', 'memoryBytes', 1], ['max_pids', 'pids', 1], ['cpu_quota', 'cpu', 1 / 100_000]] as const) {
    const v = lim[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return { error: 'failed to spawn agent', detail: `limits.${k} must be a positive number` };
    const floor = limitFloorError(kind, v * scale, `limits.${k}`);
    if (floor) return { error: 'failed to spawn agent', detail: floor };
  }
  const { conn, svc } = ctx;
  const denial = checkSpawn(conn.perms);
  if (denial) return { error: await deny(ctx, Op.SPAWN, 'Permission denied: spawn not allowed', denial, script) };
  const ops = svc.ops;
  if (!ops) return { error: 'failed to spawn agent', detail: 'no process support in this kernel' };

  let asked: PermissionSet;
  try {
    if (req.permissions !== undefined) asked = fromProtocolPerms(req.permissions);
    else if (req.level !== undefined) asked = levelPermissions(isLevel(req.level) ? req.level : 'standard');
    else asked = clonePermissions(conn.perms);
  } catch {
    return { error: 'invalid JSON' };
  }
  if (req.network === false) asked.allow.net = false;
  const perms = intersect(conn.perms, asked);
  const name = (req.name as string | undefined) || `agent_${++anonymous}`;
  const caller = conn.caller();
  const endpoint = await svc.openEndpoint({ label: name, procId: null, ceiling: perms, initial: perms, cwd: caller.cwd, parentConn: conn.id });
  let agent;
  try {
    agent = await ops.spawnAgent(
      {
        name,
        script: resolve(caller.cwd, script),
        python: (req.python as string | undefined) || 'python3',
        sandboxed: (req.sandboxed as boolean | undefined) ?? true,
        network: (req.network as boolean | undefined) ?? false,
        limits: req.limits as Record<string, number> | undefined,
        permissions: perms,
        socketPath: endpoint.path,
      },
      caller,
    );
  } catch (err) {
    await endpoint.close();
    return { error: 'failed to spawn agent', detail: (err as Error).message };
  }
  endpoint.identity.procId = agent.id;
  void agent.exited.then(async (st) => {
    await endpoint.close();
    // Let a KILL that caused this exit record itself first (its continuation is a microtask).
    await new Promise((r) => setImmediate(r));
    // Natural exits get the AGENT_EXITED REF never sends (spec §4.6 "optionally emit").
    if (!killed.delete(agent.id)) svc.hub.emit('AGENT_EXITED', { agent_id: agent.id, name: agent.name, exit_code: st.code, signal: st.signal }, 0);
    await svc.audit('exit', { agent_id: agent.id, name: agent.name, pid: agent.pid, exit_code: st.code, signal: st.signal }).catch(() => undefined);
  });
  await svc.audit('spawn', { ...who(ctx), agent_id: agent.id, name: agent.name, pid: agent.pid, script, permissions: perms.level ?? 'custom' });
  svc.hub.emit('AGENT_SPAWNED', { agent_id: agent.id, name: agent.name, pid: agent.pid, parent_id: conn.id }, 0);
  // aosh extension: the sandbox is not optional. `sandboxed: false` asks for less isolation,
  // which a child can never get (capabilities only intersect down): say so.
  const note = req.sandboxed === false ? { sandboxed: true, note: 'sandboxed: false is not honoured: agents always run in a sandbox' } : {};
  return { id: agent.id, name: agent.name, pid: agent.pid, status: 'running', ...note };
}

export async function kill(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  let req: Record<string, unknown>;
  try {
    req = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
    if (req === null || typeof req !== 'object' || Array.isArray(req)) throw new Error('not an object');
    if (req.id !== undefined && (typeof req.id !== 'number' || !Number.isInteger(req.id) || req.id < 0)) throw new Error('id');
    if (req.name !== undefined && typeof req.name !== 'string') throw new Error('name');
  } catch {
    return { error: 'invalid request' };
  }
  const id = req.id as number | undefined;
  const name = req.name as string | undefined;
  if (!id && !name) return { agent_id: 0, killed: false };
  const ops = ctx.svc.ops;
  if (!ops) return { agent_id: id ?? 0, killed: false };
  const target = id ? { id } : { name };
  // Any agent may kill agents while it holds the spawn capability (REF: no check at all).
  const denial = checkSpawn(ctx.conn.perms);
  if (denial) return { agent_id: id ?? 0, killed: false, error: await deny(ctx, Op.KILL, 'Permission denied: kill not allowed', denial, String(id ?? name)) };
  const res = await ops.kill(target, ctx.conn.caller());
  if (res.killed) {
    killed.add(res.agent_id);
    await ctx.svc.audit('kill', { ...who(ctx), agent_id: res.agent_id, name: res.name });
    ctx.svc.hub.emit('AGENT_EXITED', { agent_id: res.agent_id, name: res.name, killed_by: ctx.conn.id }, 0);
  }
  return { agent_id: res.agent_id, killed: res.killed };
}

export function list(_payload: Buffer, ctx: HandlerContext): unknown {
  return ctx.svc.ops?.list() ?? [];
}
