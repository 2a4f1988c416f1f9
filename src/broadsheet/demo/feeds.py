"""An outlet's feeds: one per section, in the section's format (RSS 2.0, RSS 1.0, Atom, JSON).

A feed is titled with the outlet's name and the section ("Demo Herald — Autos"); Broadsheet
takes that title as the outlet. Every value that comes from the corpus is escaped; item links
point at the outlet's own article pages, its wire copies included. Listings are given newest
first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape

from broadsheet.demo.listings import Listing
from broadsheet.demo.outlets import SiteInfo
from broadsheet.demo.sections import AUTHOR, RIGHTS, Section, teaser

Renderer = Callable[[Section, Sequence[Listing], SiteInfo], bytes]
XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _x(text: str) -> str:
    return escape(text, quote=True)


def body_html(listing: Listing) -> str:
    """The article body as HTML paragraphs, for feeds that carry full content."""
    return "".join(f"<p>{_x(p)}</p>" for p in listing.article.paragraphs)


def guid(listing: Listing) -> str:
    return f"{listing.outlet.urn}:{listing.article.section}:{listing.key}"


def _updated(listings: Sequence[Listing]) -> datetime:
    return max((item.article.published for item in listings), default=EPOCH)


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


def rss20(section: Section, listings: Sequence[Listing], site: SiteInfo) -> bytes:
    ttl = f"<ttl>{section.ttl_minutes}</ttl>" if section.ttl_minutes else ""
    items = "".join(_rss20_item(section, item, site.base) for item in listings)
    return (
        XML_HEAD + '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        f"<channel><title>{_x(site.feed_title(section))}</title>"
        f"<link>{_x(site.base + site.section_path(section))}</link>"
        f"<description>{_x(section.description)}</description>"
        f'<atom:link rel="self" type="{section.feed_type}" href="{_x(site.feed_url(section))}"/>'
        f"<language>en</language><copyright>{_x(RIGHTS)}</copyright>"
        f"<lastBuildDate>{format_datetime(_updated(listings), usegmt=True)}</lastBuildDate>"
        f"{ttl}\n{items}</channel></rss>\n"
    ).encode()


def rss10(section: Section, listings: Sequence[Listing], site: SiteInfo) -> bytes:
    urls = [_x(site.base + item.path) for item in listings]
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
        f'<channel rdf:about="{_x(site.feed_url(section))}">'
        f"<title>{_x(site.feed_title(section))}</title>"
        f"<link>{_x(site.base + site.section_path(section))}</link>"
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


def atom10(section: Section, listings: Sequence[Listing], site: SiteInfo) -> bytes:
    entries = "".join(_atom_entry(section, item, site.base) for item in listings)
    home = site.base + site.section_path(section)
    return (
        XML_HEAD + '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
        f"<title>{_x(site.feed_title(section))}</title>"
        f"<subtitle>{_x(section.description)}</subtitle>"
        f'<link rel="self" type="{section.feed_type}" href="{_x(site.feed_url(section))}"/>'
        f'<link rel="alternate" type="text/html" href="{_x(home)}"/>'
        f"<id>{site.outlet.urn}:{_x(section.slug)}</id>"
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


def json11(section: Section, listings: Sequence[Listing], site: SiteInfo) -> bytes:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site.feed_title(section),
        "home_page_url": site.base + site.section_path(section),
        "feed_url": site.feed_url(section),
        "description": section.description,
        "language": "en",
        "items": [_json_item(section, item, site.base) for item in listings],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1).encode()


RENDERERS: dict[str, Renderer] = {
    "rss20": rss20,
    "rss10": rss10,
    "atom10": atom10,
    "json11": json11,
}


def render_feed(section: Section, listings: Sequence[Listing], site: SiteInfo) -> bytes:
    """The outlet's feed of the section, listing `listings` (newest first), absolute URLs."""
    return RENDERERS[section.feed_format](section, listings, site)
