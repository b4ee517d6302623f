// The fs helper: the one place where aosh itself (the shell's redirections, globs, `test`,
// `cd`, `source`; the socket's READ and WRITE; the agent's file tools) touches files for
// a session. It lives inside the world with a stage's credentials (no capabilities, so
// a mode-000 hidden directory refuses root too, and a read-only mount says EROFS), and
// answers one request at a time over its socket to the kernel: the same mounts, the same
// hidden paths, the same symlink and `..` resolution a stage gets, because it IS in the
// world. Opened files are handed back as descriptors.
//
// Relative paths resolve against the caller's working directory as the kernel resolves
// them for a stage (physically), from a directory fd cached per working directory.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>

#include "proto.h"
#include "world.h"

namespace aosh {
namespace world {
namespace {

struct Cwd {
  std::string path;
  int fd = -1;
};

int DirFor(Cwd& cwd, const std::string& dir, const std::string& path) {
  if (!path.empty() && path[0] == '/') return AT_FDCWD;
  if (dir != cwd.path || cwd.fd < 0) {
    if (cwd.fd >= 0) close(cwd.fd);
    cwd.fd = open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    cwd.path = dir;
    if (cwd.fd < 0) return -1;
  }
  return cwd.fd;
}

void PutStat(Writer& w, const struct stat& st) {
  w.u32(st.st_mode);
  w.u64(static_cast<uint64_t>(st.st_size));
  w.u32(st.st_uid);
  w.u32(st.st_gid);
  w.u64(st.st_dev);
  w.u64(st.st_ino);
  w.u64(st.st_nlink);
  w.u64(static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000ull + st.st_mtim.tv_nsec);
  w.u64(static_cast<uint64_t>(st.st_atim.tv_sec) * 1000000000ull + st.st_atim.tv_nsec);
  w.u64(static_cast<uint64_t>(st.st_ctim.tv_sec) * 1000000000ull + st.st_ctim.tv_nsec);
}

// Reply layout: i32 errno (0 = ok), then the op's fields.
void Serve(int sock) {
  Cwd cwd;
  for (;;) {
    uint32_t op;
    std::string payload;
    std::vector<int> fds;
    int r = RecvFrame(sock, &op, &payload, &fds);
    for (int fd : fds) close(fd);
    if (r <= 0) _exit(0);
    Reader in(payload);
    uint32_t kind = in.u32();
    std::string dir = in.str();
    std::string path = in.str();
    uint32_t a = in.u32();
    uint32_t b = in.u32();
    Writer out(kFsReply);
    if (!in.ok() || op != kFs || path.find('\0') != std::string::npos) {
      out.i32(EPROTO);
      SendFrame(sock, out.frame());
      continue;
    }
    int base = DirFor(cwd, dir, path);
    const char* p = path.empty() ? "" : path.c_str();
    if (base == -1) {
      out.i32(errno);
      SendFrame(sock, out.frame());
      continue;
    }
    switch (kind) {
      case fsop::kOpen: {
        // A FIFO would block here until its other end opens, and with it the kernel: hand
        // back an O_PATH descriptor instead (after the access check the open would make);
        // the kernel reopens it on a thread that may block.
        int flags = static_cast<int>(a);
        int probe = openat(base, p, O_PATH | O_CLOEXEC | (flags & O_NOFOLLOW));
        struct stat st;
        if (probe >= 0 && fstat(probe, &st) == 0 && S_ISFIFO(st.st_mode)) {
          int acc = flags & O_ACCMODE;
          int mode = acc == O_RDONLY ? R_OK : acc == O_WRONLY ? W_OK : R_OK | W_OK;
          if (faccessat(probe, "", mode, AT_EMPTY_PATH | AT_EACCESS) < 0) {
            out.i32(errno);
            SendFrame(sock, out.frame());
          } else {
            out.i32(0);
            out.u32(1);  // a FIFO: reopen it
            SendFrame(sock, out.frame(), &probe, 1);
          }
          close(probe);
          break;
        }
        if (probe >= 0) close(probe);
        // b: the mode; with bit 31 set, bits 16-24 are the shell's umask, which replaces
        // ours for this one create (the shell's `umask` for its own redirections).
        mode_t old_mask = 0;
        if (b & 0x80000000u) old_mask = umask(static_cast<mode_t>((b >> 16) & 0777));
        int fd = openat(base, p, flags | O_CLOEXEC | O_NOCTTY, b & 07777);
        if (b & 0x80000000u) {
          int saved = errno;
          umask(old_mask);
          errno = saved;
        }
        if (fd < 0) {
          out.i32(errno);
          SendFrame(sock, out.frame());
        } else {
          out.i32(0);
          out.u32(0);
          SendFrame(sock, out.frame(), &fd, 1);
          close(fd);
        }
        break;
      }
      case fsop::kStat:
      case fsop::kLstat: {
        struct stat st;
        if (fstatat(base, p, &st, kind == fsop::kLstat ? AT_SYMLINK_NOFOLLOW : 0) < 0) {
          out.i32(errno);
        } else {
          out.i32(0);
          PutStat(out, st);
        }
        SendFrame(sock, out.frame());
        break;
      }
      case fsop::kAccess:
        out.i32(faccessat(base, p, static_cast<int>(a), AT_EACCESS) < 0 ? errno : 0);
        SendFrame(sock, out.frame());
        break;
      case fsop::kReaddir: {
        int fd = openat(base, p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR* d = fd < 0 ? nullptr : fdopendir(fd);
        if (!d) {
          int err = errno;
          if (fd >= 0) close(fd);
          out.i32(err);
          SendFrame(sock, out.frame());
          break;
        }
        std::vector<std::string> names;
        errno = 0;
        while (struct dirent* e = readdir(d)) {
          if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
          names.push_back(e->d_name);
        }
        int err = errno;
        closedir(d);
        out.i32(err);
        if (!err) out.strs(names);
        SendFrame(sock, out.frame());
        break;
      }
      case fsop::kRealpath: {
        int fd = openat(base, p, O_PATH | O_CLOEXEC);
        char link[64], buf[4096];
        ssize_t n = -1;
        if (fd >= 0) {
          snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
          n = readlink(link, buf, sizeof buf - 1);
        }
        int err = errno;
        if (fd >= 0) close(fd);
        if (n < 0) {
          out.i32(err);
        } else {
          out.i32(0);
          out.str(std::string(buf, static_cast<size_t>(n)));
        }
        SendFrame(sock, out.frame());
        break;
      }
      case fsop::kMkdir:
        out.i32(mkdirat(base, p, a & 07777) < 0 ? errno : 0);
        SendFrame(sock, out.frame());
        break;
      case fsop::kRename: {
        // The target arrives as a third string (absolute, or relative to the same cwd).
        std::string to = in.str();
        int tb = in.ok() ? DirFor(cwd, dir, to) : -1;
        out.i32(!in.ok() ? EPROTO : tb == -1 ? errno : renameat(base, p, tb, to.c_str()) < 0 ? errno : 0);
        SendFrame(sock, out.frame());
        break;
      }
      case fsop::kUnlink:
        out.i32(unlinkat(base, p, a ? AT_REMOVEDIR : 0) < 0 ? errno : 0);
        SendFrame(sock, out.frame());
        break;
      default:
        out.i32(EINVAL);
        SendFrame(sock, out.frame());
    }
  }
}

}  // namespace

[[noreturn]] void FsHelperMain(int sock) {
  Serve(sock);
  _exit(0);
}

}  // namespace world
}  // namespace aosh
