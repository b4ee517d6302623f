#!/usr/bin/env python3
"""A runaway agent: spins the CPU as fast as it can (for at most SECONDS, default 30)."""
import sys
import time

deadline = time.monotonic() + float(sys.argv[1] if len(sys.argv) > 1 else 30)
n = 0
while time.monotonic() < deadline:
    n += 1
