// Tunnel (0xB0–0xB4) opcodes: not built yet, so they answer with JSON errors (never a
// crash, spec Q20), following the spec's offline SHOULD. (World simulation: world.ts.)
import type { HandlerContext } from '../context.js';
import { Op } from '../opcodes.js';
import { parseObject } from './util.js';

/** Per kernel process, as REF's helper config; only strings and numbers are kept (never a client's nested value). */
const tunnelConfig: Record<string, string | number> = {};

export function tunnel(payload: Buffer, _ctx: HandlerContext, op: number): unknown {
  switch (op) {
    case Op.TUNNEL_STATUS:
      return { success: true, connected: false, relay_url: (tunnelConfig.relay_url as string | undefined) ?? '', machine_id: (tunnelConfig.machine_id as string | undefined) ?? '', remote_agent_count: 0 };
    case Op.TUNNEL_LIST_REMOTES:
      return { success: true, agents: [], count: 0 };
    case Op.TUNNEL_DISCONNECT:
      return { success: true };
    case Op.TUNNEL_CONFIG: {
      const req = parseObject(payload);
      for (const k of ['relay_url', 'machine_id', 'reconnect_interval']) {
        const v = req[k];
        if (typeof v === 'string') tunnelConfig[k] = v.slice(0, 4096);
        else if (typeof v === 'number' && Number.isFinite(v)) tunnelConfig[k] = v;
      }
      return { success: true };
    }
    default: {
      const req = parseObject(payload);
      const url = typeof req.relay_url === 'string' && req.relay_url ? req.relay_url : (tunnelConfig.relay_url as string | undefined);
      if (!url) return { success: false, error: 'relay_url required' };
      return { success: false, error: 'Failed to connect to relay server' };
    }
  }
}
