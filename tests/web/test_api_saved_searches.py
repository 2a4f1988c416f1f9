"""/api/v1/saved-searches over real HTTP: create (with and without a token), what is refused and
why, list, one, delete, the delivery log; and /api/v1/sources.opml."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import httpx
import pytest

from broadsheet.fetch import Fetcher
from broadsheet.model import DeliveryStatus
from broadsheet.services import tokens
from broadsheet.sources.opml import parse_opml
from broadsheet.storage.repository import StoryMatch
from broadsheet.web import create_app
from tests.contract.test_repository import draft
from tests.live_server import LiveServer

V1 = "/api/v1"
NOW = datetime(2026, 1, 2, tzinfo=UTC)


@pytest.fixture
def site(settings, repo, fetcher):
    """A fresh site that lets webhooks reach 127.0.0.1 (BROADSHEET_ALLOW_HOSTS) and a token."""
    web = LiveServer(create_app(settings, repo=repo, fetcher=fetcher, run_worker=False)).start()
    secret = tokens.create_token(repo, "tests").secret
    with httpx.Client(base_url=web.base + V1, timeout=10) as c:
        c.headers["Authorization"] = f"Bearer {secret}"
        yield c
    web.stop()


def _error(response: httpx.Response, status: int, error: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "message"} and body["error"] == error
    return body["message"]


def _anonymous(site: httpx.Client) -> httpx.Client:
    return httpx.Client(base_url=site.base_url, timeout=10)


def test_saving_a_search_needs_a_token(site, repo):
    with _anonymous(site) as anonymous:
        refused = anonymous.post("/saved-searches", json={"name": "Z", "query": "zeppelin"})
        _error(refused, 401, "unauthorized")
        assert refused.headers["www-authenticate"].startswith("Bearer")
        forged = {"Authorization": "Bearer bs_guess"}
        body = {"name": "Z", "query": "zeppelin"}
        _error(anonymous.post("/saved-searches", json=body, headers=forged), 401, "invalid_token")
    assert repo.list_saved_searches() == []


def test_a_saved_search_is_created_with_its_feeds_and_its_secret_shown_once(site, repo):
    hook = "http://127.0.0.1:9/hook"
    made = site.post(
        "/saved-searches", json={"name": "Zeppelins", "query": "zeppelin", "webhook_url": hook}
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert made.headers["location"] == f"{V1}/saved-searches/{body['id']}"
    assert (body["name"], body["query"], body["owner_id"]) == ("Zeppelins", "zeppelin", None)
    assert body["webhook_url"] == hook and body["webhook_host"] == "127.0.0.1"
    assert body["events"] == ["match", "story"]  # every event unless it names some
    secret = body["webhook_secret"]
    assert secret == repo.get_saved_search(body["id"]).webhook_secret and len(secret) > 40
    base = str(site.base_url).removesuffix(V1 + "/").removesuffix(V1)
    feed = f"{base}/saved/{body['id']}/feed"
    assert body["feeds"] == {
        "rss": feed + ".xml",
        "atom": feed + ".atom",
        "json_feed": feed + ".json",
    }
    shown = site.get(made.headers["location"].removeprefix(V1))
    assert shown.status_code == 200
    assert "webhook_secret" not in shown.json() and "webhook_url" not in shown.json()
    assert secret not in shown.text and secret not in site.get("/saved-searches").text
    assert shown.json()["feeds"] == body["feeds"]


def test_a_search_without_a_webhook_has_no_secret(site):
    body = site.post("/saved-searches", json={"name": "Plain", "query": '"air defence"'}).json()
    assert body["webhook_url"] is None and body["webhook_secret"] is None
    assert body["webhook_host"] is None and body["events"] is None


def test_a_webhook_can_want_stories_only(site, repo):
    hook = "http://127.0.0.1:9/hook"
    made = site.post(
        "/saved-searches",
        json={"name": "Z", "query": "zeppelin", "webhook_url": hook, "events": ["story"]},
    )
    assert made.status_code == 201, made.text
    assert made.json()["events"] == ["story"]
    assert site.get(f"/saved-searches/{made.json()['id']}").json()["events"] == ["story"]
    post = lambda **body: site.post("/saved-searches", json={"name": "Z", "query": "z", **body})  # noqa: E731
    _error(post(webhook_url=hook, events=[]), 422, "invalid_request")
    _error(post(webhook_url=hook, events=["push"]), 422, "invalid_request")
    no_hook = _error(post(events=["story"]), 422, "invalid_saved_search")
    assert "give a webhook URL" in no_hook
    assert len(repo.list_saved_searches()) == 1


def test_what_cannot_be_saved_is_a_422_that_says_why(site, repo):
    post = lambda **body: site.post("/saved-searches", json=body)  # noqa: E731
    assert "no word to search for" in _error(
        post(name="Z", query="source:gazette"), 422, "invalid_saved_search"
    )
    assert "after: wants a day" in _error(
        post(name="Z", query="z after:soon"), 422, "invalid_saved_search"
    )
    assert "name" in _error(post(name="   ", query="z"), 422, "invalid_saved_search")
    refused = _error(
        post(name="Z", query="z", webhook_url="http://10.0.0.1/hook"), 422, "webhook_refused"
    )
    assert "10.0.0.1 is a private address" in refused and "BROADSHEET_ALLOW_HOSTS" in refused
    metadata = post(name="Z", query="z", webhook_url="http://169.254.169.254/latest")
    assert "link-local" in _error(metadata, 422, "webhook_refused")
    _error(post(name="Z", query="z", webhook_url="ftp://h.example/"), 422, "invalid_request")
    _error(post(name="Z", query="z", webhook_secret="short"), 422, "invalid_request")
    _error(post(name="Z", query="z", extra=1), 422, "invalid_request")
    _error(post(name="Z"), 422, "invalid_request")
    _error(post(name="Z", query="x" * 501), 422, "invalid_request")
    broken = site.post(
        "/saved-searches", content=b"{name:", headers={"Content-Type": "application/json"}
    )
    _error(broken, 400, "malformed_body")
    assert repo.list_saved_searches() == []


def test_a_loopback_webhook_is_refused_unless_the_server_allows_it(settings, repo):
    strict = dataclasses.replace(settings, allow_hosts="")
    with Fetcher(strict) as fetcher:
        web = LiveServer(create_app(strict, repo=repo, fetcher=fetcher, run_worker=False)).start()
        try:
            secret = tokens.create_token(repo, "t").secret
            answer = httpx.post(
                f"{web.base}{V1}/saved-searches",
                json={"name": "Z", "query": "z", "webhook_url": "http://127.0.0.1:8080/hook"},
                headers={"Authorization": f"Bearer {secret}"},
            )
        finally:
            web.stop()
    message = _error(answer, 422, "webhook_refused")
    assert "127.0.0.1 is a loopback address" in message


def test_list_one_and_delete(site, repo):
    first = site.post("/saved-searches", json={"name": "A", "query": "alpha"}).json()
    second = site.post("/saved-searches", json={"name": "B", "query": "beta"}).json()
    with _anonymous(site) as anonymous:
        listed = anonymous.get("/saved-searches").json()  # reads are open
        assert listed["total"] == 2 and [s["id"] for s in listed["items"]] == [
            first["id"],
            second["id"],
        ]
        assert anonymous.get(f"/saved-searches/{first['id']}").json()["name"] == "A"
        _error(anonymous.delete(f"/saved-searches/{first['id']}"), 401, "unauthorized")
    gone = site.delete(f"/saved-searches/{first['id']}")
    assert gone.status_code == 204 and gone.content == b""
    assert [s.id for s in repo.list_saved_searches()] == [second["id"]]
    _error(site.get(f"/saved-searches/{first['id']}"), 404, "not_found")
    _error(site.delete(f"/saved-searches/{first['id']}"), 404, "not_found")
    _error(site.get("/saved-searches/0"), 422, "invalid_request")
    _error(site.put("/saved-searches/1"), 405, "method_not_allowed")


def test_the_delivery_log_needs_a_token_and_shows_each_attempt(site, repo):
    saved = site.post(
        "/saved-searches",
        json={"name": "Z", "query": "zeppelin", "webhook_url": "http://127.0.0.1:9/hook"},
    ).json()
    source = repo.add_source("https://a.example/feed", title="A").id
    ids = [repo.save_article(draft(source, n, title=f"Zeppelin {n}")).article_id for n in (1, 2)]
    story = repo.start_story(ids[0]).id
    repo.join_story(story, ids[1:])
    repo.queue_deliveries(
        saved["id"], matched_from=0, matched_through=max(ids),
        payloads={i: "{}" for i in ids}, stories=[StoryMatch(story, ids[0], "{}")], at=NOW,
    )  # fmt: skip
    claimed = repo.claim_deliveries(NOW, 1, 60)[0]
    repo.record_delivery_attempt(
        claimed.id, at=NOW, status=DeliveryStatus.FAILED, http_status=502,
        error="http://127.0.0.1:9/hook answered 502 Bad Gateway", next_attempt_at=None,
    )  # fmt: skip
    url = f"/saved-searches/{saved['id']}/deliveries"
    with _anonymous(site) as anonymous:
        _error(anonymous.get(url), 401, "unauthorized")
    log = site.get(url, params={"per_page": 1})
    assert log.status_code == 200, log.text
    page = log.json()
    assert (page["total"], page["pages"], page["per_page"]) == (3, 3, 1)
    [newest] = page["items"]
    assert (newest["event"], newest["story_id"], newest["article_id"]) == ("story", story, ids[0])
    assert newest["status"] == "pending"
    assert newest["attempts"] == 0 and newest["next_attempt_at"].endswith("Z")
    [match] = site.get(url, params={"per_page": 1, "page": 2}).json()["items"]
    assert (match["event"], match["story_id"], match["article_id"]) == ("match", None, ids[1])
    [failed] = site.get(url, params={"per_page": 1, "page": 3}).json()["items"]
    assert failed["status"] == "failed" and failed["attempts"] == 1
    assert failed["last_http_status"] == 502 and "502 Bad Gateway" in failed["last_error"]
    assert failed["next_attempt_at"] is None and failed["delivered_at"] is None
    _error(site.get("/saved-searches/999/deliveries"), 404, "not_found")


def test_sources_opml_lists_every_feed(site, repo):
    feed = repo.add_source(
        "https://a.example/feed", title="A Gazette", site_url="https://a.example/"
    )
    repo.add_source("https://b.example/a-page", kind=feed.kind.PAGE)
    with _anonymous(site) as anonymous:
        answer = anonymous.get("/sources.opml")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/x-opml")
    [outline] = [o for o in parse_opml(answer.content) if o.xml_url == feed.url]
    assert outline.title == "A Gazette" and outline.html_url == "https://a.example/"
