#!/usr/bin/env python3
"""Pipeline stage 1: reads word problems ("add 2 and 3", "multiply 4 by 5"...) one per line
on stdin, parses each into {"id", "op", "a", "b"} and SENDs it to the agent named reasoner."""
import re
import sys

from pipeline_common import agent, send

OPS = {"add": "+", "plus": "+", "subtract": "-", "minus": "-", "multiply": "*", "times": "*"}
k = agent("parser")
n = 0
for line in sys.stdin:
    text = line.strip()
    if not text:
        continue
    m = re.match(r"(\w+)\s+(-?\d+)\s+(?:and|from|by|to)?\s*(-?\d+)", text)
    if not m or m.group(1).lower() not in OPS:
        print(f"parser:   skip {text!r} (not understood)", flush=True)
        continue
    n += 1
    op, a, b = OPS[m.group(1).lower()], int(m.group(2)), int(m.group(3))
    if m.group(1).lower() == "subtract" and " from " in text:  # "subtract 3 from 10" is 10 - 3
        a, b = b, a
    task = {"id": n, "text": text, "op": op, "a": a, "b": b}
    print(f"parser:   #{n} {text!r} -> {a} {op} {b}", flush=True)
    send(k, "reasoner", task)
send(k, "reasoner", {"done": n})
