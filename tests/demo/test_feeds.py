"""Each section's feed is a different format, with the details a real poller has to handle."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import feedparser
import httpx

from tests.demo.conftest import Links

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def feed(site, section: str) -> bytes:
    url = next(u for u in site.feed_urls() if f"/{section}/" in u)
    return httpx.get(url).content


def test_world_is_rss_2_with_a_ttl_and_full_content(site):
    channel = ElementTree.fromstring(feed(site, "world")).find("channel")
    assert channel.findtext("ttl") == "30"
    item = channel.find("item")
    assert item.find(CONTENT) is not None and "<p>" in item.findtext(CONTENT)


def test_autos_is_rss_2_without_content_encoded_or_ttl(site):
    channel = ElementTree.fromstring(feed(site, "autos")).find("channel")
    assert channel.find("ttl") is None
    assert all(item.find(CONTENT) is None for item in channel.iter("item"))
    assert all(item.findtext("description") for item in channel.iter("item"))


def test_interviews_is_atom_with_full_content_and_markets_atom_with_summaries(site):
    interviews = feedparser.parse(feed(site, "interviews"))
    markets = feedparser.parse(feed(site, "markets"))
    assert interviews.version == markets.version == "atom10"
    assert all(e.content[0].value.startswith("<p>") for e in interviews.entries)
    assert not any("content" in e for e in markets.entries)
    assert all(e.summary for e in markets.entries)


def test_apple_is_rss_1_rdf_with_dublin_core_dates(site):
    parsed = feedparser.parse(feed(site, "apple"))
    assert parsed.version == "rss10"
    assert all(entry.updated_parsed for entry in parsed.entries)
    assert all(entry.author == "Wikinews contributors" for entry in parsed.entries)


def test_aviation_is_json_feed_1_1_with_html_content(site):
    data = json.loads(feed(site, "aviation"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"].endswith("/aviation/feed.json")
    for item in data["items"]:
        assert item["url"].startswith(data["home_page_url"])
        assert item["content_html"].startswith("<p>") and item["date_published"]


def test_feeds_link_back_to_their_section_and_credit_wikinews(site):
    for section in site.sections:
        body = feed(site, section.slug).decode()
        assert section.path in body
        assert "CC BY 2.5" in body or section.feed_format == "json11"


def test_section_pages_advertise_their_own_feed(site):
    for section in site.sections:
        page = Links(httpx.get(site.base_url + section.path).text)
        assert [link["href"] for link in page.alternates()] == [site.base_url + section.feed_path]
