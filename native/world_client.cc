// The kernel's side of a world (native/world/): start the world process, hand it the mount
// plan, start stages in it, make file operations through its fs helper, and receive its
// events on a thread of our own. The protocol is native/world/proto.h; src/kernel/world/
// is the only caller (through src/kernel/native.ts, which validates arguments first).
//
// Requests are synchronous on the JS thread: a stage starts in well under a millisecond
// and a file operation in tens of microseconds, as fork/exec and open(2) themselves are.
#include <errno.h>
#include <fcntl.h>
#include <napi.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <memory>

#include "errors.h"
#include "spawn.h"
#include "threads.h"
#include "world/proto.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#ifndef __NR_pidfd_send_signal
#define __NR_pidfd_send_signal 424
#endif

namespace aosh {
namespace {

using world::Reader;
using world::Writer;

int IntArg(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name) {
  if (!info[i].IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(fn) + ": " + name + " must be a number");
  return info[i].As<Napi::Number>().Int32Value();
}

std::string StrArg(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name) {
  if (!info[i].IsString()) throw Napi::TypeError::New(info.Env(), std::string(fn) + ": " + name + " must be a string");
  return info[i].As<Napi::String>();
}

std::vector<std::string> Strings(Napi::Env env, Napi::Value v, const char* what) {
  if (!v.IsArray()) throw Napi::TypeError::New(env, std::string(what) + " must be an array of strings");
  Napi::Array a = v.As<Napi::Array>();
  std::vector<std::string> out;
  out.reserve(a.Length());
  for (uint32_t i = 0; i < a.Length(); ++i) {
    Napi::Value s = a.Get(i);
    if (!s.IsString()) throw Napi::TypeError::New(env, std::string(what) + " must be an array of strings");
    out.push_back(s.As<Napi::String>());
  }
  return out;
}

std::vector<int> Ints(Napi::Env env, Napi::Value v, const char* what) {
  if (!v.IsArray()) throw Napi::TypeError::New(env, std::string(what) + " must be an array of numbers");
  Napi::Array a = v.As<Napi::Array>();
  std::vector<int> out;
  for (uint32_t i = 0; i < a.Length(); ++i) {
    Napi::Value n = a.Get(i);
    if (!n.IsNumber()) throw Napi::TypeError::New(env, std::string(what) + " must be an array of numbers");
    out.push_back(n.As<Napi::Number>().Int32Value());
  }
  return out;
}

// One request and its reply. Closes every received descriptor but the first, which it
// returns in *fd (or -1).
void Exchange(Napi::Env env, int sock, const std::string& frame, const std::vector<int>& pass, uint32_t want, std::string* payload, int* fd, const char* what) {
  *fd = -1;
  if (world::SendFrame(sock, frame, pass.empty() ? nullptr : pass.data(), static_cast<int>(pass.size())) < 0) {
    throw ErrnoError(env, errno, what);
  }
  uint32_t op = 0;
  std::vector<int> fds;
  int r = world::RecvFrame(sock, &op, payload, &fds);
  for (size_t i = 0; i < fds.size(); ++i) {
    if (i == 0) *fd = fds[i];
    else close(fds[i]);
  }
  if (r <= 0 || op != want) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
    throw ErrnoError(env, r == 0 ? EPIPE : errno ? errno : EPROTO, what, "the world process is gone");
  }
}

Napi::Error StepError(Napi::Env env, int err, const std::string& step, const std::string& path) {
  Napi::Error e = ErrnoError(env, err, step.c_str(), path);
  e.Value().Set("step", step);
  return e;
}

// worldStart(bin, flags) -> { ctl, evt, pidfd }
Napi::Value JsWorldStart(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string bin = StrArg(info, 0, "worldStart", "bin");
  uint32_t flags = static_cast<uint32_t>(IntArg(info, 1, "worldStart", "flags"));
  int ctl[2], evt[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ctl) < 0) throw ErrnoError(env, errno, "socketpair");
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, evt) < 0) {
    int err = errno;
    close(ctl[0]);
    close(ctl[1]);
    throw ErrnoError(env, err, "socketpair");
  }
  int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  SpawnPlan plan;
  plan.file = bin;
  plan.cwd = "/";
  plan.argv_strings = {bin, std::to_string(getpid())};
  plan.argv = {plan.argv_strings[0].data(), plan.argv_strings[1].data(), nullptr};
  plan.envp = {nullptr};  // the world gets no environment of ours (API keys live here)
  plan.fds = {devnull, devnull, 2, ctl[1], evt[1]};
  SpawnOutcome out = SpawnProcess(plan);
  if (devnull >= 0) close(devnull);
  close(ctl[1]);
  close(evt[1]);
  auto fail = [&](Napi::Error e) {
    close(ctl[0]);
    close(evt[0]);
    return e;
  };
  if (out.err != 0) throw fail(ErrnoError(env, out.err, out.syscall ? out.syscall : ChildStepSyscall(out.step), bin));
  Writer w(world::kStart);
  w.u32(flags);
  std::string payload;
  int pidfd = -1;
  try {
    Exchange(env, ctl[0], w.frame(), {}, world::kStarted, &payload, &pidfd, "worldStart");
  } catch (...) {
    kill(out.pid, SIGKILL);
    siginfo_t si;
    waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(out.pidfd), &si, WEXITED);
    close(out.pidfd);
    close(ctl[0]);
    close(evt[0]);
    throw;
  }
  // The starter exits right after its reply; reap it here.
  siginfo_t si;
  while (waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(out.pidfd), &si, WEXITED) < 0 && errno == EINTR) {
  }
  close(out.pidfd);
  Reader r(payload);
  int err = r.i32();
  std::string step = r.str();
  if (err != 0 || pidfd < 0) {
    if (pidfd >= 0) close(pidfd);
    throw fail(StepError(env, err ? err : EPROTO, step.empty() ? "start" : step, ""));
  }
  Napi::Object o = Napi::Object::New(env);
  o.Set("ctl", ctl[0]);
  o.Set("evt", evt[0]);
  o.Set("pidfd", pidfd);
  return o;
}

