// One stage, forked by the zygote inside the world: PID 1 of its own pid namespace, in its
// own mount namespace (a copy of the world's, plus a fresh /proc for that pid namespace).
// It is forked before it is needed (a spare, made while the previous command runs), so
// the namespaces and /proc are off the spawn's path:
//
//   spare: close all but its three fds -> pdeathsig -> /proc (read-only knobs, masked
//   leaks) -> wait for the plan.
//   stage: join the cgroup (first of what the plan asks) -> own process group -> fd map ->
//   cgroup ns -> chdir -> drop capabilities + no_new_privs -> Landlock scopes ->
//   clone(CLONE_VM|CLONE_VFORK|CLONE_FILES) the command: setsid, oom_score_adj 1000, the
//   seccomp filter, exec -> PID 1's loop.
//
// A command run directly as PID 1 would not reap orphans and would ignore every signal it
// has no handler for, so PID 1 stays a minimal init: it forwards signals to the command,
// reaps everything, and exits with the command's status (its wait status goes to the
// zygote through a shared slot). With no network grant it also answers the filter's
// connect() notifications (HandleConnect): the command shares its fd table until exec, so
// the listener fd the command created stays in PID 1's table (and closes in the command's
// copy at exec: it is CLOEXEC).
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proto.h"
#include "world.h"

namespace aosh {
namespace world {

const char* StageStepName(int step) {
  switch (step) {
    case kStepCgroup: return "cgroup";
    case kStepPdeathsig: return "prctl";
    case kStepSetpgid: return "setpgid";
    case kStepDup: return "dup2";
    case kStepCgroupNs: return "unshare";
    case kStepProc: return "mount";
    case kStepChdir: return "chdir";
    case kStepCapabilities: return "capset";
    case kStepLandlock: return "landlock";
    case kStepSeccomp: return "seccomp";
    case kStepInit: return "clone";
    case kStepSetsid: return "setsid";
    case kStepExecve: return "execve";
    case kStepProtocol: return "protocol";
    case kStepLimits: return "setrlimit";
  }
  return "spawn";
}

namespace {

struct Report {
  int err;
  int step;
};

[[noreturn]] void Fail(int errfd, int step) {
  Report r{errno, step};
  while (write(errfd, &r, sizeof r) < 0 && errno == EINTR) {
  }
  _exit(127);
}

// Makes fd i a copy of plan.fds[i] for every i and returns the error pipe's new number
// (moved above the map, as is the denial pipe). Sources and targets may overlap, so every
// source is first copied above the map, then dup2'ed into place.
int RemapFds(StagePlan& plan, int errfd) {
  const int n = static_cast<int>(plan.fds.size());
  int moved = fcntl(errfd, F_DUPFD_CLOEXEC, n);
  if (moved < 0) Fail(errfd, kStepDup);
  errfd = moved;
  if (plan.denial_fd >= 0) {
    plan.denial_fd = fcntl(plan.denial_fd, F_DUPFD_CLOEXEC, n);
    if (plan.denial_fd < 0) Fail(errfd, kStepDup);
  }
  for (int i = 0; i < n; ++i) {
    plan.scratch[i] = -1;
    if (plan.fds[i] < 0) continue;
    plan.scratch[i] = fcntl(plan.fds[i], F_DUPFD_CLOEXEC, n);
    if (plan.scratch[i] < 0) Fail(errfd, kStepDup);
  }
  for (int i = 0; i < n; ++i) {
    if (plan.scratch[i] < 0) close(i);
    else if (dup2(plan.scratch[i], i) < 0) Fail(errfd, kStepDup);
  }
  int keep[2] = {errfd, plan.denial_fd};
  if (CloseFrom(n, keep, 2) < 0) Fail(errfd, kStepDup);
  return errfd;
}

int BindReadOnly(const char* path) {
  if (mount(path, path, nullptr, MS_BIND | MS_REC, nullptr) < 0) return errno == ENOENT ? 0 : -1;
  return mount(nullptr, path, nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr);
}

int Mask(const char* path, bool dir) {
  struct stat st;
  if (stat(path, &st) < 0) return 0;
  if (dir) return mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0,mode=000");
  if (mount("/dev/null", path, nullptr, MS_BIND, nullptr) < 0) return -1;
  return mount(nullptr, path, nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr);
}

// The stage's /proc: its own pid namespace's, with the kernel's knobs read-only
// (/proc/sys/kernel/core_pattern would run a program on the host; sysrq-trigger can crash
// it: both only need uid 0, not a capability) and the usual leaks masked, as Docker does.
int MountProc() {
  if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) < 0) return -1;
  return HardenProc();
}

}  // namespace

int HardenProc() {
  static const char* const kReadOnly[] = {"/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus", "/proc/fs"};
  for (const char* p : kReadOnly)
    if (BindReadOnly(p) < 0) return -1;
  static const char* const kFiles[] = {"/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug", "/proc/latency_stats", "/proc/kallsyms"};
  for (const char* p : kFiles)
    if (Mask(p, false) < 0) return -1;
  static const char* const kDirs[] = {"/proc/acpi", "/proc/scsi", "/proc/asound"};
  for (const char* p : kDirs)
    if (Mask(p, true) < 0) return -1;
  return 0;
}

