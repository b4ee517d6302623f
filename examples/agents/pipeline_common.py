"""Shared by the pipeline agents: register a name, and block until a message arrives."""
import time

from _sdk import aosh


def agent(name: str) -> "aosh.AgentOSClient":
    k = aosh.connect()
    if not k.register_name(name).get("success"):
        raise SystemExit(f"{name}: could not register")
    return k


def recv_one(k: "aosh.AgentOSClient", timeout: float = 10.0):
    """The next message's body (RECV is a poll, so poll every 20 ms); None after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = k.recv_messages(1).get("messages", [])
        if got:
            return got[0]["message"]
        time.sleep(0.02)
    return None


def send(k: "aosh.AgentOSClient", to: str, message, timeout: float = 5.0) -> None:
    """SEND by name, retrying while the receiver has not registered yet."""
    deadline = time.monotonic() + timeout
    while True:
        r = k.send_message(message, to_name=to)
        if r.get("success") or time.monotonic() > deadline:
            if not r.get("success"):
                raise SystemExit(f"send to {to}: {r.get('error')}")
            return
        time.sleep(0.05)
