#!/usr/bin/env python3
"""Reads `ps -a --json` on stdin and prints one line about process NAME (the last entry of
that name): its state, cpu seconds, uptime, cpu share (cpu/uptime), peak memory and pids.
With a FIELD argument, prints only that value (state, cpu_share, pids, restarts...)."""
import json
import sys

name = sys.argv[1]
field = sys.argv[2] if len(sys.argv) > 2 else None
procs = [p for p in json.load(sys.stdin) if p.get("name") == name]
if not procs:
    print(f"{name}: not in ps")
    sys.exit(1)
p = procs[-1]
up = p.get("uptime_seconds") or 0
p["cpu_share"] = round((p.get("cpu_seconds") or 0) / up, 2) if up else 0
if field:
    print(p.get(field))
else:
    print(f"{name}: state={p['state']} cpu={p.get('cpu_seconds', 0):.2f}s uptime={up:.1f}s "
          f"cpu/uptime={p['cpu_share']:.2f} peak_mem={(p.get('memory_peak_bytes') or 0) >> 20}MiB "
          f"pids={p.get('pids')} restarts={p.get('restarts', 0)}")
