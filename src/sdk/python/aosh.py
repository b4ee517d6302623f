"""aosh agent SDK for Python (stdlib only).

Speaks the AGNT wire protocol to the aosh kernel's syscall socket. The socket path comes from
the constructor, else $AOSH_SOCKET, else /tmp/agentos.sock (the seed SDK's default, which aosh
also serves inside every sandboxed stage). The method names and payloads match the seed SDK
`agentos.py` (spec §2), so agents written for it can switch imports unchanged.

    from aosh import connect
    with connect() as k:
        print(k.echo("hi"))
        k.register_name("worker")
        k.store("answer", 42)
"""

from __future__ import annotations

import base64
import enum
import json
import os
import socket
import struct
import threading
from typing import Any, Dict, List, Optional

MAGIC = 0x41474E54
HEADER = struct.Struct("<IIBQ")
MAX_PAYLOAD = 1024 * 1024
DEFAULT_SOCKET = "/tmp/agentos.sock"

__all__ = ["AgentOSClient", "AoshClient", "SyscallOp", "Message", "connect", "default_socket_path", "KernelError"]


class SyscallOp(enum.IntEnum):
    SYS_NOOP = 0x00
    SYS_THINK = 0x01
    SYS_EXEC = 0x02
    SYS_READ = 0x03
    SYS_WRITE = 0x04
    SYS_SPAWN = 0x10
    SYS_KILL = 0x11
    SYS_LIST = 0x12
    SYS_SEND = 0x20
    SYS_RECV = 0x21
    SYS_BROADCAST = 0x22
    SYS_REGISTER = 0x23
    SYS_STORE = 0x30
    SYS_FETCH = 0x31
    SYS_DELETE = 0x32
    SYS_KEYS = 0x33
    SYS_GET_PERMS = 0x40
    SYS_SET_PERMS = 0x41
    SYS_HTTP = 0x50
    SYS_SUBSCRIBE = 0x60
    SYS_UNSUBSCRIBE = 0x61
    SYS_POLL_EVENTS = 0x62
    SYS_EMIT = 0x63
    SYS_WORLD_CREATE = 0xA0
    SYS_WORLD_DESTROY = 0xA1
    SYS_WORLD_LIST = 0xA2
    SYS_WORLD_JOIN = 0xA3
    SYS_WORLD_LEAVE = 0xA4
    SYS_WORLD_EVENT = 0xA5
    SYS_WORLD_STATE = 0xA6
    SYS_WORLD_SNAPSHOT = 0xA7
    SYS_WORLD_RESTORE = 0xA8
    SYS_TUNNEL_CONNECT = 0xB0
    SYS_TUNNEL_DISCONNECT = 0xB1
    SYS_TUNNEL_STATUS = 0xB2
    SYS_TUNNEL_LIST_REMOTES = 0xB3
    SYS_TUNNEL_CONFIG = 0xB4
    SYS_EXIT = 0xFF


class KernelError(ConnectionError):
    """The kernel closed the connection or sent something that is not a frame."""


class Message:
    __slots__ = ("agent_id", "opcode", "payload")

    def __init__(self, agent_id: int, opcode: int, payload: bytes):
        self.agent_id = agent_id
        self.opcode = opcode
        self.payload = payload

    def json(self) -> Any:
        return json.loads(self.payload.decode("utf-8"))


def default_socket_path() -> str:
    return os.environ.get("AOSH_SOCKET") or DEFAULT_SOCKET


