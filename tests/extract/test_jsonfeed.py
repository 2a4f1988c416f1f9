"""JSON Feed 1.0 and 1.1 through parse_feed."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from broadsheet.errors import FeedError
from broadsheet.extract.feed import parse_feed

FEED_URL = "https://json.example.com/feed.json"


def _body(**overrides: object) -> bytes:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON <b>News</b>",
        "home_page_url": "https://json.example.com/",
        "items": [
            {
                "id": "1",
                "url": "/stories/one",
                "title": "One &amp; only",
                "summary": "<p>Short</p>",
                "content_html": "<p>Body one</p>",
                "date_published": "2025-06-14T18:30:00+02:00",
                "authors": [{"name": "Ann"}, {"name": "Bob"}],
                "image": "//img.example.com/1.jpg",
            },
            {"id": 2, "external_url": "https://elsewhere.example/2", "content_text": "A\n\nB <c>"},
            {"id": "https://json.example.com/3", "title": "Guid is the link"},
            {"id": "urn:4", "title": "No link at all"},
            {"id": "1", "url": "/stories/one-again", "title": "Duplicate id"},
        ],
    }
    feed.update(overrides)
    return json.dumps(feed).encode()


def test_json_feed_11_entries():
    feed = parse_feed(_body(), FEED_URL, "application/feed+json")
    assert (feed.title, feed.site_url, feed.format) == (
        "JSON News",
        "https://json.example.com/",
        "json1",
    )
    one = feed.entries[0]
    assert one.url == "https://json.example.com/stories/one"
    assert one.title == "One & only" and one.summary == "Short"
    assert one.content_html == "<p>Body one</p>"
    assert one.author == "Ann, Bob"
    assert one.published == datetime(2025, 6, 14, 16, 30, tzinfo=UTC)
    assert one.image_url == "https://img.example.com/1.jpg"


def test_json_feed_links_guids_and_skips():
    entries = parse_feed(_body(), FEED_URL).entries
    assert [(e.url, e.guid) for e in entries] == [
        ("https://json.example.com/stories/one", "1"),
        ("https://elsewhere.example/2", "2"),
        ("https://json.example.com/3", "https://json.example.com/3"),
    ]


def test_content_text_becomes_escaped_paragraphs():
    second = parse_feed(_body(), FEED_URL).entries[1]
    assert second.content_html == "<p>A</p><p>B &lt;c&gt;</p>"
    assert second.published is None


def test_json_feed_10_single_author():
    items = [{"id": "a", "url": "https://j.example/a", "author": {"name": "Solo"}}]
    body = _body(version="https://jsonfeed.org/version/1", items=items)
    assert parse_feed(body, FEED_URL).entries[0].author == "Solo"


def test_empty_json_feed_is_not_an_error():
    assert parse_feed(_body(items=[]), FEED_URL).entries == ()


@pytest.mark.parametrize(
    "body, message",
    [
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "malformed JSON"),
        (b'{"hello": "world"}', "not a JSON Feed"),
        (b"[1, 2, 3]", "not a feed"),
    ],
)
def test_bad_json_raises(body, message):
    with pytest.raises(FeedError, match=message):
        parse_feed(body, FEED_URL, "application/json")
