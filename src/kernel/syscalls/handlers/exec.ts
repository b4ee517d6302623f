// EXEC (spec §3.4): `/bin/sh -c` through the kernel's process ops, stdout and stderr merged
// (Q15 SHOULD), the timeout enforced (MAY). Permission: the command line must contain no
// blocked fragment and, when an allow list is set, contain one of its entries (spec §5).
import { checkCommand } from '../../permissions.js';
import type { HandlerContext } from '../context.js';
import { Op } from '../opcodes.js';
import { deny, optNumber, optString, parseObject, who } from './util.js';

export async function exec(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseObject(payload);
  const command = optString(req, 'command');
  const cwd = optString(req, 'cwd');
  const timeout = optNumber(req, 'timeout', 30);
  const fail = (error: string): unknown => ({ success: false, error, stdout: '', stderr: '', exit_code: -1 });
  if (!command) return fail('command required');
  const denial = checkCommand(ctx.conn.perms, command);
  if (denial) return fail(await deny(ctx, Op.EXEC, 'Permission denied: command not allowed', denial, command));
  const ops = ctx.svc.ops;
  if (!ops) return fail('failed to execute command: no process support in this kernel');
  // The request's timeout (default 30 s), capped by the caller's max_exec_time_ms if set.
  const timeoutMs = Math.min(timeout > 0 ? timeout * 1000 : 30_000, ctx.conn.perms.maxExecMs ?? Infinity);
  let res;
  try {
    res = await ops.exec(command, ctx.conn.caller(), { cwd: cwd || undefined, timeoutMs });
  } catch (err) {
    await ctx.svc.audit('exec', { ...who(ctx), command, cwd: cwd || null, ok: false, error: (err as Error).message });
    return fail(`failed to execute command: ${(err as Error).message}`);
  }
  await ctx.svc.audit('exec', { ...who(ctx), command, cwd: cwd || null, exit_code: res.exit_code, timed_out: res.timedOut, output_bytes: Buffer.byteLength(res.stdout) });
  const out: Record<string, unknown> = { success: res.exit_code === 0, stdout: res.stdout, stderr: res.stderr, exit_code: res.exit_code };
  if (res.timedOut) out.error = `timed out after ${timeoutMs / 1000}s`;
  return out;
}
