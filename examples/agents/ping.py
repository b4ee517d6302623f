#!/usr/bin/env python3
"""Pings agent NAME over kernel IPC and prints its answer and heartbeat count; exits 1 when it
does not answer within 10 seconds (generous: a loaded machine starts python slowly)."""
import sys
import time

from _sdk import aosh

name = sys.argv[1] if len(sys.argv) > 1 else "heartbeat"
with aosh.connect() as k:
    deadline = time.monotonic() + 10
    # The agent may not have registered its name yet: retry until it has.
    sent = k.send_message("ping", to_name=name)
    while not sent.get("success") and time.monotonic() < deadline:
        time.sleep(0.1)
        sent = k.send_message("ping", to_name=name)
    if not sent.get("success"):
        print(f"ping {name}: {sent.get('error')}")
        sys.exit(1)
    while time.monotonic() < deadline:
        for m in k.recv_messages(10).get("messages", []):
            if isinstance(m.get("message"), dict) and "pong" in m["message"]:
                print(f"{name} answered: pong after {m['message']['pong']} heartbeats")
                sys.exit(0)
        time.sleep(0.05)
    print(f"ping {name}: no answer")
    sys.exit(1)
