// Redirections: the context keeps a table of shell fd -> OS fd, so a redirection is a new
// mapping (files opened here, closed when the command ends), never a dup2 in aosh itself.
import { closeSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import type { Redirect } from './ast.js';
import type { ShellContext } from './context.js';
import type { Expander } from './expand.js';
import { FdOutput } from './io.js';
import { isFile, type FileView } from '../kernel/fs-view.js';

export class RedirectError extends Error {}

/** Where here-document pipes come from (the kernel's native addon, loaded only when needed). */
export interface PipeMaker {
  readonly native: { pipe(): [number, number] };
  /** The filesystem as the session's stages see it. */
  readonly fs: FileView;
}

export interface Applied {
  fds: Map<number, number>;
  /** Closes what the redirections opened (call when the command is done). */
  cleanup(): void;
  /** Here-document writers still feeding their pipes. */
  pending: Promise<void>[];
}

export async function applyRedirects(ctx: ShellContext, redirects: Redirect[], expander: Expander, pipes: PipeMaker): Promise<Applied> {
  const fds = new Map(ctx.fds);
  const opened: number[] = [];
  const pending: Promise<void>[] = [];
  const cleanup = (): void => {
    for (const fd of opened) {
      try {
        closeSync(fd);
      } catch {
        // already closed by a writer
      }
    }
    opened.length = 0;
  };
  try {
    for (const r of redirects) await applyOne(r);
  } catch (e) {
    cleanup();
    throw e;
  }
  return { fds, cleanup, pending };

  async function applyOne(r: Redirect): Promise<void> {
    if (r.op === '<<' || r.op === '<<-' || r.op === '<<<') {
      const text = r.op === '<<<' ? (await expander.string(r.target)) + '\n' : r.heredoc!.quoted ? literalOf(r) : await expander.string(r.heredoc!.body);
      const [rd, wr] = pipes.native.pipe();
      opened.push(rd);
      fds.set(r.fd ?? 0, rd);
      // Feed the body asynchronously: a body larger than the pipe buffer must not block.
      pending.push(
        new FdOutput(wr)
          .write(text)
          .catch(() => undefined)
          .finally(() => {
            try {
              closeSync(wr);
            } catch {
              // closed
            }
          }),
      );
      return;
    }
    if (r.op === '>&' || r.op === '<&') {
      const target = await expander.string(r.target);
      const defaultFd = r.op === '>&' ? 1 : 0;
      if (target === '-') {
        fds.delete(r.fd ?? defaultFd);
        return;
      }
      if (/^\d+$/.test(target)) {
        const src = fds.get(Number(target));
        if (src === undefined) throw new RedirectError(`${target}: Bad file descriptor`);
        fds.set(r.fd ?? defaultFd, src);
        return;
      }
      if (r.op === '>&' && r.fd === null) {
        const fd = await openFile(target, 'w');
        fds.set(1, fd);
        fds.set(2, fd);
        return;
      }
      throw new RedirectError(`${target}: ambiguous redirect`);
    }
    const fields = await expander.fields([r.target]);
    if (fields.length !== 1) throw new RedirectError(`${sourceText(r)}: ambiguous redirect`);
    const path = fields[0]!;
    switch (r.op) {
      case '<':
        fds.set(r.fd ?? 0, await openFile(path, 'r'));
        return;
      case '>':
      case '>|':
        fds.set(r.fd ?? 1, await openFile(path, r.op === '>' && ctx.options.noclobber ? 'wx' : 'w'));
        return;
      case '>>':
        fds.set(r.fd ?? 1, await openFile(path, 'a'));
        return;
      case '<>':
        fds.set(r.fd ?? 0, await openFile(path, 'rw'));
        return;
      case '&>':
      case '&>>': {
        const fd = await openFile(path, r.op === '&>' ? 'w' : 'a');
        fds.set(1, fd);
        fds.set(2, fd);
        return;
      }
    }
  }

  async function openFile(path: string, mode: 'r' | 'w' | 'wx' | 'a' | 'rw'): Promise<number> {
    const full = resolve(ctx.cwd, path);
    const flags = {
      r: constants.O_RDONLY,
      w: constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC,
      wx: constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC,
      a: constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND,
      rw: constants.O_RDWR | constants.O_CREAT,
    }[mode];
    if (mode === 'wx') {
      const st = pipes.fs.stat(full);
      if (st && isFile(st)) throw new RedirectError(`${path}: cannot overwrite existing file`);
    }
    try {
      // A FIFO's open waits for its other end (bash waits too): off the event loop.
      const fd = pipes.fs.openAsync ? await pipes.fs.openAsync(full, flags, 0o666) : pipes.fs.open(full, flags, 0o666);
      opened.push(fd);
      return fd;
    } catch (e) {
      throw new RedirectError(`${path}: ${errnoText(e)}`);
    }
  }
}

function literalOf(r: Redirect): string {
  const p = r.heredoc!.body.parts[0];
  return p && p.kind === 'SglQuoted' ? p.value : '';
}

function sourceText(r: Redirect): string {
  const p = r.target.parts[0];
  if (p && p.kind === 'ParamExp') return `$${p.name}`;
  return '';
}

export function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'No such file or directory';
    case 'EACCES': return 'Permission denied';
    case 'EISDIR': return 'Is a directory';
    case 'ENOTDIR': return 'Not a directory';
    case 'EROFS': return 'Read-only file system';
    case 'EEXIST': return 'File exists';
    default: return (e as Error).message;
  }
}
