from __future__ import annotations

import httpx
import pytest

from broadsheet.errors import BlockedAddress, HttpStatusError, TooManyRedirects
from broadsheet.fetch import Fetcher
from tests.fixture_server import Reply

FEED = (
    b'<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel>\xe9</channel></rss>'
)


def test_get_returns_bytes_status_and_lower_case_headers(server, make_fetcher):
    url = server.route(
        "/feed.xml",
        Reply(200, FEED, {"Content-Type": "application/rss+xml", "X-Custom-Thing": "1"}),
    )
    fetched = make_fetcher().get(url)
    assert fetched.status == 200
    assert fetched.body == FEED  # not decoded: the extract stage sniffs the charset
    assert fetched.url == fetched.final_url == url
    assert fetched.content_type == "application/rss+xml"
    assert fetched.headers["x-custom-thing"] == "1"
    assert all(name == name.lower() for name in fetched.headers)
    assert fetched.fetched_at.tzinfo is not None


def test_sends_user_agent_accept_and_accept_encoding(server, make_fetcher, settings):
    url = server.route("/feed", Reply(200, "x"))
    make_fetcher().get(url, accept="application/rss+xml")
    path, headers = server.requests[-1]
    assert path == "/feed"
    assert headers["user-agent"] == settings.user_agent
    assert headers["accept"] == "application/rss+xml"
    assert headers["accept-encoding"] == "gzip, deflate"


def test_conditional_get_sends_validators_and_returns_304(server, make_fetcher):
    etag, modified = '"v1"', "Wed, 21 Oct 2015 07:28:00 GMT"

    def conditional(handler):
        if handler.headers.get("If-None-Match") == etag:
            return Reply(304, b"", {"ETag": etag})
        return Reply(200, "full", {"ETag": etag, "Last-Modified": modified})

    url = server.route("/feed", conditional)
    fetcher = make_fetcher()
    first = fetcher.get(url)
    assert (first.status, first.etag, first.last_modified) == (200, etag, modified)

    second = fetcher.get(url, etag=first.etag, last_modified=first.last_modified)
    _, headers = server.requests[-1]
    assert headers["if-none-match"] == etag
    assert headers["if-modified-since"] == modified
    assert second.status == 304 and second.not_modified
    assert second.body == b""
    # a 304 that does not repeat a validator keeps the one sent
    assert (second.etag, second.last_modified) == (etag, modified)


def test_no_conditional_headers_without_validators(server, make_fetcher):
    url = server.route("/feed", Reply(200, "x"))
    make_fetcher().get(url)
    _, headers = server.requests[-1]
    assert "if-none-match" not in headers and "if-modified-since" not in headers


def test_relative_redirects_are_followed(server, make_fetcher):
    server.route("/old", Reply(301, "", {"Location": "/middle"}))
    server.route("/middle", Reply(302, "", {"Location": "final?x=1"}))
    server.route("/final", Reply(200, "here"))
    fetched = make_fetcher().get(server.url("/old"))
    assert fetched.body == b"here"
    assert fetched.url == server.url("/old")
    assert fetched.final_url == server.url("/final?x=1")


def test_redirect_loop_is_too_many_redirects(server, make_fetcher):
    server.route("/a", Reply(302, "", {"Location": "/b"}))
    server.route("/b", Reply(302, "", {"Location": "/a"}))
    with pytest.raises(TooManyRedirects, match="redirect loop") as caught:
        make_fetcher().get(server.url("/a"))
    assert caught.value.url == server.url("/a")
    assert server.hits["/a"] == 1


def test_redirect_chain_longer_than_the_limit(server, make_fetcher):
    for n in range(5):
        server.route(f"/{n}", Reply(307, "", {"Location": f"/{n + 1}"}))
    server.route("/5", Reply(200, "end"))
    with pytest.raises(TooManyRedirects, match="more than 3 times"):
        make_fetcher(max_redirects=3).get(server.url("/0"))
    assert make_fetcher(max_redirects=5).get(server.url("/0")).body == b"end"


def test_literal_private_urls_are_refused_before_any_request(settings):
    requests: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: requests.append(r) or httpx.Response(200))
    with Fetcher(settings, transport=transport) as fetcher:
        for url in ("http://10.0.0.1/", "http://169.254.169.254/latest/meta-data"):
            with pytest.raises(BlockedAddress) as caught:
                fetcher.get(url)
            assert caught.value.url == url
            assert "add it to BROADSHEET_ALLOW_HOSTS" in str(caught.value)
    assert requests == []


def test_hostname_resolving_to_private_address_is_refused(settings):
    requests: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: requests.append(r) or httpx.Response(200))
    table = {"intranet.example": ["10.0.0.1"], "metadata.example": ["169.254.169.254"]}
    with Fetcher(settings, transport=transport, resolver=lambda h, p: table[h]) as fetcher:
        with pytest.raises(BlockedAddress, match=r"resolves to 10\.0\.0\.1, a private address"):
            fetcher.get("http://intranet.example/feed")
        with pytest.raises(BlockedAddress, match=r"resolves to 169\.254\.169\.254"):
            fetcher.get("http://metadata.example/latest/meta-data")
    assert requests == []


def test_redirect_to_cloud_metadata_is_refused_before_connecting(server, make_fetcher):
    url = server.route("/go", Reply(302, "", {"Location": "http://169.254.169.254/latest/"}))
    with pytest.raises(BlockedAddress) as caught:
        make_fetcher(connect_timeout=30.0).get(url)  # a connect attempt would hang, not fail
    message = str(caught.value)
    assert "169.254.169.254 is a link-local address" in message
    assert f"redirected from {url}" in message
    assert caught.value.url == url


def test_redirect_to_metadata_never_reaches_the_transport(settings):
    requests: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(str(request.url))
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/"})

    fetcher = Fetcher(settings, transport=httpx.MockTransport(handler))
    with fetcher, pytest.raises(BlockedAddress, match="link-local"):
        fetcher.get("http://127.0.0.1:9/feed")
    assert requests == ["http://127.0.0.1:9/robots.txt", "http://127.0.0.1:9/feed"]


def test_status_errors_name_the_url_and_say_if_permanent(server, make_fetcher):
    fetcher = make_fetcher()
    for status, permanent in ((404, True), (410, True), (403, True)):
        url = server.route(f"/s{status}", Reply(status, "no"))
        with pytest.raises(HttpStatusError) as caught:
            fetcher.get(url)
        assert caught.value.status == status
        assert caught.value.permanent is permanent
        assert url in str(caught.value)
        assert server.hits[f"/s{status}"] == 1  # never retried


def test_unexpected_3xx_without_location_is_an_error(server, make_fetcher):
    url = server.route("/multi", Reply(300, "choose"))
    with pytest.raises(HttpStatusError, match="300 Multiple Choices"):
        make_fetcher().get(url)


def test_fetcher_is_a_context_manager(server, settings):
    url = server.route("/x", Reply(200, "x"))
    with Fetcher(settings) as fetcher:
        assert fetcher.get(url).body == b"x"
    with pytest.raises(RuntimeError):
        fetcher.get(url)
