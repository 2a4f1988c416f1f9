"""Broadsheet's own feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) over real HTTP: valid in each
format, absolute links, the right items, 304s for polling readers, hostile text kept as text."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import feedparser
import httpx
import jsonschema
import pytest
from lxml import etree, html

from broadsheet.config import Settings
from broadsheet.extract.feed import parse_feed
from broadsheet.services.feeds import SNIPPET_CHARS
from broadsheet.services.stories import front_page
from broadsheet.storage import Repository
from broadsheet.web import create_app
from tests.contract.test_repository import draft
from tests.live_server import LiveServer

FORMATS = {"xml": "application/rss+xml", "atom": "application/atom+xml",
           "json": "application/feed+json"}  # fmt: skip
SCOPES = ("top", "latest", "story", "source")
NS = {"atom": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/elements/1.1/"}
HOSTILE = '<script>alert(1)</script> & "x"'

# The fields JSON Feed 1.1 requires, and those the task requires of every item.
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "home_page_url", "feed_url", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "pattern": "^https?://"},
        "feed_url": {"type": "string", "pattern": "^https?://"},
        "authors": {"$ref": "#/$defs/authors"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "url", "title", "date_published"],
                "anyOf": [{"required": ["content_text"]}, {"required": ["content_html"]}],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": {"type": "string", "pattern": "^https?://"},
                    "title": {"type": "string"},
                    "content_text": {"type": "string"},
                    "content_html": {"type": "string"},
                    "date_published": {"type": "string"},
                    "date_modified": {"type": "string"},
                    "authors": {"$ref": "#/$defs/authors"},
                },
            },
        },
    },
    "$defs": {
        "authors": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "object", "anyOf": [{"required": ["name"]}, {"required": ["url"]}]},
        }
    },
}


@pytest.fixture(scope="module")
def client(demo_stack):
    with httpx.Client(base_url=demo_stack.base, timeout=10) as c:
        yield c


def _top_story(repo: Repository):
    return repo.front_stories(1, 1, min_articles=2).items[0]


def _page(demo_stack, scope: str) -> str:
    """The HTML page a feed follows, in the demo."""
    repo = demo_stack.repo
    if scope == "story":
        return f"/stories/{_top_story(repo).id}"
    if scope == "source":
        return f"/sources/{repo.latest_articles(1, 1).items[0].source_id}"
    return {"top": "/", "latest": "/latest"}[scope]


def _feed_url(page: str, fmt: str) -> str:
    return page.rstrip("/") + f"/feed.{fmt}"


def _rfc3339(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, value
    return parsed


# --- every feed, every format


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("scope", SCOPES)
def test_every_feed_is_served_with_its_type_and_read_back_by_a_feed_parser(
    client, demo_stack, scope, fmt
):
    url = _feed_url(_page(demo_stack, scope), fmt)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{FORMATS[fmt]}; charset=utf-8"
    assert "max-age=" in response.headers["cache-control"]
    assert response.headers["etag"] and response.headers["last-modified"]
    parsed = parse_feed(response.content, demo_stack.base + url, response.headers["content-type"])
    assert parsed.entries and all(e.title for e in parsed.entries)
    assert all(e.url.startswith(demo_stack.base + "/") for e in parsed.entries)
    if fmt != "json":  # feedparser reads RSS and Atom; JSON Feed is checked by its schema
        strict = feedparser.parse(response.content)
        assert strict.bozo == 0, strict.get("bozo_exception")
        assert strict.version == {"xml": "rss20", "atom": "atom10"}[fmt]
        assert len(strict.entries) == len(parsed.entries)


@pytest.mark.parametrize("scope", SCOPES)
def test_rss_has_the_required_channel_and_item_elements(client, demo_stack, scope):
    url = _feed_url(_page(demo_stack, scope), "xml")
    root = etree.fromstring(client.get(url).content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    [channel] = root.xpath("/rss/channel")
    for tag in ("title", "link", "description"):
        assert channel.findtext(tag), tag
    assert channel.findtext("link") == demo_stack.base + _page(demo_stack, scope)
    assert channel.xpath("atom:link[@rel='self']/@href", namespaces=NS) == [demo_stack.base + url]
    items = channel.xpath("item")
    assert items
    for item in items:
        link = item.findtext("link")
        assert item.findtext("title") and link.startswith(demo_stack.base + "/")
        assert item.xpath("guid[@isPermaLink='true']/text()") == [link]
        assert parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None


@pytest.mark.parametrize("scope", SCOPES)
def test_atom_has_the_required_feed_and_entry_elements(client, demo_stack, scope):
    url = _feed_url(_page(demo_stack, scope), "atom")
    root = etree.fromstring(client.get(url).content)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for path in ("atom:id", "atom:title", "atom:updated"):
        assert root.xpath(f"{path}/text()", namespaces=NS), path
    assert root.xpath("atom:link[@rel='self']/@href", namespaces=NS) == [demo_stack.base + url]
    assert root.xpath("atom:author/atom:name/text()", namespaces=NS)  # entries may inherit it
    _rfc3339(root.xpath("atom:updated/text()", namespaces=NS)[0])
    entries = root.xpath("atom:entry", namespaces=NS)
    assert entries
    ids = [e.xpath("atom:id/text()", namespaces=NS)[0] for e in entries]
    assert len(set(ids)) == len(ids) and root.xpath("atom:id/text()", namespaces=NS)[0] not in ids
    for entry in entries:
        assert entry.xpath("atom:title/text()", namespaces=NS)
        _rfc3339(entry.xpath("atom:updated/text()", namespaces=NS)[0])
        [href] = entry.xpath("atom:link[@rel='alternate']/@href", namespaces=NS)
        assert href == entry.xpath("atom:id/text()", namespaces=NS)[0]


@pytest.mark.parametrize("scope", SCOPES)
def test_json_feed_matches_the_specs_required_fields(client, demo_stack, scope):
    url = _feed_url(_page(demo_stack, scope), "json")
    data = client.get(url).json()
    jsonschema.validate(data, JSON_FEED_SCHEMA)
    assert data["feed_url"] == demo_stack.base + url
    assert data["home_page_url"] == demo_stack.base + _page(demo_stack, scope)
    for item in data["items"]:
        assert item["id"] == item["url"]
        _rfc3339(item["date_published"])


# --- what each feed holds


def test_top_stories_feed_is_the_front_pages_stories_in_order(client, demo_stack):
    cards = front_page(demo_stack.repo, 1, 30).stories.items
    items = client.get("/feed.json").json()["items"]
    assert [i["url"] for i in items] == [f"{demo_stack.base}/stories/{c.story.id}" for c in cards]
    story, item = cards[0].story, items[0]
    assert item["title"] == story.title
    summary = f"{story.article_count} articles from {story.outlet_count} outlets"
    assert item["content_text"].startswith(summary + "\n\n")
    assert _rfc3339(item["date_modified"]) == story.last_at.replace(microsecond=0)
    assert _rfc3339(item["date_published"]) == story.first_at.replace(microsecond=0)


def test_latest_feed_gives_outlets_and_snippets_not_whole_articles(client, demo_stack):
    articles = demo_stack.repo.latest_articles(1, 30).items
    items = client.get("/latest/feed.json").json()["items"]
    assert [i["url"] for i in items] == [f"{demo_stack.base}/articles/{a.id}" for a in articles]
    for article, item in zip(articles, items, strict=True):
        assert item["authors"][0]["name"] == article.outlet
        assert _rfc3339(item["date_published"]) == article.published_at.replace(microsecond=0)
        assert len(item["content_text"]) <= SNIPPET_CHARS + 1
        assert item["content_text"] != article.text
    rss = etree.fromstring(client.get("/latest/feed.xml").content)
    creators = rss.xpath("/rss/channel/item/dc:creator/text()", namespaces=NS)
    assert creators == [a.outlet for a in articles]


def test_story_feed_lists_the_storys_articles_newest_first(client, demo_stack):
    story = _top_story(demo_stack.repo)
    members = demo_stack.repo.story_articles(story.id)
    feed = feedparser.parse(client.get(f"/stories/{story.id}/feed.atom").content)
    assert feed.feed.title == story.title
    expected = [f"{demo_stack.base}/articles/{a.id}" for a in reversed(members)]
    assert [e.link for e in feed.entries] == expected


def test_source_feed_lists_only_that_sources_articles(client, demo_stack):
    page = _page(demo_stack, "source")
    source_id = int(page.rsplit("/", 1)[1])
    own = demo_stack.repo.source_articles(source_id, 1, 30).items
    feed = feedparser.parse(client.get(page + "/feed.xml").content)
    assert [e.link for e in feed.entries] == [f"{demo_stack.base}/articles/{a.id}" for a in own]


# --- polling


@pytest.mark.parametrize("fmt", FORMATS)
def test_conditional_get_answers_304_to_a_reader_that_has_the_feed(client, fmt):
    first = client.get(f"/latest/feed.{fmt}")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    for headers in (
        {"If-None-Match": etag},
        {"If-None-Match": f'"stale", W/{etag}'},
        {"If-Modified-Since": modified},
    ):
        again = client.get(f"/latest/feed.{fmt}", headers=headers)
        assert again.status_code == 304, headers
        assert again.content == b"" and again.headers["etag"] == etag
    changed = client.get(f"/latest/feed.{fmt}", headers={"If-None-Match": '"stale"'})
    assert changed.status_code == 200 and changed.content == first.content
    # If-None-Match decides when both are sent (RFC 9110), so a stale tag wins over the date.
    both = {"If-None-Match": '"stale"', "If-Modified-Since": modified}
    assert client.get(f"/latest/feed.{fmt}", headers=both).status_code == 200
    early = {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
    assert client.get(f"/latest/feed.{fmt}", headers=early).status_code == 200
    garbage = {"If-Modified-Since": "yesterday-ish"}
    assert client.get(f"/latest/feed.{fmt}", headers=garbage).status_code == 200


# --- discovery, errors


@pytest.mark.parametrize("scope", SCOPES)
def test_html_pages_announce_their_feeds(client, demo_stack, scope):
    page = _page(demo_stack, scope)
    doc = html.fromstring(client.get(page).content)
    links = doc.xpath("/html/head/link[@rel='alternate']")
    assert {link.get("type"): link.get("href") for link in links} == {
        media_type: _feed_url(page, fmt) for fmt, media_type in FORMATS.items()
    }
    for link in links:
        assert link.get("title")
        response = client.get(link.get("href"))
        assert response.headers["content-type"].startswith(link.get("type"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_story_or_source_feed_is_a_404(client, fmt):
    assert client.get(f"/stories/999999/feed.{fmt}").status_code == 404
    assert client.get(f"/sources/999999/feed.{fmt}").status_code == 404


@pytest.mark.parametrize("path", ["/feed", "/feed.rss", "/latest/feed.html", "/stories/1/feed"])
def test_unknown_feed_formats_are_a_404(client, path):
    assert client.get(path).status_code == 404


# --- a fresh site with hostile text


@pytest.fixture
def hostile_site(settings: Settings, repo: Repository):
    """One article whose headline and body are markup, a merged story, and an empty source."""
    source = repo.add_source("https://a.example/feed", title='Outlet <b>&</b> "Co"')
    body = "<img src=x onerror=alert(1)> & more\x0c text.\n\nSecond paragraph."
    article = repo.save_article(draft(source.id, 1, title=HOSTILE, text=body)).article_id
    keep = repo.start_story(article)
    gone = repo.start_story(repo.save_article(draft(source.id, 2)).article_id)
    repo.merge_stories(gone.id, keep.id, lead_article_id=None)
    empty = repo.add_source("https://b.example/feed", title="Quiet")
    server = LiveServer(create_app(settings, repo=repo, run_worker=False)).start()
    ids = {"source": source.id, "keep": keep.id, "gone": gone.id, "empty": empty.id}
    try:
        with httpx.Client(base_url=server.base, timeout=10) as c:
            yield c, ids
    finally:
        server.stop()


@pytest.mark.parametrize("fmt", ["xml", "atom"])
def test_a_hostile_headline_comes_out_as_text_in_rss_and_atom(hostile_site, fmt):
    client, ids = hostile_site
    for url in (f"/latest/feed.{fmt}", f"/sources/{ids['source']}/feed.{fmt}", f"/feed.{fmt}"):
        body = client.get(url).content
        assert b"<script" not in body and b"<img" not in body and b"\x0c" not in body
        root = etree.fromstring(body)
        titles = root.xpath("//item/title/text() | //atom:entry/atom:title/text()", namespaces=NS)
        assert HOSTILE in titles, url
        described = root.xpath("//item/description | //atom:entry/atom:summary", namespaces=NS)
        assert any("&lt;img src=x" in d.text for d in described)  # escaped inside the HTML
        read = feedparser.parse(body)  # what a reader shows: the headline as text
        assert read.bozo == 0 and HOSTILE in [e.title for e in read.entries]


def test_a_hostile_headline_comes_out_as_text_in_json_feed(hostile_site):
    client, ids = hostile_site
    for url in ("/latest/feed.json", f"/sources/{ids['source']}/feed.json", "/feed.json"):
        body = client.get(url).content
        assert b"<" not in body and b">" not in body  # escaped even inside JSON strings
        data = json.loads(body)
        jsonschema.validate(data, JSON_FEED_SCHEMA)
        [item] = [i for i in data["items"] if i["title"] == HOSTILE]
        assert "&lt;img src=x onerror=alert(1)&gt; &amp; more" in item["content_html"]
        assert "<img" not in item["content_html"]
    [article] = json.loads(client.get("/latest/feed.json").content)["items"][-1:]
    assert article["content_text"].startswith("<img src=x onerror=alert(1)> & more")
    assert article["authors"] == [{"name": 'Outlet <b>&</b> "Co"'}]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_merged_storys_feed_redirects_to_the_survivors(hostile_site, fmt):
    client, ids = hostile_site
    response = client.get(f"/stories/{ids['gone']}/feed.{fmt}")
    assert response.status_code == 301
    assert response.headers["location"] == f"/stories/{ids['keep']}/feed.{fmt}"
    followed = client.get(f"/stories/{ids['gone']}/feed.{fmt}", follow_redirects=True)
    assert followed.status_code == 200
    assert followed.headers["content-type"].startswith(FORMATS[fmt])


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_sources_feed_is_valid_and_stable(hostile_site, fmt):
    client, ids = hostile_site
    first = client.get(f"/sources/{ids['empty']}/feed.{fmt}")
    assert first.status_code == 200
    parsed = parse_feed(first.content, "http://127.0.0.1/", first.headers["content-type"])
    assert parsed.entries == ()
    if fmt == "json":
        jsonschema.validate(first.json(), JSON_FEED_SCHEMA)
    else:
        assert feedparser.parse(first.content).bozo == 0
    again = client.get(f"/sources/{ids['empty']}/feed.{fmt}")
    assert again.headers["etag"] == first.headers["etag"]
    assert parsedate_to_datetime(first.headers["last-modified"]) <= datetime.now(UTC)
