#include "relay.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/eventfd.h>
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

// Pipe buffers are grown to this (the default unprivileged limit of
// /proc/sys/fs/pipe-max-size) so each wake-up moves more data. Measured:
// 64 KiB ~0.6x of bash, 256 KiB ~0.8x, 1 MiB best, 4 MiB worse again
// (pages in flight no longer fit the caches).
constexpr int kPipeSize = 1 << 20;
// Most a single splice may move; the kernel stops at what the pipes hold.
constexpr size_t kSpliceChunk = 1 << 20;
// read/write fallback buffer.
constexpr size_t kCopyBuffer = 256 << 10;

enum class End { kEof, kPeerClosed, kCancelled, kError };

struct Result {
  End end;
  int err = 0;
  const char* syscall = nullptr;
};

struct RelayState {
  int from;
  int to;
  std::atomic<uint64_t> bytes{0};
  std::atomic<bool> cancelled{false};
  // The eventfd is closed by the relay thread when it finishes; cancel() may
  // race with that, so both sides hold the mutex while touching it.
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
  double bytes;
  std::string error;  // empty: clean end
};

bool IsPipe(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode);
}

// Best effort: the limit may be lower, or the user's pipe quota used up.
void GrowPipe(int fd) {
  if (fcntl(fd, F_GETPIPE_SZ) < kPipeSize) fcntl(fd, F_SETPIPE_SZ, kPipeSize);
}

// Waits until `fd` reports any of `events` (or an error/hangup, which the next
// syscall will turn into EOF or EPIPE). `watch_peer` (may be -1) is the write
// end downstream: if its reader goes away while we wait for input, we stop
// early instead of holding the upstream pipe open. Returns false on cancel.
enum class Wake { kReady, kCancelled, kPeerGone };
Wake WaitFor(RelayState& s, int fd, short events, int watch_peer) {
  for (;;) {
    if (s.cancelled.load(std::memory_order_relaxed)) return Wake::kCancelled;
    struct pollfd p[3] = {{fd, events, 0}, {s.cancel_fd, POLLIN, 0}, {watch_peer, 0, 0}};
    int rc = poll(p, watch_peer >= 0 ? 3 : 2, -1);
    if (rc < 0) {
      if (errno == EINTR) continue;
      return Wake::kReady;  // let the next syscall report the problem
    }
    if (p[1].revents) return Wake::kCancelled;
    if (p[0].revents) return Wake::kReady;
    if (watch_peer >= 0 && (p[2].revents & POLLERR)) return Wake::kPeerGone;
  }
}

Result Cancelled() { return {End::kCancelled}; }

Result SpliceLoop(RelayState& s) {
  const unsigned flags = SPLICE_F_MOVE | SPLICE_F_MORE | SPLICE_F_NONBLOCK;
  // EAGAIN means the input is empty or the output full, and does not say which.
  // Wait for input first; if splice still cannot move anything, the output
  // is full, so wait for room next. Each wait blocks until its side is ready,
  // so the loop never spins, and the common case costs one poll per batch.
  bool input_ready = false;
  for (;;) {
    if (s.cancelled.load(std::memory_order_relaxed)) return Cancelled();
    ssize_t n = splice(s.from, nullptr, s.to, nullptr, kSpliceChunk, flags);
    if (n > 0) {
      s.bytes.fetch_add(static_cast<uint64_t>(n), std::memory_order_relaxed);
      input_ready = false;
      continue;
    }
    if (n == 0) return {End::kEof};  // empty and no writers left
    if (errno == EINTR) continue;
    if (errno == EPIPE) return {End::kPeerClosed};
    if (errno != EAGAIN) return {End::kError, errno, "splice"};
    if (!input_ready) {
      // Also notice a reader downstream going away while the input is idle.
      Wake w = WaitFor(s, s.from, POLLIN, s.to);
      if (w == Wake::kCancelled) return Cancelled();
      if (w == Wake::kPeerGone) return {End::kPeerClosed};
      input_ready = true;
    } else {
      if (WaitFor(s, s.to, POLLOUT, -1) == Wake::kCancelled) return Cancelled();
      input_ready = false;
    }
  }
}

