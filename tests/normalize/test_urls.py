"""canonical_url: one key per article, idempotent."""

from __future__ import annotations

import pytest

from broadsheet.normalize.urls import canonical_url

CASES = [
    ("HTTPS://WWW.Example.COM/News/Story", "https://example.com/News/Story"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("http://example.com:8080/a", "http://example.com:8080/a"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com/a#comments", "https://example.com/a"),
    ("https://example.com/#!/news/42", "https://example.com/#!/news/42"),
    (
        "https://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x",
        "https://example.com/a",
    ),
    ("https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4", "https://example.com/a"),
    ("https://example.com/a?ocid=1&cmpid=2&ref=rss&smid=tw-share", "https://example.com/a"),
    ("https://example.com/a?UTM_Source=x&id=7", "https://example.com/a?id=7"),
    ("https://example.com/a?b=2&a=1&c=", "https://example.com/a?a=1&b=2&c="),
    ("https://example.com/a?q=a+b", "https://example.com/a?q=a%20b"),
    ("https://example.com/news/story/amp", "https://example.com/news/story"),
    ("https://example.com/news/story/amp/", "https://example.com/news/story"),
    ("https://example.com/news/story?amp", "https://example.com/news/story"),
    ("https://example.com/news/story?amp=1&id=3", "https://example.com/news/story?id=3"),
    ("https://example.com/news/story.amp", "https://example.com/news/story"),
    ("https://example.com/news/story.amp.html", "https://example.com/news/story.html"),
    ("https://example.com/amp/news/story", "https://example.com/news/story"),
    ("https://example.com/story?outputType=amp", "https://example.com/story"),
    ("https://amp.example.com/story", "https://example.com/story"),
    ("https://m.example.com/story", "https://example.com/story"),
    ("https://mobile.example.co.uk/story", "https://example.co.uk/story"),
    ("https://m.co/story", "https://m.co/story"),
    ("https://example.com/a/b/../c/./d", "https://example.com/a/c/d"),
    ("https://example.com/../../a", "https://example.com/a"),
    ("https://example.com/a/%7euser/%2f", "https://example.com/a/%7Euser/%2F"),
    ("https://user:secret@example.com/a", "https://example.com/a"),
    ("https://example.com./a", "https://example.com/a"),
    ("  https://example.com/a  ", "https://example.com/a"),
    ("mailto:desk@example.com", "mailto:desk@example.com"),
    ("http://[::1]:8080/a", "http://[::1]:8080/a"),
    ("http://example.com:notaport/a", "http://example.com:notaport/a"),
]


@pytest.mark.parametrize("url, expected", CASES)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize("url", [url for url, _ in CASES])
def test_idempotent(url):
    once = canonical_url(url)
    assert canonical_url(once) == once


def test_amp_mobile_and_tracked_variants_fold_to_one_key():
    variants = [
        "https://www.example.com/world/story-1",
        "https://m.example.com/world/story-1?utm_source=twitter",
        "https://amp.example.com/world/story-1/amp",
        "https://example.com/world/story-1?amp#top",
        "HTTPS://EXAMPLE.COM:443/world/./story-1",
    ]
    assert len({canonical_url(v) for v in variants}) == 1
