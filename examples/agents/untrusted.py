#!/usr/bin/env python3
"""An untrusted agent that probes its sandbox. One probe per run:

  untrusted.py net        connect to the host service whose port is in the kernel store
  untrusted.py secrets    list ~/.ssh and read the usual private keys
  untrusted.py forkbomb   fork as fast as it can for 3 seconds (at most 200 children)

Each prints "PROBE: reached ..." or "PROBE: blocked ...". The fork bomb is bounded twice, in
time and in count, so it is harmless even outside a sandbox; aosh runs it under --pids."""
import errno
import os
import socket
import sys
import time

from _sdk import aosh

probe = sys.argv[1] if len(sys.argv) > 1 else ""


def net() -> None:
    with aosh.connect() as k:
        port = k.fetch("listener:port").get("value")
    try:
        with socket.create_connection(("127.0.0.1", int(port)), timeout=2) as s:
            print(f"net: reached the host service on 127.0.0.1:{port}: {s.recv(100).decode().strip()!r}")
    except OSError as e:
        print(f"net: blocked: 127.0.0.1:{port} ({errno.errorcode.get(e.errno, e.errno)}: {e.strerror or e})")


def secrets() -> None:
    ssh = os.path.expanduser("~/.ssh")
    for what, fn in (("list ~/.ssh", lambda: os.listdir(ssh)),
                     ("read ~/.ssh/id_rsa", lambda: open(os.path.join(ssh, "id_rsa")).read()),
                     ("read ~/.ssh/id_ed25519", lambda: open(os.path.join(ssh, "id_ed25519")).read())):
        try:
            got = fn()
            print(f"secrets: reached: {what} gave {len(got)} entries/bytes")
        except OSError as e:
            print(f"secrets: blocked: {what} ({errno.errorcode.get(e.errno, e.errno)})")


def forkbomb(seconds: float = 3.0, max_children: int = 200) -> None:
    if not os.environ.get("AOSH_SOCKET"):
        sys.exit("forkbomb: refusing to run outside aosh (run it with spawn --pids N)")
    deadline = time.monotonic() + seconds
    forked = refused = 0
    while time.monotonic() < deadline and forked < max_children:
        try:
            pid = os.fork()
        except OSError as e:  # EAGAIN: the cgroup's pids limit says no
            refused += 1
            if refused == 1:
                print(f"forkbomb: fork refused after {forked} children ({errno.errorcode.get(e.errno, e.errno)})", flush=True)
            time.sleep(0.01)
            continue
        if pid == 0:  # child: sit until the deadline, then leave without cleanup
            time.sleep(max(0.0, deadline - time.monotonic()))
            os._exit(0)
        forked += 1
    while True:  # reap every child
        try:
            os.wait()
        except ChildProcessError:
            break
    verdict = "blocked" if refused else "reached"
    print(f"forkbomb: {verdict}: {forked} children forked, {refused} forks refused in {seconds:.0f}s")


{"net": net, "secrets": secrets, "forkbomb": forkbomb}.get(probe, lambda: sys.exit(f"unknown probe {probe!r}"))()
