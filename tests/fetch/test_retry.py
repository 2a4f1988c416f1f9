from __future__ import annotations

import socket
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from broadsheet.errors import ConnectionFailed, FetchTimeout, HttpStatusError
from broadsheet.fetch import retry_after_of
from broadsheet.fetch.retry import RetryPolicy, parse_retry_after
from tests.fixture_server import Reply


def replies(*sequence: Reply):
    """A route answering each reply in turn, then repeating the last."""
    answers = list(sequence)

    def route(handler):
        return answers.pop(0) if len(answers) > 1 else answers[0]

    return route


def test_backoff_doubles_then_gives_up():
    policy = RetryPolicy(retries=3, backoff_base=0.5, retry_after_max=60)
    assert [policy.delay(n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, None]


def test_retry_after_is_obeyed_up_to_the_cap():
    policy = RetryPolicy(retries=2, backoff_base=0.5, retry_after_max=60)
    assert policy.delay(1, retry_after=30) == 30
    assert policy.delay(1, retry_after=61) is None
    assert policy.delay(3, retry_after=1) is None


def test_parse_retry_after_seconds_and_dates():
    now = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90
    assert parse_retry_after(format_datetime(now - timedelta(hours=1), usegmt=True), now) == 0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None
    assert parse_retry_after("-5", now) is None


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried_until_success(server, make_fetcher, status):
    url = server.route("/flaky", replies(Reply(status), Reply(status), Reply(200, "ok")))
    assert make_fetcher(respect_robots=False).get(url).body == b"ok"
    assert server.hits["/flaky"] == 3


def test_gives_up_after_the_configured_retries(server, make_fetcher):
    url = server.route("/down", Reply(503, "down"))
    with pytest.raises(HttpStatusError) as caught:
        make_fetcher(retries=2, respect_robots=False).get(url)
    assert caught.value.status == 503 and not caught.value.permanent
    assert "503 Service Unavailable after 3 tries" in str(caught.value)
    assert server.hits["/down"] == 3


def test_retry_after_seconds_is_waited_for(server, make_fetcher):
    url = server.route("/busy", replies(Reply(429, "", {"Retry-After": "1"}), Reply(200, "ok")))
    started = time.monotonic()
    assert make_fetcher(respect_robots=False).get(url).body == b"ok"
    assert time.monotonic() - started >= 1.0


def test_retry_after_longer_than_the_cap_gives_up_at_once(server, make_fetcher):
    url = server.route("/later", Reply(429, "", {"Retry-After": "3600"}))
    started = time.monotonic()
    with pytest.raises(HttpStatusError) as caught:
        make_fetcher(retry_after_max=2.0, respect_robots=False).get(url)
    assert time.monotonic() - started < 1
    assert server.hits["/later"] == 1
    assert caught.value.status == 429
    assert retry_after_of(caught.value) == 3600
    assert "retry after 3600 s" in str(caught.value)


def test_client_errors_are_not_retried(server, make_fetcher):
    url = server.route("/forbidden", Reply(403, "no"))
    with pytest.raises(HttpStatusError):
        make_fetcher(respect_robots=False).get(url)
    assert server.hits["/forbidden"] == 1


def test_dropped_connection_is_retried(server, make_fetcher):
    def drop_first(handler):
        if server.hits["/drop"] == 1:
            handler.close_connection = True
            return None  # closes the socket without a response
        return Reply(200, "ok")

    url = server.route("/drop", drop_first)
    assert make_fetcher(respect_robots=False).get(url).body == b"ok"
    assert server.hits["/drop"] == 2


def test_refused_connection_is_retried_then_reported(make_fetcher):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed"
    with pytest.raises(ConnectionFailed, match=f"could not connect to {url}") as caught:
        make_fetcher(retries=2, respect_robots=False).get(url)
    assert caught.value.url == url


def test_read_timeouts_are_retried(server, make_fetcher):
    def slow_first(handler):
        if server.hits["/slow"] == 1:
            time.sleep(0.5)
        return Reply(200, "ok")

    url = server.route("/slow", slow_first)
    fetched = make_fetcher(read_timeout=0.2, respect_robots=False).get(url)
    assert fetched.body == b"ok"
    assert server.hits["/slow"] == 2


def test_timeout_after_all_retries_is_fetch_timeout(server, make_fetcher):
    def silent(handler):
        time.sleep(0.5)
        return Reply(200, "late")

    url = server.route("/silent", silent)
    with pytest.raises(FetchTimeout):
        make_fetcher(read_timeout=0.1, retries=1, respect_robots=False).get(url)
    assert server.hits["/silent"] == 2
