#!/usr/bin/env python3
"""A leaking agent: allocates (and touches) 8 MiB every 20 ms until something stops it."""
import sys
import time

held = []
while len(held) < 1024:  # 8 GiB: the cgroup's memory limit is meant to stop it long before
    held.append(bytearray(8 << 20))  # bytearray zero-fills, so the pages are really touched
    if len(held) % 4 == 0:
        print(f"mem_hog: holding {len(held) * 8} MiB", flush=True)
    time.sleep(0.02)
sys.exit(0)
