// GET_PERMS and SET_PERMS (spec §3.15, §3.16). Divergence from REF, on purpose: capabilities
// only intersect down. A caller may narrow its own set (what it asks intersected with what
// it has: restating a grant never brings back a blocked path, and nothing ever exceeds its
// endpoint's ceiling); changing another agent needs the spawn capability, or being its
// parent, and only narrows that agent too. Usage counters are never reset (REF resets them:
// a quota would mean nothing). Every change is journaled.
import { fromProtocolPerms, intersect, isLevel, levelPermissions, toProtocolPerms, type PermissionSet } from '../../permissions.js';
import type { HandlerContext } from '../context.js';
import { Op } from '../opcodes.js';
import { deny, parseObject, who } from './util.js';

export function getPerms(_payload: Buffer, ctx: HandlerContext): unknown {
  return { success: true, permissions: toProtocolPerms(ctx.conn.perms, ctx.conn.usage) };
}

export async function setPerms(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseObject(payload);
  const { conn, svc } = ctx;
  let targetId = conn.id;
  if (req.agent_id !== undefined && req.agent_id !== null) {
    if (typeof req.agent_id !== 'number' || !Number.isInteger(req.agent_id) || req.agent_id < 0) return { success: false, error: 'invalid request: agent_id must be a conn-id' };
    targetId = req.agent_id;
  }
  const target = targetId === conn.id ? conn : svc.connection(targetId);
  if (target !== conn) {
    const isParent = target?.identity.parentConn === conn.id;
    if (conn.perms.spawn === false && !isParent) {
      return { success: false, error: await deny(ctx, Op.SET_PERMS, "Permission denied: cannot modify other agent's permissions", { rule: '--deny-spawn', reason: 'only the parent or an agent with spawn may change another agent' }, String(targetId)) };
    }
    if (!target) return { success: false, error: `agent not found: ${targetId}` };
  }
  let asked: PermissionSet | null = null;
  try {
    if (req.permissions) asked = fromProtocolPerms(req.permissions);
    else if (req.level) asked = levelPermissions(isLevel(req.level) ? req.level : 'standard');
  } catch (err) {
    return { success: false, error: `invalid request: ${(err as Error).message}` };
  }
  if (asked) {
    let next = intersect(target.perms, asked);
    if (target !== conn) next = intersect(conn.perms, next);
    // Say "custom" when the ceiling cut something, rather than the preset's name.
    const same = JSON.stringify(toProtocolPerms({ ...next, level: 'custom' })) === JSON.stringify(toProtocolPerms({ ...asked, level: 'custom' }));
    next.level = same ? asked.level : 'custom';
    target.perms = next;
  }
  await svc.audit('perms', { ...who(ctx), target: targetId, level: asked?.level ?? null, changed: asked !== null });
  return { success: true, agent_id: targetId, permissions: toProtocolPerms(target.perms, target.usage) };
}
