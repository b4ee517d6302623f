// What callers hand the kernel (options, a stage to spawn, a builtin task) and what they get
// back (a process handle). Kept apart from kernel.ts so that its size is the kernel itself.
import type { KernelLimits } from './limits.js';
import type { PermissionSet } from './permissions.js';
import type { Limits, ProcEntry } from './process-table.js';
import type { World } from './world/world.js';

export interface KernelOptions {
  /** The session's permissions (the ceiling for everything it starts). */
  permissions?: PermissionSet;
  /** $AOSH_HOME. */
  home?: string;
  /** false: stages run without namespaces (--no-sandbox; isolation "none", warned once). Default true. */
  sandbox?: boolean;
  /** The start directory (default process.cwd()): writable by default, where .env files are looked for. */
  cwd?: string;
  /** Default limits for every stage (--mem/--cpu/--pids on aosh); a stage's own limits win. */
  limits?: Limits;
  /** Where the one-line isolation warnings go (default: stderr). */
  warn?: (line: string) => void;
  /** Resource limits over the defaults, config.json and AOSH_LIMIT_* (limits.ts). */
  kernelLimits?: Partial<KernelLimits>;
}

export interface SpawnSpec {
  /** argv[0] is the name the user typed. */
  argv: string[];
  /** Resolved executable path. */
  file: string;
  env: Record<string, string>;
  cwd: string;
  /** Child fd i <- fds[i]. */
  fds: number[];
  /** The world it runs in (an agent's own); default the session's. */
  world?: World;
  name?: string;
  command?: string;
  job?: number | null;
  parent?: number | null;
  /** 0: lead a new process group; >0: join it. */
  pgid?: number;
  foregroundTty?: number;
  limits?: Limits;
  /**
   * `/bin/sh -c` of a command line the caller checked itself (EXEC, the agent's exec tool):
   * not refused by --allow-run (the stage still executes only allowed programs).
   */
  viaShell?: boolean;
  /** Grants for this stage (spawn --allow-*), intersected with the session's: never more. */
  permissions?: PermissionSet;
  /** An agent (spawn, SPAWN, the dashboard): it gets agents/<name>/ in the files view. */
  agent?: boolean;
  /** The shell's umask for the process (default: the kernel's own). */
  umask?: number;
  /** Signals the program starts with ignored (bit N-1: signal N; see native SpawnRequest). */
  ignoreSignals?: number;
  /** The shell's ulimits, set in the process before execve: [RLIMIT_*, soft, hard], -1 unlimited. Never the kernel's own. */
  rlimits?: Array<[number, number, number]>;
}

export interface TaskSpec {
  name: string;
  command: string;
  job?: number | null;
  parent?: number | null;
  /** Runs the builtin; resolves to its exit status. The signal aborts it (kill). */
  run: (signal: AbortSignal) => Promise<number>;
  /** Signals the task ignores (a script's `{ ...; } &` ignores SIGINT, as bash's subshell). */
  ignores?: (sig: number) => boolean;
}

export interface ProcHandle {
  entry: ProcEntry;
  /** Resolves once the entry has ended (reaped, or the task settled). */
  done: Promise<ProcEntry>;
}
