#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "errors.h"
#include "wait.h"

namespace aosh {
namespace {

// What the child writes into the error pipe when a step fails. Smaller than
// PIPE_BUF, so the write is atomic.
struct ChildReport {
  int err;
  int step;
  int index;
};

// ---- child side: async-signal-safe only -----------------------------------

[[noreturn]] void ChildFail(int errfd, ChildStep step, int index = -1) {
  ChildReport report{errno, static_cast<int>(step), index};
  while (write(errfd, &report, sizeof report) < 0 && errno == EINTR) {
  }
  _exit(127);
}

// Node installs handlers and ignores SIGPIPE/SIGXFSZ. Handled signals are reset
// by execve anyway, but ignored ones would be inherited by the program, so put
// every disposition back to default. Signals stay blocked (the parent blocked
// them all before the fork) until just before execve, so none of Node's
// handlers can run in the child. EINVAL for SIGKILL/SIGSTOP and glibc's
// reserved signals is expected and ignored.
void ResetSignalDispositions() {
  struct sigaction dfl = {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) sigaction(sig, &dfl, nullptr);
}

// Closes every descriptor >= lowest except `keep`.
int CloseFrom(int lowest, int keep) {
  unsigned int ranges[2][2] = {{static_cast<unsigned>(lowest), static_cast<unsigned>(keep) - 1},
                               {static_cast<unsigned>(keep) + 1, ~0U}};
  for (auto& r : ranges) {
    if (r[0] > r[1]) continue;
    if (syscall(SYS_close_range, r[0], r[1], 0) == 0) continue;
    if (errno != ENOSYS) return -1;
    // Kernels before 5.9: close what the descriptor table could hold. Slow
    // with a huge RLIMIT_NOFILE, but only ever used on old kernels.
    long max = sysconf(_SC_OPEN_MAX);
    if (max < 0 || max > (1 << 20)) max = 1 << 20;
    for (long fd = r[0]; fd < max && fd <= static_cast<long>(r[1]); ++fd) close(static_cast<int>(fd));
  }
  return 0;
}

// Makes fd i a copy of plan.fds[i] for every i, closes everything else except
// the error pipe, and returns the error pipe's new number.
// Sources and targets may overlap (e.g. {1, 0} swaps stdin and stdout), so
// every source is first copied to a number >= n, where no target lives, and
// only then dup2'ed into place.
int RemapFds(SpawnPlan& plan, int errfd) {
  const int n = static_cast<int>(plan.fds.size());
  // F_DUPFD_CLOEXEC: if execve fails the pipe must still close on _exit, and
  // on success it must vanish at exec so the parent sees EOF.
  int moved = fcntl(errfd, F_DUPFD_CLOEXEC, n);
  if (moved < 0) ChildFail(errfd, ChildStep::kDup);
  errfd = moved;
  for (int i = 0; i < n; ++i) {
    plan.scratch[i] = -1;
    if (plan.fds[i] < 0) continue;
    plan.scratch[i] = fcntl(plan.fds[i], F_DUPFD_CLOEXEC, n);
    if (plan.scratch[i] < 0) ChildFail(errfd, ChildStep::kDup);
  }
  for (int i = 0; i < n; ++i) {
    if (plan.scratch[i] < 0) {
      close(i);
    } else if (dup2(plan.scratch[i], i) < 0) {  // dup2 clears FD_CLOEXEC on i
      ChildFail(errfd, ChildStep::kDup);
    }
  }
  if (CloseFrom(n, errfd) < 0) ChildFail(errfd, ChildStep::kCloseRange);
  return errfd;
}

// Runs in the child between fork and exec. Never returns.
[[noreturn]] void SandboxSetup(SpawnPlan& plan, int errfd);

[[noreturn]] void ChildSetup(SpawnPlan& plan, int errfd, int errfd_read, pid_t parent) {
  // Our copy of the parent's read end: without closing it, the pipe would always have
  // a reader and ParentAlive() could never see the parent go.
  close(errfd_read);
  // The cgroup comes first, before the child runs anything else (sandbox.h).
  if (plan.sandbox.enabled && JoinCgroups(plan.sandbox) < 0) ChildFail(errfd, ChildStep::kCgroup);

  ResetSignalDispositions();

  if (plan.pdeathsig > 0) {
    if (prctl(PR_SET_PDEATHSIG, plan.pdeathsig) < 0) ChildFail(errfd, ChildStep::kPdeathsig);
    // The parent may have died between fork and prctl; then nobody would ever
    // send the signal. In a new pid namespace getppid() is 0, so a sandboxed
    // child asks the error pipe instead (ParentAlive).
    bool orphaned = (plan.sandbox.clone_flags & CLONE_NEWPID) ? !ParentAlive(errfd) : getppid() != parent;
    if (orphaned) {
      sigset_t none;
      sigemptyset(&none);
      sigprocmask(SIG_SETMASK, &none, nullptr);
      kill(getpid(), plan.pdeathsig);
      _exit(128 + plan.pdeathsig);
    }
  }

  if (plan.pgid >= 0 && setpgid(0, plan.pgid) < 0) ChildFail(errfd, ChildStep::kSetpgid);

  // tcsetpgrp from a background group raises SIGTTOU unless it is blocked;
  // everything is still blocked here, which is exactly what a shell needs.
  if (plan.foreground_tty >= 0 && tcsetpgrp(plan.foreground_tty, getpgrp()) < 0) {
    ChildFail(errfd, ChildStep::kTcsetpgrp);
  }

  errfd = RemapFds(plan, errfd);

  // Sandboxed: the mounts change what the path means, so chdir comes after them.
  if (plan.sandbox.enabled) SandboxSetup(plan, errfd);

  if (chdir(plan.cwd.c_str()) < 0) ChildFail(errfd, ChildStep::kChdir);

  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(plan.file.c_str(), plan.argv.data(), plan.envp.data());
  ChildFail(errfd, ChildStep::kExecve);
}

// ---- the stage's PID 1 ------------------------------------------------------
//
// A sandboxed child is PID 1 of its pid namespace. A command run directly as PID 1
// would not reap orphans (zombies pile up) and would ignore every signal it has no
// handler for (SIGTERM, SIGINT: the kernel protects a namespace's init). So the child
// stays PID 1, a minimal init: it starts the command as PID 2, forwards signals to it,
// reaps everything, and exits with the command's status once the command has ended;
// the kernel then kills whatever else is left in the namespace. Killing PID 1 from
// outside (SIGKILL, or PR_SET_PDEATHSIG when aosh dies) kills the whole namespace.
//
// The command is started with clone(CLONE_VM | CLONE_VFORK): no copy of Node's page
// tables a second time, and PID 1 sleeps until the command has exec'd (or failed,
// writing to the error pipe), so it can then close every fd it holds, the error pipe
// included, which tells the parent that exec succeeded.

// Stack for the vfork-style clone. Never touched by the parent: each child writes its
// own copy-on-write copy, so one static buffer serves every spawn.
alignas(64) char init_stack[64 * 1024];

struct CommandArgs {
  SpawnPlan* plan;
  int errfd;
};

int CommandMain(void* arg) {
  auto* a = static_cast<CommandArgs*>(arg);
  SpawnPlan& plan = *a->plan;
  if (plan.sandbox.new_session && setsid() < 0) ChildFail(a->errfd, ChildStep::kSetsid);
  // Under memory pressure the OOM killer must pick the command (or its children), not
  // the PID 1 (a copy-on-write image of Node with a large RSS). Raising the score needs
  // no privilege; it is inherited by everything the command starts.
  int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
  if (fd >= 0) {
    ssize_t ignored = write(fd, "1000", 4);
    (void)ignored;
    close(fd);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(plan.file.c_str(), plan.argv.data(), plan.envp.data());
  ChildFail(a->errfd, ChildStep::kExecve);
}

[[noreturn]] void RunInit(SpawnPlan& plan, pid_t child) {
  // With the command in its own session it cannot get terminal signals itself, so every
  // signal PID 1 receives is for it. Sharing our process group (an interactive
  // foreground job), it gets the terminal's SIGINT/SIGTSTP directly: forward only what
  // a process sent (si_code != SI_KERNEL), or it would arrive twice.
  const bool forward_all = plan.sandbox.new_session;
  sigset_t all;
  sigfillset(&all);  // already blocked since before the clone
  for (;;) {
    siginfo_t si;
    int sig = sigwaitinfo(&all, &si);
    if (sig < 0) continue;
    if (sig != SIGCHLD) {
      if (forward_all || si.si_code != SI_KERNEL) kill(child, sig);
      continue;
    }
    int status;
    pid_t p;
    while ((p = waitpid(-1, &status, WNOHANG | __WALL)) > 0) {
      if (p != child || !(WIFEXITED(status) || WIFSIGNALED(status))) continue;
      if (plan.status_page) {
        plan.status_page->wstatus = status;
        __atomic_store_n(&plan.status_page->magic, kStageStatusMagic, __ATOMIC_RELEASE);
      }
      _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    }
  }
}

// After RemapFds, inside the new namespaces: the view, the privileges, then the command.
[[noreturn]] void SandboxSetup(SpawnPlan& plan, int errfd) {
  SandboxPlan& sb = plan.sandbox;
  if (sb.cgroup_ns && unshare(CLONE_NEWCGROUP) < 0) ChildFail(errfd, ChildStep::kCgroupNs);
  if (WriteIdMaps(sb) < 0) ChildFail(errfd, ChildStep::kUserns);
  int index = -1;
  if (ApplyMounts(sb, &index) < 0) ChildFail(errfd, ChildStep::kMount, index);
  if (chdir(plan.cwd.c_str()) < 0) ChildFail(errfd, ChildStep::kChdir);
  if (SetHostname(sb) < 0) ChildFail(errfd, ChildStep::kHostname);
  if (sb.loopback && LoopbackUp() < 0) ChildFail(errfd, ChildStep::kLoopback);
  if (sb.drop_caps && DropCapabilities() < 0) ChildFail(errfd, ChildStep::kCapabilities);
  if (sb.no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) ChildFail(errfd, ChildStep::kCapabilities);
  if (sb.seccomp && InstallSeccomp() < 0) ChildFail(errfd, ChildStep::kSeccomp);

  CommandArgs args{&plan, errfd};
  pid_t child = clone(CommandMain, init_stack + sizeof init_stack, CLONE_VM | CLONE_VFORK | SIGCHLD, &args);
  if (child < 0) ChildFail(errfd, ChildStep::kInit);
  // The command has exec'd (or failed and reported it): hold nothing, so readers see
  // EOF when the command closes its end, and the parent sees EOF on the error pipe.
  CloseFrom(0, -1);
  RunInit(plan, child);
}

// ---- parent side -----------------------------------------------------------

unsigned long long CloneFlags(const SpawnPlan& plan) { return plan.sandbox.enabled ? plan.sandbox.clone_flags : 0; }

// clone3 behaves like fork (no CLONE_VM, stack 0 = copy-on-write) but hands
// back a pidfd atomically (CLONE_PIDFD), takes namespace flags, and later
// CLONE_INTO_CGROUP. Falls back to fork + pidfd_open where clone3 is missing
// or filtered (old kernels, some container seccomp profiles).
// Unlike glibc's fork(), the raw syscall runs no atfork handlers and leaves
// the thread's cached tid stale; the child only makes raw system calls, so
// neither matters (raise() and pthread_* are never used there).
pid_t CloneChild(const SpawnPlan& plan, int* pidfd) {
  struct clone_args args = {};
  args.flags = CLONE_PIDFD | CloneFlags(plan);
  args.pidfd = reinterpret_cast<unsigned long long>(pidfd);
  args.exit_signal = SIGCHLD;
  long pid = syscall(SYS_clone3, &args, sizeof args);
  if (pid >= 0 || (errno != ENOSYS && errno != EPERM) || CloneFlags(plan) != 0) {
    return static_cast<pid_t>(pid);
  }
  pid = fork();
  if (pid > 0) {
    // Safe from pid reuse: the child is ours and nobody waits for it yet.
    *pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    if (*pidfd < 0) {
      int err = errno;
      kill(static_cast<pid_t>(pid), SIGKILL);
      waitpid(static_cast<pid_t>(pid), nullptr, 0);
      errno = err;
      return -1;
    }
  }
  return static_cast<pid_t>(pid);
}

}  // namespace

const char* ChildStepSyscall(ChildStep step) {
  switch (step) {
    case ChildStep::kPdeathsig: return "prctl";
    case ChildStep::kSetpgid: return "setpgid";
    case ChildStep::kTcsetpgrp: return "tcsetpgrp";
    case ChildStep::kDup: return "dup2";
    case ChildStep::kCloseRange: return "close_range";
    case ChildStep::kChdir: return "chdir";
    case ChildStep::kExecve: return "execve";
    case ChildStep::kCgroup: return "cgroup";
    case ChildStep::kCgroupNs: return "unshare";
    case ChildStep::kUserns: return "uid_map";
    case ChildStep::kMount: return "mount";
    case ChildStep::kHostname: return "sethostname";
    case ChildStep::kLoopback: return "loopback";
    case ChildStep::kCapabilities: return "capset";
    case ChildStep::kSeccomp: return "seccomp";
    case ChildStep::kInit: return "clone";
    case ChildStep::kSetsid: return "setsid";
  }
  return "spawn";
}

SpawnOutcome SpawnProcess(SpawnPlan& plan) {
  SpawnOutcome out;
  plan.scratch.assign(plan.fds.size(), -1);
  if (plan.sandbox.enabled) {
    void* page = mmap(nullptr, sizeof(StageStatus), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
      out.err = errno;
      out.syscall = "mmap";
      return out;
    }
    plan.status_page = static_cast<StageStatus*>(page);
  }
  auto drop_page = [&plan] {
    if (plan.status_page) munmap(plan.status_page, sizeof(StageStatus));
    plan.status_page = nullptr;
  };

  // O_CLOEXEC: execve closes the child's end, so EOF without a report = success.
  int errpipe[2];
  if (pipe2(errpipe, O_CLOEXEC) < 0) {
    out.err = errno;
    out.syscall = "pipe2";
    drop_page();
    return out;
  }

  // Block everything across the fork: the child must not run Node's signal
  // handlers (they write to libuv's signal pipe, shared with the parent).
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  const pid_t parent = getpid();
  int pidfd = -1;
  pid_t pid = CloneChild(plan, &pidfd);
  if (pid == 0) ChildSetup(plan, errpipe[1], errpipe[0], parent);
  int clone_err = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  close(errpipe[1]);

  if (pid < 0) {
    close(errpipe[0]);
    out.err = clone_err;
    out.syscall = "clone";
    drop_page();
    return out;
  }

  ChildReport report;
  ssize_t got;
  do {
    got = read(errpipe[0], &report, sizeof report);
  } while (got < 0 && errno == EINTR);
  close(errpipe[0]);

  if (got == static_cast<ssize_t>(sizeof report)) {
    // The child has already called _exit(127); reap exactly that pid.
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    close(pidfd);
    out.err = report.err;
    out.step = static_cast<ChildStep>(report.step);
    out.index = report.index;
    drop_page();
    return out;
  }
  out.pid = pid;
  out.pidfd = pidfd;
  out.status_page = plan.status_page;
  return out;
}

// ---- JS binding --------------------------------------------------------------

namespace {

// The TS loader validates everything first; these checks only keep C++ safe
// when the addon is called directly.
std::string GetString(Napi::Env env, Napi::Object req, const char* key) {
  Napi::Value v = req.Get(key);
  if (!v.IsString()) throw Napi::TypeError::New(env, std::string("spawn: req.") + key + " must be a string");
  std::string s = v.As<Napi::String>();
  if (s.find('\0') != std::string::npos) {
    throw Napi::TypeError::New(env, std::string("spawn: req.") + key + " contains a NUL byte");
  }
  return s;
}

std::vector<std::string> GetStrings(Napi::Env env, Napi::Object req, const char* key) {
  Napi::Value v = req.Get(key);
  if (!v.IsArray()) throw Napi::TypeError::New(env, std::string("spawn: req.") + key + " must be an array");
  Napi::Array arr = v.As<Napi::Array>();
  std::vector<std::string> out;
  out.reserve(arr.Length());
  for (uint32_t i = 0; i < arr.Length(); ++i) {
    Napi::Value item = arr.Get(i);
    if (!item.IsString()) throw Napi::TypeError::New(env, std::string("spawn: req.") + key + " must hold strings");
    out.push_back(item.As<Napi::String>());
    if (out.back().find('\0') != std::string::npos) {
      throw Napi::TypeError::New(env, std::string("spawn: req.") + key + " contains a NUL byte");
    }
  }
  return out;
}

int GetInt(Napi::Env env, Napi::Object req, const char* key, int fallback) {
  Napi::Value v = req.Get(key);
  if (v.IsUndefined() || v.IsNull()) return fallback;
  if (!v.IsNumber()) throw Napi::TypeError::New(env, std::string("spawn: req.") + key + " must be a number");
  return v.As<Napi::Number>().Int32Value();
}

std::vector<char*> PointersTo(std::vector<std::string>& strings) {
  std::vector<char*> ptrs;
  ptrs.reserve(strings.size() + 1);
  for (auto& s : strings) ptrs.push_back(s.data());
  ptrs.push_back(nullptr);
  return ptrs;
}

// Owns the cgroup.procs fds of a plan: the parent closes them once the child is
// running (or failed).
struct FdCloser {
  std::vector<int>& fds;
  ~FdCloser() {
    for (int fd : fds) close(fd);
  }
};

bool GetBool(Napi::Object obj, const char* key) {
  Napi::Value v = obj.Get(key);
  return v.IsBoolean() && v.As<Napi::Boolean>().Value();
}

const char* MountOpSyscall(MountOp::Kind kind) {
  switch (kind) {
    case MountOp::kPrivate:
    case MountOp::kReadOnlyRoot: return "mount_setattr";
    case MountOp::kCloneTree: return "open_tree";
    case MountOp::kMkdir: return "mkdir";
    case MountOp::kTouch: return "open";
    case MountOp::kAttach: return "move_mount";
    default: return "mount";
  }
}

bool IsUnder(const std::string& path, const std::string& dir) {
  if (dir == "/") return true;
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

// Turns the JS filesystem spec into the ordered MountOps that mounts.cc runs (see the
// order there). Paths that do not exist are skipped: nothing to hide or to grant.
void BuildMounts(Napi::Env env, Napi::Object fs, SandboxPlan& sb, bool proc_allowed) {
  struct Clone {
    std::string src, dst;
    bool rw, dir;
  };
  std::vector<Clone> clones;
  struct stat st;
  for (auto& w : GetStrings(env, fs, "writable")) {
    if (stat(w.c_str(), &st) == 0) clones.push_back({w, w, true, S_ISDIR(st.st_mode)});
  }
  Napi::Value binds = fs.Get("binds");
  if (binds.IsArray()) {
    Napi::Array arr = binds.As<Napi::Array>();
    for (uint32_t i = 0; i < arr.Length(); ++i) {
      Napi::Value b = arr.Get(i);
      if (!b.IsArray() || b.As<Napi::Array>().Length() != 3) {
        throw Napi::TypeError::New(env, "spawn: req.sandbox.fs.binds must hold [source, target, writable]");
      }
      Napi::Array t = b.As<Napi::Array>();
      std::string src = t.Get(0u).ToString(), dst = t.Get(1u).ToString();
      if (stat(src.c_str(), &st) == 0) clones.push_back({src, dst, t.Get(2u).ToBoolean(), S_ISDIR(st.st_mode)});
    }
  }
  std::vector<std::string> tmpfs;
  for (auto& t : GetStrings(env, fs, "tmpfs")) {
    if (stat(t.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) tmpfs.push_back(t);
  }
  auto& ops = sb.mounts;
  ops.push_back({MountOp::kPrivate, "/"});
  for (size_t i = 0; i < clones.size(); ++i) {
    ops.push_back({MountOp::kCloneTree, clones[i].src, static_cast<int>(i), clones[i].rw});
  }
  if (GetBool(fs, "readOnlyRoot")) ops.push_back({MountOp::kReadOnlyRoot, "/"});
  for (auto& t : tmpfs) ops.push_back({MountOp::kTmpfs, t});
  // Shallow targets first, so a nested grant lands on top of its parent's.
  std::vector<size_t> order(clones.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return clones[a].dst.size() < clones[b].dst.size(); });
  for (size_t i : order) {
    const Clone& c = clones[i];
    for (auto& t : tmpfs) {
      if (!IsUnder(c.dst, t)) continue;
      // Mount point inside a fresh tmpfs: create the missing directories (and the file).
      for (size_t slash = c.dst.find('/', t.size() + 1); slash != std::string::npos; slash = c.dst.find('/', slash + 1)) {
        ops.push_back({MountOp::kMkdir, c.dst.substr(0, slash)});
      }
      ops.push_back({c.dir ? MountOp::kMkdir : MountOp::kTouch, c.dst});
      break;
    }
    ops.push_back({MountOp::kAttach, c.dst, static_cast<int>(i), c.rw});
  }
  for (auto& h : GetStrings(env, fs, "hidden")) {
    if (stat(h.c_str(), &st) != 0) continue;
    bool covered = false;
    for (auto& t : tmpfs) covered = covered || IsUnder(h, t) || h == t;
    if (covered) continue;
    if (S_ISDIR(st.st_mode)) ops.push_back({MountOp::kHideDir, h});
    else ops.push_back({MountOp::kHideFile, h});
  }
  if (GetBool(fs, "proc") && proc_allowed) ops.push_back({MountOp::kProc, "/proc"});
  sb.mount_fds.assign(clones.size(), -1);
}

void ParseSandbox(Napi::Env env, Napi::Object spec, SandboxPlan& sb) {
  sb.enabled = true;
  sb.user = GetBool(spec, "user");
  bool pid = GetBool(spec, "pid"), mount = GetBool(spec, "mount");
  sb.clone_flags = (sb.user ? CLONE_NEWUSER : 0) | (pid ? CLONE_NEWPID : 0) | (mount ? CLONE_NEWNS : 0) |
                   (GetBool(spec, "uts") ? CLONE_NEWUTS : 0) | (GetBool(spec, "ipc") ? CLONE_NEWIPC : 0) |
                   (GetBool(spec, "net") ? CLONE_NEWNET : 0);
  sb.loopback = GetBool(spec, "net");
  sb.cgroup_ns = GetBool(spec, "cgroupNamespace");
  if (sb.user) {
    sb.uid_map = std::to_string(getuid()) + " " + std::to_string(getuid()) + " 1";
    sb.gid_map = std::to_string(getgid()) + " " + std::to_string(getgid()) + " 1";
  }
  Napi::Value host = spec.Get("hostname");
  if (host.IsString()) sb.hostname = host.As<Napi::String>();
  if (!sb.hostname.empty() && !(sb.clone_flags & CLONE_NEWUTS)) {
    throw Napi::TypeError::New(env, "spawn: req.sandbox.hostname needs uts: true");
  }
  Napi::Value fs = spec.Get("fs");
  if (fs.IsObject()) {
    if (!mount) throw Napi::TypeError::New(env, "spawn: req.sandbox.fs needs mount: true");
    BuildMounts(env, fs.As<Napi::Object>(), sb, pid);
  } else if (mount) {
    sb.mounts.push_back({MountOp::kPrivate, "/"});
  }
  sb.no_new_privs = GetBool(spec, "noNewPrivs");
  sb.drop_caps = GetBool(spec, "dropCapabilities");
  sb.seccomp = GetBool(spec, "seccomp");
  if (sb.seccomp && !PrepareSeccomp()) throw Napi::Error::New(env, "spawn: seccomp filter not available on this architecture");
  sb.new_session = GetBool(spec, "newSession");
  Napi::Value procs = spec.Get("cgroupProcs");
  if (!procs.IsUndefined()) {
    for (auto& path : GetStrings(env, spec, "cgroupProcs")) {
      int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd < 0) throw ErrnoError(env, errno, "open", path);
      sb.cgroup_fds.push_back(fd);
    }
  }
}

}  // namespace

Napi::Value JsSpawn(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject() || !info[1].IsFunction()) {
    throw Napi::TypeError::New(env, "spawn(req, onExit): expected an object and a function");
  }
  Napi::Object req = info[0].As<Napi::Object>();

