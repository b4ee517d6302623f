// A stage's privileges: capabilities dropped (every set and the bounding set, so not even a
// root-owned program gets any back at exec), no_new_privs, Landlock scopes, and a seccomp
// filter. The filter is classic BPF built once (PrepareFilters); a denied call fails with
// EPERM, an ordinary "Operation not permitted":
//   mount and the new mount API, pivot_root, ptrace and process_vm_*, kexec_*, bpf,
//   keyctl/add_key/request_key, module loading, setns, open_by_handle_at, userfaultfd,
//   perf_event_open, swapon/off, reboot, io_uring (its ops would bypass every other rule);
//   unshare and clone with CLONE_NEWUSER (a new user namespace gives capabilities back);
//   ioctl TIOCSTI and TIOCLINUX (terminal injection).
// clone3 gets ENOSYS: its flags live in memory a filter cannot read, and libc falls back
// to clone. Other architectures than the build's are killed (no x32/i386 bypass).
//
// Every stage's filter also turns the calls that write a path (open/openat/creat with a
// write flag, mkdir, mkdirat, unlink, unlinkat) into user notifications that the stage's
// PID 1 only OBSERVES (it answers "continue" at once): it predicts whether the world will
// refuse the call (a read-only mount, a hidden directory) so that aosh can say which flag
// would allow it. The mounts enforce; a wrong prediction only costs a note.
//
// Without a network grant (kConnectFilter) two more rules make "no network" mean "no host
// sockets either": AF_UNIX datagram sockets cannot be created (sendto() could reach any
// socket path without connect()), and connect() becomes a user notification answered by
// the stage's PID 1 (stage.cc), which lets a stage reach only sockets in its own writable
// world and aosh's socket. Abstract sockets are per network namespace, and Landlock's
// scope keeps them inside the stage besides.
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include <vector>

#include "world.h"

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif
#ifndef TIOCLINUX
#define TIOCLINUX 0x541C
#endif
#ifndef SECCOMP_FILTER_FLAG_NEW_LISTENER
#define SECCOMP_FILTER_FLAG_NEW_LISTENER (1UL << 3)
#endif
#ifndef SECCOMP_RET_USER_NOTIF
#define SECCOMP_RET_USER_NOTIF 0x7fc00000U
#endif
#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup 425
#define __NR_io_uring_enter 426
#define __NR_io_uring_register 427
#endif

#if defined(__x86_64__)
#define AOSH_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define AOSH_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

namespace aosh {
namespace world {
namespace {

constexpr unsigned kDenied[] = {
#ifdef __NR_mount
    __NR_mount,
#endif
#ifdef __NR_umount2
    __NR_umount2,
#endif
#ifdef __NR_umount
    __NR_umount,
#endif
    __NR_pivot_root,
#ifdef __NR_fsopen
    __NR_fsopen, __NR_fsconfig, __NR_fsmount, __NR_fspick, __NR_move_mount, __NR_open_tree,
#endif
#ifdef __NR_mount_setattr
    __NR_mount_setattr,
#endif
    __NR_ptrace, __NR_process_vm_readv, __NR_process_vm_writev,
    __NR_kexec_load,
#ifdef __NR_kexec_file_load
    __NR_kexec_file_load,
#endif
    __NR_bpf, __NR_keyctl, __NR_add_key, __NR_request_key,
    __NR_init_module, __NR_finit_module, __NR_delete_module,
    __NR_setns, __NR_open_by_handle_at, __NR_userfaultfd, __NR_perf_event_open,
    __NR_swapon, __NR_swapoff, __NR_reboot,
    __NR_io_uring_setup, __NR_io_uring_enter, __NR_io_uring_register,
#ifdef __NR_pidfd_getfd
    __NR_pidfd_getfd,
#endif
#ifdef __NR_process_madvise
    __NR_process_madvise,
#endif
};

struct Program {
  std::vector<sock_filter> code;
  sock_fprog prog = {};
};

Program* plain = nullptr;      // the filter when the stage has the host network
Program* connecting = nullptr;  // + the AF_UNIX rules and connect() notifications

constexpr unsigned kWriteFlags = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;

Program* Build(bool connect_filter) {
  auto* p = new Program();
  auto& f = p->code;
  auto stmt = [&f](unsigned short code, unsigned k) { f.push_back(sock_filter BPF_STMT(code, k)); };
  auto jump = [&f](unsigned short code, unsigned k, unsigned char jt, unsigned char jf) { f.push_back(sock_filter BPF_JUMP(code, k, jt, jf)); };
  const unsigned kEperm = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);
  const unsigned kEacces = SECCOMP_RET_ERRNO | (EACCES & SECCOMP_RET_DATA);
  const unsigned kEnosys = SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA);
  const unsigned kNr = offsetof(struct seccomp_data, nr);
  const unsigned kArg0 = offsetof(struct seccomp_data, args[0]);  // low 32 bits (little endian)
  const unsigned kArg1 = offsetof(struct seccomp_data, args[1]);

  stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
  jump(BPF_JMP | BPF_JEQ | BPF_K, AOSH_AUDIT_ARCH, 1, 0);
  stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
  stmt(BPF_LD | BPF_W | BPF_ABS, kNr);
#if defined(__x86_64__)
  jump(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1);  // x32 ABI
  stmt(BPF_RET | BPF_K, kEperm);
#endif
  for (unsigned nr : kDenied) {
    jump(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1);
    stmt(BPF_RET | BPF_K, kEperm);
  }
#ifdef __NR_clone3
  jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1);
  stmt(BPF_RET | BPF_K, kEnosys);
#endif
  // Path writes: observed (see the top). open(path, flags), openat(dirfd, path, flags).
  const unsigned kArg2 = offsetof(struct seccomp_data, args[2]);
#ifdef __NR_open
  jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_open, 0, 3);
  stmt(BPF_LD | BPF_W | BPF_ABS, kArg1);
  jump(BPF_JMP | BPF_JSET | BPF_K, kWriteFlags, 0, 1);
  stmt(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
  stmt(BPF_LD | BPF_W | BPF_ABS, kNr);
#endif
  jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 0, 3);
  stmt(BPF_LD | BPF_W | BPF_ABS, kArg2);
  jump(BPF_JMP | BPF_JSET | BPF_K, kWriteFlags, 0, 1);
  stmt(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
  stmt(BPF_LD | BPF_W | BPF_ABS, kNr);
  for (unsigned nr : {
#ifdef __NR_creat
           static_cast<unsigned>(__NR_creat),
#endif
#ifdef __NR_mkdir
           static_cast<unsigned>(__NR_mkdir),
#endif
#ifdef __NR_unlink
           static_cast<unsigned>(__NR_unlink),
#endif
           static_cast<unsigned>(__NR_mkdirat), static_cast<unsigned>(__NR_unlinkat)}) {
    jump(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1);
    stmt(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
  }
  if (connect_filter) {
    jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_connect, 0, 1);
    stmt(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
    // socket/socketpair(AF_UNIX, SOCK_DGRAM[|flags]): refused. Each block ends in a
    // return, so the accumulator is reloaded with the number afterwards.
    for (unsigned nr : {static_cast<unsigned>(__NR_socket), static_cast<unsigned>(__NR_socketpair)}) {
      jump(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 7);
      stmt(BPF_LD | BPF_W | BPF_ABS, kArg0);
      jump(BPF_JMP | BPF_JEQ | BPF_K, AF_UNIX, 0, 4);
      stmt(BPF_LD | BPF_W | BPF_ABS, kArg1);
      stmt(BPF_ALU | BPF_AND | BPF_K, 0xf);  // the type without SOCK_NONBLOCK/SOCK_CLOEXEC
      jump(BPF_JMP | BPF_JEQ | BPF_K, SOCK_DGRAM, 0, 1);
      stmt(BPF_RET | BPF_K, kEacces);
      stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    }
  }
  // clone/unshare: flags in arg 0.
  jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 2, 0);
  jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_unshare, 1, 0);
  jump(BPF_JMP | BPF_JA, 0, 0, 0);  // patched below (to the ioctl check)
  size_t ja = f.size() - 1;
  stmt(BPF_LD | BPF_W | BPF_ABS, kArg0);
  jump(BPF_JMP | BPF_JSET | BPF_K, CLONE_NEWUSER, 0, 1);
  stmt(BPF_RET | BPF_K, kEperm);
  stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  f[ja].k = static_cast<unsigned>(f.size() - ja - 1);
  jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 4);
  stmt(BPF_LD | BPF_W | BPF_ABS, kArg1);
  jump(BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI, 1, 0);
  jump(BPF_JMP | BPF_JEQ | BPF_K, TIOCLINUX, 0, 1);
  stmt(BPF_RET | BPF_K, kEperm);
  stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  p->prog.len = static_cast<unsigned short>(f.size());
  p->prog.filter = f.data();
  return p;
}