namespace {

// ---- the command ------------------------------------------------------------------

// Stack for the vfork-style clone. Never touched by the zygote: each stage writes its own
// copy-on-write copy.
alignas(64) char command_stack[64 * 1024];

struct CommandArgs {
  StagePlan* plan;
  int errfd;
};

int CommandMain(void* arg) {
  auto* a = static_cast<CommandArgs*>(arg);
  StagePlan& plan = *a->plan;
  if ((plan.flags & kNewSession) && setsid() < 0) Fail(a->errfd, kStepSetsid);
  int listener = InstallStageFilter(plan.flags & kConnectFilter);
  if (listener < 0) Fail(a->errfd, kStepSeccomp);
  plan.listener = listener;
  // The shell's umask and ulimits, in the command only (PID 1 of the stage keeps its own).
  if (plan.umask >= 0) umask(static_cast<mode_t>(plan.umask));
  for (const auto& l : plan.limits) {
    struct rlimit rl = {static_cast<rlim_t>(l.cur), static_cast<rlim_t>(l.max)};
    if (setrlimit(l.resource, &rl) < 0) Fail(a->errfd, kStepLimits);
  }
  // What the shell passes on ignored (`trap '' PIPE`; SIGINT in a script's `cmd &`).
  struct sigaction ign = {};
  ign.sa_handler = SIG_IGN;
  for (int sig = 1; sig <= 31; ++sig)
    if (plan.ignore & (1u << (sig - 1))) sigaction(sig, &ign, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(plan.file.c_str(), plan.argv.data(), plan.envp.data());
  Fail(a->errfd, kStepExecve);
}

[[noreturn]] void RunInit(StagePlan& plan, pid_t child, int listener) {
  // With the command in its own session it cannot get terminal signals itself, so every
  // signal PID 1 receives is for it. Sharing our group, it gets the terminal's directly:
  // forward only what a process sent (si_code != SI_KERNEL), or it would arrive twice.
  const bool forward_all = plan.flags & kNewSession;
  sigset_t all;
  sigfillset(&all);  // blocked since before the fork
  int sfd = signalfd(-1, &all, SFD_CLOEXEC);
  if (sfd < 0) _exit(127);
  struct pollfd pfd[2] = {{sfd, POLLIN, 0}, {listener, POLLIN, 0}};
  for (;;) {
    int n = poll(pfd, listener >= 0 ? 2 : 1, -1);
    if (n < 0) continue;
    if (listener >= 0 && (pfd[1].revents & POLLIN)) HandleNotification(plan, listener);
    // No filtered process is left: stop polling the listener (it would stay readable).
    if (listener >= 0 && (pfd[1].revents & (POLLHUP | POLLERR))) listener = -1;
    if (!(pfd[0].revents & POLLIN)) continue;
    struct signalfd_siginfo si;
    if (read(sfd, &si, sizeof si) != sizeof si) continue;
    int sig = static_cast<int>(si.ssi_signo);
    if (sig != SIGCHLD) {
      if (forward_all || si.ssi_code != SI_KERNEL) kill(child, sig);
      continue;
    }
    int status;
    pid_t p;
    while ((p = waitpid(-1, &status, WNOHANG | __WALL)) > 0) {
      if (p != child || !(WIFEXITED(status) || WIFSIGNALED(status))) continue;
      if (plan.slot) {
        plan.slot->wstatus = status;
        __atomic_store_n(&plan.slot->magic, kStatusMagic, __ATOMIC_RELEASE);
      }
      _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    }
  }
}

}  // namespace

bool ParsePlan(Reader& in, const std::vector<int>& fds, StagePlan* out) {
  StagePlan& plan = *out;
  plan.id = in.u32();
  plan.file = in.str();
  plan.argv_s = in.strs();
  plan.env_s = in.strs();
  plan.cwd = in.str();
  uint32_t ncg = in.u32();
  uint32_t nmap = in.u32();
  std::vector<int32_t> map;
  for (uint32_t i = 0; i < nmap && in.ok(); ++i) map.push_back(in.i32());
  plan.flags = in.u32();
  uint32_t nsock = in.u32();
  for (uint32_t i = 0; i < nsock && in.ok(); ++i) {
    AllowedSocket s;
    s.dev = in.u64();
    s.ino = in.u64();
    plan.sockets.push_back(s);
  }
  plan.exec_allow = in.strs();
  uint32_t mask = in.u32();
  plan.umask = mask == 0xffffffffu ? -1 : static_cast<int>(mask & 0777);
  uint32_t nlim = in.u32();
  for (uint32_t i = 0; i < nlim && in.ok(); ++i) {
    StagePlan::Limit l;
    l.resource = static_cast<int>(in.u32());
    l.cur = in.u64();
    l.max = in.u64();
    plan.limits.push_back(l);
  }
  plan.ignore = in.u32() & 0x7fffffffu;
  if (!in.ok() || plan.argv_s.empty() || ncg > fds.size()) return false;
  for (uint32_t i = 0; i < ncg; ++i) plan.cgroup_fds.push_back(fds[i]);
  for (int32_t m : map) {
    if (m >= 0 && static_cast<size_t>(m) + ncg >= fds.size()) return false;
    plan.fds.push_back(m < 0 ? -1 : fds[ncg + m]);
  }
  plan.scratch.assign(plan.fds.size(), -1);
  for (auto& a : plan.argv_s) plan.argv.push_back(a.data());
  plan.argv.push_back(nullptr);
  for (auto& e : plan.env_s) plan.envp.push_back(e.data());
  plan.envp.push_back(nullptr);
  return true;
}

// A stage handed the session's terminal (as its stdin, stdout or stderr) finds it at
// /dev/tty too: ssh, sudo, git and getpass open /dev/tty for a password, and the stage has
// no controlling terminal (it is a session of its own) for the kernel's /dev/tty to mean.
// The world keeps a copy of the terminal in a mode-000 directory (plan.ts TERMINAL_KEEP);
// this PID 1 still has the capabilities to reach it, its command will not. Nothing the
// descriptor did not give already (TIOCSTI stays refused by the filter). Best effort:
// otherwise /dev/tty answers ENXIO, as before.
static void BindTerminal() {
  static const char kKept[] = "/dev/.aosh-tty/tty";
  struct stat kept;
  if (stat(kKept, &kept) < 0 || !S_ISCHR(kept.st_mode)) return;
  for (int fd = 0; fd <= 2; ++fd) {
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == kept.st_rdev) {
      mount(kKept, "/dev/tty", nullptr, MS_BIND, nullptr);
      return;
    }
  }
}

