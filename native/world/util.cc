// Small child-side steps shared by the starter, the zygote and the stages. All
// async-signal-safe: they run between fork and exec.
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "world.h"

namespace aosh {
namespace world {

// Writing "0" to cgroup.procs moves the writer itself (v1 and v2). The fds were opened by
// the kernel, which also checked the permission; the child is the only process of the
// stage at this point, so everything it starts later is born inside the cgroup.
int JoinCgroups(const std::vector<int>& fds) {
  for (int fd : fds) {
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

// Unprivileged, right after unshare(CLONE_NEWUSER): our own ids mapped to themselves, one
// line each, which a process may write for its own new user namespace. setgroups must be
// denied before gid_map.
int WriteIdMaps(uid_t uid, gid_t gid) {
  char line[64];
  if (WriteFile("/proc/self/setgroups", "deny", 4) < 0 && errno != ENOENT) return -1;
  int n = snprintf(line, sizeof line, "%u %u 1", uid, uid);
  if (WriteFile("/proc/self/uid_map", line, static_cast<size_t>(n)) < 0) return -1;
  n = snprintf(line, sizeof line, "%u %u 1", gid, gid);
  return WriteFile("/proc/self/gid_map", line, static_cast<size_t>(n));
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
// PR_SET_PDEATHSIG" check cannot compare pids. The parent holds the read end of the error
// pipe until the child has exec'd; poll() on the write end reports POLLERR once no reader
// is left, i.e. once the parent is gone.
int ParentAlive(int errfd) {
  struct pollfd p = {errfd, POLLOUT, 0};
  int rc;
  do {
    rc = poll(&p, 1, 0);
  } while (rc < 0 && errno == EINTR);
  return rc >= 0 && !(p.revents & (POLLERR | POLLHUP));
}

// Every disposition back to default: ignored signals would be inherited through exec.
void ResetSignalDispositions() {
  struct sigaction dfl = {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) sigaction(sig, &dfl, nullptr);
}

// Closes every descriptor >= lowest except those in keep (any order, -1 entries ignored).
int CloseFrom(int lowest, const int* keep, int nkeep) {
  int sorted[8];
  int n = 0;
  for (int i = 0; i < nkeep && n < 8; ++i)
    if (keep[i] >= lowest) sorted[n++] = keep[i];
  for (int i = 1; i < n; ++i)
    for (int j = i; j > 0 && sorted[j - 1] > sorted[j]; --j) {
      int t = sorted[j];
      sorted[j] = sorted[j - 1];
      sorted[j - 1] = t;
    }
  unsigned from = static_cast<unsigned>(lowest);
  for (int i = 0; i <= n; ++i) {
    unsigned to = i < n ? static_cast<unsigned>(sorted[i]) : ~0U;
    if (i < n && to < from) continue;
    if (to > from && syscall(SYS_close_range, from, to == ~0U ? ~0U : to - 1, 0) < 0) return -1;
    if (i < n) from = to + 1;
  }
  return 0;
}

}  // namespace world
}  // namespace aosh
