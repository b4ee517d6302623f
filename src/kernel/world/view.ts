// The FileView the kernel hands out for a world: the world's own view, built on first use,
// where a world that cannot be built makes the operation fail with the reason (status 126:
// nothing falls back to the host), and every failure is shown to `onError` first, so the
// kernel can explain a denial (the note and the journal record).
import { AoshError, EXIT } from '../errors.js';
import type { FileView } from '../fs-view.js';
import type { World } from './world.js';

export type OnFsError = (world: World, what: string, path: string, err: NodeJS.ErrnoException) => void;

function get(world: () => World): World {
  try {
    return world();
  } catch (err) {
    throw new AoshError('ESANDBOX', `sandbox: ${(err as Error).message}`, EXIT.CANNOT_EXECUTE);
  }
}

export function guardedView(world: () => World, onError: OnFsError): FileView {
  const wrap =
    <A extends unknown[], R>(fn: (v: FileView, ...a: A) => R, what: string) =>
    (...args: A): R => {
      const w = get(world);
      try {
        return fn(w.fs, ...args);
      } catch (err) {
        onError(w, what, args[0] as string, err as NodeJS.ErrnoException);
        throw err;
      }
    };
  return {
    open: wrap((v, p: string, flags: number, mode?: number, umask?: number) => v.open(p, flags, mode, umask), 'open'),
    stat: wrap((v, p: string) => v.stat(p), 'stat'),
    lstat: wrap((v, p: string) => v.lstat(p), 'lstat'),
    access: wrap((v, p: string, mode: number) => v.access(p, mode), 'access'),
    readdir: wrap((v, p: string) => v.readdir(p), 'readdir'),
    realpath: wrap((v, p: string) => v.realpath(p), 'realpath'),
    readFile: wrap((v, p: string) => v.readFile(p), 'read'),
    mkdir: wrap((v, p: string, mode?: number) => v.mkdir(p, mode), 'mkdir'),
    rename: wrap((v, from: string, to: string) => v.rename(from, to), 'rename'),
    unlink: wrap((v, p: string, dir?: boolean) => v.unlink(p, dir), 'unlink'),
    openAsync: async (p: string, flags: number, mode?: number, umask?: number, onWait?: (release: () => void) => void) => {
      const w = get(world);
      try {
        return await (w.fs.openAsync ? w.fs.openAsync(p, flags, mode, umask, onWait) : w.fs.open(p, flags, mode, umask));
      } catch (err) {
        onError(w, 'open', p, err as NodeJS.ErrnoException);
        throw err;
      }
    },
  };
}
