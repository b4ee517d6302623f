// Module entry point and the small fd helpers. The process and relay machinery
// lives in spawn.cc, wait.cc, relay.cc and tunnel.cc; see README.md for the thread model.
#include <errno.h>
#include <fcntl.h>
#include <napi.h>
#include <sys/ioctl.h>
#include <unistd.h>

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
  exports.Set("relay", Napi::Function::New(env, JsRelay, "relay"));
  exports.Set("tunnel", Napi::Function::New(env, JsTunnel, "tunnel"));
  InitWorld(env, exports);
  return exports;
}

}  // namespace aosh

// The macro pastes its argument into an identifier, so it needs an unqualified name.
static Napi::Object InitAoshNative(Napi::Env env, Napi::Object exports) { return aosh::Init(env, exports); }
NODE_API_MODULE(aosh_native, InitAoshNative)
