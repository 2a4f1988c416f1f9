"""The demo site's feeds: one per section, in the section's format (RSS 2.0, RSS 1.0, Atom, JSON).

Every value that comes from the corpus is escaped; item links point at article pages of the
same site. Listings are given newest first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from email.utils import format_datetime
from html import escape

from broadsheet.demo.sections import AUTHOR, RIGHTS, SITE_NAME, Listing, Section, teaser

Renderer = Callable[[Section, Sequence[Listing], str], bytes]
XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'


def _x(text: str) -> str:
    return escape(text, quote=True)


def body_html(listing: Listing) -> str:
    """The article body as HTML paragraphs, for feeds that carry full content."""
    return "".join(f"<p>{_x(p)}</p>" for p in listing.article.paragraphs)


def guid(listing: Listing) -> str:
    return f"urn:demo-gazette:{listing.article.section}:{listing.key}"


def _updated(listings: Sequence[Listing]) -> datetime:
    return max(item.article.published for item in listings)


def _rss20_item(section: Section, listing: Listing, base: str) -> str:
    article, url = listing.article, base + listing.path
    content = (
        f"<content:encoded>{_x(body_html(listing))}</content:encoded>"
        if section.full_content
        else ""
    )
    return (
        f"<item><title>{_x(article.title)}</title><link>{_x(url)}</link>"
        f'<guid isPermaLink="false">{_x(guid(listing))}</guid>'
        f"<pubDate>{format_datetime(article.published, usegmt=True)}</pubDate>"
        f"<dc:creator>{AUTHOR}</dc:creator><category>{_x(section.title)}</category>"
        f"<description>{_x(teaser(article))}</description>{content}</item>\n"
    )


def rss20(section: Section, listings: Sequence[Listing], base: str) -> bytes:
    ttl = f"<ttl>{section.ttl_minutes}</ttl>" if section.ttl_minutes else ""
    items = "".join(_rss20_item(section, item, base) for item in listings)
    return (
        XML_HEAD + '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        f"<channel><title>{SITE_NAME} — {_x(section.title)}</title>"
        f"<link>{_x(base + section.path)}</link>"
        f"<description>{_x(section.description)}</description>"
        f'<atom:link rel="self" type="{section.feed_type}" href="{_x(base + section.feed_path)}"/>'
        f"<language>en</language><copyright>{_x(RIGHTS)}</copyright>"
        f"<lastBuildDate>{format_datetime(_updated(listings), usegmt=True)}</lastBuildDate>"
        f"{ttl}\n{items}</channel></rss>\n"
    ).encode()


def rss10(section: Section, listings: Sequence[Listing], base: str) -> bytes:
    urls = [_x(base + item.path) for item in listings]
    seq = "".join(f'<rdf:li rdf:resource="{url}"/>' for url in urls)
    items = "".join(
        f'<item rdf:about="{url}"><title>{_x(item.article.title)}</title><link>{url}</link>'
        f"<description>{_x(teaser(item.article))}</description>"
        f"<dc:date>{item.article.published.isoformat()}</dc:date>"
        f"<dc:creator>{AUTHOR}</dc:creator><dc:identifier>{_x(guid(item))}</dc:identifier>"
        "</item>\n"
        for item, url in zip(listings, urls, strict=True)
    )
    return (
        XML_HEAD + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'<channel rdf:about="{_x(base + section.feed_path)}">'
        f"<title>{SITE_NAME} — {_x(section.title)}</title><link>{_x(base + section.path)}</link>"
        f"<description>{_x(section.description)}</description><dc:rights>{_x(RIGHTS)}</dc:rights>"
        f"<dc:date>{_updated(listings).isoformat()}</dc:date>"
        f"<items><rdf:Seq>{seq}</rdf:Seq></items></channel>\n{items}</rdf:RDF>\n"
    ).encode()


def _atom_entry(section: Section, listing: Listing, base: str) -> str:
    article, url = listing.article, base + listing.path
    content = (
        f'<content type="html">{_x(body_html(listing))}</content>' if section.full_content else ""
    )
    return (
        f"<entry><title>{_x(article.title)}</title>"
        f'<link rel="alternate" type="text/html" href="{_x(url)}"/><id>{_x(guid(listing))}</id>'
        f"<published>{article.published.isoformat()}</published>"
        f"<updated>{article.published.isoformat()}</updated>"
        f"<author><name>{AUTHOR}</name></author>"
        f'<category term="{_x(section.slug)}" label="{_x(section.title)}"/>'
        f"<summary>{_x(teaser(article))}</summary>{content}</entry>\n"
    )


def atom10(section: Section, listings: Sequence[Listing], base: str) -> bytes:
    entries = "".join(_atom_entry(section, item, base) for item in listings)
    return (
        XML_HEAD + '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
        f"<title>{SITE_NAME} — {_x(section.title)}</title>"
        f"<subtitle>{_x(section.description)}</subtitle>"
        f'<link rel="self" type="{section.feed_type}" href="{_x(base + section.feed_path)}"/>'
        f'<link rel="alternate" type="text/html" href="{_x(base + section.path)}"/>'
        f"<id>urn:demo-gazette:{_x(section.slug)}</id>"
        f"<updated>{_updated(listings).isoformat()}</updated><rights>{_x(RIGHTS)}</rights>\n"
        f"{entries}</feed>\n"
    ).encode()


def _json_item(section: Section, listing: Listing, base: str) -> dict[str, object]:
    article = listing.article
    item: dict[str, object] = {
        "id": guid(listing),
        "url": base + listing.path,
        "title": article.title,
        "summary": teaser(article),
        "date_published": article.published.isoformat(),
        "authors": [{"name": AUTHOR}],
        "tags": [section.title],
    }
    if section.full_content:
        item["content_html"] = body_html(listing)
    else:
        item["content_text"] = teaser(article)
    return item


def json11(section: Section, listings: Sequence[Listing], base: str) -> bytes:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{SITE_NAME} — {section.title}",
        "home_page_url": base + section.path,
        "feed_url": base + section.feed_path,
        "description": section.description,
        "language": "en",
        "items": [_json_item(section, item, base) for item in listings],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1).encode()


RENDERERS: dict[str, Renderer] = {
    "rss20": rss20,
    "rss10": rss10,
    "atom10": atom10,
    "json11": json11,
}


def render_feed(section: Section, listings: Sequence[Listing], base: str) -> bytes:
    """The section's feed, listing `listings` (newest first) with absolute URLs under `base`."""
    return RENDERERS[section.feed_format](section, listings, base)
