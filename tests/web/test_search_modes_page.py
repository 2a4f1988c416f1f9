"""The search page's modes over real HTTP: the toggle keeps the mode in every link, the note
when meaning can't run, and the mode in a real Chromium."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from broadsheet.web import create_app
from tests.contract.test_repository import draft
from tests.live_server import LiveServer

QUERY = "General Motors bankruptcy"
Q = "General%20Motors%20bankruptcy"
PARAPHRASE = "car company collapses into insolvency"  # the demo says "bankruptcy", "automaker"


@pytest.fixture(scope="module")
def client(demo_stack):
    with httpx.Client(base_url=demo_stack.base, timeout=30) as c:
        yield c


def test_the_mode_toggle_and_every_link_keep_the_mode(client):
    html = client.get("/search", params={"q": QUERY, "mode": "meaning"}).text
    assert '<strong aria-current="true">Meaning</strong>' in html
    assert f'href="/search?q={Q}"' in html  # hybrid, the default, stays out of the URL
    assert f'href="/search?q={Q}&mode=keyword"' in html
    assert f'href="/search?q={Q}&view=articles&mode=meaning"' in html  # the view toggle
    outlets = re.findall(r'<li><a href="(/search\?q=[^"]+)">Demo', html)
    assert outlets and all(link.endswith("&mode=meaning") for link in outlets)
    flat = client.get("/search", params={"q": QUERY, "mode": "keyword", "view": "articles"})
    assert f'href="/search?q={Q}&mode=keyword"' in flat.text  # grouped again, same mode
    assert f'href="/search?q={Q}&view=articles&mode=meaning"' in flat.text  # same view


def test_each_mode_ranks_and_says_what_ran(client):
    for mode in ("hybrid", "keyword", "meaning"):
        body = client.get("/search.json", params={"q": QUERY, "mode": mode}).json()
        assert body["mode"] == body["ran"] == mode and body["fallback"] == ""
        assert body["matches"] >= 1
        first = body["results"]["items"][0]["hits"][0]
        assert "General Motors" in first["title"] or "GM" in first["title"]
    bare = client.get("/search.json", params={"q": QUERY}).json()
    assert bare["mode"] == "hybrid"
    assert client.get("/search", params={"q": QUERY, "mode": "vibes"}).status_code == 422


def test_meaning_finds_reports_without_the_words_and_shows_their_first_sentences(client):
    words = client.get("/search.json", params={"q": PARAPHRASE, "mode": "keyword"})
    assert words.json()["matches"] == 0
    meaning = client.get("/search.json", params={"q": PARAPHRASE, "mode": "meaning"})
    hits = [h for g in meaning.json()["results"]["items"] for h in g["hits"]]
    assert hits and any("bankruptcy" in h["title"].lower() for h in hits[:5])
    assert hits[0]["snippet"] and "\x02" not in hits[0]["snippet"]  # nothing to mark


def test_without_stored_vectors_the_page_says_so_and_shows_keyword_results(settings, repo):
    source = repo.add_source("https://a.example/feed", title="A").id
    repo.save_article(draft(source, 1, text="A prisoner exchange took place."))
    server = LiveServer(create_app(settings, repo=repo, run_worker=False)).start()
    try:
        html = httpx.get(
            server.base + "/search", params={"q": "exchange", "mode": "meaning"}, timeout=10
        ).text
    finally:
        server.stop()
    assert re.search(
        r'<p class="notice fallback">Search by meaning is unavailable: no article embeddings '
        r"are stored yet .*These are keyword results\.</p>",
        html,
    )
    assert "<mark>exchange</mark>" in html
    assert '<strong aria-current="true">Meaning</strong>' in html


@pytest.mark.browser
def test_reader_switches_to_meaning_and_back(page: Page, demo_stack):
    page.goto(demo_stack.base + "/search?q=car+company+collapses+into+insolvency")
    expect(page.locator("nav.modes strong")).to_have_text("Words and meaning")
    page.get_by_role("link", name="Words", exact=True).click()
    expect(page).to_have_url(re.compile(r"mode=keyword$"))
    expect(page.locator("p.count")).to_have_text(
        "No articles match “car company collapses into insolvency”."
    )
    expect(page.locator("ul.hints")).to_contain_text("Every word must appear")
    expect(page.locator("details.syntax")).to_have_attribute("open", "")
    page.get_by_role("link", name="Meaning", exact=True).click()
    expect(page).to_have_url(re.compile(r"mode=meaning$"))
    expect(page.locator("article.hit").first).to_be_visible()
    page.get_by_role("link", name="All articles").click()
    expect(page).to_have_url(re.compile(r"view=articles&mode=meaning$"))


def test_the_served_site_loads_search_by_meaning_at_start(demo_stack):
    import time

    from broadsheet.web import create_app
    from tests.live_server import LiveServer

    app = create_app(demo_stack.settings, repo=demo_stack.repo, run_worker=False, warm=True)
    web = LiveServer(app).start()
    try:
        deadline = time.monotonic() + 60
        while getattr(app.state, "meaning", None) is None:  # made by the warming thread
            assert time.monotonic() < deadline, "search by meaning was not warmed"
            time.sleep(0.05)
    finally:
        web.stop()
