"""A feed as RSS 2.0 (with atom:link rel=self and dc:creator, as the RSS Board advises)."""

from __future__ import annotations

from lxml import etree

from broadsheet.services.feeds import SITE_NAME, Feed, FeedItem
from broadsheet.web.feedformat.fields import absolute, html_paragraphs, rfc822
from broadsheet.web.feedformat.xmltree import child, serialize

EXTENSION = ".xml"
MEDIA_TYPE = "application/rss+xml"
ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"


def render(feed: Feed, base_url: str) -> bytes:
    rss = etree.Element("rss", {"version": "2.0"}, nsmap={"atom": ATOM, "dc": DC})
    channel = child(rss, "channel")
    child(channel, "title", feed.title)
    child(channel, "link", absolute(base_url, feed.path))
    child(channel, "description", feed.description)
    self_url = absolute(base_url, feed.feed_path + EXTENSION)
    child(channel, f"{{{ATOM}}}link", rel="self", type=MEDIA_TYPE, href=self_url)
    child(channel, "lastBuildDate", rfc822(feed.updated))
    child(channel, "generator", SITE_NAME)
    for item in feed.items:
        _item(channel, item, base_url)
    return serialize(rss)


def _item(channel: etree._Element, item: FeedItem, base_url: str) -> None:
    url = absolute(base_url, item.path)
    element = child(channel, "item")
    child(element, "title", item.title)
    child(element, "link", url)
    child(element, "guid", url, isPermaLink="true")
    # RSS has one date: the item's last change, so a story that grew sorts as a reader expects.
    child(element, "pubDate", rfc822(item.updated))
    if item.paragraphs:  # RSS readers take description as HTML: the text is escaped into it
        child(element, "description", html_paragraphs(item.paragraphs))
    if item.author:
        child(element, f"{{{DC}}}creator", item.author)
