// The session's /tmp. Every sandboxed stage of a session sees one private /tmp: a directory
// of the session's own (removed when aosh exits) bound at /tmp, so `t=$(mktemp)` in one
// stage and `cat $t` in the next agree, and nothing a stage puts in /tmp reaches the host's
// /tmp. The shell's own file operations (redirections, `test -f`, globs, `cd`) run in aosh,
// outside any sandbox, so they go through map() to see the same /tmp the stages see.
// Paths the stages get from the host even under /tmp (the working directory aosh started
// in, --allow-read/--allow-write grants) stay host paths on both sides.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sessionDir } from './syscalls/runtime-dir.js';

const isUnder = (p: string, dir: string): boolean => p === dir || p.startsWith(dir.endsWith('/') ? dir : dir + '/');

export class SessionTmp {
  private dir: string | undefined;

  constructor(
    /** Host paths under /tmp that stages see as themselves (start cwd, $HOME, grants). */
    readonly hostBound: string[],
  ) {}

  /** The host directory behind the session's /tmp (created on first use, swept after a crash). */
  get host(): string {
    if (!this.dir) {
      this.dir = sessionDir();
      const dir = this.dir;
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
    return this.dir;
  }

  /** Whether an absolute path is a host path even under /tmp. */
  isHostBound(abs: string): boolean {
    return this.hostBound.some((b) => isUnder(abs, b));
  }

  /** The host path behind an absolute path as stages see it. */
  map(abs: string): string {
    if (!isUnder(abs, '/tmp') || this.isHostBound(abs)) return abs;
    return path.join(this.host, abs.slice('/tmp'.length));
  }

  /** A bind of a host path under /tmp needs its mount point inside the session's /tmp. */
  prepareMountPoint(abs: string, isDir: boolean): void {
    if (!isUnder(abs, '/tmp') || abs === '/tmp') return;
    const inside = path.join(this.host, abs.slice('/tmp'.length));
    mkdirSync(isDir ? inside : path.dirname(inside), { recursive: true });
    if (!isDir && !existsSync(inside)) writeFileSync(inside, '');
  }
}