// worldBuild(ctl, ops) -> { helper, landlock }; ops: [kind, flags, a, b][]
Napi::Value JsWorldBuild(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int ctl = IntArg(info, 0, "worldBuild", "ctl");
  if (!info[1].IsArray()) throw Napi::TypeError::New(env, "worldBuild: ops must be an array");
  Napi::Array ops = info[1].As<Napi::Array>();
  Writer w(world::kBuild);
  w.u32(ops.Length());
  for (uint32_t i = 0; i < ops.Length(); ++i) {
    Napi::Value v = ops.Get(i);
    if (!v.IsArray()) throw Napi::TypeError::New(env, "worldBuild: each op must be [kind, flags, a, b]");
    Napi::Array op = v.As<Napi::Array>();
    w.u32(op.Get(0u).ToNumber().Uint32Value());
    w.u32(op.Get(1u).ToNumber().Uint32Value());
    w.str(op.Get(2u).ToString());
    w.str(op.Get(3u).ToString());
  }
  std::string payload;
  int helper = -1;
  Exchange(env, ctl, w.frame(), {}, world::kBuilt, &payload, &helper, "worldBuild");
  Reader r(payload);
  int err = r.i32();
  std::string step = r.str();
  int extra = r.i32();
  if (err != 0 || helper < 0) {
    if (helper >= 0) close(helper);
    Napi::Error e = StepError(env, err ? err : EPROTO, step, "");
    e.Value().Set("index", extra);
    throw e;
  }
  Napi::Object o = Napi::Object::New(env);
  o.Set("helper", helper);
  o.Set("landlock", extra);
  return o;
}

// The pid in our namespace of the process behind a pidfd (its fdinfo's "Pid:"), or -1.
// Here rather than in JS: a readFileSync of the fdinfo costs ~50 us per stage.
static int HostPid(int pidfd) {
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fdinfo/%d", pidfd);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  char buf[512];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = '\0';
  const char* p = strstr(buf, "\nPid:");
  return p ? atoi(p + 5) : -1;
}

