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
#include <linux/seccomp.h>
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
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proto.h"
#include "world.h"

#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_pidfd_getfd
#define __NR_pidfd_getfd 438
#endif
#ifndef SECCOMP_USER_NOTIF_FLAG_CONTINUE
#define SECCOMP_USER_NOTIF_FLAG_CONTINUE (1UL << 0)
#endif

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
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(plan.file.c_str(), plan.argv.data(), plan.envp.data());
  Fail(a->errfd, kStepExecve);
}

// ---- connect() on behalf of the command -----------------------------------------

void Deny(const StagePlan& plan, const char* kind, const char* detail) {
  if (plan.denial_fd < 0) return;
  DenialRecord r = {};
  r.id = plan.id;
  snprintf(r.kind, sizeof r.kind, "%s", kind);
  snprintf(r.detail, sizeof r.detail, "%s", detail);
  ssize_t ignored = write(plan.denial_fd, &r, sizeof r);
  (void)ignored;
}

void NoteInet(const StagePlan& plan, const struct seccomp_notif& req);

bool Allowed(const StagePlan& plan, const struct stat& st) {
  for (const auto& s : plan.sockets)
    if (s.dev == st.st_dev && s.ino == st.st_ino) return true;
  return false;
}

// The answer to one connect(fd, addr, len). For a socket that is not AF_UNIX the kernel
// carries on (its address family was fixed at socket(), so no swapped address can reach a
// unix path; and in an empty network namespace there is nowhere else to go). An AF_UNIX
// connect is made HERE, on a duplicate of the command's socket, to the address read once
// from its memory: re-reading it after a check (SECCOMP_USER_NOTIF_FLAG_CONTINUE) would let
// another thread swap it. A pathname socket is allowed when it is one of aosh's sockets or
// lies on a writable mount of the world (the stage's own files: working directory, /tmp);
// a socket on a read-only part is the host's (daemons, agents), and gets EACCES; so does
// one on a writable part that no process of the world's network namespace is bound to.
void Answer(const StagePlan& plan, const struct seccomp_notif& req, struct seccomp_notif_resp& resp) {
  resp.id = req.id;
  resp.val = 0;
  resp.error = 0;
  resp.flags = 0;
  int pidfd = static_cast<int>(syscall(__NR_pidfd_open, req.pid, 0));
  if (pidfd < 0) {
    resp.error = -ESRCH;
    return;
  }
  int sock = static_cast<int>(syscall(__NR_pidfd_getfd, pidfd, static_cast<int>(req.data.args[0]), 0));
  close(pidfd);
  if (sock < 0) {
    // Not a descriptor of the caller (EBADF): let the kernel say so. Anything else (a
    // process that made itself undumpable) fails closed.
    if (errno == EBADF) resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    else resp.error = -EACCES;
    return;
  }
  int domain = -1;
  socklen_t dl = sizeof domain;
  if (getsockopt(sock, SOL_SOCKET, SO_DOMAIN, &domain, &dl) < 0 || domain != AF_UNIX) {
    close(sock);
    resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    // The world has no route out; say where the stage tried to go (the address is read
    // only for this note: the decision does not depend on it).
    if (domain == AF_INET || domain == AF_INET6) NoteInet(plan, req);
    return;
  }
  struct sockaddr_un addr = {};
  size_t len = req.data.args[2];
  if (len > sizeof addr) len = sizeof addr;
  struct iovec local = {&addr, len};
  struct iovec remote = {reinterpret_cast<void*>(req.data.args[1]), len};
  ssize_t got = len > 0 ? process_vm_readv(req.pid, &local, 1, &remote, 1, 0) : 0;
  if (got != static_cast<ssize_t>(len) || len <= offsetof(struct sockaddr_un, sun_path) || addr.sun_family != AF_UNIX) {
    close(sock);
    resp.error = got < 0 ? -EFAULT : -EINVAL;
    return;
  }
  int rc;
  if (addr.sun_path[0] == '\0') {
    rc = connect(sock, reinterpret_cast<struct sockaddr*>(&addr), static_cast<socklen_t>(len));  // abstract: this namespace only
  } else {
    char path[sizeof addr.sun_path + 1];
    size_t plen = len - offsetof(struct sockaddr_un, sun_path);
    memcpy(path, addr.sun_path, plen);
    path[plen] = '\0';
    int dir = AT_FDCWD;
    if (path[0] != '/') {
      char cwd[48];
      snprintf(cwd, sizeof cwd, "/proc/%d/cwd", req.pid);
      dir = open(cwd, O_PATH | O_DIRECTORY | O_CLOEXEC);
    }
    int target = dir == -1 ? -1 : openat(dir, path, O_PATH | O_CLOEXEC);
    int err = errno;
    if (dir >= 0) close(dir);
    struct stat st;
    struct statvfs vfs;
    if (target < 0) {
      rc = -1;
      errno = err;
    } else if (fstat(target, &st) < 0 || !S_ISSOCK(st.st_mode)) {
      rc = -1;
      errno = ECONNREFUSED;
    } else if (!Allowed(plan, st) && (fstatvfs(target, &vfs) < 0 || (vfs.f_flag & ST_RDONLY) || BoundInThisNetns(st) != 1)) {
      // Read-only part, or a writable one where a host process bound it (sockdiag.cc).
      Deny(plan, "unix", path);
      rc = -1;
      errno = EACCES;
    } else {
      struct sockaddr_un via = {};
      via.sun_family = AF_UNIX;
      snprintf(via.sun_path, sizeof via.sun_path, "/proc/self/fd/%d", target);
      rc = connect(sock, reinterpret_cast<struct sockaddr*>(&via), sizeof via);
    }
    err = errno;
    if (target >= 0) close(target);
    errno = err;
  }
  resp.error = rc < 0 ? -errno : 0;
  close(sock);
}

