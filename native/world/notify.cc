// The seccomp notifications of a stage's command, answered by its PID 1 (stage.cc):
// connect() made on the command's behalf (a host Unix socket refused without the network),
// and the writes the world will refuse observed, so the shell can say which rule refused
// them. Nothing here trusts the command: addresses and paths are read once from its memory.
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <netinet/in.h>
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
namespace {

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

}  // namespace

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

}  // namespace world
}  // namespace aosh
