from __future__ import annotations

import pytest

from broadsheet.errors import ConnectionFailed, FetchError, HttpStatusError, RobotsDisallowed
from broadsheet.fetch.robots import CACHE_SECONDS, UNAVAILABLE_CACHE_SECONDS, RobotsPolicy
from tests.fixture_server import Reply

ROBOTS = "User-agent: *\nDisallow: /private/\n"


class FakeRobots:
    """A robots.txt source for RobotsPolicy: a body, or an error to raise; counts fetches."""

    def __init__(self, answer: bytes | FetchError) -> None:
        self.answer = answer
        self.fetched: list[str] = []
        self.now = 0.0

    def fetch(self, url: str) -> bytes:
        self.fetched.append(url)
        if isinstance(self.answer, FetchError):
            raise self.answer
        return self.answer

    def policy(self) -> RobotsPolicy:
        return RobotsPolicy(self.fetch, clock=lambda: self.now)


def test_disallowed_url_is_refused_without_requesting_it(server, make_fetcher):
    server.route("/robots.txt", Reply(200, ROBOTS, {"Content-Type": "text/plain"}))
    url = server.route("/private/feed", Reply(200, "secret"))
    with pytest.raises(RobotsDisallowed) as caught:
        make_fetcher().get(url)
    assert caught.value.url == url and caught.value.permanent
    assert url in str(caught.value) and "BROADSHEET_RESPECT_ROBOTS" in str(caught.value)
    assert "/private/feed" not in server.hits


def test_robots_txt_is_fetched_once_per_origin(server, make_fetcher):
    server.route("/robots.txt", Reply(200, ROBOTS))
    server.route("/a", Reply(200, "a"))
    server.route("/b", Reply(200, "b"))
    fetcher = make_fetcher()
    fetcher.get(server.url("/a"))
    fetcher.get(server.url("/b"))
    assert server.hits["/robots.txt"] == 1
    assert server.requests[0][1]["user-agent"].startswith("Broadsheet")


def test_rules_for_broadsheet_apply_to_it_and_no_other_bot(server, make_fetcher):
    server.route("/robots.txt", Reply(200, "User-agent: Broadsheet\nDisallow: /\n"))
    with pytest.raises(RobotsDisallowed):
        make_fetcher().get(server.route("/feed", Reply(200, "x")))


def test_rules_for_other_bots_do_not_apply(server, make_fetcher):
    server.route("/robots.txt", Reply(200, "User-agent: OtherBot\nDisallow: /\n"))
    assert make_fetcher().get(server.route("/feed", Reply(200, "x"))).body == b"x"


def test_missing_robots_txt_allows_everything(server, make_fetcher):
    assert make_fetcher().get(server.route("/feed", Reply(200, "x"))).body == b"x"
    assert server.hits["/robots.txt"] == 1


def test_failing_robots_txt_allows_and_is_not_retried(server, make_fetcher):
    server.route("/robots.txt", Reply(503, "down"))
    assert make_fetcher().get(server.route("/feed", Reply(200, "x"))).body == b"x"
    assert server.hits["/robots.txt"] == 1


def test_robots_txt_redirecting_to_metadata_is_not_followed(server, make_fetcher):
    server.route("/robots.txt", Reply(302, "", {"Location": "http://169.254.169.254/"}))
    assert make_fetcher().get(server.route("/feed", Reply(200, "x"))).body == b"x"


def test_not_respecting_robots_never_asks_for_it(server, make_fetcher):
    server.route("/robots.txt", Reply(200, "User-agent: *\nDisallow: /\n"))
    assert make_fetcher(respect_robots=False).get(server.route("/f", Reply(200, "x"))).body
    assert "/robots.txt" not in server.hits


def test_rules_are_cached_for_a_day():
    fake = FakeRobots(ROBOTS.encode())
    policy = fake.policy()
    assert not policy.allowed("https://news.example/private/1")
    assert policy.allowed("https://news.example/public")
    fake.now += CACHE_SECONDS - 1
    policy.allowed("https://news.example/x")
    assert fake.fetched == ["https://news.example/robots.txt"]
    fake.now += 2
    policy.allowed("https://news.example/x")
    assert len(fake.fetched) == 2


def test_a_client_error_means_no_rules_for_a_day():
    fake = FakeRobots(HttpStatusError("404", url="u", status=404))
    policy = fake.policy()
    assert policy.allowed("https://news.example/private/1")
    fake.now += UNAVAILABLE_CACHE_SECONDS + 1
    assert policy.allowed("https://news.example/private/1")
    assert len(fake.fetched) == 1


@pytest.mark.parametrize(
    "error",
    [
        HttpStatusError("503", url="u", status=503),
        HttpStatusError("429", url="u", status=429),
        ConnectionFailed("refused", url="u"),
    ],
)
def test_server_errors_allow_but_are_asked_again_soon(error):
    fake = FakeRobots(error)
    policy = fake.policy()
    assert policy.allowed("https://news.example/private/1")
    assert policy.allowed("https://news.example/private/2")
    assert len(fake.fetched) == 1
    fake.now += UNAVAILABLE_CACHE_SECONDS + 1
    policy.allowed("https://news.example/private/1")
    assert len(fake.fetched) == 2


def test_cache_is_per_origin():
    fake = FakeRobots(ROBOTS.encode())
    policy = fake.policy()
    for url in (
        "https://a.example/x",
        "https://A.example/y",
        "http://a.example/",
        "https://b.example/",
    ):
        policy.allowed(url)
    assert fake.fetched == [
        "https://a.example/robots.txt",
        "http://a.example/robots.txt",
        "https://b.example/robots.txt",
    ]