// Landlock's ABI 6 structure; Debian 12's headers predate `scoped`.
struct RulesetAttr {
  uint64_t handled_access_fs;
  uint64_t handled_access_net;
  uint64_t scoped;
};
struct __attribute__((packed)) PathBeneath {
  uint64_t allowed_access;
  int32_t parent_fd;
};
constexpr uint64_t kAccessExecute = 1;
constexpr uint32_t kRulePathBeneath = 1;
constexpr uint64_t kScopeAbstractUnix = 1;
constexpr uint64_t kScopeSignal = 2;
constexpr uint32_t kCreateVersion = 1;

}  // namespace

bool PrepareFilters() {
#ifndef AOSH_AUDIT_ARCH
  return false;
#else
  if (!plain) plain = Build(false);
  if (!connecting) connecting = Build(true);
  return true;
#endif
}

int InstallStageFilter(bool connect_filter) {
  Program* p = connect_filter ? connecting : plain;
  if (!p) {
    errno = ENOSYS;
    return -1;
  }
  // Always a listener: path writes are observed in every stage.
  unsigned flags = SECCOMP_FILTER_FLAG_NEW_LISTENER;
  long rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &p->prog);
  return static_cast<int>(rc);
}

namespace {
int last_cap = -1;  // /proc/sys/kernel/cap_last_cap, read once in the zygote
}

void PrepareCapabilities() {
  int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  char buf[16] = {};
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n > 0) last_cap = atoi(buf);
}

int DropCapabilities() {
  // The bounding set first (needs CAP_SETPCAP, which we still hold), up to the kernel's
  // last capability (EINVAL past it).
  for (unsigned long cap = 0; cap < 64 && (last_cap < 0 || cap <= static_cast<unsigned long>(last_cap)); ++cap) {
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
      if (errno == EINVAL) break;
      return -1;
    }
  }
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL) return -1;
  struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2] = {};
  if (syscall(SYS_capset, &hdr, data) < 0) return -1;
  return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

int LandlockAbi() {
  long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0, kCreateVersion);
  return abi < 0 ? 0 : static_cast<int>(abi);
}

int ApplyLandlock(bool scopes, const std::vector<std::string>* exec_allow) {
  const int abi = LandlockAbi();
  if (exec_allow && abi < 1) {
    errno = ENOSYS;  // --allow-run cannot be enforced: the stage fails, it does not run freely
    return -1;
  }
  RulesetAttr attr = {exec_allow ? kAccessExecute : 0, 0, scopes && abi >= 6 ? kScopeAbstractUnix | kScopeSignal : 0};
  if (attr.handled_access_fs == 0 && attr.scoped == 0) return 0;
  size_t size = abi >= 6 ? sizeof attr : abi >= 4 ? 2 * sizeof(uint64_t) : sizeof(uint64_t);
  long rs = syscall(SYS_landlock_create_ruleset, &attr, size, 0);
  if (rs < 0) return -1;
  if (exec_allow) {
    for (const std::string& p : *exec_allow) {
      int fd = open(p.c_str(), O_PATH | O_CLOEXEC);
      if (fd < 0) continue;  // not in this world: nothing to allow
      PathBeneath rule = {kAccessExecute, fd};
      long r = syscall(SYS_landlock_add_rule, static_cast<int>(rs), kRulePathBeneath, &rule, 0);
      int err = errno;
      close(fd);
      if (r < 0) {
        close(static_cast<int>(rs));
        errno = err;
        return -1;
      }
    }
  }
  long rc = syscall(SYS_landlock_restrict_self, static_cast<int>(rs), 0);
  int err = errno;
  close(static_cast<int>(rs));
  errno = err;
  return rc < 0 ? -1 : 0;
}

}  // namespace world
}  // namespace aosh