void NoteInet(const StagePlan& plan, const struct seccomp_notif& req) {
  struct sockaddr_storage ss = {};
  size_t len = req.data.args[2] < sizeof ss ? req.data.args[2] : sizeof ss;
  struct iovec local = {&ss, len};
  struct iovec remote = {reinterpret_cast<void*>(req.data.args[1]), len};
  if (len == 0 || process_vm_readv(req.pid, &local, 1, &remote, 1, 0) != static_cast<ssize_t>(len)) return;
  char host[INET6_ADDRSTRLEN] = "";
  unsigned port = 0;
  if (ss.ss_family == AF_INET && len >= sizeof(sockaddr_in)) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    if ((ntohl(a->sin_addr.s_addr) >> 24) == 127) return;  // the world's own loopback
    inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
    port = ntohs(a->sin_port);
  } else if (ss.ss_family == AF_INET6 && len >= sizeof(sockaddr_in6)) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    if (IN6_IS_ADDR_LOOPBACK(&a->sin6_addr)) return;
    inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
    port = ntohs(a->sin6_port);
  } else {
    return;
  }
  char detail[96];
  snprintf(detail, sizeof detail, "%s:%u", host, port);
  Deny(plan, "net", detail);
}

// A NUL-terminated string from the caller's memory (at most `cap` bytes), or false.
bool ReadString(pid_t pid, uint64_t addr, char* out, size_t cap) {
  size_t got = 0;
  while (got + 1 < cap) {
    // Page by page: a string near the end of a mapping must not fail the whole read.
    size_t chunk = 4096 - ((addr + got) & 4095);
    if (chunk > cap - 1 - got) chunk = cap - 1 - got;
    struct iovec local = {out + got, chunk};
    struct iovec remote = {reinterpret_cast<void*>(addr + got), chunk};
    ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
    if (n <= 0) return false;
    if (memchr(out + got, '\0', static_cast<size_t>(n))) return true;
    got += static_cast<size_t>(n);
  }
  out[cap - 1] = '\0';
  return true;
}

