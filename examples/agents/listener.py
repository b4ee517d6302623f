#!/usr/bin/env python3
"""A tiny TCP service on the host's loopback (spawn it with --allow-net): binds 127.0.0.1 on a
free port, publishes the port in the kernel store as listener:port, and greets each client."""
import socket

from _sdk import aosh

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(8)
with aosh.connect() as k:
    k.store("listener:port", srv.getsockname()[1])
while True:
    conn, _ = srv.accept()
    with conn:
        conn.sendall(b"hello from the host service\n")
