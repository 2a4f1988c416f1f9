"""The demo server over real HTTP: outlets whose feeds parse, pages that answer, conditional GET,
knobs."""

from __future__ import annotations

import html
import json
import time
from collections import Counter
from urllib.parse import urlsplit

import feedparser
import httpx
import pytest

from broadsheet.demo.corpus import load_corpus
from broadsheet.demo.site import DemoSite
from tests.demo.conftest import Links, outlet_and_section

FORMATS = {
    "world": "rss20",
    "interviews": "atom10",
    "apple": "rss10",
    "aviation": "json",
    "autos": "rss20",
    "markets": "atom10",
}


def entry_links(url: str, body: bytes) -> list[str]:
    if url.endswith(".json"):
        return [item["url"] for item in json.loads(body)["items"]]
    return [entry.link for entry in feedparser.parse(body).entries]


def test_the_site_binds_127_0_0_1_on_a_free_port(site):
    parts = urlsplit(site.base_url)
    assert parts.hostname == "127.0.0.1" and parts.port and parts.port > 0
    assert site.home_url == site.base_url + "/"
    assert httpx.get(site.home_url).status_code == 200


def test_every_outlet_has_one_feed_per_section_each_in_its_own_format(site):
    assert [outlet.name for outlet in site.outlets] == [
        "Demo Gazette",
        "Demo Herald",
        "Demo Courier",
    ]
    assert len(site.feed_urls()) == 3 * 6
    for outlet in site.outlets:
        assert len(site.feed_urls(outlet.slug)) == 6
        assert all(f"/{outlet.slug}/" in url for url in site.feed_urls(outlet.slug))
    for url in site.feed_urls():
        section = outlet_and_section(url)[1]
        body = httpx.get(url).content
        if FORMATS[section] == "json":
            assert json.loads(body)["version"] == "https://jsonfeed.org/version/1.1"
        else:
            parsed = feedparser.parse(body)
            assert not parsed.bozo, parsed.get("bozo_exception")
            assert parsed.version == FORMATS[section]


def test_the_outlets_feeds_together_list_every_article_of_a_section_once(site):
    expected = Counter(a.section for a in load_corpus())
    originals: Counter[str] = Counter()
    for url in site.feed_urls():
        outlet, section = outlet_and_section(url)
        links = entry_links(url, httpx.get(url).content)
        assert links and all(
            link.startswith(f"{site.base_url}/{outlet}/{section}/") for link in links
        )
        originals[section] += sum(not link.endswith("-wire.html") for link in links)
    assert originals == expected


def test_every_feed_item_answers_200_with_its_body_paragraphs(site):
    served = {item.path: item.article for item in site.listings}
    with httpx.Client() as client:
        for url in site.feed_urls():
            for link in entry_links(url, client.get(url).content):
                response = client.get(link)
                assert response.status_code == 200
                assert response.headers["content-type"].startswith("text/html")
                article = served[urlsplit(link).path]
                for paragraph in article.paragraphs:
                    assert f"<p>{html.escape(paragraph)}</p>" in response.text


def test_feed_entries_carry_title_date_summary_and_guid(site):
    url = next(u for u in site.feed_urls() if u.endswith("/gazette/world/rss.xml"))
    entry = feedparser.parse(httpx.get(url).content).entries[0]
    newest = max((a for a in load_corpus() if a.section == "world"), key=lambda a: a.published)
    assert entry.title == newest.title
    assert entry.published_parsed[:5] == newest.published.timetuple()[:5]
    assert entry.summary and entry.summary in newest.text
    assert entry.id.startswith("urn:demo-gazette:world:")


@pytest.mark.parametrize("kind", ["feed", "page"])
def test_a_matching_etag_gets_304_and_a_stale_one_200(site, kind):
    url = site.feed_urls()[0] if kind == "feed" else site.article_urls()[0]
    first = httpx.get(url)
    assert first.headers["etag"] and first.headers["last-modified"]
    again = httpx.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    stale = httpx.get(url, headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200 and stale.content == first.content


def test_if_modified_since_gets_304_when_nothing_is_newer(site):
    url = site.feed_urls()[0]
    last_modified = httpx.get(url).headers["last-modified"]
    assert httpx.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    older = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert httpx.get(url, headers={"If-Modified-Since": older}).status_code == 200
    assert httpx.get(url, headers={"If-Modified-Since": "garbage"}).status_code == 200


def test_feeds_and_pages_say_how_long_to_cache_them(site):
    for url in (site.feed_urls()[0], site.article_urls()[0], site.home_url):
        cache_control = httpx.get(url).headers["cache-control"]
        assert "max-age=" in cache_control
        assert int(cache_control.split("max-age=")[1]) > 0


def test_the_root_page_has_one_alternate_link_per_feed_and_links_every_outlet(site):
    page = Links(httpx.get(site.home_url).text)
    alternates = page.alternates()
    assert [link["href"] for link in alternates] == site.feed_urls()
    assert all(link["type"].startswith("application/") for link in alternates)
    hrefs = {a.get("href") for a in page.anchors}
    assert {outlet.path for outlet in site.outlets} <= hrefs


def test_each_outlet_home_page_advertises_its_own_feeds_only(site):
    for outlet, home in zip(site.outlets, site.outlet_urls(), strict=True):
        text = httpx.get(home).text
        alternates = Links(text).alternates()
        assert [link["href"] for link in alternates] == site.feed_urls(outlet.slug)
        assert all(link["title"].startswith(f"{outlet.name} — ") for link in alternates)
        assert f"<title>{outlet.name} — today" in text


def test_each_outlet_home_page_links_to_its_sections_and_they_answer(site):
    for outlet, home in zip(site.outlets, site.outlet_urls(), strict=True):
        hrefs = {a.get("href") for a in Links(httpx.get(home).text).anchors}
        for section in site.sections:
            path = outlet.prefix + section.path
            assert path in hrefs
            assert httpx.get(site.base_url + path).status_code == 200


def test_robots_txt_allows_everything(site):
    response = httpx.get(site.base_url + "/robots.txt")
    assert response.status_code == 200
    assert "User-agent: *" in response.text and "Allow: /" in response.text
    assert "Disallow: /" not in response.text


def test_an_unknown_path_is_404(site):
    assert httpx.get(site.base_url + "/no/such/page.html").status_code == 404


def test_head_answers_headers_without_a_body(site):
    response = httpx.head(site.article_urls()[0])
    assert response.status_code == 200 and response.content == b""
    assert int(response.headers["content-length"]) > 1000


def test_article_urls_cover_the_whole_corpus_and_the_wire_copies(site):
    wire = [url for url in site.article_urls() if url.endswith("-wire.html")]
    assert len(site.article_urls()) == len(set(site.article_urls())) == 163 + len(wire)
    assert len(wire) == 16
    article = site.articles[0]
    assert site.url_for(article) in site.article_urls()


def test_hits_count_requests_per_path(site):
    path = "/robots.txt"
    before = site.hits(path)
    httpx.get(site.base_url + path + "?x=1")
    assert site.hits(path) == before + 1
    assert site.hits() >= site.hits(path)


def test_delay_slows_every_response():
    with DemoSite.from_bundle(sections=["apple"], per_section=2, delay=0.2) as slow:
        started = time.perf_counter()
        assert httpx.get(slow.feed_urls()[0]).status_code == 200
        assert time.perf_counter() - started >= 0.2


def test_copies_serve_each_article_under_several_urls():
    with DemoSite.from_bundle(sections=["markets"], per_section=3, copies=2) as site:
        urls = site.article_urls()
        assert len(urls) == 6
        entries = [
            entry
            for url in site.feed_urls()
            for entry in feedparser.parse(httpx.get(url).content).entries
        ]
        assert sorted(entry.link for entry in entries) == sorted(urls)
        assert len({entry.id for entry in entries}) == 6
        bodies = {httpx.get(u).text.split('<div class="article-body">')[1] for u in urls}
        assert len(bodies) == 6  # same text, but each copy has its own links


def test_from_bundle_keeps_the_chosen_sections_and_newest_articles():
    with DemoSite.from_bundle(sections=["apple", "autos"], per_section=5) as site:
        assert [urlsplit(u).path for u in site.feed_urls()] == [
            f"/{outlet}/{section}"
            for outlet in ("gazette", "herald", "courier")
            for section in ("apple/index.rdf", "autos/rss.xml")
        ]
        assert len(site.article_urls()) == 10 + 2  # the fifth newest of each goes out on the wire
        newest_apple = max(
            (a for a in load_corpus() if a.section == "apple"), key=lambda a: a.published
        )
        assert site.url_for(newest_apple) in site.article_urls()
        assert site.url_for(newest_apple).startswith(site.base_url + "/gazette/apple/")
        alternates = Links(httpx.get(site.outlet_urls()[0]).text).alternates()
        assert len(alternates) == 2


def test_syndicate_false_leaves_the_wire_copies_out():
    with DemoSite.from_bundle(sections=["apple", "autos"], per_section=5, syndicate=False) as site:
        assert len(site.article_urls()) == 10
        assert not any(url.endswith("-wire.html") for url in site.article_urls())


def test_an_outlet_with_nothing_to_publish_is_left_out():
    with DemoSite.from_bundle(sections=["world"], per_section=1) as site:
        assert [outlet.slug for outlet in site.outlets] == ["gazette"]
        assert [urlsplit(u).path for u in site.feed_urls()] == ["/gazette/world/rss.xml"]
        assert httpx.get(site.base_url + "/herald/").status_code == 404


def test_stop_closes_the_port_and_a_site_can_start_again():
    site = DemoSite.from_bundle(sections=["world"], per_section=1)
    url = site.start()
    assert site.start() == url  # starting twice is harmless
    site.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/", timeout=1)
    site.stop()  # stopping twice too
    with site:
        assert httpx.get(site.home_url).status_code == 200


def test_copies_below_one_are_refused():
    with pytest.raises(ValueError, match="copies"):
        DemoSite([], copies=0)
