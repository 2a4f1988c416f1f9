"""A feed as Atom 1.0 (RFC 4287)."""

from __future__ import annotations

from lxml import etree

from broadsheet.services.feeds import SITE_NAME, Feed, FeedItem
from broadsheet.web.feedformat.fields import absolute, html_paragraphs, rfc3339
from broadsheet.web.feedformat.xmltree import child, serialize

EXTENSION = ".atom"
MEDIA_TYPE = "application/atom+xml"
ATOM = "http://www.w3.org/2005/Atom"


def render(feed: Feed, base_url: str) -> bytes:
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    # The feed's id is its own address, so it never equals an entry's id (a story's page).
    child(root, _tag("id"), absolute(base_url, feed.feed_path))
    child(root, _tag("title"), feed.title, type="text")
    child(root, _tag("subtitle"), feed.description, type="text")
    child(root, _tag("updated"), rfc3339(feed.updated))
    self_url = absolute(base_url, feed.feed_path + EXTENSION)
    child(root, _tag("link"), rel="self", type=MEDIA_TYPE, href=self_url)
    home = absolute(base_url, feed.path)
    child(root, _tag("link"), rel="alternate", type="text/html", href=home)
    # Entries without an author of their own (stories) inherit this one.
    _author(root, SITE_NAME, absolute(base_url, "/"))
    child(root, _tag("generator"), SITE_NAME)
    for item in feed.items:
        _entry(root, item, base_url)
    return serialize(root)


def _entry(root: etree._Element, item: FeedItem, base_url: str) -> None:
    url = absolute(base_url, item.path)
    entry = child(root, _tag("entry"))
    child(entry, _tag("id"), url)
    child(entry, _tag("title"), item.title, type="text")
    child(entry, _tag("link"), rel="alternate", type="text/html", href=url)
    child(entry, _tag("published"), rfc3339(item.published))
    child(entry, _tag("updated"), rfc3339(item.updated))
    if item.author:
        _author(entry, item.author, item.author_url)
    if item.paragraphs:
        child(entry, _tag("summary"), html_paragraphs(item.paragraphs), type="html")


def _author(parent: etree._Element, name: str, uri: str) -> None:
    author = child(parent, _tag("author"))
    child(author, _tag("name"), name)
    if uri:
        child(author, _tag("uri"), uri)


def _tag(name: str) -> str:
    return f"{{{ATOM}}}{name}"
