#include "tunnel.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "errors.h"
#include "threads.h"

namespace aosh {
namespace {

// Per direction. Measured with scripts/bench-net.mjs on loopback: read/write through a
// 256 KiB buffer moves ~2x what splice() through a pipe does (splice hands the receiving
// socket many small fragments) and ~2x a Node stream pipe, at a fraction of the CPU.
constexpr size_t kBuffer = 256 << 10;

struct Direction {
  int from;
  int to;
  std::vector<char> buf = std::vector<char>(kBuffer);
  size_t start = 0;
  size_t end = 0;
  bool eof = false;       // `from` said EOF (or failed)
  bool shut = false;      // `to` got shutdown(SHUT_WR) after the last byte
  std::atomic<uint64_t> bytes{0};
};

struct TunnelState {
  Direction ab;
  Direction ba;
  std::atomic<bool> cancelled{false};
  std::mutex cancel_mu;
  int cancel_fd = -1;
  Napi::ThreadSafeFunction tsfn;

  void Cancel() {
    cancelled.store(true, std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(cancel_mu);
    if (cancel_fd >= 0) {
      uint64_t one = 1;
      ssize_t ignored = write(cancel_fd, &one, sizeof one);
      (void)ignored;
    }
  }
};

struct DoneMessage {
  double ab;
  double ba;
  std::string error;  // empty: both directions ended cleanly
};

// Moves what it can without blocking. Returns false on an error that ends the tunnel
// (err/syscall set): a reset, or writing to a peer that has gone.
bool Pump(Direction& d, int* err, const char** syscall) {
  for (;;) {
    if (d.start < d.end) {
      ssize_t w = send(d.to, d.buf.data() + d.start, d.end - d.start, MSG_NOSIGNAL);
      if (w < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN) return true;
        *err = errno;
        *syscall = "send";
        return false;
      }
      d.start += static_cast<size_t>(w);
      d.bytes.fetch_add(static_cast<uint64_t>(w), std::memory_order_relaxed);
      if (d.start < d.end) return true;  // the peer's buffer is full
      d.start = d.end = 0;
    }
    if (d.eof) {
      if (!d.shut) {
        // Half-close: the other side learns of the EOF, the opposite direction goes on.
        shutdown(d.to, SHUT_WR);
        d.shut = true;
      }
      return true;
    }
    ssize_t r = recv(d.from, d.buf.data(), d.buf.size(), 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) return true;
      *err = errno;
      *syscall = "recv";
      return false;
    }
    if (r == 0) {
      d.eof = true;
      continue;
    }
    d.end = static_cast<size_t>(r);
  }
}

void DeliverToJs(Napi::Env env, Napi::Function onDone, DoneMessage* msg) {
  if (env != nullptr && onDone != nullptr) {
    Napi::Value error = msg->error.empty() ? env.Null() : Napi::Value(Napi::String::New(env, msg->error));
    Napi::Number ab = Napi::Number::New(env, msg->ab);
    Napi::Number ba = Napi::Number::New(env, msg->ba);
    delete msg;
    onDone.Call({ab, ba, error});
    return;
  }
  delete msg;
}

void RunTunnel(const std::shared_ptr<TunnelState>& s) {
  // As the relays (relay.cc): a woken tunnel does not preempt the task filling its input,
  // so it moves bigger batches on a loaded machine.
  struct sched_param batch = {};
  pthread_setschedparam(pthread_self(), SCHED_BATCH, &batch);
  Direction& ab = s->ab;
  Direction& ba = s->ba;
  int a = ab.from;
  int b = ba.from;
  int err = 0;
  const char* syscall = nullptr;
  bool cancelled = false;
  for (;;) {
    if (s->cancelled.load(std::memory_order_relaxed)) {
      cancelled = true;
      break;
    }
    if (!Pump(ab, &err, &syscall) || !Pump(ba, &err, &syscall)) break;
    if (ab.shut && ba.shut) break;  // both directions done
    // Wait for input where there is room, for room where there is output.
    short ea = 0;
    short eb = 0;
    if (!ab.eof && ab.start == ab.end) ea |= POLLIN;
    if (ab.start < ab.end) eb |= POLLOUT;
    if (!ba.eof && ba.start == ba.end) eb |= POLLIN;
    if (ba.start < ba.end) ea |= POLLOUT;
    struct pollfd p[3] = {{a, ea, 0}, {b, eb, 0}, {s->cancel_fd, POLLIN, 0}};
    if (poll(p, 3, -1) < 0 && errno != EINTR) {
      err = errno;
      syscall = "poll";
      break;
    }
    if (p[2].revents) {
      cancelled = true;
      break;
    }
    // An error (a reset) on a socket we wait on for nothing would wake poll forever: end
    // here. Otherwise the next recv/send says what happened (EOF, EPIPE).
    bool dead = false;
    for (int i = 0; i < 2; ++i) {
      if (!(p[i].revents & (POLLERR | POLLHUP | POLLNVAL)) || (p[i].revents & p[i].events)) continue;
      int soerr = 0;
      socklen_t l = sizeof soerr;
      getsockopt(p[i].fd, SOL_SOCKET, SO_ERROR, &soerr, &l);
      err = soerr ? soerr : EPIPE;
      syscall = "poll";
      dead = true;
    }
    if (dead) break;
  }
  close(a);
  close(b);
  {
    std::lock_guard<std::mutex> lock(s->cancel_mu);
    close(s->cancel_fd);
    s->cancel_fd = -1;
  }
  auto* msg = new DoneMessage{static_cast<double>(ab.bytes.load()), static_cast<double>(ba.bytes.load()), ""};
  // A reset or a peer gone while sending is how TCP connections often end: reported, so
  // the caller can tell, but not as a failure of ours.
  if (cancelled) msg->error = "cancelled";
  else if (syscall) msg->error = ErrnoText(err, syscall);
  if (s->tsfn.NonBlockingCall(msg, DeliverToJs) == napi_ok) {
    s->tsfn.Release();
  } else {
    delete msg;
  }
}

int SocketArg(const Napi::CallbackInfo& info, size_t i) {
  Napi::Env env = info.Env();
  if (!info[i].IsNumber()) throw Napi::TypeError::New(env, "tunnel(a, b, onDone): fds must be numbers");
  int fd = info[i].As<Napi::Number>().Int32Value();
  struct stat st;
  if (fstat(fd, &st) < 0) throw ErrnoError(env, errno, "fstat");
  if (!S_ISSOCK(st.st_mode)) throw Napi::TypeError::New(env, "tunnel: fds must be sockets");
  return fd;
}

}  // namespace

