"""The site as a reader and a self-hoster see it, over real HTTP, on the ingested demo corpus."""

from __future__ import annotations

import re

import httpx
import pytest

JUNK = ("&w=3840", "No comments yet", "Related Articles", "cookies", "newsletter", "Share this")


@pytest.fixture(scope="module")
def client(demo_stack):
    with httpx.Client(base_url=demo_stack.base, timeout=10) as c:
        yield c


def test_front_page_ranks_stories_and_keeps_the_latest_articles_reachable(client, demo_stack):
    html = client.get("/").text
    headlines = re.findall(r'<h2><a href="/stories/(\d+)">([^<]+)</a>', html)
    assert 5 <= len(headlines) <= demo_stack.settings.page_size
    data = client.get("/index.json").json()
    cards = data["stories"]["items"]
    stories = [c["story"] for c in cards]
    assert all(s["outlet_count"] >= 2 for s in stories)
    assert any(s["outlet_count"] >= 3 and s["article_count"] >= 10 for s in stories)  # GM, 2008
    assert [c["story"]["id"] for c in cards] == [int(i) for i, _ in headlines]
    for card in cards:  # each headline is one of its own members' titles, never invented
        members = demo_stack.repo.story_articles(card["story"]["id"])
        assert card["story"]["title"] in {a.title for a in members}
        assert card["story"]["article_count"] >= 2  # top stories: reported more than once
    assert data["latest"] and 'href="/latest"' in html


def test_latest_lists_every_article_newest_first(client, demo_stack):
    html = client.get("/latest").text
    titles = re.findall(r'<h2><a href="/articles/\d+">([^<]+)</a>', html)
    assert len(titles) == demo_stack.settings.page_size
    data = client.get("/latest.json").json()
    times = [a["published_at"] for a in data["articles"]["items"]]
    assert times == sorted(times, reverse=True)
    assert data["articles"]["total"] == demo_stack.repo.count_articles() >= 160
    assert 'rel="next" href="/latest?page=2"' in html


def test_front_page_shows_no_empty_placeholder_blocks(client):
    html = client.get("/").text
    for block in ("Hashtags", "AI features", "Comments", "Related articles"):
        assert not re.search(rf"<h2[^>]*>{block}</h2>", html, re.IGNORECASE)


def test_article_page_has_the_seed_anatomy_and_a_clean_body(client, demo_stack):
    article = demo_stack.repo.latest_articles(1, 1).items[0]
    html = client.get(f"/articles/{article.id}").text
    assert f"<h1>{_escaped(article.title)}</h1>" in html
    assert re.search(r'<time datetime="[^"]+" title="[^"]+UTC">[^<]*ago</time>', html)
    assert 'class="outlet"' in html
    assert html.count("<p>") >= 3
    assert "Wikinews" in html and "en.wikinews.org/wiki/" in html  # the licence's credit
    body = html.split("<article", 1)[1].split("</article>", 1)[0]
    for junk in JUNK:
        assert junk not in body


def test_every_page_is_also_json_from_the_same_view(client, demo_stack):
    article = demo_stack.repo.latest_articles(1, 1).items[0]
    by_suffix = client.get(f"/articles/{article.id}.json").json()
    by_accept = client.get(f"/articles/{article.id}", headers={"Accept": "application/json"}).json()
    assert by_suffix == by_accept
    assert by_suffix["article"]["title"] == article.title
    assert by_suffix["article"]["paragraphs"] == article.paragraphs
    assert by_suffix["attribution"]["url"].startswith("https://en.wikinews.org/wiki/")
    source = client.get(f"/sources/{article.source_id}.json").json()
    assert source["source"]["status"] == "active" and source["history"][0]["ok"] is True


def test_missing_article_is_a_404_in_both_forms(client):
    assert client.get("/articles/999999").status_code == 404
    missing = client.get("/articles/999999.json")
    assert missing.status_code == 404 and "no article with id 999999" in missing.json()["message"]


def test_sources_admin_lists_every_demo_feed_with_its_status(client, demo_stack):
    html = client.get("/sources").text
    for source in demo_stack.repo.list_sources():
        assert f'href="/sources/{source.id}"' in html
    assert "Import OPML" in html and "/sources.opml" in html
    opml = client.get("/sources.opml").text
    feeds = [s for s in demo_stack.repo.list_sources() if s.kind.value == "feed"]
    assert opml.count("xmlUrl=") == len(feeds)


def test_changing_sources_needs_the_admin_password(client, demo_stack):
    target = demo_stack.repo.list_sources()[0]
    origin = {"Origin": demo_stack.base}
    anonymous = client.post(f"/sources/{target.id}/pause", headers=origin)
    assert anonymous.status_code == 401 and "Basic" in anonymous.headers["www-authenticate"]
    wrong = client.post(f"/sources/{target.id}/pause", headers=origin, auth=("admin", "guess"))
    assert wrong.status_code == 401
    assert demo_stack.repo.get_source(target.id).status.value == "active"


def test_forms_posted_from_another_site_are_refused(client, demo_stack):
    target = demo_stack.repo.list_sources()[0]
    forged = client.post(
        f"/sources/{target.id}/pause",
        headers={"Origin": "https://evil.example"},
        auth=demo_stack.admin,
    )
    assert forged.status_code == 403
    assert demo_stack.repo.get_source(target.id).status.value == "active"


def test_the_admin_pauses_and_resumes_a_source(client, demo_stack):
    target = demo_stack.repo.list_sources()[0]
    kwargs = {"headers": {"Origin": demo_stack.base}, "auth": demo_stack.admin}
    paused = client.post(f"/sources/{target.id}/pause", **kwargs)
    assert paused.status_code == 303
    assert demo_stack.repo.get_source(target.id).status.value == "paused"
    client.post(f"/sources/{target.id}/resume", **kwargs)
    assert demo_stack.repo.get_source(target.id).status.value == "active"


def test_search_finds_by_title_words(client):
    html = client.get("/search", params={"q": "Boeing"}).text
    assert re.search(r"\d+ articles? for “Boeing”", html)
    assert "Boeing" in html


def _escaped(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )
