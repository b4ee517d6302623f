// aosh-world: the process that IS a world (DESIGN.md "One world per session").
//
//   kernel (node) --fork/exec--> starter --unshare(user?), unshare(mnt,pid,uts,ipc,net?)
//                                   \--clone(CLONE_PARENT)--> zygote (PID 1 of the world)
//
// The zygote builds the world's filesystem once (build.cc, from the plan the kernel
// computed: src/kernel/world/plan.ts), forks the fs helper (fshelper.cc: the shell's and
// the socket's file operations, made with a stage's credentials inside the world), and
// then forks every stage (stage.cc: its own pid and mount namespace, a fresh /proc, its
// cgroup joined first, no capabilities, Landlock scopes and the seccomp filter of
// filter.cc, with a PID 1 that reaps, forwards signals and answers the filter's connect()
// notifications). A stage is forked one ahead (a spare): its namespaces and /proc are made
// while the previous command runs, and a spawn only hands it the plan. The children only
// make system calls until they exec.
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include <string>
#include <vector>

namespace aosh {
namespace world {

// ---- the mount plan (build.cc) ----------------------------------------------------

enum PlanKind : uint32_t {
  kClone = 1,     // a = host source; flags kRecursive|kWritable|kKeepDev; the next free slot
  kRoot = 2,      // the new root: a tmpfs staged over /tmp (clones are taken before)
  kMkdir = 3,     // a = path, mode = flags
  kTouch = 4,     // a = path, mode = flags
  kSymlink = 5,   // a = target, b = path
  kAttach = 6,    // slot = flags, a = path
  kTmpfs = 7,     // a = path, b = "mode=0755,size=0"; flags kReadOnly|kNoExec
  kHideFile = 8,  // a = path: an empty mode-000 read-only file bound over it
  kDevpts = 9,    // a = path: a private devpts instance
  kProc = 10,     // a = path: the world's /proc
  kReadOnly = 11, // a = path: that mount made read-only (not recursive)
  kPivot = 12,    // the new root becomes / (the host's tree is detached)
  kHostname = 13, // a = name
  kLoopback = 14, // bring lo up (a new network namespace has it down)
};

enum PlanFlags : uint32_t {
  kRecursive = 1,
  kWritable = 2,
  kKeepDev = 4,
  kReadOnlyMount = 8,
  kNoExec = 16,
};

struct PlanOp {
  uint32_t kind = 0;
  uint32_t flags = 0;
  std::string a, b;
};

struct BuildError {
  int index = -1;  // the op that failed
  int err = 0;     // errno
  const char* step = "";
};

// Runs the plan. Returns false and fills *e on the first failure.
bool BuildWorld(const std::vector<PlanOp>& ops, BuildError* e);

// The /proc mounted at /proc made safe for uid 0 without capabilities: the kernel's knobs
// read-only, the usual leaks masked (stage.cc). -1 (errno) when a mount fails.
int HardenProc();

// ---- stages (stage.cc) ------------------------------------------------------------

// Written by a stage's PID 1 just before it exits: the command's own wait status (a
// namespace's init cannot die by its own signal, so its exit code alone cannot say
// "killed by N").
struct StatusSlot {
  volatile int magic;
  volatile int wstatus;
};
constexpr int kStatusMagic = 0x616f7368;  // "aosh"

enum StageFlags : uint32_t {
  kNewSession = 1,     // setsid() in the command (no controlling terminal)
  kConnectFilter = 2,  // no host network: connect() goes through the PID 1 (AF_UNIX policy)
  kLandlock = 4,       // Landlock scopes (abstract unix sockets, signals)
  kExecList = 8,       // --allow-run: only exec_allow may be executed (Landlock)
};

struct AllowedSocket {
  uint64_t dev, ino;
};

// Everything a stage needs, prepared by the zygote before the fork.
struct StagePlan {
  uint32_t id = 0;
  std::string file, cwd;
  std::vector<std::string> argv_s, env_s;
  std::vector<char*> argv, envp;
  std::vector<int> cgroup_fds;  // cgroup.procs, joined first
  std::vector<int> fds;         // child fd i <- fds[i] (-1: closed)
  std::vector<int> scratch;
  uint32_t flags = 0;
  std::vector<AllowedSocket> sockets;  // AGNT sockets the stage may connect to
  std::vector<std::string> exec_allow;  // kExecList: the files that may be executed
  // The shell's `umask` and `ulimit` (set in the command just before execve; the kernel's
  // own process is never changed). umask -1: keep the world's.
  int umask = -1;
  // Signals the command starts with ignored (bit N-1: signal N), as the shell passes them on.
  uint32_t ignore = 0;
  struct Limit {
    int resource;
    uint64_t cur, max;  // RLIM_INFINITY for unlimited
  };
  std::vector<Limit> limits;
  int denial_fd = -1;                  // write end of the zygote's denial pipe
  StatusSlot* slot = nullptr;
  volatile int listener = -1;  // seccomp listener, set by the command child (shared memory)
};

enum StageStep : int {
  kStepCgroup = 1, kStepPdeathsig, kStepSetpgid, kStepDup, kStepCgroupNs, kStepProc, kStepChdir,
  kStepCapabilities, kStepLandlock, kStepSeccomp, kStepInit, kStepSetsid, kStepExecve, kStepProtocol, kStepLimits,
};
const char* StageStepName(int step);

class Reader;
// A spawn request's plan (the kernel's frame after its op), its descriptors in fds (the
// cgroup.procs files first, then the ones mapped into the command). false: malformed.
bool ParsePlan(Reader& in, const std::vector<int>& fds, StagePlan* plan);
// Answers one seccomp notification of a stage's command (notify.cc), from its PID 1.
void HandleNotification(const StagePlan& plan, int listener);

// The spare's side (never returns): PID 1 of a fresh pid and mount namespace with its
// /proc, waiting on plan_sock for one frame (u32 slot + the spawn request), then the stage.
// Failures go to errfd as {errno, step}; the zygote holds its read end.
[[noreturn]] void SpareMain(int plan_sock, int errfd, StatusSlot* slots, int nslots, int denial_fd);

// One record on the denial pipe (one write each, below PIPE_BUF so it is atomic).
struct DenialRecord {
  uint32_t id;
  char kind[16];
  char detail[480];
};

// ---- privileges (filter.cc) -------------------------------------------------------

bool PrepareFilters();  // builds both BPF programs once
void PrepareCapabilities();  // reads the last capability number (in the zygote, once)
int DropCapabilities();  // every set + the bounding set, then no_new_privs
// Landlock: the scopes (abstract unix sockets, signals: ABI 6) and, with exec_allow, the
// files that may be executed (everything else: EACCES at execve). 0 when applied; scopes
// alone are skipped on a kernel without them (reported as the world's landlock ABI).
int ApplyLandlock(bool scopes, const std::vector<std::string>* exec_allow);
int LandlockAbi();
// Installs the stage filter on the calling thread and returns its listener fd (CLOEXEC):
// path writes are observed, and with connect_filter connect() is answered by PID 1. -1 on
// failure.
int InstallStageFilter(bool connect_filter);
// 1 when a process of this network namespace is bound to the socket at st (sockdiag.cc).
int BoundInThisNetns(const struct stat& st);

// ---- small shared helpers (util.cc) ---------------------------------------------

int JoinCgroups(const std::vector<int>& fds);
int WriteIdMaps(uid_t uid, gid_t gid);
int LoopbackUp();
int ParentAlive(int errfd);
void ResetSignalDispositions();
int CloseFrom(int lowest, const int* keep, int nkeep);

// ---- the fs helper (fshelper.cc) ----------------------------------------------------

[[noreturn]] void FsHelperMain(int sock);

}  // namespace world
}  // namespace aosh
