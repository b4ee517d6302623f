// aosh-world's main: the starter and the zygote (see world.h for the picture).
//
// The kernel execs this binary with fd 3 = control socket (requests, replies) and fd 4 =
// event socket (stage exits and denials, read by a thread in the addon); argv[1] is the
// kernel's pid. Nothing here trusts the stages: they never get a descriptor of these
// sockets, and everything they could influence (their exit, their connect() attempts)
// reaches the zygote as a fixed-size record.
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>

#include "proto.h"
#include "world.h"

namespace aosh {
namespace world {
namespace {

constexpr int kControl = 3;
constexpr int kEvents = 4;
constexpr int kSlots = 4096;

enum StartFlags : uint32_t { kUserNs = 1, kNewNet = 2 };

void Reply(int op, int err, const char* step, int fd = -1, int32_t extra = 0) {
  Writer w(static_cast<uint32_t>(op));
  w.i32(err);
  w.str(step);
  w.i32(extra);
  SendFrame(kControl, w.frame(), fd >= 0 ? &fd : nullptr, fd >= 0 ? 1 : 0);
}

long Clone3(uint64_t flags, int* pidfd) {
  struct clone_args args = {};
  args.flags = flags | CLONE_PIDFD;
  args.pidfd = reinterpret_cast<uint64_t>(pidfd);
  // With CLONE_PARENT the child inherits our exit signal (clone3 refuses one of its own).
  args.exit_signal = (flags & CLONE_PARENT) ? 0 : SIGCHLD;
  return syscall(SYS_clone3, &args, sizeof args);
}

struct Stage {
  uint32_t id;
  int slot;
};

struct Spare {
  pid_t pid = -1;
  int pidfd = -1;
  int sock = -1;  // the plan goes here
  int err = -1;   // its error pipe's read end
};

class Zygote {
 public:
  void Run() {
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, nullptr);
    // Node ignores SIGPIPE and others, and exec kept that: back to default once, here, so
    // that every stage forked from us starts with default dispositions.
    ResetSignalDispositions();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    // Out of the kernel's process group: a terminal's Ctrl-C is for the shell to route.
    setpgid(0, 0);
    void* page = mmap(nullptr, sizeof(StatusSlot) * kSlots, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) _exit(1);
    slots_ = static_cast<StatusSlot*>(page);
    for (int i = kSlots - 1; i >= 0; --i) free_.push_back(i);
    int dp[2];
    if (pipe2(dp, O_CLOEXEC | O_DIRECT) < 0 && pipe2(dp, O_CLOEXEC) < 0) _exit(1);
    denial_read_ = dp[0];
    denial_write_ = dp[1];
    fcntl(denial_read_, F_SETFL, O_NONBLOCK);
    if (!PrepareFilters()) _exit(1);
    PrepareCapabilities();
    sfd_ = signalfd(-1, &all, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd_ < 0) _exit(1);
    Loop();
  }

 private:
  void Loop() {
    for (;;) {
      struct pollfd p[3] = {{kControl, POLLIN, 0}, {sfd_, POLLIN, 0}, {denial_read_, POLLIN, 0}};
      if (poll(p, 3, -1) < 0) continue;
      // Denials first: a stage's refused connect() is reported before its exit.
      if (p[2].revents & POLLIN) Denials();
      if (p[1].revents & POLLIN) Reap();
      if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
        uint32_t op;
        std::string payload;
        std::vector<int> fds;
        int r = RecvFrame(kControl, &op, &payload, &fds);
        // The kernel is gone: so is the world (we are its PID 1).
        if (r <= 0) _exit(0);
        Handle(op, payload, fds);
        for (int fd : fds) close(fd);
        // The next stage's namespaces while this one's command runs (after the request's
        // descriptors are closed: the spare must never hold a copy of them).
        if (built_ && spare_.pid < 0) MakeSpare();
      }
    }
  }

  void Handle(uint32_t op, const std::string& payload, std::vector<int>& fds) {
    Reader in(payload);
    if (op == kBuild) return Build(in);
    if (op == kSpawn) return Spawn(payload, fds);
    if (op == kListen) return Listen(in);
    Reply(kSpawned, EPROTO, "protocol");
  }

