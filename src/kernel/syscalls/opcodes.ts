// AGNT opcodes (spec §3) and the error family each belongs to (spec §1.7).

export const Op = {
  NOOP: 0x00,
  THINK: 0x01,
  EXEC: 0x02,
  READ: 0x03,
  WRITE: 0x04,
  SPAWN: 0x10,
  KILL: 0x11,
  LIST: 0x12,
  SEND: 0x20,
  RECV: 0x21,
  BROADCAST: 0x22,
  REGISTER: 0x23,
  STORE: 0x30,
  FETCH: 0x31,
  DELETE: 0x32,
  KEYS: 0x33,
  GET_PERMS: 0x40,
  SET_PERMS: 0x41,
  HTTP: 0x50,
  SUBSCRIBE: 0x60,
  UNSUBSCRIBE: 0x61,
  POLL_EVENTS: 0x62,
  EMIT: 0x63,
  WORLD_CREATE: 0xa0,
  WORLD_DESTROY: 0xa1,
  WORLD_LIST: 0xa2,
  WORLD_JOIN: 0xa3,
  WORLD_LEAVE: 0xa4,
  WORLD_EVENT: 0xa5,
  WORLD_STATE: 0xa6,
  WORLD_SNAPSHOT: 0xa7,
  WORLD_RESTORE: 0xa8,
  TUNNEL_CONNECT: 0xb0,
  TUNNEL_DISCONNECT: 0xb1,
  TUNNEL_STATUS: 0xb2,
  TUNNEL_LIST_REMOTES: 0xb3,
  TUNNEL_CONFIG: 0xb4,
  EXIT: 0xff,
} as const;

export type OpName = keyof typeof Op;

const NAMES = new Map<number, OpName>(Object.entries(Op).map(([k, v]) => [v, k as OpName]));

export function opName(op: number): string {
  return NAMES.get(op) ?? `0x${op.toString(16).padStart(2, '0')}`;
}

/**
 * The error body for an opcode when the request never reaches its handler (too large, or
 * the kernel failed): family B for SPAWN/KILL (no `success` key), a bare array for LIST.
 */
export function genericError(op: number, message: string): unknown {
  if (op === Op.SPAWN || op === Op.KILL) return { error: message };
  if (op === Op.LIST) return [];
  return { success: false, error: message };
}
