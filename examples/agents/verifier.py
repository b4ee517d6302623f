#!/usr/bin/env python3
"""Pipeline stage 3: RECVs answers, checks each one independently, prints a verdict, stores a
summary in the kernel store (key pipeline:summary) and exits 0 only if every answer checked."""
import sys

from pipeline_common import agent, recv_one

k = agent("verifier")
good = bad = 0
while True:
    msg = recv_one(k, timeout=30)
    if msg is None or "done" in msg:
        break
    t = msg["task"]
    expected = eval(f"{t['a']} {t['op']} {t['b']}", {"__builtins__": {}})  # op is one of + - *
    ok = msg["answer"] == expected
    good, bad = good + ok, bad + (not ok)
    print(f"verifier: #{t['id']} {t['text']!r} = {msg['answer']} {'VERIFIED' if ok else f'WRONG (expected {expected})'}", flush=True)
k.store("pipeline:summary", {"verified": good, "wrong": bad})
print(f"verifier: {good} verified, {bad} wrong", flush=True)
sys.exit(0 if good and not bad else 1)
