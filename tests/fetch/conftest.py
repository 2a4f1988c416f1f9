from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from broadsheet.config import Settings
from broadsheet.fetch import Fetcher
from tests.fixture_server import FixtureServer

MakeFetcher = Callable[..., Fetcher]


@pytest.fixture
def make_fetcher(settings: Settings) -> Iterator[MakeFetcher]:
    """Fetchers over the test settings; keyword arguments override settings (or pass
    `resolver=` / `transport=`). Closed at the end of the test."""
    made: list[Fetcher] = []

    def make(**overrides: Any) -> Fetcher:
        resolver = overrides.pop("resolver", None)
        transport = overrides.pop("transport", None)
        fetcher = Fetcher(replace(settings, **overrides), resolver=resolver, transport=transport)
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


def write_slowly(handler: BaseHTTPRequestHandler, data: bytes, pause: float) -> None:
    """Write `data` a byte at a time; stop quietly when the client hangs up."""
    try:
        for byte in data:
            handler.wfile.write(bytes([byte]))
            time.sleep(pause)
    except (BrokenPipeError, ConnectionResetError):
        pass


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    """The shared fixture server, closed without its 0.5 s shutdown poll: serve_forever looks at
    the shutdown flag only when its select() wakes, so a connection wakes it."""
    srv = FixtureServer()
    yield srv
    closer = threading.Thread(target=srv.close)
    closer.start()
    while closer.is_alive():
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", srv.port), 0.1):
            pass
        closer.join(0.01)
