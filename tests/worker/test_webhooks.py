"""Webhooks end to end: fixture articles ingested through the real pipeline, saved searches
matched against the new ones only, signed POSTs to a real receiver on 127.0.0.1, retries with
backoff, a dead receiver that fails alone, and a story announced once however many of its
articles match."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json

import pytest

from broadsheet.model import DeliveryStatus, WebhookEvent
from broadsheet.pipeline import IN_PROCESS
from broadsheet.services import saved_searches as service
from broadsheet.worker import refresh
from broadsheet.worker.webhooks import WebhookThread
from tests.fixture_server import Reply
from tests.pipeline.builders import article_html, rss
from tests.webhook_receiver import WebhookReceiver, dead_url, wait_until

HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/rss+xml"}
TITLES = [
    "Zeppelin lands at the county fair",
    "Council approves the budget",
    "Zeppelin tours sold out",
]


@pytest.fixture
def local(settings):
    """Fast retries and ticks, no embeddings (story placement by terms is enough here)."""
    return dataclasses.replace(
        settings, embeddings="none", webhook_backoff=0.05, webhook_max_attempts=4,
        scheduler_tick=0.05, public_url="https://news.example/",
    )  # fmt: skip


@pytest.fixture
def receivers():
    made: list[WebhookReceiver] = []

    def make(*args, **kwargs) -> WebhookReceiver:
        made.append(WebhookReceiver(*args, **kwargs))
        return made[-1]

    yield make
    for receiver in made:
        receiver.close()


@pytest.fixture
def webhooks(repo, fetcher, local):
    thread = WebhookThread(repo, fetcher, local)
    yield thread
    thread.stop()


def _publish(server, titles: list[str], feed: str = "/feed.xml") -> str:
    items = [
        {"title": t, "guid": t, "link": server.route(f"/{abs(hash(t))}.html", Reply(
            body=article_html(t), headers=HTML))}
        for t in titles
    ]  # fmt: skip
    return server.route(feed, Reply(body=rss(items, title="Fixture Gazette"), headers=XML))


def _ingest(repo, fetcher, local, server, titles: list[str], *, place: bool = True) -> None:
    source = repo.add_source(_publish(server, titles))
    repo.update_source(source.id, etag=None, last_modified=None)
    refresh([source], fetcher=fetcher, repo=repo, settings=local, extract=IN_PROCESS, place=place)


def _per_article(repo, fetcher, name: str, url: str):
    """A saved search sent each matching article only (no story events), like the webhooks
    before stories: the tests of delivery itself count on one POST per article."""
    return service.create_saved_search(
        repo, fetcher, name, "zeppelin", webhook_url=url, events=[WebhookEvent.MATCH]
    )


def _run(thread: WebhookThread, done, timeout: float = 30.0):
    def step():
        thread.tick()
        return done()

    return wait_until(step, timeout)


def _log(repo, saved_id: int):
    return list(repo.webhook_deliveries(saved_id, 1, 100).items)


def _verified(received, secret: str) -> dict:
    signed = received.headers["x-broadsheet-timestamp"].encode() + b"." + received.body
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(received.headers["x-broadsheet-signature"], expected)
    return json.loads(received.body)


def test_new_matching_articles_are_posted_signed(repo, fetcher, local, server, receivers, webhooks):
    hook = receivers([200])
    saved = _per_article(repo, fetcher, "Zeppelins", hook.url("/in"))
    _ingest(repo, fetcher, local, server, TITLES)
    assert _run(webhooks, lambda: len(hook.received) >= 2 and all(
        d.status is DeliveryStatus.DELIVERED for d in _log(repo, saved.id)))  # fmt: skip
    bodies = [_verified(r, saved.webhook_secret) for r in hook.received]
    assert sorted(b["article"]["title"] for b in bodies) == sorted(TITLES[::2])
    for body, received in zip(bodies, hook.received, strict=True):
        article = repo.get_article(body["article"]["id"])
        assert body["event"] == "saved_search.match" and received.path == "/in"
        assert body["saved_search"] == {
            "id": saved.id, "name": "Zeppelins", "query": "zeppelin",
            "feed_url": f"https://news.example/saved/{saved.id}/feed.json",
        }  # fmt: skip
        assert (
            body["article"]["url"] == article.url and body["article"]["outlet"] == "Fixture Gazette"
        )
        assert body["article"]["story_id"] == article.story_id is not None
        assert body["article"]["site_url"] == f"https://news.example/articles/{article.id}"
        assert body["story"]["site_url"] == f"https://news.example/stories/{article.story_id}"
        assert received.headers["x-broadsheet-event"] == "saved_search.match"
    log = _log(repo, saved.id)
    assert [d.attempts for d in log] == [1, 1] and {d.last_http_status for d in log} == {200}
    assert all(d.delivered_at is not None and d.next_attempt_at is None for d in log)


def test_only_articles_stored_since_are_matched_and_each_once(
    repo, fetcher, local, server, receivers, webhooks
):
    _ingest(repo, fetcher, local, server, TITLES[:1])  # before the search: never sent
    hook = receivers([200])
    saved = _per_article(repo, fetcher, "Z", hook.url())
    _ingest(repo, fetcher, local, server, ["Zeppelin museum opens a new hall"], place=False)
    webhooks.tick()
    assert _log(repo, saved.id) == []  # not matched before the story desk has placed it
    _ingest(repo, fetcher, local, server, ["Zeppelin pilots honoured"])  # places both
    assert _run(webhooks, lambda: len(hook.received) >= 2)
    for _ in range(5):
        webhooks.tick()
    titles = sorted(json.loads(r.body)["article"]["title"] for r in hook.received)
    assert titles == ["Zeppelin museum opens a new hall", "Zeppelin pilots honoured"]
    assert len(_log(repo, saved.id)) == 2


def test_a_receiver_that_fails_twice_gets_it_on_the_third_attempt(
    repo, fetcher, local, server, receivers, webhooks
):
    hook = receivers([500, 503, 200], answer=b"busy")
    saved = _per_article(repo, fetcher, "Z", hook.url())
    _ingest(repo, fetcher, local, server, TITLES[:1])
    assert _run(webhooks, lambda: [d.status for d in _log(repo, saved.id)] == ["delivered"])
    [delivery] = _log(repo, saved.id)
    assert delivery.attempts == 3 and delivery.last_http_status == 200
    assert delivery.last_error == "" and delivery.delivered_at is not None
    assert len(hook.received) == 3
    assert len({r.body for r in hook.received}) == 1  # every attempt sends the same body
    assert {r.headers["x-broadsheet-delivery"] for r in hook.received} == {str(delivery.id)}
    for received in hook.received:
        _verified(received, saved.webhook_secret)


def test_a_dead_receiver_fails_after_the_last_attempt_and_blocks_nothing(
    repo, fetcher, local, server, receivers, webhooks
):
    live = receivers([200])
    dead = _per_article(repo, fetcher, "Dead", dead_url())
    alive = _per_article(repo, fetcher, "Alive", live.url())
    failing = receivers([500], answer=b"<h1>It broke</h1>")
    broken = _per_article(repo, fetcher, "500", failing.url())
    _ingest(repo, fetcher, local, server, TITLES)

    def settled() -> bool:
        statuses = {d.status for s in (dead, alive, broken) for d in _log(repo, s.id)}
        return len(_log(repo, dead.id)) == 2 and DeliveryStatus.PENDING not in statuses

    assert _run(webhooks, settled)
    assert [d.status for d in _log(repo, alive.id)] == ["delivered", "delivered"]
    for delivery in _log(repo, dead.id):
        assert delivery.status is DeliveryStatus.FAILED and delivery.attempts == 4
        assert delivery.last_http_status is None and "could not connect" in delivery.last_error
        assert delivery.next_attempt_at is None
    for delivery in _log(repo, broken.id):
        assert delivery.status is DeliveryStatus.FAILED and delivery.last_http_status == 500
        assert "answered 500 Internal Server Error: <h1>It broke</h1>" in delivery.last_error
    assert len(failing.received) == 2 * 4


def test_the_thread_matches_and_delivers_on_its_own(repo, fetcher, local, server, receivers):
    hook = receivers([200])
    saved = _per_article(repo, fetcher, "Z", hook.url())
    thread = WebhookThread(repo, fetcher, local)
    thread.start()
    try:
        _ingest(repo, fetcher, local, server, TITLES)
        assert len(hook.wait_for(2)) == 2
        assert wait_until(lambda: [d.status for d in _log(repo, saved.id)] == ["delivered"] * 2)
    finally:
        thread.stop()


def test_a_removed_saved_search_sends_nothing_more(
    repo, fetcher, local, server, receivers, webhooks
):
    hook = receivers([200])
    saved = service.create_saved_search(repo, fetcher, "Z", "zeppelin", webhook_url=hook.url())
    _ingest(repo, fetcher, local, server, TITLES)
    repo.remove_saved_search(saved.id)
    for _ in range(5):
        webhooks.tick()
    assert hook.received == []


# --- story events: once per story and saved search, however many of its articles match


def _by_event(received) -> dict[str, list]:
    events: dict[str, list] = {}
    for r in received:
        events.setdefault(r.headers["x-broadsheet-event"], []).append(r)
    return events


def test_a_story_is_announced_once_however_many_of_its_articles_match(
    repo, fetcher, local, server, receivers, webhooks
):
    hook = receivers([200])
    saved = service.create_saved_search(
        repo, fetcher, "Zeppelins", "zeppelin", webhook_url=hook.url("/in")
    )
    _ingest(repo, fetcher, local, server, TITLES)
    zeppelins = [a for a in repo.newest_articles(10) if "Zeppelin" in a.title]
    [story_id] = {a.story_id for a in zeppelins}  # the story desk put both into one story
    first_match = min(a.id for a in zeppelins)

    def settled(count: int):
        return lambda: (
            len(hook.received) >= count
            and all(d.status is DeliveryStatus.DELIVERED for d in _log(repo, saved.id))
        )

    assert _run(webhooks, settled(3))
    events = _by_event(hook.received)
    assert {e: len(r) for e, r in events.items()} == {
        "saved_search.match": 2, "saved_search.story": 1,
    }  # fmt: skip
    [announced] = events["saved_search.story"]
    body = _verified(announced, saved.webhook_secret)
    story = repo.get_story(story_id)
    members = repo.story_articles(story_id)
    assert body["event"] == "saved_search.story" and announced.path == "/in"
    assert body["saved_search"]["id"] == saved.id
    first_article = body["story"].pop("first_article")
    assert body["story"] == {
        "id": story_id, "title": story.title,
        "site_url": f"https://news.example/stories/{story_id}",
        "article_count": story.article_count, "outlets": ["Fixture Gazette"],
    }  # fmt: skip
    assert first_article["id"] == members[0].id and first_article["outlet"] == "Fixture Gazette"
    assert body["article"]["id"] == first_match and body["article"]["story_id"] == story_id
    for received in events["saved_search.match"]:
        assert _verified(received, saved.webhook_secret)["event"] == "saved_search.match"
    [logged] = [d for d in _log(repo, saved.id) if d.event is WebhookEvent.STORY]
    assert (logged.story_id, logged.article_id) == (story_id, first_match)
    assert announced.headers["x-broadsheet-delivery"] == str(logged.id)

    _ingest(repo, fetcher, local, server, ["Zeppelin returns to the county fair"])
    [third] = [a for a in repo.newest_articles(10) if a.title.startswith("Zeppelin returns")]
    assert third.story_id == story_id  # the same story again
    assert _run(webhooks, settled(4))
    for _ in range(5):
        webhooks.tick()
    events = _by_event(hook.received)
    assert len(events["saved_search.match"]) == 3 and len(events["saved_search.story"]) == 1
    assert json.loads(events["saved_search.match"][-1].body)["article"]["id"] == third.id
    assert len(_log(repo, saved.id)) == 4


def test_a_search_that_wants_stories_only_is_sent_no_articles(
    repo, fetcher, local, server, receivers, webhooks
):
    hook = receivers([200])
    saved = service.create_saved_search(
        repo, fetcher, "Z", "zeppelin", webhook_url=hook.url(), events=[WebhookEvent.STORY]
    )
    _ingest(repo, fetcher, local, server, TITLES)
    assert _run(webhooks, lambda: [d.status for d in _log(repo, saved.id)] == ["delivered"])
    for _ in range(5):
        webhooks.tick()
    [received] = hook.received
    assert received.headers["x-broadsheet-event"] == "saved_search.story"
    assert _verified(received, saved.webhook_secret)["event"] == "saved_search.story"
