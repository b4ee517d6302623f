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
  /** The shell's umask for the child (default: the kernel's own). */
  umask?: number;
  /**
   * Signals the program starts with ignored (bit N-1 for signal N, 1..31): what the shell
   * ignores (`trap '' PIPE`), and SIGINT/SIGQUIT for a script's background job, as in bash.
   * Every other disposition is the default.
   */
  ignoreSignals?: number;
  /** The shell's ulimits, set in the child before execve: [RLIMIT_*, soft, hard], -1 = unlimited. */
  rlimits?: Array<[number, number, number]>;
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
 * Starts a plain child (no sandbox: sandboxed stages are started by a world, below).
 * Signal dispositions are reset to default and all signals unblocked in the child (Node
 * ignores SIGPIPE; programs must not inherit that). onExit runs once, on the JS thread,
 * when the child has been reaped (waited through a pidfd on a dedicated thread, not the
 * libuv pool); the event loop stays alive until then.
 * Throws synchronously, with the child already reaped, when a step in the child fails:
 * an Error with .code = errno name ('ENOENT', 'EACCES', 'ENOEXEC', 'ENOTDIR', ...),
 * .errno (negative, as in Node), .syscall ('execve', 'chdir', 'setpgid', 'tcsetpgrp',
 * 'dup2', 'prctl') and .path for execve/chdir. The failure travels through a CLOEXEC pipe.
 */
export function spawn(req: SpawnRequest, onExit: (status: ExitStatus) => void): SpawnResult;

/** pipe2(O_CLOEXEC). Returns [readFd, writeFd]. */
export function pipe(): [number, number];

/** Sets or clears O_NONBLOCK on fd. */
export function setNonBlocking(fd: number, on: boolean): void;

/** ioctl(FIONREAD): bytes readable now without blocking (pipes, sockets, terminals). */
export function bytesReadable(fd: number): number;

/**
 * Takes from a pipe what is there now, up to and including the first byte `delim` (-1: none),
 * at most `max` bytes, without reading past it (tee(2) looks first). Empty: nothing there
 * now; null: fd is no pipe.
 */
export function pipeTake(fd: number, delim: number, max: number): Buffer | null;

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

/** A tunnel moves bytes both ways between two sockets on its own thread (tunnel.cc). */
export interface Tunnel {
  /** [a to b, b to a] so far (read atomically). */
  bytes(): [number, number];
  /** Ends the tunnel (its fds closed, onDone gets 'cancelled'). Idempotent. */
  cancel(): void;
}

/**
 * Relays a <-> b (two connected sockets) with half-close until both directions are done, a
 * reset, or cancel(). The fds are duplicated: the caller still owns (and should close) its
 * own. onDone runs once on the JS thread: the byte counts and null, or an error such as
 * 'recv: ECONNRESET (Connection reset by peer)' or 'cancelled'. Throws (nothing started)
 * when an fd is not a socket.
 */
export function tunnel(a: number, b: number, onDone: (aToB: number, bToA: number, error: string | null) => void): Tunnel;

// ---- worlds (native/world/, world_client.cc) ---------------------------------------

/** A started world process: control and event sockets, and the zygote's pidfd. */
export interface WorldHandles {
  ctl: number;
  evt: number;
  pidfd: number;
}

/**
 * Starts the world process (native/build/Release/aosh-world) in new namespaces: flags 1 =
 * a user namespace (not root), 2 = a network namespace of its own. Throws an Error with
 * .code (errno name) and .step ('unshare', 'uid_map', ...) when a namespace is refused.
 */
export function worldStart(bin: string, flags: number): WorldHandles;

/** One mount-plan op: [kind, flags, a, b] (native/world/world.h PlanKind). */
export type PlanOpTuple = [number, number, string, string];

/** Builds the world's filesystem. Throws with .code, .step and .index (the failed op). */
export function worldBuild(ctl: number, ops: PlanOpTuple[]): { helper: number; landlock: number };

export interface WorldSpawnRequest {
  id: number;
  file: string;
  argv: string[];
  env: string[];
  cwd: string;
  /** cgroup.procs fds: the stage joins them before anything else. */
  cgroupFds: number[];
  /** child fd i <- fds[i] (-1: closed). */
  fds: number[];
  /** 1 new session, 2 connect() filter (no network), 4 Landlock scopes. */
  flags: number;
  /** [st_dev, st_ino] of sockets the stage may always connect to. */
  sockets: Array<[number, number]>;
  /** With flag 8 (--allow-run): the only files the stage may execute. */
  exec?: string[];
  /** The shell's umask for the child (default: the kernel's own). */
  umask?: number;
  /**
   * Signals the program starts with ignored (bit N-1 for signal N, 1..31): what the shell
   * ignores (`trap '' PIPE`), and SIGINT/SIGQUIT for a script's background job, as in bash.
   * Every other disposition is the default.
   */
  ignoreSignals?: number;
  /** The shell's ulimits, set in the child before execve: [RLIMIT_*, soft, hard], -1 = unlimited. */
  rlimits?: Array<[number, number, number]>;
}

/** Starts a stage; returns its pid inside the world and a pidfd. Throws with .code and .step ('execve', 'chdir', 'cgroup', ...). */
export function worldSpawn(ctl: number, req: WorldSpawnRequest): { pid: number; pidfd: number; hostPid?: number };

/** A listening TCP socket on the world's loopback (port 0: any). */
export function worldListen(ctl: number, port: number): { fd: number; port: number };

/** A file operation in the world (op: 1 open, 2 stat, 3 lstat, 4 access, 5 readdir, 6 realpath, 7 mkdir, 8 rename (to), 9 unlink (a=1: rmdir)). */
export function worldFs(helper: number, op: number, cwd: string, path: string, a?: number, b?: number, to?: string): unknown;

export type WorldEvent =
  | { type: 'exit'; id: number; code: number | null; signal: number | null }
  | { type: 'denied'; id: number; kind: string; detail: string }
  | { type: 'closed'; code: number | null; signal: number | null };

/** Reads the world's events on a thread; unref'd until ref() (keeps the event loop alive). */
export function worldWatch(evt: number, pidfd: number, onEvent: (e: WorldEvent) => void): { ref(): void; unref(): void; close(): void };

/** pidfd_send_signal(2). */
export function pidfdSignal(pidfd: number, sig: number): void;
