// fork/exec without a shell. Everything the child needs is prepared in a SpawnPlan before
// the clone, so that the child only makes async-signal-safe system calls (no malloc, no
// locks, no C++ exceptions) until execve. Sandboxed stages are not started here: the
// world's zygote forks them (native/world/); this starts the zygote itself and, with
// --no-sandbox, plain processes.
#pragma once

#include <napi.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include <string>
#include <vector>

namespace aosh {

// One setrlimit(2) of the shell's `ulimit` for the child (RLIM_INFINITY: unlimited).
struct RlimitSpec {
  int resource;
  uint64_t cur, max;
};

// req.rlimits: [[resource, soft, hard], ...] with -1 for unlimited; undefined: none.
std::vector<RlimitSpec> Rlimits(Napi::Env env, Napi::Value v, const char* fn);

struct SpawnPlan {
  std::string file;
  std::string cwd;
  std::vector<std::string> argv_strings;
  std::vector<std::string> env_strings;
  std::vector<char*> argv;  // NULL-terminated views into argv_strings
  std::vector<char*> envp;  // NULL-terminated views into env_strings
  std::vector<int> fds;     // child fd i <- parent fd fds[i]; -1 = closed
  std::vector<int> scratch; // one slot per fds entry, written by the child only
  int pgid = -1;            // -1 keep the parent's group, 0 new group, >0 join
  int foreground_tty = -1;  // tcsetpgrp() this fd to the child's group
  int pdeathsig = SIGKILL;  // 0 disables
  int umask = -1;           // the shell's umask for the child; -1 keeps ours
  uint32_t ignore = 0;      // signals started ignored: bit N-1 for signal N
  std::vector<RlimitSpec> rlimits;  // the shell's ulimits, set in the child before execve
};

// Where the child failed; the order is the order of the steps in ChildSetup.
enum class ChildStep : int {
  kPdeathsig, kSetpgid, kTcsetpgrp, kDup, kCloseRange, kChdir, kSetrlimit, kExecve,
};
const char* ChildStepSyscall(ChildStep step);

struct SpawnOutcome {
  pid_t pid = -1;
  int pidfd = -1;  // owned by the caller on success
  int err = 0;     // errno when the spawn failed (the child, if any, is reaped)
  ChildStep step = ChildStep::kExecve;
  const char* syscall = nullptr;  // set when the failure is in the parent
};

// Starts the child and waits (synchronously) until it has exec'd or failed.
SpawnOutcome SpawnProcess(SpawnPlan& plan);

// JS binding: spawn(req, onExit) -> { pid }.
Napi::Value JsSpawn(const Napi::CallbackInfo& info);

}  // namespace aosh
