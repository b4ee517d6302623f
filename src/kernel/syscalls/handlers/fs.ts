// READ and WRITE (spec §3.5, §3.6), made in the caller's world (ProcessOps.files): the path
// means what it means to the caller's own stages — hidden credentials, read-only parts, the
// world's /tmp, symlinks resolved inside the world — and never reaches aosh's own state.
// The protocol's permission set (blocked globs, allow lists) is checked first, against the
// literal path and the canonical one as the world resolves it (WRITE: the parent directory
// plus the name), so a symlink cannot lead around a blocked path. WRITE never follows a
// final symlink (O_NOFOLLOW): `ln -s /usr/x u; WRITE u` cannot write through it.
// A caller in a simulated world whose VFS intercepts the path is answered by world.ts
// instead, from memory, before any of this (spec §6.2).
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, readSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { hostView, type FileView } from '../../fs-view.js';
import { checkRead, checkWrite, type Denial, type PermissionSet } from '../../permissions.js';
import type { HandlerContext } from '../context.js';
import { Op } from '../opcodes.js';
import { deny, optString, parseObject, who } from './util.js';
import { routeRead, routeWrite } from './world.js';

/** READ refuses files larger than this rather than exhausting the kernel's memory. */
export const READ_LIMIT = 64 * 1024 * 1024;

const HOST = hostView();

/** The caller's world; a server without a kernel (the protocol's own tests) has only the host. */
function files(ctx: HandlerContext): FileView {
  return ctx.svc.ops?.files(ctx.conn.caller()) ?? HOST;
}

function errText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code && e.code !== 'ESANDBOX' ? e.code : e.message;
}

export async function read(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseObject(payload);
  const path = optString(req, 'path');
  const fail = (error: string): unknown => ({ success: false, error, content: '', size: 0 });
  if (!path) return fail('path required');
  // World routing first (spec §3.5): a member's intercepted path is answered from memory.
  const routed = await routeRead(ctx, path);
  if (routed) return routed;
  const fs = files(ctx);
  const abs = resolve(ctx.conn.caller().cwd, path);
  let real = abs;
  try {
    real = fs.realpath(abs);
  } catch {
    // missing or unreadable: checked as written, and the open below says why
  }
  const denial = both(ctx.conn.perms, checkRead, abs, real);
  if (denial) return fail(await deny(ctx, Op.READ, 'Permission denied: path not allowed for reading', denial, real));
  let fd: number;
  try {
    fd = fs.open(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return fail(`failed to open file: ${errText(err)}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return fail('failed to open file: is a directory');
    if (!st.isFile()) return fail('failed to open file: not a regular file');
    if (st.size > READ_LIMIT) return fail(`failed to open file: larger than ${READ_LIMIT} bytes`);
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    // Lossy UTF-8 (spec Q22 allows it) instead of failing on binary content.
    return { success: true, content: buf.subarray(0, got).toString('utf8'), size: got };
  } catch (err) {
    return fail(`failed to open file: ${errText(err)}`);
  } finally {
    closeSync(fd);
  }
}

export async function write(payload: Buffer, ctx: HandlerContext): Promise<unknown> {
  const req = parseObject(payload);
  const path = optString(req, 'path');
  const fail = (error: string): unknown => ({ success: false, error, bytes_written: 0 });
  if (!path) return fail('path required');
  if (req.content !== undefined && typeof req.content !== 'string') return fail('invalid request: content must be a string');
  const fs = files(ctx);
  const content = (req.content as string | undefined) ?? '';
  const mode = optString(req, 'mode', 'write') === 'append' ? 'append' : 'write';
  const routed = await routeWrite(ctx, path, content, mode);
  if (routed) return routed;
  const abs = resolve(ctx.conn.caller().cwd, path);
  let parent = dirname(abs);
  try {
    parent = fs.realpath(parent);
  } catch {
    // the open below says why
  }
  const real = join(parent, basename(abs));
  const denial = both(ctx.conn.perms, checkWrite, abs, real);
  if (denial) return fail(await deny(ctx, Op.WRITE, 'Permission denied: path not allowed for writing', denial, real));
  const data = Buffer.from(content, 'utf8');
  let fd: number;
  try {
    // Parent directories are not created (REF). No final symlink, no FIFO, no device.
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK | (mode === 'append' ? constants.O_APPEND : constants.O_TRUNC);
    fd = fs.open(real, flags, 0o644);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return fail(`failed to open file for writing: ${e.code === 'ELOOP' ? 'ELOOP (the path is a symbolic link)' : errText(err)}`);
  }
  try {
    if (!fstatSync(fd).isFile()) return fail('failed to open file for writing: not a regular file');
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
  } catch (err) {
    return fail(`failed to open file for writing: ${errText(err)}`);
  } finally {
    closeSync(fd);
  }
  await ctx.svc.audit('write', { ...who(ctx), path: real, mode, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') });
  return { success: true, bytes_written: data.length };
}

function both(perms: PermissionSet, fn: (p: PermissionSet, path: string) => Denial | null, literal: string, real: string): Denial | null {
  return fn(perms, real) ?? (literal !== real ? fn(perms, literal) : null);
}
