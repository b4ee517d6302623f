// READ and WRITE (spec §3.5, §3.6). Paths are resolved against the caller's cwd and
// canonicalised (READ: the file; WRITE: its parent directory + name) before the permission
// check, and the literal path is checked too, so a symlink cannot lead around a blocked path.
import { createHash } from 'node:crypto';
import { appendFile, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { checkRead, checkWrite, type Denial, type PermissionSet } from '../../permissions.js';
import type { HandlerContext } from '../context.js';
import { Op } from '../opcodes.js';
import { deny, optString, parseObject, who } from './util.js';

/** READ refuses files larger than this rather than exhausting the kernel's memory. */
export const READ_LIMIT = 64 * 1024 * 1024;

export async function read(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseObject(payload);
  const path = optString(req, 'path');
  const fail = (error: string): unknown => ({ success: false, error, content: '', size: 0 });
  if (!path) return fail('path required');
  const abs = resolve(ctx.conn.caller().cwd, path);
  const real = await realpath(abs).catch(() => abs);
  const denial = both(ctx.conn.perms, checkRead, abs, real);
  if (denial) return fail(await deny(ctx, Op.READ, 'Permission denied: path not allowed for reading', denial, real));
  try {
    const st = await stat(real);
    if (st.isDirectory()) return fail('failed to open file: is a directory');
    if (st.size > READ_LIMIT) return fail(`failed to open file: larger than ${READ_LIMIT} bytes`);
    const buf = await readFile(real);
    // Lossy UTF-8 (spec Q22 allows it) instead of failing on binary content.
    return { success: true, content: buf.toString('utf8'), size: buf.length };
  } catch (err) {
    return fail(`failed to open file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export async function write(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseObject(payload);
  const path = optString(req, 'path');
  const fail = (error: string): unknown => ({ success: false, error, bytes_written: 0 });
  if (!path) return fail('path required');
  if (req.content !== undefined && typeof req.content !== 'string') return fail('invalid request: content must be a string');
  const content = (req.content as string | undefined) ?? '';
  const mode = optString(req, 'mode', 'write') === 'append' ? 'append' : 'write';
  const abs = resolve(ctx.conn.caller().cwd, path);
  const parent = await realpath(dirname(abs)).catch(() => dirname(abs));
  const real = join(parent, basename(abs));
  const denial = both(ctx.conn.perms, checkWrite, abs, real);
  if (denial) return fail(await deny(ctx, Op.WRITE, 'Permission denied: path not allowed for writing', denial, real));
  const data = Buffer.from(content, 'utf8');
  try {
    // Parent directories are not created (REF).
    if (mode === 'append') await appendFile(real, data);
    else await writeFile(real, data);
  } catch (err) {
    return fail(`failed to open file for writing: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  await ctx.svc.audit('write', { ...who(ctx), path: real, mode, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') });
  return { success: true, bytes_written: data.length };
}

function both(perms: PermissionSet, fn: (p: PermissionSet, path: string) => Denial | null, literal: string, real: string): Denial | null {
  return fn(perms, real) ?? (literal !== real ? fn(perms, literal) : null);
}