  void Build(Reader& in) {
    uint32_t n = in.u32();
    std::vector<PlanOp> ops;
    for (uint32_t i = 0; i < n && in.ok(); ++i) {
      PlanOp op;
      op.kind = in.u32();
      op.flags = in.u32();
      op.a = in.str();
      op.b = in.str();
      ops.push_back(op);
    }
    if (!in.ok()) return Reply(kBuilt, EPROTO, "plan");
    BuildError e;
    if (!BuildWorld(ops, &e)) return Reply(kBuilt, e.err, e.step, -1, e.index);
    // The world's own /proc is the fs helper's (the shell's redirections act through it):
    // as uid 0 it could write /proc/sys/kernel/core_pattern or /proc/sysrq-trigger, so it
    // gets the same read-only knobs as every stage's.
    if (HardenProc() < 0) return Reply(kBuilt, errno, "mount /proc");
    // The fs helper: a stage's credentials, serving the kernel's file operations.
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) return Reply(kBuilt, errno, "socketpair");
    pid_t pid = fork();
    if (pid < 0) {
      close(sv[0]);
      close(sv[1]);
      return Reply(kBuilt, errno, "fork");
    }
    if (pid == 0) {
      ResetSignalDispositions();
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      int keep[1] = {sv[1]};
      CloseFrom(0, keep, 1);
      if (DropCapabilities() < 0) _exit(127);
      sigset_t none;
      sigemptyset(&none);
      sigprocmask(SIG_SETMASK, &none, nullptr);
      FsHelperMain(sv[1]);
    }
    helper_ = pid;
    built_ = true;
    close(sv[1]);
    Reply(kBuilt, 0, "", sv[0], LandlockAbi());
    close(sv[0]);
  }

  // The next stage, forked ahead: PID 1 of fresh pid and mount namespaces with its /proc
  // mounted, waiting for a plan on sock (SpareMain). false (errno): it could not be made.
  bool MakeSpare() {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) return false;
    int errpipe[2];
    if (pipe2(errpipe, O_CLOEXEC) < 0) {
      int e = errno;
      close(sv[0]);
      close(sv[1]);
      errno = e;
      return false;
    }
    int pidfd = -1;
    long pid = Clone3(CLONE_NEWPID | CLONE_NEWNS, &pidfd);
    if (pid == 0) SpareMain(sv[1], errpipe[1], slots_, kSlots, denial_write_);
    int e = errno;
    close(sv[1]);
    close(errpipe[1]);
    if (pid < 0) {
      close(sv[0]);
      close(errpipe[0]);
      errno = e;
      return false;
    }
    spare_ = Spare{static_cast<pid_t>(pid), pidfd, sv[0], errpipe[0]};
    return true;
  }

  // The spare gets the plan (the request as it came, after the slot its status goes to)
  // and the descriptors; its error pipe says how far it got. A pipe that ends without a
  // report means the command was exec'd, unless the spare died without one (killed).
  void Spawn(const std::string& payload, std::vector<int>& fds) {
    Reader peek(payload);
    uint32_t id = peek.u32();
    if (!peek.ok()) return Reply(kSpawned, EPROTO, "protocol");
    if (free_.empty()) return Reply(kSpawned, EAGAIN, "slots");
    if (spare_.pid < 0 && !MakeSpare()) return Reply(kSpawned, errno, "clone");
    Spare s = spare_;
    spare_ = Spare{};
    int slot = free_.back();
    free_.pop_back();
    slots_[slot].magic = 0;
    slots_[slot].wstatus = 0;
    Writer w(kSpawn);
    w.u32(static_cast<uint32_t>(slot));
    w.raw(payload);
    SendFrame(s.sock, w.frame(), fds.data(), static_cast<int>(fds.size()));  // a dead spare: see below
    close(s.sock);
    struct {
      int err;
      int step;
    } report;
    ssize_t got;
    do {
      got = read(s.err, &report, sizeof report);
    } while (got < 0 && errno == EINTR);
    close(s.err);
    bool failed = got == static_cast<ssize_t>(sizeof report);
    if (!failed) {
      siginfo_t si = {};
      failed = waitid(P_PIDFD, static_cast<id_t>(s.pidfd), &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid != 0 &&
               __atomic_load_n(&slots_[slot].magic, __ATOMIC_ACQUIRE) != kStatusMagic;
      if (failed) report = {ESRCH, kStepInit};
    }
    if (failed) {
      while (waitpid(s.pid, nullptr, __WALL) < 0 && errno == EINTR) {
      }
      close(s.pidfd);
      free_.push_back(slot);
      return Reply(kSpawned, report.err, StageStepName(report.step));
    }
    stages_[s.pid] = Stage{id, slot};
    Reply(kSpawned, 0, "", s.pidfd, static_cast<int32_t>(s.pid));
    close(s.pidfd);
  }

  // A listening TCP socket on the world's own loopback, handed to the kernel: the kernel
  // serves it (the net proxy) from outside the world.
  void Listen(Reader& in) {
    uint32_t port = in.u32();
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) return Reply(kListening, errno, "socket");
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    if (bind(s, reinterpret_cast<struct sockaddr*>(&a), sizeof a) < 0 || listen(s, 511) < 0 ||
        getsockname(s, reinterpret_cast<struct sockaddr*>(&a), &al) < 0) {
      int err = errno;
      close(s);
      return Reply(kListening, err, "bind");
    }
    Reply(kListening, 0, "", s, ntohs(a.sin_port));
    close(s);
  }

  void Reap() {
    struct signalfd_siginfo si;
    while (read(sfd_, &si, sizeof si) == sizeof si) {
    }
    int status;
    pid_t p;
    while ((p = waitpid(-1, &status, WNOHANG | __WALL)) > 0) {
      if (p == spare_.pid) {
        // Died waiting (killed from outside): the next spawn makes another.
        close(spare_.sock);
        close(spare_.err);
        close(spare_.pidfd);
        spare_ = Spare{};
        continue;
      }
      auto it = stages_.find(p);
      if (it == stages_.end()) continue;  // the fs helper, or an orphan of ours
      StatusSlot& s = slots_[it->second.slot];
      int ws = __atomic_load_n(&s.magic, __ATOMIC_ACQUIRE) == kStatusMagic ? s.wstatus : status;
      Writer w(kExit);
      w.u32(it->second.id);
      w.i32(ws);
      SendFrame(kEvents, w.frame());
      free_.push_back(it->second.slot);
      stages_.erase(it);
    }
  }

  void Denials() {
    DenialRecord r;
    while (read(denial_read_, &r, sizeof r) == sizeof r) {
      r.kind[sizeof r.kind - 1] = '\0';
      r.detail[sizeof r.detail - 1] = '\0';
      Writer w(kDenied);
      w.u32(r.id);
      w.str(r.kind);
      w.str(r.detail);
      SendFrame(kEvents, w.frame());
    }
  }

  StatusSlot* slots_ = nullptr;
  Spare spare_;
  bool built_ = false;
  std::vector<int> free_;
  std::map<pid_t, Stage> stages_;
  pid_t helper_ = -1;
  int sfd_ = -1;
  int denial_read_ = -1, denial_write_ = -1;
};

