// Exit notification for spawned children.
//
// One process-wide waiter thread epolls the pidfds of all live children. When
// one becomes readable it reaps exactly that child with waitid(P_PIDFD) - never
// waitpid(-1), which would steal children from libuv - and hands {code, signal}
// to the JS callback through a ThreadSafeFunction created for that child.
// The TSFN is ref'd, so the event loop stays alive exactly while some spawned
// child is unreaped; it is released after the single call.
#pragma once

#include <napi.h>
#include <sys/types.h>

namespace aosh {

// Takes ownership of pidfd. onExit runs once on the JS thread of `env`.
void WatchExit(Napi::Env env, pid_t pid, int pidfd, Napi::Function onExit);

}  // namespace aosh
