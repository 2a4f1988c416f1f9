"""Story pages over real HTTP on the ingested demo: coverage by outlet, timeline, redirects."""

from __future__ import annotations

import httpx
import pytest

from broadsheet.web import create_app
from tests.contract.test_repository import draft
from tests.live_server import LiveServer


@pytest.fixture(scope="module")
def client(demo_stack):
    with httpx.Client(base_url=demo_stack.base, timeout=10) as c:
        yield c


def _top_story(demo_stack):
    return demo_stack.repo.front_stories(1, 1, min_articles=2).items[0]


def test_story_page_shows_headline_first_report_outlets_and_timeline(client, demo_stack):
    story = _top_story(demo_stack)
    members = demo_stack.repo.story_articles(story.id)
    html = client.get(f"/stories/{story.id}").text
    assert f"{story.article_count} articles from {story.outlet_count} outlets" in html
    assert "first reported by" in html and f'href="/articles/{members[0].id}"' in html
    for article in members:
        assert f'href="/articles/{article.id}"' in html
    assert "How the story developed" in html


def test_story_json_has_the_timeline_with_sources(client, demo_stack):
    story = _top_story(demo_stack)
    data = client.get(f"/stories/{story.id}.json").json()
    members = {a.id: a for a in demo_stack.repo.story_articles(story.id)}
    assert data["story"]["id"] == story.id
    assert data["first"]["id"] == min(members.values(), key=lambda a: (a.published_at, a.id)).id
    timeline = data["timeline"]
    assert timeline and timeline[0]["article_id"] == data["first"]["id"]
    times = [d["published_at"] for d in timeline]
    assert times == sorted(times)
    for development in timeline:  # every new sentence is quoted from the report it cites
        text = members[development["article_id"]].text
        assert development["sentences"]
        assert all(sentence in text for sentence in development["sentences"])


def test_article_page_links_to_its_story(client, demo_stack):
    story = _top_story(demo_stack)
    article = demo_stack.repo.story_articles(story.id)[-1]
    html = client.get(f"/articles/{article.id}").text
    assert f'href="/stories/{story.id}"' in html


def test_missing_story_is_a_404(client):
    assert client.get("/stories/999999").status_code == 404
    assert client.get("/stories/999999.json").status_code == 404


def test_a_merged_storys_url_redirects_to_the_survivor(settings, repo):
    source = repo.add_source("https://a.example/feed", title="A").id
    keep = repo.start_story(repo.save_article(draft(source, 1)).article_id)
    gone = repo.start_story(repo.save_article(draft(source, 2)).article_id)
    repo.merge_stories(gone.id, keep.id, lead_article_id=None)
    server = LiveServer(create_app(settings, repo=repo, run_worker=False)).start()
    try:
        with httpx.Client(base_url=server.base, timeout=10) as c:
            page = c.get(f"/stories/{gone.id}")
            assert page.status_code == 301 and page.headers["location"] == f"/stories/{keep.id}"
            data = c.get(f"/stories/{gone.id}.json")
            assert data.headers["location"] == f"/stories/{keep.id}.json"
            assert (
                c.get(f"/stories/{gone.id}", follow_redirects=True).url.path
                == f"/stories/{keep.id}"
            )
    finally:
        server.stop()


def test_syndicated_demo_copies_are_one_article_with_their_publishers(client, demo_stack):
    """The demo republishes 16 articles as wire copies at a second outlet, under another
    headline with a dateline: each must be folded into its original, not stored twice."""
    repo = demo_stack.repo
    assert repo.count_articles() == 163
    originals = [a for a in repo.latest_articles(1, 200).items if repo.article_copies(a.id)]
    assert len(originals) == 16
    article = originals[0]
    [copy] = repo.article_copies(article.id)
    assert copy.source_id != article.source_id and copy.title != article.title
    html = client.get(f"/articles/{article.id}").text
    assert "Also published by" in html and copy.url in html
