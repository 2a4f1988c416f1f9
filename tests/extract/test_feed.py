"""parse_feed on RSS 0.91/1.0/2.0 and Atom bytes, hostile bodies included."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from broadsheet.errors import FeedError
from broadsheet.extract.feed import parse_feed
from tests.fixture_server import Reply

FEED_URL = "https://news.example.com/section/feed.xml"

RSS20 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Example &amp; Co News</title><link>/</link><ttl>15</ttl>
  <item>
    <title>Putin tells Trump &lt;b&gt;Russia&lt;/b&gt; is ready</title>
    <link>/world/putin-trump-call</link>
    <guid isPermaLink="false">story-1</guid>
    <description>&lt;p&gt;Moscow is ready.&lt;/p&gt;
      &lt;p&gt;Kyiv &amp;amp; allies wait.&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>Full <b>text</b>.</p><script>alert(1)</script>]]></content:encoded>
    <dc:creator>Jane Doe</dc:creator>
    <pubDate>Sat, 14 Jun 2025 18:30:00 +0200</pubDate>
    <media:content url="//cdn.example.com/putin.jpg" medium="image"/>
  </item>
  <item>
    <title>Protocol-relative link</title>
    <link>//other.example.org/story?id=2</link>
    <enclosure url="/img/2.png" type="image/png" length="100"/>
  </item>
  <item><title>No link, URN guid</title><guid>urn:uuid:1234</guid></item>
  <item><title>No link, URL guid</title><guid>https://news.example.com/g/3</guid></item>
  <item>
    <title>Same guid again</title><link>/world/copy</link><guid isPermaLink="false">story-1</guid>
  </item>
  <item>
    <title>Thumbnail only</title><link>https://news.example.com/4</link>
    <media:thumbnail url="https://cdn.example.com/4-thumb.jpg"/>
  </item>
</channel>
</rss>"""


def test_rss20_entries():
    feed = parse_feed(RSS20, FEED_URL, "application/rss+xml; charset=utf-8")
    assert (feed.title, feed.site_url, feed.format) == (
        "Example & Co News",
        "https://news.example.com/",
        "rss20",
    )
    first = feed.entries[0]
    assert first.url == "https://news.example.com/world/putin-trump-call"
    assert first.guid == "story-1"
    assert first.title == "Putin tells Trump Russia is ready"
    assert first.summary == "Moscow is ready. Kyiv & allies wait."
    assert first.content_html.startswith("<p>Full <b>text</b>.</p>")
    assert "script" not in first.content_html
    assert first.author == "Jane Doe"
    assert first.published == datetime(2025, 6, 14, 16, 30, tzinfo=UTC)
    assert first.image_url == "https://cdn.example.com/putin.jpg"


def test_rss20_links_resolve_against_the_feed_url():
    urls = [e.url for e in parse_feed(RSS20, FEED_URL).entries]
    assert urls == [
        "https://news.example.com/world/putin-trump-call",
        "https://other.example.org/story?id=2",
        "https://news.example.com/g/3",
        "https://news.example.com/4",
    ]


def test_entry_without_link_uses_an_http_guid_and_otherwise_is_skipped(caplog):
    with caplog.at_level(logging.INFO, logger="broadsheet.extract.feed_fields"):
        feed = parse_feed(RSS20, FEED_URL)
    titles = [e.title for e in feed.entries]
    assert "No link, URL guid" in titles and "No link, URN guid" not in titles
    assert "skipped 1 feed entries" in caplog.text


def test_duplicate_guid_keeps_the_first_entry():
    titles = [e.title for e in parse_feed(RSS20, FEED_URL).entries]
    assert "Same guid again" not in titles


def test_guid_defaults_to_the_link_and_dates_default_to_none():
    second = parse_feed(RSS20, FEED_URL).entries[1]
    assert second.guid == second.url
    assert second.published is None


def test_images_from_enclosure_and_thumbnail():
    entries = parse_feed(RSS20, FEED_URL).entries
    assert entries[1].image_url == "https://news.example.com/img/2.png"
    assert entries[3].image_url == "https://cdn.example.com/4-thumb.jpg"


def test_ttl_minutes_become_seconds():
    assert parse_feed(RSS20, FEED_URL).ttl_seconds == 900


def test_rss10_rdf():
    body = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example/"><title>RDF</title><link>https://rdf.example/</link></channel>
  <item rdf:about="https://rdf.example/a"><title>A</title><link>https://rdf.example/a</link>
    <dc:date>2024-03-01T08:00:00+01:00</dc:date></item>
