"""Servers that are not (a usable) Neo4j, on real sockets of 127.0.0.1, for the connection-fault
tests: something that closes at once, echoes, sends a banner, says nothing, speaks HTTP, requires
TLS, or speaks Bolt as an old Neo4j (4.4, 4.3) does.

Each runs in daemon threads of the test process; :func:`serving` yields its port and closes it.
"""

from __future__ import annotations

import contextlib
import datetime
import http.server
import socket
import ssl
import struct
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

Handler = Callable[[socket.socket], None]


def closes(conn: socket.socket) -> None:
    conn.close()


def echoes(conn: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := conn.recv(1024):
            conn.sendall(data)
    conn.close()


def ssh_banner(conn: socket.socket) -> None:
    with contextlib.suppress(OSError):
        conn.recv(1024)
        conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")
        conn.recv(1024)
    conn.close()


def silent(conn: socket.socket) -> None:
    """Accepts, reads, never answers, never closes (until the client does)."""
    with contextlib.suppress(OSError):
        while conn.recv(1024):
            pass
    conn.close()


def _recv(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _string(text: str) -> bytes:
    raw = text.encode()
    assert len(raw) < 16  # a PackStream tiny string
    return bytes([0x80 + len(raw)]) + raw


def _success(fields: dict[str, str]) -> bytes:
    """A Bolt SUCCESS message with a map of short strings, as one chunk."""
    body = bytes([0xA0 + len(fields)]) + b"".join(_string(k) + _string(v) for k, v in fields.items())
    message = b"\xb1\x70" + body
    return struct.pack(">H", len(message)) + message + b"\x00\x00"


def bolt(version: tuple[int, int], agent: str) -> Handler:
    """A Bolt server that agrees on ``version`` (major, minor) and says it is ``agent`` (such as
    ``Neo4j/4.4.12``): it answers HELLO with that agent and any other message with SUCCESS."""
    major, minor = version

    def handle(conn: socket.socket) -> None:
        try:
            if (
                _recv(conn, 20)[:4] != b"\x60\x60\xb0\x17"
            ):  # not a Bolt handshake (a TLS hello…): as Neo4j, hang up
                raise EOFError
            conn.sendall(bytes([0, 0, minor, major]))
            while True:
                message = b""
                while size := struct.unpack(">H", _recv(conn, 2))[0]:
                    message += _recv(conn, size)
                signature = message[1]
                if signature == 0x01:  # HELLO
                    conn.sendall(_success({"server": agent, "connection_id": "bolt-1"}))
                elif signature == 0x02:  # GOODBYE
                    break
                else:
                    conn.sendall(_success({}))
        except (EOFError, OSError, IndexError):
            pass
        conn.close()

    return handle


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate and key for 127.0.0.1 (``cryptography``, pinned through pdfminer.six)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


def tls_only(folder: Path) -> Handler:
    """A server that speaks TLS only: plain bytes end the connection, as Neo4j's Bolt connector
    with ``server.bolt.tls_level=REQUIRED`` does."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*self_signed(folder))

    def handle(conn: socket.socket) -> None:
        try:
            with context.wrap_socket(conn, server_side=True) as tls:
                tls.recv(1024)
        except (OSError, ssl.SSLError):
            conn.close()

    return handle


@contextlib.contextmanager
def serving(handler: Handler) -> Iterator[int]:
    """Run ``handler`` for every connection to a fresh port of 127.0.0.1; yields the port."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)

    def accept() -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = server.accept()
                threading.Thread(target=handler, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield int(server.getsockname()[1])
    finally:
        with contextlib.suppress(OSError):
            server.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread: the port is free again
        server.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def http_serving() -> Iterator[int]:
    """A plain HTTP server (the standard library's), as on Neo4j's HTTP port or any web server."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