// worldSpawn(ctl, req) -> { pid, pidfd, hostPid }
Napi::Value JsWorldSpawn(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int ctl = IntArg(info, 0, "worldSpawn", "ctl");
  if (!info[1].IsObject()) throw Napi::TypeError::New(env, "worldSpawn: req must be an object");
  Napi::Object req = info[1].As<Napi::Object>();
  std::string file = req.Get("file").ToString();
  std::string cwd = req.Get("cwd").ToString();
  std::vector<int> cgroups = Ints(env, req.Get("cgroupFds"), "worldSpawn: req.cgroupFds");
  std::vector<int> fds = Ints(env, req.Get("fds"), "worldSpawn: req.fds");
  // Each distinct descriptor travels once; the map says which child fd gets which.
  std::vector<int> pass = cgroups;
  std::map<int, int> index;
  std::vector<int32_t> map;
  for (int fd : fds) {
    if (fd < 0) {
      map.push_back(-1);
      continue;
    }
    auto it = index.find(fd);
    if (it == index.end()) it = index.emplace(fd, static_cast<int>(pass.size() - cgroups.size())).first;
    if (it->second + cgroups.size() == pass.size()) pass.push_back(fd);
    map.push_back(it->second);
  }
  Writer w(world::kSpawn);
  w.u32(req.Get("id").ToNumber().Uint32Value());
  w.str(file);
  w.strs(Strings(env, req.Get("argv"), "worldSpawn: req.argv"));
  w.strs(Strings(env, req.Get("env"), "worldSpawn: req.env"));
  w.str(cwd);
  w.u32(static_cast<uint32_t>(cgroups.size()));
  w.u32(static_cast<uint32_t>(map.size()));
  for (int32_t m : map) w.i32(m);
  w.u32(req.Get("flags").ToNumber().Uint32Value());
  Napi::Value socks = req.Get("sockets");
  Napi::Array sa = socks.IsArray() ? socks.As<Napi::Array>() : Napi::Array::New(env);
  w.u32(sa.Length());
  for (uint32_t i = 0; i < sa.Length(); ++i) {
    Napi::Array pair = sa.Get(i).As<Napi::Array>();
    w.u64(static_cast<uint64_t>(pair.Get(0u).ToNumber().Int64Value()));
    w.u64(static_cast<uint64_t>(pair.Get(1u).ToNumber().Int64Value()));
  }
  Napi::Value exec = req.Get("exec");
  w.strs(exec.IsArray() ? Strings(env, exec, "worldSpawn: req.exec") : std::vector<std::string>());
  // The shell's umask (0xffffffff: keep the world's) and ulimits, set in the command.
  Napi::Value mask = req.Get("umask");
  w.u32(mask.IsNumber() ? mask.ToNumber().Uint32Value() & 0777 : 0xffffffffu);
  std::vector<RlimitSpec> limits = Rlimits(env, req.Get("rlimits"), "worldSpawn");
  w.u32(static_cast<uint32_t>(limits.size()));
  for (const auto& l : limits) {
    w.u32(static_cast<uint32_t>(l.resource));
    w.u64(l.cur);
    w.u64(l.max);
  }
  Napi::Value ignore = req.Get("ignoreSignals");
  w.u32(ignore.IsNumber() ? ignore.ToNumber().Uint32Value() & 0x7fffffffu : 0);
  std::string payload;
  int pidfd = -1;
  Exchange(env, ctl, w.frame(), pass, world::kSpawned, &payload, &pidfd, "worldSpawn");
  Reader r(payload);
  int err = r.i32();
  std::string step = r.str();
  int pid = r.i32();
  if (err != 0 || pidfd < 0) {
    if (pidfd >= 0) close(pidfd);
    throw StepError(env, err ? err : EPROTO, step, step == "execve" ? file : step == "chdir" ? cwd : "");
  }
  Napi::Object o = Napi::Object::New(env);
  o.Set("pid", pid);
  o.Set("pidfd", pidfd);
  o.Set("hostPid", HostPid(pidfd));
  return o;
}

// worldListen(ctl, port) -> { fd, port }: a TCP listener on the world's loopback.
Napi::Value JsWorldListen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int ctl = IntArg(info, 0, "worldListen", "ctl");
  Writer w(world::kListen);
  w.u32(static_cast<uint32_t>(IntArg(info, 1, "worldListen", "port")));
  std::string payload;
  int fd = -1;
  Exchange(env, ctl, w.frame(), {}, world::kListening, &payload, &fd, "worldListen");
  Reader r(payload);
  int err = r.i32();
  std::string step = r.str();
  int port = r.i32();
  if (err != 0 || fd < 0) {
    if (fd >= 0) close(fd);
    throw StepError(env, err ? err : EPROTO, step, "");
  }
  Napi::Object o = Napi::Object::New(env);
  o.Set("fd", fd);
  o.Set("port", port);
  return o;
}

