// The wire format between the kernel (the addon, world_client.cc) and a world's processes
// (the zygote and the fs helper, native/world/). Both sides are C++ and include this file.
//
// A frame is [u32 length of everything][u32 op][payload], little-endian, on a SOCK_STREAM
// socketpair; descriptors travel as SCM_RIGHTS attached to the frame's first bytes (a unix
// stream socket never merges data that carries descriptors with earlier data, so the
// receiver gets them with the header it reads first). Payload fields are u32/i32/u64 and
// strings (u32 length + bytes; paths may hold any byte but NUL).
#pragma once

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace aosh {
namespace world {

enum Op : uint32_t {
  // kernel -> starter process: namespaces to make. Reply kStarted (+ the zygote's pidfd).
  kStart = 1,
  kStarted = 2,
  // kernel -> zygote: the mount plan (ops). Reply kBuilt (+ the fs helper's socket).
  kBuild = 3,
  kBuilt = 4,
  // kernel -> zygote: start a stage (stage.cc ParsePlan: ..., exec list, umask, rlimits).
  // Reply kSpawned (+ its pidfd).
  kSpawn = 5,
  kSpawned = 6,
  // zygote -> kernel, on the event socket: a stage ended / hit the sandbox.
  kExit = 7,
  kDenied = 8,
  // kernel -> zygote: a TCP listener on the world's loopback (for the net proxy). Reply kListening (+ fd).
  kListen = 9,
  kListening = 10,
  // kernel -> fs helper: one file operation. Reply kFsReply (+ an fd for open).
  kFs = 11,
  kFsReply = 12,
};

// File operations of the fs helper (kMkdir: a = mode; kRename: the target follows as a string;
// kUnlink: a = 1 for rmdir).
namespace fsop {
enum : uint32_t { kOpen = 1, kStat = 2, kLstat = 3, kAccess = 4, kReaddir = 5, kRealpath = 6, kMkdir = 7, kRename = 8, kUnlink = 9 };
}

// Failed plan steps and stage steps are reported as (step, errno, index).
constexpr uint32_t kMaxFrame = 64u << 20;
constexpr int kMaxFds = 250;  // below SCM_MAX_FD (253)

class Writer {
 public:
  explicit Writer(uint32_t op) {
    u32(0);
    u32(op);
  }
  void u32(uint32_t v) {
    char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16), static_cast<char>(v >> 24)};
    buf_.append(b, 4);
  }
  void i32(int32_t v) { u32(static_cast<uint32_t>(v)); }
  void u64(uint64_t v) {
    u32(static_cast<uint32_t>(v));
    u32(static_cast<uint32_t>(v >> 32));
  }
  void str(const std::string& s) {
    u32(static_cast<uint32_t>(s.size()));
    buf_.append(s);
  }
  void strs(const std::vector<std::string>& v) {
    u32(static_cast<uint32_t>(v.size()));
    for (auto& s : v) str(s);
  }
  void raw(const std::string& bytes) { buf_.append(bytes); }
  // The frame, with its length patched in.
  const std::string& frame() {
    uint32_t n = static_cast<uint32_t>(buf_.size());
    for (int i = 0; i < 4; ++i) buf_[i] = static_cast<char>(n >> (8 * i));
    return buf_;
  }

 private:
  std::string buf_;
};

class Reader {
 public:
  explicit Reader(const std::string& s) : p_(s.data()), n_(s.size()) {}
  uint32_t u32() {
    if (n_ < 4) return fail();
    const unsigned char* b = reinterpret_cast<const unsigned char*>(p_);
    uint32_t v = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24);
    p_ += 4;
    n_ -= 4;
    return v;
  }
  int32_t i32() { return static_cast<int32_t>(u32()); }
  uint64_t u64() {
    uint64_t lo = u32();
    uint64_t hi = u32();
    return lo | (hi << 32);
  }
  std::string str() {
    uint32_t len = u32();
    if (!ok_ || len > n_) {
      fail();
      return std::string();
    }
    std::string s(p_, len);
    p_ += len;
    n_ -= len;
    return s;
  }
  std::vector<std::string> strs() {
    uint32_t count = u32();
    std::vector<std::string> v;
    if (!ok_ || count > n_) {
      fail();
      return v;
    }
    v.reserve(count);
    for (uint32_t i = 0; i < count && ok_; ++i) v.push_back(str());
    return v;
  }
  bool ok() const { return ok_; }

 private:
  uint32_t fail() {
    ok_ = false;
    n_ = 0;
    return 0;
  }
  const char* p_;
  size_t n_;
  bool ok_ = true;
};

// Writes a whole frame, descriptors attached to its first bytes. 0 or -1 (errno).
inline int SendFrame(int sock, const std::string& frame, const int* fds = nullptr, int nfds = 0) {
  size_t off = 0;
  while (off < frame.size()) {
    struct iovec iov = {const_cast<char*>(frame.data()) + off, frame.size() - off};
    struct msghdr msg = {};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)];
    if (off == 0 && nfds > 0) {
      if (nfds > kMaxFds) {
        errno = EMSGSIZE;
        return -1;
      }
      msg.msg_control = control;
      msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
      struct cmsghdr* c = CMSG_FIRSTHDR(&msg);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
      memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
    }
    ssize_t n = sendmsg(sock, &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    off += static_cast<size_t>(n);
  }
  return 0;
}

// Reads one frame: 1 with *op and *payload (after the op) filled and any descriptors in
// *fds (received O_CLOEXEC), 0 at EOF before a frame, -1 on error (errno; EPROTO for a
// malformed frame).
inline int RecvFrame(int sock, uint32_t* op, std::string* payload, std::vector<int>* fds) {
  char head[8];
  size_t got = 0;
  while (got < sizeof head) {
    struct iovec iov = {head + got, sizeof head - got};
    struct msghdr msg = {};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)];
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    for (struct cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
      int count = static_cast<int>((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
      const int* in = reinterpret_cast<const int*>(CMSG_DATA(c));
      for (int i = 0; i < count; ++i) {
        if (fds) fds->push_back(in[i]);
        else close(in[i]);
      }
    }
    if (n == 0) {
      if (got == 0) return 0;
      errno = EPROTO;
      return -1;
    }
    got += static_cast<size_t>(n);
  }
  Reader r(std::string(head, sizeof head));
  uint32_t len = r.u32();
  *op = r.u32();
  if (len < sizeof head || len > kMaxFrame) {
    errno = EPROTO;
    return -1;
  }
  payload->assign(len - sizeof head, '\0');
  size_t off = 0;
  while (off < payload->size()) {
    ssize_t n = read(sock, &(*payload)[off], payload->size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (n == 0) {
      errno = EPROTO;
      return -1;
    }
    off += static_cast<size_t>(n);
  }
  return 1;
}

}  // namespace world
}  // namespace aosh
