// Relays: a thread per relay moving bytes from one fd to another.
//
// Pipe to pipe the thread uses splice(), which moves page references between
// the two pipe buffers without copying; other fds (files, sockets, ttys) fall
// back to read/write through a buffer. Every wait is a poll() that also
// watches a cancel eventfd, and splice runs with SPLICE_F_NONBLOCK, so the
// thread is never stuck in a call that cancel() cannot interrupt.
// At the end the thread closes both fds (EOF downstream, EPIPE upstream, just
// like a direct pipe) and reports once to JS through a ref'd ThreadSafeFunction,
// which keeps the event loop alive while the relay runs.
#pragma once

#include <napi.h>

namespace aosh {

// JS binding: relay(from, to, onDone) -> { bytes(), cancel() }.
Napi::Value JsRelay(const Napi::CallbackInfo& info);

}  // namespace aosh