class AgentOSClient:
    """A connection to the kernel. One request at a time (a lock makes it thread-safe)."""

    def __init__(self, socket_path: Optional[str] = None):
        self.socket_path = socket_path or default_socket_path()
        self._sock: Optional[socket.socket] = None
        self._agent_id = 0
        self._lock = threading.Lock()

    # -- connection --------------------------------------------------------------------
    def connect(self) -> bool:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(self.socket_path)
            self._sock = s
            return True
        except OSError as e:
            print(f"Failed to connect: {e}")
            return False

    def disconnect(self) -> None:
        if self._sock is not None:
            try:
                self._sock.close()
            finally:
                self._sock = None

    close = disconnect

    def __enter__(self) -> "AgentOSClient":
        if self._sock is None and not self.connect():
            raise ConnectionError(f"cannot connect to {self.socket_path}")
        return self

    def __exit__(self, *exc: Any) -> None:
        self.disconnect()

    @property
    def agent_id(self) -> int:
        """This connection's conn-id, learned from response headers."""
        return self._agent_id

    # -- framing -----------------------------------------------------------------------
    def call(self, op: int, payload: bytes = b"") -> Message:
        """Sends one frame and returns the response. Raises KernelError on a broken connection."""
        if self._sock is None:
            raise KernelError("not connected")
        with self._lock:
            self._sock.sendall(HEADER.pack(MAGIC, self._agent_id, int(op), len(payload)) + payload)
            head = self._recv_exact(HEADER.size)
            magic, agent_id, opcode, size = HEADER.unpack(head)
            if magic != MAGIC:
                raise KernelError(f"Invalid magic bytes: {magic:#x}")
            body = self._recv_exact(size)
            self._agent_id = agent_id
            return Message(agent_id, opcode, body)

    def _recv_exact(self, n: int) -> bytes:
        assert self._sock is not None
        buf = bytearray()
        while len(buf) < n:
            chunk = self._sock.recv(min(n - len(buf), 1 << 20))
            if not chunk:
                raise KernelError("connection closed by kernel")
            buf += chunk
        return bytes(buf)

    def _json(self, op: int, obj: Any, fallback: Dict[str, Any]) -> Any:
        try:
            msg = self.call(op, b"" if obj is None else json.dumps(obj).encode("utf-8"))
        except (OSError, KernelError):
            return dict(fallback, success=False, error="No response from kernel")
        try:
            return msg.json()
        except ValueError:
            return dict(fallback, success=False, error="invalid JSON from kernel")

    # -- syscalls (names and payloads as the seed SDK) -----------------------------------
    def echo(self, message: Any) -> Optional[str]:
        data = message if isinstance(message, (bytes, bytearray)) else str(message).encode("utf-8")
        try:
            return self.call(SyscallOp.SYS_NOOP, bytes(data)).payload.decode("utf-8", errors="replace")
        except (OSError, KernelError):
            return None

    def noop_bytes(self, data: bytes) -> bytes:
        return self.call(SyscallOp.SYS_NOOP, data).payload

    def think(self, prompt: str, image: Optional[bytes] = None, image_mime_type: str = "image/jpeg",
              system_instruction: Optional[str] = None, thinking_level: Optional[str] = None,
              temperature: Optional[float] = None, model: Optional[str] = None) -> Dict[str, Any]:
        req: Dict[str, Any] = {"prompt": prompt}
        if image is not None:
            req["image"] = {"data": base64.b64encode(image).decode("ascii"), "mime_type": image_mime_type}
        if system_instruction:
            req["system_instruction"] = system_instruction
        if thinking_level:
            req["thinking_level"] = thinking_level
        if temperature is not None:
            req["temperature"] = temperature
        if model:
            req["model"] = model
        try:
            msg = self.call(SyscallOp.SYS_THINK, json.dumps(req).encode("utf-8"))
        except (OSError, KernelError):
            return {"success": False, "content": "", "error": "No response from kernel"}
        try:
            return msg.json()
        except ValueError:
            return {"success": True, "content": msg.payload.decode("utf-8", errors="replace"), "error": None}

    def exec(self, command: str, cwd: Optional[str] = None, timeout: int = 30) -> Dict[str, Any]:
        req: Dict[str, Any] = {"command": command, "timeout": timeout}
        if cwd:
            req["cwd"] = cwd
        return self._json(SyscallOp.SYS_EXEC, req, {"stdout": "", "stderr": "", "exit_code": -1})

    def read_file(self, path: str) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_READ, {"path": path}, {"content": "", "size": 0})

    def write_file(self, path: str, content: str, mode: str = "write") -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_WRITE, {"path": path, "content": content, "mode": mode}, {"bytes_written": 0})

    def spawn(self, name: str, script: str, sandboxed: bool = True, network: bool = False,
              limits: Optional[Dict[str, Any]] = None, **extra: Any) -> Optional[Dict[str, Any]]:
        req: Dict[str, Any] = {"name": name, "script": script, "sandboxed": sandboxed, "network": network}
        if limits:
            req["limits"] = limits
        req.update(extra)  # aosh extensions: permissions={...} or level="readonly"
        try:
            return self.call(SyscallOp.SYS_SPAWN, json.dumps(req).encode("utf-8")).json()
        except (OSError, KernelError):
            return None

    def kill(self, name: Optional[str] = None, agent_id: Optional[int] = None) -> bool:
        if name:
            req: Dict[str, Any] = {"name": name}
        elif agent_id:
            req = {"id": agent_id}
        else:
            return False
        try:
            return bool(self.call(SyscallOp.SYS_KILL, json.dumps(req).encode("utf-8")).json().get("killed", False))
        except (OSError, KernelError):
            return False

    def list_agents(self) -> List[Dict[str, Any]]:
        try:
            return self.call(SyscallOp.SYS_LIST, b"").json()
        except (OSError, KernelError):
            return []

    def register_name(self, name: str) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_REGISTER, {"name": name}, {})

    def send_message(self, message: Any, to: Optional[int] = None, to_name: Optional[str] = None) -> Dict[str, Any]:
        req: Dict[str, Any] = {"message": message}
        if to is not None:
            req["to"] = to
        if to_name is not None:
            req["to_name"] = to_name
        return self._json(SyscallOp.SYS_SEND, req, {})

    def recv_messages(self, max_messages: int = 10) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_RECV, {"max": max_messages}, {"messages": [], "count": 0})

    def broadcast(self, message: Any, include_self: bool = False) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_BROADCAST, {"message": message, "include_self": include_self}, {"delivered_count": 0})

    def get_permissions(self) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_GET_PERMS, {}, {})

    def set_permissions(self, permissions: Optional[Dict[str, Any]] = None, level: Optional[str] = None,
                        agent_id: Optional[int] = None) -> Dict[str, Any]:
        req: Dict[str, Any] = {}
        if permissions:
            req["permissions"] = permissions
        if level:
            req["level"] = level
        if agent_id is not None:
            req["agent_id"] = agent_id
        return self._json(SyscallOp.SYS_SET_PERMS, req, {})

    def store(self, key: str, value: Any, scope: str = "global", ttl: Optional[float] = None) -> Dict[str, Any]:
        req: Dict[str, Any] = {"key": key, "value": value, "scope": scope}
        if ttl is not None:
            req["ttl"] = ttl
        return self._json(SyscallOp.SYS_STORE, req, {})

    def fetch(self, key: str) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_FETCH, {"key": key}, {"exists": False, "value": None})

    def delete_key(self, key: str) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_DELETE, {"key": key}, {"deleted": False})

    def list_keys(self, prefix: str = "") -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_KEYS, {"prefix": prefix} if prefix else {}, {"keys": [], "count": 0})

    def http(self, url: str, method: str = "GET", headers: Optional[Dict[str, str]] = None,
             body: Optional[str] = None, timeout: int = 30) -> Dict[str, Any]:
        req: Dict[str, Any] = {"url": url, "method": method, "timeout": timeout}
        if headers:
            req["headers"] = headers
        if body:
            req["body"] = body
        return self._json(SyscallOp.SYS_HTTP, req, {"body": "", "status_code": 0})

    def subscribe(self, event_types: List[str]) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_SUBSCRIBE, {"event_types": event_types}, {})

    def unsubscribe(self, event_types: List[str]) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_UNSUBSCRIBE, {"event_types": event_types}, {})

    def poll_events(self, max_events: int = 10) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_POLL_EVENTS, {"max": max_events}, {"events": [], "count": 0})

    def emit_event(self, event_type: str, data: Any = None) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_EMIT, {"event_type": event_type, "data": data or {}}, {})

    # World simulation (spec §3.19, §6): payloads exactly as the seed SDK sends them.
    def world_create(self, name: str, config: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_WORLD_CREATE, {"name": name, "config": config or {}}, {})

    def world_destroy(self, world_id: str, force: bool = False) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_WORLD_DESTROY, {"world_id": world_id, "force": force}, {})

    def world_list(self) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_WORLD_LIST, {}, {"worlds": [], "count": 0})

    def world_join(self, world_id: str) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_WORLD_JOIN, {"world_id": world_id}, {})

    def world_leave(self) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_WORLD_LEAVE, {}, {})

    def world_event(self, world_id: str, event_type: str, params: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_WORLD_EVENT, {"world_id": world_id, "event_type": event_type, "params": params or {}}, {})

    def world_state(self, world_id: str) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_WORLD_STATE, {"world_id": world_id}, {})

    def world_snapshot(self, world_id: str) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_WORLD_SNAPSHOT, {"world_id": world_id}, {})

    def world_restore(self, snapshot: Dict[str, Any], new_world_id: Optional[str] = None) -> Dict[str, Any]:
        return self._json(SyscallOp.SYS_WORLD_RESTORE, {"snapshot": snapshot, "new_world_id": new_world_id or ""}, {})

    def exit(self) -> bool:
        try:
            self.call(SyscallOp.SYS_EXIT, b"")
            return True
        except (OSError, KernelError):
            return False


AoshClient = AgentOSClient


def connect(socket_path: Optional[str] = None) -> AgentOSClient:
    """Connects or raises ConnectionError."""
    c = AgentOSClient(socket_path)
    if not c.connect():
        raise ConnectionError(f"cannot connect to {c.socket_path}")
    return c
