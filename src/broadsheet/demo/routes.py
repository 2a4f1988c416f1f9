"""Everything the demo site serves, rendered once: a table from path to `Resource`.

Listings put each article at one address, or at several when the site is asked for `copies`
(`<id>.html`, `<id>-2.html`, … — the same text under different URLs, as syndication does).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from broadsheet.demo.corpus import DemoArticle
from broadsheet.demo.feeds import render_feed
from broadsheet.demo.image import placeholder_png
from broadsheet.demo.pages import article_page, home_page, section_page
from broadsheet.demo.sections import Listing, SiteInfo

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
RELATED_COUNT = 4
MAX_AGE = {"feed": 900, "page": 3600, "image": 7 * 86400, "robots": 86400}
HTML = "text/html; charset=utf-8"
ROBOTS = "User-agent: *\nAllow: /\n"


@dataclass(frozen=True, slots=True)
class Resource:
    """One response body with the validators a conditional GET is checked against."""

    body: bytes
    content_type: str
    last_modified: datetime
    max_age: int
    etag: str


def resource(body: bytes | str, content_type: str, last_modified: datetime, kind: str) -> Resource:
    data = body.encode("utf-8") if isinstance(body, str) else body
    etag = '"' + hashlib.sha256(data).hexdigest()[:20] + '"'
    return Resource(data, content_type, last_modified, MAX_AGE[kind], etag)


def _copy_path(article: DemoArticle, copy: int) -> str:
    return article.path if copy == 1 else article.path.removesuffix(".html") + f"-{copy}.html"


def listings_by_section(
    articles: Iterable[DemoArticle], sections: Iterable[str], copies: int = 1
) -> dict[str, list[Listing]]:
    """Each section's listings, newest first; a section with no articles gets an empty list."""
    by_section: dict[str, list[Listing]] = {slug: [] for slug in sections}
    for article in articles:
        for copy in range(1, copies + 1):
            listing = Listing(article, _copy_path(article, copy), copy)
            by_section.setdefault(article.section, []).append(listing)
    for listings in by_section.values():
        listings.sort(key=lambda item: (item.article.published, item.key), reverse=True)
    return by_section


def related_to(listing: Listing, neighbours: Sequence[Listing]) -> list[Listing]:
    """Other articles of the section closest in time (originals only, never the article itself)."""
    others = [n for n in neighbours if n.copy == 1 and n.article.id != listing.article.id]
    when = listing.article.published
    others.sort(key=lambda n: (abs((n.article.published - when).total_seconds()), n.key))
    return others[:RELATED_COUNT]


def _newest(listings: Iterable[Listing]) -> datetime:
    return max((item.article.published for item in listings), default=EPOCH)


def _section_routes(site: SiteInfo, by_section: dict[str, list[Listing]]) -> dict[str, Resource]:
    routes: dict[str, Resource] = {}
    for section in site.sections:
        listings = by_section.get(section.slug, [])
        newest = _newest(listings)
        feed = render_feed(section, listings, site.base)
        routes[section.feed_path] = resource(feed, section.feed_type, newest, "feed")
        page = section_page(section, listings, site)
        routes[section.path] = resource(page, HTML, newest, "page")
    return routes


def _article_routes(site: SiteInfo, listings: Sequence[Listing]) -> dict[str, Resource]:
    routes: dict[str, Resource] = {}
    for shade, listing in enumerate(listings):
        published = listing.article.published
        html = article_page(listing, related_to(listing, listings), site)
        routes[listing.path] = resource(html, HTML, published, "page")
        png = placeholder_png(shade)
        routes[f"/images/{listing.key}.png"] = resource(png, "image/png", published, "image")
    return routes


def build_routes(
    articles: Sequence[DemoArticle], site: SiteInfo, copies: int = 1
) -> dict[str, Resource]:
    """Path (without query) → what to answer, for the whole site under `site.base`."""
    by_section = listings_by_section(articles, (s.slug for s in site.sections), copies)
    routes = {
        "/": resource(home_page(by_section, site), HTML, _newest(_all(by_section)), "page"),
        "/robots.txt": resource(ROBOTS, "text/plain; charset=utf-8", EPOCH, "robots"),
    }
    routes.update(_section_routes(site, by_section))
    for section in site.sections:
        routes.update(_article_routes(site, by_section.get(section.slug, [])))
    return routes


def _all(by_section: dict[str, list[Listing]]) -> list[Listing]:
    return [item for listings in by_section.values() for item in listings]
