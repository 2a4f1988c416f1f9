"""GET /api/v1/search in each mode, over real HTTP on the ingested demo corpus."""

from __future__ import annotations

import httpx
import pytest

from broadsheet.web import create_app
from tests.contract.test_repository import draft
from tests.live_server import LiveServer

PARAPHRASE = "car company collapses into insolvency"


@pytest.fixture(scope="module")
def client(demo_stack):
    with httpx.Client(base_url=demo_stack.base + "/api/v1", timeout=30) as c:
        yield c


def test_the_default_is_hybrid_and_a_mode_can_be_asked_for(client):
    hybrid = client.get("/search", params={"q": "General Motors bankruptcy"}).json()
    assert (hybrid["mode"], hybrid["ran"], hybrid["notice"]) == ("hybrid", "hybrid", "")
    keyword = client.get("/search", params={"q": "General Motors bankruptcy", "mode": "keyword"})
    assert keyword.json()["ran"] == "keyword"
    assert 1 <= keyword.json()["total"] <= hybrid["total"]  # meaning adds what words miss
    assert "text" not in hybrid["items"][0] and hybrid["items"][0]["outlet"]


def test_meaning_finds_what_the_words_do_not(client):
    words = client.get("/search", params={"q": PARAPHRASE, "mode": "keyword"}).json()
    assert words["total"] == 0 and words["items"] == []
    meaning = client.get("/search", params={"q": PARAPHRASE, "mode": "meaning", "per_page": 5})
    body = meaning.json()
    assert body["ran"] == "meaning" and 1 <= len(body["items"]) <= 5
    assert any("bankruptcy" in a["title"].lower() for a in body["items"])
    second = client.get(
        "/search", params={"q": PARAPHRASE, "mode": "meaning", "per_page": 5, "page": 2}
    )
    assert not {a["id"] for a in body["items"]} & {a["id"] for a in second.json()["items"]}


def test_a_bad_mode_is_a_json_422(client):
    response = client.get("/search", params={"q": "markets", "mode": "vibes"})
    assert response.status_code == 422 and response.json()["error"] == "invalid_request"


def test_without_vectors_meaning_says_why_and_returns_keyword_results(settings, repo):
    source = repo.add_source("https://a.example/feed", title="A").id
    repo.save_article(draft(source, 1, text="A prisoner exchange took place."))
    server = LiveServer(create_app(settings, repo=repo, run_worker=False)).start()
    try:
        body = httpx.get(
            server.base + "/api/v1/search", params={"q": "exchange", "mode": "meaning"}, timeout=10
        ).json()
    finally:
        server.stop()
    assert (body["mode"], body["ran"], body["total"]) == ("meaning", "keyword", 1)
    assert "no article embeddings are stored yet" in body["notice"]
