// The world's filesystem, built once by the zygote from the kernel's plan. The plan is
// policy (which paths, writable or not, hidden or not: src/kernel/world/plan.ts); this is
// only the mechanism, one or two system calls per op:
//
//   kClone    detached clones of host paths (open_tree), taken first, while the host tree
//             is still what the kernel looked at. The source is opened with
//             RESOLVE_NO_SYMLINKS: the kernel hands canonical paths, so a symlink planted
//             since (in a writable directory) makes the build fail instead of retargeting
//             the bind.
//   kRoot     a tmpfs over /tmp becomes the new root; every later path is inside it
//   kMkdir/kTouch/kSymlink  the skeleton and mount points (only in tmpfs we made)
//   kAttach   a clone moved onto its place; the target is resolved inside the new root
//             with RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS
//   kTmpfs, kDevpts, kProc, kHideFile  fresh mounts
//   kPivot    pivot_root into the new root and detach the host's tree
//   kReadOnly the root tmpfs (and /dev) read-only once populated
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "world.h"

#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

namespace aosh {
namespace world {
namespace {

// Where the new root is staged before pivot_root.
constexpr const char* kStage = "/tmp";
constexpr const char* kHiddenSource = ".aosh-hidden";

int OpenHow(int dirfd, const char* path, uint64_t flags, uint64_t resolve) {
  struct open_how how = {};
  how.flags = flags;
  how.resolve = resolve;
  return static_cast<int>(syscall(SYS_openat2, dirfd, path, &how, sizeof how));
}

long SetAttr(int fd, unsigned flags, uint64_t set, uint64_t clr) {
  struct mount_attr attr = {};
  attr.attr_set = set;
  attr.attr_clr = clr;
  return syscall(SYS_mount_setattr, fd, "", flags | AT_EMPTY_PATH, &attr, sizeof attr);
}

struct Builder {
  std::vector<int> slots;
  int root = -1;       // the new root (before pivot: the staging tmpfs; after: "/")
  bool pivoted = false;

  ~Builder() {
    for (int fd : slots)
      if (fd >= 0) close(fd);
    if (root >= 0) close(root);
  }

  // A path of the plan ("/usr/bin") relative to the new root ("usr/bin").
  static const char* Rel(const std::string& p) {
    const char* s = p.c_str();
    while (*s == '/') ++s;
    return *s ? s : ".";
  }

  // An O_PATH fd of a target inside the new root; symlinks refused.
  int Target(const std::string& p) { return OpenHow(root, Rel(p), O_PATH | O_CLOEXEC | O_NOFOLLOW, RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS); }

  // The parent directory of a path inside the new root, and the last component.
  int Parent(const std::string& p, std::string* base) {
    std::string rel = Rel(p);
    size_t slash = rel.rfind('/');
    *base = slash == std::string::npos ? rel : rel.substr(slash + 1);
    std::string dir = slash == std::string::npos ? "." : rel.substr(0, slash);
    return OpenHow(root, dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC, RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS);
  }

  int MountAt(int target, const char* fstype, unsigned long flags, const char* data) {
    char at[64];
    snprintf(at, sizeof at, "/proc/self/fd/%d", target);
    return mount(fstype, at, fstype, flags, data);
  }

  int Attach(int mnt, int target) {
    return static_cast<int>(syscall(SYS_move_mount, mnt, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH));
  }

