// The raw surface of the aosh native addon (native/*.cc, built by node-gyp into
// native/build/Release/aosh_native.node; see native/README.md). Only src/kernel/native.ts
// loads it; it validates arguments in JS before each call into C++.

/** What to start. The child is created with fork/clone, never through a shell. */
export interface SpawnRequest {
  /** Executable path handed to execve (already resolved against PATH by the caller). */
  file: string;
  /** argv, including argv[0]. */
  argv: string[];
  /** Environment as "KEY=VALUE" strings; exactly this, nothing inherited. */
  env: string[];
  /** Working directory the child chdirs into before exec. */
  cwd: string;
  /**
   * Descriptor map: child fd i is a dup of parent fd fds[i]; -1 leaves fd i closed.
   * Every other descriptor is closed in the child (close_range), so nothing leaks.
   */
  fds: number[];
  /** -1 (default): stay in the parent's process group; 0: new group led by the child; >0: join that group. */
  pgid?: number;
  /** When set, the child's group becomes the foreground group of this terminal fd (tcsetpgrp). */
  foregroundTty?: number;
  /**
   * Signal the child gets when the spawning *thread* dies (PR_SET_PDEATHSIG). Default SIGKILL (9).
   * 0 disables. Spawn from the main thread: a child spawned from a worker_thread dies with the worker.
   */
  pdeathsig?: number;
  /**
   * Isolation for the child. When set, the child is PID 1 of a new pid namespace: it sets
   * up the namespaces, cgroup, mounts and filters, starts the command as its only child,
   * forwards signals to it, reaps everything and reports the command's own exit status.
   */
  sandbox?: SandboxSpec;
}

/** Isolation for a stage (issue 3). Absent means a plain fork/exec: isolation "none". */
export interface SandboxSpec {
  /** New user namespace (needed when not root). The caller maps its uid/gid to the same ids inside. */
  user: boolean;
  pid: boolean;
  mount: boolean;
  uts: boolean;
  ipc: boolean;
  net: boolean;
  hostname?: string;
  /**
   * cgroup.procs files (one per hierarchy). The parent opens them; the child writes itself
   * into each as its very first step, before it runs anything else (no escape between
   * fork and attach).
   */
  cgroupProcs: string[];
  /** A new cgroup namespace (rooted at the stage's cgroup), after the join. */
  cgroupNamespace?: boolean;
  /** Filesystem view (needs mount). Paths that do not exist are skipped. */
  fs?: {
    readOnlyRoot: boolean;
    /** Bind-mounted read-write over the read-only root. */
    writable: string[];
    /** Hidden: an empty tmpfs (directory) or /dev/null (file) mounted over them. */
    hidden: string[];
    /** Fresh tmpfs mounts (e.g. /tmp). */
    tmpfs: string[];
    /** Mount a fresh /proc for the new pid namespace. */
    proc: boolean;
    /** Extra bind mounts [source, target, writable]. */
    binds?: Array<[string, string, boolean]>;
  };
  noNewPrivs: boolean;
  dropCapabilities: boolean;
  seccomp: boolean;
  /** setsid() in the stage so it has no controlling terminal (TIOCSTI defence). */
  newSession: boolean;
}

export interface ExitStatus {
  /** Exit code when the process exited normally, else null. */
  code: number | null;
  /** Signal number when the process was killed by a signal, else null. */
  signal: number | null;
}

export interface SpawnResult {
  pid: number;
}

/**
 * Starts a child. Signal dispositions are reset to default and all signals unblocked in
 * the child (Node ignores SIGPIPE; programs must not inherit that). onExit runs once, on
 * the JS thread, when the child has been reaped (waited through a pidfd on a dedicated
 * thread, not the libuv pool); the event loop stays alive until then.
 * Throws synchronously, with the child already reaped, when a step in the child fails:
 * an Error with .code = errno name ('ENOENT', 'EACCES', 'ENOEXEC', 'ENOTDIR', ...),
 * .errno (negative, as in Node), .syscall ('execve', 'chdir', 'setpgid', 'tcsetpgrp',
 * 'dup2', 'prctl'; sandbox steps: 'cgroup', 'unshare', 'uid_map', 'mount_setattr',
 * 'open_tree', 'move_mount', 'mount', 'mkdir', 'sethostname', 'loopback', 'capset',
 * 'seccomp', 'clone', 'setsid'), .path for execve/chdir/mounts, .step (the step's name)
 * and .sandboxStep (true when a sandbox step failed, not the command's own exec/chdir).
 * The failure travels through a CLOEXEC pipe.
 */
export function spawn(req: SpawnRequest, onExit: (status: ExitStatus) => void): SpawnResult;

/** pipe2(O_CLOEXEC). Returns [readFd, writeFd]. */
export function pipe(): [number, number];

/** Sets or clears O_NONBLOCK on fd. */
export function setNonBlocking(fd: number, on: boolean): void;

/** close(2); errors other than EBADF are thrown. */
export function close(fd: number): void;

/** A relay moves bytes from one fd to another on its own thread (splice when possible). */
export interface Relay {
  /** Bytes moved so far (read atomically). */
  bytes(): number;
  /** Stops the relay (also when its thread waits for input or for room); both fds are closed, onDone gets 'cancelled'. Idempotent. */
  cancel(): void;
}

/**
 * Starts a relay thread that copies from -> to until EOF on `from` or EPIPE on `to`,
 * then closes BOTH fds (so the writer upstream gets SIGPIPE/EPIPE and the reader
 * downstream gets EOF, exactly as with a direct pipe). The relay owns both fds.
 * onDone runs once on the JS thread with the total and an error message: null when clean
 * (EOF on `from`, or the reader of `to` went away), 'cancelled' after cancel(), else e.g.
 * 'splice: EIO (Input/output error)'. The event loop stays alive while the relay runs.
 * If relay() throws (bad fd), the caller still owns both fds.
 */
export function relay(from: number, to: number, onDone: (bytes: number, error: string | null) => void): Relay;
