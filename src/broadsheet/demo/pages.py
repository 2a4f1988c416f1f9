"""An outlet's HTML pages: its home page, a page per section and a page per article.

An article page looks like a real outlet's: metadata in <head> (OpenGraph, JSON-LD, canonical),
then the body wrapped in share bars, a lead image with a junk srcset, an inline "Related
Articles" aside, comments, a newsletter box and a cookie banner. Everything from the corpus is
escaped. Every link and name is the outlet's own; the Wikinews credit is on every article page,
wire copies included.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from urllib.parse import quote

from broadsheet.demo.layout import feed_links, page, x
from broadsheet.demo.listings import Listing
from broadsheet.demo.outlets import SiteInfo
from broadsheet.demo.sections import AUTHOR, Section, section_named, teaser
from broadsheet.demo.syndication import WIRE

RELATED_AFTER_PARAGRAPH = 2  # the inline aside interrupts the body here
HOME_ITEMS_PER_SECTION = 5


def image_path(listing: Listing, width: int, quality: int) -> str:
    stem = f"{listing.outlet.prefix}/images/{listing.key}.png"
    return f"{stem}?auto=format&fit=crop&w={width}&q={quality}"


def _json_ld(listing: Listing, url: str, site: SiteInfo) -> str:
    article = listing.article
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": teaser(article),
        "datePublished": article.published.isoformat(),
        "dateModified": article.published.isoformat(),
        "author": {"@type": "Organization", "name": AUTHOR},
        "publisher": {"@type": "Organization", "name": site.name},
        "image": [site.base + image_path(listing, 1200, 80)],
        "mainEntityOfPage": url,
        "isBasedOn": article.source_url,
        "license": "https://creativecommons.org/licenses/by/2.5/",
    }
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/ld+json">{text}</script>\n'


def _article_head(listing: Listing, section: Section, site: SiteInfo) -> str:
    article, url = listing.article, site.base + listing.path
    published = article.published.isoformat()
    return (
        f'<meta name="description" content="{x(teaser(article))}">\n'
        f'<meta name="author" content="{AUTHOR}">\n'
        f'<meta property="og:type" content="article">\n'
        f'<meta property="og:site_name" content="{x(site.name)}">\n'
        f'<meta property="og:title" content="{x(article.title)}">\n'
        f'<meta property="og:url" content="{x(url)}">\n'
        f'<meta property="og:image" content="{x(site.base + image_path(listing, 1200, 80))}">\n'
        f'<meta property="article:published_time" content="{published}">\n'
        f'<meta property="article:section" content="{x(section.title)}">\n'
        f'<link rel="canonical" href="{x(url)}">\n'
        f"{feed_links([section], site)}{_json_ld(listing, url, site)}"
    )


def _share_bar(listing: Listing, base: str) -> str:
    url = quote(base + listing.path, safe="")
    title = quote(listing.article.title, safe="")
    return (
        '<div class="share-bar">Share this article: '
        f'<a href="https://twitter.com/intent/tweet?url={url}&amp;text={title}">X</a> '
        f'<a href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a> '
        f'<a href="https://www.linkedin.com/sharing/share-offsite/?url={url}">LinkedIn</a> '
        f'<a href="mailto:?subject={title}&amp;body={url}">Email</a> '
        '<button type="button">Copy link</button></div>\n'
    )


def _figure(listing: Listing, site: SiteInfo) -> str:
    srcset = ", ".join(
        f"{x(image_path(listing, width, quality))} {width}w"
        for width, quality in ((640, 75), (1200, 80), (1920, 90), (3840, 100))
    )
    return (
        f'<figure class="lead-image"><img src="{x(image_path(listing, 1200, 80))}" '
        f'srcset="{srcset}" sizes="(max-width: 800px) 100vw, 800px" width="1200" height="675" '
        f'alt="{x(listing.article.title)}" loading="eager">'
        f"<figcaption>Illustration. Photo: {x(site.name)} archive</figcaption></figure>\n"
    )


def _related(related: Sequence[Listing], site: SiteInfo) -> str:
    items = "".join(
        f'<li><span class="outlet">{x(site.name)}</span> · <span class="age">{2 * n + 4} hours '
        f'ago</span><h3><a href="{x(item.path)}">{x(item.article.title)}</a></h3>'
        f"<p>{x(teaser(item.article))}</p></li>"
        for n, item in enumerate(related)
    )
    return f'<aside class="related"><h2>Related Articles</h2><ul>{items}</ul></aside>\n'


def _attribution(listing: Listing) -> str:
    article = listing.article
    return (
        f'<p class="attribution">This article is from <a href="{x(article.source_url)}">'
        f"Wikinews</a> ({x(article.source_url)}), written by Wikinews contributors and "
        f'licensed under <a href="https://creativecommons.org/licenses/by/2.5/">'
        f"{x(article.licence)}</a>.</p>\n"
    )


def _body(listing: Listing, related: Sequence[Listing], site: SiteInfo) -> str:
    paragraphs = [f"<p>{x(p)}</p>\n" for p in listing.article.paragraphs]
    if related:
        paragraphs.insert(min(RELATED_AFTER_PARAGRAPH, len(paragraphs)), _related(related, site))
    return f'<div class="article-body">\n{"".join(paragraphs)}{_attribution(listing)}</div>\n'


def _comments() -> str:
    return (
        '<section class="comments" id="comments"><h2>Comments</h2>'
        "<p>No comments yet... Be the first to share what you think!</p>"
        '<form action="/comments" method="post"><textarea name="comment" '
        'placeholder="Join the discussion"></textarea><button>Post comment</button></form>'
        "</section>\n"
    )


def _article_header(listing: Listing, section: Section, site: SiteInfo) -> str:
    published = listing.article.published
    wire = f" ({WIRE})" if listing.syndicated else ""
    return (
        f'<nav class="breadcrumbs"><a href="{site.outlet.path}">Home</a> › '
        f'<a href="{site.section_path(section)}">{x(section.title)}</a></nav>\n'
        f'<article class="story">\n<header><p class="kicker">{x(section.title)}</p>'
        f"<h1>{x(listing.article.title)}</h1>"
        f'<p class="byline">By <span class="author">{AUTHOR}</span>{wire} · <time datetime="'
        f'{published.isoformat()}">{published:%B} {published.day}, {published:%Y, %H:%M} UTC'
        "</time></p></header>\n"
    )


def article_page(listing: Listing, related: Sequence[Listing], site: SiteInfo) -> str:
    """An outlet-style article page; `related` are other articles shown in the inline aside."""
    section = section_named(listing.article.section)
    topics = f'<a href="{site.section_path(section)}">{x(section.title)}</a>'
    body = (
        _article_header(listing, section, site)
        + _share_bar(listing, site.base)
        + _figure(listing, site)
        + _body(listing, related, site)
        + f'<p class="tags">Topics: {topics}</p>\n'
        + _share_bar(listing, site.base)
        + "</article>\n"
        + _comments()
    )
    title = f"{listing.article.title} | {site.name}"
    head = _article_head(listing, section, site)
    return page(title, head, body, site, current=section.slug)


def _teaser_list(listings: Sequence[Listing]) -> str:
    items = "".join(
        f'<li><a href="{x(item.path)}">{x(item.article.title)}</a> <time datetime="'
        f'{item.article.published.isoformat()}">{item.article.published:%d %b %Y}</time>'
        f"<p>{x(teaser(item.article))}</p></li>\n"
        for item in listings
    )
    return f'<ul class="teasers">\n{items}</ul>\n'


def section_page(section: Section, listings: Sequence[Listing], site: SiteInfo) -> str:
    body = (
        f"<h1>{x(section.title)}</h1><p>{x(section.description)} "
        f'<a href="{site.feed_path(section)}">Subscribe to the feed</a></p>\n'
        f"{_teaser_list(listings)}"
    )
    url = site.base + site.section_path(section)
    head = feed_links([section], site) + f'<link rel="canonical" href="{x(url)}">\n'
    return page(f"{section.title} | {site.name}", head, body, site, current=section.slug)


def home_page(by_section: Mapping[Section, Sequence[Listing]], site: SiteInfo) -> str:
    """The outlet's front page: the newest articles of each section, and a feed link to each."""
    blocks = "".join(
        f'<section class="front-section"><h2><a href="{site.section_path(s)}">{x(s.title)}</a>'
        f"</h2>\n{_teaser_list(by_section.get(s, ())[:HOME_ITEMS_PER_SECTION])}</section>\n"
        for s in site.sections
    )
    topics = ", ".join(s.title.lower() for s in site.sections)
    head = (
        f'<meta name="description" content="{x(site.name)}, a demo outlet: {x(topics)}.">\n'
        f'{feed_links(site.sections, site)}<link rel="canonical" href="{x(site.home_url)}">\n'
    )
    return page(f"{site.name} — today's news", head, blocks, site)
