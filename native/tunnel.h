// Tunnels: a thread per tunnel moving bytes both ways between two connected sockets (the
// net proxy's client and upstream, src/kernel/net/proxy.ts), so a download through the
// proxy costs neither the kernel's event loop nor a JS copy per chunk.
//
// tunnel(a, b, onDone) duplicates both fds (the caller closes its own at once) and relays
// a<->b with half-close: EOF from one side becomes shutdown(SHUT_WR) on the other, and the
// tunnel ends when both directions are done, on a reset, or on cancel(). It then closes
// its fds and calls onDone(bytesAtoB, bytesBtoA, error|null) once on the JS thread (ref'd
// ThreadSafeFunction: the event loop stays alive while it runs). Every wait is a poll()
// that also watches a cancel eventfd.
#pragma once

#include <napi.h>

namespace aosh {

// JS binding: tunnel(a, b, onDone) -> { bytes(): [aToB, bToA], cancel() }.
Napi::Value JsTunnel(const Napi::CallbackInfo& info);

}  // namespace aosh
