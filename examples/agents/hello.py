#!/usr/bin/env python3
"""Hello agent: talks to the aosh kernel over its syscall socket (run as an aosh stage, or
spawned with SPAWN, which passes the socket path as argv[1])."""
import os
import sys

try:
    import aosh
except ImportError:  # running from a source checkout
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "sdk", "python"))
    import aosh

path = sys.argv[1] if len(sys.argv) > 1 else None
with aosh.connect(path) as k:
    ok = k.echo("hello") == "hello"
    print(f"{'PASS' if ok else 'FAIL'} echo")
    name = os.environ.get("AGENT_NAME") or f"hello-{os.getpid()}"
    reg = k.register_name(name)
    print(f"{'PASS' if reg.get('success') else 'FAIL'} register {name} as conn {k.agent_id}")
    k.store("hello:greeting", {"from": name, "n": 1})
    got = k.fetch("hello:greeting")
    print(f"{'PASS' if got.get('value', {}).get('from') == name else 'FAIL'} store/fetch")
    t = k.think("Say hello in five words.")
    print(f"think: {t.get('content') if t.get('success') else t.get('error')}")
    print(f"{'PASS' if k.exit() else 'FAIL'} exit")
