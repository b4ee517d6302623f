#!/usr/bin/env python3
"""World simulation demo, in the style of the seed's world_demo.py: a world with virtual files,
mocked HTTP and chaos; join it, read/write through its VFS, fetch through its mock, inject an
event, look at its state, snapshot it, restore the snapshot, leave and destroy. Run it as an
aosh stage: `aosh -c 'python3 examples/agents/world_demo.py'`. Prints PASS/FAIL lines."""
import os
import sys

try:
    import aosh
except ImportError:  # running from a source checkout
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "sdk", "python"))
    import aosh

failures = 0


def check(ok, what):
    global failures
    if not ok:
        failures += 1
    print(f"{'PASS' if ok else 'FAIL'} {what}")


CONFIG = {
    "description": "demo world",
    "virtual_filesystem": {
        "initial_files": {
            "/data/input.txt": "hello from the virtual filesystem",
            "/etc/app.conf": {"content": "debug=false", "mode": "r"},
        },
        "writable_patterns": ["/data/**", "/tmp/**"],
    },
    "network": {
        "mode": "mock",
        "mock_responses": {
            "https://api.example.com/users": {"status": 200, "body": '[{"id": 1}]'},
            "https://api.example.com/items/*": {"status": 404, "body": "no such item"},
        },
    },
    "chaos": {"enabled": True, "failure_rate": 0.0, "latency": {"min_ms": 1, "max_ms": 5}},
}

path = sys.argv[1] if len(sys.argv) > 1 else None
with aosh.connect(path) as k:
    w = k.world_create("Demo World", CONFIG)
    wid = w.get("world_id", "")
    check(w.get("success") and wid.startswith("demo-world-"), f"create {wid}")
    check(k.world_join(wid).get("success"), "join")

    r = k.read_file("/data/input.txt")
    check(r.get("success") and r.get("content") == "hello from the virtual filesystem" and r.get("world") == wid, "vfs read")
    check(k.write_file("/data/output.txt", "result=42").get("bytes_written") == 9, "vfs write")
    check(k.read_file("data/../data/output.txt").get("content") == "result=42", "vfs read back (normalised path)")
    ro = k.write_file("/etc/app.conf", "debug=true")
    check(not ro.get("success") and "not writable" in ro.get("error", ""), "read-only file refused")
    check(not k.read_file("/etc/hostname").get("success"), "real files hidden while joined")

    h = k.http("https://api.example.com/users")
    check(h.get("success") and h.get("mocked") and h.get("body") == '[{"id": 1}]', "mocked http")
    h = k.http("https://api.example.com/items/7")
    check(h.get("status_code") == 404 and h.get("body") == "no such item", "wildcard mock")

    check(k.world_event(wid, "disk_fail").get("success"), "inject disk_fail")
    f = k.read_file("/data/input.txt")
    check(f.get("error") == "Simulated I/O failure (chaos)", "chaos read failure")

    st = k.world_state(wid).get("state", {})
    m = st.get("chaos_metrics", {})
    print(f"state: syscalls={st.get('syscall_count')} files={st.get('vfs_metrics', {}).get('file_count')} "
          f"failures={m.get('failures_injected')} events={m.get('active_events')}")
    check(st.get("syscall_count") == 8 and m.get("failures_injected") == 1, "state metrics")

    snap = k.world_snapshot(wid)
    files = sorted(snap.get("snapshot", {}).get("vfs", {}).get("files", {}).keys())
    check(snap.get("success") and snap["snapshot"].get("snapshot_time", 0) > 0, f"snapshot files={files}")
    res = k.world_restore(snap.get("snapshot", {}), "demo-copy")
    check(res.get("success") and res.get("world_id") == "demo-copy", "restore as demo-copy")
    dup = k.world_restore(snap.get("snapshot", {}), "demo-copy")
    check(dup.get("error") == "Failed to restore world", "restore onto an existing id refused")

    check(k.world_leave().get("success"), "leave")
    check(k.read_file("/data/input.txt").get("world") is None, "no routing after leave")
    check(k.world_destroy(wid).get("success"), "destroy original")
    check(k.world_destroy("demo-copy", force=True).get("success"), "destroy copy")
    check(k.world_list().get("count") == 0, "no worlds left")

print("All demos completed successfully!" if failures == 0 else f"{failures} checks failed")
sys.exit(1 if failures else 0)
