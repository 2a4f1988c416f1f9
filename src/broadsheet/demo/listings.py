"""Who publishes what: every article at one outlet, some again at a second one, as wire copies.

Each section's articles are ranked newest first and dealt round-robin to the outlets (rank 0 →
Demo Gazette, 1 → Demo Herald, 2 → Demo Courier, 3 → Demo Gazette, …), so consecutive reports
of one event come from different outlets. Ranking from the newest keeps an article at the same
outlet when a site keeps only each section's newest N. The articles `syndication` picks are
also published by the next outlet, as Demo Wire copies.

A `Listing` is one article at one address. With `copies`, every listing is served under several
URLs (`<key>.html`, `<key>-2.html`, …): the same text again, for load benchmarks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from broadsheet.demo.corpus import DemoArticle
from broadsheet.demo.outlets import OUTLETS, Outlet
from broadsheet.demo.sections import Section
from broadsheet.demo.syndication import is_syndicated, syndicated_copy

WIRE_SUFFIX = "-wire"


@dataclass(frozen=True, slots=True)
class Listing:
    """One article at one address of one outlet."""

    article: DemoArticle  # for a wire copy, the article as the wire sent it
    outlet: Outlet
    copy: int = 1
    syndicated: bool = False

    @property
    def key(self) -> str:
        """`<id>`, `<id>-wire` for a wire copy, then `-<copy>` for further copies."""
        stem = self.article.id + (WIRE_SUFFIX if self.syndicated else "")
        return stem if self.copy == 1 else f"{stem}-{self.copy}"

    @property
    def path(self) -> str:
        """`/<outlet>/<section>/<yyyy>/<mm>/<key>.html`."""
        article = self.article
        return f"{self.outlet.prefix}/{article.section}/{article.published:%Y/%m}/{self.key}.html"


def newest_first(articles: Iterable[DemoArticle]) -> dict[str, list[DemoArticle]]:
    """Each section's articles, newest first (ties by id, so the order is always the same)."""
    by_section: dict[str, list[DemoArticle]] = {}
    for article in articles:
        by_section.setdefault(article.section, []).append(article)
    for section_articles in by_section.values():
        section_articles.sort(key=lambda a: (a.published, a.id), reverse=True)
    return by_section


def _copies(listing: Listing, copies: int) -> list[Listing]:
    return [
        Listing(listing.article, listing.outlet, n, listing.syndicated)
        for n in range(1, copies + 1)
    ]


def site_listings(
    articles: Iterable[DemoArticle],
    outlets: Sequence[Outlet] = OUTLETS,
    *,
    copies: int = 1,
    syndicate: bool = True,
) -> list[Listing]:
    """Every listing of the site: each article at its outlet, wire copies at the next one."""
    listings: list[Listing] = []
    for ranked in newest_first(articles).values():
        for rank, article in enumerate(ranked):
            outlet = outlets[rank % len(outlets)]
            listings += _copies(Listing(article, outlet), copies)
            if syndicate and len(outlets) > 1 and is_syndicated(rank):
                second = outlets[(rank + 1) % len(outlets)]
                listings += _copies(Listing(syndicated_copy(article), second, 1, True), copies)
    return listings


def by_outlet(
    listings: Iterable[Listing], sections: Sequence[Section], outlets: Sequence[Outlet] = OUTLETS
) -> dict[Outlet, dict[Section, list[Listing]]]:
    """Each outlet's listings by section, newest first; only outlets and sections with some."""
    grouped: dict[Outlet, dict[Section, list[Listing]]] = {
        outlet: {section: [] for section in sections} for outlet in outlets
    }
    by_slug = {section.slug: section for section in sections}
    for listing in listings:
        section = by_slug.get(listing.article.section)
        if section is not None:
            grouped[listing.outlet][section].append(listing)
    for by_section in grouped.values():
        for items in by_section.values():
            items.sort(key=lambda item: (item.article.published, item.key), reverse=True)
    return {
        outlet: {section: items for section, items in by_section.items() if items}
        for outlet, by_section in grouped.items()
        if any(by_section.values())
    }