// Not both pipes. A write to a blocking fd may still wait for the reader
// after poll() said there was room; cancel() then takes effect once it returns.
Result CopyLoop(RelayState& s) {
  std::vector<char> buf(kCopyBuffer);
  for (;;) {
    if (WaitFor(s, s.from, POLLIN, -1) == Wake::kCancelled) return Cancelled();
    ssize_t n = read(s.from, buf.data(), buf.size());
    if (n == 0) return {End::kEof};
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return {End::kError, errno, "read"};
    }
    for (ssize_t off = 0; off < n;) {
      if (WaitFor(s, s.to, POLLOUT, -1) == Wake::kCancelled) return Cancelled();
      ssize_t w = write(s.to, buf.data() + off, static_cast<size_t>(n - off));
      if (w < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        if (errno == EPIPE) return {End::kPeerClosed};
        return {End::kError, errno, "write"};
      }
      off += w;
      s.bytes.fetch_add(static_cast<uint64_t>(w), std::memory_order_relaxed);
    }
  }
}

void DeliverToJs(Napi::Env env, Napi::Function onDone, DoneMessage* msg) {
  if (env != nullptr && onDone != nullptr) {
    Napi::Number bytes = Napi::Number::New(env, msg->bytes);
    Napi::Value error = msg->error.empty() ? env.Null() : Napi::Value(Napi::String::New(env, msg->error));
    delete msg;
    onDone.Call({bytes, error});
    return;
  }
  delete msg;
}

void RunRelay(const std::shared_ptr<RelayState>& s) {
  // SCHED_BATCH: a woken relay does not preempt the running task (typically
  // the writer upstream), so on a busy machine the writer keeps filling the
  // pipe and the relay then moves one big batch instead of chasing every 8 KiB
  // write; everything downstream then runs in larger chunks too. On an idle
  // core the relay still runs at once. Measured with scripts/bench-relay.mjs:
  // without it the relayed pipeline runs at ~0.82x of bash on a loaded 2-core
  // machine, with it >= 1x. Best effort: failure only costs throughput.
  struct sched_param batch = {};
  pthread_setschedparam(pthread_self(), SCHED_BATCH, &batch);
  Result r;
  if (IsPipe(s->from) && IsPipe(s->to)) {
    GrowPipe(s->from);
    GrowPipe(s->to);
    r = SpliceLoop(*s);
  } else {
    r = CopyLoop(*s);
  }
  close(s->from);
  close(s->to);
  {
    std::lock_guard<std::mutex> lock(s->cancel_mu);
    close(s->cancel_fd);
    s->cancel_fd = -1;
  }

  auto* msg = new DoneMessage{static_cast<double>(s->bytes.load()), ""};
  // EOF and a reader that went away are the two normal ends of a pipe.
  if (r.end == End::kCancelled) msg->error = "cancelled";
  if (r.end == End::kError) msg->error = ErrnoText(r.err, r.syscall);
  if (s->tsfn.NonBlockingCall(msg, DeliverToJs) == napi_ok) {
    s->tsfn.Release();
  } else {
    delete msg;
  }
}

int GetFd(const Napi::CallbackInfo& info, size_t i) {
  if (!info[i].IsNumber()) throw Napi::TypeError::New(info.Env(), "relay(from, to, onDone): fds must be numbers");
  return info[i].As<Napi::Number>().Int32Value();
}

}  // namespace

Napi::Value JsRelay(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int from = GetFd(info, 0);
  int to = GetFd(info, 1);
  if (!info[2].IsFunction()) throw Napi::TypeError::New(env, "relay(from, to, onDone): onDone must be a function");
  if (from == to) throw Napi::TypeError::New(env, "relay: from and to must differ");
  struct stat st;
  if (fstat(from, &st) < 0) throw ErrnoError(env, errno, "fstat");
  if (fstat(to, &st) < 0) throw ErrnoError(env, errno, "fstat");

  auto state = std::make_shared<RelayState>();
  state->from = from;
  state->to = to;
  state->cancel_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (state->cancel_fd < 0) throw ErrnoError(env, errno, "eventfd");
  try {
    state->tsfn = Napi::ThreadSafeFunction::New(env, info[2].As<Napi::Function>(), "aosh.relay", 0, 1);
    StartDetachedThread([state] { RunRelay(state); });
  } catch (...) {
    // The relay did not start: the caller keeps ownership of from/to.
    if (state->tsfn) state->tsfn.Release();
    close(state->cancel_fd);
    throw;
  }

  // The JS handle shares the state with the thread; whichever lets go last frees it.
  Napi::Object handle = Napi::Object::New(env);
  handle.Set("bytes", Napi::Function::New(env, [state](const Napi::CallbackInfo& i) -> Napi::Value {
               return Napi::Number::New(i.Env(), static_cast<double>(state->bytes.load()));
             }, "bytes"));
  handle.Set("cancel", Napi::Function::New(env, [state](const Napi::CallbackInfo& i) { state->Cancel(); }, "cancel"));
  return handle;
}

}  // namespace aosh