</rdf:RDF>"""
    feed = parse_feed(body, "https://rdf.example/index.rdf")
    assert feed.format == "rss10"
    assert feed.entries[0].url == "https://rdf.example/a"
    assert feed.entries[0].published == datetime(2024, 3, 1, 7, 0, tzinfo=UTC)


def test_rss091():
    body = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>
<link>http://old.example/</link><description>d</description><language>en</language>
<item><title>Item</title><link>http://old.example/item</link><description>Text</description></item>
</channel></rss>"""
    feed = parse_feed(body, "http://old.example/rss")
    assert feed.format.startswith("rss09")
    assert [e.url for e in feed.entries] == ["http://old.example/item"]


def test_atom_with_xml_base_and_updated_only():
    body = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/posts/">
  <title>Blog</title><link rel="alternate" href="https://blog.example/"/>
  <entry>
    <title type="html">Caf&amp;eacute; &lt;em&gt;opens&lt;/em&gt;</title>
    <link rel="alternate" href="cafe-opens"/>
    <id>tag:blog.example,2025:1</id>
    <updated>2025-01-02T03:04:05-05:00</updated>
    <author><name>Ann</name></author><author><name>Bob</name></author>
    <summary>Short.</summary>
    <content type="xhtml">
      <div xmlns="http://www.w3.org/1999/xhtml"><p>Long body.</p></div>
    </content>
  </entry>
</feed>"""
    feed = parse_feed(body, "https://blog.example/feed.atom")
    entry = feed.entries[0]
    assert feed.format == "atom10"
    assert entry.url == "https://blog.example/posts/cafe-opens"
    assert entry.title == "Café opens"
    assert entry.author == "Ann, Bob"
    assert entry.published == datetime(2025, 1, 2, 8, 4, 5, tzinfo=UTC)
    assert "Long body." in entry.content_html


def test_empty_valid_feed_is_not_an_error():
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    feed = parse_feed(body, FEED_URL)
    assert feed.entries == () and feed.title == "Quiet"


def test_malformed_feed_with_recoverable_entries_is_read():
    body = b"""<rss version="2.0"><channel><title>Broken &nbsp; feed</title>
<item><title>Still here</title><link>https://news.example.com/ok</link></item>
<item><title>Unclosed <link>https://news.example.com/also</link></item>
</channel>"""
    urls = [e.url for e in parse_feed(body, FEED_URL).entries]
    assert "https://news.example.com/ok" in urls


@pytest.mark.parametrize(
    "body, message",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (
            b"<!DOCTYPE html><html><head><title>Home</title></head><body>Hi</body></html>",
            "HTML page",
        ),
        (b"\n<!-- cached --><html lang='en'><body>News</body></html>", "autodiscovery"),
        (b"<?xml version='1.0'?><rss version='2.0'><channel><item><title>x</ti", "malformed"),
        (b"just some text, not a feed", "not a feed"),
        (b"<?xml version='1.0'?><note><to>Tove</to></note>", "not a feed"),
    ],
)
def test_not_a_feed_raises_with_a_reason(body, message):
    with pytest.raises(FeedError, match=message):
        parse_feed(body, FEED_URL)


def test_html_content_type_without_a_feed_points_to_autodiscovery():
    with pytest.raises(FeedError, match="autodiscovery"):
        parse_feed(b"<div>Latest news</div>", FEED_URL, "text/html; charset=utf-8")


def test_a_feed_mislabelled_as_json_is_still_read():
    feed = parse_feed(RSS20, FEED_URL, "application/json")
    assert feed.format == "rss20" and feed.entries


def test_feedparser_never_opens_a_file_named_by_the_body(tmp_path):
    """A body that is a path would make feedparser.parse(bytes) read that local file."""
    secret = tmp_path / "secret.xml"
    secret.write_bytes(RSS20)
    with pytest.raises(FeedError):
        parse_feed(str(secret).encode(), FEED_URL)


def test_feedparser_never_fetches_a_url_given_as_body(server):
    """A body that is a URL must not make feedparser fetch it."""
    target = server.route("/feed.xml", Reply(200, RSS20, {"Content-Type": "application/rss+xml"}))
    with pytest.raises(FeedError):
        parse_feed(target.encode(), FEED_URL)
    assert server.hits.get("/feed.xml", 0) == 0
