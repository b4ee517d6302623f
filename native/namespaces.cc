// Namespaces and cgroup join: the child-side steps that give a stage its own pid, mount,
// UTS, IPC, network (and, unprivileged, user) namespaces. The namespaces themselves come
// from clone3's flags (spawn.cc), so they exist from the child's first instruction; what
// is left here is what must run inside them. Async-signal-safe only (see sandbox.h).
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sandbox.h"

namespace aosh {

// Writing "0" to cgroup.procs moves the writer itself (v1 and v2). The fds were opened
// by the parent, which also checked the permission; the child is the only process of the
// stage at this point, so everything it starts later is born inside the cgroup.
int JoinCgroups(const SandboxPlan& sb) {
  for (int fd : sb.cgroup_fds) {
    ssize_t n;
    do {
      n = write(fd, "0", 1);
    } while (n < 0 && errno == EINTR);
    if (n < 0) return -1;
  }
  return 0;
}

namespace {

int WriteFile(const char* path, const char* data, size_t len) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n;
  do {
    n = write(fd, data, len);
  } while (n < 0 && errno == EINTR);
  int err = errno;
  close(fd);
  errno = err;
  return n == static_cast<ssize_t>(len) ? 0 : -1;
}

}  // namespace

// Unprivileged: one line each, our own ids mapped to themselves, which a process may
// write for its own new user namespace. setgroups must be denied before gid_map.
int WriteIdMaps(const SandboxPlan& sb) {
  if (!sb.user) return 0;
  static const char kDeny[] = "deny";
  if (WriteFile("/proc/self/setgroups", kDeny, sizeof kDeny - 1) < 0 && errno != ENOENT) return -1;
  if (WriteFile("/proc/self/uid_map", sb.uid_map.data(), sb.uid_map.size()) < 0) return -1;
  return WriteFile("/proc/self/gid_map", sb.gid_map.data(), sb.gid_map.size());
}

int SetHostname(const SandboxPlan& sb) {
  if (sb.hostname.empty()) return 0;
  return sethostname(sb.hostname.data(), sb.hostname.size());
}

// A new network namespace has only `lo`, and it is down.
int LoopbackUp() {
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return -1;
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  memcpy(ifr.ifr_name, "lo", 3);
  ifr.ifr_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
  int rc = ioctl(s, SIOCSIFFLAGS, &ifr);
  int err = errno;
  close(s);
  errno = err;
  return rc;
}

// In a new pid namespace getppid() is 0, so the usual "did the parent die before
// PR_SET_PDEATHSIG" check cannot compare pids. The parent holds the read end of the
// error pipe until the child has exec'd; poll() on the write end reports POLLERR once
// no reader is left, i.e. once the parent is gone.
int ParentAlive(int errfd) {
  struct pollfd p = {errfd, POLLOUT, 0};
  int rc;
  do {
    rc = poll(&p, 1, 0);
  } while (rc < 0 && errno == EINTR);
  return rc >= 0 && !(p.revents & (POLLERR | POLLHUP));
}

}  // namespace aosh
