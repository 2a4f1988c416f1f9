"""The search page over real HTTP: grouped results, the view toggle, outlets, highlighting."""

from __future__ import annotations

import re

import httpx
import pytest

from broadsheet.web import create_app
from tests.contract.test_repository import draft
from tests.live_server import LiveServer


@pytest.fixture(scope="module")
def client(demo_stack):
    with httpx.Client(base_url=demo_stack.base, timeout=10) as c:
        yield c


def test_results_are_grouped_by_story_with_a_toggle_and_outlet_counts(client):
    html = client.get("/search", params={"q": "General Motors bankruptcy"}).text
    assert re.search(r"\d+ articles? for “General Motors bankruptcy” in \d+ stor", html)
    assert 'class="result-story"' in html and "<mark>" in html
    assert 'href="/search?q=General%20Motors%20bankruptcy&view=articles"' in html
    outlets = re.findall(r'<li><a href="/search\?q=[^"]+">(Demo [A-Za-z]+)', html)
    assert len(set(outlets)) >= 2
    flat = client.get("/search", params={"q": "General Motors bankruptcy", "view": "articles"})
    assert "All articles</strong>" in flat.text and 'class="result-story"' not in flat.text


def test_source_and_date_filters_narrow_the_results(client):
    wide = client.get("/search.json", params={"q": "markets"}).json()
    narrow = client.get("/search.json", params={"q": "markets source:herald"}).json()
    assert 0 < narrow["matches"] < wide["matches"]
    assert {o for o, _ in narrow["outlets"]} == {o for o, _ in narrow["outlets"] if "Herald" in o}
    old = client.get("/search.json", params={"q": "markets before:2005-12-31"}).json()
    assert old["matches"] < wide["matches"]
    bad = client.get("/search", params={"q": "markets after:soon"}).text
    assert "after: wants a day like 2025-06-01" in bad


def test_no_match_says_so_and_what_to_try(client):
    words = client.get("/search", params={"q": "zzyzx qqplornt", "mode": "keyword"}).text
    assert "No articles match “zzyzx qqplornt”." in words and "articles for" not in words
    assert "Every word must appear" in words
    assert 'href="/search?q=zzyzx%20qqplornt">search by words and meaning</a>' in words
    assert "without <code>source:</code>" not in words
    both = client.get("/search", params={"q": "zzyzx qqplornt"}).text  # hybrid: meaning ran too
    assert "No headline is close in meaning either" in both and "Every word must" not in both
    assert '<details class="syntax" open>' in words  # the syntax shown when nothing matched
    narrowed = client.get("/search", params={"q": "markets source:nowhere-at-all"}).text
    assert "No articles match" in narrowed and "without <code>source:</code>" in narrowed
    found = client.get("/search", params={"q": "markets"}).text
    assert "No articles match" not in found and '<details class="syntax">' in found


def test_a_hostile_article_text_is_escaped_in_the_snippet(settings, repo):
    source = repo.add_source("https://a.example/feed", title="A").id
    text = "Breaking <script>alert(1)</script> exchange news & more details here."
    repo.save_article(draft(source, 1, text=text))
    server = LiveServer(create_app(settings, repo=repo, run_worker=False)).start()
    try:
        html = httpx.get(server.base + "/search", params={"q": "exchange"}, timeout=10).text
    finally:
        server.stop()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html and "<mark>exchange</mark>" in html