// worldFs(helper, op, cwd, path, a, b): see world::FsOp. Errors are thrown as Node's are,
// except access(), which returns the errno (0: allowed).
Napi::Value JsWorldFs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int helper = IntArg(info, 0, "worldFs", "helper");
  uint32_t op = static_cast<uint32_t>(IntArg(info, 1, "worldFs", "op"));
  std::string cwd = StrArg(info, 2, "worldFs", "cwd");
  std::string path = StrArg(info, 3, "worldFs", "path");
  if (path.find('\0') != std::string::npos) throw ErrnoError(env, ENOENT, "open", path);
  Writer w(world::kFs);
  w.u32(op);
  w.str(cwd);
  w.str(path);
  w.u32(static_cast<uint32_t>(info[4].IsNumber() ? info[4].As<Napi::Number>().Int64Value() : 0));
  w.u32(static_cast<uint32_t>(info[5].IsNumber() ? info[5].As<Napi::Number>().Int64Value() : 0));
  if (op == world::fsop::kRename) w.str(StrArg(info, 6, "worldFs", "to"));
  std::string payload;
  int fd = -1;
  static const char* const kNames[] = {"", "open", "stat", "lstat", "access", "scandir", "realpath", "mkdir", "rename", "unlink"};
  const char* name = op < 10 ? kNames[op] : "fs";
  Exchange(env, helper, w.frame(), {}, world::kFsReply, &payload, &fd, name);
  Reader r(payload);
  int err = r.i32();
  if (op == world::fsop::kAccess) {
    if (fd >= 0) close(fd);
    return Napi::Number::New(env, err);
  }
  if (err != 0) {
    if (fd >= 0) close(fd);
    throw ErrnoError(env, err, name, path);
  }
  switch (op) {
    case world::fsop::kOpen: {
      Napi::Object o = Napi::Object::New(env);
      o.Set("fifo", r.u32() == 1);
      o.Set("fd", fd);
      return o;
    }
    case world::fsop::kStat:
    case world::fsop::kLstat: {
      Napi::Object o = Napi::Object::New(env);
      o.Set("mode", r.u32());
      o.Set("size", static_cast<double>(r.u64()));
      o.Set("uid", r.u32());
      o.Set("gid", r.u32());
      o.Set("dev", static_cast<double>(r.u64()));
      o.Set("ino", static_cast<double>(r.u64()));
      o.Set("nlink", static_cast<double>(r.u64()));
      o.Set("mtimeMs", static_cast<double>(r.u64()) / 1e6);
      o.Set("atimeMs", static_cast<double>(r.u64()) / 1e6);
      o.Set("ctimeMs", static_cast<double>(r.u64()) / 1e6);
      return o;
    }
    case world::fsop::kReaddir: {
      std::vector<std::string> names = r.strs();
      Napi::Array a = Napi::Array::New(env, names.size());
      for (uint32_t i = 0; i < names.size(); ++i) a.Set(i, names[i]);
      return a;
    }
    case world::fsop::kRealpath:
      return Napi::String::New(env, r.str());
    case world::fsop::kMkdir:
    case world::fsop::kRename:
    case world::fsop::kUnlink:
      return env.Undefined();
  }
  return env.Undefined();
}

// ---- events ----------------------------------------------------------------------

struct Event {
  uint32_t op = 0;
  uint32_t id = 0;
  int status = 0;
  std::string kind, detail;
  int code = -1, signal = -1;  // the zygote's own end (op 0)
};

void DeliverEvent(Napi::Env env, Napi::Function cb, Event* ev) {
  std::unique_ptr<Event> e(ev);
  if (env == nullptr || cb == nullptr) return;
  Napi::Object o = Napi::Object::New(env);
  if (e->op == world::kExit) {
    o.Set("type", "exit");
    o.Set("id", e->id);
    int st = e->status;
    o.Set("code", WIFEXITED(st) ? Napi::Value(Napi::Number::New(env, WEXITSTATUS(st))) : env.Null());
    o.Set("signal", WIFSIGNALED(st) ? Napi::Value(Napi::Number::New(env, WTERMSIG(st))) : env.Null());
  } else if (e->op == world::kDenied) {
    o.Set("type", "denied");
    o.Set("id", e->id);
    o.Set("kind", e->kind);
    o.Set("detail", e->detail);
  } else {
    o.Set("type", "closed");
    o.Set("code", e->code >= 0 ? Napi::Value(Napi::Number::New(env, e->code)) : env.Null());
    o.Set("signal", e->signal >= 0 ? Napi::Value(Napi::Number::New(env, e->signal)) : env.Null());
  }
  cb.Call({o});
}

