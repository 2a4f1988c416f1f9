"""A real HTTP server on 127.0.0.1 that receives webhook POSTs, for tests.

It records every request (path, headers, body) and answers from a script: a list of statuses
taken in order (the last one repeats), e.g. [500, 503, 200] fails twice and then succeeds."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class WebhookReceiver:
    def __init__(
        self,
        statuses: Sequence[int] = (200,),
        answer: bytes = b"ok",
        *,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        self.received: list[Received] = []
        self._statuses = list(statuses)
        self._answer, self._headers, self._delay = answer, headers or {}, delay
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                receiver._receive(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Received]:
        """The requests once at least `count` have arrived (or what arrived by `timeout`)."""
        wait_until(lambda: len(self.received) >= count, timeout)
        return list(self.received)

    def _receive(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length)
        headers = {k.lower(): v for k, v in handler.headers.items()}
        with self._lock:
            self.received.append(Received(handler.path, headers, body))
            status = self._statuses.pop(0) if len(self._statuses) > 1 else self._statuses[0]
        time.sleep(self._delay)  # a slow receiver: the sender's deadline must cut it off
        handler.send_response(status)
        handler.send_header("Content-Length", str(len(self._answer)))
        for name, value in self._headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler.wfile.write(self._answer)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def dead_url() -> str:
    """A 127.0.0.1 URL where nothing listens: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


def wait_until(condition: Callable[[], object], timeout: float = 30.0) -> object:
    """Poll `condition` until it is truthy (its value) or `timeout` passes (its last value)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.02)
