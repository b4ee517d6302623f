// Whether a pathname Unix socket is bound by a process of this network namespace.
//
// A stage without a network grant may connect to sockets on a writable mount of its world
// (its own servers in the working directory or /tmp), but a writable mount is also where a
// HOST process may have bound one (a dev server, an agent, a database socket in the project
// directory): the mount alone cannot tell whose socket it is. The listener's network
// namespace can. sock_diag (NETLINK_SOCK_DIAG, unix_diag) dumps only the sockets of the
// caller's namespace, with the inode each is bound to (UDIAG_SHOW_VFS). PID 1 of a stage
// lives in the world's namespace, so a socket bound by any stage of this world is listed,
// and one bound on the host is not. No capability is needed (it is what `ss -x` does).
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "world.h"

namespace aosh {
namespace world {

// 1: bound in this namespace; 0: not; -1: the dump failed (errno), which callers treat as 0.
int BoundInThisNetns(const struct stat& st) {
  int nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (nl < 0) return -1;
  struct {
    struct nlmsghdr nlh;
    struct unix_diag_req req;
  } msg = {};
  msg.nlh.nlmsg_len = sizeof msg;
  msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  msg.req.sdiag_family = AF_UNIX;
  msg.req.udiag_states = ~0u;
  msg.req.udiag_show = UDIAG_SHOW_VFS;
  struct sockaddr_nl to = {};
  to.nl_family = AF_NETLINK;
  if (sendto(nl, &msg, sizeof msg, 0, reinterpret_cast<struct sockaddr*>(&to), sizeof to) < 0) {
    int e = errno;
    close(nl);
    errno = e;
    return -1;
  }
  // unix_diag reports the superblock's kernel dev_t (major << 20 | minor), stat(2) the
  // encoded one: compare major and minor.
  const unsigned want_major = major(st.st_dev), want_minor = minor(st.st_dev);
  alignas(struct nlmsghdr) char buf[16384];
  int found = 0;
  for (bool done = false; !done && !found;) {
    ssize_t n = recv(nl, buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(nl);
      errno = e;
      return -1;
    }
    if (n == 0) break;
    for (struct nlmsghdr* h = reinterpret_cast<struct nlmsghdr*>(buf); NLMSG_OK(h, static_cast<unsigned>(n)); h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
        done = true;
        break;
      }
      auto* d = static_cast<struct unix_diag_msg*>(NLMSG_DATA(h));
      int alen = static_cast<int>(h->nlmsg_len) - static_cast<int>(NLMSG_LENGTH(sizeof *d));
      for (struct rtattr* a = reinterpret_cast<struct rtattr*>(d + 1); RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
        if (a->rta_type != UNIX_DIAG_VFS || RTA_PAYLOAD(a) < sizeof(struct unix_diag_vfs)) continue;
        struct unix_diag_vfs v;
        memcpy(&v, RTA_DATA(a), sizeof v);
        if (v.udiag_vfs_ino == st.st_ino && (v.udiag_vfs_dev >> 20) == want_major && (v.udiag_vfs_dev & 0xfffff) == want_minor) found = 1;
      }
    }
  }
  close(nl);
  return found;
}

}  // namespace world
}  // namespace aosh
