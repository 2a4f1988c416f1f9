from __future__ import annotations

import time

import httpcore
import pytest

from broadsheet.errors import BlockedAddress, FetchTimeout
from broadsheet.fetch.guard import AddressGuard
from broadsheet.fetch.transport import GuardedBackend, response_deadline
from tests.fetch.conftest import write_slowly
from tests.fixture_server import Reply


class RecordingBackend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self.connects: list[tuple[str, int]] = []

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        self.connects.append((host, port))
        raise httpcore.ConnectError("recorded only")


def test_connects_to_the_address_it_checked_not_to_the_name(server, make_fetcher):
    """feeds.test exists only in the injected resolver: the system resolver is never asked."""
    url = server.route("/feed", Reply(200, "ok"))
    named = url.replace("127.0.0.1", "feeds.test")
    fetched = make_fetcher(resolver=lambda host, port: ["127.0.0.1"]).get(named)
    assert fetched.body == b"ok"
    _, headers = server.requests[-1]
    assert headers["host"] == f"feeds.test:{server.port}"


def test_dns_rebinding_is_caught_at_connect_time(server, make_fetcher):
    """Regression: public at check time, 127.0.0.1 when the socket opens (DNS rebinding)."""
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    fetcher = make_fetcher(
        allow_hosts="", respect_robots=False, resolver=lambda host, port: next(answers)
    )
    url = server.route("/admin", Reply(200, "secret")).replace("127.0.0.1", "rebind.test")
    with pytest.raises(BlockedAddress) as caught:
        fetcher.get(url)
    assert "rebind.test resolves to 127.0.0.1, a loopback address" in str(caught.value)
    assert caught.value.url == url
    assert "/admin" not in server.hits


def test_backend_refuses_before_opening_a_socket():
    inner = RecordingBackend()
    guard = AddressGuard(resolver=lambda host, port: ["10.0.0.1"])
    with pytest.raises(BlockedAddress, match="private"):
        GuardedBackend(guard, inner).connect_tcp("intranet.example", 80)
    assert inner.connects == []


def test_backend_tries_each_checked_address_in_turn():
    inner = RecordingBackend()
    guard = AddressGuard(resolver=lambda host, port: ["93.184.216.34", "93.184.216.35"])
    with pytest.raises(httpcore.ConnectError):
        GuardedBackend(guard, inner).connect_tcp("news.example", 443)
    assert inner.connects == [("93.184.216.34", 443), ("93.184.216.35", 443)]


def test_backend_gives_up_once_the_deadline_has_passed():
    guard = AddressGuard(resolver=lambda host, port: ["93.184.216.34"])
    with response_deadline(-1.0), pytest.raises(httpcore.ConnectTimeout):
        GuardedBackend(guard, RecordingBackend()).connect_tcp("news.example", 443)


def test_server_trickling_its_headers_is_cut_off_at_the_deadline(server, make_fetcher):
    """Each byte arrives well within read_timeout, so only the whole-response deadline stops it."""
    status_line = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
    url = server.route("/slow-headers", lambda handler: write_slowly(handler, status_line, 0.1))
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match="deadline") as caught:
        make_fetcher(fetch_deadline=0.5, respect_robots=False).get(url)
    assert time.monotonic() - started < 1.5
    assert caught.value.url == url
    assert server.hits["/slow-headers"] == 1  # a try that used the whole deadline is not retried
