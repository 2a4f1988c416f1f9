"""The article page shows a stored related list and ranks none itself; when none is stored it
loads one from /articles/<id>/related.html, which also serves readers without scripts."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from broadsheet.storage.repository import NewRelatedList
from tests.web.test_related import stored, wait_stored

FRAGMENT = {"X-Fragment": "1"}


@pytest.fixture(scope="module")
def client(demo_stack):
    with httpx.Client(base_url=demo_stack.base, timeout=10) as c:
        yield c


def unlisted(repo, many: int = 1) -> list[int]:
    """Articles of stories with several outlets whose list nobody has stored yet."""
    found = []
    for story in repo.front_stories(1, 50, min_articles=3).items:
        for member in repo.story_articles(story.id):
            if repo.stored_related(member.id).kept is None:
                found.append(member.id)
            if len(found) == many:
                return found
    pytest.fail("every demo article already has a stored list")


def _section(html: str) -> str:
    return html.split('<section class="related">', 1)[1].split("</section>", 1)[0]


def test_without_a_stored_list_the_page_loads_it_and_links_to_it(client, demo_stack):
    (article,) = unlisted(demo_stack.repo)
    html = client.get(f"/articles/{article}").text
    assert '<section class="related">' not in html
    assert f'data-load="/articles/{article}/related.html"' in html
    assert f'<a href="/articles/{article}/related.html">' in html  # without scripts
    assert '<script src="/static/related.js" defer></script>' in html
    assert client.get("/static/related.js").status_code == 200
    assert client.get(f"/articles/{article}.json").json()["related"] is None


def test_the_fragment_is_the_section_ranked_now_and_then_stored(client, demo_stack):
    (article,) = unlisted(demo_stack.repo)
    fragment = client.get(f"/articles/{article}/related.html", headers=FRAGMENT)
    assert fragment.status_code == 200
    assert fragment.text.strip().startswith('<section class="related">')
    assert "<html" not in fragment.text
    items = client.get(f"/articles/{article}/related").json()["items"]
    hrefs = re.findall(r'<h2><a href="/articles/(\d+)">', _section(fragment.text))
    assert [int(h) for h in hrefs] == [i["article_id"] for i in items] and items
    wait_stored(demo_stack.repo, article)
    page = client.get(f"/articles/{article}").text
    assert _section(page) == _section(fragment.text)  # now from the store, the same list
    assert "data-load" not in page and "related.js" not in page


def test_without_scripts_the_link_gives_a_whole_page(client, demo_stack):
    (article,) = unlisted(demo_stack.repo)
    title = demo_stack.repo.get_article(article).title
    page = client.get(f"/articles/{article}/related.html")
    assert page.status_code == 200 and page.text.startswith("<!doctype html>")
    assert "Related to " in page.text and '<section class="related">' in page.text
    assert f'href="/articles/{article}"' in page.text and title.split()[0] in page.text


def test_the_page_shows_the_stored_list_as_it_was_stored(client, demo_stack):
    (article,) = unlisted(demo_stack.repo)
    stored(demo_stack.repo, article)
    kept = demo_stack.repo.stored_related(article).items
    html = client.get(f"/articles/{article}").text
    hrefs = re.findall(r'<h2><a href="/articles/(\d+)">', _section(html))
    assert [int(h) for h in hrefs] == [a.id for a, _ in kept] and kept
    reasons = re.findall(r'data-reason="([^"]+)"', _section(html))
    assert reasons == [reason for _, reason in kept]
    page = client.get(f"/articles/{article}.json").json()
    assert [i["article_id"] for i in page["related"]] == [a.id for a, _ in kept]


def test_a_missing_article_has_no_related_page(client):
    assert client.get("/articles/999999/related.html").status_code == 404
    assert client.get("/articles/999999/related.html", headers=FRAGMENT).status_code == 404


def test_an_old_list_is_shown_and_made_again_after_the_answer(client, demo_stack):
    repo = demo_stack.repo
    (article,) = unlisted(repo)
    stored(repo, article)
    kept = repo.stored_related(article)
    long_ago = datetime.now(UTC) - timedelta(hours=2)  # older than the default TTL
    ids = tuple((a.id, reason) for a, reason in kept.items)
    repo.save_related([NewRelatedList(article, kept.current, ids, long_ago)])
    html = client.get(f"/articles/{article}").text
    hrefs = re.findall(r'<h2><a href="/articles/(\d+)">', _section(html))
    assert [int(h) for h in hrefs] == [i for i, _ in ids] and "data-load" not in html
    deadline = time.monotonic() + 10
    while repo.stored_related(article).computed_at == long_ago:  # remade after the answer
        assert time.monotonic() < deadline, "the old list was never made again"
        time.sleep(0.02)
    remade = repo.stored_related(article)
    assert remade.kept == kept.current and [(a.id, r) for a, r in remade.items] == list(ids)
