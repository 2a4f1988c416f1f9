"""The socket layer under httpx: connect only to addresses the guard has just checked, and stop
every socket read at the response deadline.

DNS rebinding (a TOCTOU): a host can resolve to a public address when the guard checks the URL
and to 127.0.0.1 a moment later when the HTTP library resolves it again to connect. To close that
gap, `GuardedBackend` resolves the host itself at connect time, checks every address, and opens
the TCP connection to the checked address (not to the name), so no second lookup happens. TLS
still verifies the certificate for the host name (httpcore passes it as the SNI name). The
earlier `AddressGuard.check_url` call remains, so a refused URL or redirect hop is rejected with
a clear message before any request, robots.txt lookup or politeness wait. A transport injected
into `Fetcher` (tests) bypasses this layer; `check_url` still runs.

The deadline: `response_deadline()` sets, for the current thread, the moment the whole response
must be in by. Each connect, TLS handshake, write and read here waits at most until then, so a
server trickling its headers a byte at a time is cut off too, not only one trickling its body.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from ssl import SSLContext
from typing import Any

import httpcore
import httpx

from broadsheet.fetch.guard import AddressGuard

SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)  # httpcore's SOCKET_OPTION

_deadline_at: ContextVar[float | None] = ContextVar("broadsheet_fetch_deadline", default=None)


@contextmanager
def response_deadline(seconds: float) -> Iterator[float]:
    """Within the block, sockets opened and read by this thread give up `seconds` from now."""
    at = time.monotonic() + seconds
    token = _deadline_at.set(at)
    try:
        yield at
    finally:
        _deadline_at.reset(token)


def _bounded(timeout: float | None, timeout_error: type[Exception]) -> float | None:
    at = _deadline_at.get()
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise timeout_error("the response deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, connecting only to addresses `guard` accepts (see module doc)."""

    def __init__(self, guard: AddressGuard, inner: httpcore.NetworkBackend | None = None) -> None:
        self._guard = guard
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        options = list(socket_options or ())
        failure: Exception | None = None
        for address in self._guard.connectable(host, port):  # raises BlockedAddress
            bounded = _bounded(timeout, httpcore.ConnectTimeout)
            try:
                stream = self._inner.connect_tcp(address, port, bounded, local_address, options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc  # try the host's next address, as getaddrinfo users do
                continue
            return _DeadlineStream(stream)
        raise failure or httpcore.ConnectError(f"{host} has no address to connect to")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("Broadsheet does not fetch over unix sockets")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over GuardedBackend. Proxies from the environment are not used: a proxy
    would do the connecting, and the guard could no longer see where requests go."""

    def __init__(self, guard: AddressGuard, *, limits: httpx.Limits | None = None) -> None:
        limits = limits or httpx.Limits(max_connections=100, max_keepalive_connections=20)
        super().__init__(trust_env=False, limits=limits)
        # httpx has no parameter for httpcore's network backend, so the pool it just built is
        # replaced by the same pool over GuardedBackend (tests/fetch/test_transport.py proves
        # connections go through it, so an httpx upgrade that renames `_pool` fails loudly).
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(guard),
        )