Napi::Value JsTunnel(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int a0 = SocketArg(info, 0);
  int b0 = SocketArg(info, 1);
  if (!info[2].IsFunction()) throw Napi::TypeError::New(env, "tunnel(a, b, onDone): onDone must be a function");
  if (a0 == b0) throw Napi::TypeError::New(env, "tunnel: a and b must differ");
  // Our own descriptors: the caller closes its copies (Node's sockets) right away.
  int a = fcntl(a0, F_DUPFD_CLOEXEC, 3);
  if (a < 0) throw ErrnoError(env, errno, "fcntl");
  int b = fcntl(b0, F_DUPFD_CLOEXEC, 3);
  if (b < 0) {
    int e = errno;
    close(a);
    throw ErrnoError(env, e, "fcntl");
  }
  for (int fd : {a, b}) {
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0 && !(fl & O_NONBLOCK)) fcntl(fd, F_SETFL, fl | O_NONBLOCK);
  }
  auto state = std::make_shared<TunnelState>();
  state->ab.from = a;
  state->ab.to = b;
  state->ba.from = b;
  state->ba.to = a;
  state->cancel_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (state->cancel_fd < 0) {
    int e = errno;
    close(a);
    close(b);
    throw ErrnoError(env, e, "eventfd");
  }
  try {
    state->tsfn = Napi::ThreadSafeFunction::New(env, info[2].As<Napi::Function>(), "aosh.tunnel", 0, 1);
    StartDetachedThread([state] { RunTunnel(state); });
  } catch (...) {
    if (state->tsfn) state->tsfn.Release();
    close(state->cancel_fd);
    close(a);
    close(b);
    throw;
  }
  Napi::Object handle = Napi::Object::New(env);
  handle.Set("bytes", Napi::Function::New(env, [state](const Napi::CallbackInfo& i) -> Napi::Value {
               Napi::Array out = Napi::Array::New(i.Env(), 2);
               out.Set(0u, Napi::Number::New(i.Env(), static_cast<double>(state->ab.bytes.load())));
               out.Set(1u, Napi::Number::New(i.Env(), static_cast<double>(state->ba.bytes.load())));
               return out;
             }, "bytes"));
  handle.Set("cancel", Napi::Function::New(env, [state](const Napi::CallbackInfo& i) { state->Cancel(); }, "cancel"));
  return handle;
}

}  // namespace aosh
