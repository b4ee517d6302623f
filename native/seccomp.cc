// Privilege: capabilities dropped (effective, permitted, inheritable, ambient and the
// bounding set, so not even a root-owned or setuid program gets any back at exec),
// no_new_privs, and a seccomp filter.
//
// The filter is a plain classic-BPF list built once in the parent (PrepareSeccomp) and
// installed by the child with one prctl. It denies with EPERM (a program sees an
// ordinary "Operation not permitted", not a crash):
//   mount/umount2/pivot_root and the new mount API, ptrace and process_vm_*,
//   kexec_*, bpf, keyctl/add_key/request_key, init/finit/delete_module, setns,
//   open_by_handle_at, userfaultfd, perf_event_open, swapon/off, reboot;
//   unshare and clone with CLONE_NEWUSER (a new user namespace would give the stage a
//   full capability set again); ioctl TIOCSTI and TIOCLINUX (terminal injection).
// clone3 gets ENOSYS: its flags live in memory a filter cannot read, and libc falls
// back to clone, whose flags it can. Other architectures than the build's are killed
// (no i386/x32 syscall table bypass).
#include <errno.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <vector>

#include "sandbox.h"

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif
#ifndef TIOCLINUX
#define TIOCLINUX 0x541C
#endif

#if defined(__x86_64__)
#define AOSH_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define AOSH_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

namespace aosh {
namespace {

std::vector<sock_filter>* filter = nullptr;
sock_fprog program = {};

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
};

}  // namespace

bool PrepareSeccomp() {
#ifndef AOSH_AUDIT_ARCH
  return false;
#else
  if (filter) return true;
  auto* f = new std::vector<sock_filter>();
  auto stmt = [f](unsigned short code, unsigned k) { f->push_back(sock_filter BPF_STMT(code, k)); };
  auto jump = [f](unsigned short code, unsigned k, unsigned char jt, unsigned char jf) {
    f->push_back(sock_filter BPF_JUMP(code, k, jt, jf));
  };
  const unsigned kEperm = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);
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
  // clone/unshare: flags in arg 0. Each block: nr? -> load arg -> test -> deny, else allow
  // (the arguments are the last thing checked, so the accumulator need not be reloaded).
  jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 2, 0);
  jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_unshare, 1, 0);
  jump(BPF_JMP | BPF_JA, 0, 0, 0);  // placeholder patched below (to the ioctl check)
  size_t ja = f->size() - 1;
  stmt(BPF_LD | BPF_W | BPF_ABS, kArg0);
  jump(BPF_JMP | BPF_JSET | BPF_K, CLONE_NEWUSER, 0, 1);
  stmt(BPF_RET | BPF_K, kEperm);
  stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  (*f)[ja].k = static_cast<unsigned>(f->size() - ja - 1);
  jump(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 4);
  stmt(BPF_LD | BPF_W | BPF_ABS, kArg1);
  jump(BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI, 1, 0);
  jump(BPF_JMP | BPF_JEQ | BPF_K, TIOCLINUX, 0, 1);
  stmt(BPF_RET | BPF_K, kEperm);
  stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  filter = f;
  program.len = static_cast<unsigned short>(f->size());
  program.filter = f->data();
  return true;
#endif
}

int InstallSeccomp() {
  if (!filter) {
    errno = ENOSYS;
    return -1;
  }
  return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0);
}

int DropCapabilities() {
  // The bounding set first (needs CAP_SETPCAP, which we still hold), up to the kernel's
  // last capability (EINVAL past it).
  for (unsigned long cap = 0; cap < 64; ++cap) {
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

}  // namespace aosh