  int Run(const PlanOp& op, const char** step) {
    switch (op.kind) {
      case kClone: {
        *step = "open_tree";
        int src = OpenHow(AT_FDCWD, op.a.c_str(), O_PATH | O_CLOEXEC | O_NOFOLLOW, RESOLVE_NO_SYMLINKS);
        if (src < 0) return -1;
        unsigned rec = (op.flags & kRecursive) ? AT_RECURSIVE : 0;
        int m = static_cast<int>(syscall(SYS_open_tree, src, "", AT_EMPTY_PATH | OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | rec));
        int err = errno;
        close(src);
        errno = err;
        if (m < 0) return -1;
        slots.push_back(m);
        // A writable grant keeps the host's flags (a mount read-only on the host stays so);
        // anything else becomes read-only. Never suid; device nodes only where asked.
        *step = "mount_setattr";
        uint64_t set = MOUNT_ATTR_NOSUID | ((op.flags & kKeepDev) ? 0 : MOUNT_ATTR_NODEV) | ((op.flags & kWritable) ? 0 : MOUNT_ATTR_RDONLY);
        return static_cast<int>(SetAttr(m, rec, set, 0));
      }
      case kRoot: {
        *step = "mount";
        if (mount("tmpfs", kStage, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0) return -1;
        root = open(kStage, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (root < 0) return -1;
        // The source of every hidden file: empty, mode 000 (unlinked before the pivot).
        *step = "open";
        int fd = openat(root, kHiddenSource, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0);
        if (fd < 0) return -1;
        close(fd);
        return 0;
      }
      case kMkdir:
      case kTouch:
      case kSymlink: {
        const std::string& path = op.kind == kSymlink ? op.b : op.a;
        std::string base;
        *step = "openat2";
        int dir = Parent(path, &base);
        if (dir < 0) return -1;
        int rc;
        if (op.kind == kMkdir) {
          *step = "mkdir";
          rc = mkdirat(dir, base.c_str(), op.flags & 07777);
          if (rc < 0 && errno == EEXIST) {
            struct stat st;
            rc = fstatat(dir, base.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
            if (rc < 0) errno = EEXIST;
          }
        } else if (op.kind == kTouch) {
          *step = "open";
          int fd = openat(dir, base.c_str(), O_CREAT | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, op.flags & 07777);
          rc = fd < 0 ? -1 : 0;
          if (fd >= 0) close(fd);
        } else {
          *step = "symlink";
          rc = symlinkat(op.a.c_str(), dir, base.c_str());
        }
        int err = errno;
        close(dir);
        errno = err;
        return rc;
      }
      case kAttach: {
        *step = "move_mount";
        if (op.flags >= slots.size() || slots[op.flags] < 0) {
          errno = EBADF;
          return -1;
        }
        int t = Target(op.a);
        if (t < 0) return -1;
        int rc = Attach(slots[op.flags], t);
        int err = errno;
        close(t);
        close(slots[op.flags]);
        slots[op.flags] = -1;
        errno = err;
        return rc;
      }
      case kTmpfs:
      case kDevpts:
      case kProc: {
        *step = "openat2";
        int t = Target(op.a);
        if (t < 0) return -1;
        *step = "mount";
        int rc;
        if (op.kind == kTmpfs) {
          unsigned long flags = MS_NOSUID | MS_NODEV | ((op.flags & kNoExec) ? MS_NOEXEC : 0) | ((op.flags & kReadOnlyMount) ? MS_RDONLY : 0);
          rc = MountAt(t, "tmpfs", flags, op.b.empty() ? nullptr : op.b.c_str());
        } else if (op.kind == kDevpts) {
          rc = MountAt(t, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620");
        } else {
          rc = MountAt(t, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr);
        }
        int err = errno;
        close(t);
        errno = err;
        return rc;
      }
      case kHideFile: {
        *step = "openat2";
        int t = Target(op.a);
        if (t < 0) return -1;
        *step = "open_tree";
        int m = static_cast<int>(syscall(SYS_open_tree, root, kHiddenSource, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC));
        int rc = -1;
        if (m >= 0) {
          *step = "mount_setattr";
          rc = static_cast<int>(SetAttr(m, 0, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, 0));
          if (rc == 0) {
            *step = "move_mount";
            rc = Attach(m, t);
          }
        }
        int err = errno;
        if (m >= 0) close(m);
        close(t);
        errno = err;
        return rc;
      }
      case kReadOnly: {
        *step = "openat2";
        int t = Target(op.a);
        if (t < 0) return -1;
        *step = "mount_setattr";
        int rc = static_cast<int>(SetAttr(t, 0, MOUNT_ATTR_RDONLY, 0));
        int err = errno;
        close(t);
        errno = err;
        return rc;
      }
      case kPivot: {
        *step = "unlink";
        if (unlinkat(root, kHiddenSource, 0) < 0 && errno != ENOENT) return -1;
        *step = "pivot_root";
        if (fchdir(root) < 0) return -1;
        // pivot_root(".", "."): the old root ends up stacked on the new one, and is
        // detached right away; no directory for it is needed (see pivot_root(2)).
        if (syscall(SYS_pivot_root, ".", ".") < 0) return -1;
        *step = "umount2";
        if (umount2(".", MNT_DETACH) < 0) return -1;
        if (chdir("/") < 0) return -1;
        close(root);
        root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        pivoted = true;
        return root < 0 ? -1 : 0;
      }
      case kHostname:
        *step = "sethostname";
        return sethostname(op.a.data(), op.a.size());
      case kLoopback:
        *step = "loopback";
        return LoopbackUp();
    }
    *step = "plan";
    errno = EINVAL;
    return -1;
  }
};

}  // namespace

bool BuildWorld(const std::vector<PlanOp>& ops, BuildError* e) {
  Builder b;
  for (size_t i = 0; i < ops.size(); ++i) {
    const PlanOp& op = ops[i];
    if (b.root < 0 && op.kind != kClone && op.kind != kRoot && op.kind != kHostname && op.kind != kLoopback) {
      e->index = static_cast<int>(i);
      e->err = EINVAL;
      e->step = "plan";
      return false;
    }
    const char* step = "";
    if (b.Run(op, &step) < 0) {
      e->index = static_cast<int>(i);
      e->err = errno;
      e->step = step;
      return false;
    }
  }
  if (!b.pivoted) {
    e->index = static_cast<int>(ops.size());
    e->err = EINVAL;
    e->step = "pivot_root";
    return false;
  }
  return true;
}

}  // namespace world
}  // namespace aosh
