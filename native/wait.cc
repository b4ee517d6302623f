#include "wait.h"

#include <errno.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mutex>

#include "errors.h"
#include "threads.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

namespace aosh {
namespace {

struct ExitStatus {
  bool exited;  // false: killed by a signal (or status unknown when both are -1)
  int value;
};

struct Watch {
  pid_t pid;
  int pidfd;
  Napi::ThreadSafeFunction tsfn;  // one per child; the waiter holds its only thread slot
};

void DeliverToJs(Napi::Env env, Napi::Function onExit, ExitStatus* status) {
  // env is null when the environment is being torn down: just free the data.
  if (env != nullptr && onExit != nullptr) {
    Napi::Object obj = Napi::Object::New(env);
    obj.Set("code", status->exited ? Napi::Value(Napi::Number::New(env, status->value)) : env.Null());
    obj.Set("signal", !status->exited && status->value >= 0 ? Napi::Value(Napi::Number::New(env, status->value))
                                                           : env.Null());
    delete status;
    onExit.Call({obj});
    return;
  }
  delete status;
}

ExitStatus Reap(const Watch& w) {
  siginfo_t si = {};
  int rc;
  do {
    rc = waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(w.pidfd), &si, WEXITED);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0) return {false, -1};  // ECHILD: reaped by someone else; status unknown
  if (si.si_code == CLD_EXITED) return {true, si.si_status};
  return {false, si.si_status};  // CLD_KILLED or CLD_DUMPED
}

// The waiter thread. New pidfds are added by the JS thread with epoll_ctl,
// which is safe while this thread sits in epoll_wait and takes effect at
// once, so no wake-up eventfd is needed.
class Waiter {
 public:
  static Waiter& Get() {
    static Waiter* instance = new Waiter();  // never destroyed: the thread outlives exit()
    return *instance;
  }

  int epfd() const { return epfd_; }
  int start_error() const { return start_error_; }

 private:
  Waiter() {
    epfd_ = epoll_create1(EPOLL_CLOEXEC);
    if (epfd_ < 0) {
      start_error_ = errno;
      return;
    }
    StartDetachedThread([this] { Run(); });
  }

  [[noreturn]] void Run() {
    epoll_event events[64];
    for (;;) {
      int n = epoll_wait(epfd_, events, 64, -1);
      for (int i = 0; i < n; ++i) {
        auto* w = static_cast<Watch*>(events[i].data.ptr);
        // A pidfd is readable once the process has exited, so waitid does not block.
        epoll_ctl(epfd_, EPOLL_CTL_DEL, w->pidfd, nullptr);
        auto* status = new ExitStatus(Reap(*w));
        close(w->pidfd);
        if (w->tsfn.NonBlockingCall(status, DeliverToJs) == napi_ok) {
          w->tsfn.Release();
        } else {
          delete status;  // napi_closing: env gone; the TSFN must not be touched again
        }
        delete w;
      }
    }
  }

  int epfd_ = -1;
  int start_error_ = 0;
};

}  // namespace

namespace {

// Could not watch: do not leave an unreapable child behind.
void KillAndReap(pid_t pid, int pidfd) {
  kill(pid, SIGKILL);
  Reap(Watch{pid, pidfd, {}});
  close(pidfd);
}

}  // namespace

void WatchExit(Napi::Env env, pid_t pid, int pidfd, Napi::Function onExit) {
  Waiter* waiter = nullptr;
  Napi::ThreadSafeFunction tsfn;
  try {
    waiter = &Waiter::Get();
    if (int err = waiter->start_error()) throw ErrnoError(env, err, "epoll_create1");
    tsfn = Napi::ThreadSafeFunction::New(env, onExit, "aosh.spawn.exit", 0, 1);
  } catch (...) {
    KillAndReap(pid, pidfd);
    throw;
  }
  auto* w = new Watch{pid, pidfd, tsfn};
  epoll_event ev = {};
  ev.events = EPOLLIN;
  ev.data.ptr = w;
  if (epoll_ctl(waiter->epfd(), EPOLL_CTL_ADD, pidfd, &ev) == 0) return;
  int err = errno;
  tsfn.Release();
  delete w;
  KillAndReap(pid, pidfd);
  throw ErrnoError(env, err, "epoll_ctl");
}

}  // namespace aosh