  SpawnPlan plan;
  FdCloser cgroup_fds{plan.sandbox.cgroup_fds};
  Napi::Value sandbox = req.Get("sandbox");
  if (!sandbox.IsUndefined() && !sandbox.IsNull()) {
    if (!sandbox.IsObject()) throw Napi::TypeError::New(env, "spawn: req.sandbox must be an object");
    ParseSandbox(env, sandbox.As<Napi::Object>(), plan.sandbox);
  }
  plan.file = GetString(env, req, "file");
  plan.cwd = GetString(env, req, "cwd");
  plan.argv_strings = GetStrings(env, req, "argv");
  plan.env_strings = GetStrings(env, req, "env");
  if (plan.argv_strings.empty()) throw Napi::TypeError::New(env, "spawn: req.argv must not be empty");
  plan.argv = PointersTo(plan.argv_strings);
  plan.envp = PointersTo(plan.env_strings);
  Napi::Value fds = req.Get("fds");
  if (!fds.IsArray()) throw Napi::TypeError::New(env, "spawn: req.fds must be an array");
  for (uint32_t i = 0; i < fds.As<Napi::Array>().Length(); ++i) {
    Napi::Value fd = fds.As<Napi::Array>().Get(i);
    if (!fd.IsNumber()) throw Napi::TypeError::New(env, "spawn: req.fds must hold numbers");
    plan.fds.push_back(std::max(-1, fd.As<Napi::Number>().Int32Value()));
  }
  plan.pgid = GetInt(env, req, "pgid", -1);
  plan.foreground_tty = GetInt(env, req, "foregroundTty", -1);
  plan.pdeathsig = GetInt(env, req, "pdeathsig", SIGKILL);

  SpawnOutcome out = SpawnProcess(plan);
  if (out.err != 0) {
    const char* syscall = out.syscall ? out.syscall : ChildStepSyscall(out.step);
    std::string path;
    if (!out.syscall && out.step == ChildStep::kExecve) path = plan.file;
    if (!out.syscall && out.step == ChildStep::kChdir) path = plan.cwd;
    if (!out.syscall && out.step == ChildStep::kMount && out.index >= 0 &&
        out.index < static_cast<int>(plan.sandbox.mounts.size())) {
      const MountOp& op = plan.sandbox.mounts[out.index];
      syscall = MountOpSyscall(op.kind);
      path = op.path;
    }
    Napi::Error error = ErrnoError(env, out.err, syscall, path);
    // Which setup step failed, for the kernel's one-line warning ("sandbox step mount ...").
    error.Value().Set("step", ChildStepSyscall(out.step));
    error.Value().Set("sandboxStep", !out.syscall && out.step >= ChildStep::kCgroup);
    throw error;
  }

  WatchExit(env, out.pid, out.pidfd, info[1].As<Napi::Function>(), out.status_page);
  Napi::Object result = Napi::Object::New(env);
  result.Set("pid", out.pid);
  return result;
}

}  // namespace aosh
