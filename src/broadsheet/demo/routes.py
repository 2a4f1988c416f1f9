"""Everything the demo server serves, rendered once: a table from path to `Resource`.

`/` is the index of the outlets and `/robots.txt` allows everything; each outlet has its home
page, section pages, feeds, article pages and images under its own prefix (`/herald/…`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from broadsheet.demo.feeds import render_feed
from broadsheet.demo.image import placeholder_png
from broadsheet.demo.listings import Listing
from broadsheet.demo.outlets import Outlet, SiteInfo
from broadsheet.demo.pages import article_page, home_page, section_page
from broadsheet.demo.portal import network_page
from broadsheet.demo.sections import Section

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
RELATED_COUNT = 4
MAX_AGE = {"feed": 900, "page": 3600, "image": 7 * 86400, "robots": 86400}
HTML = "text/html; charset=utf-8"
ROBOTS = "User-agent: *\nAllow: /\n"

BySection = Mapping[Section, Sequence[Listing]]
Edition = tuple[SiteInfo, BySection]


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


def related_to(listing: Listing, neighbours: Sequence[Listing]) -> list[Listing]:
    """Other articles of the outlet's section closest in time (first copies only, never the
    article itself)."""
    others = [n for n in neighbours if n.copy == 1 and n.article.id != listing.article.id]
    when = listing.article.published
    others.sort(key=lambda n: (abs((n.article.published - when).total_seconds()), n.key))
    return others[:RELATED_COUNT]


def _newest(listings: Iterable[Listing]) -> datetime:
    return max((item.article.published for item in listings), default=EPOCH)


def _section_routes(site: SiteInfo, by_section: BySection) -> dict[str, Resource]:
    routes: dict[str, Resource] = {}
    for section in site.sections:
        listings = by_section.get(section, ())
        newest = _newest(listings)
        feed = render_feed(section, listings, site)
        routes[site.feed_path(section)] = resource(feed, section.feed_type, newest, "feed")
        page = section_page(section, listings, site)
        routes[site.section_path(section)] = resource(page, HTML, newest, "page")
    return routes


def _article_routes(site: SiteInfo, listings: Sequence[Listing]) -> dict[str, Resource]:
    routes: dict[str, Resource] = {}
    for shade, listing in enumerate(listings):
        published = listing.article.published
        html = article_page(listing, related_to(listing, listings), site)
        routes[listing.path] = resource(html, HTML, published, "page")
        png = placeholder_png(shade)
        image = f"{listing.outlet.prefix}/images/{listing.key}.png"
        routes[image] = resource(png, "image/png", published, "image")
    return routes


def _outlet_routes(site: SiteInfo, by_section: BySection) -> dict[str, Resource]:
    everything = [item for items in by_section.values() for item in items]
    home = home_page(by_section, site)
    routes = {site.outlet.path: resource(home, HTML, _newest(everything), "page")}
    routes.update(_section_routes(site, by_section))
    for listings in by_section.values():
        routes.update(_article_routes(site, listings))
    return routes


def build_routes(by_outlet: Mapping[Outlet, BySection], base: str) -> dict[str, Resource]:
    """Path (without query) → what to answer, for every outlet of the server at `base`."""
    editions: list[Edition] = [
        (SiteInfo(base, outlet, tuple(by_section)), by_section)
        for outlet, by_section in by_outlet.items()
    ]
    everything = [item for _, by in editions for items in by.values() for item in items]
    routes = {
        "/": resource(network_page(editions), HTML, _newest(everything), "page"),
        "/robots.txt": resource(ROBOTS, "text/plain; charset=utf-8", EPOCH, "robots"),
    }
    for site, by_section in editions:
        routes.update(_outlet_routes(site, by_section))
    return routes
