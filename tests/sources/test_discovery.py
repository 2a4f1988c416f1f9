from __future__ import annotations

import json

import pytest

from broadsheet.sources.discovery import (
    GUESSES,
    discover_feeds,
    guess_feed_urls,
    looks_like_article,
    looks_like_feed,
)

PAGE = """<!DOCTYPE html>
<html><head>
  <title>Example News</title>
  <link rel="stylesheet" href="/style.css">
  <link rel="alternate" type="application/rss+xml" title="RSS" href="/rss.xml">
  <link rel="alternate" type="application/atom+xml" href="https://example.com/atom">
  <link rel="alternate" type="application/feed+json" href="feed.json">
  <link rel="alternate" type="application/rss+xml" href="//cdn.example.net/world.rss">
  <link rel="alternate" type="application/rss+xml" href="/rss.xml">
  <link rel="alternate" hreflang="fr" href="/fr/">
  <link rel="alternate" type="text/html" href="/amp">
</head><body><p>Hello</p></body></html>"""


def test_feeds_are_found_resolved_deduplicated_in_page_order():
    assert discover_feeds(PAGE, "https://example.com/news/index.html") == [
        "https://example.com/rss.xml",
        "https://example.com/atom",
        "https://example.com/news/feed.json",
        "https://cdn.example.net/world.rss",
    ]


def test_type_and_rel_are_matched_loosely():
    html = """<html><head>
      <link rel="Alternate Feed" type="Application/RSS+XML; charset=UTF-8" href="/a">
      <link rel="alternate" type="application/json" href="/feed.json">
    </head></html>"""
    assert discover_feeds(html, "http://example.org/") == [
        "http://example.org/a",
        "http://example.org/feed.json",
    ]


def test_base_href_is_honoured():
    html = (
        '<html><head><base href="/blog/">'
        '<link rel="alternate" type="application/atom+xml" href="atom.xml"></head></html>'
    )
    assert discover_feeds(html, "https://example.com/x/y") == ["https://example.com/blog/atom.xml"]


def test_wordpress_rest_api_link_is_not_a_feed():
    """Regression: WordPress puts a rel=alternate application/json REST link on every page."""
    html = """<html><head>
      <link rel="alternate" type="application/rss+xml" href="https://blog.example/feed/">
      <link rel="alternate" type="application/json" href="https://blog.example/wp-json/wp/v2/posts/42">
      <link rel="alternate" type="application/json+oembed" href="https://blog.example/wp-json/oembed/1.0/embed">
    </head></html>"""
    assert discover_feeds(html, "https://blog.example/post") == ["https://blog.example/feed/"]


def test_xhtml_with_an_encoding_declaration():
    html = (
        '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
        '<head><link rel="alternate" type="application/rss+xml" href="/rss"/></head></html>'
    )
    assert discover_feeds(html, "https://x.example/") == ["https://x.example/rss"]


@pytest.mark.parametrize("html", ["", "   ", "<html></html>", "not html at all"])
def test_pages_without_feeds(html):
    assert discover_feeds(html, "https://example.com/") == []


def test_unsafe_or_empty_hrefs_are_skipped():
    html = """<html><head>
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      <link rel="alternate" type="application/rss+xml" href="">
      <link rel="alternate" type="application/rss+xml">
    </head></html>"""
    assert discover_feeds(html, "https://example.com/") == []


def test_guesses_are_the_common_paths_on_the_site_root():
    assert GUESSES == ("/feed", "/rss", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml")
    assert guess_feed_urls("https://example.com/some/page?q=1")[:2] == [
        "https://example.com/feed",
        "https://example.com/rss",
    ]


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- generator -->\n<?xml-stylesheet href="s.xsl"?>'
        b'\n<feed xmlns="http://www.w3.org/2005/Atom">',
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel>',
        b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd">'
        b'\n<rss version="0.91">',
        b"<atom:feed xmlns:atom='http://www.w3.org/2005/Atom'>",
        '<?xml version="1.0" encoding="utf-16"?><rss version="2.0">'.encode("utf-16"),
    ],
)
def test_xml_feeds_are_recognised(body):
    assert looks_like_feed(body, "text/xml")


def test_json_feed_is_recognised():
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": []}).encode()
    assert looks_like_feed(body, "application/feed+json")
    assert looks_like_feed(body, "")


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"<!DOCTYPE html><html><head><title>rss</title></head></html>", "text/html"),
        (
            b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">',
            "application/xhtml+xml",
        ),
        (b'{"name": "not a feed", "version": "1.0"}', "application/json"),
        (
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><foaf:Person/>',
            "application/rdf+xml",
        ),
        (b"", ""),
        (b"\x89PNG\r\n", "image/png"),
    ],
)
def test_other_documents_are_not_feeds(body, content_type):
    assert not looks_like_feed(body, content_type)


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="og:type" content="article">',
        "<meta content='article' property='og:type'>",
        '<meta property="article:published_time" content="2025-01-01">',
        '<script type="application/ld+json">{"@type": "NewsArticle"}</script>',
    ],
)
def test_an_article_page_says_so(head):
    assert looks_like_article(f"<html><head>{head}</head><body></body></html>")


def test_a_section_page_is_not_an_article():
    assert not looks_like_article('<html><head><meta property="og:type" content="website">')
