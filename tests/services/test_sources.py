"""Adding sources as a self-hoster does: a feed, a site's home page, an article, an OPML file."""

from __future__ import annotations

import httpx
import pytest

from broadsheet.demo import DemoSite
from broadsheet.errors import FeedError, FetchError
from broadsheet.model import SourceKind, SourceStatus
from broadsheet.pipeline import ingest
from broadsheet.services import sources as service
from tests.fixture_server import Reply
from tests.pipeline.builders import article_html


@pytest.fixture
def site():
    with DemoSite.from_bundle(sections=["apple", "aviation"], per_section=4) as demo:
        yield demo


def test_a_feed_url_is_added_with_its_title(site, repo, fetcher):
    source = service.add_source(repo, fetcher, site.feed_urls()[0])
    assert source.kind is SourceKind.FEED and source.title
    assert service.add_source(repo, fetcher, site.feed_urls()[0]).id == source.id


def test_a_home_page_is_added_by_its_advertised_feed(site, repo, fetcher):
    source = service.add_source(repo, fetcher, site.home_url)
    assert source.url in site.feed_urls()


def test_an_article_url_becomes_a_single_page_source(site, repo, fetcher, settings):
    url = site.article_urls()[0]
    source = service.add_source(repo, fetcher, url)
    assert source.kind is SourceKind.PAGE
    report = ingest(source, fetcher=fetcher, repo=repo, settings=settings)
    assert report.stored == 1
    again = ingest(repo.get_source(source.id), fetcher=fetcher, repo=repo, settings=settings)
    assert again.stored == 0 and repo.count_articles() == 1


def test_a_site_without_any_feed_says_so(server, repo, fetcher):
    server.route(
        "/",
        Reply(
            body="<html><body><p>Welcome</p></body></html>", headers={"Content-Type": "text/html"}
        ),
    )
    with pytest.raises(FeedError, match="no feed"):
        service.add_source(repo, fetcher, server.url("/"))


def test_an_unreachable_url_raises_a_fetch_error(repo, fetcher):
    with pytest.raises(FetchError, match="refused"):
        service.add_source(repo, fetcher, "http://10.1.2.3/feed")
    assert repo.list_sources() == []


def test_opml_import_adds_feeds_once_and_export_gives_them_back(site, repo):
    outlines = "".join(
        f'<outline type="rss" text="Feed {i}" xmlUrl="{u}"/>'
        for i, u in enumerate(site.feed_urls())
    )
    opml = f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>'.encode()
    first = service.import_opml(repo, opml)
    second = service.import_opml(repo, opml)
    assert len(first.added) == len(second.already) == len(site.feed_urls()) == 6
    assert not second.added
    exported = service.opml_document(repo)
    assert all(u in exported for u in site.feed_urls())


def test_pause_resume_and_poll_now(site, repo):
    source = repo.add_source(site.feed_urls()[0])
    assert service.set_paused(repo, source.id, True).status is SourceStatus.PAUSED
    resumed = service.set_paused(repo, source.id, False)
    assert resumed.status is SourceStatus.ACTIVE and resumed.next_poll_at is not None


def test_the_sources_page_adds_and_imports_through_forms(demo_stack, server):
    page = server.route(
        "/lone.html",
        Reply(body=article_html("A lone article"), headers={"Content-Type": "text/html"}),
    )
    origin = {"Origin": demo_stack.base}
    with httpx.Client(base_url=demo_stack.base, headers=origin, auth=demo_stack.admin) as client:
        added = client.post("/sources", data={"url": page})
        assert added.status_code == 303 and added.headers["location"].startswith("/sources/")
        bad = client.post("/sources", data={"url": "http://169.254.169.254/"})
        assert bad.status_code == 422 and "refused" in bad.text
        opml = (
            b'<opml version="2.0"><body><outline xmlUrl="https://feeds.example/rss"/></body></opml>'
        )
        imported = client.post("/sources/import", files={"file": ("f.opml", opml, "text/xml")})
        assert "Imported 1 sources" in imported.text
        broken = client.post("/sources/import", files={"file": ("f.opml", b"<html>", "text/xml")})
        assert broken.status_code == 422 and "Import failed" in broken.text
