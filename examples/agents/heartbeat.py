#!/usr/bin/env python3
"""A well-behaved agent: registers NAME (default "heartbeat") with the kernel, stores a beat
counter under heartbeat:NAME every 100 ms, and answers each "ping" message with a "pong"."""
import sys
import time

from _sdk import aosh

name = sys.argv[1] if len(sys.argv) > 1 else "heartbeat"
with aosh.connect() as k:
    k.register_name(name)
    beats = 0
    while True:
        beats += 1
        k.store(f"heartbeat:{name}", {"beats": beats, "at": time.time()})
        for m in k.recv_messages(10).get("messages", []):
            if m.get("message") == "ping":
                k.send_message({"pong": beats}, to=m["from"])
        time.sleep(0.1)
