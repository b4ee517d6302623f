#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errors.h"
#include "wait.h"

namespace aosh {
namespace {

// What the child writes into the error pipe when a step fails. Smaller than
// PIPE_BUF, so the write is atomic.
struct ChildReport {
  int err;
  int step;
  int unused;
};

// ---- child side: async-signal-safe only -----------------------------------

[[noreturn]] void ChildFail(int errfd, ChildStep step) {
  ChildReport report{errno, static_cast<int>(step), -1};
  while (write(errfd, &report, sizeof report) < 0 && errno == EINTR) {
  }
  _exit(127);
}

// Node installs handlers and ignores SIGPIPE/SIGXFSZ. Handled signals are reset by execve
// anyway, but ignored ones would be inherited by the program, so put every disposition
// back to default. Signals stay blocked (the parent blocked them all before the clone)
// until just before execve, so none of Node's handlers can run in the child. EINVAL for
// SIGKILL/SIGSTOP and glibc's reserved signals is expected and ignored.
void ResetSignalDispositions() {
  struct sigaction dfl = {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) sigaction(sig, &dfl, nullptr);
}

// Then the ones the request wants ignored (bit N-1: signal N), which execve keeps.
void IgnoreSignals(uint32_t mask) {
  struct sigaction ign = {};
  ign.sa_handler = SIG_IGN;
  for (int sig = 1; sig <= 31; ++sig)
    if (mask & (1u << (sig - 1))) sigaction(sig, &ign, nullptr);
}

// Closes every descriptor >= lowest except `keep`.
int CloseFrom(int lowest, int keep) {
  unsigned int ranges[2][2] = {{static_cast<unsigned>(lowest), static_cast<unsigned>(keep) - 1},
                               {static_cast<unsigned>(keep) + 1, ~0U}};
  for (auto& r : ranges) {
    if (r[0] > r[1]) continue;
    if (syscall(SYS_close_range, r[0], r[1], 0) == 0) continue;
    if (errno != ENOSYS) return -1;
    long max = sysconf(_SC_OPEN_MAX);
    if (max < 0 || max > (1 << 20)) max = 1 << 20;
    for (long fd = r[0]; fd < max && fd <= static_cast<long>(r[1]); ++fd) close(static_cast<int>(fd));
  }
  return 0;
}

// Makes fd i a copy of plan.fds[i] for every i, closes everything else except the error
// pipe, and returns the error pipe's new number. Sources and targets may overlap (e.g.
// {1, 0} swaps stdin and stdout), so every source is first copied to a number >= n,
// where no target lives, and only then dup2'ed into place.
int RemapFds(SpawnPlan& plan, int errfd) {
  const int n = static_cast<int>(plan.fds.size());
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

struct ChildArgs {
  SpawnPlan* plan;
  int errfd;
  int errfd_read;
  pid_t parent;
};

// The child, started with CLONE_VM | CLONE_VFORK: it runs on its own stack in the
// parent's memory while the parent waits, so it only makes system calls and writes
// nothing but the plan's scratch slots, until execve (or _exit after a failure).
int ChildMain(void* arg) {
  auto* a = static_cast<ChildArgs*>(arg);
  SpawnPlan& plan = *a->plan;
  int errfd = a->errfd;
  // Our copy of the parent's read end (the fd table is not shared).
  close(a->errfd_read);
  ResetSignalDispositions();
  IgnoreSignals(plan.ignore);
  if (plan.pdeathsig > 0) {
    if (prctl(PR_SET_PDEATHSIG, plan.pdeathsig) < 0) ChildFail(errfd, ChildStep::kPdeathsig);
    // The parent may have died between the clone and prctl; then nobody would ever send it.
    if (getppid() != a->parent) _exit(128 + plan.pdeathsig);
  }
  if (plan.pgid >= 0 && setpgid(0, plan.pgid) < 0) ChildFail(errfd, ChildStep::kSetpgid);
  // tcsetpgrp from a background group raises SIGTTOU unless it is blocked; everything is
  // still blocked here, which is exactly what a shell needs.
  if (plan.foreground_tty >= 0 && tcsetpgrp(plan.foreground_tty, getpgrp()) < 0) ChildFail(errfd, ChildStep::kTcsetpgrp);
  errfd = RemapFds(plan, errfd);
  if (chdir(plan.cwd.c_str()) < 0) ChildFail(errfd, ChildStep::kChdir);
  // The shell's umask and ulimits: the child's own (no CLONE_FS; rlimits are per process),
  // never the kernel's.
  if (plan.umask >= 0) umask(static_cast<mode_t>(plan.umask));
  for (const auto& l : plan.rlimits) {
    struct rlimit rl = {static_cast<rlim_t>(l.cur), static_cast<rlim_t>(l.max)};
    if (setrlimit(l.resource, &rl) < 0) ChildFail(errfd, ChildStep::kSetrlimit);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(plan.file.c_str(), plan.argv.data(), plan.envp.data());
  ChildFail(errfd, ChildStep::kExecve);
}

// Stack of the vfork-style child: one spawn at a time (the JS thread), and the parent is
// suspended while the child uses it.
alignas(64) char child_stack[64 * 1024];

}  // namespace

const char* ChildStepSyscall(ChildStep step) {
  switch (step) {
    case ChildStep::kPdeathsig: return "prctl";
    case ChildStep::kSetpgid: return "setpgid";
    case ChildStep::kTcsetpgrp: return "tcsetpgrp";
    case ChildStep::kDup: return "dup2";
    case ChildStep::kCloseRange: return "close_range";
    case ChildStep::kChdir: return "chdir";
    case ChildStep::kSetrlimit: return "setrlimit";
    case ChildStep::kExecve: return "execve";
  }
  return "spawn";
}

SpawnOutcome SpawnProcess(SpawnPlan& plan) {
  SpawnOutcome out;
  plan.scratch.assign(plan.fds.size(), -1);
  // O_CLOEXEC: execve closes the child's end, so EOF without a report = success.
  int errpipe[2];
  if (pipe2(errpipe, O_CLOEXEC) < 0) {
    out.err = errno;
    out.syscall = "pipe2";
    return out;
  }
  // Block everything across the clone: the child must not run Node's signal handlers
  // (they write to libuv's signal pipe, shared with the parent).
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  int pidfd = -1;
  ChildArgs args{&plan, errpipe[1], errpipe[0], getpid()};
  // CLONE_VM | CLONE_VFORK: no copy of Node's page tables (what made a fork of a big
  // Node process cost milliseconds); CLONE_PIDFD hands back a pidfd atomically.
  pid_t pid = clone(ChildMain, child_stack + sizeof child_stack, CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD, &args, &pidfd);
  int clone_err = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  close(errpipe[1]);
  if (pid < 0) {
    close(errpipe[0]);
    out.err = clone_err;
    out.syscall = "clone";
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
    return out;
  }
  out.pid = pid;
  out.pidfd = pidfd;
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

}  // namespace

std::vector<RlimitSpec> Rlimits(Napi::Env env, Napi::Value v, const char* fn) {
  std::vector<RlimitSpec> out;
  if (v.IsUndefined() || v.IsNull()) return out;
  if (!v.IsArray()) throw Napi::TypeError::New(env, std::string(fn) + ": req.rlimits must be an array");
  Napi::Array arr = v.As<Napi::Array>();
  for (uint32_t i = 0; i < arr.Length(); ++i) {
    Napi::Value e = arr.Get(i);
    if (!e.IsArray() || e.As<Napi::Array>().Length() != 3) throw Napi::TypeError::New(env, std::string(fn) + ": req.rlimits[i] must be [resource, soft, hard]");
    Napi::Array t = e.As<Napi::Array>();
    auto value = [&](uint32_t k) -> uint64_t {
      double d = t.Get(k).ToNumber().DoubleValue();
      return d < 0 ? static_cast<uint64_t>(RLIM_INFINITY) : static_cast<uint64_t>(d);
    };
    out.push_back({t.Get(0u).ToNumber().Int32Value(), value(1), value(2)});
  }
  return out;
}

Napi::Value JsSpawn(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject() || !info[1].IsFunction()) {
    throw Napi::TypeError::New(env, "spawn(req, onExit): expected an object and a function");
  }
  Napi::Object req = info[0].As<Napi::Object>();

  SpawnPlan plan;
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
  plan.umask = GetInt(env, req, "umask", -1);
  plan.ignore = static_cast<uint32_t>(GetInt(env, req, "ignoreSignals", 0)) & 0x7fffffffu;
  if (plan.umask >= 0) plan.umask &= 0777;
  plan.rlimits = Rlimits(env, req.Get("rlimits"), "spawn");

  SpawnOutcome out = SpawnProcess(plan);
  if (out.err != 0) {
    const char* syscall = out.syscall ? out.syscall : ChildStepSyscall(out.step);
    std::string path;
    if (!out.syscall && out.step == ChildStep::kExecve) path = plan.file;
    if (!out.syscall && out.step == ChildStep::kChdir) path = plan.cwd;
    throw ErrnoError(env, out.err, syscall, path);
  }

  WatchExit(env, out.pid, out.pidfd, info[1].As<Napi::Function>());
  Napi::Object result = Napi::Object::New(env);
  result.Set("pid", out.pid);
  return result;
}

}  // namespace aosh
