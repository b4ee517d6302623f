// The stage's filesystem view, built in its new mount namespace with the new mount API
// (open_tree / mount_setattr / move_mount, Linux 5.12+), which keeps it to a handful of
// system calls however many mounts the host has:
//
//   1. every mount private (nothing propagates back to the host)
//   2. detached clones of the writable (and re-exposed read-only) paths, taken while
//      they are still writable and still visible
//   3. the whole tree read-only + nosuid in ONE recursive mount_setattr
//   4. fresh tmpfs mounts (/tmp, /dev/shm)
//   5. the clones moved into place (creating mount points inside a tmpfs when needed,
//      e.g. a working directory under /tmp)
//   6. secrets hidden: an empty mode-000 tmpfs over a directory, /dev/null over a file
//   7. a fresh /proc for the new pid namespace
//
// The op list is built in the parent (src/kernel/sandbox.ts decides the paths, spawn.cc
// turns them into MountOps); the child runs it without allocating.
#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sandbox.h"

#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

namespace aosh {
namespace {

long SetAttr(int dfd, const char* path, unsigned flags, uint64_t set, uint64_t clr, uint64_t propagation) {
  struct mount_attr attr = {};
  attr.attr_set = set;
  attr.attr_clr = clr;
  attr.propagation = propagation;
  return syscall(SYS_mount_setattr, dfd, path, flags, &attr, sizeof attr);
}

}  // namespace

int ApplyMounts(SandboxPlan& sb, int* index) {
  for (size_t i = 0; i < sb.mounts.size(); ++i) {
    MountOp& op = sb.mounts[i];
    const char* p = op.path.c_str();
    *index = static_cast<int>(i);
    long rc = 0;
    switch (op.kind) {
      case MountOp::kPrivate:
        rc = SetAttr(AT_FDCWD, "/", AT_RECURSIVE, 0, 0, MS_PRIVATE);
        if (rc < 0 && errno == ENOSYS) rc = mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr);
        break;
      case MountOp::kCloneTree: {
        long fd = syscall(SYS_open_tree, AT_FDCWD, p, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
        if (fd < 0) return -1;
        sb.mount_fds[op.slot] = static_cast<int>(fd);
        // A clone keeps the flags of what it copies: make a read grant read-only, and
        // clear read-only on a write grant in case the source mount had it (EPERM then
        // when the host locked it, e.g. a read-only bind made outside).
        rc = op.rw ? 0 : SetAttr(static_cast<int>(fd), "", AT_EMPTY_PATH | AT_RECURSIVE, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID, 0, 0);
        break;
      }
      case MountOp::kReadOnlyRoot:
        rc = SetAttr(AT_FDCWD, "/", AT_RECURSIVE, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID, 0, 0);
        break;
      case MountOp::kTmpfs:
        rc = mount("tmpfs", p, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
        break;
      case MountOp::kMkdir:
        rc = mkdir(p, 0755);
        if (rc < 0 && errno == EEXIST) rc = 0;
        break;
      case MountOp::kTouch: {
        int fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) return -1;
        close(fd);
        break;
      }
      case MountOp::kAttach: {
        int fd = sb.mount_fds[op.slot];
        rc = syscall(SYS_move_mount, fd, "", AT_FDCWD, p, MOVE_MOUNT_F_EMPTY_PATH);
        int err = errno;
        close(fd);
        sb.mount_fds[op.slot] = -1;
        errno = err;
        break;
      }
      case MountOp::kHideDir:
        rc = mount("tmpfs", p, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0,mode=000");
        break;
      case MountOp::kHideFile:
        rc = mount("/dev/null", p, nullptr, MS_BIND, nullptr);
        break;
      case MountOp::kProc:
        rc = mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr);
        break;
    }
    if (rc < 0) return -1;
  }
  *index = -1;
  return 0;
}

}  // namespace aosh