[[noreturn]] void SpareMain(int plan_sock, int errfd, StatusSlot* slots, int nslots, int denial_fd) {
  // Nothing of the zygote's: not its sockets, not the descriptors of a spawn in progress.
  int spare_fds[3] = {plan_sock, errfd, denial_fd};
  if (CloseFrom(0, spare_fds, 3) < 0) Fail(errfd, kStepDup);
  // Signal dispositions are all default already: the zygote reset them when it started.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) Fail(errfd, kStepPdeathsig);
  if (!ParentAlive(errfd)) _exit(128 + SIGKILL);
  if (MountProc() < 0) Fail(errfd, kStepProc);
  uint32_t op = 0;
  std::string payload;
  std::vector<int> fds;
  // EOF: the world is closing (the zygote dropped its spare).
  int got = RecvFrame(plan_sock, &op, &payload, &fds);
  if (got == 0) _exit(0);
  close(plan_sock);
  Reader in(payload);
  uint32_t slot = in.u32();
  StagePlan plan;
  if (got < 0 || op != kSpawn || slot >= static_cast<uint32_t>(nslots) || !ParsePlan(in, fds, &plan)) {
    errno = EPROTO;
    Fail(errfd, kStepProtocol);
  }
  plan.slot = &slots[slot];
  plan.denial_fd = denial_fd;
  // The cgroup first, before the stage runs anything of the plan: a fork bomb cannot
  // start a process outside it.
  if (JoinCgroups(plan.cgroup_fds) < 0) Fail(errfd, kStepCgroup);
  // Its own process group: a terminal's Ctrl-C never reaches background agents, and the
  // kernel can signal the whole stage at once.
  if (setpgid(0, 0) < 0) Fail(errfd, kStepSetpgid);
  errfd = RemapFds(plan, errfd);  // also closes the cgroup.procs fds
  BindTerminal();
  if (unshare(CLONE_NEWCGROUP) < 0) Fail(errfd, kStepCgroupNs);
  if (chdir(plan.cwd.c_str()) < 0) Fail(errfd, kStepChdir);
  if (DropCapabilities() < 0) Fail(errfd, kStepCapabilities);
  if ((plan.flags & (kLandlock | kExecList)) && ApplyLandlock(plan.flags & kLandlock, (plan.flags & kExecList) ? &plan.exec_allow : nullptr) < 0) Fail(errfd, kStepLandlock);
  // Under memory pressure the OOM killer must pick the command (inherited from here). Set
  // before the vfork: in the command, whose memory PID 1 shares until exec, the kernel
  // would walk every process of the machine to find the sharers.
  int oom = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
  if (oom >= 0) {
    ssize_t ignored = write(oom, "1000", 4);
    (void)ignored;
    close(oom);
  }

  CommandArgs args{&plan, errfd};
  pid_t child = clone(CommandMain, command_stack + sizeof command_stack, CLONE_VM | CLONE_VFORK | CLONE_FILES | SIGCHLD, &args);
  if (child < 0) Fail(errfd, kStepInit);
  // The command has exec'd (or failed and reported it). Hold nothing but the listener and
  // the denial pipe, so readers see EOF when the command closes its end, and the zygote
  // sees EOF on the error pipe.
  int listener = plan.listener;
  int keep[2] = {listener, plan.denial_fd};
  CloseFrom(0, keep, 2);
  RunInit(plan, child, listener);
}

}  // namespace world
}  // namespace aosh
