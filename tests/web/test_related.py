"""Related articles over real HTTP on the ingested demo: the story's other outlets first."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import httpx
import pytest

from broadsheet.services.related_lists import refresh_related
from broadsheet.web import create_app
from tests.contract.test_repository import draft
from tests.live_server import LiveServer


@pytest.fixture(scope="module")
def client(demo_stack):
    with httpx.Client(base_url=demo_stack.base, timeout=10) as c:
        yield c


@pytest.fixture(scope="module")
def wide_story(demo_stack):
    """The first report of a demo story stored from at least three outlets, and its members."""
    for story in demo_stack.repo.front_stories(1, 50, min_articles=3).items:
        members = demo_stack.repo.story_articles(story.id)
        if len({m.source_id for m in members}) >= 3:
            return members[0], members
    pytest.fail("the demo corpus has no story stored from three outlets")


def test_the_storys_other_outlets_come_first_without_copies_self_or_repeats(
    client, demo_stack, wide_story
):
    article, members = wide_story
    items = client.get(f"/articles/{article.id}/related").json()["items"]
    ids = [i["article_id"] for i in items]
    other_outlets = {m.source_id for m in members if m.source_id != article.source_id}
    lead = items[: min(len(other_outlets), 5)]
    assert all(i["reason"] == "same story" for i in lead)
    assert {i["source_id"] for i in lead} <= other_outlets
    assert article.id not in ids
    # No outlet twice in the first five, unless the list holds no other outlet.
    first_five = [i["source_id"] for i in items[:5]]
    assert len(set(first_five)) == min(5, len({i["source_id"] for i in items}))
    copies = {(c.source_id, c.title) for c in demo_stack.repo.article_copies(article.id)}
    for item in items:
        related = demo_stack.repo.get_article(item["article_id"])
        assert related.fingerprint != article.fingerprint
        assert (related.source_id, related.title) not in copies


def test_every_item_has_outlet_time_headline_and_snippet(client, wide_story):
    article, _ = wide_story
    items = client.get(f"/articles/{article.id}/related.json").json()["items"]
    assert 3 <= len(items) <= 8
    for item in items:
        assert item["outlet"] and item["title"] and item["snippet"]
        assert item["published_at"].endswith("+00:00")
        assert item["reason"] in {"same story", "same topic", "similar"}


def stored(repo, article_id: int) -> None:
    """Make and store the article's list now, as the worker would."""
    key = repo.stored_related(article_id).current
    refresh_related(repo, [(article_id, key)], datetime.now(UTC))


def wait_stored(repo, article_id: int) -> None:
    """Wait for the list a request ranked to be stored (after its answer was sent)."""
    deadline = time.monotonic() + 10
    while repo.stored_related(article_id).kept is None:
        assert time.monotonic() < deadline, "the ranked list was never stored"
        time.sleep(0.02)


def test_article_page_lists_related_after_also_published_by(client, demo_stack, wide_story):
    article, _ = wide_story
    stored(demo_stack.repo, article.id)
    html = client.get(f"/articles/{article.id}").text
    section = html.split("<h2>Related articles</h2>", 1)[1].split("</section>", 1)[0]
    if "Also published by" in html:
        assert html.index("Also published by") < html.index("Related articles")
    related = client.get(f"/articles/{article.id}/related").json()["items"]
    for item in related:
        assert f'href="/articles/{item["article_id"]}"' in section
    assert section.count("<time datetime=") == len(related)
    assert 'class="snippet"' in section and 'class="outlet"' in section


def test_an_article_with_copies_lists_neither_them_nor_itself(client, demo_stack):
    with_copies = next(
        a
        for a in demo_stack.repo.latest_articles(1, 500).items
        if demo_stack.repo.article_copies(a.id)
    )
    items = client.get(f"/articles/{with_copies.id}/related").json()["items"]
    titles = {c.title for c in demo_stack.repo.article_copies(with_copies.id)}
    assert with_copies.id not in {i["article_id"] for i in items}
    assert not titles & {i["title"] for i in items if i["title"] != with_copies.title}


def test_article_json_carries_the_same_related_list(client, demo_stack, wide_story):
    article, _ = wide_story
    stored(demo_stack.repo, article.id)
    page = client.get(f"/articles/{article.id}.json").json()
    endpoint = client.get(f"/articles/{article.id}/related").json()
    assert page["related"] == endpoint["items"]


def test_missing_article_is_a_json_404(client):
    response = client.get("/articles/999999/related")
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_an_article_with_nothing_related_shows_no_section(settings, repo):
    source = repo.add_source("https://a.example/feed", title="A").id
    lone = repo.save_article(draft(source, 1)).article_id
    server = LiveServer(create_app(settings, repo=repo, run_worker=False)).start()
    try:
        with httpx.Client(base_url=server.base, timeout=10) as c:
            fragment = c.get(f"/articles/{lone}/related.html", headers={"X-Fragment": "1"})
            assert fragment.status_code == 200 and fragment.text.strip() == ""
            wait_stored(repo, lone)  # ranked there, and stored: empty
            assert "Related articles" not in c.get(f"/articles/{lone}").text
            assert c.get(f"/articles/{lone}/related").json()["items"] == []
    finally:
        server.stop()
