"""Each section's feed is a different format, at every outlet, with the details a real poller
has to handle; every feed parses with Broadsheet's own parser and is titled with its outlet."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import feedparser
import httpx
import pytest

from broadsheet.demo.outlets import OUTLETS
from broadsheet.extract.feed import parse_feed
from tests.demo.conftest import Links, outlet_and_section

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
SLUGS = [outlet.slug for outlet in OUTLETS]


def feed(site, outlet: str, section: str) -> bytes:
    url = next(u for u in site.feed_urls(outlet) if f"/{outlet}/{section}/" in u)
    return httpx.get(url).content


@pytest.mark.parametrize("outlet", SLUGS)
def test_world_is_rss_2_with_a_ttl_and_full_content(site, outlet):
    channel = ElementTree.fromstring(feed(site, outlet, "world")).find("channel")
    assert channel.findtext("ttl") == "30"
    item = channel.find("item")
    assert item.find(CONTENT) is not None and "<p>" in item.findtext(CONTENT)


@pytest.mark.parametrize("outlet", SLUGS)
def test_autos_is_rss_2_without_content_encoded_or_ttl(site, outlet):
    channel = ElementTree.fromstring(feed(site, outlet, "autos")).find("channel")
    assert channel.find("ttl") is None
    assert all(item.find(CONTENT) is None for item in channel.iter("item"))
    assert all(item.findtext("description") for item in channel.iter("item"))


@pytest.mark.parametrize("outlet", SLUGS)
def test_interviews_is_atom_with_full_content_and_markets_atom_with_summaries(site, outlet):
    interviews = feedparser.parse(feed(site, outlet, "interviews"))
    markets = feedparser.parse(feed(site, outlet, "markets"))
    assert interviews.version == markets.version == "atom10"
    assert all(e.content[0].value.startswith("<p>") for e in interviews.entries)
    assert not any("content" in e for e in markets.entries)
    assert all(e.summary for e in markets.entries)


@pytest.mark.parametrize("outlet", SLUGS)
def test_apple_is_rss_1_rdf_with_dublin_core_dates(site, outlet):
    parsed = feedparser.parse(feed(site, outlet, "apple"))
    assert parsed.version == "rss10"
    assert all(entry.updated_parsed for entry in parsed.entries)
    assert all(entry.author == "Wikinews contributors" for entry in parsed.entries)


@pytest.mark.parametrize("outlet", SLUGS)
def test_aviation_is_json_feed_1_1_with_html_content(site, outlet):
    data = json.loads(feed(site, outlet, "aviation"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"].endswith(f"/{outlet}/aviation/feed.json")
    for item in data["items"]:
        assert item["url"].startswith(data["home_page_url"])
        assert item["content_html"].startswith("<p>") and item["date_published"]


def test_every_feed_parses_with_broadsheet_and_is_titled_with_its_outlet(site):
    names = {outlet.slug: outlet.name for outlet in site.outlets}
    with httpx.Client() as client:
        for url in site.feed_urls():
            outlet, section = outlet_and_section(url)
            response = client.get(url)
            parsed = parse_feed(response.content, url, response.headers["content-type"])
            assert parsed.title == f"{names[outlet]} — {section.title()}"
            assert parsed.entries
            assert all(f"/{outlet}/{section}/" in entry.url for entry in parsed.entries)


def test_feeds_link_back_to_their_section_and_credit_wikinews(site):
    for url in site.feed_urls():
        outlet, section = outlet_and_section(url)
        body = httpx.get(url).content.decode()
        assert f"{site.base_url}/{outlet}/{section}/" in body
        assert "CC BY 2.5" in body or url.endswith(".json")


def test_item_ids_are_the_outlets_own(site):
    for outlet in site.outlets:
        entries = feedparser.parse(feed(site, outlet.slug, "world")).entries
        assert all(
            entry.id.startswith(f"urn:{outlet.name.lower().replace(' ', '-')}:")
            for entry in entries
        )


def test_section_pages_advertise_their_own_feed(site):
    for url in site.feed_urls():
        outlet, section = outlet_and_section(url)
        page = Links(httpx.get(f"{site.base_url}/{outlet}/{section}/").text)
        assert [link["href"] for link in page.alternates()] == [url]
