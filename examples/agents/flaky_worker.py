#!/usr/bin/env python3
"""A worker that always crashes. FIRST_START (argv[1], epoch seconds) is when the supervisor
first started it (the same argv on every restart), so each run says how long after that it
came up; it counts its starts in the kernel store (key worker:starts) when it can, then exits 1."""
import os
import sys
import time

from _sdk import aosh

first = float(sys.argv[1]) if len(sys.argv) > 1 else time.time()
start = "?"
if os.path.exists(aosh.default_socket_path()):
    with aosh.connect() as k:
        start = (k.fetch("worker:starts").get("value") or 0) + 1
        k.store("worker:starts", start)
print(f"worker: start #{start} at +{time.time() - first:.1f}s, crashing (exit 1)", flush=True)
sys.exit(1)