// The starter: makes the namespaces, then the zygote as the first process of the new pid
// namespace and as a child of the kernel (CLONE_PARENT), hands the kernel its pidfd, exits.
int Start() {
  uint32_t op;
  std::string payload;
  std::vector<int> fds;
  if (RecvFrame(kControl, &op, &payload, &fds) <= 0 || op != kStart) return 1;
  Reader in(payload);
  uint32_t flags = in.u32();
  if (!in.ok()) return 1;
  if (flags & kUserNs) {
    uid_t uid = getuid();
    gid_t gid = getgid();
    if (unshare(CLONE_NEWUSER) < 0) return Reply(kStarted, errno, "unshare(CLONE_NEWUSER)"), 1;
    if (WriteIdMaps(uid, gid) < 0) return Reply(kStarted, errno, "uid_map"), 1;
  }
  int ns = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | ((flags & kNewNet) ? CLONE_NEWNET : 0);
  if (unshare(ns) < 0) return Reply(kStarted, errno, "unshare"), 1;
  // Nothing we mount propagates back to the host (done here, before the zygote exists).
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) return Reply(kStarted, errno, "mount(MS_PRIVATE)"), 1;
  int pidfd = -1;
  long pid = Clone3(CLONE_PARENT, &pidfd);
  if (pid < 0) return Reply(kStarted, errno, "clone3"), 1;
  if (pid == 0) {
    Zygote z;
    z.Run();
    _exit(0);
  }
  Reply(kStarted, 0, "", pidfd, static_cast<int32_t>(pid));
  return 0;
}

}  // namespace
}  // namespace world
}  // namespace aosh

int main(int argc, char** argv) {
  // The kernel's pid: the starter dies with it (and checks it did not die already).
  pid_t kernel = argc > 1 ? static_cast<pid_t>(atoi(argv[1])) : 0;
  // Every stage's PID 1 is a fork of this process, and its /proc/1/cmdline would show our
  // path and the kernel's pid: one neutral word instead (argv is contiguous memory).
  if (argc > 1) {
    char* end = argv[argc - 1] + strlen(argv[argc - 1]);
    memset(argv[0], 0, static_cast<size_t>(end - argv[0]));
    memcpy(argv[0], "aosh-init", 9);
  }
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (kernel <= 0 || getppid() != kernel) return 1;
  return aosh::world::Start();
}
