// The dispatch table: opcode -> handler, and the error body each opcode uses when its
// handler cannot run (bad JSON in a typed field, an internal failure). Unknown opcodes are
// echoed unchanged, as REF does (spec §1.4).
import type { Handler, HandlerContext } from '../context.js';
import { Op, genericError } from '../opcodes.js';
import { exit, noop, think } from './basic.js';
import { emit, pollEvents, subscribe, unsubscribe } from './events.js';
import { exec } from './exec.js';
import { read, write } from './fs.js';
import { http } from './http.js';
import { broadcast, recv, register, send } from './ipc.js';
import { tunnel } from './offline.js';
import { world } from './world.js';
import { getPerms, setPerms } from './perms.js';
import { kill, list, spawn } from './process.js';
import { del, fetch, keys, store } from './store.js';
import { describeError } from '../fault.js';
import { ValueRefused, jsonDepth } from '../json.js';
import { BadRequest } from './util.js';

const table = new Map<number, Handler>([
  [Op.NOOP, noop],
  [Op.EXIT, exit],
  [Op.THINK, think],
  [Op.EXEC, exec],
  [Op.READ, read],
  [Op.WRITE, write],
  [Op.SPAWN, spawn],
  [Op.KILL, kill],
  [Op.LIST, list],
  [Op.REGISTER, register],
  [Op.SEND, send],
  [Op.RECV, recv],
  [Op.BROADCAST, broadcast],
  [Op.STORE, store],
  [Op.FETCH, fetch],
  [Op.DELETE, del],
  [Op.KEYS, keys],
  [Op.GET_PERMS, getPerms],
  [Op.SET_PERMS, setPerms],
  [Op.HTTP, http],
  [Op.SUBSCRIBE, subscribe],
  [Op.UNSUBSCRIBE, unsubscribe],
  [Op.POLL_EVENTS, pollEvents],
  [Op.EMIT, emit],
]);
for (let op = Op.WORLD_CREATE; op <= Op.WORLD_RESTORE; op++) table.set(op, (p, c) => world(p, c, op));
for (let op = Op.TUNNEL_CONNECT; op <= Op.TUNNEL_CONFIG; op++) table.set(op, (p, c) => tunnel(p, c, op));

/** Opcode-specific empty fields that accompany an error (spec §3). */
const ERROR_DEFAULTS: Record<number, Record<string, unknown>> = {
  [Op.THINK]: { content: '' },
  [Op.EXEC]: { stdout: '', stderr: '', exit_code: -1 },
  [Op.READ]: { content: '', size: 0 },
  [Op.WRITE]: { bytes_written: 0 },
  [Op.RECV]: { messages: [], count: 0 },
  [Op.BROADCAST]: { delivered_count: 0 },
  [Op.HTTP]: { body: '', status_code: 0 },
  [Op.POLL_EVENTS]: { events: [], count: 0 },
};

export function errorReply(op: number, message: string): unknown {
  if (op === Op.SPAWN) return { error: 'invalid JSON', detail: message };
  if (op === Op.KILL) return { error: 'invalid request', detail: message };
  const base = genericError(op, message);
  return Array.isArray(base) ? base : { ...(base as object), ...ERROR_DEFAULTS[op] };
}

/**
 * Opcodes whose payload is not read as JSON: NOOP is opaque bytes, EXIT/LIST/GET_PERMS
 * ignore it, and THINK takes a payload that is not a JSON object as the prompt text (REF;
 * its handler reads only string and number fields).
 */
const NOT_JSON = new Set<number>([Op.NOOP, Op.EXIT, Op.LIST, Op.GET_PERMS, Op.THINK]);

/**
 * Runs the handler for `op`; never throws (a failure becomes the opcode's error reply), and
 * its promise never rejects. This is the per-request fault boundary: a JSON request deeper
 * than limits.jsonDepth is refused here, before any handler parses it, so no handler and no
 * answer ever holds a value that a recursive walk (JSON.stringify) could not get through.
 */
export function dispatch(op: number, payload: Buffer, ctx: HandlerContext): unknown {
  const h = table.get(op);
  if (!h) return payload; // unknown opcode: echo (REF)
  const limit = ctx.svc.limits.jsonDepth;
  if (!NOT_JSON.has(op) && jsonDepth(payload, limit) < 0) {
    return errorReply(op, `invalid request: JSON nested more than ${limit} levels deep (limit AOSH_LIMIT_JSON_DEPTH)`);
  }
  try {
    const r = h(payload, ctx);
    if (r instanceof Promise) return r.catch((err: unknown) => failure(op, err));
    return r;
  } catch (err) {
    return failure(op, err);
  }
}

function failure(op: number, err: unknown): unknown {
  if (err instanceof BadRequest || err instanceof ValueRefused) return errorReply(op, err.message);
  return errorReply(op, `internal error: ${describeError(err, false)}`);
}
