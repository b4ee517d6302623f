// Module entry point and the small fd helpers. The process and relay machinery
// lives in spawn.cc, wait.cc, relay.cc and tunnel.cc; see README.md for the thread model.
#include <errno.h>
#include <fcntl.h>
#include <napi.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <vector>

#include "errors.h"
#include "relay.h"
#include "spawn.h"
#include "tunnel.h"

namespace aosh {

void InitWorld(Napi::Env env, Napi::Object exports);  // world_client.cc

namespace {

int FdArg(const Napi::CallbackInfo& info, const char* fn) {
  if (!info[0].IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(fn) + ": fd must be a number");
  return info[0].As<Napi::Number>().Int32Value();
}

// pipe2(O_CLOEXEC): nothing leaks into children started by anyone else
// (child_process included); spawn() maps fds explicitly.
Napi::Value JsPipe(const Napi::CallbackInfo& info) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) < 0) throw ErrnoError(info.Env(), errno, "pipe2");
  Napi::Array out = Napi::Array::New(info.Env(), 2);
  out.Set(0u, fds[0]);
  out.Set(1u, fds[1]);
  return out;
}

void JsSetNonBlocking(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, "setNonBlocking");
  bool on = info[1].ToBoolean();
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0) throw ErrnoError(info.Env(), errno, "fcntl");
  int wanted = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
  if (wanted != flags && fcntl(fd, F_SETFL, wanted) < 0) throw ErrnoError(info.Env(), errno, "fcntl");
}

// ioctl(FIONREAD): the bytes a read would return now without blocking (`read -t 0`);
// 0 at EOF or with nothing written yet.
Napi::Value JsBytesReadable(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, "bytesReadable");
  int n = 0;
  if (ioctl(fd, FIONREAD, &n) < 0) throw ErrnoError(info.Env(), errno, "ioctl");
  return Napi::Number::New(info.Env(), n);
}

// A record from a pipe without reading past it: what is there now is copied (tee(2), which
// does not consume) into a scratch pipe and looked at; then exactly the bytes up to and
// including the first `delim` (or all of them, when there is none yet) are read from the
// pipe. A `while read` loop so takes a line in one call instead of one read(2) per byte,
// and a process reading the same pipe after it still gets the rest, as with bash's reads.
// Returns the bytes taken (empty: nothing there now), or null when fd is no pipe.
Napi::Value JsPipeTake(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = FdArg(info, "pipeTake");
  int delim = info[1].As<Napi::Number>().Int32Value();
  size_t max = info[2].As<Napi::Number>().Uint32Value();
  static int scratch[2] = {-1, -1};
  if (scratch[0] < 0 && pipe2(scratch, O_CLOEXEC | O_NONBLOCK) < 0) throw ErrnoError(env, errno, "pipe2");
  int avail = 0;
  if (ioctl(fd, FIONREAD, &avail) < 0) return env.Null();
  if (avail <= 0) return Napi::Buffer<char>::New(env, 0);
  size_t want = static_cast<size_t>(avail) < max ? static_cast<size_t>(avail) : max;
  ssize_t k = tee(fd, scratch[1], want, SPLICE_F_NONBLOCK);
  if (k < 0) return env.Null();  // not a pipe (EINVAL), or the scratch pipe is full
  std::vector<char> seen(static_cast<size_t>(k));
  ssize_t got = 0;
  while (got < k) {
    ssize_t r = read(scratch[0], seen.data() + got, static_cast<size_t>(k - got));
    if (r <= 0) break;
    got += r;
  }
  if (got != k) throw ErrnoError(env, errno ? errno : EIO, "read");
  size_t take = static_cast<size_t>(k);
  if (delim >= 0) {
    const void* at = memchr(seen.data(), delim, static_cast<size_t>(k));
    if (at) take = static_cast<size_t>(static_cast<const char*>(at) - seen.data()) + 1;
  }
  Napi::Buffer<char> out = Napi::Buffer<char>::New(env, take);
  ssize_t n;
  do n = read(fd, out.Data(), take);
  while (n < 0 && errno == EINTR);
  if (n < 0) throw ErrnoError(env, errno, "read");
  return static_cast<size_t>(n) == take ? out : Napi::Buffer<char>::Copy(env, out.Data(), static_cast<size_t>(n));
}

// EBADF is ignored (already closed). EINTR too: on Linux the fd is gone anyway,
// and retrying could close a number another thread just reused.
void JsClose(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, "close");
  if (close(fd) < 0 && errno != EBADF && errno != EINTR) throw ErrnoError(info.Env(), errno, "close");
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("spawn", Napi::Function::New(env, JsSpawn, "spawn"));
  exports.Set("pipe", Napi::Function::New(env, JsPipe, "pipe"));
  exports.Set("setNonBlocking", Napi::Function::New(env, JsSetNonBlocking, "setNonBlocking"));
  exports.Set("close", Napi::Function::New(env, JsClose, "close"));
  exports.Set("bytesReadable", Napi::Function::New(env, JsBytesReadable, "bytesReadable"));
  exports.Set("pipeTake", Napi::Function::New(env, JsPipeTake, "pipeTake"));
  exports.Set("relay", Napi::Function::New(env, JsRelay, "relay"));
  exports.Set("tunnel", Napi::Function::New(env, JsTunnel, "tunnel"));
  InitWorld(env, exports);
  return exports;
}

}  // namespace aosh

// The macro pastes its argument into an identifier, so it needs an unqualified name.
static Napi::Object InitAoshNative(Napi::Env env, Napi::Object exports) { return aosh::Init(env, exports); }
NODE_API_MODULE(aosh_native, InitAoshNative)
