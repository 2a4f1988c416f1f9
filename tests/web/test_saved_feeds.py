"""A saved search's feeds (/saved/<id>/feed.xml|.atom|.json) over real HTTP: valid in each
format, its matches newest first and nothing else, 304s for polling readers; its page."""

from __future__ import annotations

from datetime import timedelta

import feedparser
import httpx
import jsonschema
import pytest
from lxml import etree

from broadsheet.extract.feed import parse_feed
from broadsheet.web import create_app
from tests.contract.test_repository import NOW, draft
from tests.live_server import LiveServer
from tests.web.test_feeds_out import FORMATS, JSON_FEED_SCHEMA, NS


@pytest.fixture
def site(settings, repo):
    """Two outlets, zeppelin articles among others, a saved search for them and an empty one."""
    gazette = repo.add_source("https://g.example/feed", title="Gazette").id
    herald = repo.add_source("https://h.example/feed", title="Herald").id
    titles = ["Zeppelin lands", "Budget passes", "Zeppelin tour", "Zeppelin museum"]
    ids = {}
    for n, title in enumerate(titles, start=1):
        outlet = gazette if n % 2 else herald
        ids[title] = repo.save_article(
            draft(outlet, n, title=title, published_at=NOW + timedelta(hours=n))
        ).article_id
    saved = repo.add_saved_search("Zeppelins", "zeppelin", at=NOW)
    herald_only = repo.add_saved_search("Herald zeppelins", "zeppelin source:herald", at=NOW)
    empty = repo.add_saved_search("Nothing", "quokka", at=NOW)
    web = LiveServer(create_app(settings, repo=repo, run_worker=False)).start()
    with httpx.Client(base_url=web.base, timeout=10) as client:
        yield client, ids, {"all": saved.id, "herald": herald_only.id, "empty": empty.id}
    web.stop()


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_is_valid_and_holds_the_matches_newest_first(site, fmt):
    client, ids, saved = site
    url = f"/saved/{saved['all']}/feed.{fmt}"
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{FORMATS[fmt]}; charset=utf-8"
    assert response.headers["etag"] and response.headers["last-modified"]
    base = str(client.base_url).rstrip("/")
    parsed = parse_feed(response.content, base + url, response.headers["content-type"])
    expected = [ids["Zeppelin museum"], ids["Zeppelin tour"], ids["Zeppelin lands"]]
    assert [e.url for e in parsed.entries] == [f"{base}/articles/{i}" for i in expected]
    if fmt == "json":
        data = response.json()
        jsonschema.validate(data, JSON_FEED_SCHEMA)
        assert data["feed_url"] == base + url
        assert data["home_page_url"] == f"{base}/saved/{saved['all']}"
        assert data["title"] == "Zeppelins on Broadsheet"
    else:
        strict = feedparser.parse(response.content)
        assert strict.bozo == 0, strict.get("bozo_exception")
        assert strict.version == {"xml": "rss20", "atom": "atom10"}[fmt]
        assert strict.feed.title == "Zeppelins on Broadsheet"
        root = etree.fromstring(response.content)
        self_links = root.xpath("//atom:link[@rel='self']/@href", namespaces=NS)
        assert self_links == [base + url]


def test_filters_in_the_query_apply(site):
    client, ids, saved = site
    items = client.get(f"/saved/{saved['herald']}/feed.json").json()["items"]
    assert [i["id"].rsplit("/", 1)[1] for i in items] == [str(ids["Zeppelin museum"])]
    assert {i["authors"][0]["name"] for i in items} == {"Herald"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_saved_search_is_an_empty_valid_feed(site, fmt):
    client, _, saved = site
    response = client.get(f"/saved/{saved['empty']}/feed.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        jsonschema.validate(response.json(), JSON_FEED_SCHEMA)
        assert response.json()["items"] == []
    else:
        assert feedparser.parse(response.content).bozo == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_reader_that_has_the_feed_gets_a_304(site, fmt):
    client, _, saved = site
    url = f"/saved/{saved['all']}/feed.{fmt}"
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    since = client.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
    assert since.status_code == 304


def test_unknown_saved_searches_and_formats_are_404s(site):
    client, _, saved = site
    assert client.get("/saved/999999/feed.xml").status_code == 404
    assert client.get(f"/saved/{saved['all']}/feed.html").status_code == 404
    assert client.get("/saved/0/feed.xml").status_code == 422


def test_the_saved_search_page_is_its_search(site):
    client, _, saved = site
    page = client.get(f"/saved/{saved['herald']}")
    assert page.status_code == 302
    assert page.headers["location"] == "/search?q=zeppelin+source%3Aherald"
    assert (
        client.get(f"/saved/{saved['herald']}.json")
        .headers["location"]
        .startswith("/search.json?q=")
    )
    results = client.get(f"/saved/{saved['herald']}", follow_redirects=True)
    assert results.status_code == 200 and "Zeppelin museum" in results.text
    assert client.get("/saved/999999").status_code == 404