// Predicts whether writing `path` (relative to the caller's cwd or dirfd) will be refused by
// the world, and if so reports it (the call itself continues: the mounts decide).
void Observe(const StagePlan& plan, const struct seccomp_notif& req) {
  int nr = req.data.nr;
  uint64_t path_arg;
  int dirfd = AT_FDCWD;
  bool create = true;
  if (nr == __NR_openat || nr == __NR_mkdirat || nr == __NR_unlinkat) {
    dirfd = static_cast<int>(req.data.args[0]);
    path_arg = req.data.args[1];
    if (nr == __NR_openat) create = req.data.args[2] & O_CREAT;
  } else {
    path_arg = req.data.args[0];
#ifdef __NR_open
    if (nr == __NR_open) create = req.data.args[1] & O_CREAT;
#endif
  }
  if (nr == __NR_unlinkat) create = false;
#ifdef __NR_unlink
  if (nr == __NR_unlink) create = false;
#endif
  char path[4096];
  if (!ReadString(req.pid, path_arg, path, sizeof path) || path[0] == '\0') return;
  int base = -1;
  if (path[0] != '/') {
    if (dirfd == AT_FDCWD) {
      char cwd[48];
      snprintf(cwd, sizeof cwd, "/proc/%d/cwd", req.pid);
      base = open(cwd, O_PATH | O_DIRECTORY | O_CLOEXEC);
    } else {
      int pidfd = static_cast<int>(syscall(__NR_pidfd_open, req.pid, 0));
      if (pidfd >= 0) {
        base = static_cast<int>(syscall(__NR_pidfd_getfd, pidfd, dirfd, 0));
        close(pidfd);
      }
    }
    if (base < 0) return;
  }
  const int at = base < 0 ? AT_FDCWD : base;
  // The file itself; for a new file, its directory.
  int probe = openat(at, path, O_PATH | O_CLOEXEC | O_NOFOLLOW);
  int err = errno;
  // Something already there: mkdir and O_CREAT|O_EXCL fail with EEXIST whatever the mount.
  bool excl = nr == __NR_mkdirat ||
#ifdef __NR_mkdir
              nr == __NR_mkdir ||
#endif
              (nr == __NR_openat && (req.data.args[2] & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL));
  if (probe >= 0 && excl) {
    close(probe);
    if (base >= 0) close(base);
    return;
  }
  const char* code = nullptr;
  char shown[4096 + 64] = "";
  const char* name = nullptr;  // set when the probe is the directory of a new file
  if (probe < 0 && err == ENOENT && create) {
    char* slash = strrchr(path, '/');
    name = slash ? slash + 1 : path;
    char dir[4096];
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == path) snprintf(dir, sizeof dir, "/");
    else snprintf(dir, sizeof dir, "%.*s", static_cast<int>(slash - path), path);
    probe = openat(at, dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    err = errno;
  }
  struct statvfs vfs;
  if (probe < 0) {
    if (err == EACCES) code = "EACCES";
  } else if (fstatvfs(probe, &vfs) == 0 && (vfs.f_flag & ST_RDONLY)) {
    code = "EROFS";
  }
  if (code) {
    // Shown as an absolute path in the world: the directory we could open, or the name.
    char link[64], real[4096];
    ssize_t n = -1;
    if (probe >= 0) {
      snprintf(link, sizeof link, "/proc/self/fd/%d", probe);
      n = readlink(link, real, sizeof real - 1);
    }
    if (n > 0) {
      real[n] = '\0';
      if (name) snprintf(shown, sizeof shown, "%s %.2000s%s%.2000s", code, real, strcmp(real, "/") == 0 ? "" : "/", name);
      else snprintf(shown, sizeof shown, "%s %s", code, real);
    } else if (path[0] == '/') {
      snprintf(shown, sizeof shown, "%s %s", code, path);
    } else {
      char cwd[48], real2[4096];
      snprintf(cwd, sizeof cwd, "/proc/%d/cwd", req.pid);
      ssize_t m = readlink(cwd, real2, sizeof real2 - 1);
      if (m > 0) {
        real2[m] = '\0';
        snprintf(shown, sizeof shown, "%s %.2000s/%.2000s", code, real2, path);
      }
    }
    if (shown[0]) Deny(plan, "fs", shown);
  }
  if (probe >= 0) close(probe);
  if (base >= 0) close(base);
}

void HandleNotification(const StagePlan& plan, int listener) {
  struct seccomp_notif req = {};
  struct seccomp_notif_resp resp = {};
  if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) return;  // EINTR, or the caller died (ENOENT)
  if (req.data.nr == __NR_connect) {
    Answer(plan, req, resp);
  } else {
    Observe(plan, req);
    resp.id = req.id;
    resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
  }
  ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);  // ENOENT: the caller is gone
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
