// fork/exec without a shell. Everything the child needs is prepared in a
// SpawnPlan before the fork, so that the child only makes async-signal-safe
// system calls (no malloc, no locks, no C++ exceptions) until execve.
#pragma once

#include <napi.h>
#include <signal.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "sandbox.h"

namespace aosh {

// Written by the stage's PID 1 just before it exits (RunInit in spawn.cc).
struct StageStatus {
  volatile int magic;    // kStageStatusMagic once set
  volatile int wstatus;  // the command's wait status
};
constexpr int kStageStatusMagic = 0x616f7368;  // "aosh"

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
  // Namespaces, cgroup join, mounts, capabilities, seccomp (sandbox.h). When enabled
  // the child becomes the stage's PID 1 and starts the command as its only child.
  SandboxPlan sandbox;
  // MAP_SHARED page where the stage's PID 1 leaves the command's wait status (a PID 1
  // cannot die by its own signal, so its exit status alone cannot say "killed by N").
  StageStatus* status_page = nullptr;
};

// Where the child failed; the order is the order of the steps in ChildSetup.
enum class ChildStep : int {
  kPdeathsig, kSetpgid, kTcsetpgrp, kDup, kCloseRange, kChdir, kExecve,
  // sandbox steps (in the order the child runs them; kCgroup runs first of all)
  kCgroup, kCgroupNs, kUserns, kMount, kHostname, kLoopback, kCapabilities, kSeccomp, kInit, kSetsid,
};
const char* ChildStepSyscall(ChildStep step);

struct SpawnOutcome {
  pid_t pid = -1;
  int pidfd = -1;  // owned by the caller on success
  int err = 0;     // errno when the spawn failed (the child, if any, is reaped)
  ChildStep step = ChildStep::kExecve;
  int index = -1;                 // the MountOp that failed (kMount)
  StageStatus* status_page = nullptr;  // handed to WatchExit on success
  const char* syscall = nullptr;  // set when the failure is in the parent
};

// Starts the child and waits (synchronously) until it has exec'd or failed.
SpawnOutcome SpawnProcess(SpawnPlan& plan);

// JS binding: spawn(req, onExit) -> { pid }.
Napi::Value JsSpawn(const Napi::CallbackInfo& info);

}  // namespace aosh
