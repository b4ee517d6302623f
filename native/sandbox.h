// The sandbox part of a SpawnPlan (issue 3) and the child-side steps that apply it.
//
// Split by concern, like the rest of the addon:
//   namespaces.cc  clone flags, cgroup join, uid/gid maps, hostname, loopback, and the
//                  stage's PID 1 (reaps, forwards signals, reports the real exit status)
//   mounts.cc      the filesystem view: a list of MountOps built in the parent, run by
//                  the child with one or two system calls each
//   seccomp.cc     capabilities, no_new_privs and the seccomp filter (built once)
// cgroup *management* (layout detection, mkdir, limits, usage, OOM) lives in TypeScript
// (src/kernel/cgroups.ts): it is file I/O that runs once per stage in the parent, easy to
// test and to read. The one thing that must happen in C++ is the join, and it happens in
// the child before it runs anything else: it writes "0" into cgroup.procs fds opened by
// the parent, so a fork bomb cannot start a process outside the cgroup.
//
// As in spawn.cc, every child-side function is async-signal-safe: no allocation, no
// locks, no exceptions. Everything is prepared in the parent.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace aosh {

// One filesystem step, run in order by the child (mounts.cc).
struct MountOp {
  enum Kind : int {
    kPrivate,       // make every mount private (no propagation to or from the host)
    kCloneTree,     // fd slot <- open_tree(path, OPEN_TREE_CLONE|AT_RECURSIVE), read-only if !rw
    kReadOnlyRoot,  // every mount below / read-only and nosuid (mount_setattr, recursive)
    kTmpfs,         // fresh tmpfs at path (mode 1777)
    kMkdir,         // mkdir path (EEXIST is fine): a mount point inside a tmpfs
    kTouch,         // create an empty file: a file mount point inside a tmpfs
    kAttach,        // move_mount(fd slot) onto path, then close the fd
    kHideDir,       // empty read-only tmpfs, mode 000, over a directory
    kHideFile,      // /dev/null bound over a file
    kProc,          // fresh /proc for the new pid namespace
  };
  Kind kind;
  std::string path;
  int slot = -1;  // fd slot for kCloneTree/kAttach
  bool rw = false;
};

struct SandboxPlan {
  bool enabled = false;
  unsigned long long clone_flags = 0;  // CLONE_NEW* for clone3
  bool user = false;                   // maps written by the child itself
  std::string uid_map;                 // "uid uid 1"
  std::string gid_map;
  std::string hostname;
  bool loopback = false;  // bring lo up in the new network namespace
  bool cgroup_ns = false; // unshare(CLONE_NEWCGROUP) after the join
  std::vector<int> cgroup_fds;  // cgroup.procs, opened O_WRONLY by the parent (owned by the plan)
  std::vector<MountOp> mounts;
  std::vector<int> mount_fds;   // slots for kCloneTree, written by the child only
  bool no_new_privs = false;
  bool drop_caps = false;
  bool seccomp = false;
  bool new_session = false;  // setsid() in the command (not in the PID 1)
  // Stack for the vfork-style clone of the command from the PID 1 (allocated here:
  // the child may not allocate).
  std::vector<char> init_stack;
};

// Steps of the sandbox, reported through the error pipe like the other ChildSteps.
// Kept in spawn.h's ChildStep enum; the functions below return -1 with errno set and
// fill *index (a MountOp index) when one applies.

// namespaces.cc
int JoinCgroups(const SandboxPlan& sb);
int WriteIdMaps(const SandboxPlan& sb);
int SetHostname(const SandboxPlan& sb);
int LoopbackUp();
int ParentAlive(int errfd);  // 1 when the read end of the error pipe is still open

// mounts.cc
int ApplyMounts(SandboxPlan& sb, int* index);

// seccomp.cc
int DropCapabilities();
int InstallSeccomp();
// Builds the filter (parent side, once). Returns false when the architecture is unknown.
bool PrepareSeccomp();

}  // namespace aosh
