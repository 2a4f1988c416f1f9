"""Fetcher.post, the webhook POST: guarded, one try, no redirects, a capped answer, named errors."""

from __future__ import annotations

import json

import pytest

from broadsheet.errors import BlockedAddress, ConnectionFailed, FetchTimeout, HttpStatusError
from broadsheet.fetch.post import MAX_ANSWER_BYTES
from tests.webhook_receiver import WebhookReceiver, dead_url

BODY = json.dumps({"event": "test"}).encode()


@pytest.fixture
def receiver():
    made: list[WebhookReceiver] = []

    def make(*args, **kwargs) -> WebhookReceiver:
        made.append(WebhookReceiver(*args, **kwargs))
        return made[-1]

    yield make
    for r in made:
        r.close()


def test_a_post_sends_the_body_and_headers_once(make_fetcher, receiver):
    hook = receiver([204], answer=b"")
    answer = make_fetcher().post(hook.url("/in"), BODY, {"X-Test": "1"})
    assert answer.status == 204 and answer.body == b""
    [got] = hook.received
    assert got.path == "/in" and got.body == BODY
    assert got.headers["content-type"] == "application/json" and got.headers["x-test"] == "1"
    assert got.headers["user-agent"].startswith("Broadsheet/")


def test_an_error_status_is_raised_once_with_the_start_of_the_answer(make_fetcher, receiver):
    hook = receiver([503], answer=b"  down for\nmaintenance  ")
    with pytest.raises(HttpStatusError, match="answered 503 Service Unavailable: down for ma") as e:
        make_fetcher(retries=3).post(hook.url(), BODY, {})
    assert e.value.status == 503 and e.value.url == hook.url()
    assert len(hook.received) == 1  # the queue retries, not the fetcher


def test_a_redirect_is_not_followed(make_fetcher, receiver):
    elsewhere = receiver([200])
    hook = receiver([307], headers={"Location": elsewhere.url()})
    with pytest.raises(HttpStatusError, match="answered 307"):
        make_fetcher().post(hook.url(), BODY, {})
    assert elsewhere.received == []


def test_private_addresses_are_refused_before_anything_is_sent(make_fetcher, receiver):
    hook = receiver([200])
    with pytest.raises(BlockedAddress, match="add it to BROADSHEET_ALLOW_HOSTS"):
        make_fetcher(allow_hosts="").post(hook.url(), BODY, {})
    with pytest.raises(BlockedAddress, match="a private address"):
        make_fetcher().post("http://10.1.2.3/hook", BODY, {})
    assert hook.received == []


def test_only_the_start_of_a_huge_answer_is_read(make_fetcher, receiver):
    hook = receiver([200], answer=b"x" * (8 * MAX_ANSWER_BYTES))
    answer = make_fetcher().post(hook.url(), BODY, {})
    assert answer.status == 200 and len(answer.body) == MAX_ANSWER_BYTES


def test_a_slow_receiver_is_cut_off_at_the_deadline(make_fetcher, receiver):
    hook = receiver([200], delay=2.0)
    with pytest.raises(FetchTimeout):
        make_fetcher(read_timeout=0.3, fetch_deadline=0.5).post(hook.url(), BODY, {})


def test_a_dead_receiver_is_a_connection_failure(make_fetcher):
    url = dead_url()
    with pytest.raises(ConnectionFailed) as caught:
        make_fetcher().post(url, BODY, {})
    assert caught.value.url == url and caught.value.status is None


def test_check_url_applies_the_guard_without_sending(make_fetcher, receiver):
    hook = receiver([200])
    make_fetcher().check_url(hook.url())
    with pytest.raises(BlockedAddress, match="loopback"):
        make_fetcher(allow_hosts="").check_url(hook.url())
    assert hook.received == []