struct Watcher {
  Napi::ThreadSafeFunction tsfn;
  int evt = -1;
  int pidfd = -1;  // our own duplicate: the thread reaps the zygote with it at the end
  bool refd = false;
};

// worldWatch(evt, pidfd, onEvent) -> { ref(), unref(), close() }. The thread reads the
// event socket until EOF (the world ended, or close()), then reaps the zygote.
Napi::Value JsWorldWatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int evt = IntArg(info, 0, "worldWatch", "evt");
  int pidfd = IntArg(info, 1, "worldWatch", "pidfd");
  if (!info[2].IsFunction()) throw Napi::TypeError::New(env, "worldWatch: onEvent must be a function");
  auto w = std::make_shared<Watcher>();
  w->evt = evt;
  w->pidfd = fcntl(pidfd, F_DUPFD_CLOEXEC, 3);
  if (w->pidfd < 0) throw ErrnoError(env, errno, "fcntl");
  w->tsfn = Napi::ThreadSafeFunction::New(env, info[2].As<Napi::Function>(), "aosh.world.events", 0, 1);
  w->tsfn.Unref(env);
  StartDetachedThread([w] {
    for (;;) {
      uint32_t op;
      std::string payload;
      std::vector<int> fds;
      int r = world::RecvFrame(w->evt, &op, &payload, &fds);
      for (int fd : fds) close(fd);
      if (r <= 0) break;
      auto* e = new Event();
      e->op = op;
      Reader in(payload);
      e->id = in.u32();
      if (op == world::kExit) {
        e->status = in.i32();
      } else {
        e->kind = in.str();
        e->detail = in.str();
      }
      if (w->tsfn.BlockingCall(e, DeliverEvent) != napi_ok) {
        delete e;
        break;
      }
    }
    auto* e = new Event();
    siginfo_t si = {};
    if (waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(w->pidfd), &si, WEXITED) == 0) {
      if (si.si_code == CLD_EXITED) e->code = si.si_status;
      else e->signal = si.si_status;
    }
    close(w->pidfd);
    if (w->tsfn.BlockingCall(e, DeliverEvent) != napi_ok) delete e;
    w->tsfn.Release();
  });
  Napi::Object o = Napi::Object::New(env);
  o.Set("ref", Napi::Function::New(env, [w](const Napi::CallbackInfo& ci) {
    if (!w->refd) w->tsfn.Ref(ci.Env());
    w->refd = true;
  }));
  o.Set("unref", Napi::Function::New(env, [w](const Napi::CallbackInfo& ci) {
    if (w->refd) w->tsfn.Unref(ci.Env());
    w->refd = false;
  }));
  o.Set("close", Napi::Function::New(env, [w](const Napi::CallbackInfo&) { shutdown(w->evt, SHUT_RDWR); }));
  return o;
}

// pidfdSignal(pidfd, sig): race-free kill (the pid cannot have been reused).
void JsPidfdSignal(const Napi::CallbackInfo& info) {
  int pidfd = IntArg(info, 0, "pidfdSignal", "pidfd");
  int sig = IntArg(info, 1, "pidfdSignal", "sig");
  if (syscall(__NR_pidfd_send_signal, pidfd, sig, nullptr, 0) < 0) throw ErrnoError(info.Env(), errno, "pidfd_send_signal");
}

}  // namespace

void InitWorld(Napi::Env env, Napi::Object exports) {
  exports.Set("worldStart", Napi::Function::New(env, JsWorldStart, "worldStart"));
  exports.Set("worldBuild", Napi::Function::New(env, JsWorldBuild, "worldBuild"));
  exports.Set("worldSpawn", Napi::Function::New(env, JsWorldSpawn, "worldSpawn"));
  exports.Set("worldListen", Napi::Function::New(env, JsWorldListen, "worldListen"));
  exports.Set("worldFs", Napi::Function::New(env, JsWorldFs, "worldFs"));
  exports.Set("worldWatch", Napi::Function::New(env, JsWorldWatch, "worldWatch"));
  exports.Set("pidfdSignal", Napi::Function::New(env, JsPidfdSignal, "pidfdSignal"));
}

}  // namespace aosh
