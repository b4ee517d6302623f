// Helper for the addon's own threads (the exit waiter and the relays).
#pragma once

#include <signal.h>

#include <thread>
#include <utility>

namespace aosh {

// Starts a detached thread with every signal blocked. Signals aimed at the
// process (SIGINT, SIGCHLD...) then always land on Node's threads, and a
// SIGPIPE raised by splice()/write() on one of our threads stays pending on
// that thread instead of killing the process, whatever the disposition is
// (Node ignores SIGPIPE anyway). The mask is set before the thread exists, so
// there is no window in which it could take a signal.
template <typename F>
void StartDetachedThread(F&& body) {
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  try {
    std::thread(std::forward<F>(body)).detach();
  } catch (...) {
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    throw;
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

}  // namespace aosh
