"""Hostile input to the JSON API and the search box: script in a saved search's name (shown in
its feeds), oversized and deeply nested bodies, huge queries. Each gets a clear 4xx (or a normal
answer) and changes nothing; none is a server error."""

from __future__ import annotations

import httpx
import pytest

from broadsheet.services import tokens
from broadsheet.web import create_app
from tests.live_server import LiveServer
from tests.security.payloads import XSS, live_markup_in_feed

pytestmark = pytest.mark.attack


@pytest.fixture
def site(settings, repo):
    web = LiveServer(create_app(settings, repo=repo, run_worker=False)).start()
    secret = tokens.create_token(repo, "tests").secret
    with httpx.Client(base_url=web.base, timeout=30) as client:
        client.headers["Authorization"] = f"Bearer {secret}"
        yield client
    web.stop()


@pytest.mark.parametrize(("name", "payload"), list(XSS.items()), ids=list(XSS))
def test_script_in_a_saved_search_name_stays_text(site, name, payload):
    made = site.post("/api/v1/saved-searches", json={"name": payload, "query": "bridge"})
    assert made.status_code == 201, made.text
    assert made.json()["name"] == payload  # kept as typed: it is data, escaped where shown
    saved = made.json()["id"]
    for kind in ("xml", "atom"):
        feed = site.get(f"/saved/{saved}/feed.{kind}")
        assert feed.status_code == 200 and live_markup_in_feed(feed.content) == []
    assert site.get(f"/saved/{saved}/feed.json").json()["title"].startswith(payload)


def _refused_without_change(site, repo, response: httpx.Response) -> None:
    assert 400 <= response.status_code < 500, response.text
    assert "message" in response.json() or "detail" in response.json()
    assert repo.list_saved_searches() == []


def test_an_oversized_body_is_refused(site, repo):
    body = {"name": "x" * 5_000_000, "query": "bridge"}
    _refused_without_change(site, repo, site.post("/api/v1/saved-searches", json=body))


def test_a_deeply_nested_body_is_refused(site, repo):
    nested = '{"name": "n", "query": "q", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}"
    answer = site.post(
        "/api/v1/saved-searches",
        content=nested,
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code < 500, answer.text
    assert len(repo.list_saved_searches()) <= 1  # an extra field is ignored, never a crash


def test_a_wrong_shape_is_refused(site, repo):
    shapes = ([1, 2], {"name": {"$ne": None}, "query": ["a"]}, "null", {"name": "", "query": ""})
    for body in shapes:
        _refused_without_change(site, repo, site.post("/api/v1/saved-searches", json=body))


@pytest.mark.parametrize("path", ["/search", "/search.json", "/api/v1/search"])
def test_a_huge_query_is_answered_or_refused_not_crashed(site, path):
    answer = site.get(path, params={"q": "bridge " * 8_000})
    assert answer.status_code in (200, 414, 422), answer.status_code
