"""The server's root page: an index of the demo outlets, with their newest headlines.

It announces every outlet's feeds with `<link rel="alternate">` (outlet by outlet, in the order
`DemoSite.feed_urls` gives), so adding the server's root URL to Broadsheet finds a feed, as
adding a site's home page does. Each outlet's own home page announces only its own feeds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from broadsheet.demo.layout import feed_links, x
from broadsheet.demo.listings import Listing
from broadsheet.demo.outlets import NETWORK_NAME, SiteInfo
from broadsheet.demo.sections import Section

HEADLINES_PER_OUTLET = 3
CREDIT = (
    '<p class="attribution">Every outlet here is invented. Article texts are from Wikinews '
    '(<a href="https://en.wikinews.org/">en.wikinews.org</a>), by Wikinews contributors, under '
    '<a href="https://creativecommons.org/licenses/by/2.5/">CC BY 2.5</a>.</p>\n'
)


def _newest(by_section: Mapping[Section, Sequence[Listing]]) -> list[Listing]:
    listings = [item for items in by_section.values() for item in items if item.copy == 1]
    listings.sort(key=lambda item: (item.article.published, item.key), reverse=True)
    return listings[:HEADLINES_PER_OUTLET]


def _outlet_block(site: SiteInfo, by_section: Mapping[Section, Sequence[Listing]]) -> str:
    headlines = "".join(
        f'<li><a href="{x(item.path)}">{x(item.article.title)}</a></li>'
        for item in _newest(by_section)
    )
    return (
        f'<section class="outlet"><h2><a href="{site.outlet.path}">{x(site.name)}</a></h2>'
        f"<p>{x(site.outlet.motto)}</p><ul>{headlines}</ul></section>\n"
    )


def network_page(editions: Sequence[tuple[SiteInfo, Mapping[Section, Sequence[Listing]]]]) -> str:
    """The index of the outlets: `editions` pairs each outlet with its listings by section."""
    alternates = "".join(feed_links(site.sections, site) for site, _ in editions)
    blocks = "".join(_outlet_block(site, by_section) for site, by_section in editions)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{NETWORK_NAME} — demo outlets</title>\n{alternates}</head>\n<body>\n"
        f"<h1>{NETWORK_NAME}</h1>\n<p>A demonstration server: {len(editions)} invented news "
        f"outlets that publish the bundled Wikinews articles.</p>\n{blocks}{CREDIT}</body>\n"
        "</html>\n"
    )
