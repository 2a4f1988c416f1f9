"""Page metadata read from the parsed page: the fields trafilatura's metadata pass would give,
for the ones Broadsheet uses."""

from __future__ import annotations

from broadsheet.extract.html import parse_html
from broadsheet.extract.metadata import PageMetadata, page_metadata

URL = "https://www.example-news.com/world/2025/06/14/talks"


def meta(head: str, body: str = "<p>Text.</p>") -> PageMetadata:
    return page_metadata(parse_html(f"<html><head>{head}</head><body>{body}</body></html>"), URL)


def test_opengraph_first_then_other_meta_tags():
    found = meta(
        '<meta property="og:title" content="OG headline">'
        '<meta name="twitter:title" content="Twitter headline">'
        '<meta name="description" content="Meta description">'
        '<meta property="og:image" content="/img/a.jpg">'
        '<meta property="og:site_name" content="Example News">'
        '<meta name="author" content="Jane Doe">'
    )
    assert found == PageMetadata(
        title="OG headline", author="Jane Doe", description="Meta description",
        image="/img/a.jpg", site_name="Example News",
    )  # fmt: skip


def test_json_ld_gives_the_byline_and_publisher():
    found = meta(
        '<script type="application/ld+json">{"@context": "https://schema.org",'
        '"@type": "NewsArticle", "headline": "LD headline",'
        '"author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person",'
        '"name": "John Roe"}], "publisher": {"@type": "Organization", "name": "LD News"}}'
        "</script>"
    )
    assert (found.title, found.author, found.site_name) == (
        "LD headline", "Jane Doe; John Roe", "LD News",
    )  # fmt: skip


def test_without_meta_tags_the_page_itself_is_read():
    found = meta(
        "<title>Talks resume in Geneva | example-news.com</title>",
        "<h1>Talks resume in Geneva</h1><p class='byline'><a rel='author'>Jane Doe</a></p>",
    )
    assert (found.title, found.author, found.site_name) == (
        "Talks resume in Geneva", "Jane Doe", "example-news.com",
    )  # fmt: skip


def test_a_lone_word_is_not_an_author_and_the_host_names_a_nameless_site():
    found = meta('<meta name="author" content="admin">')
    assert (found.author, found.site_name) == ("", "example-news.com")


def test_entities_and_invisible_characters_are_cleaned():
    found = meta(
        '<meta property="og:title" content="Gen\u00adesen&amp;Co \u200bweiter  so">'
        '<meta name="description" content="\ufeff Lead  text">'
    )
    assert (found.title, found.description) == ("Genesen&Co weiter so", "Lead text")
